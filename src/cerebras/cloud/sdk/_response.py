"""Raw responses (`APIResponse`, `AsyncAPIResponse`) and the wrappers behind
`.with_raw_response` and `.with_streaming_response`."""

from __future__ import annotations

import datetime
import functools
import logging
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Generic,
    Iterator,
    Optional,
    Type,
    TypeVar,
    Union,
    cast,
)

import httpx
from typing_extensions import ParamSpec, get_args, get_origin

from ._cast import make_stream, parse_body
from ._exceptions import StreamAlreadyConsumed, request_id_of
from ._request import RAW_RESPONSE_HEADER
from ._streaming import AsyncStream, Stream

if TYPE_CHECKING:
    from ._rate_limits import RateLimits

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

_P = ParamSpec("_P")
_R = TypeVar("_R")
_T = TypeVar("_T")

log = logging.getLogger("cerebras.cloud.sdk._response")


# --------------------------------------------------------------------------- raw responses


class _BaseAPIResponse(Generic[_R]):
    http_response: httpx.Response
    """The underlying `httpx.Response`."""
    retries_taken: int
    """How many retries happened before this response (0 if none)."""

    def __init__(
        self,
        *,
        raw: httpx.Response,
        cast_to: Any,
        client: Any,
        stream: bool,
        stream_cls: Any,
        options: Any,
        retries_taken: int = 0,
    ) -> None:
        self.http_response = raw
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._client = client
        self._stream = stream
        self._stream_cls = stream_cls
        self._options = options
        self._parsed_by_type: Dict[Any, Any] = {}

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        """The request that produced this response."""
        return self.http_response.request

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        """The URL that was requested."""
        return self.http_response.url

    @property
    def method(self) -> str:
        """The HTTP method of the request."""
        return self.http_request.method

    @property
    def http_version(self) -> str:
        """`HTTP/1.1` or `HTTP/2`."""
        return self.http_response.http_version

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to the end of the response."""
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        """Whether the body has been read or the response closed (connection released)."""
        return self.http_response.is_closed

    @property
    def request_id(self) -> Optional[str]:
        """The server's request id (`x-request-id`), to quote to support."""
        return request_id_of(self.http_response.headers)

    @property
    def rate_limits(self) -> RateLimits:
        """The `x-ratelimit-*` figures sent with this response."""
        from ._rate_limits import parse_rate_limits

        return parse_rate_limits(self.http_response.headers)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}] type={self._cast_to}>"

    def _strict(self) -> bool:
        return bool(getattr(self._client, "_strict_response_validation", False))

    _stream_base: Any = Stream

    def _stream_for(self, to: Any) -> Any:
        if to is None:
            if self._stream_cls is None:
                raise TypeError("A `stream_cls` is required to parse a streamed response (e.g. `Stream[MyChunk]`)")
            return make_stream(self._stream_cls, self._cast_to, self.http_response, self._client, self._options)
        base = self._stream_base
        origin = get_origin(to) or to
        if not (isinstance(origin, type) and issubclass(origin, base)):
            raise TypeError(f"Expected `to` to be a subclass of {base}, got {to!r}")
        if not get_args(to):
            raise TypeError(f"Expected `to` to be parameterised with an item type, e.g. Stream[MyChunk], got {to!r}")
        return make_stream(to, self._cast_to, self.http_response, self._client, self._options)


