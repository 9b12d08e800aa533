"""`AsyncAPIResponse`: the raw HTTP response of a call of `AsyncCerebras`, with `parse()` to get
what the call returns."""

from __future__ import annotations

from typing import AsyncIterator, Optional, Type, TypeVar, Union, cast

import httpx

from ._capped import acapped_bytes, acapped_lines, acapped_text
from ._exceptions import StreamAlreadyConsumed
from ._raw_response import BaseAPIResponse
from ._read import aread_body
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
        """The whole body (`StreamAlreadyConsumed` if it was already iterated), at most the
        client's `max_response_bytes` (`ResponseTooLargeError` past it) unless it is a file's."""
        try:
            return await aread_body(self.http_response, limit=self._whole_limit(), deadline=None)
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
        """The body's (decompressed) bytes as they arrive; a non-streamed call's body at most
        `max_response_bytes` in all (`ResponseTooLargeError` past it)."""
        async for chunk in acapped_bytes(self.http_response, self._body_limit(), chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        """The body's text as it arrives (limited as `iter_bytes`)."""
        async for chunk in acapped_text(self.http_response, self._body_limit(), chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines as they arrive, each at most `max_event_bytes` (limited as `iter_bytes`)."""
        async for line in acapped_lines(self.http_response, self._body_limit(), self._line_limit()):
            yield line
