"""TCP warming: open the connection to the API in the background, on the client's own pool.

The official SDK sends `GET /v1/tcp_warming` from inside the constructor and waits for it (the
async client even does so through a throw-away sync client). Here the constructor only hands
the warm-up to someone else:

* `Cerebras`: process-wide daemon worker threads, started on demand and reused, so a
  constructor normally pays a queue `put`, not a thread start;
* `AsyncCerebras`: a task on the running asyncio loop, or a system task under trio.

The warm-up uses the client's own sender (its pool, headers and `http_client`), a 1 s timeout
and no retries; any failure is logged at DEBUG and otherwise ignored.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional, Tuple

from ._request import FinalRequestOptions

if TYPE_CHECKING:
    from ._http import AsyncSender, SyncSender

__all__ = ["WarmUp", "start_async_warm_up", "start_warm_up", "stop_async_warm_up", "warm_options"]

log = logging.getLogger("cerebras.cloud.sdk._client")

WARM_PATH = "/v1/tcp_warming"
WARM_TIMEOUT_S = 1
_IDLE_S = 30.0


def warm_options() -> FinalRequestOptions:
    """The warm-up request: `GET /v1/tcp_warming`, 1 s timeout, no retries."""
    return FinalRequestOptions(method="get", url=WARM_PATH, timeout=WARM_TIMEOUT_S, max_retries=0)


class WarmUp:
    """The handle of one background warm-up of a sync client: `join()` waits for it."""

    __slots__ = ("_done",)

    def __init__(self) -> None:
        self._done = threading.Event()

    def join(self, timeout: Optional[float] = None) -> None:
        """Wait until the warm-up has finished (or `timeout` seconds)."""
        self._done.wait(timeout)

    def is_alive(self) -> bool:
        """Whether the warm-up is still queued or running."""
        return not self._done.is_set()


class _Workers:
    """Daemon threads that run warm-ups: reused while busy ones are joined by new ones as
    needed (a slow warm-up never delays another), and ended after `_IDLE_S` without work."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Tuple[Callable[[], None], WarmUp]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0

    def submit(self, job: Callable[[], None]) -> WarmUp:
        handle = WarmUp()
        with self._lock:
            start = self._idle == 0
            if not start:
                self._idle -= 1  # that worker is spoken for
        self._jobs.put((job, handle))
        if start:
            threading.Thread(target=self._work, name="cerebras-tcp-warming", daemon=True).start()
        return handle

    def _work(self) -> None:
        while True:
            try:
                job, handle = self._jobs.get(timeout=_IDLE_S)
            except queue.Empty:
                with self._lock:
                    if self._idle > 0:
                        self._idle -= 1
                        return
                continue  # a job was promised to this worker: wait for it
            try:
                job()
            finally:
                handle._done.set()
            with self._lock:
                self._idle += 1


_workers = _Workers()


def _reset_after_fork() -> None:
    # The workers do not exist in a forked child: start from nothing.
    global _workers
    _workers = _Workers()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def start_warm_up(sender: SyncSender) -> WarmUp:
    """Warm `sender`'s pool in the background; returns at once."""
    options = warm_options()

    def warm() -> None:
        try:
            sender.send(options, stream=False, max_retries=0)
        except Exception as exc:
            log.debug("TCP Warming had exception: %s", exc)

    return _workers.submit(warm)


def start_async_warm_up(sender: AsyncSender) -> Optional[Tuple[object, Callable[[], object]]]:
    """Warm `sender`'s pool as a background task of the running event loop.

    Returns `(task, cancel)`: an `asyncio.Task` (await it to join), or under trio a
    `trio.Event` set when the system task ends. `None` when no event loop is running.
    """
    options = warm_options()

    async def warm() -> None:
        try:
            await sender.send(options, stream=False, max_retries=0)
        except Exception as exc:
            log.debug("TCP Warming had exception: %s", exc)

    import asyncio  # imported here: it is heavy, and a trio program never needs it

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    if loop is not None:
        task = loop.create_task(warm())
        return task, task.cancel
    trio = sys.modules.get("trio")
    if trio is None:
        return None
    try:
        trio.lowlevel.current_trio_token()
    except RuntimeError:
        return None
    scope = trio.CancelScope()
    done = trio.Event()

    async def warm_in_scope() -> None:
        try:
            with scope:
                await warm()
        finally:
            done.set()

    # A system task needs no nursery and is cancelled when the run ends.
    trio.lowlevel.spawn_system_task(warm_in_scope, name="cerebras-tcp-warming")
    return done, scope.cancel


async def stop_async_warm_up(task: Any, cancel: Callable[[], object]) -> None:
    """Cancel a warm-up still in flight and, on asyncio, let the cancellation land.

    `task` is `Any`: an `asyncio.Task` or a `trio.Event`, told apart through the lazily looked-up
    `asyncio` module (trio is an optional dependency the type checker may not see)."""
    cancel()
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None and isinstance(task, asyncio.Task):
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return
        if task.get_loop() is running:
            await asyncio.wait({task})
