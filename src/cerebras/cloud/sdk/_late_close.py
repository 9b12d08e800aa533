"""Closing what a dropped sync stream holds, even while the cyclic garbage collector runs.

The collector runs wherever an allocation triggers it, for instance inside the connection pool
while this thread holds the pool's (non-reentrant) lock; closing a response there would wait
for that lock forever. Such closes are handed to a daemon thread, which waits for the lock
instead.
"""

from __future__ import annotations

import gc
import queue
import threading
from typing import Callable, Dict, Optional

__all__ = ["close_dropped", "start_closer"]


class _Collection(threading.local):
    running = False


_collection = _Collection()


def _track_collection(phase: str, _info: Dict[str, int]) -> None:
    _collection.running = phase == "start"


gc.callbacks.append(_track_collection)

_late_closes: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
_closer: Optional[threading.Thread] = None


def _close_late() -> None:
    while True:
        close = _late_closes.get()
        try:
            close()
        except Exception:
            pass


def start_closer() -> None:
    """Start the thread that closes streams the garbage collector finds (again after a fork)."""
    global _closer
    if _closer is None or not _closer.is_alive():
        _closer = threading.Thread(target=_close_late, name="cerebras-stream-closer", daemon=True)
        _closer.start()


def close_dropped(close: Callable[[], None]) -> None:
    """Run `close` now, unless the cyclic garbage collector is running in this thread (then
    the closer thread runs it)."""
    if _collection.running:
        _late_closes.put(close)
    else:
        close()
