"""`DefaultHttpxClient`, `DefaultAsyncHttpxClient` and `DefaultAioHttpClient`: the SDK's defaults,
which caller arguments override, and the optional aiohttp extra."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any, Dict, List

import httpx
import pytest

from cerebras.cloud.sdk import (
    DEFAULT_TIMEOUT,
    AsyncCerebras,
    Cerebras,
    DefaultAioHttpClient,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
)


def _pool(client: Any) -> Any:
    return client._transport._pool


def _assert_sdk_defaults(client: Any) -> None:
    assert client.timeout == DEFAULT_TIMEOUT
    assert client.follow_redirects is True
    pool = _pool(client)
    assert pool._max_connections == 512
    assert pool._max_keepalive_connections == 512
    assert pool._http2 is True
    assert type(pool).__name__.startswith("_Linear")


def test_default_httpx_client_has_the_sdk_defaults() -> None:
    with DefaultHttpxClient() as client:
        assert isinstance(client, httpx.Client)
        _assert_sdk_defaults(client)


async def test_default_async_httpx_client_has_the_sdk_defaults() -> None:
    async with DefaultAsyncHttpxClient() as client:
        assert isinstance(client, httpx.AsyncClient)
        _assert_sdk_defaults(client)


@pytest.mark.parametrize("cls", [DefaultHttpxClient, DefaultAsyncHttpxClient])
def test_caller_arguments_override_the_defaults(cls: Any) -> None:
    client = cls(
        timeout=7.0,
        follow_redirects=False,
        http2=False,
        limits=httpx.Limits(max_connections=3, max_keepalive_connections=1),
        headers={"X-Mine": "1"},
    )
    assert client.timeout == httpx.Timeout(7.0)
    assert client.follow_redirects is False
    assert client.headers["X-Mine"] == "1"
    pool = _pool(client)
    assert pool._max_connections == 3
    assert pool._max_keepalive_connections == 1
    assert pool._http2 is False
    if isinstance(client, httpx.Client):
        client.close()


def test_default_clients_share_one_ssl_context_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    def context(client: Any) -> Any:
        return _pool(client)._ssl_context

    made = [DefaultHttpxClient(), DefaultHttpxClient(), DefaultAsyncHttpxClient()]
    assert context(made[0]) is context(made[1]) is context(made[2])
    assert context(made[0]).verify_mode.name == "CERT_REQUIRED"
    variants: List[Dict[str, Any]] = [{"verify": False}, {"trust_env": False}, {"http2": False}]
    for kwargs in variants:
        made.append(DefaultHttpxClient(**kwargs))
        assert context(made[-1]) is not context(made[0]), kwargs
    monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent-ca-dir")  # what httpx honours with trust_env
    made.append(DefaultHttpxClient())
    assert context(made[-1]) is not context(made[0])
    for client in made:
        if isinstance(client, httpx.Client):
            client.close()


def test_a_default_client_passed_in_lends_its_timeout() -> None:
    with Cerebras(api_key="k", http_client=DefaultHttpxClient(timeout=12.0)) as client:
        assert client.timeout == httpx.Timeout(12.0)
    with Cerebras(api_key="k", http_client=DefaultHttpxClient()) as client:
        assert client.timeout == DEFAULT_TIMEOUT


async def test_default_aiohttp_client_defaults_and_overrides() -> None:
    async with DefaultAioHttpClient() as client:
        assert isinstance(client, httpx.AsyncClient)
        assert type(client).__name__ == "DefaultAioHttpClient"
        assert client.timeout == DEFAULT_TIMEOUT
        assert client.follow_redirects is True
        assert type(client._transport).__name__ == "AiohttpTransport"
    async with DefaultAioHttpClient(timeout=3.0, follow_redirects=False) as client:
        assert client.timeout == httpx.Timeout(3.0)
        assert client.follow_redirects is False


async def test_default_aiohttp_client_is_accepted_by_async_cerebras_only() -> None:
    http_client = DefaultAioHttpClient()
    async with AsyncCerebras(api_key="k", http_client=http_client) as client:
        assert client._client is http_client
    with pytest.raises(TypeError, match=r"httpx\.Client"):
        Cerebras(api_key="k", http_client=DefaultAioHttpClient())  # type: ignore[arg-type]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=False
    )


def test_without_the_extra_the_class_exists_but_refuses_to_build() -> None:
    result = _run(
        """
        import sys
        sys.modules["httpx_aiohttp"] = None  # as if the `aiohttp` extra were not installed
        import cerebras.cloud.sdk as sdk
        from cerebras.cloud.sdk import DefaultAioHttpClient
        assert "DefaultAioHttpClient" in sdk.__all__
        assert DefaultAioHttpClient.__name__ == "DefaultAioHttpClient"
        try:
            DefaultAioHttpClient()
        except RuntimeError as exc:
            print("RuntimeError:", exc)
        else:
            raise SystemExit("constructed without httpx_aiohttp")
        """
    )
    assert result.returncode == 0, result.stderr
    assert "RuntimeError:" in result.stdout
    assert "pip install 'cerebras_cloud_sdk[aiohttp]'" in result.stdout


def test_importing_the_sdk_does_not_import_aiohttp() -> None:
    result = _run(
        """
        import sys
        import cerebras.cloud.sdk
        from cerebras.cloud.sdk import AsyncCerebras, Cerebras
        assert "aiohttp" not in sys.modules, "aiohttp imported eagerly"
        assert "httpx_aiohttp" not in sys.modules
        cerebras.cloud.sdk.DefaultAioHttpClient
        assert "httpx_aiohttp" in sys.modules
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
