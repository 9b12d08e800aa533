"""PURE request building: per-call options plus the client's defaults become an `httpx.Request`.

`RequestBuilder` is made once per client configuration; it pre-merges the default headers so
that building an attempt costs a dict copy, one JSON encode and the `httpx.Request` itself.
Nothing here touches the network, the clock or the event loop.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union, cast
from urllib.parse import quote, urlencode

import httpx

from ._exceptions import RequestBuildError
from ._json import encode_json, to_jsonable
from ._narrow import is_list, is_mapping
from ._secrets import header_value_problem
from ._types import Headers, NotGiven, Omit, RequestFiles, not_given

if TYPE_CHECKING:
    from ._compression import RequestCompression

__all__ = [
    "FinalRequestOptions",
    "QueryString",
    "RequestBuilder",
    "encode_json",
    "encode_query",
    "header_problem",
    "merge_headers",
    "path_segment",
    "read_timeout_header",
    "to_jsonable",
]

TimeoutTypes = Union[float, httpx.Timeout, None]

RETRY_COUNT_HEADER = "x-stainless-retry-count"
READ_TIMEOUT_HEADER = "x-stainless-read-timeout"
RAW_RESPONSE_HEADER = "X-Stainless-Raw-Response"
OVERRIDE_CAST_TO_HEADER = "____stainless_override_cast_to"


@dataclass
class FinalRequestOptions:
    """Everything one API call asks for, before the client's defaults are applied.

    Resource methods build one per call; the low-level `client.request()` takes one directly
    (`FinalRequestOptions.construct(method="get", url="/v1/models")`).
    """

    method: str
    url: str
    params: Mapping[str, object] = field(default_factory=lambda: {})
    headers: Union[Headers, NotGiven] = not_given
    max_retries: Union[int, NotGiven] = not_given
    timeout: Union[TimeoutTypes, NotGiven] = not_given
    files: Optional[RequestFiles] = None
    idempotency_key: Optional[str] = None
    content: Union[bytes, bytearray, Any, None] = None
    json_data: Optional[object] = None
    extra_json: Optional[Mapping[str, object]] = None
    follow_redirects: Optional[bool] = None
    compress: bool = False
    """The body may be sent compressed, per the client's `request_compression` (chat and completions only)."""

    @classmethod
    def construct(cls, **values: Any) -> FinalRequestOptions:
        """Build from keyword arguments, ignoring `NotGiven`/`Omit` values and unknown keys."""
        names = cls.__dataclass_fields__
        kept = {k: v for k, v in values.items() if k in names and not isinstance(v, (NotGiven, Omit))}
        return cls(**kept)

    def get_max_retries(self, default: int) -> int:
        """The retry budget of this call: its own, or the client's."""
        return default if isinstance(self.max_retries, NotGiven) else self.max_retries


# --------------------------------------------------------------------------- query


def _flatten_query(key: str, value: object, out: List[Tuple[str, str]]) -> None:
    if isinstance(value, (Omit, NotGiven)) or value is None:
        return
    if isinstance(value, bool):
        out.append((key, "true" if value else "false"))
    elif is_mapping(value):
        for sub_key, sub_value in value.items():
            _flatten_query(f"{key}[{sub_key}]", sub_value, out)
    elif isinstance(value, (list, tuple)):
        for item in cast("List[object]", value):  # a list or a tuple of anything
            _flatten_query(key, item, out)
    else:
        out.append((key, str(value)))


def encode_query(params: Mapping[str, object]) -> List[Tuple[str, str]]:
    """Query pairs: lists repeat the key (`x=1&x=2`), nested mappings use brackets (`a[b]=1`)."""
    out: List[Tuple[str, str]] = []
    for key, value in params.items():
        _flatten_query(key, value, out)
    return out


def path_segment(value: str) -> str:
    """`value` percent-encoded as one URL path segment (`/` becomes `%2F`); dot segments refused."""
    if value in (".", ".."):
        raise ValueError(f"Constructed path contains dot-segment {value!r} which is not allowed")
    return quote(value, safe="!$&'()*+,;=:@-._~")


class QueryString:
    """The client's query serializer (`client.qs`): repeated keys for lists, brackets for nesting."""

    array_format = "repeat"
    nested_format = "brackets"

    def stringify_items(self, params: Mapping[str, object]) -> List[Tuple[str, str]]:
        """`params` as `(key, value)` pairs."""
        return encode_query(params)

    def stringify(self, params: Mapping[str, object]) -> str:
        """`params` as a percent-encoded query string."""
        return urlencode(encode_query(params))  # `+` for spaces on every httpx version (httpx < 0.28 gives `%20`)


# --------------------------------------------------------------------------- headers and timeouts


def merge_headers(*layers: Optional[Mapping[str, object]]) -> Dict[str, Tuple[str, object]]:
    """Merge header mappings case-insensitively (later wins), keyed by lower-cased name."""
    merged: Dict[str, Tuple[str, object]] = {}
    for layer in layers:
        if layer:
            for name, value in layer.items():
                merged[name.lower()] = (name, value)
    return merged


