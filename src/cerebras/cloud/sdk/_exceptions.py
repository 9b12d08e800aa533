"""The exception tree, and PURE mapping of an error response to the exception it raises.

```
CerebrasError
├── APIError
│   ├── APIResponseValidationError
│   │   └── ResponseTooLargeError
│   ├── APIStatusError
│   │   ├── BadRequestError            400
│   │   ├── AuthenticationError        401
│   │   ├── PermissionDeniedError      403
│   │   ├── NotFoundError              404
│   │   ├── ConflictError              409
│   │   ├── UnprocessableEntityError   422
│   │   ├── RateLimitError             429
│   │   └── InternalServerError        >= 500
│   └── APIConnectionError
│       └── APITimeoutError
├── RequestBuildError
├── StreamAlreadyConsumed
└── StreamClosedError
```

Cerebras error bodies may carry their own `status_code`; when it is an integer it chooses the
class and `status_code` of the error (the retry decision still uses the HTTP status), and an
`error` member, when present, becomes `body`. Any other status (402, 405, 408, 418, ...) raises a
plain `APIStatusError`: the classes are exactly the official ones, so `type(e).__name__` matches.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Type, cast

import httpx
from typing_extensions import Literal

from ._narrow import is_mapping
from ._secrets import bearer_token, redact_field, redact_text

if TYPE_CHECKING:
    from ._rate_limits import RateLimits

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CerebrasError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestBuildError",
    "ResponseTooLargeError",
    "StreamAlreadyConsumed",
    "StreamClosedError",
    "UnprocessableEntityError",
    "error_for_response",
    "make_status_error",
    "request_id_of",
]

REQUEST_ID_HEADERS = ("x-request-id", "cerebras-request-id", "request-id")
"""Response headers that carry the server's request id, in order of preference."""


def request_id_of(headers: httpx.Headers) -> Optional[str]:
    """The request id the server sent in `headers`, if any."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


class CerebrasError(Exception):
    """Root of every error this SDK raises.

    Every error of the SDK survives a pickle round trip (its `__init__` is not called again).
    """

    def __reduce__(self) -> Tuple[object, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _sanitized(value: object, secret: Optional[str]) -> object:
    """`value` as it may be pickled: credentials out of requests, responses, text and data."""
    if isinstance(value, httpx.Request):
        return _sanitized_request(value, secret)
    if isinstance(value, httpx.Response):
        content = value.content if hasattr(value, "_content") else b""
        masked = redact_text(content.decode("utf-8", "replace"), secret).encode() if secret else content
        headers = [(n, redact_field(v, secret)) for n, v in value.headers.items()]
        headers = [(n, v) for n, v in headers if n.lower() not in ("content-encoding", "content-length")]
        request = _sanitized_request(value.request, secret) if value._request is not None else None
        return httpx.Response(value.status_code, headers=headers, content=masked, request=request)
    if isinstance(value, str):
        return redact_text(value, secret)
    if isinstance(value, Mapping):  # any keys and values: `object` is all the casts claim
        return {k: _sanitized(v, secret) for k, v in cast("Mapping[object, object]", value).items()}
    if isinstance(value, (list, tuple)):
        return [_sanitized(v, secret) for v in cast("List[object]", value)]
    return value


def _sanitized_request(request: httpx.Request, secret: Optional[str]) -> httpx.Request:
    headers = [(n, redact_field(v, secret)) for n, v in request.headers.items() if n.lower() != "authorization"]
    return httpx.Request(request.method, redact_field(str(request.url), secret), headers=headers)


def _rebuild(cls: Type[BaseException], args: Tuple[object, ...], state: Dict[str, object]) -> BaseException:
    error = cls.__new__(cls)
    BaseException.__init__(error, *args)
    error.__dict__.update(state)
    return error


class APIError(CerebrasError):
    """An error tied to an API request: `message`, the `request`, and the decoded error `body`.

    API errors pickle (for multiprocessing and task queues) without the API key: the
    pickled request has no `Authorization` header, and the key is masked in the text, the
    body and the other headers.
    """

    message: str
    request: httpx.Request
    body: object | None
    """The decoded error body: the `error` member of a JSON error, the JSON itself, or the text."""

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        # An error page or event may quote the request's own API key back: never repeat it.
        message = redact_text(message, bearer_token(request))
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body

    def __reduce__(self) -> Tuple[object, ...]:
        request = self.__dict__.get("request")
        secret = bearer_token(request) if isinstance(request, httpx.Request) else None
        state = {name: _sanitized(value, secret) for name, value in self.__dict__.items()}
        args = tuple(_sanitized(arg, secret) for arg in self.args)
        return (_rebuild, (type(self), args, state))

    def _field(self, name: str) -> object:
        body = self.body
        return body.get(name) if is_mapping(body) else None

    @property
    def code(self) -> Optional[str]:
        """The `code` of the API error body, if it has one."""
        value = self._field("code")
        return None if value is None else str(value)

    @property
    def type(self) -> Optional[str]:
        """The `type` of the API error body (e.g. `invalid_request_error`), if it has one."""
        value = self._field("type")
        return None if value is None else str(value)

    @property
    def param(self) -> Optional[str]:
        """The request parameter the API error body names, if it names one."""
        value = self._field("param")
        return None if value is None else str(value)


class APIResponseValidationError(APIError):
    """The API answered with data that does not match the declared type (strict mode only)."""

    response: httpx.Response
    status_code: int

    def __init__(self, response: httpx.Response, body: object | None, *, message: str | None = None) -> None:
        super().__init__(message or "Data returned by API invalid for expected schema.", response.request, body=body)
        self.response = response
        self.status_code = response.status_code


class ResponseTooLargeError(APIResponseValidationError):
    """The server sent more than the client's limit: a body over `max_response_bytes`, or a
    stream line or event over `max_event_bytes` (both counted after decompression). The
    connection is closed; the request is not retried."""

    limit: int
    """The limit that was exceeded, in bytes."""

    def __init__(self, response: httpx.Response, *, limit: int, what: str) -> None:
        super().__init__(response, None, message=f"The {what} is larger than the limit of {limit} bytes.")
        self.limit = limit


class APIStatusError(APIError):
    """The API answered with an error status (4xx/5xx), or sent an error inside a stream."""

    response: httpx.Response
    status_code: int
    request_id: Optional[str]
    """The server's request id (from the `x-request-id` response header), to quote to support."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:  # `Any`: public signature
        status_code = response.status_code
        shown: object = body
        if is_mapping(body):
            mapping = body
            embedded = mapping.get("status_code")
            if isinstance(embedded, int) and not isinstance(embedded, bool):
                status_code = embedded
            if "error" in mapping:
                shown = mapping["error"]
        # `str(e)` is exactly the message, worded as the official SDK words it (tracers and
        # wrappers embed it); the request id is on `request_id`, never appended to the text.
        super().__init__(message, response.request, body=shown)
        self.response = response
        self.status_code = status_code
        request_id = request_id_of(response.headers)
        # A server may echo the key in the request id: never repeat it.
        self.request_id = None if request_id is None else redact_field(request_id, bearer_token(response.request))


