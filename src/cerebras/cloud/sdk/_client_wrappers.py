"""`client.with_raw_response` and `client.with_streaming_response`: every resource of a client,
returning raw responses (or context managers around them) instead of parsed results.

The async classes are written in `_async_client_wrappers`; the sync ones are generated from them
into `_sync_client_wrappers` (`scripts/unasync.py`). All are shown as members of this module.
"""

from __future__ import annotations

from ._async_client_wrappers import AsyncCerebrasWithRawResponse, AsyncCerebrasWithStreamedResponse
from ._sync_client_wrappers import CerebrasWithRawResponse, CerebrasWithStreamedResponse

__all__ = [
    "AsyncCerebrasWithRawResponse",
    "AsyncCerebrasWithStreamedResponse",
    "CerebrasWithRawResponse",
    "CerebrasWithStreamedResponse",
]

for _cls in (
    AsyncCerebrasWithRawResponse,
    AsyncCerebrasWithStreamedResponse,
    CerebrasWithRawResponse,
    CerebrasWithStreamedResponse,
):
    _cls.__module__ = __name__
