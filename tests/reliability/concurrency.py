"""Concurrency against the local emulator: many tasks or threads sharing one client.

Every call sends its own `X-Request-Id` (the emulator echoes it as `x-request-id`) and one of
a few prompts whose answer is known in advance (the emulator's text is deterministic), half
of them streamed. A call is correct when the id it gets back is its own and the text is the
one its prompt produces. A monitor samples the pool all along to record its largest size.
Nothing here depends on pytest: `scripts/reliability_report.py` reuses it.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import anyio
import httpx

from cerebras.cloud.sdk import Cerebras, DefaultHttpxClient
from cerebras.cloud.sdk.testing import LocalServer

from .runner import in_use, pooled

__all__ = ["Outcome", "run_async_tasks", "run_threads"]

MODEL = "llama3.1-8b"
PROMPTS = [f"Tell me about the number {n}." for n in range(12)]
MAX_TOKENS = 12


@dataclass
class Outcome:
    """What a concurrent run observed."""

    label: str
    calls: int
    seconds: float
    answered: int = 0
    """Calls that returned."""
    mismatched: List[str] = field(default_factory=list)
    """Calls whose request id or text was not their own."""
    failures: List[str] = field(default_factory=list)
    """Calls that raised."""
    max_pool: int = 0
    """The largest number of connections the pool held at any sample."""
    limit: int = 0
    """The pool's `max_connections`."""
    server_ids: List[str] = field(default_factory=list)
    """The request ids the emulator answered (its history)."""


def _messages(prompt: str) -> List[Any]:
    return [{"role": "user", "content": prompt}]


def _expected(server: LocalServer) -> Dict[Tuple[str, bool], str]:
    """The text each prompt produces, streamed and not (asked once, one at a time)."""
    texts: Dict[Tuple[str, bool], str] = {}
    with server.client(max_retries=0) as client:
        for prompt in PROMPTS:
            completion = client.chat.completions.create(model=MODEL, messages=_messages(prompt), max_tokens=MAX_TOKENS)
            texts[prompt, False] = completion.choices[0].message.content or ""
            stream = client.chat.completions.create(
                model=MODEL, messages=_messages(prompt), max_tokens=MAX_TOKENS, stream=True
            )
            texts[prompt, True] = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
    return texts


def _pool_limit(http_client: Any) -> int:
    """The connection limit of the pool the client sends on (0 before its first request)."""
    transport = in_use(http_client)
    if transport is None:
        return 0
    pool = getattr(transport, "_pool", None)
    if pool is not None:
        return int(pool._max_connections)
    connector = getattr(getattr(transport, "client", None), "connector", None)
    return 0 if connector is None else int(connector.limit)


def _pool_size(http_client: Any) -> int:
    transport = in_use(http_client)
    return 0 if transport is None else pooled(transport)


