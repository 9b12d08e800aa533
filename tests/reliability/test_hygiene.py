"""Resource hygiene: flat descriptors and memory under load, prompt release, clean exits, fork.

The load tests run 1,000 requests and 200 abandoned streams per client by default; with
`CEREBRAS_RELIABILITY_FULL=1` (what `scripts/reliability_report.py` measures) 10,000 and 1,000.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
import time
from typing import Any, Dict, List, Tuple

import anyio
import httpx
import pytest

from _support.sockets import Exchange, FaultServer
from cerebras.cloud.sdk import AsyncCerebras, Cerebras

from .hygiene import Figures, abandoned_streams, full_run, sequential_requests
from .runner import API_KEY, MESSAGES, checked_out, in_use, pooled
from .scenarios import MODEL, answer_ok, event, wants_stream

__all__: list[str] = []

REQUESTS = 10_000 if full_run() else 1_000
STREAMS = 1_000 if full_run() else 200


def _assert_flat(figures: Figures) -> None:
    # A leak of one descriptor or object per call would show as hundreds or thousands.
    assert figures.fd_growth <= 2, figures
    assert figures.object_growth <= 100, figures
    assert figures.rss_growth_mib <= 8, figures
    assert figures.checked_out == 0, figures


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_sequential_requests_stay_flat_on_one_connection(use_async: bool) -> None:
    figures = sequential_requests(REQUESTS, use_async=use_async)
    _assert_flat(figures)
    assert figures.connections == 1  # every request reused the one keep-alive connection
    assert figures.server_open == 1


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_abandoned_streams_release_their_connections(use_async: bool) -> None:
    figures = abandoned_streams(STREAMS, use_async=use_async)
    _assert_flat(figures)
    # A body that did not arrive whole cannot be reused: its connection was closed. aiohttp (the
    # async default) reads ahead, so a short body may have arrived whole by the time the stream
    # is dropped; its connection then goes back to the pool, idle. Every socket the server still
    # has open is one the client's pool holds, and the pool holds at most one.
    assert figures.server_open == figures.pool_open
    assert figures.pool_open <= (1 if use_async else 0)


def _ten_events(exchange: Exchange) -> None:
    answer_ok(exchange, tuple(f"piece {n} " for n in range(10)))


def test_a_dropped_stream_is_released_at_once_without_the_garbage_collector() -> None:
    # A stream in a reference cycle would only be released by a garbage collection, which can
    # run while the pool holds its lock: releasing there deadlocked (seen under load).
    with (
        FaultServer(_ten_events) as server,
        Cerebras(api_key=API_KEY, base_url=server.url, warm_tcp_connection=False) as client,
    ):
        stream = client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
        next(stream)
        response = stream.response
        gc.disable()
        try:
            del stream
            assert response.is_closed
            assert checked_out(client._client) == 0
        finally:
            gc.enable()


def test_sync_close_and_context_managers_release_everything() -> None:
    with FaultServer(_ten_events) as server:
        with Cerebras(api_key=API_KEY, base_url=server.url, warm_tcp_connection=False) as client:
            with client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True) as stream:
                next(stream)
            assert stream.response.is_closed
            assert checked_out(client._client) == 0
            with client.chat.completions.with_streaming_response.create(model=MODEL, messages=MESSAGES) as raw:
                assert raw.status_code == 200
            assert raw.is_closed
            assert checked_out(client._client) == 0
            client.chat.completions.create(model=MODEL, messages=MESSAGES)
            # The server notices the stream's closed connection on its own thread: give it time.
            deadline = time.monotonic() + 2.0
            while server.open_connections > 1 and time.monotonic() < deadline:
                time.sleep(0.005)
            assert server.open_connections == 1  # kept alive in the pool until close()
        assert client.is_closed()
        transport = client._client._transport
        assert isinstance(transport, httpx.HTTPTransport)
        assert transport._pool.connections == []
        assert server.wait_closed() == 0


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_async_close_and_context_managers_release_everything(backend: str) -> None:
    with FaultServer(_ten_events) as server:

        async def main() -> Tuple[AsyncCerebras, Any]:
            async with AsyncCerebras(api_key=API_KEY, base_url=server.url, warm_tcp_connection=False) as client:
                await client.chat.completions.create(model=MODEL, messages=MESSAGES)
                transport = in_use(client._client)
                assert pooled(transport) == 1
                async with await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True) as stream:
                    await stream.__anext__()
                assert stream.response.is_closed
                assert checked_out(client._client) == 0
            return client, transport

        client, transport = anyio.run(main, backend=backend)
        assert client.is_closed()
        assert pooled(transport) == 0
        assert server.wait_closed() == 0


_UNCLOSED = """
import sys
import anyio
from cerebras.cloud.sdk import AsyncCerebras

