"""httpcore's connection pools with a request-to-connection assignment in linear time.

httpcore re-runs its assignment step every time a request enters or leaves the pool. In
httpcore 1.0.x that step costs, for each idle connection, a pass over every connection (to
count them), and for each queued request, two passes over every connection, even when none can
be free. With a few hundred connections kept alive, or a few hundred requests waiting for one,
this quadratic step becomes most of the CPU a stream costs (and grows with concurrency).

On top of that, asking an idle connection whether it has expired polls its socket (the server
may have closed it) through several layers: tens of microseconds. httpcore asks every
connection on every step, so a few hundred idle keep-alive connections cost milliseconds per
request, which is why dropping each connection after its stream looked faster than reusing it.

`linear_pools(transport)` swaps the pool of an httpx transport for a subclass whose step makes
the same decisions, in the same order, with one pass over the connections plus, per queued
request, a scan that stops at the first usable connection and is skipped once nothing can
change for the request's origin. Between sweeps, an idle connection already handed to a request
that has not started on it yet is not handed out again (see `_usable`). Every connection is
asked whether it has expired at most every `SWEEP_INTERVAL_S`; in between, only an idle connection about to be handed out is asked (and
closed if it has), so no request is ever sent on a connection known to be dead. The subclass
adds only the time of the next sweep; it is applied only when the pool is httpcore's own class
with the method this replaces.
"""

from __future__ import annotations

import gc
import time
from typing import Any, List, Optional, Set

import httpcore

__all__ = ["linear_pools"]


SWEEP_INTERVAL_S = 0.5
"""How often, at most, every connection is asked whether it has expired."""


def _assign_requests_to_connections(self: Any) -> List[Any]:
    """The assignment step with the cyclic garbage collector held off.

    The step runs while the pool holds its (non-reentrant) lock. A collection started by an
    allocation here could finalize a dropped stream, whose cleanup closes a response and so
    waits for that same lock: a deadlock. Collections wait until the step is done.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        return _assign_linear(self)
    finally:
        if enabled:
            gc.enable()


def _assign_linear(self: Any) -> List[Any]:
    """The connections to close; assigns queued requests to connections (see the module doc)."""
    now = time.monotonic()
    sweep = now >= getattr(self, "_cerebras_next_sweep", 0.0)
    if sweep:
        self._cerebras_next_sweep = now + SWEEP_INTERVAL_S
    closing: List[Any] = []
    connections: List[Any] = self._connections
    # The pass over every connection runs on a sweep, when idle connections beyond the keep-alive
    # limit may need closing, when the pool falls quiet (no request left), or (below) before a
    # new connection is made. A busy step where a response ends, or its connection is reused,
    # skips it: at hundreds of kept-alive streams, that pass was most of the pool's cost per chunk.
    pruned = sweep or len(connections) > self._max_keepalive_connections or not self._requests
    if pruned:
        _prune(self, connections, closing, sweep)

    full = False  # no room for a new connection and no idle one to replace: stays so this pass
    blocked: List[Any] = []  # origins with no usable connection once `full` (not hashable)
    requests: List[Any] = self._requests
    queued = [r for r in requests if r.is_queued()]
    # Connections handed to a request already, which may not have started on them yet.
    claimed: Set[int] = set()
    if queued and not sweep:  # (a sweep step makes httpcore's own decisions)
        claimed = {id(r.connection) for r in requests if r.connection is not None}
    for pool_request in queued:
        origin = pool_request.request.url.origin
        if full and origin in blocked:
            continue
        if sweep:  # every connection was just asked: the first available one will do
            chosen = next((c for c in connections if c.can_handle_request(origin) and c.is_available()), None)
        else:
            chosen = _usable(connections, origin, closing, claimed)
        if chosen is None and not full:
            if not pruned:  # closed connections go before a new one is made (and may make room)
                _prune(self, connections, closing, sweep)
                pruned = True
            if len(connections) < self._max_connections:
                chosen = self.create_connection(origin)
                connections.append(chosen)
            else:
                # Between sweeps, never one handed to a request already (see `_usable`).
                idle = next((c for c in connections if c.is_idle() and id(c) not in claimed), None)
                if idle is None:
                    full = True
                else:
                    connections.remove(idle)
                    closing.append(idle)
                    chosen = self.create_connection(origin)
                    connections.append(chosen)
        if chosen is None:
            blocked.append(origin)
            continue
        pool_request.assign_to_connection(chosen)
        if not sweep:
            claimed.add(id(chosen))
    return closing


def _prune(self: Any, connections: List[Any], closing: List[Any], sweep: bool) -> None:
    """One pass: drop closed connections, close expired ones (on a sweep) and idle ones beyond
    the keep-alive limit, in httpcore's order."""
    kept: List[Any] = []
    count = len(connections)
    max_keepalive = self._max_keepalive_connections
    for connection in connections:
        if connection.is_closed():
            count -= 1
        elif sweep and connection.has_expired():
            count -= 1
            closing.append(connection)
        elif connection.is_idle() and count > max_keepalive:
            # httpcore compares the count of all remaining connections, not only the idle ones.
            count -= 1
            closing.append(connection)
        else:
            kept.append(connection)
    if len(kept) != len(connections):
        connections[:] = kept


def _usable(connections: List[Any], origin: Any, closing: List[Any], claimed: Set[int]) -> Optional[Any]:
    """The first connection available for `origin`, between sweeps: an idle one is first asked
    whether it has expired (the server may have closed it), and closed if it has.

    An idle connection already handed to a request that has not started on it yet (`claimed`:
    their ids) is passed over: it stays idle until that request runs, and a second request given
    it would only find it taken and come back (httpcore then retries the whole step, once per
    such collision)."""
    at = 0
    while at < len(connections):
        candidate = connections[at]
        if candidate.can_handle_request(origin) and candidate.is_available():
            if not candidate.is_idle():
                return candidate
            if id(candidate) in claimed:
                at += 1
                continue
            if not candidate.has_expired():
                return candidate
            del connections[at]
            closing.append(candidate)
            continue
        at += 1
    return None


class _LinearAsyncPool(httpcore.AsyncConnectionPool):
    pass


class _LinearSyncPool(httpcore.ConnectionPool):
    pass


_PAIRS: List[Any] = []
for _base, _linear in ((httpcore.AsyncConnectionPool, _LinearAsyncPool), (httpcore.ConnectionPool, _LinearSyncPool)):
    if callable(getattr(_base, "_assign_requests_to_connections", None)):
        _linear._assign_requests_to_connections = _assign_requests_to_connections
        _PAIRS.append((_base, _linear))


def linear_pools(transport: object) -> None:
    """Give `transport` (an httpx transport) the linear pool, if its pool is httpcore's own."""
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_requests") or not hasattr(pool, "_connections"):
        return
    for base, linear in _PAIRS:
        if type(pool) is base:
            pool.__class__ = linear
            return
