"""`Cerebras` and `AsyncCerebras`: resolve configuration, own the httpx client, expose resources.

No request logic lives here: requests are built by `_request`, sent by `_http`, and their
bodies converted by `_response`.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Type, TypeVar, Union, cast

import httpx

from ._config import (
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    custom_headers,
    resolve_api_key,
    resolve_base_url,
    resolve_timeout,
    warming_enabled,
    with_trailing_slash,
)
from ._fork import survive_fork
from ._http import AsyncSender, SyncSender
from ._platform import platform_headers
from ._request import (
    OVERRIDE_CAST_TO_HEADER,
    RAW_RESPONSE_HEADER,
    FinalRequestOptions,
    QueryString,
    RequestBuilder,
)
from ._retry import RetryPolicy
from ._security import check_transport_security
from ._types import Headers, NotGiven, Omit, Query, RequestFiles, RequestOptions, not_given
from ._version import __version__

if TYPE_CHECKING:
    from ._rate_limits import RateLimits
    from ._response import APIResponse, AsyncAPIResponse
    from .resources.chat import AsyncChatResource, ChatResource
    from .resources.chat.chat import (
        AsyncChatResourceWithRawResponse,
        AsyncChatResourceWithStreamingResponse,
        ChatResourceWithRawResponse,
        ChatResourceWithStreamingResponse,
    )
    from .resources.completions import (
        AsyncCompletionsResource,
        AsyncCompletionsResourceWithRawResponse,
        AsyncCompletionsResourceWithStreamingResponse,
        CompletionsResource,
        CompletionsResourceWithRawResponse,
        CompletionsResourceWithStreamingResponse,
    )
    from .resources.models import (
        AsyncModelsResource,
        AsyncModelsResourceWithRawResponse,
        AsyncModelsResourceWithStreamingResponse,
        ModelsResource,
        ModelsResourceWithRawResponse,
        ModelsResourceWithStreamingResponse,
    )

__all__ = ["AsyncCerebras", "AsyncClient", "Cerebras", "Client"]

log = logging.getLogger("cerebras.cloud.sdk._client")

_T = TypeVar("_T")
_ClientT = TypeVar("_ClientT", bound="_ClientBase")

TimeoutArg = Union[float, httpx.Timeout, None, NotGiven]

_WARM_PATH = "/v1/tcp_warming"
_WARM_TIMEOUT_S = 1


def _warm_options() -> FinalRequestOptions:
    return FinalRequestOptions(method="get", url=_WARM_PATH, timeout=_WARM_TIMEOUT_S, max_retries=0)


class _ClientBase:
    """Configuration and request plumbing shared by both clients (not a public class)."""

    api_key: str
    """The API key sent as `Authorization: Bearer ...` (never shown in `repr`)."""
    max_retries: int
    """Retries after the first attempt."""
    _strict_response_validation: bool
    _custom_headers: Dict[str, Union[str, Omit]]
    _custom_query: Dict[str, object]
    _version = __version__
    _retry_policy: RetryPolicy
    _sender: Any  # SyncSender or AsyncSender, narrowed by each client
    _client: Any  # httpx.Client or httpx.AsyncClient, narrowed by each client

    def _configure(
        self,
        *,
        api_key: Optional[str],
        base_url: Union[str, httpx.URL, None],
        timeout: TimeoutArg,
        max_retries: int,
        default_headers: Optional[Headers],
        default_query: Optional[Mapping[str, object]],
        http_client: Optional[Union[httpx.Client, httpx.AsyncClient]],
        strict: bool,
        max_rate_limit_wait: float = 60.0,
    ) -> None:
        self.api_key = resolve_api_key(api_key)
        self._base_url = resolve_base_url(base_url)
        check_transport_security(self._base_url, http_client)  # plain http, verify=False: WARNING once
        self._custom_headers = custom_headers(default_headers)
        self._custom_query = dict(default_query or {})
        if max_retries is None:  # pyright: ignore[reportUnnecessaryComparison]
            raise TypeError(
                "max_retries cannot be None. If you want to disable retries, pass `0`; if you want unlimited "
                "retries, pass `math.inf` or a very high number; if you want the default behavior, pass "
                "`cerebras.cloud.sdk.DEFAULT_MAX_RETRIES`"
            )
        self.max_retries = max_retries
        self._timeout = resolve_timeout(timeout, http_client)
        self._strict_response_validation = strict
        self._retry_policy = RetryPolicy()
        self._set_max_rate_limit_wait(max_rate_limit_wait)

    def _set_max_rate_limit_wait(self, seconds: float) -> None:
        if not seconds >= 0:  # also rejects NaN
            raise ValueError(f"`max_rate_limit_wait` must be a number of seconds >= 0, got {seconds!r}")
        self._retry_policy = replace(self._retry_policy, max_rate_limit_wait_s=float(seconds))
        sender: Optional[Union[SyncSender, AsyncSender]] = getattr(self, "_sender", None)
        if sender is not None:
            sender.policy = self._retry_policy

    # ------------------------------------------------------------------ properties

    @property
    def base_url(self) -> httpx.URL:
        """The API root every request path is joined to (always ends in `/`)."""
        return self._base_url

    @base_url.setter
    def base_url(self, url: Union[str, httpx.URL]) -> None:
        self._base_url = with_trailing_slash(httpx.URL(url))
        self._rebuild()

    @property
    def timeout(self) -> Union[float, httpx.Timeout, None]:
        """The default timeout of every request (`None`: no timeout)."""
        return self._timeout

    @timeout.setter
    def timeout(self, value: Union[float, httpx.Timeout, None]) -> None:
        self._timeout = value
        self._rebuild()

    @property
    def user_agent(self) -> str:
        """`<ClassName>/Python <version>`."""
        return f"{type(self).__name__}/Python {self._version}"

    @property
    def auth_headers(self) -> Dict[str, str]:
        """The `Authorization` header."""
        return {"Authorization": f"Bearer {self.api_key}"}

    @property
    def custom_auth(self) -> None:
        """No custom httpx `Auth` (the API key is sent as a header)."""
        return None

    @property
    def qs(self) -> QueryString:
        """The query-string serializer (lists repeat the key, nested mappings use brackets)."""
        return QueryString()

    def platform_headers(self) -> Dict[str, str]:
        """The `X-Stainless-*` platform headers sent with every request."""
        return dict(platform_headers(self._version))

    def _async_marker(self) -> str:
        return "false"

    @property
    def default_headers(self) -> Dict[str, Union[str, Omit]]:
        """Every header sent by default, custom headers included (values may be `Omit`)."""
        return {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": self.user_agent,
            **self.platform_headers(),
            **self.auth_headers,
            **self._custom_headers,
            "X-Stainless-Async": self._async_marker(),
            **self._custom_headers,
        }

    @property
    def default_query(self) -> Dict[str, object]:
        """Query parameters sent with every request."""
        return dict(self._custom_query)

    @property
    def rate_limits(self) -> Optional[RateLimits]:
        """The latest `x-ratelimit-*` figures this client received, or `None` if none yet.

        Safe to read from any thread or task; updated by every response that carries them.
        """
        headers = self._sender.last_rate_limit_headers
        if headers is None:
            return None
        from ._rate_limits import parse_rate_limits

        return parse_rate_limits(headers)

    @property
    def max_rate_limit_wait(self) -> float:
        """The longest a rate-limited request waits for its window to reset, in seconds.

        A 429 without `retry-after` whose `x-ratelimit-*` headers show an exhausted window is
        retried once the soonest such window resets, if that is at most this long; otherwise
        `RateLimitError` is raised at once. Set it with `Cerebras(max_rate_limit_wait=...)` or
        `client.with_options(max_rate_limit_wait=...)` (default 60; `0` never waits for a window).
        """
        return self._retry_policy.max_rate_limit_wait_s

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self._base_url)!r}>"

    # ------------------------------------------------------------------ plumbing

    def _builder(self) -> RequestBuilder:
        base_headers = {**self.default_headers, "X-Stainless-Async": "false", **self._custom_headers}
        return RequestBuilder(
            base_url=self._base_url,
            base_headers=base_headers,
            default_query=self._custom_query,
            timeout=self._timeout,
            async_override=any(name.lower() == "x-stainless-async" for name in self._custom_headers),
            client_headers=self._client.headers,
        )

    def _rebuild(self) -> None:
        sender: Optional[Union[SyncSender, AsyncSender]] = getattr(self, "_sender", None)
        if sender is not None:
            sender.builder = self._builder()

    def _copy_kwargs(
        self,
        *,
        api_key: Optional[str],
        base_url: Union[str, httpx.URL, None],
        timeout: TimeoutArg,
        max_retries: Union[int, NotGiven],
        default_headers: Optional[Headers],
        set_default_headers: Optional[Headers],
        default_query: Optional[Mapping[str, object]],
        set_default_query: Optional[Mapping[str, object]],
    ) -> Dict[str, Any]:
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("The `default_headers` and `set_default_headers` arguments are mutually exclusive")
        if default_query is not None and set_default_query is not None:
            raise ValueError("The `default_query` and `set_default_query` arguments are mutually exclusive")
        headers: Dict[str, Union[str, Omit]] = dict(self._custom_headers)
        if default_headers is not None:
            headers.update(default_headers)
        elif set_default_headers is not None:
            headers = dict(set_default_headers)
        query = dict(self._custom_query)
        if default_query is not None:
            query.update(default_query)
        elif set_default_query is not None:
            query = dict(set_default_query)
        return {
            "api_key": api_key or self.api_key,
            "base_url": base_url or self.base_url,
            "timeout": self._timeout if isinstance(timeout, NotGiven) else timeout,
            "max_retries": self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            "default_headers": headers,
            "default_query": query,
            # The official SDK drops this flag on copies; a strict client's copies stay strict.
            "_strict_response_validation": self._strict_response_validation,
        }

    def _adopt(self, parent: _ClientBase) -> None:
        """Carry the parent's retry settings over to a copy."""
        self._retry_policy = parent._retry_policy
        self._sender.policy = parent._retry_policy
        self._sender.sleep = parent._sender.sleep

    @staticmethod
    def _options(
        method: str,
        path: str,
        *,
        body: object = None,
        content: object = None,
        files: Optional[RequestFiles] = None,
        options: RequestOptions,
    ) -> FinalRequestOptions:
        return FinalRequestOptions.construct(
            method=method, url=path, json_data=body, content=content, files=files, **options
        )

    @staticmethod
    def _request_mode(options: FinalRequestOptions, cast_to: Any) -> tuple[Optional[str], Any]:
        headers = options.headers
        if isinstance(headers, NotGiven) or not headers:
            return None, cast_to
        marker = headers.get(RAW_RESPONSE_HEADER)
        override = headers.get(OVERRIDE_CAST_TO_HEADER)
        if override is not None:
            cast_to = override
        return (marker if isinstance(marker, str) else None), cast_to