url, backend = sys.argv[1], sys.argv[2]
kept = []

async def main():
    client = AsyncCerebras(api_key="sk-exit-test", base_url=url)  # never closed
    await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    stream = await client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    await stream.__anext__()  # left half-read
    kept.append((client, stream))

anyio.run(main, backend=backend)
"""


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_no_noise_at_exit_from_an_unclosed_async_client(backend: str) -> None:
    with FaultServer(_ten_events) as server:
        quiet = subprocess.run(
            [sys.executable, "-c", _UNCLOSED, server.url, backend], capture_output=True, text=True, timeout=60
        )
        assert quiet.returncode == 0, quiet.stderr
        assert quiet.stderr == ""
        # With every warning shown, Python only flags the sockets left open, as it should:
        # nothing about a closed event loop, and no traceback.
        loud = subprocess.run(
            [sys.executable, "-W", "default", "-c", _UNCLOSED, server.url, backend],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert loud.returncode == 0, loud.stderr
        for noise in ("Event loop is closed", "Traceback", "Exception ignored", "Task was destroyed"):
            assert noise not in loud.stderr


_FORK = """
import json, os, sys
from cerebras.cloud.sdk import Cerebras


client = Cerebras(api_key="sk-fork-test", base_url=sys.argv[1], warm_tcp_connection=False)
pool = client._client._transport._pool

def ask(tag):
    completion = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": tag}], extra_headers={"X-Tag": tag}
    )
    return completion.choices[0].message.content

ask("parent-1")
before = len(pool.connections)
read_end, write_end = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(read_end)
    try:
        inherited = len(pool.connections)
        texts = [ask("child-1"), ask("child-2")]
        report = {"inherited": inherited, "texts": texts, "after": len(pool.connections)}
        code = 0
    except BaseException as exc:
        report, code = {"error": repr(exc)}, 1
    os.write(write_end, json.dumps(report).encode())
    os._exit(code)
