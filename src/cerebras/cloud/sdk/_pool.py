"""httpcore's connection pools with a request-to-connection assignment in linear time.

httpcore re-runs its assignment step every time a request enters or leaves the pool. In
httpcore 1.0.x that step costs, for each idle connection, a pass over every connection (to
count them), and for each queued request, two passes over every connection, even when none can
be free. With a few hundred connections kept alive, or a few hundred requests waiting for one,
this quadratic step becomes most of the CPU a stream costs (and grows with concurrency).

`linear_pools(transport)` swaps the pool of an httpx transport for a subclass whose step makes
the same decisions, in the same order, with one pass over the connections plus, per queued
request, a scan that stops at the first usable connection and is skipped once nothing can
change for the request's origin. The subclass adds no state; it is applied only when the pool
is httpcore's own class with the method this replaces.
"""

from __future__ import annotations

from typing import Any, List, Optional

import httpcore

__all__ = ["linear_pools"]


def _assign_requests_to_connections(self: Any) -> List[Any]:
    """The connections to close; assigns queued requests to connections (see the module doc)."""
    closing: List[Any] = []
    connections: List[Any] = self._connections
    kept: List[Any] = []
    count = len(connections)
    max_keepalive = self._max_keepalive_connections
    for connection in connections:
        if connection.is_closed():
            count -= 1
        elif connection.has_expired():
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

    full = False  # no room for a new connection and no idle one to replace: stays so this pass
    blocked: List[Any] = []  # origins with no usable connection once `full` (not hashable)
    for pool_request in self._requests:
        if not pool_request.is_queued():
            continue
        origin = pool_request.request.url.origin
        if full and origin in blocked:
            continue
        chosen: Optional[Any] = None
        for candidate in connections:
            if candidate.can_handle_request(origin) and candidate.is_available():
                chosen = candidate
                break
        if chosen is None and not full:
            if len(connections) < self._max_connections:
                chosen = self.create_connection(origin)
                connections.append(chosen)
            else:
                idle = next((c for c in connections if c.is_idle()), None)
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
    return closing


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