class Cerebras(_ClientBase):
    """The synchronous Cerebras Cloud client.

    ```py
    from cerebras.cloud.sdk import Cerebras

    client = Cerebras()  # reads CEREBRAS_API_KEY
    completion = client.chat.completions.create(
        model="llama3.1-8b",
        messages=[{"role": "user", "content": "Why is fast inference important?"}],
    )
    print(completion.choices[0].message.content)
    ```

    The constructor never touches the network: with `warm_tcp_connection=True` (the default)
    the connection to the API is opened in the background, on this client's own pool, so the
    first request finds it ready. Use the client as a context manager, or call `close()`.
    """

    _client: httpx.Client
    _sender: SyncSender

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        base_url: Union[str, httpx.URL, None] = None,
        timeout: TimeoutArg = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Optional[httpx.Client] = None,
        _strict_response_validation: bool = False,
        warm_tcp_connection: bool = True,
        max_rate_limit_wait: float = 60.0,
    ) -> None:
        """Create a client (API key and base URL default to `CEREBRAS_API_KEY` / `CEREBRAS_BASE_URL`)."""
        if http_client is not None and not isinstance(http_client, httpx.Client):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"Invalid `http_client` argument; Expected an instance of `httpx.Client` but got {type(http_client)}"
            )
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict=_strict_response_validation,
            max_rate_limit_wait=max_rate_limit_wait,
        )
        if http_client is None:
            from ._http_clients import SyncHttpxClientWrapper

            http_client = SyncHttpxClientWrapper(
                base_url=self._base_url, timeout=cast("Any", self._timeout), limits=DEFAULT_CONNECTION_LIMITS
            )
        self._client = http_client
        survive_fork(http_client)  # a forked child starts with an empty pool (see `_fork`)
        self._sender = SyncSender(
            http=http_client, builder=self._builder(), policy=self._retry_policy, secret=self.api_key
        )
        self._warm_thread: Optional[threading.Thread] = None
        if warming_enabled(warm_tcp_connection):
            self._start_warming()

    def _start_warming(self) -> None:
        sender = self._sender
        options = _warm_options()

        def warm() -> None:
            # Hand the GIL straight back: the constructor, waiting in `Thread.start()`, returns
            # now instead of after this thread's Python work up to its first blocking call.
            time.sleep(0)
            try:
                sender.send(options, stream=False, max_retries=0)
            except Exception as exc:
                log.debug("TCP Warming had exception: %s", exc)

        thread = threading.Thread(target=warm, name="cerebras-tcp-warming", daemon=True)
        thread.start()
        self._warm_thread = thread

    # ------------------------------------------------------------------ resources

    @cached_property
    def chat(self) -> ChatResource:
        """`client.chat.completions.create(...)`."""
        from .resources.chat import ChatResource

        return ChatResource(self)

    @cached_property
    def completions(self) -> CompletionsResource:
        """Legacy text completions: `client.completions.create(...)`."""
        from .resources.completions import CompletionsResource

        return CompletionsResource(self)

    @cached_property
    def models(self) -> ModelsResource:
        """`client.models.list()` and `client.models.retrieve(model_id)`."""
        from .resources.models import ModelsResource

        return ModelsResource(self)

    @cached_property
    def with_raw_response(self) -> CerebrasWithRawResponse:
        """Every resource, returning `APIResponse` objects instead of parsed results."""
        return CerebrasWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> CerebrasWithStreamedResponse:
        """Every resource, as context managers around unread `APIResponse` objects."""
        return CerebrasWithStreamedResponse(self)

    # ------------------------------------------------------------------ lifecycle

    def is_closed(self) -> bool:
        """Whether the underlying httpx client is closed."""
        return self._client.is_closed

    def close(self) -> None:
        """Close the underlying httpx client (also when it was passed in, and for its copies)."""
        if not hasattr(self, "_client"):
            return
        thread = getattr(self, "_warm_thread", None)
        warming = thread is not None and thread.is_alive()
        try:
            self._client.close()
        except RuntimeError:
            # httpcore < 1.0 closes every connection and then refuses, because a request is in
            # flight: when that request is this client's own warm-up, the pool is closed all the same.
            if not warming:
                raise

    def __enter__(self: _T) -> _T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def copy(
        self,
        *,
        api_key: Optional[str] = None,
        base_url: Union[str, httpx.URL, None] = None,
        timeout: TimeoutArg = not_given,
        http_client: Optional[httpx.Client] = None,
        max_retries: Union[int, NotGiven] = not_given,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        warm_tcp_connection: Union[bool, NotGiven] = not_given,
        _extra_kwargs: Mapping[str, Any] = {},
        max_rate_limit_wait: Union[float, NotGiven] = not_given,
    ) -> Cerebras:
        """A new client with some options changed, sharing this one's connection pool.

        The copy does not warm the connection again (the shared pool is already warm) unless
        `warm_tcp_connection=True` is passed or a different `http_client` is given.
        """
        kwargs = self._copy_kwargs(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
        )
        client = http_client or self._client
        warm = (client is not self._client) if isinstance(warm_tcp_connection, NotGiven) else warm_tcp_connection
        copied = type(self)(http_client=client, warm_tcp_connection=warm, **{**kwargs, **_extra_kwargs})
        copied._adopt(self)
        if not isinstance(max_rate_limit_wait, NotGiven):
            copied._set_max_rate_limit_wait(max_rate_limit_wait)
        return copied

    with_options = copy

    # ------------------------------------------------------------------ low-level requests

    def request(
        self,
        cast_to: Any,
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: Optional[type] = None,
    ) -> Any:
        """Send `options` (with retries) and convert the answer to `cast_to`.

        Returns the parsed body, a `Stream` (with `stream=True` and a `stream_cls`), or an
        `APIResponse` when the call came through `.with_raw_response`/`.with_streaming_response`.
        """
        mode, cast_to = self._request_mode(options, cast_to)
        if stream and stream_cls is None and mode is None:
            raise TypeError("A `stream_cls` is required to stream (e.g. `Stream[ChatCompletion]`)")
        response, retries_taken = self._sender.send(
            options, stream=stream or mode == "stream", max_retries=options.get_max_retries(self.max_retries)
        )
        from ._response import APIResponse, make_stream, parse_body

        if mode in ("raw", "stream"):
            return APIResponse[Any](
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
        return parse_body(response, cast_to, strict=self._strict_response_validation)

    def get(
        self,
        path: str,
        *,
        cast_to: Type[_T],
        options: RequestOptions = {},
        stream: bool = False,
        stream_cls: Optional[type] = None,
    ) -> Any:
        """`GET path` (relative to the base URL, or absolute), converted to `cast_to`."""
        return self.request(cast_to, self._options("get", path, options=options), stream=stream, stream_cls=stream_cls)

    def post(
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
        return self.request(cast_to, request, stream=stream, stream_cls=stream_cls)

    def patch(
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
        return self.request(
            cast_to, self._options("patch", path, body=body, content=content, files=files, options=options)
        )

    def put(
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
        return self.request(
            cast_to, self._options("put", path, body=body, content=content, files=files, options=options)
        )

    def delete(
        self,
        path: str,
        *,
        cast_to: Type[_T],
        body: Optional[object] = None,
        content: Optional[object] = None,
        options: RequestOptions = {},
    ) -> Any:
        """`DELETE path`."""
        return self.request(cast_to, self._options("delete", path, body=body, content=content, options=options))

    def get_api_list(
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
        return cast("_T", self.request(page, self._options(method, path, body=body, options=options)))


class AsyncCerebras(_ClientBase):
    """The asynchronous Cerebras Cloud client (asyncio or trio, through anyio).

    ```py
    from cerebras.cloud.sdk import AsyncCerebras

    async with AsyncCerebras() as client:
        completion = await client.chat.completions.create(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Why is fast inference important?"}],
        )
    ```

    TCP warming runs as a task on the running event loop (a system task on trio; never a
    blocking call), on this client's own pool; a client built outside a running loop warms when it is entered with
    `async with` (or simply opens the connection on its first request).
    """

    _client: httpx.AsyncClient
    _sender: AsyncSender

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        base_url: Union[str, httpx.URL, None] = None,
        timeout: TimeoutArg = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Optional[httpx.AsyncClient] = None,
        _strict_response_validation: bool = False,
        warm_tcp_connection: bool = True,
        max_rate_limit_wait: float = 60.0,
    ) -> None:
        """Create a client (API key and base URL default to `CEREBRAS_API_KEY` / `CEREBRAS_BASE_URL`)."""
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                "Invalid `http_client` argument; Expected an instance of `httpx.AsyncClient` "
                f"but got {type(http_client)}"
            )
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict=_strict_response_validation,
            max_rate_limit_wait=max_rate_limit_wait,
        )
        if http_client is None:
            from ._http_clients import AsyncHttpxClientWrapper

            http_client = AsyncHttpxClientWrapper(
                base_url=self._base_url, timeout=cast("Any", self._timeout), limits=DEFAULT_CONNECTION_LIMITS
            )
        self._client = http_client
        self._sender = AsyncSender(
            http=http_client, builder=self._builder(), policy=self._retry_policy, secret=self.api_key
        )
        self._warm_task: Any = None
        self._warm_cancel: Optional[Callable[[], object]] = None
        self._warm_pending = warming_enabled(warm_tcp_connection)
        if self._warm_pending:
            self._start_warming()

    def _async_marker(self) -> str:
        try:
            import sniffio

            return f"async:{sniffio.current_async_library()}"
        except Exception:
            return "false"

    def _start_warming(self) -> None:
        """Warm as a background task of the running event loop; without one, stay pending.

        asyncio gets a task on its loop, trio a system task (it needs no nursery and is
        cancelled when the run ends). Outside any loop nothing happens until `__aenter__`.
        """
        sender = self._sender
        options = _warm_options()

        async def warm() -> None:
            try:
                await sender.send(options, stream=False, max_retries=0)
            except Exception as exc:
                log.debug("TCP Warming had exception: %s", exc)

        import asyncio  # imported here: it is heavy, and a trio program never needs it

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            task = loop.create_task(warm())
            self._warm_task = task
            self._warm_cancel = task.cancel
            self._warm_pending = False
            return
        trio = sys.modules.get("trio")
        if trio is None:
            return
        try:
            trio.lowlevel.current_trio_token()
        except RuntimeError:
            return
        scope = trio.CancelScope()
        done = trio.Event()

        async def warm_in_scope() -> None:
            try:
                with scope:
                    await warm()
            finally:
                done.set()

        trio.lowlevel.spawn_system_task(warm_in_scope, name="cerebras-tcp-warming")
        self._warm_task = done  # `await client._warm_task.wait()` to join it
        self._warm_cancel = scope.cancel
        self._warm_pending = False

    # ------------------------------------------------------------------ resources

    @cached_property
    def chat(self) -> AsyncChatResource:
        """`await client.chat.completions.create(...)`."""
        from .resources.chat import AsyncChatResource

        return AsyncChatResource(self)

    @cached_property
    def completions(self) -> AsyncCompletionsResource:
        """Legacy text completions: `await client.completions.create(...)`."""
        from .resources.completions import AsyncCompletionsResource

        return AsyncCompletionsResource(self)

    @cached_property
    def models(self) -> AsyncModelsResource:
        """`await client.models.list()` and `await client.models.retrieve(model_id)`."""
        from .resources.models import AsyncModelsResource

        return AsyncModelsResource(self)

    @cached_property
    def with_raw_response(self) -> AsyncCerebrasWithRawResponse:
        """Every resource, returning `AsyncAPIResponse` objects instead of parsed results."""
        return AsyncCerebrasWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncCerebrasWithStreamedResponse:
        """Every resource, as async context managers around unread `AsyncAPIResponse` objects."""
        return AsyncCerebrasWithStreamedResponse(self)

    # ------------------------------------------------------------------ lifecycle

    def is_closed(self) -> bool:
        """Whether the underlying httpx client is closed."""
        return self._client.is_closed

    async def close(self) -> None:
        """Close the underlying httpx client (also when it was passed in, and for its copies)."""
        await self._stop_warming()
        if hasattr(self, "_client"):
            await self._client.aclose()

    async def _stop_warming(self) -> None:
        # A warm-up still in flight must not race the pool's shutdown: cancel it and, on
        # asyncio, let the cancellation land before the pool closes.
        cancel = getattr(self, "_warm_cancel", None)
        if cancel is None:
            return
        self._warm_cancel = None
        cancel()
        task = self._warm_task
        asyncio = sys.modules.get("asyncio")
        if asyncio is not None and isinstance(task, asyncio.Task):
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                return
            if task.get_loop() is running:
                await asyncio.wait({task})

    async def __aenter__(self: _T) -> _T:
        client = cast("AsyncCerebras", self)
        if client._warm_pending:
            client._start_warming()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def copy(
        self,
        *,
        api_key: Optional[str] = None,
        base_url: Union[str, httpx.URL, None] = None,
        timeout: TimeoutArg = not_given,
        http_client: Optional[httpx.AsyncClient] = None,
        max_retries: Union[int, NotGiven] = not_given,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        _extra_kwargs: Mapping[str, Any] = {},
        warm_tcp_connection: Union[bool, NotGiven] = not_given,
        max_rate_limit_wait: Union[float, NotGiven] = not_given,
    ) -> AsyncCerebras:
        """A new client with some options changed, sharing this one's connection pool.

        The copy does not warm the connection again (the shared pool is already warm) unless
        `warm_tcp_connection=True` is passed or a different `http_client` is given.
        """
        kwargs = self._copy_kwargs(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
        )
        client = http_client or self._client
        warm = (client is not self._client) if isinstance(warm_tcp_connection, NotGiven) else warm_tcp_connection
        copied = type(self)(http_client=client, warm_tcp_connection=warm, **{**kwargs, **_extra_kwargs})
        copied._adopt(self)
        if not isinstance(max_rate_limit_wait, NotGiven):
            copied._set_max_rate_limit_wait(max_rate_limit_wait)
        return copied

    with_options = copy

    # ------------------------------------------------------------------ low-level requests

    async def request(
        self,
        cast_to: Any,
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: Optional[type] = None,
    ) -> Any:
        """Async twin of `Cerebras.request`."""
        mode, cast_to = self._request_mode(options, cast_to)
        if stream and stream_cls is None and mode is None:
            raise TypeError("A `stream_cls` is required to stream (e.g. `AsyncStream[ChatCompletion]`)")
        response, retries_taken = await self._sender.send(
            options, stream=stream or mode == "stream", max_retries=options.get_max_retries(self.max_retries)
        )
        from ._response import AsyncAPIResponse, make_stream, parse_body

        if mode in ("raw", "stream"):
            return AsyncAPIResponse[Any](
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
        return parse_body(response, cast_to, strict=self._strict_response_validation)

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
            cast_to, self._options("get", path, options=options), stream=stream, stream_cls=stream_cls
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
        return cast("_T", await self.request(page, self._options(method, path, body=body, options=options)))


# --------------------------------------------------------------------------- client-level wrappers


class CerebrasWithRawResponse:
    """`client.with_raw_response`: every resource, returning `APIResponse` objects."""

    def __init__(self, client: Cerebras) -> None:
        self._client = client

    @cached_property
    def chat(self) -> ChatResourceWithRawResponse:
        return self._client.chat.with_raw_response

    @cached_property
    def completions(self) -> CompletionsResourceWithRawResponse:
        return self._client.completions.with_raw_response

    @cached_property
    def models(self) -> ModelsResourceWithRawResponse:
        return self._client.models.with_raw_response


class AsyncCerebrasWithRawResponse:
    """`client.with_raw_response` of `AsyncCerebras`."""

    def __init__(self, client: AsyncCerebras) -> None:
        self._client = client

    @cached_property
    def chat(self) -> AsyncChatResourceWithRawResponse:
        return self._client.chat.with_raw_response

    @cached_property
    def completions(self) -> AsyncCompletionsResourceWithRawResponse:
        return self._client.completions.with_raw_response

    @cached_property
    def models(self) -> AsyncModelsResourceWithRawResponse:
        return self._client.models.with_raw_response


class CerebrasWithStreamedResponse:
    """`client.with_streaming_response`: every resource, as context managers."""

    def __init__(self, client: Cerebras) -> None:
        self._client = client

    @cached_property
    def chat(self) -> ChatResourceWithStreamingResponse:
        return self._client.chat.with_streaming_response

    @cached_property
    def completions(self) -> CompletionsResourceWithStreamingResponse:
        return self._client.completions.with_streaming_response

    @cached_property
    def models(self) -> ModelsResourceWithStreamingResponse:
        return self._client.models.with_streaming_response


class AsyncCerebrasWithStreamedResponse:
    """`client.with_streaming_response` of `AsyncCerebras`."""

    def __init__(self, client: AsyncCerebras) -> None:
        self._client = client

    @cached_property
    def chat(self) -> AsyncChatResourceWithStreamingResponse:
        return self._client.chat.with_streaming_response

    @cached_property
    def completions(self) -> AsyncCompletionsResourceWithStreamingResponse:
        return self._client.completions.with_streaming_response

    @cached_property
    def models(self) -> AsyncModelsResourceWithStreamingResponse:
        return self._client.models.with_streaming_response


Client = Cerebras
AsyncClient = AsyncCerebras

if TYPE_CHECKING:
    _ = (DEFAULT_TIMEOUT, APIResponse, AsyncAPIResponse, Query)