_TOKEN_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def header_problem(name: object, value: object) -> Optional[str]:
    """PURE. Why the header `name: value` cannot be sent, or `None` (the value is never quoted)."""
    if not isinstance(name, str) or not _TOKEN_NAME.fullmatch(name):
        return f"The header name {name!r} is not a valid HTTP header name"
    if isinstance(value, str):
        problem = header_value_problem(value)
        if problem is not None:
            return f"The value of the {name} header {problem}"
    return None


def _check_headers(headers: Mapping[str, object]) -> None:
    for name, value in headers.items():
        problem = header_problem(name, value)
        if problem is not None:
            raise RequestBuildError(problem)


def read_timeout_header(timeout: TimeoutTypes) -> Optional[str]:
    """The `x-stainless-read-timeout` value for an effective timeout (`None`: no header)."""
    read = timeout.read if isinstance(timeout, httpx.Timeout) else timeout
    return None if read is None else str(read)


# --------------------------------------------------------------------------- the builder

_PARSED_URLS_KEPT = 256


class RequestBuilder:
    """Turns `FinalRequestOptions` into `httpx.Request`s for one client configuration."""

    __slots__ = (
        "_async_override",
        "_base_headers",
        "_base_str",
        "_fallback_headers",
        "_timeout_ext",
        "_urls",
        "base_url",
        "compression",
        "default_query",
        "timeout",
    )

    def __init__(
        self,
        *,
        base_url: httpx.URL,
        base_headers: Mapping[str, Union[str, Omit]],
        default_query: Mapping[str, object],
        timeout: TimeoutTypes,
        async_override: bool = False,
        client_headers: Optional[httpx.Headers] = None,
        compression: Optional[RequestCompression] = None,
    ) -> None:
        self.base_url = base_url
        self.compression = compression
        base_str = str(base_url)
        self._base_str = base_str if base_str.endswith("/") else base_str + "/"
        # The httpx client's own headers (`httpx.Client(headers=...)`, `Accept-Encoding`, ...)
        # lie under the SDK's, as with `httpx.Client.build_request`; a header the SDK omits
        # falls back to the httpx client's value, if it has one.
        fallback: Dict[str, Tuple[str, object]] = {}
        if client_headers is not None:
            for raw_name, raw_value in client_headers.raw:
                name = raw_name.decode("latin-1")
                fallback[name.lower()] = (name, raw_value.decode("latin-1"))
        self._fallback_headers = fallback
        _check_headers({name: value for name, value in base_headers.items() if not isinstance(value, Omit)})
        self._base_headers = {**fallback, **merge_headers(base_headers)}
        # A custom header named X-Stainless-Async wins over the per-request value.
        self._async_override = async_override
        self.default_query = dict(default_query)
        self.timeout = timeout
        self._timeout_ext = httpx.Timeout(timeout).as_dict()
        # Parsed URLs by text: parsing costs more than the rest of `build`, and the same few recur.
        self._urls: Dict[str, httpx.URL] = {}

    def url_for(self, path: str) -> str:
        """`path` joined to the base URL (absolute URLs are used as they are)."""
        if path.startswith(("http://", "https://")):
            return path
        return self._base_str + path.lstrip("/")

    def build(
        self, options: FinalRequestOptions, *, retries_taken: int, async_library: Optional[str] = None
    ) -> httpx.Request:
        """The request for one attempt (`retries_taken` retries already happened).

        `async_library` is the running async library's name for the async client (`None` for
        the sync client): it sets `X-Stainless-Async`.
        """
        method = options.method.upper()
        own = None if isinstance(options.headers, NotGiven) else options.headers
        headers = self._attempt_headers(own, retries_taken, async_library)
        timeout = self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        if own is None or not any(name.lower() == READ_TIMEOUT_HEADER for name in own):
            read = read_timeout_header(timeout)
            if read is not None:
                headers[READ_TIMEOUT_HEADER] = (READ_TIMEOUT_HEADER, read)
        # A copy per request: a stream shortens its own read timeout to drain after `[DONE]`.
        timeout_ext = dict(self._timeout_ext) if timeout is self.timeout else httpx.Timeout(timeout).as_dict()
        content, files, data = self._payload(options, method, headers, own)
        header_list = self._header_list(headers)
        url = self.url_for(options.url)
        params = options.params
        if params or self.default_query:
            url = self._with_query(url, params)
        if OVERRIDE_CAST_TO_HEADER in headers:
            header_list = [h for h in header_list if h[0] != OVERRIDE_CAST_TO_HEADER]
        parsed = self._urls.get(url)
        if parsed is None:
            parsed = httpx.URL(url)
            if len(self._urls) < _PARSED_URLS_KEPT:
                self._urls[url] = parsed
        return httpx.Request(
            method,
            parsed,
            headers=cast("List[Tuple[str, str]]", header_list),
            content=content,
            files=files,
            data=data,
            extensions={"timeout": timeout_ext},
        )

    def _attempt_headers(
        self, own: Optional[Mapping[str, Union[str, Omit]]], retries_taken: int, async_library: Optional[str]
    ) -> Dict[str, Tuple[str, object]]:
        """The client's headers merged with the call's own (checked), and the retry count."""
        headers = dict(self._base_headers)
        if async_library is not None and not self._async_override:
            headers["x-stainless-async"] = ("X-Stainless-Async", f"async:{async_library}")
        if own is not None:
            for name, value in own.items():
                if name != OVERRIDE_CAST_TO_HEADER:
                    problem = header_problem(name, value)
                    if problem is not None:
                        raise RequestBuildError(problem)
                headers[name.lower()] = (name, value)
        if own is None or not any(name.lower() == RETRY_COUNT_HEADER for name in own):
            headers[RETRY_COUNT_HEADER] = (RETRY_COUNT_HEADER, str(retries_taken))
        return headers

    def _payload(
        self,
        options: FinalRequestOptions,
        method: str,
        headers: Dict[str, Tuple[str, object]],
        own: Optional[Mapping[str, Union[str, Omit]]],
    ) -> Tuple[Any, Any, Any]:
        """`(content, files, data)` of the request; drops `content-type` where httpx must set it."""
        user_set_content_type = own is not None and any(name.lower() == "content-type" for name in own)
        if options.content is not None:
            if options.json_data is not None:
                raise TypeError("Passing both `body` and `content` is not supported")
            if options.files is not None:
                raise TypeError("Passing both `files` and `content` is not supported")
            return options.content, None, None
        if method == "GET" or options.files is not None:
            if not user_set_content_type:
                headers.pop("content-type", None)
            return (None, None, None) if method == "GET" else (None, options.files, self._body(options))
        body = self._body(options)
        if isinstance(body, (bytes, bytearray)):
            warnings.warn(
                "Passing raw bytes as `body` is deprecated; use `content=` instead.", DeprecationWarning, stacklevel=5
            )
            return body, None, None
        return (None if body is None else encode_json(body)), None, None

    def _header_list(self, headers: Dict[str, Tuple[str, object]]) -> List[Tuple[str, object]]:
        """`(name, value)` pairs to send: an `omit` value falls back to the http client's own header."""
        header_list: List[Tuple[str, object]] = []
        for key, (name, value) in headers.items():
            if isinstance(value, Omit):
                fallback = self._fallback_headers.get(key)
                if fallback is not None:
                    header_list.append(fallback)
            else:
                header_list.append((name, value))
        return header_list

    def prepare(self, options: FinalRequestOptions) -> FinalRequestOptions:
        """`options` with its JSON body encoded once, so that every attempt sends the same bytes.

        A body holding iterators (a generator of messages, say) would be used up by the first
        attempt; encoded here, before the first attempt, it is read exactly once. A body that
        cannot be encoded raises `RequestBuildError` here, so nothing is sent or retried.
        """
        if (
            options.content is not None
            or options.files is not None
            or options.method.upper() == "GET"
            or (options.json_data is None and not options.extra_json)
        ):
            return options
        body = self._body(options)
        if body is None or isinstance(body, (bytes, bytearray)):
            return options
        if options.compress and self.compression is not None and self.compression.mode != "none":
            return self._compressed(options, body)
        try:
            content = encode_json(body)
        except (TypeError, ValueError, RecursionError) as exc:
            raise RequestBuildError(f"The request body cannot be encoded as JSON: {exc}") from exc
        return replace(options, json_data=None, extra_json=None, content=content)

    def _compressed(self, options: FinalRequestOptions, body: object) -> FinalRequestOptions:
        """`prepare` for a body the client compresses (unless the call set its own encoding headers)."""
        from ._compression import encode_compressed

        own: Mapping[str, Union[str, Omit]] = {} if isinstance(options.headers, NotGiven) else options.headers
        if any(name.lower() in ("content-type", "content-encoding") for name in own):
            return self.prepare(replace(options, compress=False))
        try:
            content, headers = encode_compressed(body, cast("RequestCompression", self.compression))
        except (TypeError, ValueError, RecursionError) as exc:
            raise RequestBuildError(f"The request body cannot be encoded: {exc}") from exc
        return replace(options, json_data=None, extra_json=None, content=content, headers={**own, **headers})

    def _body(self, options: FinalRequestOptions) -> object:
        body = options.json_data
        extra = options.extra_json
        if extra:
            if body is None:
                body = dict(extra)
            elif is_mapping(body):
                body = {**body, **extra}
            else:
                raise RuntimeError(f"Expected a mapping body to merge `extra_body` into, got {type(body).__name__}")
        if is_mapping(body):
            body = {k: v for k, v in body.items() if not isinstance(v, (Omit, NotGiven))}
        return body

    def _with_query(self, url: str, params: Mapping[str, object]) -> str:
        merged: Dict[str, object] = {}
        parsed = httpx.URL(url)
        for key, value in parsed.params.multi_items():
            existing = merged.get(key)
            if existing is None:
                merged[key] = value
            elif is_list(existing):
                existing.append(value)
            else:
                merged[key] = [existing, value]
        merged.update(self.default_query)
        merged.update(params)
        pairs = encode_query(merged)
        return str(parsed.copy_with(params=pairs) if pairs else parsed.copy_with(query=None))
