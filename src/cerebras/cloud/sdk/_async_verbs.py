"""The low-level request methods of `AsyncCerebras`: `request`, `get`, `post`, `patch`, `put`,
`delete` and `get_api_list`. Every API call, resource methods included, ends in `request`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Type, TypeVar

import httpx

from . import _observe
from ._client_base import ClientBase
from ._http import AsyncSender
from ._request import FinalRequestOptions
from ._streaming import hand_over
from ._types import RequestFiles, RequestOptions

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = ["AsyncClientBase"]

_T = TypeVar("_T")


class AsyncClientBase(ClientBase):
    """The request methods of `AsyncCerebras` (sent by its `AsyncSender`)."""

    _sender: AsyncSender

    async def request(
        self,
        cast_to: Any,
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: Optional[type] = None,
    ) -> Any:
        """Send `options` (with retries) and convert the answer to `cast_to`.

        Returns the parsed body, a stream (`AsyncStream`, with `stream=True` and a `stream_cls`),
        or the `AsyncAPIResponse` when the call came through `.with_raw_response` or
        `.with_streaming_response`.
        """
        mode, cast_to = self._request_mode(options, cast_to)
        if stream and stream_cls is None and mode is None:
            raise TypeError("A `stream_cls` is required to stream (e.g. `AsyncStream[ChatCompletion]`)")
        watch = _observe.factory
        if watch is not None:
            observer = watch(self, options, stream)
            if observer is not None:
                return await self._observed(observer, cast_to, options, mode, stream, stream_cls)
        response, retries_taken = await self._sender.send(
            options, stream=stream or mode == "stream", max_retries=options.get_max_retries(self.max_retries)
        )
        return self._convert(response, retries_taken, cast_to, options, mode, stream, stream_cls)

    def _convert(
        self,
        response: httpx.Response,
        retries_taken: int,
        cast_to: object,
        options: FinalRequestOptions,
        mode: Optional[str],
        stream: bool,
        stream_cls: Optional[type],
    ) -> Any:
        from ._cast import make_stream, parse_body
        from ._response import AsyncAPIResponse

        if mode in ("raw", "stream"):
            return AsyncAPIResponse[object](
                raw=response,
                cast_to=cast_to,
                client=self,
                stream=stream,
                stream_cls=stream_cls,
                options=options,
                retries_taken=retries_taken,
            )
        if stream:
            return make_stream(stream_cls, cast_to, response, self, options)
        result: object = parse_body(response, cast_to, strict=self._strict_response_validation)
        bind = getattr(type(result), "_bind_request", None)  # a list page remembers how to fetch the next one
        if bind is not None:
            bind(result, self, options)
        return result

    async def _observed(
        self,
        observer: CallObserver,
        cast_to: object,
        options: FinalRequestOptions,
        mode: Optional[str],
        stream: bool,
        stream_cls: Optional[type],
    ) -> Any:
        """`request` under an observer (see `_observe`)."""
        try:
            response, retries_taken = await self._sender.send(
                options,
                stream=stream or mode == "stream",
                max_retries=options.get_max_retries(self.max_retries),
                observer=observer,
            )
            observer.on_response(response, retries_taken)
            result = self._convert(response, retries_taken, cast_to, options, mode, stream, stream_cls)
        except BaseException as exc:
            observer.on_end(exc)
            raise
        if not (stream and mode is None and hand_over(result, observer)):
            observer.on_result(result)
        return result

    async def get(
        self,
        path: str,
        *,
        cast_to: Type[_T],
        options: RequestOptions = {},
        stream: bool = False,
        stream_cls: Optional[type] = None,
    ) -> Any:
        """`GET path` (relative to the base URL, or absolute), converted to `cast_to`."""
        return await self.request(
            cast_to,
            self._options("get", path, options=options),
            stream=stream,
            stream_cls=stream_cls,
        )

    async def post(
        self,
        path: str,
        *,
        cast_to: Type[_T],
        body: Optional[object] = None,
        content: Optional[object] = None,
        options: RequestOptions = {},
        files: Optional[RequestFiles] = None,
        stream: bool = False,
        stream_cls: Optional[type] = None,
    ) -> Any:
        """`POST path` with a JSON `body` (or raw `content`, or multipart `files`)."""
        request = self._options("post", path, body=body, content=content, files=files, options=options)
        return await self.request(cast_to, request, stream=stream, stream_cls=stream_cls)

    async def patch(
        self,
        path: str,
        *,
        cast_to: Type[_T],
        body: Optional[object] = None,
        content: Optional[object] = None,
        files: Optional[RequestFiles] = None,
        options: RequestOptions = {},
    ) -> Any:
        """`PATCH path`."""
        return await self.request(
            cast_to, self._options("patch", path, body=body, content=content, files=files, options=options)
        )

    async def put(
        self,
        path: str,
        *,
        cast_to: Type[_T],
        body: Optional[object] = None,
        content: Optional[object] = None,
        files: Optional[RequestFiles] = None,
        options: RequestOptions = {},
    ) -> Any:
        """`PUT path`."""
        return await self.request(
            cast_to, self._options("put", path, body=body, content=content, files=files, options=options)
        )

    async def delete(
        self,
        path: str,
        *,
        cast_to: Type[_T],
        body: Optional[object] = None,
        content: Optional[object] = None,
        options: RequestOptions = {},
    ) -> Any:
        """`DELETE path`."""
        return await self.request(cast_to, self._options("delete", path, body=body, content=content, options=options))

    async def get_api_list(
        self,
        path: str,
        *,
        model: Type[object],
        page: Type[_T],
        body: Optional[object] = None,
        options: RequestOptions = {},
        method: str = "get",
    ) -> _T:
        """Fetch one page of a list endpoint as `page` (no endpoint of this API is paginated)."""
        return await self.request(page, self._options(method, path, body=body, options=options))
