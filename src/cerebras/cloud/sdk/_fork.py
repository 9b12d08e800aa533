"""A sync client survives `os.fork()`: in the child, its connection pool starts out empty.

A forked child inherits the parent's pooled sockets. If both processes sent on one of them,
their requests and answers would interleave on a single TCP stream; and a pool lock held by
another parent thread at the moment of the fork would stay locked in the child for ever.

So every `httpx.Client` an SDK client sends with is remembered (weakly), and in the child,
right after the fork, each pool forgets its connections and pending requests and gets fresh
locks. The child's copies of the inherited sockets are closed without a byte being sent on
them (the parent still holds the same connections, which stay open and usable there). The
child then opens new connections as it needs them; the parent is not affected at all.
"""

from __future__ import annotations

import os
import weakref
from typing import Any, List

import httpx

from ._narrow import is_list

__all__ = ["reset_pools_in_child", "survive_fork"]

_clients: weakref.WeakSet[httpx.Client] = weakref.WeakSet()


def survive_fork(http_client: httpx.Client) -> None:
    """Give `http_client` an empty pool in the child of any later `os.fork()`."""
    _clients.add(http_client)


def _close_inherited_socket(connection: object) -> None:
    # `close()` on the connection could speak the protocol (HTTP/2 sends GOAWAY) on a socket
    # the parent still uses; closing the child's file descriptor sends nothing.
    # Private attributes of httpcore's connections (1.x and 0.x), found by duck typing: `Any`.
    stream: Any = getattr(getattr(connection, "_connection", None), "_network_stream", None)
    try:
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            sock.close()
    except Exception:
        pass


def _reset_pool(pool: object) -> None:
    inherited: List[object] = []
    for name in ("_connections", "_pool"):  # httpcore 1.x, then 0.x
        connections: object = getattr(pool, name, None)
        if is_list(connections):
            inherited += connections
            setattr(pool, name, [])
    if isinstance(getattr(pool, "_requests", None), list):
        setattr(pool, "_requests", [])  # noqa: B010 (`pool` is typed `object`)
    for name in ("_optional_thread_lock", "_pool_lock", "_thread_lock"):
        lock = getattr(pool, name, None)
        if lock is not None:
            try:
                setattr(pool, name, type(lock)())
            except Exception:
                pass
    for connection in inherited:
        _close_inherited_socket(connection)


def reset_pools_in_child() -> None:
    """Empty the pool of every remembered client (run in the child after a fork)."""
    for client in list(_clients):
        transports = [client._transport, *client._mounts.values()]
        for transport in transports:
            pool = getattr(transport, "_pool", None)
            if pool is not None:
                _reset_pool(pool)


if hasattr(os, "register_at_fork"):  # POSIX only
    os.register_at_fork(after_in_child=reset_pools_in_child)
