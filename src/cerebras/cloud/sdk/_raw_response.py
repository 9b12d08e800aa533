"""What `APIResponse` and `AsyncAPIResponse` share: the HTTP response's metadata, the per-type
cache of `parse()`, and the conversion of a body (or a stream) to what the call returns."""

from __future__ import annotations

import datetime
import sys
from typing import TYPE_CHECKING, ClassVar, Dict, Generic, Optional, TypeVar

import httpx
from typing_extensions import get_args, get_origin

from ._binary import AsyncBinaryResponse, BinaryResponse
from ._cast import make_stream, parse_body
from ._exceptions import request_id_of
from ._limits import ResponseLimits
from ._request import FinalRequestOptions

if TYPE_CHECKING:
    from ._rate_limits import RateLimits

__all__ = ["BaseAPIResponse"]

_R = TypeVar("_R")


class BaseAPIResponse(Generic[_R]):
    """The part of a raw response that does no I/O (the twins add `parse`, `read`, `iter_*`)."""

    http_response: httpx.Response
    """The underlying `httpx.Response`."""
    retries_taken: int
    """How many retries happened before this response (0 if none)."""
    _stream_base: ClassVar[type]
    """The stream class (`Stream` or `AsyncStream`) that `parse(to=...)` accepts for a streamed call."""

    def __init__(
        self,
        *,
        raw: httpx.Response,
        cast_to: object,
        client: object,
        stream: bool,
        stream_cls: Optional[type],
        options: FinalRequestOptions,
        retries_taken: int = 0,
    ) -> None:
        self.http_response = raw
        self.retries_taken = retries_taken
        self._cast_to = cast_to
        self._client = client
        self._stream = stream
        self._stream_cls = stream_cls
        self._options = options
        self._parsed_by_type: Dict[object, object] = {}

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

    def _limits(self) -> ResponseLimits:
        limits = getattr(self._client, "_response_limits", None)
        return limits if isinstance(limits, ResponseLimits) else ResponseLimits()

    def _body_limit(self) -> Optional[int]:
        """The cap on the whole body read piece by piece: a stream's may run long, legitimately."""
        return None if self._stream else self._limits().max_response_bytes

    def _whole_limit(self) -> int:
        """The cap on the body read at once: a file's contents are the caller's to size."""
        binary = isinstance(self._cast_to, type) and issubclass(self._cast_to, (BinaryResponse, AsyncBinaryResponse))
        return sys.maxsize if binary else self._limits().max_response_bytes

    def _line_limit(self) -> int:
        return self._limits().max_event_bytes

    def _convert(self, key: object, to: object) -> object:
        """The read body converted to `key` (a list page learns how to fetch its next page), or,
        for a streamed call, the stream (of `to`, a `_stream_base` subclass, when given)."""
        if self._stream:
            return self._stream_for(to)
        result: object = parse_body(self.http_response, key, strict=self._strict())
        bind = getattr(type(result), "_bind_request", None)
        if bind is not None:
            bind(result, self._client, self._options)
        return result

    def _stream_for(self, to: object) -> object:
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

    def _remember(self, key: object, result: object) -> object:
        if result is not None:
            self._parsed_by_type[key] = result
        return result