class BadRequestError(APIStatusError):
    """HTTP 400: the request is malformed or a parameter is invalid."""

    status_code: Literal[400] = 400  # pyright: ignore[reportIncompatibleVariableOverride]


class AuthenticationError(APIStatusError):
    """HTTP 401: the API key is missing, wrong or revoked."""

    status_code: Literal[401] = 401  # pyright: ignore[reportIncompatibleVariableOverride]


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the key may not use this resource."""

    status_code: Literal[403] = 403  # pyright: ignore[reportIncompatibleVariableOverride]


class NotFoundError(APIStatusError):
    """HTTP 404: no such model or path."""

    status_code: Literal[404] = 404  # pyright: ignore[reportIncompatibleVariableOverride]


class ConflictError(APIStatusError):
    """HTTP 409 (retried before it is raised)."""

    status_code: Literal[409] = 409  # pyright: ignore[reportIncompatibleVariableOverride]


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the request is well-formed but cannot be served as asked."""

    status_code: Literal[422] = 422  # pyright: ignore[reportIncompatibleVariableOverride]


class RateLimitError(APIStatusError):
    """HTTP 429: a request or token limit was hit (retried before it is raised).

    `rate_limits` holds the `x-ratelimit-*` figures the server sent with the answer.
    """

    status_code: Literal[429] = 429  # pyright: ignore[reportIncompatibleVariableOverride]

    @property
    def rate_limits(self) -> RateLimits:
        """The rate-limit state the server reported with this 429."""
        from ._rate_limits import parse_rate_limits

        return parse_rate_limits(self.response.headers)


class InternalServerError(APIStatusError):
    """HTTP 5xx: the server failed (retried before it is raised)."""


class APIConnectionError(APIError):
    """The request did not get an answer: refused, reset, DNS failure, or a broken stream."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request (or a read of a streamed answer) timed out."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(message="Request timed out.", request=request)


class RequestBuildError(CerebrasError, TypeError, ValueError):
    """The request cannot be sent as given, so nothing was sent and nothing is retried.

    Raised at once, before any attempt: a header whose name or value HTTP cannot carry (a line
    break, non-ASCII text), or a body that cannot be encoded as JSON (an object JSON has no
    form for, NaN). A `TypeError` and a `ValueError` too, as the underlying failures are.
    """


class StreamAlreadyConsumed(CerebrasError):
    """The body was already consumed by iterating it, so it cannot be read again."""

    def __init__(self) -> None:
        super().__init__(
            "Attempted to read or stream content, but the content has already been streamed. "
            "Call `.read()` before iterating if you need the whole body, or keep what you "
            "need while iterating."
        )


class StreamClosedError(CerebrasError):
    """A stream that was closed or failed before its end was iterated again.

    The chunks it had not delivered are gone, so it says so rather than look like an empty or
    finished answer. A stream read to its end yields nothing more instead, and one left with
    `break` goes on where it stopped.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"This stream was closed before its end ({reason}), so the rest of the answer was not "
            "received. Read a stream to its end before closing it, or send the request again."
        )


_BY_STATUS: Dict[int, Type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(message: str, *, body: object, response: httpx.Response) -> APIStatusError:
    """PURE. The exception for an error `body` received with `response` (HTTP or in-stream).

    The class follows the body's integer `status_code` when it has one, else the HTTP status.
    """
    status = response.status_code
    if is_mapping(body):
        embedded = body.get("status_code")
        if isinstance(embedded, int) and not isinstance(embedded, bool):
            status = embedded
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(message, response=response, body=body)


def error_for_response(response: httpx.Response) -> APIStatusError:
    """PURE over a read response. The `APIStatusError` subclass an error response raises.

    The message is `Error code: <status> - <decoded body>`, or the body text when it is not JSON.
    """
    status = response.status_code
    if response.is_closed and not hasattr(response, "_content"):
        return make_status_error(f"Error code: {status}", body=None, response=response)
    text = response.text.strip()
    body: object
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        body = text
        message = text or f"Error code: {status}"
    else:
        message = f"Error code: {status} - {body}"
    return make_status_error(message, body=body, response=response)
