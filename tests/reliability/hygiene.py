"""Resource hygiene measurements: many sequential requests, many abandoned streams.

Each measurement warms the client up first (imports, caches, the first connection), then
records the process's open file descriptors (`/proc/self/fd`), resident memory
(`/proc/self/statm`) and the number of objects the garbage collector tracks, runs the load,
collects garbage, and records them again. A leak of one socket, response or stream per
request shows up as thousands of descriptors or objects; the bounds the tests apply are far
below that and far above measurement noise.

The server is a `FaultServer` that counts requests without recording them, so its own memory
stays flat. Nothing here depends on pytest: `scripts/reliability_report.py` reuses it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from _support.sockets import Exchange, FaultServer
from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk._late_close import _late_closes

from .runner import API_KEY, MESSAGES, checked_out, in_use, pooled
from .scenarios import MODEL, answer_ok

__all__ = ["Figures", "abandoned_streams", "full_run", "open_fds", "rss_mib", "sequential_requests", "tracked_objects"]

_WARMUP = 200
_TIMEOUT = httpx.Timeout(10.0, pool=2.0)
"""A short pool timeout: a leaked connection makes the next request fail fast, not hang."""
_PIECES = tuple(f"piece {n} " for n in range(10))
"""Ten events per stream; abandoned streams stop after five."""


def full_run() -> bool:
    """Whether to run the full counts (10,000 requests, 1,000 streams): `CEREBRAS_RELIABILITY_FULL=1`."""
    return os.environ.get("CEREBRAS_RELIABILITY_FULL", "") not in ("", "0")


def open_fds() -> int:
    """File descriptors this process has open."""
    return len(os.listdir("/proc/self/fd"))


def rss_mib() -> float:
    """Resident memory of this process, in MiB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass
class Figures:
    """Before/after figures of one load."""

    label: str
    count: int
    seconds: float
    fds_before: int
    fds_after: int
    rss_before_mib: float
    rss_after_mib: float
    objects_before: int
    objects_after: int
    checked_out: int
    """Connections still checked out of the pool after the load."""
    server_open: int
    """Sockets the server still had open after the load (idle keep-alive connections)."""
    connections: int
    """TCP connections the server accepted during the whole run."""
    pool_open: int = 0
    """Connections the client's pool held open (busy or idle) after the load."""

    @property
    def fd_growth(self) -> int:
        return self.fds_after - self.fds_before

    @property
    def rss_growth_mib(self) -> float:
        return self.rss_after_mib - self.rss_before_mib

    @property
    def object_growth(self) -> int:
        return self.objects_after - self.objects_before


def tracked_objects() -> int:
    """Objects the garbage collector tracks, less the cancelled asyncio timers (and their
    contexts) still waiting in an event loop's heap.

    asyncio removes cancelled timers from its heap in batches, once about a hundred have
    gathered; how many wait at a given moment depends only on where the count of timers made
    so far stands (aiohttp makes one or more per request), not on anything leaking. A timer
    that leaks is held elsewhere, out of the heap, and is still counted.
    """
    objects = gc.get_objects()
    waiting = 0
    for obj in objects:
        # `type()`, not `isinstance()`: the latter fails on a proxy whose referent is gone.
        if type(obj) is asyncio.TimerHandle and obj.cancelled() and getattr(obj, "_scheduled", False):
            waiting += 2 if getattr(obj, "_context", None) is not None else 1
    return len(objects) - waiting


def _pool_open(http_client: Any) -> int:
    transport = in_use(http_client)
    return 0 if transport is None else pooled(transport)


