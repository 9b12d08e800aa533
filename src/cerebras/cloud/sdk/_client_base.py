"""What both clients share: configuration and the request defaults derived from it, `copy()`,
and the options of one low-level call (the verbs themselves are in `_verbs`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, TypeVar, Union

import httpx

from ._compression import CompressionArg, parse_compression
from ._config import (
    VERSION_PATCH_HEADER,
    check_base_url,
    custom_headers,
    resolve_api_key,
    resolve_base_url,
    resolve_timeout,
    resolve_version_patch,
    with_trailing_slash,
)
from ._deprecations import catalog_of
from ._limits import ResponseLimits, check_limit
from ._platform import platform_headers
from ._request import (
    OVERRIDE_CAST_TO_HEADER,
    RAW_RESPONSE_HEADER,
    FinalRequestOptions,
    QueryString,
    RequestBuilder,
)
from ._retry import RetryPolicy
from ._secrets import Secret
from ._security import check_transport_security
from ._types import Headers, NotGiven, Omit, RequestFiles, RequestOptions, not_given
from ._version import __version__

if TYPE_CHECKING:
    from ._http import AsyncSender, SyncSender
    from ._rate_limits import RateLimits

__all__ = ["ClientBase", "TimeoutArg"]

TimeoutArg = Union[float, httpx.Timeout, None, NotGiven]

_ClientT = TypeVar("_ClientT", bound="ClientBase")
_CONFIGURE_ARGUMENTS = (
    "api_key",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "default_query",
    "http_client",
    "max_rate_limit_wait",
    "api_version_patch",
    "request_compression",
)
_LIMIT_ARGUMENTS = ("max_response_bytes", "max_event_bytes", "stream_timeout", "stream_idle_timeout")


class ClientBase:
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
    _response_limits: ResponseLimits
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
        api_version_patch: Union[int, str, None] = None,
        request_compression: CompressionArg = not_given,
    ) -> None:
        self.api_key = resolve_api_key(api_key)
        self._api_version_patch = resolve_version_patch(api_version_patch)
        self._request_compression = parse_compression(request_compression)
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

    def _configure_from(self, arguments: Mapping[str, Any]) -> None:
        """`_configure` and `_set_response_limits` from a client constructor's `locals()`."""
        self._configure(
            **{name: arguments[name] for name in _CONFIGURE_ARGUMENTS},
            strict=arguments["_strict_response_validation"],
        )
        self._set_response_limits(ResponseLimits(**{name: arguments[name] for name in _LIMIT_ARGUMENTS}))

    def _set_response_limits(self, limits: ResponseLimits) -> None:
        check_limit("max_response_bytes", limits.max_response_bytes, integer=True)
        check_limit("max_event_bytes", limits.max_event_bytes, integer=True)
        check_limit("stream_timeout", limits.stream_timeout)
        check_limit("stream_idle_timeout", limits.stream_idle_timeout)
        self._response_limits = limits
        sender: Optional[Union[SyncSender, AsyncSender]] = getattr(self, "_sender", None)
        if sender is not None:
            sender.limits = limits

    @property
    def max_response_bytes(self) -> int:
        """The largest non-streamed response body accepted, in bytes after decompression.

        A larger body raises `ResponseTooLargeError` and its connection is closed. Default
        64 MiB; set it with `Cerebras(max_response_bytes=...)` or `with_options(...)`.
        """
        return self._response_limits.max_response_bytes

    @property
    def max_event_bytes(self) -> int:
        """The largest line or event of a stream, in bytes after decompression (default 16 MiB).

        A longer one raises `ResponseTooLargeError` and closes the connection.
        """
        return self._response_limits.max_event_bytes

    @property
    def stream_timeout(self) -> Optional[float]:
        """Seconds a stream may last in all before `APITimeoutError` (default `None`: no limit)."""
        return self._response_limits.stream_timeout

    @property
    def stream_idle_timeout(self) -> Optional[float]:
        """Seconds a stream may go without an item before `APITimeoutError` (default `None`).

        Unlike the read timeout, data that makes no item (comments, keep-alive lines, a drip
        of bytes) does not renew it.
        """
        return self._response_limits.stream_idle_timeout

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
        self._base_url = with_trailing_slash(check_base_url(url))
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
        return {"Authorization": Secret(f"Bearer {self.api_key}")}

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
            **self._version_headers(),
            **self._custom_headers,
            "X-Stainless-Async": self._async_marker(),
            **self._custom_headers,
        }

    def _version_headers(self) -> Dict[str, str]:
        patch = getattr(self, "_api_version_patch", None)
        return {} if patch is None else {VERSION_PATCH_HEADER: patch}

    @property
    def api_version_patch(self) -> Optional[str]:
        """The API version patch sent as `X-Cerebras-Version-Patch` (`None`: the header is not sent)."""
        return self._api_version_patch

    @property
    def request_compression(self) -> str:
        """How chat and completion bodies are encoded: `"auto"`, `"none"`, `"gzip"`, `"msgpack"` or `"msgpack+gzip"`."""
        return self._request_compression.mode

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
        return f"<{type(self).__name__} base_url={str(getattr(self, '_base_url', ''))!r}>"

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
            compression=self._request_compression,
        )

    def _rebuild(self) -> None:
        sender: Optional[Union[SyncSender, AsyncSender]] = getattr(self, "_sender", None)
        if sender is not None:
            sender.builder = self._builder()

    def _copy(self: _ClientT, arguments: Mapping[str, Any]) -> _ClientT:
        """The body of `copy()` / `with_options()` for both clients; `arguments` are its `locals()`."""
        default_headers: Optional[Headers] = arguments["default_headers"]
        set_default_headers: Optional[Headers] = arguments["set_default_headers"]
        default_query: Optional[Mapping[str, object]] = arguments["default_query"]
        set_default_query: Optional[Mapping[str, object]] = arguments["set_default_query"]
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
        timeout = arguments["timeout"]
        max_retries = arguments["max_retries"]
        http_client = arguments["http_client"] or self._client
        warm = arguments["warm_tcp_connection"]
        if isinstance(warm, NotGiven):  # a copy sharing the (warm) pool does not warm it again
            warm = http_client is not self._client
        kwargs: Dict[str, Any] = {
            "api_key": arguments["api_key"] or self.api_key,
            "base_url": arguments["base_url"] or self.base_url,
            "timeout": self._timeout if isinstance(timeout, NotGiven) else timeout,
            "max_retries": self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            "default_headers": headers,
            "default_query": query,
            "http_client": http_client,
            "warm_tcp_connection": warm,
            # The official SDK drops this flag on copies; a strict client's copies stay strict.
            "_strict_response_validation": self._strict_response_validation,
        }
        patch = arguments.get("api_version_patch", not_given)
        kwargs["api_version_patch"] = self._api_version_patch if isinstance(patch, NotGiven) else patch
        compression = arguments.get("request_compression", not_given)
        kwargs["request_compression"] = (
            self._request_compression.mode if isinstance(compression, NotGiven) else compression
        )
        copied = type(self)(**{**kwargs, **arguments["_extra_kwargs"]})
        copied.__dict__["_model_catalog"] = catalog_of(self)  # copies share what the catalogue told
        copied._retry_policy = self._retry_policy
        copied._sender.policy = self._retry_policy
        copied._sender.sleep = self._sender.sleep
        wait = arguments["max_rate_limit_wait"]
        if not isinstance(wait, NotGiven):
            copied._set_max_rate_limit_wait(wait)
        limits = {
            name: arguments[name]
            for name in ("max_response_bytes", "max_event_bytes", "stream_timeout", "stream_idle_timeout")
            if not isinstance(arguments.get(name, not_given), NotGiven)
        }
        copied._set_response_limits(replace(self._response_limits, **limits))
        return copied

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
    def _request_mode(options: FinalRequestOptions, cast_to: object) -> tuple[Optional[str], object]:
        headers = options.headers
        if isinstance(headers, NotGiven) or not headers:
            return None, cast_to
        marker = headers.get(RAW_RESPONSE_HEADER)
        override = headers.get(OVERRIDE_CAST_TO_HEADER)
        if override is not None:
            cast_to = override
        return (marker if isinstance(marker, str) else None), cast_to
