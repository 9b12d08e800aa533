"""Binary responses (file contents): `BinaryResponse` / `AsyncBinaryResponse`, read in chunks.

`AsyncBinaryResponse` is written in `_async_binary`; `BinaryResponse` is generated from it into
`_sync_binary` (`scripts/unasync.py`). Both are shown as members of this module, which also
names the functions that open one (`BinaryOpener`, `AsyncBinaryOpener`).
"""

from __future__ import annotations

from typing import Awaitable, Callable

from ._async_binary import AsyncBinaryResponse
from ._sync_binary import BinaryResponse

__all__ = ["AsyncBinaryOpener", "AsyncBinaryResponse", "BinaryOpener", "BinaryResponse"]

BinaryResponse.__module__ = AsyncBinaryResponse.__module__ = __name__

BinaryOpener = Callable[[], BinaryResponse]
"""A function that fetches a file and returns its unread response."""
AsyncBinaryOpener = Callable[[], Awaitable[AsyncBinaryResponse]]
"""The async form of `BinaryOpener`."""
