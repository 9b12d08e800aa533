"""Where the raw responses (`APIResponse`, `AsyncAPIResponse`) and the `.with_raw_response` /
`.with_streaming_response` wrappers are imported from.

`AsyncAPIResponse` is written in `_async_response` and `APIResponse` generated from it into
`_sync_response` (what they share is in `_raw_response`); the wrappers are in
`_response_wrappers`. The two response classes are shown as members of this module.
"""

from __future__ import annotations

from ._async_response import AsyncAPIResponse
from ._response_wrappers import (
    AsyncResponseContextManager,
    ResponseContextManager,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from ._sync_response import APIResponse

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncResponseContextManager",
    "ResponseContextManager",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

APIResponse.__module__ = AsyncAPIResponse.__module__ = __name__
