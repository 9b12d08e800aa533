"""`set_testing()`: make every client's retries instant, for tests, without private attributes."""

from __future__ import annotations

from types import TracebackType
from typing import Callable, Optional, Type

from .._wait import get_testing, set_testing_state

__all__ = ["TestingMode", "is_testing", "set_testing"]


class TestingMode:
    """What `set_testing()` returns: the switch is already thrown; use it in a `with` to undo it on exit."""

    __test__ = False  # not a pytest test class

    def __init__(self, previous: tuple[bool, Optional[Callable[[float], object]]]) -> None:
        self._previous = previous

    def __enter__(self) -> TestingMode:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        set_testing_state(*self._previous)


def set_testing(testing: bool = True, *, on_wait: Optional[Callable[[float], object]] = None) -> TestingMode:
    """Turn testing mode on (or off, with `False`) for every client in this process.

    In testing mode requests are retried exactly as usual (same attempts, same errors), but
    nothing waits between attempts: each delay a retry would have slept is passed to
    `on_wait` instead, so a test can assert it. Works for `Cerebras` and `AsyncCerebras`
    (asyncio and trio), including clients created before the call.

    ```py
    from cerebras.cloud.sdk.testing import set_testing

    delays = []
    with set_testing(on_wait=delays.append):
        client.models.list()  # a 503 then a 200: retried at once
    assert delays == [...]  # what the client would have waited
    ```

    Used as a plain call it stays on until `set_testing(False)`; used in a `with` block, the
    previous mode comes back on exit.
    """
    previous = get_testing()
    set_testing_state(testing, on_wait)
    return TestingMode(previous)


def is_testing() -> bool:
    """Whether testing mode is on."""
    return get_testing()[0]
