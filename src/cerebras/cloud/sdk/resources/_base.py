"""What every resource shares: a reference to its client, and PURE per-call option building."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type, TypeVar, Union

from typing_extensions import Protocol

from .._deprecations import warn_deprecations
from .._request import FinalRequestOptions, path_segment
from .._types import Headers, NotGiven, Omit, omit
from ..pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage

__all__ = [
    "AsyncAPIResource",
    "AsyncRequester",
    "SyncAPIResource",
    "SyncRequester",
    "cursor_page_async",
    "call_options",
    "cursor_page",
    "id_options",
    "inference_options",
    "list_options",
    "publish",
]

_T = TypeVar("_T")

_SENTINELS = (Omit, NotGiven)

HEADER_PARAMS: Mapping[str, str] = {
    "cf_ray": "CF-RAY",
    "x_amz_cf_id": "X-Amz-Cf-Id",
    "x_delay_time": "X-delay-time",
    "api_version_patch": "X-Cerebras-Version-Patch",
}
"""Keyword parameters sent as request headers, and the exact header names."""

_REQUEST_OPTIONS = frozenset({"self", "extra_headers", "extra_query", "extra_body", "timeout"})


class SyncRequester(Protocol):
    """What a sync resource needs of its client (`Cerebras` is one): send options, get the result."""

    def request(
        self, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Optional[type] = None
    ) -> Any:
        """Send `options` and convert the answer to `cast_to` (or a stream of `stream_cls`)."""
        ...


class AsyncRequester(Protocol):
    """What an async resource needs of its client (`AsyncCerebras` is one)."""

    async def request(
        self, cast_to: Any, options: FinalRequestOptions, *, stream: bool = False, stream_cls: Optional[type] = None
    ) -> Any:
        """Send `options` and convert the answer to `cast_to` (or a stream of `stream_cls`)."""
        ...


class SyncAPIResource:
    """Base of the sync resources: holds the client (a `Cerebras`)."""

    _client: SyncRequester

    def __init__(self, client: SyncRequester) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of the async resources: holds the client (an `AsyncCerebras`)."""

    _client: AsyncRequester

    def __init__(self, client: AsyncRequester) -> None:
        self._client = client


def call_options(
    method: str,
    path: str,
    arguments: Mapping[str, Any],  # the method's `locals()`, typed by its own signature
    *,
    query: Optional[Mapping[str, object]] = None,
) -> FinalRequestOptions:
    """PURE. The options of one resource call, from the method's arguments (its `locals()`).

    Arguments left at `omit`/`not_given` are dropped; `None` is kept (sent as `null`). Body
    keys keep the order of the method's parameters. Header-style parameters become headers
    only when given, so a client-level default header of the same name is never removed.
    `extra_headers` override them, `extra_query` overrides the method's query parameters, and
    `extra_body` is merged over the body (and ignored for GET and DELETE, which send no body).
    """
    body: Dict[str, object] = {}
    headers: Dict[str, Union[str, Omit]] = {}
    for key, value in arguments.items():
        if isinstance(value, _SENTINELS) or key in _REQUEST_OPTIONS:  # most arguments are `omit`
            continue
        header = HEADER_PARAMS.get(key)
        if header is not None:
            headers[header] = value if isinstance(value, str) else str(value)
        else:
            body[key] = value
    extra_headers: Optional[Headers] = arguments.get("extra_headers")
    if extra_headers:
        headers.update(extra_headers)
    params: Dict[str, object] = dict(query) if query else {}
    extra_query: Optional[Mapping[str, object]] = arguments.get("extra_query")
    if extra_query:
        params.update(extra_query)
    is_get = method in ("get", "delete")  # neither sends a body
    return FinalRequestOptions(
        method=method,
        url=path,
        params=params,
        headers=headers,
        timeout=arguments.get("timeout", NotGiven()),
        json_data=None if is_get else body,
        extra_json=None if is_get else arguments.get("extra_body"),
    )


def inference_options(client: object, path: str, arguments: Mapping[str, Any]) -> FinalRequestOptions:
    """`call_options` of a chat or text completion: the body may be compressed (the client's
    `request_compression`), and deprecated parameters or models are warned about (never fetching
    anything: see `_deprecations`)."""
    disable_reasoning = arguments.get("disable_reasoning", omit)
    warn_deprecations(client, arguments.get("model"), disable_reasoning=not isinstance(disable_reasoning, _SENTINELS))
    options = call_options("post", path, arguments)
    options.compress = True
    return options


def list_options(path: str, arguments: Dict[str, Any]) -> FinalRequestOptions:
    """PURE. The options of a cursor-paginated `list` call: `limit` and `after` (when given) as the query."""
    query = {key: arguments.pop(key) for key in ("limit", "after")}
    return call_options("get", path, arguments, query={k: v for k, v in query.items() if not isinstance(v, Omit)})


def id_options(
    method: str, prefix: str, id_name: str, arguments: Dict[str, Any], suffix: str = ""
) -> FinalRequestOptions:
    """PURE. The options of a call on one object: the `id_name` argument percent-encoded into the
    path after `prefix` (an empty id raises `ValueError`), then `suffix`."""
    object_id = arguments.pop(id_name)
    if not object_id:
        raise ValueError(f"Expected a non-empty value for `{id_name}` but received {object_id!r}")
    return call_options(method, f"{prefix}/{path_segment(object_id)}{suffix}", arguments)


def cursor_page(client: SyncRequester, item: Type[_T], options: FinalRequestOptions) -> SyncCursorPage[_T]:
    """The first page of a list (a sync client's `list()`): iterating it fetches the next pages."""
    return client.request(SyncCursorPage[item], options)


def cursor_page_async(client: AsyncRequester, item: Type[_T], options: FinalRequestOptions) -> AsyncPaginator[_T]:
    """What an async client's `list()` returns: `await` it for the first page, or `async for` over every item."""
    return AsyncPaginator(lambda: client.request(AsyncCursorPage[item], options))


def publish(module: str, *classes: type) -> None:
    """Show `classes` as members of `module` (their public home) rather than of the module that
    defines them: an async source or the sync module generated from it."""
    for cls in classes:
        cls.__module__ = module
