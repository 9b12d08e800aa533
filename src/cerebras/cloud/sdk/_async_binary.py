"""`AsyncBinaryResponse`: a file's contents, read in chunks.

The body is not read when the call returns: `iter_bytes()` and `write_to_file()` move it in
chunks, so a file of any size costs one chunk of memory; `read()` loads it whole. Close the
response (or use it as a context manager) when you do not read it to the end.
"""

from __future__ import annotations

import os
from typing import Any, AsyncIterator, Optional, Union

import anyio
import httpx

from ._exceptions import StreamAlreadyConsumed

__all__ = ["AsyncBinaryResponse"]

_CHUNK = 64 * 1024


class _Binary:
    response: httpx.Response
    """The underlying `httpx.Response` (its body not read yet)."""

    def __init__(
        self, *, response: httpx.Response, cast_to: Any = None, client: Any = None, options: Any = None
    ) -> None:
        self.response = response

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.response.headers

    @property
    def content_type(self) -> Optional[str]:
        """The `Content-Type` the server sent (`application/x-ndjson` for JSONL)."""
        return self.response.headers.get("content-type")

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.response.status_code

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.response.status_code}] {self.content_type}>"


class AsyncBinaryResponse(_Binary):
    """A file's bytes, streamed: `await read()`, `iter_bytes()` (chunk by chunk), `await write_to_file(path)`."""

    async def read(self) -> bytes:
        """The whole body (loads it into memory)."""
        try:
            return await self.response.aread()
        except httpx.StreamConsumed as exc:
            raise StreamAlreadyConsumed() from exc

    # unasync: sync-only: @property
    # unasync: sync-only: def content(self) -> bytes:
    # unasync: sync-only:     """The whole body (same as `read()`)."""
    # unasync: sync-only:     return self.read()
    # unasync: sync-only:
    async def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        """The body in chunks as it arrives (closes the response at the end)."""
        try:
            async for chunk in self.response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.StreamConsumed as exc:
            raise StreamAlreadyConsumed() from exc
        finally:
            await self.response.aclose()

    async def write_to_file(self, file: Union[str, os.PathLike[str]]) -> None:
        """Write the body to `file` chunk by chunk, never holding it whole."""
        async with await anyio.open_file(file, "wb") as out:
            async for chunk in self.iter_bytes(_CHUNK):
                await out.write(chunk)

    async def close(self) -> None:
        """Release the connection (the rest of the body is not read)."""
        await self.response.aclose()

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
