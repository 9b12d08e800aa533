"""The whole-attempt deadline: the pure cut of each socket timeout, the socket wrapper, the asyncio guard."""

from __future__ import annotations

import asyncio
import time
from typing import Any, List, Optional, Tuple

import anyio
import httpcore
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk._deadline import CALL_DEADLINE, DeadlineGuard, bound_by_deadline
from cerebras.cloud.sdk._limits import bounded_timeout

__all__: List[str] = []

_seconds = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)


def test_bounded_timeout_is_the_smaller_budget() -> None:
    assert bounded_timeout(5.0, None, 100.0) == 5.0
    assert bounded_timeout(None, None, 100.0) is None
    assert bounded_timeout(5.0, 102.0, 100.0) == 2.0
    assert bounded_timeout(None, 102.0, 100.0) == 2.0
    assert bounded_timeout(1.0, 102.0, 100.0) == 1.0
    assert bounded_timeout(1.0, 99.0, 100.0) == -1.0  # passed: the caller fails at once


@given(timeout=st.one_of(st.none(), _seconds), left=st.floats(-1e6, 1e6, allow_nan=False), now=_seconds)
def test_bounded_timeout_never_exceeds_either_budget(timeout: Optional[float], left: float, now: float) -> None:
    result = bounded_timeout(timeout, now + left, now)
    assert result is not None
    assert result <= (now + left) - now
    if timeout is not None:
        assert result <= timeout


class _FakeStream:
    def __init__(self, alpn: Optional[str] = None) -> None:
        self.timeouts: List[Tuple[str, Optional[float]]] = []
        self.alpn = alpn

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        self.timeouts.append(("read", timeout))
        return b"x"

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        self.timeouts.append(("write", timeout))

    def close(self) -> None:
        pass

    def start_tls(
        self, ssl_context: Any, server_hostname: Optional[str] = None, timeout: Optional[float] = None
    ) -> Any:
        self.timeouts.append(("tls", timeout))
        return _FakeStream(self.alpn)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object" and self.alpn is not None:
            alpn = self.alpn

            class _Ssl:
                def selected_alpn_protocol(self) -> str:
                    return alpn

            return _Ssl()
        return None


class _FakeBackend:
    def __init__(self, alpn: Optional[str] = None) -> None:
        self.streams: List[_FakeStream] = []
        self.alpn = alpn

    def connect_tcp(self, host: str, port: int, timeout: Optional[float] = None, *args: Any) -> Any:
        stream = _FakeStream(self.alpn)
        stream.timeouts.append(("connect", timeout))
        self.streams.append(stream)
        return stream

    def sleep(self, seconds: float) -> None:
        pass


def _bounded_backend(alpn: Optional[str] = None) -> Tuple[Any, _FakeBackend]:
    transport = httpx.HTTPTransport()
    fake = _FakeBackend(alpn)
    transport._pool._network_backend = fake  # pyright: ignore[reportAttributeAccessIssue]
    bound_by_deadline(transport)
    bound_by_deadline(transport)  # not wrapped twice
    wrapped: Any = transport._pool._network_backend
    assert wrapped._backend is fake
    return wrapped, fake


def test_socket_operations_wait_at_most_until_the_deadline() -> None:
    backend, fake = _bounded_backend()
    token = CALL_DEADLINE.set(time.monotonic() + 2.0)
    try:
        stream = backend.connect_tcp("h", 1, 30.0)
        stream.write(b"x", 30.0)
        stream.read(10, 30.0)
        stream.read(10, 0.5)  # its own timeout is the smaller
    finally:
        CALL_DEADLINE.reset(token)
    stream.read(10, 30.0)  # no deadline: untouched
    (timeouts,) = [s.timeouts for s in fake.streams]
    assert [kind for kind, _ in timeouts] == ["connect", "write", "read", "read", "read"]
    assert all(value is not None and 1.0 < value <= 2.0 for _, value in timeouts[:3])
    assert timeouts[3] == ("read", 0.5)
    assert timeouts[4] == ("read", 30.0)


def test_a_passed_deadline_fails_as_timed_out_without_waiting() -> None:
    backend, fake = _bounded_backend()
    stream = backend.connect_tcp("h", 1, 30.0)
    token = CALL_DEADLINE.set(time.monotonic() - 0.1)
    try:
        with pytest.raises(httpcore.ReadTimeout):
            stream.read(10, 30.0)
        with pytest.raises(httpcore.WriteTimeout):
            stream.write(b"x", 30.0)
        with pytest.raises(httpcore.ConnectTimeout):
            backend.connect_tcp("h", 1, 30.0)
    finally:
        CALL_DEADLINE.reset(token)
    assert [kind for kind, _ in fake.streams[0].timeouts] == ["connect"]  # nothing reached the socket


def test_http2_connections_keep_their_own_timeouts() -> None:
    # One HTTP/2 connection carries concurrent requests: a timed-out read would fail them all.
    backend, _ = _bounded_backend(alpn="h2")
    token = CALL_DEADLINE.set(time.monotonic() + 1.0)
    try:
        raw = backend.connect_tcp("h", 1, 30.0)
        tls = raw.start_tls(None, "h", 30.0)
        tls.read(10, 30.0)
    finally:
        CALL_DEADLINE.reset(token)
    assert tls._stream.timeouts == [("read", 30.0)]


def test_the_guard_turns_an_overdue_attempt_into_a_read_timeout() -> None:
    async def main() -> float:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout), DeadlineGuard(time.monotonic() + 0.2):
            await anyio.sleep(30)
        elapsed = time.monotonic() - started
        await anyio.sleep(0)  # no cancellation is left pending for the task
        task = asyncio.current_task()
        assert task is not None
        cancelling = getattr(task, "cancelling", None)  # Python 3.11+
        if cancelling is not None:
            assert cancelling() == 0
        return elapsed

    assert asyncio.run(main()) < 5.0


def test_the_guard_lets_other_cancellations_through() -> None:
    async def main() -> None:
        async def guarded() -> None:
            with DeadlineGuard(time.monotonic() + 30):
                await anyio.sleep(30)

        task = asyncio.ensure_future(guarded())
        await anyio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())


def test_attempts_in_time_share_one_timer() -> None:
    # Each attempt that ends in time cancels nothing; one timer serves attempts one after another.
    async def main() -> int:
        loop = asyncio.get_running_loop()
        before = len(loop._scheduled)  # pyright: ignore[reportAttributeAccessIssue]
        for _ in range(500):
            with DeadlineGuard(time.monotonic() + 30):
                await anyio.sleep(0)
        return len(loop._scheduled) - before  # pyright: ignore[reportAttributeAccessIssue]

    assert asyncio.run(main()) <= 1