def run_async_tasks(tasks: int, *, backend: str = "asyncio", gate: Optional[int] = None) -> Outcome:
    """One `AsyncCerebras` shared by `tasks` concurrent tasks (default limits: 512 connections).

    With `gate`, each call (stream included) first takes one of `gate` semaphore slots: the
    workaround for httpcore's cost per queued request (see docs/reliability.md).
    """
    with LocalServer() as server:
        expected = _expected(server)
        label = f"AsyncCerebras ({backend}), {tasks:,} concurrent tasks"
        outcome = Outcome(label + (f", calls gated by a {gate}-slot semaphore" if gate else ""), tasks, 0.0)

        async def main() -> None:
            client = server.async_client(max_retries=0, timeout=httpx.Timeout(60.0))
            outcome.limit = 0
            done = anyio.Event()

            async def monitor() -> None:
                while not done.is_set():
                    outcome.max_pool = max(outcome.max_pool, _pool_size(client._client))
                    outcome.limit = outcome.limit or _pool_limit(client._client)
                    await anyio.sleep(0.001)

            slots = anyio.Semaphore(gate or tasks)

            async def call(n: int) -> None:
                async with slots:
                    await _call(n)

            async def _call(n: int) -> None:
                prompt, streaming, request_id = PROMPTS[n % len(PROMPTS)], bool(n % 2), f"req-{n:05d}"
                try:
                    if streaming:
                        stream = await client.chat.completions.create(
                            model=MODEL,
                            messages=_messages(prompt),
                            max_tokens=MAX_TOKENS,
                            stream=True,
                            extra_headers={"X-Request-Id": request_id},
                        )
                        echoed = stream.response.headers.get("x-request-id")
                        text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])
                    else:
                        completion = await client.chat.completions.create(
                            model=MODEL,
                            messages=_messages(prompt),
                            max_tokens=MAX_TOKENS,
                            extra_headers={"X-Request-Id": request_id},
                        )
                        echoed = completion._request_id
                        text = completion.choices[0].message.content or ""
                except Exception as exc:
                    outcome.failures.append(f"{request_id}: {type(exc).__name__}: {exc}")
                    return
                outcome.answered += 1
                if echoed != request_id or text != expected[prompt, streaming]:
                    outcome.mismatched.append(f"{request_id}: got id {echoed!r}, text {text!r}")

            started = time.perf_counter()
            async with anyio.create_task_group() as group:
                group.start_soon(monitor)
                async with anyio.create_task_group() as calls:
                    for n in range(tasks):
                        calls.start_soon(call, n)
                done.set()
            outcome.seconds = time.perf_counter() - started
            await client.close()

        anyio.run(main, backend=backend)
        outcome.server_ids = [e.request_id for e in server.history if e.request_id.startswith("req-")]
    return outcome


def run_threads(threads: int, calls_per_thread: int, *, max_connections: int) -> Outcome:
    """One `Cerebras` shared by `threads` threads, on a pool of `max_connections`."""
    with LocalServer() as server:
        expected = _expected(server)
        total = threads * calls_per_thread
        outcome = Outcome(
            f"Cerebras, {threads} threads x {calls_per_thread} calls, pool of {max_connections}", total, 0.0
        )
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        client = Cerebras(
            api_key=server.api_key,
            base_url=server.base_url,
            max_retries=0,
            http_client=DefaultHttpxClient(limits=limits, timeout=httpx.Timeout(60.0)),
            warm_tcp_connection=False,
        )
        outcome.limit = max_connections
        lock = threading.Lock()
        done = threading.Event()

        def monitor() -> None:
            while not done.is_set():
                outcome.max_pool = max(outcome.max_pool, _pool_size(client._client))
                time.sleep(0.001)

        def worker(thread: int) -> None:
            for call in range(calls_per_thread):
                n = thread * calls_per_thread + call
                prompt, streaming, request_id = PROMPTS[n % len(PROMPTS)], bool(n % 2), f"req-{n:05d}"
                try:
                    if streaming:
                        with client.chat.completions.create(
                            model=MODEL,
                            messages=_messages(prompt),
                            max_tokens=MAX_TOKENS,
                            stream=True,
                            extra_headers={"X-Request-Id": request_id},
                        ) as stream:
                            echoed = stream.response.headers.get("x-request-id")
                            text = "".join(chunk.choices[0].delta.content or "" for chunk in stream)
                    else:
                        completion = client.chat.completions.create(
                            model=MODEL,
                            messages=_messages(prompt),
                            max_tokens=MAX_TOKENS,
                            extra_headers={"X-Request-Id": request_id},
                        )
                        echoed = completion._request_id
                        text = completion.choices[0].message.content or ""
                except Exception as exc:
                    with lock:
                        outcome.failures.append(f"{request_id}: {type(exc).__name__}: {exc}")
                    continue
                with lock:
                    outcome.answered += 1
                    if echoed != request_id or text != expected[prompt, streaming]:
                        outcome.mismatched.append(f"{request_id}: got id {echoed!r}, text {text!r}")

        watcher = threading.Thread(target=monitor, daemon=True)
        watcher.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(worker, range(threads)))
        outcome.seconds = time.perf_counter() - started
        done.set()
        watcher.join()
        client.close()
        outcome.server_ids = [e.request_id for e in server.history if e.request_id.startswith("req-")]
    return outcome
