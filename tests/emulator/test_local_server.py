"""`LocalServer`, `emulator_unless_api_key` and the pytest plugin, as users run them."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx
import pytest

import cerebras.cloud.sdk as sdk
from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import DUMMY_API_KEY, EmulatorConfig, LocalServer, emulator_unless_api_key


def test_lifecycle() -> None:
    server = LocalServer(api_key="sk-x")
    assert "stopped" in repr(server)
    with server:
        assert server.port > 0
        assert server.base_url == f"http://127.0.0.1:{server.port}"
        assert server.api_key == "sk-x"
        assert "running" in repr(server)
        with pytest.raises(RuntimeError):
            server.start()
        with server.client() as client:
            assert client.models.list().data
        assert [(e.method, e.path, e.status) for e in server.history] == [("GET", "/v1/models", 200)]
        assert server.env() == {"CEREBRAS_BASE_URL": server.base_url, "CEREBRAS_API_KEY": "sk-x"}
    server.stop()  # idempotent
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base_url}/v1/models")


def test_settings_and_errors() -> None:
    assert LocalServer().api_key == DUMMY_API_KEY
    assert LocalServer(EmulatorConfig(requests_per_minute=3)).config.requests_per_minute == 3
    with pytest.raises(TypeError):
        LocalServer(EmulatorConfig(), seed=1)
    with pytest.raises(ValueError, match="tokens_per_second"):
        LocalServer(tokens_per_second=0)
    with LocalServer() as taken, pytest.raises(OSError):
        LocalServer(port=taken.port).start()


def test_stop_cuts_a_stalled_stream() -> None:
    server = LocalServer().start()
    client = server.client(max_retries=0)
    stream = client.chat.completions.create(
        model="llama3.1-8b",
        messages=[{"role": "user", "content": "hi"}],
        stream=True,
        extra_headers={"X-Emulator-Fault": "stall_after=1"},
    )
    chunks = iter(stream)
    next(chunks)
    timer = threading.Timer(0.2, server.stop)
    started = time.perf_counter()
    timer.start()
    with pytest.raises(sdk.APIConnectionError):
        list(chunks)
    timer.join()
    assert time.perf_counter() - started < 5
    client.close()


async def test_many_concurrent_streams() -> None:
    body = {"model": "llama3.1-8b", "stream": True, "max_tokens": 50, "messages": [{"role": "user", "content": "x"}]}
    with LocalServer() as server:
        limits = httpx.Limits(max_connections=100)
        async with httpx.AsyncClient(base_url=server.base_url, limits=limits) as http:

            async def one() -> int:
                async with http.stream("POST", "/v1/chat/completions", json=body) as response:
                    return (await response.aread()).count(b"data: ")

            counts = await asyncio.gather(*(one() for _ in range(100)))
    assert counts == [53] * 100  # role, 50 tokens, final, [DONE]


def test_emulator_unless_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CEREBRAS_BASE_URL", raising=False)
    with emulator_unless_api_key() as server:
        assert server is not None
        assert os.environ["CEREBRAS_BASE_URL"] == server.base_url
        with Cerebras(warm_tcp_connection=False) as client:
            assert client.models.retrieve("llama3.1-8b").id == "llama3.1-8b"
    assert "CEREBRAS_API_KEY" not in os.environ
    assert "CEREBRAS_BASE_URL" not in os.environ
    monkeypatch.setenv("CEREBRAS_API_KEY", "sk-real")
    with emulator_unless_api_key() as server:
        assert server is None
        assert "CEREBRAS_BASE_URL" not in os.environ


def test_pytest_plugin(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["cerebras.cloud.sdk.testing.pytest_plugin"]\n')
    (tmp_path / "test_user_app.py").write_text(
        textwrap.dedent(
            """
            import pytest
            import cerebras.cloud.sdk as sdk

            MESSAGES = [{"role": "user", "content": "Hi"}]

            def test_answer(cerebras_client):
                r = cerebras_client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
                assert r.choices[0].message.content

            @pytest.mark.cerebras_emulator(requests_per_minute=1)
            def test_marker(cerebras_client, cerebras_server):
                cerebras_client.models.list()  # the models endpoints count too
                with pytest.raises(sdk.RateLimitError):
                    cerebras_client.with_options(max_retries=0).chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
                assert cerebras_server.config.requests_per_minute == 1

            @pytest.mark.parametrize("cerebras_server", [{"api_key": "sk-p"}], indirect=True)
            def test_indirect(cerebras_server):
                assert cerebras_server.api_key == "sk-p"

            async def test_async(async_cerebras_client):
                r = await async_cerebras_client.models.list()
                assert r.data

            def test_retries_do_not_wait(cerebras_client, cerebras_server):
                import time
                from cerebras.cloud.sdk.testing import is_testing

                assert is_testing()
                started = time.monotonic()
                cerebras_client.models.list(extra_headers={"X-Emulator-Fault": "status=503;retry_after=30;fail_times=2"})
                assert time.monotonic() - started < 20  # two 30 s waits skipped
                assert [e.status for e in cerebras_server.history][-3:] == [503, 503, 200]
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "asyncio_mode=auto", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


def test_port_zero_means_free_port() -> None:
    with LocalServer() as a, LocalServer() as b:
        assert a.port != b.port
        with socket.create_connection(("127.0.0.1", a.port)):
            pass
