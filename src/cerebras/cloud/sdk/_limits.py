"""PURE limits on what a server may send: body and event sizes, and the deadlines of a response.

* `max_response_bytes` (default 64 MiB): the largest non-streamed body, counted after
  decompression (gzip, deflate, br, zstd), so a compression bomb stops at the limit.
* `max_event_bytes` (default 16 MiB): the largest line or event of a stream, also decoded.
* A non-streamed attempt, from connecting and sending the request to the last byte of the
  body (the status line and headers included), must finish within its timeout
  (`attempt_budget`): a server that drips one byte at a time, each within the read timeout,
  cannot hold a call open for ever. Each socket operation of the attempt waits at most until
  that deadline (`bounded_timeout`).
* Streams may get an overall deadline (`stream_timeout`) and an idle deadline between events
  (`stream_idle_timeout`); both are off by default, as a long answer legitimately takes long.

Past a size limit the SDK raises `ResponseTooLargeError` (an `APIResponseValidationError`) and
closes the connection; past a deadline, `APITimeoutError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Optional

__all__ = [
    "DEFAULT_MAX_EVENT_BYTES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "ResponseLimits",
    "attempt_budget",
    "bounded_timeout",
    "check_limit",
]

DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ResponseLimits:
    """The size limits and stream deadlines of one client (see the module docstring)."""

    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES
    stream_timeout: Optional[float] = None
    stream_idle_timeout: Optional[float] = None


def check_limit(name: str, value: Optional[float], *, integer: bool = False) -> None:
    """Raise `ValueError` unless `value` is `None` (for deadlines only) or a positive number."""
    if value is None and not integer:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        kind = "a positive integer" if integer else "a positive number of seconds or None"
        raise ValueError(f"`{name}` must be {kind}, got {value!r}")
    if not value > 0:  # also rejects NaN
        raise ValueError(f"`{name}` must be positive, got {value!r}")


def attempt_budget(timeout: Mapping[str, Optional[float]]) -> Optional[float]:
    """Seconds one non-streamed attempt may take in all: the largest of its finite timeouts.

    `timeout` is the request's timeout extension (`connect`, `read`, `write`, `pool`); `None`
    when no timeout is set at all (then no overall deadline either).
    """
    values = [value for value in timeout.values() if value is not None and math.isfinite(value)]
    return max(values) if values else None


def bounded_timeout(timeout: Optional[float], deadline: Optional[float], now: float) -> Optional[float]:
    """The timeout of one socket operation of an attempt that must end by `deadline`.

    `timeout` is the operation's own (`None`: none); `deadline` the attempt's, as a monotonic
    time (`None`: none). The result is the smaller of the two budgets; zero or less means the
    deadline has passed, and the operation must fail as timed out without waiting.
    """
    if deadline is None:
        return timeout
    left = deadline - now
    return left if timeout is None or left < timeout else timeout