class _Probe:
    def __init__(self) -> None:
        gc.collect()
        self.fds = open_fds()
        self.rss = rss_mib()
        self.objects = tracked_objects()
        self.started = time.perf_counter()

    def finish(self, label: str, count: int, http_client: Any, server: FaultServer) -> Figures:
        seconds = time.perf_counter() - self.started
        gc.collect()
        # Streams collected just now are released by the SDK's closer thread, promptly.
        deadline = time.monotonic() + 2.0
        while (checked_out(http_client) or not _late_closes.empty()) and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(0.02)  # the close taken last from the queue finishes
        gc.collect()
        return Figures(
            label=label,
            count=count,
            seconds=seconds,
            fds_before=self.fds,
            fds_after=open_fds(),
            rss_before_mib=self.rss,
            rss_after_mib=rss_mib(),
            objects_before=self.objects,
            objects_after=tracked_objects(),
            checked_out=checked_out(http_client),
            server_open=server.open_connections,
            connections=server.accepted,
            pool_open=_pool_open(http_client),
        )


def _stream_script(exchange: Exchange) -> None:
    answer_ok(exchange, _PIECES)


def sequential_requests(count: int, *, use_async: bool) -> Figures:
    """`count` chat completions one after the other on one client (sync, or async on asyncio)."""
    with FaultServer(answer_ok, record=False) as server:
        if not use_async:
            client = Cerebras(api_key=API_KEY, base_url=server.url, timeout=_TIMEOUT, warm_tcp_connection=False)
            with client:
                for _ in range(_WARMUP):
                    client.chat.completions.create(model=MODEL, messages=MESSAGES)
                probe = _Probe()
                for _ in range(count):
                    client.chat.completions.create(model=MODEL, messages=MESSAGES)
                return probe.finish("Cerebras: sequential requests", count, client._client, server)

        async def run() -> Figures:
            aclient = AsyncCerebras(api_key=API_KEY, base_url=server.url, timeout=_TIMEOUT, warm_tcp_connection=False)
            async with aclient:
                for _ in range(_WARMUP):
                    await aclient.chat.completions.create(model=MODEL, messages=MESSAGES)
                probe = _Probe()
                for _ in range(count):
                    await aclient.chat.completions.create(model=MODEL, messages=MESSAGES)
                return probe.finish("AsyncCerebras: sequential requests", count, aclient._client, server)

        return anyio.run(run)


def abandoned_streams(count: int, *, use_async: bool) -> Figures:
    """`count` streams of ten events, each dropped after five without `close()`.

    Half are left by `break`ing out of a `for` loop, half by reading five items with `next()`
    and dropping the stream; neither is closed explicitly.
    """
    with FaultServer(_stream_script, record=False) as server:
        if not use_async:
            client = Cerebras(api_key=API_KEY, base_url=server.url, timeout=_TIMEOUT, warm_tcp_connection=False)
            with client:

                def abandon(n: int) -> None:
                    stream = client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
                    if n % 2:
                        for seen, _item in enumerate(stream, 1):
                            if seen == 5:
                                break
                    else:
                        for _ in range(5):
                            next(stream)

                for n in range(_WARMUP // 4):
                    abandon(n)
                probe = _Probe()
                for n in range(count):
                    abandon(n)
                return probe.finish("Cerebras: abandoned streams", count, client._client, server)

        async def run() -> Figures:
            aclient = AsyncCerebras(api_key=API_KEY, base_url=server.url, timeout=_TIMEOUT, warm_tcp_connection=False)
            async with aclient:

                async def abandon(n: int) -> None:
                    stream = await aclient.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
                    if n % 2:
                        seen = 0
                        async for _item in stream:
                            seen += 1
                            if seen == 5:
                                break
                    else:
                        for _ in range(5):
                            await stream.__anext__()

                for n in range(_WARMUP // 4):
                    await abandon(n)
                probe = _Probe()
                for n in range(count):
                    await abandon(n)
                # Dropped async streams are closed by tasks the event loop runs next.
                gc.collect()
                for _ in range(10):
                    await anyio.sleep(0.01)
                return probe.finish("AsyncCerebras: abandoned streams", count, aclient._client, server)

        return anyio.run(run)