os.close(write_end)
_, status = os.waitpid(pid, 0)
child = json.loads(os.read(read_end, 65536))
text = ask("parent-2")
print(json.dumps({"status": status, "before": before, "child": child, "parent": text}))
"""


def test_a_sync_client_survives_fork() -> None:
    with FaultServer(answer_ok) as server:
        # A fresh single-threaded interpreter forks (forking a multi-threaded one is unsafe).
        result = subprocess.run([sys.executable, "-c", _FORK, server.url], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        report: Dict[str, Any] = json.loads(result.stdout)
        requests = server.requests
    assert report["status"] == 0, report
    assert report["before"] == 1
    assert report["child"] == {"inherited": 0, "texts": ["Hello!", "Hello!"], "after": 1}
    assert report["parent"] == "Hello!"
    connection_of: Dict[str, int] = {r.headers["x-tag"]: r.connection for r in requests}
    # The parent kept its connection; the child opened its own and reused it.
    assert connection_of["parent-1"] == connection_of["parent-2"]
    assert connection_of["child-1"] == connection_of["child-2"] != connection_of["parent-1"]
    tags: List[str] = [r.headers["x-tag"] for r in requests]
    assert sorted(tags) == ["child-1", "child-2", "parent-1", "parent-2"]


# ----------------------------------------------------------------------------- break and resume

_PIECES = [f"piece {n} " for n in range(10)]


class _Gated:
    """Streams ten events: five at once, the other five when the test opens the gate of that
    request (so an unfinished answer holds its connection for as long as the test needs)."""

    def __init__(self) -> None:
        self.gates = [threading.Event() for _ in range(4)]

    def __call__(self, exchange: Exchange) -> None:
        if not wants_stream(exchange):
            answer_ok(exchange)
            return
        exchange.head(200, {"content-type": "text/event-stream", "transfer-encoding": "chunked"})
        for piece in _PIECES[:5]:
            exchange.chunk(event(piece))
        self.gates[exchange.attempt].wait(10)
        for piece in _PIECES[5:]:
            exchange.chunk(event(piece))
        exchange.chunk(b"data: [DONE]\n\n")
        exchange.chunk(b"")


def _pieces(items: List[Any]) -> List[str]:
    return [item.choices[0].delta.content for item in items if item.choices and item.choices[0].delta.content]


def test_break_and_resume_over_a_real_connection() -> None:
    script = _Gated()
    with (
        FaultServer(script) as server,
        Cerebras(api_key=API_KEY, base_url=server.url, warm_tcp_connection=False) as client,
    ):
        stream = client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
        first: List[Any] = []
        for item in stream:
            first.append(item)
            if len(_pieces(first)) == 3:
                break
        assert checked_out(client._client) == 1  # held for the rest of the answer
        script.gates[0].set()
        rest = list(stream)
        assert _pieces(first + rest) == _PIECES
        assert checked_out(client._client) == 0
        assert list(stream) == []
        client.chat.completions.create(model=MODEL, messages=MESSAGES)
        assert server.open_connections == 1  # the connection went back to the pool and was reused


@pytest.mark.parametrize("backend", ["asyncio", "trio", "aiohttp"])
def test_async_break_and_resume_over_a_real_connection(backend: str) -> None:
    script = _Gated()
    with FaultServer(script) as server:

        async def main() -> None:
            async with _async_client(backend, server.url) as client:
                stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
                first: List[Any] = []
                async for item in stream:
                    first.append(item)
                    if len(_pieces(first)) == 3:
                        break
                await anyio.sleep(0.05)
                assert checked_out(client._client) == 1  # held for the rest of the answer
                script.gates[0].set()
                rest = [item async for item in stream]
                assert _pieces(first + rest) == _PIECES
                assert checked_out(client._client) == 0
                assert [item async for item in stream] == []

        anyio.run(main, backend="trio" if backend == "trio" else "asyncio")


@pytest.mark.parametrize("backend", ["asyncio", "aiohttp"])
def test_an_async_stream_dropped_after_break_is_released_on_the_loop(backend: str) -> None:
    # No garbage collection helps: the stream is freed where it is dropped, and its response
    # closed by the event loop right after. (Under trio, dropping an unfinished async generator
    # is reported by trio itself: close such streams, e.g. with `async with`.)
    script = _Gated()
    with FaultServer(script) as server:

        async def main() -> None:
            async with _async_client(backend, server.url) as client:
                stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
                async for _ in stream:
                    break
                assert checked_out(client._client) == 1
                gc.disable()
                try:
                    del stream
                    for _ in range(200):
                        if checked_out(client._client) == 0:
                            break
                        await anyio.sleep(0.01)
                    assert checked_out(client._client) == 0
                finally:
                    gc.enable()
                    script.gates[0].set()

        anyio.run(main)


def _async_client(backend: str, url: str) -> AsyncCerebras:
    http_client = None
    if backend == "aiohttp":
        from cerebras.cloud.sdk import DefaultAioHttpClient

        http_client = DefaultAioHttpClient()
    return AsyncCerebras(api_key=API_KEY, base_url=url, http_client=http_client, warm_tcp_connection=False)
