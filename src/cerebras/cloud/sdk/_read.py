"""Reading a whole (non-streamed) body within a size limit and a deadline, sync and async.

The raw bytes are decoded here (`_decoding`), not by httpx, so the limit applies to the
decoded size and a compression bomb stops at it. The result is stored as the response's
content, so `response.content`, `.text` and `.json()` work as after `response.read()`.

* Over the limit: `ResponseTooLargeError`, and the response is closed (an unfinished body
  closes its connection).
* Past the deadline: `httpx.ReadTimeout`, which the sender treats as any read timeout.
"""

from __future__ import annotations

import time
from typing import Iterable, List, Optional

import httpx

from ._decoding import decoder_for
from ._exceptions import ResponseTooLargeError

__all__ = ["aread_body", "read_body"]


class _Collector:
    """The decoded pieces of one body, counted against the limit (shared by both readers)."""

    __slots__ = ("decoder", "limit", "parts", "response", "size")

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.response = response
        self.limit = limit
        self.decoder = decoder_for(response)
        self.parts: List[bytes] = []
        self.size = 0

    def add(self, raw: bytes) -> None:
        decoder = self.decoder
        self._take((raw,) if decoder is None else decoder.feed(raw))

    def finish(self) -> bytes:
        if self.decoder is not None:
            self._take(self.decoder.flush())
        content = b"".join(self.parts)
        self.response._content = content  # what `httpx.Response.read()` stores
        return content

    def _take(self, pieces: Iterable[bytes]) -> None:
        for piece in pieces:
            self.size += len(piece)
            if self.size > self.limit:
                raise ResponseTooLargeError(self.response, limit=self.limit, what="response body")
            self.parts.append(piece)


def _expired(deadline: Optional[float]) -> bool:
    return deadline is not None and time.monotonic() > deadline


def read_body(response: httpx.Response, *, limit: int, deadline: Optional[float]) -> bytes:
    """Read `response`'s whole body (decoded) within `limit` bytes and by `deadline` (monotonic)."""
    if hasattr(response, "_content"):
        return response.content
    collector = _Collector(response, limit)
    try:
        for raw in response.iter_raw():
            collector.add(raw)
            if _expired(deadline):
                raise httpx.ReadTimeout("The response took longer than its timeout in all.", request=response.request)
        return collector.finish()
    except BaseException:
        response.close()
        raise


async def aread_body(response: httpx.Response, *, limit: int, deadline: Optional[float]) -> bytes:
    """Async twin of `read_body`."""
    if hasattr(response, "_content"):
        return response.content
    collector = _Collector(response, limit)
    try:
        async for raw in response.aiter_raw():
            collector.add(raw)
            if _expired(deadline):
                raise httpx.ReadTimeout("The response took longer than its timeout in all.", request=response.request)
        return collector.finish()
    except BaseException:
        await response.aclose()
        raise
