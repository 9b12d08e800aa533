"""The deadline of a non-streamed attempt, applied to every socket operation the attempt makes.

A server can drip its status line and headers one byte at a time, each byte inside the read
timeout, so that no single read ever times out. So each non-streamed attempt has a deadline
that bounds it as a whole:

* The sync sender, and the async one on trio, set `CALL_DEADLINE` (a context variable: per
  thread, per task) for the length of the attempt (and the sync stream reads, for the opt-in
  stream deadlines). On httpx's own transport `bound_by_deadline(transport)` wraps the
  network backend of its httpcore pool, so each socket operation gets the smaller of its own
  timeout and the time left (`_limits.bounded_timeout`), and fails as timed out once none is
  left. No timer is added: httpcore already times every operation, with this value instead.
  An HTTP/1.1 connection that times out this way is closed by httpcore, never reused. An
  HTTP/2 connection is shared by concurrent requests and httpcore fails all of them on a read
  timeout, so there the socket operations are left alone (see below for asyncio; on trio
  and in the sync client, the deadline of an HTTP/2 attempt is checked as the body arrives).
* On asyncio, whatever the transport (aiohttp, the default there, and `DefaultAioHttpClient`
  included), the async sender runs each non-streamed attempt inside a `DeadlineGuard` instead:
  one shared timer per event loop cancels an attempt that outlives its deadline, and the
  guard turns that into a timeout. aiohttp closes a connection whose request was cancelled.

When no deadline is set (a stream, or a request made outside the SDK's senders), nothing changes.
"""

from __future__ import annotations

import math
import time
import weakref
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Callable, Iterable, List, MutableMapping, Optional, Set, Union

import httpx

from ._limits import bounded_timeout

if TYPE_CHECKING:
    import asyncio
    import ssl
    from types import TracebackType

    import httpcore
    from httpcore._backends.base import SOCKET_OPTION

__all__ = ["CALL_DEADLINE", "DeadlineGuard", "bound_by_deadline", "bound_client_by_deadline"]

CALL_DEADLINE: ContextVar[Optional[float]] = ContextVar("cerebras_call_deadline", default=None)
"""The monotonic time by which the current non-streamed attempt must end (`None`: no deadline)."""


_deadline = CALL_DEADLINE.get


def _timeout(timeout: Optional[float], error: str) -> Optional[float]:
    """`timeout` cut to the time left before the deadline; raises httpcore's `error` (its name)
    once none is left."""
    deadline = _deadline()
    if deadline is None:  # every read of a stream: no clock read
        return timeout
    left = bounded_timeout(timeout, deadline, time.monotonic())
    if left is not None and left <= 0:
        import httpcore  # loaded already: the transport runs on it

        raise getattr(httpcore, error)("The request took longer than its timeout in all.")
    return left


def _multiplexed(stream: Union[httpcore.NetworkStream, httpcore.AsyncNetworkStream]) -> bool:
    """Whether `stream` carries HTTP/2 (negotiated by TLS ALPN), shared by concurrent requests."""
    ssl_object = stream.get_extra_info("ssl_object")
    return ssl_object is not None and ssl_object.selected_alpn_protocol() == "h2"


class _Stream:
    """A sync network stream whose operations end by the attempt's deadline (HTTP/1.1 only)."""

    def __init__(self, stream: httpcore.NetworkStream, multiplexed: bool) -> None:
        self._stream = stream
        self._multiplexed = multiplexed

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        if not self._multiplexed:
            timeout = _timeout(timeout, "ReadTimeout")
        return self._stream.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        if not self._multiplexed:
            timeout = _timeout(timeout, "WriteTimeout")
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: Optional[str] = None, timeout: Optional[float] = None
    ) -> _Stream:
        timeout = _timeout(timeout, "ConnectTimeout")
        stream = self._stream.start_tls(ssl_context, server_hostname, timeout)
        return _Stream(stream, self._multiplexed or _multiplexed(stream))

    def get_extra_info(self, info: str) -> Any:  # `Any`, as httpcore declares it
        return self._stream.get_extra_info(info)


class _Backend:
    def __init__(self, backend: httpcore.NetworkBackend, multiplexed: bool) -> None:
        self._backend = backend
        self._multiplexed = multiplexed

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: Optional[float] = None,
        local_address: Optional[str] = None,
        socket_options: Optional[Iterable[SOCKET_OPTION]] = None,
    ) -> _Stream:
        timeout = _timeout(timeout, "ConnectTimeout")
        stream = self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream, self._multiplexed)

    def connect_unix_socket(
        self, path: str, timeout: Optional[float] = None, socket_options: Optional[Iterable[SOCKET_OPTION]] = None
    ) -> _Stream:
        timeout = _timeout(timeout, "ConnectTimeout")
        stream = self._backend.connect_unix_socket(path, timeout, socket_options)
        return _Stream(stream, self._multiplexed)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _AsyncStream:
    """Async twin of `_Stream`."""

    def __init__(self, stream: httpcore.AsyncNetworkStream, multiplexed: bool) -> None:
        self._stream = stream
        self._multiplexed = multiplexed

    async def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        if not self._multiplexed:
            timeout = _timeout(timeout, "ReadTimeout")
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        if not self._multiplexed:
            timeout = _timeout(timeout, "WriteTimeout")
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: Optional[str] = None, timeout: Optional[float] = None
    ) -> _AsyncStream:
        timeout = _timeout(timeout, "ConnectTimeout")
        stream = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        return _AsyncStream(stream, self._multiplexed or _multiplexed(stream))

    def get_extra_info(self, info: str) -> Any:  # `Any`, as httpcore declares it
        return self._stream.get_extra_info(info)


