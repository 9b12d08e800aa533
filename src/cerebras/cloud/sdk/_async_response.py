"""`AsyncAPIResponse`: the raw HTTP response of a call of `AsyncCerebras`, with `parse()` to get
what the call returns."""

from __future__ import annotations

from typing import AsyncIterator, Optional, Type, TypeVar, Union, cast

import httpx

from ._exceptions import StreamAlreadyConsumed
from ._raw_response import BaseAPIResponse
from ._streaming import AsyncStream

__all__ = ["AsyncAPIResponse"]

_R = TypeVar("_R")
_T = TypeVar("_T")


class AsyncAPIResponse(BaseAPIResponse[_R]):
    """The raw HTTP response of an API call, with `parse()` to get what the call returns.

    ```py
    response = await client.chat.completions.with_raw_response.create(...)
    print(response.headers.get("x-request-id"))
    completion = await response.parse()
    ```
    """

    _stream_base = AsyncStream

    async def parse(self, *, to: Optional[Type[_T]] = None) -> Union[_R, _T]:
        """What the API method returns (a model, or the `AsyncStream` of a streamed call); with
        `to`, the body converted to that type instead. Cached per target type."""
        key = to if to is not None else self._cast_to
        result = self._parsed_by_type.get(key)
        if result is None:
            if not self._stream:
                await self.read()
            result = self._remember(key, self._convert(key, to))
        return cast("Union[_R, _T]", result)

    async def read(self) -> bytes:
        """The whole body (`StreamAlreadyConsumed` if it was already iterated)."""
        try:
            return await self.http_response.aread()
        except httpx.StreamConsumed as exc:
            raise StreamAlreadyConsumed() from exc

    async def text(self) -> str:
        """The body as text."""
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        """The body decoded as JSON."""
        await self.read()
        return self.http_response.json()

    async def close(self) -> None:
        """Release the connection."""
        await self.http_response.aclose()

    async def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        """The body's (decompressed) bytes as they arrive."""
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        """The body's text as it arrives."""
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines as they arrive."""
        async for line in self.http_response.aiter_lines():
            yield line
