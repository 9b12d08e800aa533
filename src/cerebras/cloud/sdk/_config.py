"""Client defaults, and the resolution of constructor arguments plus `CEREBRAS_*` variables."""

from __future__ import annotations

import os
from typing import Dict, Mapping, Optional, Union

import httpx

from ._exceptions import CerebrasError
from ._secrets import Secret, api_key_problem
from ._types import NotGiven, Omit

__all__ = [
    "VERSION_PATCH_HEADER",
    "resolve_version_patch",
    "DEFAULT_BASE_URL",
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "check_base_url",
    "parse_custom_headers",
    "resolve_api_key",
    "resolve_base_url",
    "resolve_timeout",
    "warming_enabled",
]

DEFAULT_TIMEOUT = httpx.Timeout(timeout=60, connect=5.0)
"""60 s to read, write or wait for a pooled connection; 5 s to connect."""
DEFAULT_MAX_RETRIES = 2
"""Retries after the first attempt (so at most 3 attempts)."""
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=512, max_keepalive_connections=512)
"""Up to 512 connections, all kept alive (5 s) between requests: hundreds of concurrent
streams each get their own HTTP/1.1 connection instead of queueing for one, and reuse it for
the next stream instead of reconnecting. More concurrent requests than that wait for a free
connection (up to the pool timeout)."""
DEFAULT_BASE_URL = "https://api.cerebras.ai"

_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)

MISSING_API_KEY = (
    "The api_key client option must be set either by passing api_key to the client "
    "or by setting the CEREBRAS_API_KEY environment variable"
)


def resolve_api_key(api_key: Optional[str]) -> Secret:
    """The argument, else `CEREBRAS_API_KEY`, else `CerebrasError` (an empty string is a key).

    A key that cannot be sent as a header value (a line break, non-ASCII characters, control
    characters, surrounding whitespace) is refused at once with a `CerebrasError` naming the
    problem (never the key), so nothing is ever sent with it.
    """
    if api_key is None:
        api_key = os.environ.get("CEREBRAS_API_KEY")
    if api_key is None:
        raise CerebrasError(MISSING_API_KEY)
    if not isinstance(api_key, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise CerebrasError(f"The API key must be a string, got {type(api_key).__name__}")
    problem = api_key_problem(api_key)
    if problem is not None:
        raise CerebrasError(problem) from None
    return Secret(api_key)


VERSION_PATCH_HEADER = "X-Cerebras-Version-Patch"
"""The header that asks the API for a newer behaviour version of a request (the documented value is `2`)."""


def resolve_version_patch(value: Union[int, str, None]) -> Optional[str]:
    """The argument, else `CEREBRAS_API_VERSION_PATCH`, else `None` (no header); as header text."""
    if value is None:
        value = os.environ.get("CEREBRAS_API_VERSION_PATCH") or None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"`api_version_patch` must be an int or a str, got {type(value).__name__}")
    text = str(value).strip()
    if not text or not text.isprintable() or any(c in text for c in "\r\n"):
        raise ValueError(f"`api_version_patch` must be a short printable value such as 2, got {value!r}")
    return text


def resolve_base_url(base_url: Union[str, httpx.URL, None]) -> httpx.URL:
    """The argument, else `CEREBRAS_BASE_URL`, else the public API; always with a trailing `/`.

    Raises `CerebrasError` for a URL that cannot be used (see `check_base_url`).
    """
    if base_url is None:
        base_url = os.environ.get("CEREBRAS_BASE_URL") or DEFAULT_BASE_URL
    return with_trailing_slash(check_base_url(base_url))


def check_base_url(base_url: Union[str, httpx.URL]) -> httpx.URL:
    """`base_url` parsed, or `CerebrasError` naming what is wrong with it.

    It must be an absolute `http://` or `https://` URL with a host and a valid port, and
    carry no user name or password (credentials in the URL would replace the API key with
    HTTP Basic authentication, and show wherever the URL is shown). The message never quotes
    the URL, which may hold a password.
    """
    try:
        url = base_url if isinstance(base_url, httpx.URL) else httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise CerebrasError(f"The base URL is not a valid URL: {_url_problem(exc)}") from None
    if url.scheme not in ("http", "https"):
        shown = f"`{url.scheme}://`" if url.scheme and "://" in str(base_url) else "no scheme"
        raise CerebrasError(f"The base URL must start with http:// or https:// (it has {shown})")
    if not url.host:
        raise CerebrasError("The base URL has no host name")
    port = url.port
    if port is not None and not 0 < port < 65536:
        raise CerebrasError(f"The base URL has an invalid port: {port} (ports are 1 to 65535)")
    if url.userinfo:
        raise CerebrasError(
            "The base URL must not contain a user name or password; pass the API key as `api_key` "
            "(or CEREBRAS_API_KEY) instead"
        )
    return url


def _url_problem(exc: Exception) -> str:
    text = str(exc)
    # httpx's messages name the component ("Invalid port: '99999'"), never the whole URL.
    return text.split(":", 1)[0] if "@" in text else text


def with_trailing_slash(url: httpx.URL) -> httpx.URL:
    """`url` with a path that ends in `/`, so relative request paths join below it."""
    if url.raw_path.endswith(b"/"):
        return url
    return url.copy_with(raw_path=url.raw_path + b"/")


def resolve_timeout(
    timeout: Union[float, httpx.Timeout, NotGiven, None], http_client: Optional[httpx._client.BaseClient]
) -> Union[float, httpx.Timeout, None]:
    """The client timeout: the argument, else a custom `http_client`'s own (if not httpx's
    default 5 s), else `DEFAULT_TIMEOUT`."""
    if not isinstance(timeout, NotGiven):
        return timeout
    if http_client is not None and http_client.timeout != _HTTPX_DEFAULT_TIMEOUT:
        return http_client.timeout
    return DEFAULT_TIMEOUT


def parse_custom_headers(value: Optional[str]) -> Dict[str, str]:
    """`CEREBRAS_CUSTOM_HEADERS`: newline-separated `Name: value` lines (no colon: ignored)."""
    headers: Dict[str, str] = {}
    if not value:
        return headers
    for line in value.split("\n"):
        name, colon, rest = line.partition(":")
        if colon:
            headers[name.strip()] = rest.strip()
    return headers


def custom_headers(default_headers: Optional[Mapping[str, Union[str, Omit]]]) -> Dict[str, Union[str, Omit]]:
    """`CEREBRAS_CUSTOM_HEADERS` with `default_headers` over it (explicit arguments win)."""
    merged: Dict[str, Union[str, Omit]] = dict(parse_custom_headers(os.environ.get("CEREBRAS_CUSTOM_HEADERS")))
    if default_headers:
        merged.update(default_headers)
    return merged


def warming_enabled(requested: bool) -> bool:
    """Whether to warm the TCP connection: as requested, unless `CEREBRAS_WARM_TCP_CONNECTION`
    is set to a false value (`0`, `false`, `no`, `off`), which disables it globally."""
    env = os.environ.get("CEREBRAS_WARM_TCP_CONNECTION")
    if env is not None and env.strip().lower() in ("0", "false", "no", "off"):
        return False
    return requested
