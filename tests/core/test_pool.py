"""The linear pool assignment makes exactly httpcore's decisions, in linear time.

Property test: random pools (connections closed, expired, idle, available, for one of a few
origins; queued and active requests; limits) are handed to httpcore's own
`_assign_requests_to_connections` and to ours; the connections closed, the pool left behind,
and which request went to which connection (new ones by creation order) must be the same.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

import httpcore
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cerebras.cloud.sdk import DefaultAsyncHttpxClient, DefaultHttpxClient
from cerebras.cloud.sdk._pool import _assign_requests_to_connections, linear_pools

ORIGINS = [httpcore.URL(f"https://host{n}.example/").origin for n in range(3)]


class FakeConnection:
    def __init__(self, name: str, origin: Any, state: Tuple[bool, bool, bool, bool]) -> None:
        self.name = name
        self.origin = origin
        self.closed, self.expired, self.idle, self.available = state

    def can_handle_request(self, origin: Any) -> bool:
        return bool(origin == self.origin)

    def is_closed(self) -> bool:
        return self.closed

    def has_expired(self) -> bool:
        return self.expired

    def is_idle(self) -> bool:
        return self.idle

    def is_available(self) -> bool:
        return self.available


class FakeRequest:
    def __init__(self, origin: Any, connection: Optional[FakeConnection]) -> None:
        self.request = type("R", (), {"url": type("U", (), {"origin": origin})()})()
        self.connection = connection

    def is_queued(self) -> bool:
        return self.connection is None

    def assign_to_connection(self, connection: FakeConnection) -> None:
        self.connection = connection


class FakePool:
    def __init__(self, connections: List[FakeConnection], requests: List[FakeRequest], limits: Tuple[int, int]) -> None:
        self._connections = connections
        self._requests = requests
        self._max_connections, self._max_keepalive_connections = limits
        self._made = 0
        self.new_are_available = False

    def create_connection(self, origin: Any) -> FakeConnection:
        self._made += 1
        # A new connection is neither idle nor closed; HTTP/2-capable ones count as available.
        return FakeConnection(f"new{self._made}", origin, (False, False, False, self.new_are_available))


states = st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans())
connection_specs = st.lists(st.tuples(st.integers(0, 2), states), max_size=12)
request_specs = st.lists(st.tuples(st.integers(0, 2), st.one_of(st.none(), st.integers(0, 11))), max_size=12)


def _build(conns: Any, reqs: Any, limits: Tuple[int, int], http2: bool) -> FakePool:
    connections = [FakeConnection(f"c{n}", ORIGINS[o], state) for n, (o, state) in enumerate(conns)]
    requests = [
        FakeRequest(ORIGINS[o], connections[at] if at is not None and at < len(connections) else None) for o, at in reqs
    ]
    pool = FakePool(connections, requests, limits)
    pool.new_are_available = http2
    return pool


def _outcome(pool: FakePool, closing: List[FakeConnection]) -> Any:
    return (
        [c.name for c in closing],
        [c.name for c in pool._connections],
        [None if r.connection is None else r.connection.name for r in pool._requests],
    )


@settings(max_examples=600, deadline=None)
@given(
    conns=connection_specs,
    reqs=request_specs,
    max_connections=st.integers(0, 14),
    max_keepalive=st.integers(0, 14),
    http2=st.booleans(),
)
def test_same_decisions_as_httpcore(
    conns: Any, reqs: Any, max_connections: int, max_keepalive: int, http2: bool
) -> None:
    limits = (max_connections, max_keepalive)
    theirs = _build(conns, reqs, limits, http2)
    ours = _build(conns, reqs, limits, http2)
    expected = _outcome(theirs, httpcore.AsyncConnectionPool._assign_requests_to_connections(theirs))  # type: ignore[arg-type]
    assert _outcome(ours, _assign_requests_to_connections(ours)) == expected


def _pool_of(n_connections: int, n_queued: int) -> FakePool:
    # Every connection busy (not idle, not available) and the pool full: queued requests wait.
    connections = [FakeConnection(f"c{n}", ORIGINS[0], (False, False, False, False)) for n in range(n_connections)]
    requests = [FakeRequest(ORIGINS[0], connections[n]) for n in range(n_connections)]
    requests += [FakeRequest(ORIGINS[0], None) for _ in range(n_queued)]
    return FakePool(connections, requests, (n_connections, n_connections))


def test_cost_grows_linearly_with_a_full_pool_and_a_queue() -> None:
    # httpcore: two passes over 400 connections for each of 400 queued requests; ours: one pass
    # and one scan. Counted in calls to the connections' methods, so load cannot blur it.
    calls = [0]

    class Counting(FakeConnection):
        def is_available(self) -> bool:
            calls[0] += 1
            return super().is_available()

        def is_idle(self) -> bool:
            calls[0] += 1
            return super().is_idle()

    def counted(assign: Any) -> int:
        pool = _pool_of(400, 400)
        counting: List[FakeConnection] = [
            Counting(c.name, c.origin, (False, False, False, False)) for c in pool._connections
        ]
        pool._connections = counting
        calls[0] = 0
        assign(pool)
        return calls[0]

    theirs = counted(httpcore.AsyncConnectionPool._assign_requests_to_connections)
    ours = counted(_assign_requests_to_connections)
    assert theirs >= 400 * 400
    assert ours <= 3 * 400


@pytest.mark.parametrize("cls", [DefaultHttpxClient, DefaultAsyncHttpxClient])
def test_default_clients_get_the_linear_pool(cls: Any) -> None:
    client = cls()
    pool = client._transport._pool
    assert isinstance(pool, (httpcore.ConnectionPool, httpcore.AsyncConnectionPool))
    assert type(pool).__name__ in ("_LinearSyncPool", "_LinearAsyncPool")
    if isinstance(client, httpx.Client):
        client.close()


def test_only_httpcore_pools_are_touched() -> None:
    class Custom(httpcore.ConnectionPool):
        pass

    transport = httpx.HTTPTransport()
    transport._pool = Custom()
    linear_pools(transport)
    assert type(transport._pool) is Custom
    # The transport itself is the subject: one without a connection pool is left alone.
    linear_pools(httpx.MockTransport(lambda _request: httpx.Response(200)))
    linear_pools(None)


class Asked(FakeConnection):
    """A connection that writes its name in `asked` each time it is asked whether it has expired."""

    def __init__(self, name: str, origin: Any, state: Tuple[bool, bool, bool, bool], asked: List[str]) -> None:
        super().__init__(name, origin, state)
        self.asked = asked

    def has_expired(self) -> bool:
        self.asked.append(self.name)
        return super().has_expired()


def test_between_sweeps_only_the_connection_handed_out_is_asked_whether_it_expired() -> None:
    asked: List[str] = []

    idle = (False, False, True, True)
    dead = (False, True, True, True)  # idle, but the server closed it
    connections: List[FakeConnection] = [Asked(f"c{n}", ORIGINS[0], dead if n == 0 else idle, asked) for n in range(50)]
    pool = FakePool(connections, [FakeRequest(ORIGINS[0], None)], (100, 100))
    pool._cerebras_next_sweep = float("inf")  # type: ignore[attr-defined]  # a sweep just ran
    first_alive = connections[1]

    closing = _assign_requests_to_connections(pool)

    assert asked == ["c0", "c1"]  # not the other 48
    assert [c.name for c in closing] == ["c0"]  # the dead one is closed, never handed out
    assert pool._requests[0].connection is first_alive
    assert "c0" not in [c.name for c in pool._connections]


def test_a_sweep_asks_every_connection_at_most_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    from cerebras.cloud.sdk import _pool

    clock = [1000.0]
    monkeypatch.setattr("cerebras.cloud.sdk._pool.time.monotonic", lambda: clock[0])
    asked: List[str] = []

    busy = (False, False, False, False)  # not expired
    pool = FakePool([Asked(f"c{n}", ORIGINS[0], busy, asked) for n in range(10)], [], (10, 10))
    _assign_requests_to_connections(pool)
    assert len(asked) == 10  # the first step sweeps
    _assign_requests_to_connections(pool)
    assert len(asked) == 10
    clock[0] += _pool.SWEEP_INTERVAL_S
    _assign_requests_to_connections(pool)
    assert len(asked) == 20


def test_an_idle_connection_handed_to_a_request_that_has_not_started_is_not_handed_out_again() -> None:
    # Requests take their connection only when their task runs next: until then it stays idle.
    # Handing it to a second request made that one find it taken and go round httpcore's loop
    # again (about 8 times per stream at 256 kept-alive streams).
    idle = (False, False, True, True)
    first = FakeRequest(ORIGINS[0], None)
    pool = FakePool([FakeConnection("c0", ORIGINS[0], idle)], [first], (10, 10))
    pool._cerebras_next_sweep = float("inf")  # type: ignore[attr-defined]  # between sweeps
    _assign_requests_to_connections(pool)
    assert first.connection is not None
    assert first.connection.name == "c0"

    second = FakeRequest(ORIGINS[0], None)
    pool._requests.append(second)
    _assign_requests_to_connections(pool)
    assert second.connection is not None
    assert second.connection.name == "new1"


def test_between_sweeps_closed_connections_are_dropped_and_their_room_reused() -> None:
    closed = (True, False, False, False)
    busy = (False, False, False, False)
    connections = [FakeConnection("dead", ORIGINS[0], closed), FakeConnection("busy", ORIGINS[0], busy)]
    waiting = FakeRequest(ORIGINS[0], None)
    pool = FakePool(connections, [FakeRequest(ORIGINS[0], connections[1]), waiting], (2, 2))
    pool._cerebras_next_sweep = float("inf")  # type: ignore[attr-defined]
    _assign_requests_to_connections(pool)
    assert waiting.connection is not None
    assert waiting.connection.name == "new1"
    assert [c.name for c in pool._connections] == ["busy", "new1"]


def test_a_full_pool_does_not_close_a_connection_handed_to_a_request_that_has_not_started() -> None:
    # The only idle connection of a full pool was just handed to `first`: replacing it for
    # `second` would close it under `first`, which then fails with a connection error.
    idle = (False, False, True, True)
    busy = (False, False, False, False)
    connections = [FakeConnection("busy", ORIGINS[0], busy), FakeConnection("claimed", ORIGINS[0], idle)]
    first = FakeRequest(ORIGINS[0], connections[1])
    second = FakeRequest(ORIGINS[1], None)
    pool = FakePool(connections, [FakeRequest(ORIGINS[0], connections[0]), first, second], (2, 2))
    pool._cerebras_next_sweep = float("inf")  # type: ignore[attr-defined]
    assert _assign_requests_to_connections(pool) == []
    assert second.connection is None  # waits for a connection
    assert [c.name for c in pool._connections] == ["busy", "claimed"]


class _Counted(FakeConnection):
    asked = 0

    def is_closed(self) -> bool:
        _Counted.asked += 1
        return super().is_closed()


def test_a_step_that_reuses_a_connection_does_not_visit_every_connection() -> None:
    # Between sweeps, below the keep-alive limit: a response ended and the next request takes
    # its idle connection. Only a new connection would need the pass over all of them.
    busy = (False, False, False, False)
    idle = (False, False, True, True)
    connections: List[FakeConnection] = [_Counted(f"c{n}", ORIGINS[0], busy) for n in range(299)]
    connections.append(_Counted("free", ORIGINS[0], idle))
    waiting = FakeRequest(ORIGINS[0], None)
    requests = [FakeRequest(ORIGINS[0], c) for c in connections[:-1]] + [waiting]
    pool = FakePool(connections, requests, (300, 300))
    pool._cerebras_next_sweep = float("inf")  # type: ignore[attr-defined]
    _Counted.asked = 0
    assert _assign_requests_to_connections(pool) == []
    assert waiting.connection is not None
    assert waiting.connection.name == "free"
    assert _Counted.asked == 0  # no connection was asked whether it is closed


def test_idle_connections_handed_out_already_are_passed_over_without_asking_them_anything() -> None:
    # A wave of streams ends together: hundreds of idle connections, most already handed to
    # requests that have not started on them. The next request must not ask each of them
    # whether it has expired (a socket poll) on its way to a free one.
    asked: List[str] = []

    idle = (False, False, True, True)
    connections: List[FakeConnection] = [Asked(f"c{n}", ORIGINS[0], idle, asked) for n in range(200)]
    requests = [FakeRequest(ORIGINS[0], c) for c in connections[:199]]  # all but the last handed out
    waiting = FakeRequest(ORIGINS[0], None)
    pool = FakePool(connections, [*requests, waiting], (200, 200))
    pool._cerebras_next_sweep = float("inf")  # type: ignore[attr-defined]
    _assign_requests_to_connections(pool)
    assert waiting.connection is connections[199]
    assert asked == ["c199"]