class _AsyncBackend:
    def __init__(self, backend: httpcore.AsyncNetworkBackend, multiplexed: bool) -> None:
        self._backend = backend
        self._multiplexed = multiplexed

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: Optional[float] = None,
        local_address: Optional[str] = None,
        socket_options: Optional[Iterable[SOCKET_OPTION]] = None,
    ) -> _AsyncStream:
        timeout = _timeout(timeout, "ConnectTimeout")
        stream = await self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return _AsyncStream(stream, self._multiplexed)

    async def connect_unix_socket(
        self, path: str, timeout: Optional[float] = None, socket_options: Optional[Iterable[SOCKET_OPTION]] = None
    ) -> _AsyncStream:
        timeout = _timeout(timeout, "ConnectTimeout")
        stream = await self._backend.connect_unix_socket(path, timeout, socket_options)
        return _AsyncStream(stream, self._multiplexed)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def bound_by_deadline(transport: object) -> None:
    """Make `transport` (an httpx transport on an httpcore pool) honour `CALL_DEADLINE`.

    Connections the pool opens from now on are bounded; other transports are left alone, and
    a transport already bounded is not wrapped twice.
    """
    # Private attributes of httpx's transport and httpcore's pool, found by duck typing: `Any`.
    pool: Any = getattr(transport, "_pool", None)
    backend: Any = getattr(pool, "_network_backend", None)
    if backend is None or isinstance(backend, (_Backend, _AsyncBackend)):
        return
    # HTTP/2 without TLS ("prior knowledge") is HTTP/2 on every connection.
    multiplexed = getattr(pool, "_http1", True) is False
    if hasattr(pool, "handle_async_request"):
        pool._network_backend = _AsyncBackend(backend, multiplexed)
    elif hasattr(pool, "handle_request"):
        pool._network_backend = _Backend(backend, multiplexed)


def bound_client_by_deadline(client: object) -> None:
    """`bound_by_deadline` for the transport of an httpx client and every transport mounted on it."""
    transports: List[object] = [getattr(client, "_transport", None)]
    transports += list(getattr(client, "_mounts", {}).values())
    for transport in transports:
        bound_by_deadline(transport)


class _Watchdog:
    """Cancels the asyncio tasks whose guarded attempt outlived its deadline; one per event loop.

    It arms one timer, for the nearest deadline, only when no earlier one is armed: requests one
    after another share a timer, which fires about once per timeout and then re-arms for the
    attempt in flight, if any. Nothing is cancelled when an attempt ends in time, so no
    cancelled timer is left behind per request (asyncio keeps those in its heap for a while).
    """

    __slots__ = ("__weakref__", "active", "armed_at")

    def __init__(self) -> None:
        self.active: Set[DeadlineGuard] = set()
        self.armed_at = math.inf

    def watch(self, guard: DeadlineGuard) -> None:
        self.active.add(guard)
        if guard.deadline < self.armed_at:
            self._arm(guard.deadline)

    def _arm(self, at: float) -> None:
        import asyncio

        self.armed_at = at
        # The timer holds the watchdog weakly: a closed loop's pending timer keeps nothing alive.
        asyncio.get_running_loop().call_later(max(at - time.monotonic(), 0.0), _fire, weakref.ref(self), at)

    def check(self) -> None:
        now = time.monotonic()
        earliest = math.inf
        for guard in list(self.active):
            if guard.deadline <= now:
                self.active.discard(guard)
                guard.expire()
            elif guard.deadline < earliest:
                earliest = guard.deadline
        if earliest < self.armed_at:
            self._arm(earliest)


def _fire(ref: Callable[[], Optional[_Watchdog]], at: float) -> None:
    watchdog = ref()
    if watchdog is None:
        return
    if at == watchdog.armed_at:
        watchdog.armed_at = math.inf
    watchdog.check()


_watchdogs: MutableMapping[object, _Watchdog] = weakref.WeakKeyDictionary()


class DeadlineGuard:
    """`with DeadlineGuard(deadline):` around an asyncio attempt: past `deadline`, the task is
    cancelled where it waits, and the guard turns that cancellation into `httpx.ReadTimeout`.

    This bounds attempts on transports that cannot be given the deadline socket operation by
    socket (aiohttp, and HTTP/2 on httpcore). A cancellation from anyone else passes through
    unchanged. Use only inside an asyncio task.
    """

    __slots__ = ("deadline", "expired", "task", "watchdog")

    def __init__(self, deadline: float) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        try:
            watchdog = _watchdogs.get(loop)
            if watchdog is None:
                watchdog = _watchdogs[loop] = _Watchdog()
        except TypeError:  # a loop that cannot be referenced weakly: a watchdog of its own
            watchdog = _Watchdog()
        self.watchdog = watchdog
        self.task = asyncio.current_task()
        self.deadline = deadline
        self.expired = False

    def expire(self) -> None:
        self.expired = True
        if self.task is not None:
            self.task.cancel()

    def __enter__(self) -> DeadlineGuard:
        self.watchdog.watch(self)
        return self

    def __exit__(
        self, kind: Optional[type[BaseException]], error: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.watchdog.active.discard(self)
        if not self.expired:
            return
        mine = _uncancel(self.task)  # the watchdog's cancellation is withdrawn in any case
        if kind is not None and mine:
            # The cancellation itself, or what the transport made of it (a closed connection).
            raise httpx.ReadTimeout("The request took longer than its timeout in all.") from None


def _uncancel(task: Optional[asyncio.Task[object]]) -> bool:
    """Withdraw the watchdog's cancellation of `task`; `False` if another one is still pending."""
    uncancel = getattr(task, "uncancel", None)  # Python 3.11+
    if uncancel is None:
        return True
    return uncancel() == 0
