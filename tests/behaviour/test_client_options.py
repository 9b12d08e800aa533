"""Client construction, configuration, `copy()`/`with_options()` and lifecycle, for both clients."""

from __future__ import annotations

import math
from typing import Any, Callable

import anyio
import httpx
import pytest

from _support import Driver, FakeApi, reply, resolve
from cerebras.cloud.sdk import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncCerebras,
    AsyncClient,
    Cerebras,
    CerebrasError,
    Client,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
    not_given,
    omit,
)

LISTING = reply(200, {"object": "list", "data": []})
KEY = "sk-test-0123456789abcdef"


def client_class(api: Driver) -> Any:
    return AsyncCerebras if api.is_async else Cerebras


# --------------------------------------------------------------------------- construction and env


async def test_api_key_from_env(api: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_API_KEY", "sk-from-env")
    server = FakeApi(LISTING)
    client = api.client(server, api_key=None)
    assert client.api_key == "sk-from-env"
    await resolve(client.models.list())
    assert server.last.headers["authorization"] == "Bearer sk-from-env"


async def test_missing_api_key(api: Driver) -> None:
    with pytest.raises(CerebrasError) as info:
        client_class(api)(base_url="http://api.test")
    assert type(info.value) is CerebrasError
    assert str(info.value) == (
        "The api_key client option must be set either by passing api_key to the client or by setting the "
        "CEREBRAS_API_KEY environment variable"
    )


async def test_empty_api_key_is_accepted(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(server, api_key="")
    assert client.api_key == ""
    await resolve(client.models.list())
    assert server.last.headers["authorization"] == "Bearer "


async def test_base_url_from_env_and_default(api: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    cls = client_class(api)
    default = cls(api_key="k", warm_tcp_connection=False)
    assert (default.base_url.scheme, default.base_url.host, default.base_url.raw_path) == (
        "https",
        "api.cerebras.ai",
        b"/",
    )
    await resolve(default.close())
    monkeypatch.setenv("CEREBRAS_BASE_URL", "http://env.test/base")
    server = FakeApi(LISTING)
    client = api.client(server, base_url=None)
    assert client.base_url == httpx.URL("http://env.test/base/")
    await resolve(client.models.list())
    assert str(server.last.url) == "http://env.test/base/v1/models"


async def test_base_url_trailing_slash_and_setter(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(server, base_url="http://h.test/api")
    assert client.base_url == httpx.URL("http://h.test/api/")
    await resolve(client.models.list())
    assert str(server.last.url) == "http://h.test/api/v1/models"
    client.base_url = "http://other.test/v2"
    assert client.base_url == httpx.URL("http://other.test/v2/")
    await resolve(client.models.list())
    assert str(server.last.url) == "http://other.test/v2/v1/models"
    client.base_url = httpx.URL("http://third.test/")
    await resolve(client.models.retrieve("m"))
    assert str(server.last.url) == "http://third.test/v1/models/m"


async def test_custom_headers_env(api: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_CUSTOM_HEADERS", "X-One: 1\nX-Two:two:parts\nnot a header\nX-Three: env")
    server = FakeApi(LISTING)
    client = api.client(server, default_headers={"X-Three": "explicit"})
    await resolve(client.models.list())
    headers = server.last.headers
    assert headers["X-One"] == "1"
    assert headers["X-Two"] == "two:parts"
    assert headers.get_list("X-Three") == ["explicit"]
    assert "not a header" not in str(headers)


async def test_default_headers_override_and_omit_built_ins(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(
        server, default_headers={"X-Stainless-Async": "mine", "x-stainless-lang": omit, "X-Custom": "c"}
    )
    await resolve(client.models.list())
    headers = server.last.headers
    assert headers.get_list("X-Stainless-Async") == ["mine"]
    assert "x-stainless-lang" not in headers
    assert headers["X-Custom"] == "c"


async def test_http_client_headers_lie_under_the_sdk_headers(api: Driver) -> None:
    server = FakeApi(LISTING)
    http_client = api.http_client(server, headers={"X-Proxy-Token": "p", "User-Agent": "ignored"})
    client = api.client(server, http_client=http_client)
    await resolve(client.models.list())
    assert server.last.headers["X-Proxy-Token"] == "p"
    assert server.last.headers.get_list("User-Agent") == [client.user_agent]


async def test_http_client_cookies_are_sent(api: Driver) -> None:
    server = FakeApi(LISTING)
    http_client = api.http_client(server, cookies={"session": "abc"})
    client = api.client(server, http_client=http_client)
    await resolve(client.models.list())
    assert server.last.headers["Cookie"] == "session=abc"
    no_cookies = api.client(server)
    await resolve(no_cookies.models.list())
    assert "Cookie" not in server.last.headers


async def test_max_retries_none_is_a_type_error(api: Driver) -> None:
    with pytest.raises(TypeError, match="max_retries cannot be None"):
        client_class(api)(api_key="k", max_retries=None, warm_tcp_connection=False)


def test_wrong_http_client_type() -> None:
    with httpx.Client() as sync_http, pytest.raises(TypeError) as info:
        AsyncCerebras(api_key="k", http_client=sync_http)  # type: ignore[arg-type]
    assert str(info.value) == (
        "Invalid `http_client` argument; Expected an instance of `httpx.AsyncClient` but got <class 'httpx.Client'>"
    )


async def test_wrong_http_client_type_sync() -> None:
    async with httpx.AsyncClient() as async_http:
        with pytest.raises(TypeError) as info:
            Cerebras(api_key="k", http_client=async_http)  # type: ignore[arg-type]
    assert str(info.value) == (
        "Invalid `http_client` argument; Expected an instance of `httpx.Client` but got <class 'httpx.AsyncClient'>"
    )


async def test_timeout_resolution_with_custom_http_client(api: Driver) -> None:
    server = FakeApi(LISTING)
    # The test is about http clients the user builds around a transport, so it builds them itself.
    transport = httpx.MockTransport(server)
    if api.is_async:
        defaults, twelve, plain = (
            DefaultAsyncHttpxClient(transport=transport),
            httpx.AsyncClient(transport=transport, timeout=12),
            httpx.AsyncClient(transport=transport),
        )
    else:
        defaults, twelve, plain = (
            DefaultHttpxClient(transport=transport),
            httpx.Client(transport=transport, timeout=12),
            httpx.Client(transport=transport),
        )
    assert api.client(server, http_client=defaults).timeout == DEFAULT_TIMEOUT
    client = api.client(server, http_client=twelve)
    assert client.timeout == httpx.Timeout(12)
    await resolve(client.models.list())
    assert server.last.headers["x-stainless-read-timeout"] == "12"
    assert server.last.extensions["timeout"]["connect"] == 12
    plain_client = api.client(server, http_client=plain)
    assert plain_client.timeout == DEFAULT_TIMEOUT
    await resolve(plain_client.models.list())
    assert server.last.headers["x-stainless-read-timeout"] == "60"
    assert server.last.extensions["timeout"] == {"connect": 5.0, "read": 60, "write": 60, "pool": 60}
    explicit = api.client(server, http_client=twelve, timeout=3.0)
    assert explicit.timeout == 3.0


async def test_client_timeout_none(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(server, timeout=None)
    assert client.timeout is None
    await resolve(client.models.list())
    assert "x-stainless-read-timeout" not in server.last.headers


# --------------------------------------------------------------------------- attributes


async def test_public_attributes(api: Driver) -> None:
    client = api.client(FakeApi(), default_headers={"X-A": "a"}, default_query={"q": "1"}, max_retries=5)
    name = "AsyncCerebras" if api.is_async else "Cerebras"
    assert client.api_key == KEY
    assert client.max_retries == 5
    assert client.timeout == DEFAULT_TIMEOUT
    assert client.user_agent == f"{name}/Python 1.91.0"
    assert client.auth_headers == {"Authorization": f"Bearer {KEY}"}
    assert client.custom_auth is None
    assert client.default_query == {"q": "1"}
    client.default_query["mutated"] = "no"
    assert client.default_query == {"q": "1"}
    platform = client.platform_headers()
    assert set(platform) == {
        "X-Stainless-Lang",
        "X-Stainless-Package-Version",
        "X-Stainless-OS",
        "X-Stainless-Arch",
        "X-Stainless-Runtime",
        "X-Stainless-Runtime-Version",
    }
    assert platform["X-Stainless-Package-Version"] == "1.91.0"
    headers = client.default_headers
    assert headers["Accept"] == "application/json"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == f"{name}/Python 1.91.0"
    assert headers["Authorization"] == f"Bearer {KEY}"
    assert headers["X-A"] == "a"
    assert headers["X-Stainless-Async"] == api.async_header
    assert client.qs.stringify({"x": [1, 2]}) == "x=1&x=2"
    assert DEFAULT_MAX_RETRIES == 2
    assert api.client(FakeApi()).max_retries == 2


async def test_subclass_changes_the_user_agent(api: Driver) -> None:
    base = client_class(api)
    sub = type("MyClient", (base,), {})
    server = FakeApi(LISTING)
    client = sub(api_key="k", base_url="http://api.test", http_client=api.http_client(server))
    assert client.user_agent == "MyClient/Python 1.91.0"
    await resolve(client.models.list())
    assert server.last.headers["user-agent"] == "MyClient/Python 1.91.0"
    copied = client.copy()
    assert type(copied) is sub
    await resolve(client.close())


async def test_repr_never_shows_the_key(api: Driver) -> None:
    client = api.client(FakeApi())
    assert KEY not in repr(client)
    assert "sk-" not in repr(client)
    assert KEY not in str(client)


def test_aliases_and_class_relations() -> None:
    assert Client is Cerebras
    assert AsyncClient is AsyncCerebras
    assert not issubclass(AsyncCerebras, Cerebras)
    assert not issubclass(Cerebras, AsyncCerebras)
    assert Cerebras.with_options is Cerebras.copy
    assert AsyncCerebras.with_options is AsyncCerebras.copy


# --------------------------------------------------------------------------- copy / with_options


async def test_copy_keeps_everything_by_default(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(server, default_headers={"X-A": "a"}, default_query={"q": "1"}, max_retries=4, timeout=9.0)
    copied = client.copy()
    assert type(copied) is type(client)
    assert copied is not client
    assert copied.api_key == client.api_key
    assert copied.base_url == client.base_url
    assert copied.max_retries == 4
    assert copied.timeout == 9.0
    assert copied._client is client._client
    await resolve(copied.models.list())
    assert server.last.headers["X-A"] == "a"
    assert server.last.url.params["q"] == "1"
    assert server.last.headers["x-stainless-read-timeout"] == "9.0"


async def test_copy_overrides(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(server, default_headers={"X-A": "a"}, default_query={"q": "1"})
    copied = client.with_options(
        api_key="sk-other",
        base_url="http://copy.test/base",
        timeout=None,
        max_retries=0,
        default_headers={"X-B": "b"},
        default_query={"r": "2"},
    )
    assert copied.api_key == "sk-other"
    assert copied.base_url == httpx.URL("http://copy.test/base/")
    assert copied.timeout is None
    assert copied.max_retries == 0
    await resolve(copied.models.list())
    request = server.last
    assert str(request.url).startswith("http://copy.test/base/v1/models?")
    assert request.headers["authorization"] == "Bearer sk-other"
    assert request.headers["X-A"] == "a"
    assert request.headers["X-B"] == "b"
    assert dict(request.url.params) == {"q": "1", "r": "2"}
    assert "x-stainless-read-timeout" not in request.headers
    # The parent is unchanged.
    assert client.api_key == KEY
    assert client.max_retries == 2


async def test_copy_set_default_headers_and_query_replace(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(server, default_headers={"X-A": "a"}, default_query={"q": "1"})
    copied = client.copy(set_default_headers={"X-B": "b"}, set_default_query={"r": "2"})
    await resolve(copied.models.list())
    assert "X-A" not in server.last.headers
    assert server.last.headers["X-B"] == "b"
    assert dict(server.last.url.params) == {"r": "2"}


async def test_copy_falsy_api_key_and_base_url_keep_the_parent(api: Driver) -> None:
    client = api.client(FakeApi())
    copied = client.copy(api_key="", base_url="")
    assert copied.api_key == KEY
    assert copied.base_url == client.base_url


async def test_copy_mutually_exclusive_arguments(api: Driver) -> None:
    client = api.client(FakeApi())
    with pytest.raises(
        ValueError, match="`default_headers` and `set_default_headers` arguments are mutually exclusive"
    ):
        client.copy(default_headers={"a": "1"}, set_default_headers={"b": "2"})
    with pytest.raises(ValueError, match="`default_query` and `set_default_query` arguments are mutually exclusive"):
        client.copy(default_query={"a": "1"}, set_default_query={"b": "2"})


async def test_copy_rereads_custom_headers_env(api: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    server = FakeApi(LISTING)
    client = api.client(server)
    monkeypatch.setenv("CEREBRAS_CUSTOM_HEADERS", "X-Env: later")
    copied = client.copy(set_default_headers={"X-B": "b"})
    await resolve(copied.models.list())
    assert server.last.headers["X-Env"] == "later"
    assert server.last.headers["X-B"] == "b"


async def test_copy_shares_the_http_client(api: Driver) -> None:
    server = FakeApi(LISTING)
    client = api.client(server)
    copied = client.with_options(max_retries=1)
    await resolve(copied.close())
    assert copied.is_closed()
    assert client.is_closed()


async def test_copy_with_its_own_http_client(api: Driver) -> None:
    server = FakeApi(LISTING)
    other_server = FakeApi(LISTING)
    client = api.client(server)
    copied = client.copy(http_client=api.http_client(other_server))
    await resolve(copied.models.list())
    assert len(other_server.requests) == 1
    assert server.requests == []
    await resolve(copied.close())
    assert not client.is_closed()


async def test_copy_keeps_strict_validation(api: Driver) -> None:
    client = api.client(FakeApi(), _strict_response_validation=True)
    assert client._strict_response_validation is True
    assert client.copy()._strict_response_validation is True
    assert client.with_options(max_retries=0)._strict_response_validation is True
    relaxed = client.copy(_extra_kwargs={"_strict_response_validation": False})
    assert relaxed._strict_response_validation is False
    assert api.client(FakeApi()).copy()._strict_response_validation is False


async def test_copy_timeout_not_given_keeps_the_parent_timeout(api: Driver) -> None:
    client = api.client(FakeApi(), timeout=httpx.Timeout(4.0))
    assert client.copy(timeout=not_given).timeout == httpx.Timeout(4.0)
    assert client.copy(timeout=2).timeout == 2


async def test_copy_keeps_the_sleep_recorder(api: Driver, sleeps: Any) -> None:
    server = FakeApi(reply(500, {}), LISTING)
    client = api.client(server)
    await resolve(client.with_options(timeout=5).models.list())
    assert len(sleeps.delays) == 1


# --------------------------------------------------------------------------- lifecycle


async def test_close_and_is_closed(api: Driver) -> None:
    client = api.client(FakeApi())
    assert callable(client.is_closed)
    assert client.is_closed() is False
    await resolve(client.close())
    assert client.is_closed() is True


async def test_closing_a_user_http_client(api: Driver) -> None:
    server = FakeApi()
    http_client = api.http_client(server)
    client = api.client(server, http_client=http_client)
    await resolve(client.close())
    assert http_client.is_closed


async def test_closed_client_raises_connection_error(api: Driver, sleeps: Any) -> None:
    from cerebras.cloud.sdk import APIConnectionError

    server = FakeApi(LISTING)
    client = api.client(server)
    await resolve(client.close())
    with pytest.raises(APIConnectionError):
        await resolve(client.models.list())
    assert server.requests == []


def test_sync_context_manager(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(FakeApi())
    with client as entered:
        assert entered is client
        assert not client.is_closed()
    assert client.is_closed()
    other = make_client(FakeApi())
    with pytest.raises(RuntimeError, match="boom"), other:
        raise RuntimeError("boom")
    assert other.is_closed()


async def test_async_context_manager(make_async_client: Callable[..., AsyncCerebras]) -> None:
    client = make_async_client(FakeApi())
    async with client as entered:
        assert entered is client
        assert not client.is_closed()
    assert client.is_closed()
    other = make_async_client(FakeApi())
    with pytest.raises(RuntimeError, match="boom"):
        async with other:
            raise RuntimeError("boom")
    assert other.is_closed()


def test_async_header_under_trio(make_async_client: Callable[..., AsyncCerebras]) -> None:
    server = FakeApi(LISTING)

    async def main() -> None:
        client = make_async_client(server)
        async with client:
            await client.models.list()
            assert client.default_headers["X-Stainless-Async"] == "async:trio"

    anyio.run(main, backend="trio")
    assert server.last.headers["X-Stainless-Async"] == "async:trio"


async def test_async_header_under_asyncio(make_async_client: Callable[..., AsyncCerebras]) -> None:
    server = FakeApi(LISTING)
    client = make_async_client(server)
    await client.models.list()
    assert server.last.headers["X-Stainless-Async"] == "async:asyncio"
    await client.close()


def test_math_inf_retries_is_accepted() -> None:
    client = Cerebras(api_key="k", max_retries=math.inf, warm_tcp_connection=False)  # type: ignore[arg-type]
    assert client.max_retries == math.inf
    client.close()
