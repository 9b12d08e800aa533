"""How the senders wait before a retry: a real sleep, or, in testing mode, no wait at all.

Testing mode is switched by the public `cerebras.cloud.sdk.testing.set_testing()`; it is
process-wide, like a logging level, and read at every wait (so it applies to clients that
already exist).
"""

from __future__ import annotations

import time
from typing import Awaitable, Callable, Optional

import anyio

__all__ = ["AsyncWait", "Wait", "WaitRecorder", "async_wait", "get_testing", "set_testing_state", "sync_wait"]

Wait = Callable[[float], None]
"""How the sync sender waits before a retry (`sync_wait`, or a test's own)."""

AsyncWait = Callable[[float], Awaitable[None]]
"""How the async sender waits before a retry (`async_wait`, or a test's own)."""

WaitRecorder = Callable[[float], object]
"""Called with each delay a retry would have waited (its return value is ignored)."""


class _State:
    __slots__ = ("on", "record")

    def __init__(self) -> None:
        self.on = False
        self.record: Optional[WaitRecorder] = None


_STATE = _State()


def get_testing() -> tuple[bool, Optional[WaitRecorder]]:
    """Whether testing mode is on, and the recorder it calls."""
    return _STATE.on, _STATE.record


def set_testing_state(on: bool, record: Optional[WaitRecorder]) -> None:
    """Switch testing mode (see `cerebras.cloud.sdk.testing.set_testing`)."""
    _STATE.on = on
    _STATE.record = record if on else None


def sync_wait(seconds: float) -> None:
    """Sleep `seconds`, unless testing mode is on (then only record them)."""
    if _STATE.on:
        record = _STATE.record
        if record is not None:
            record(seconds)
        return
    time.sleep(seconds)


async def async_wait(seconds: float) -> None:
    """`anyio.sleep(seconds)`, unless testing mode is on (then record them and only yield once)."""
    if _STATE.on:
        record = _STATE.record
        if record is not None:
            record(seconds)
        await anyio.sleep(0)
        return
    await anyio.sleep(seconds)
