"""The wrappers behind `.with_raw_response` (a method returning its raw response) and
`.with_streaming_response` (a method as a context manager around its unread response)."""

from __future__ import annotations

import functools
from typing import Any, Awaitable, Callable, Dict, Generic, Optional, TypeVar, cast

from typing_extensions import ParamSpec, Protocol

from ._async_response import AsyncAPIResponse
from ._request import RAW_RESPONSE_HEADER
from ._sync_response import APIResponse

__all__ = [
    "AsyncResponseContextManager",
    "ResponseContextManager",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


class _Closable(Protocol):
    def close(self) -> None: ...


class _AsyncClosable(Protocol):
    async def close(self) -> None: ...


_T = TypeVar("_T", bound=_Closable)
_AT = TypeVar("_AT", bound=_AsyncClosable)


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
            self._response.close()


class AsyncResponseContextManager(Generic[_AT]):
    """`async with client.with_streaming_response....create(...) as response:`."""

    def __init__(self, api_request: Awaitable[_AT]) -> None:
        self._api_request = api_request
        self._response: Optional[_AT] = None

    async def __aenter__(self) -> _AT:
        self._response = await self._api_request
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.close()


def _with_marker(kwargs: Dict[str, Any], marker: str) -> None:
    """Ask the call for its response (`marker`): `func` then returns an `APIResponse` (or an
    `AsyncAPIResponse`) where its signature says `_R`, hence the casts below."""
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
