"""`Cerebras` and `AsyncCerebras`: resolve configuration, own the httpx client, expose resources.

No request logic lives here: requests are built by `_request`, sent by `_http` (through the
methods of `_verbs`), and their bodies converted by `_response`; the shared configuration is
in `_client_base`, TCP warming in `_warming`.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, TypeVar, Union, cast

import httpx

from ._client_base import TimeoutArg
from ._client_wrappers import (
    AsyncCerebrasWithRawResponse,
    AsyncCerebrasWithStreamedResponse,
    CerebrasWithRawResponse,
    CerebrasWithStreamedResponse,
)
from ._config import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, warming_enabled
from ._fork import survive_fork
from ._http import AsyncSender, SyncSender
from ._limits import DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RESPONSE_BYTES
from ._types import NotGiven, not_given
from ._verbs import AsyncClientBase, SyncClientBase
from ._warming import WarmUp, start_async_warm_up, start_warm_up, stop_async_warm_up

if TYPE_CHECKING:
    from .resources.batches import AsyncBatchesResource, BatchesResource
    from .resources.chat import AsyncChatResource, ChatResource
    from .resources.completions import AsyncCompletionsResource, CompletionsResource
    from .resources.files import AsyncFilesResource, FilesResource
    from .resources.models import AsyncModelsResource, ModelsResource

__all__ = ["AsyncCerebras", "AsyncClient", "Cerebras", "Client"]

_T = TypeVar("_T")


class Cerebras(SyncClientBase):
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
        api_version_patch: Union[int, str, None] = None,
        request_compression: Optional[str] | NotGiven = not_given,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        stream_timeout: Optional[float] = None,
        stream_idle_timeout: Optional[float] = None,
    ) -> None:
        """Create a client (API key and base URL default to `CEREBRAS_API_KEY` / `CEREBRAS_BASE_URL`).

        `api_version_patch` (default `CEREBRAS_API_VERSION_PATCH`) is sent as the
        `X-Cerebras-Version-Patch` header, e.g. `2` for the API's version-2 validation.
        `request_compression` encodes chat and completion bodies: `"auto"` (default: gzip from
        16 KiB), `"gzip"`, `"msgpack"`, `"msgpack+gzip"` (msgpack needs the `msgpack` extra) or
        `None` for plain JSON.
        """
        if http_client is not None and not isinstance(http_client, httpx.Client):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"Invalid `http_client` argument; Expected an instance of `httpx.Client` but got {type(http_client)}"
            )
        self._configure_from(locals())
        if http_client is None:
            from ._http_clients import SyncHttpxClientWrapper

            http_client = SyncHttpxClientWrapper(
                base_url=self._base_url, timeout=self._timeout, limits=DEFAULT_CONNECTION_LIMITS
            )
        self._client = http_client
        survive_fork(http_client)  # a forked child starts with an empty pool (see `_fork`)
        self._sender = SyncSender(
            http=http_client, builder=self._builder(), policy=self._retry_policy, secret=self.api_key
        )
        self._sender.limits = self._response_limits
        self._warm_thread: Optional[WarmUp] = None  # `client._warm_thread.join()` waits for it
        if warming_enabled(warm_tcp_connection):
            self._warm_thread = start_warm_up(self._sender)

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
    def files(self) -> FilesResource:
        """`client.files`: upload, list, retrieve, download and delete files (batch inputs and outputs)."""
        from .resources.files import FilesResource

        return FilesResource(self)

    @cached_property
    def batches(self) -> BatchesResource:
        """`client.batches`: batch jobs (`create`, `retrieve`, `list`, `cancel`, `wait`, `results`)."""
        from .resources.batches import BatchesResource

        return BatchesResource(self)

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
        warm_up: Optional[WarmUp] = getattr(self, "_warm_thread", None)
        warming = warm_up is not None and warm_up.is_alive()
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
        api_version_patch: Union[int, str, NotGiven, None] = not_given,
        request_compression: Optional[str] | NotGiven = not_given,
        max_response_bytes: Union[int, NotGiven] = not_given,
        max_event_bytes: Union[int, NotGiven] = not_given,
        stream_timeout: Union[float, NotGiven, None] = not_given,
        stream_idle_timeout: Union[float, NotGiven, None] = not_given,
    ) -> Cerebras:
        """A new client with some options changed, sharing this one's connection pool.

        The copy does not warm the connection again (the shared pool is already warm) unless
        `warm_tcp_connection=True` is passed or a different `http_client` is given.
        """
        return self._copy(locals())

    with_options = copy


class AsyncCerebras(AsyncClientBase):
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
        api_version_patch: Union[int, str, None] = None,
        request_compression: Optional[str] | NotGiven = not_given,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        stream_timeout: Optional[float] = None,
        stream_idle_timeout: Optional[float] = None,
    ) -> None:
        """Create a client (API key and base URL default to `CEREBRAS_API_KEY` / `CEREBRAS_BASE_URL`).

        `api_version_patch` (default `CEREBRAS_API_VERSION_PATCH`) is sent as the
        `X-Cerebras-Version-Patch` header, e.g. `2` for the API's version-2 validation.
        `request_compression` encodes chat and completion bodies: `"auto"` (default: gzip from
        16 KiB), `"gzip"`, `"msgpack"`, `"msgpack+gzip"` (msgpack needs the `msgpack` extra) or
        `None` for plain JSON.
        """
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                "Invalid `http_client` argument; Expected an instance of `httpx.AsyncClient` "
                f"but got {type(http_client)}"
            )
        self._configure_from(locals())
        if http_client is None:
            from ._http_clients import AsyncHttpxClientWrapper

            http_client = AsyncHttpxClientWrapper(
                base_url=self._base_url, timeout=self._timeout, limits=DEFAULT_CONNECTION_LIMITS
            )
        self._client = http_client
        self._sender = AsyncSender(
            http=http_client, builder=self._builder(), policy=self._retry_policy, secret=self.api_key
        )
        self._sender.limits = self._response_limits
        self._warm_task: object = None
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
        """Warm as a background task of the running event loop; without one, stay pending."""
        started = start_async_warm_up(self._sender)
        if started is not None:
            self._warm_task, self._warm_cancel = started
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
    def files(self) -> AsyncFilesResource:
        """`client.files`: upload, list, retrieve, download and delete files (batch inputs and outputs)."""
        from .resources.files import AsyncFilesResource

        return AsyncFilesResource(self)

    @cached_property
    def batches(self) -> AsyncBatchesResource:
        """`client.batches`: batch jobs (`create`, `retrieve`, `list`, `cancel`, `wait`, `results`)."""
        from .resources.batches import AsyncBatchesResource

        return AsyncBatchesResource(self)

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
        # A warm-up still in flight must not race the pool's shutdown.
        cancel = getattr(self, "_warm_cancel", None)
        if cancel is not None:
            self._warm_cancel = None
            await stop_async_warm_up(self._warm_task, cancel)

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
        api_version_patch: Union[int, str, NotGiven, None] = not_given,
        request_compression: Optional[str] | NotGiven = not_given,
        max_response_bytes: Union[int, NotGiven] = not_given,
        max_event_bytes: Union[int, NotGiven] = not_given,
        stream_timeout: Union[float, NotGiven, None] = not_given,
        stream_idle_timeout: Union[float, NotGiven, None] = not_given,
    ) -> AsyncCerebras:
        """A new client with some options changed, sharing this one's connection pool.

        The copy does not warm the connection again (the shared pool is already warm) unless
        `warm_tcp_connection=True` is passed or a different `http_client` is given.
        """
        return self._copy(locals())

    with_options = copy


Client = Cerebras
AsyncClient = AsyncCerebras
