"""`Cerebras` and `AsyncCerebras`, the clients (and their aliases `Client` / `AsyncClient`).

`AsyncCerebras` is written in `_async_client`; `Cerebras` is generated from it into
`_sync_client` (`scripts/unasync.py`). Both are shown as members of this module (and, once
the package is imported, of `cerebras.cloud.sdk`, where they are published).
"""

from __future__ import annotations

from ._async_client import AsyncCerebras
from ._sync_client import Cerebras

__all__ = ["AsyncCerebras", "AsyncClient", "Cerebras", "Client"]

Cerebras.__module__ = AsyncCerebras.__module__ = __name__

Client = Cerebras
AsyncClient = AsyncCerebras
