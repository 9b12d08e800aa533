"""`AsyncCerebras`: resolve configuration, own the httpx client, expose resources.

No request logic lives here: requests are built by `_request`, sent by `_http` (through the
methods of `_verbs`), and their bodies converted by `_response`; the shared configuration is
in `_client_base`; what the two clients do differently (warming, fork safety, closing) is in
`_client_lifecycle`.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

import httpx

from ._client_base import TimeoutArg
from ._client_lifecycle import AsyncClientLifecycle
from ._client_wrappers import AsyncCerebrasWithRawResponse, AsyncCerebrasWithStreamedResponse
from ._config import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, warming_enabled
from ._http import AsyncSender
from ._limits import DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RESPONSE_BYTES
from ._types import NotGiven, not_given
from ._verbs import AsyncClientBase

if TYPE_CHECKING:
    from .resources.batches import AsyncBatchesResource
    from .resources.chat import AsyncChatResource
    from .resources.completions import AsyncCompletionsResource
    from .resources.files import AsyncFilesResource
    from .resources.models import AsyncModelsResource

__all__ = ["AsyncCerebras"]


class AsyncCerebras(AsyncClientLifecycle, AsyncClientBase):
    """The asynchronous Cerebras Cloud client.

    ```py
    from cerebras.cloud.sdk import AsyncCerebras

    async with AsyncCerebras() as client:  # reads CEREBRAS_API_KEY
        completion = await client.chat.completions.create(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Why is fast inference important?"}],
        )
        print(completion.choices[0].message.content)
    ```

    The constructor never touches the network: with `warm_tcp_connection=True` (the default)
    the connection to the API is opened in the background, on this client's own pool, so the
    first request finds it ready. Use the client as a context manager, or call `close()`.
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
                f"Invalid `http_client` argument; Expected an instance of `httpx.AsyncClient` but got {type(http_client)}"
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
        self._start(warming_enabled(warm_tcp_connection))

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
        """Every resource, as context managers around unread `AsyncAPIResponse` objects."""
        return AsyncCerebrasWithStreamedResponse(self)

    # ------------------------------------------------------------------ lifecycle (and `_client_lifecycle`)

    def is_closed(self) -> bool:
        """Whether the underlying httpx client is closed."""
        return self._client.is_closed

    # ------------------------------------------------------------------ copies

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
        # `_extra_kwargs` comes before `warm_tcp_connection` here and after it in `Cerebras.copy`.
        _extra_kwargs: Mapping[str, Any] = {},  # unasync: async-only
        warm_tcp_connection: Union[bool, NotGiven] = not_given,
        # unasync: sync-only: _extra_kwargs: Mapping[str, Any] = {},
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