class APIResponse(_BaseAPIResponse[_R]):
    """The raw HTTP response of an API call, with `parse()` to get what the call returns.

    ```py
    response = client.chat.completions.with_raw_response.create(...)
    print(response.headers.get("x-request-id"))
    completion = response.parse()
    ```
    """

    def parse(self, *, to: Optional[Type[_T]] = None) -> Union[_R, _T]:
        """What the API method returns (a model, or the `Stream` of a streamed call); with `to`,
        the body converted to that type instead. Cached per target type."""
        key = to if to is not None else self._cast_to
        cached = self._parsed_by_type.get(key)
        if cached is not None:
            return cached
        if self._stream:
            result = self._stream_for(to)
        else:
            self.read()
            result = parse_body(self.http_response, key, strict=self._strict())
            bind = getattr(type(cast("object", result)), "_bind_request", None)  # a list page fetches its next page
            if bind is not None:
                bind(result, self._client, self._options)
        if result is not None:
            self._parsed_by_type[key] = result
        return cast("Union[_R, _T]", result)

    def read(self) -> bytes:
        """The whole body (`StreamAlreadyConsumed` if it was already iterated)."""
        try:
            return self.http_response.read()
        except httpx.StreamConsumed as exc:
            raise StreamAlreadyConsumed() from exc

    def text(self) -> str:
        """The body as text."""
        self.read()
        return self.http_response.text

    def json(self) -> object:
        """The body decoded as JSON."""
        self.read()
        return self.http_response.json()

    def close(self) -> None:
        """Release the connection."""
        self.http_response.close()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body's (decompressed) bytes as they arrive."""
        yield from self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        """The body's text as it arrives."""
        yield from self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """The body's lines as they arrive."""
        yield from self.http_response.iter_lines()


class AsyncAPIResponse(_BaseAPIResponse[_R]):
    """The async twin of `APIResponse`: `await response.parse()`, `await response.read()`, ..."""

    _stream_base: Any = AsyncStream

    async def parse(self, *, to: Optional[Type[_T]] = None) -> Union[_R, _T]:
        """What the API method returns, or the body converted to `to`. Cached per target type."""
        key = to if to is not None else self._cast_to
        cached = self._parsed_by_type.get(key)
        if cached is not None:
            return cached
        if self._stream:
            result = self._stream_for(to)
        else:
            await self.read()
            result = parse_body(self.http_response, key, strict=self._strict())
            bind = getattr(type(cast("object", result)), "_bind_request", None)  # a list page fetches its next page
            if bind is not None:
                bind(result, self._client, self._options)
        if result is not None:
            self._parsed_by_type[key] = result
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


# --------------------------------------------------------------------------- wrappers


class ResponseContextManager(Generic[_T]):
    """`with client.with_streaming_response....create(...) as response:` — the request is sent
    on `__enter__`, and the response is closed on `__exit__`."""

    def __init__(self, request_func: Callable[[], _T]) -> None:
        self._request_func = request_func
        self._response: Optional[_T] = None

    def __enter__(self) -> _T:
        self._response = self._request_func()
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            cast("APIResponse[Any]", self._response).close()


class AsyncResponseContextManager(Generic[_T]):
    """`async with client.with_streaming_response....create(...) as response:`."""

    def __init__(self, api_request: Awaitable[_T]) -> None:
        self._api_request = api_request
        self._response: Optional[_T] = None

    async def __aenter__(self) -> _T:
        self._response = await self._api_request
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await cast("AsyncAPIResponse[Any]", self._response).close()


def _with_marker(kwargs: Dict[str, Any], marker: str) -> None:
    extra_headers = dict(kwargs.get("extra_headers") or {})
    extra_headers[RAW_RESPONSE_HEADER] = marker
    kwargs["extra_headers"] = extra_headers


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """`func`, returning the `APIResponse` instead of the parsed result."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        _with_marker(kwargs, "raw")
        return cast("APIResponse[_R]", func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(func: Callable[_P, Awaitable[_R]]) -> Callable[_P, Awaitable[AsyncAPIResponse[_R]]]:
    """Async `func`, returning the `AsyncAPIResponse` instead of the parsed result."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_R]:
        _with_marker(kwargs, "raw")
        return cast("AsyncAPIResponse[_R]", await func(*args, **kwargs))

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[_P, _R],
) -> Callable[_P, ResponseContextManager[APIResponse[_R]]]:
    """`func` as a context manager around an unread `APIResponse` (sent on `__enter__`)."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_R]]:
        _with_marker(kwargs, "stream")
        call = functools.partial(func, *args, **kwargs)
        return ResponseContextManager(cast("Callable[[], APIResponse[_R]]", call))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[AsyncAPIResponse[_R]]]:
    """Async `func` as an async context manager around an unread `AsyncAPIResponse`."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[AsyncAPIResponse[_R]]:
        _with_marker(kwargs, "stream")
        api_request = func(*args, **kwargs)
        return AsyncResponseContextManager(cast("Awaitable[AsyncAPIResponse[_R]]", api_request))

    return wrapped
