"""Configuration resolution without HTTP: API key, base URL, custom headers, timeouts, constants."""

from __future__ import annotations

from typing import Dict, Optional

import httpx
import pytest

from cerebras.cloud.sdk import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, CerebrasError, not_given
from cerebras.cloud.sdk._config import (
    DEFAULT_BASE_URL,
    MISSING_API_KEY,
    custom_headers,
    parse_custom_headers,
    resolve_api_key,
    resolve_base_url,
    resolve_timeout,
    with_trailing_slash,
)


def test_constants() -> None:
    assert DEFAULT_MAX_RETRIES == 2
    expected = httpx.Timeout(timeout=60, connect=5.0)
    assert expected == DEFAULT_TIMEOUT
    assert (DEFAULT_TIMEOUT.connect, DEFAULT_TIMEOUT.read, DEFAULT_TIMEOUT.write, DEFAULT_TIMEOUT.pool) == (
        5.0,
        60,
        60,
        60,
    )
    assert str(DEFAULT_TIMEOUT.read) == "60"
    # Hundreds of concurrent streams each get a connection, and keep it for the next one.
    assert DEFAULT_CONNECTION_LIMITS.max_connections == 512
    assert DEFAULT_CONNECTION_LIMITS.max_keepalive_connections == 512
    assert DEFAULT_CONNECTION_LIMITS.keepalive_expiry == 5.0
    assert DEFAULT_BASE_URL == "https://api.cerebras.ai"


def test_api_key_argument_env_and_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_api_key("sk-arg") == "sk-arg"
    assert resolve_api_key("") == ""
    with pytest.raises(CerebrasError) as info:
        resolve_api_key(None)
    assert type(info.value) is CerebrasError
    assert str(info.value) == (
        "The api_key client option must be set either by passing api_key to the client or by setting the "
        "CEREBRAS_API_KEY environment variable"
    )
    assert str(info.value) == MISSING_API_KEY
    monkeypatch.setenv("CEREBRAS_API_KEY", "sk-env")
    assert resolve_api_key(None) == "sk-env"
    assert resolve_api_key("sk-arg") == "sk-arg"


def test_empty_env_api_key_is_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_API_KEY", "")
    assert resolve_api_key(None) == ""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://h.test", "http://h.test/"),
        ("http://h.test/", "http://h.test/"),
        ("http://h.test/api", "http://h.test/api/"),
        ("http://h.test/api/", "http://h.test/api/"),
        (httpx.URL("https://h.test/a/b"), "https://h.test/a/b/"),
    ],
)
def test_base_url_gets_a_trailing_slash(given: object, expected: str) -> None:
    url = resolve_base_url(given)  # type: ignore[arg-type]
    assert isinstance(url, httpx.URL)
    assert url.raw_path.endswith(b"/")
    assert url.join("v1/models") == httpx.URL(expected + "v1/models")


def test_base_url_env_and_default(monkeypatch: pytest.MonkeyPatch) -> None:
    default = resolve_base_url(None)
    assert (default.scheme, default.host, default.raw_path) == ("https", "api.cerebras.ai", b"/")
    monkeypatch.setenv("CEREBRAS_BASE_URL", "http://env.test/base")
    assert resolve_base_url(None) == httpx.URL("http://env.test/base/")
    assert resolve_base_url("http://arg.test/x") == httpx.URL("http://arg.test/x/")


def test_with_trailing_slash_keeps_query_free_urls() -> None:
    assert with_trailing_slash(httpx.URL("http://h.test/x")).raw_path == b"/x/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, {}),
        ("", {}),
        ("X-One: 1", {"X-One": "1"}),
        ("X-One:1\nX-Two:two:parts", {"X-One": "1", "X-Two": "two:parts"}),
        ("  X-Pad  :  padded value  ", {"X-Pad": "padded value"}),
        ("no colon here\nX-A: a", {"X-A": "a"}),
        ("X-A: first\nX-A: second", {"X-A": "second"}),
        ("X-Empty:", {"X-Empty": ""}),
        ("X-Url: http://x.test:8080/p", {"X-Url": "http://x.test:8080/p"}),
    ],
)
def test_parse_custom_headers(value: Optional[str], expected: Dict[str, str]) -> None:
    assert parse_custom_headers(value) == expected


def test_explicit_default_headers_win_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_CUSTOM_HEADERS", "X-A: env\nX-B: env")
    assert custom_headers({"X-A": "arg"}) == {"X-A": "arg", "X-B": "env"}
    assert custom_headers(None) == {"X-A": "env", "X-B": "env"}


def test_resolve_timeout() -> None:
    assert resolve_timeout(not_given, None) is DEFAULT_TIMEOUT
    assert resolve_timeout(None, None) is None
    assert resolve_timeout(12, None) == 12
    with httpx.Client() as plain:
        assert resolve_timeout(not_given, plain) is DEFAULT_TIMEOUT
    with httpx.Client(timeout=12) as custom:
        assert resolve_timeout(not_given, custom) == httpx.Timeout(12)
        assert resolve_timeout(3.0, custom) == 3.0
        assert resolve_timeout(None, custom) is None
    with httpx.Client(timeout=None) as unlimited:
        assert resolve_timeout(not_given, unlimited) == httpx.Timeout(None)
