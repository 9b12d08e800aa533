"""TCP warming against a real 127.0.0.1 server: in the background, on the client's own pool.

The contract kept from the official SDK: one `GET /v1/tcp_warming` with the normal headers and
a 1 s timeout, failures never surface, `warm_tcp_connection=False` disables it. What differs:
the constructor never waits for the network, the warm connection is the one the first request
uses, the user's `http_client` carries it, `AsyncCerebras` warms on its own loop, and copies
share the warm pool instead of warming again.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any, Callable, List

import anyio
import httpx
import pytest
import trio

from cerebras.cloud.sdk import AsyncCerebras, Cerebras, DefaultHttpxClient
from cerebras.cloud.sdk.types.model_list_response import ModelMetadataList

from ._server import API_KEY, LocalServer, Reply, refused_url, warm_task

WARM = "/v1/tcp_warming"
MODELS = "/v1/models"
MODELS_BODY = {"object": "list", "data": []}


@pytest.fixture(autouse=True)
def _warming_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shared conftest turns warming off for the whole suite; these tests are about it.
    monkeypatch.delenv("CEREBRAS_WARM_TCP_CONNECTION", raising=False)


Closes = Callable[[Cerebras], Cerebras]


@pytest.fixture
def sync_clients(closes: Closes) -> Closes:
    """The shared `closes`: every client a test makes with `_sync` is closed after it."""
    return closes


def _sync(closes: Closes, url: str, **kwargs: Any) -> Cerebras:
    return closes(Cerebras(api_key=API_KEY, base_url=url, **kwargs))


def _join(client: Cerebras) -> None:
    thread = client._warm_thread
    assert thread is not None, "no warm-up was started"
    thread.join(5)
    assert not thread.is_alive()


# --------------------------------------------------------------------------- sync


def test_constructor_returns_before_the_server_answers(server: LocalServer, sync_clients: Closes) -> None:
    gate = threading.Event()
    server.reply(WARM, Reply(gate=gate))

    started = time.perf_counter()
    client = _sync(sync_clients, server.url)
    elapsed = time.perf_counter() - started

    server.wait_for(1)
    assert not server.requests[0].answered.is_set()  # the constructor did not wait for it
    assert elapsed < 2.5  # the server holds the answer for up to 5 s
    gate.set()
    _join(client)
    assert server.requests[0].answered.wait(5)  # the server marks it just after sending


def test_one_get_with_the_normal_headers_and_a_one_second_timeout(server: LocalServer, sync_clients: Closes) -> None:
    client = _sync(sync_clients, server.url, default_headers={"X-Team": "blue"})
    _join(client)

    assert server.paths() == [WARM]
    warm = server.requests[0]
    assert warm.method == "GET"
    assert warm.body == b""
    headers = {name.lower(): value for name, value in warm.headers.items()}
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["user-agent"] == "Cerebras/Python 1.91.0"
    assert headers["x-stainless-read-timeout"] == "1"
    assert headers["x-stainless-retry-count"] == "0"
    assert headers["x-stainless-async"] == "false"
    assert headers["x-stainless-lang"] == "python"
    assert headers["x-team"] == "blue"
    assert "content-type" not in headers


def test_the_path_is_joined_below_the_base_url_path(server: LocalServer, sync_clients: Closes) -> None:
    server.default(f"/prefix{WARM}", Reply(200, b""))
    _join(_sync(sync_clients, f"{server.url}/prefix"))
    assert server.paths() == [f"/prefix{WARM}"]


def test_the_first_request_reuses_the_warm_connection(server: LocalServer, sync_clients: Closes) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    client = _sync(sync_clients, server.url)
    _join(client)

    client.models.list()
    client.models.list()

    assert server.paths() == [WARM, MODELS, MODELS]
    assert server.connections == 1
    assert {request.connection for request in server.requests} == {1}


@pytest.mark.parametrize("failure", ["refused", "500", "404", "timeout"])
def test_failures_never_surface_and_are_not_retried(
    failure: str, server: LocalServer, sync_clients: Closes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="cerebras.cloud.sdk")
    url = server.url
    if failure == "refused":
        url, _ = refused_url()
    elif failure == "timeout":
        server.reply(WARM, Reply(gate=threading.Event()))  # never answered within the 1 s timeout
    else:
        server.reply(WARM, Reply(int(failure), {"error": {"message": "nope"}}))

    started = time.perf_counter()
    client = _sync(sync_clients, url)
    assert time.perf_counter() - started < 1.0  # even the timeout case returns at once
    _join(client)

    messages = [r.getMessage() for r in caplog.records if r.name == "cerebras.cloud.sdk._client"]
    assert any(message.startswith("TCP Warming had exception") for message in messages), messages
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    if failure != "refused":
        assert server.paths() == [WARM]  # one attempt: a failed warm-up is not worth a retry


def test_a_failed_warm_up_leaves_the_client_usable(server: LocalServer, sync_clients: Closes) -> None:
    server.reply(WARM, Reply(503, b"down"))
    server.default(MODELS, Reply(200, MODELS_BODY))
    client = _sync(sync_clients, server.url)
    _join(client)
    listing = client.models.list()
    assert isinstance(listing, ModelMetadataList)
    assert listing.object == "list"


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_the_environment_variable_disables_it(
    value: str, server: LocalServer, sync_clients: Closes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEREBRAS_WARM_TCP_CONNECTION", value)
    server.default(MODELS, Reply(200, MODELS_BODY))
    client = _sync(sync_clients, server.url)
    assert client._warm_thread is None
    client.models.list()
    assert server.paths() == [MODELS]


def test_the_argument_disables_it(server: LocalServer, sync_clients: Closes) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    client = _sync(sync_clients, server.url, warm_tcp_connection=False)
    assert client._warm_thread is None
    client.models.list()
    assert server.paths() == [MODELS]


def test_the_users_http_client_carries_the_warm_up(server: LocalServer, sync_clients: Closes) -> None:
    seen: List[str] = []

    class CountingTransport(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(f"transport {request.url.path}")
            return super().handle_request(request)

    def hook(request: httpx.Request) -> None:
        seen.append(f"hook {request.url.path}")

    http_client = httpx.Client(transport=CountingTransport(), event_hooks={"request": [hook]})
    client = _sync(sync_clients, server.url, http_client=http_client)
    _join(client)

    assert seen == [f"hook {WARM}", f"transport {WARM}"]
    assert server.paths() == [WARM]


def test_a_default_httpx_client_is_warmed_and_reused(server: LocalServer, sync_clients: Closes) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    client = _sync(sync_clients, server.url, http_client=DefaultHttpxClient())
    _join(client)
    client.models.list()
    assert server.connections == 1


def test_copies_share_the_warm_pool_and_do_not_warm_again(server: LocalServer, sync_clients: Closes) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    client = _sync(sync_clients, server.url)
    _join(client)

    copies = [client.with_options(max_retries=5), client.copy(timeout=3.0), client.with_options(default_headers={})]
    assert all(copied._warm_thread is None for copied in copies)
    for copied in copies:
        copied.models.list()

    assert server.paths() == [WARM, MODELS, MODELS, MODELS]
    assert server.connections == 1


def test_a_copy_warms_again_when_asked_or_given_another_http_client(server: LocalServer, sync_clients: Closes) -> None:
    client = _sync(sync_clients, server.url)
    _join(client)

    asked = client.copy(warm_tcp_connection=True)
    _join(asked)
    other = sync_clients(client.with_options(http_client=httpx.Client()))
    _join(other)

    assert server.paths() == [WARM, WARM, WARM]
    assert server.connections == 2  # the explicit re-warm reused the shared pool


def test_closing_during_the_warm_up_is_quiet(server: LocalServer) -> None:
    gate = threading.Event()
    server.reply(WARM, Reply(gate=gate))
    client = Cerebras(api_key=API_KEY, base_url=server.url)
    server.wait_for(1)
    client.close()
    gate.set()
    _join(client)  # the thread ends; an exception in it would fail the test (pytest's thread hook)
    assert client.is_closed()


# --------------------------------------------------------------------------- async (asyncio)


async def test_async_constructor_in_a_running_loop_warms_as_a_task(server: LocalServer) -> None:
    gate = threading.Event()
    server.reply(WARM, Reply(gate=gate))

    started = time.perf_counter()
    client = AsyncCerebras(api_key=API_KEY, base_url=server.url)
    elapsed = time.perf_counter() - started
    try:
        assert isinstance(warm_task(client), asyncio.Task)
        # The loop is free while the server holds the answer: this coroutine keeps running.
        await anyio.to_thread.run_sync(server.wait_for, 1)
        assert not server.requests[0].answered.is_set()
        assert not warm_task(client).done()
        assert elapsed < 2.5
        gate.set()
        await warm_task(client)
    finally:
        await client.close()

    headers = {name.lower(): value for name, value in server.requests[0].headers.items()}
    # Warmed by the async client itself, not by a throw-away sync client.
    assert headers["user-agent"] == "AsyncCerebras/Python 1.91.0"
    assert headers["x-stainless-async"] == "async:asyncio"
    assert headers["x-stainless-read-timeout"] == "1"
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert server.paths() == [WARM]


async def test_async_first_request_reuses_the_warm_connection(server: LocalServer) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    async with AsyncCerebras(api_key=API_KEY, base_url=server.url) as client:
        await warm_task(client)
        await client.models.list()
        await client.models.list()
    assert server.paths() == [WARM, MODELS, MODELS]
    assert server.connections == 1


async def test_async_client_built_outside_a_loop_warms_when_entered(server: LocalServer) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    # Built in a worker thread, where no event loop runs (as at module level).
    client = await anyio.to_thread.run_sync(lambda: AsyncCerebras(api_key=API_KEY, base_url=server.url))
    assert warm_task(client) is None
    assert client._warm_pending
    assert server.paths() == []

    async with client:
        task = warm_task(client)
        assert isinstance(task, asyncio.Task)
        await task
        await client.models.list()
    assert server.paths() == [WARM, MODELS]
    assert server.connections == 1


@pytest.mark.parametrize("failure", ["refused", "500", "timeout"])
async def test_async_failures_never_surface(failure: str, server: LocalServer) -> None:
    url = server.url
    if failure == "refused":
        url, _ = refused_url()
    elif failure == "timeout":
        server.reply(WARM, Reply(gate=threading.Event()))
    else:
        server.reply(WARM, Reply(500, b"boom"))
    loop_errors: List[object] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: loop_errors.append(context))

    client = AsyncCerebras(api_key=API_KEY, base_url=url)
    await warm_task(client)
    assert warm_task(client).exception() is None
    await client.close()
    assert loop_errors == []


async def test_async_users_http_client_carries_the_warm_up(server: LocalServer) -> None:
    seen: List[str] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(request.url.path)

    http_client = httpx.AsyncClient(event_hooks={"request": [hook]})
    async with AsyncCerebras(api_key=API_KEY, base_url=server.url, http_client=http_client) as client:
        await warm_task(client)
    assert seen == [WARM]


async def test_async_disabled_by_argument_and_environment(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    async with AsyncCerebras(api_key=API_KEY, base_url=server.url, warm_tcp_connection=False) as client:
        assert warm_task(client) is None
        await client.models.list()
    monkeypatch.setenv("CEREBRAS_WARM_TCP_CONNECTION", "0")
    async with AsyncCerebras(api_key=API_KEY, base_url=server.url) as client:
        assert warm_task(client) is None
        await client.models.list()
    assert server.paths() == [MODELS, MODELS]


async def test_async_copies_do_not_warm_again(server: LocalServer) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))
    async with AsyncCerebras(api_key=API_KEY, base_url=server.url) as client:
        await warm_task(client)
        copied = client.with_options(max_retries=4)
        assert warm_task(copied) is None
        assert not copied._warm_pending
        nested = copied.copy(timeout=5.0)
        await nested.__aenter__()  # entering a copy does not warm either (nor is it closed here: it shares the pool)
        await nested.models.list()
        asked = client.copy(warm_tcp_connection=True)
        await warm_task(asked)
    assert server.paths() == [WARM, MODELS, WARM]
    assert server.connections == 1


async def test_async_close_cancels_a_warm_up_in_flight(server: LocalServer) -> None:
    gate = threading.Event()
    server.reply(WARM, Reply(gate=gate))
    client = AsyncCerebras(api_key=API_KEY, base_url=server.url)
    await anyio.to_thread.run_sync(server.wait_for, 1)
    await client.close()
    gate.set()
    assert warm_task(client).cancelled() or warm_task(client).done()
    assert client.is_closed()


# --------------------------------------------------------------------------- async (trio)


def test_trio_warms_as_a_system_task_and_reuses_the_connection(server: LocalServer) -> None:
    server.default(MODELS, Reply(200, MODELS_BODY))

    async def main() -> None:
        async with AsyncCerebras(api_key=API_KEY, base_url=server.url) as client:
            await warm_task(client).wait()
            await client.models.list()

    trio.run(main)
    assert server.paths() == [WARM, MODELS]
    assert server.connections == 1
    headers = {name.lower(): value for name, value in server.requests[0].headers.items()}
    assert headers["x-stainless-async"] == "async:trio"
