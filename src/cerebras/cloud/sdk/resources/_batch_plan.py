"""PURE. The decisions of `batches.wait()` and `batches.results()`: how long to sleep between
polls, when waiting is over, and which file holds a batch's results."""

from __future__ import annotations

from typing import Optional

from .._batch_errors import BatchError, BatchWaitTimeoutError
from ..types.batch import BATCH_TERMINAL_STATUSES, Batch

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "MAX_POLL_INTERVAL",
    "check_wait",
    "poll_delay",
    "results_file_id",
    "timed_out",
]

DEFAULT_POLL_INTERVAL = 5.0
"""Seconds before the second poll of `wait()`; later polls back off from there."""
DEFAULT_WAIT_TIMEOUT = 25 * 3600.0
"""How long `wait()` waits by default: the 24 h completion window plus time to cancel or finalize."""
MAX_POLL_INTERVAL = 60.0
"""The longest `wait()` sleeps between two polls (unless `poll_interval` or `retry-after` ask for more)."""
_POLL_BACKOFF = 1.5


def poll_delay(polls: int, poll_interval: float, retry_after: Optional[float]) -> float:
    """PURE. Seconds to sleep after the `polls`-th poll (0-based) of `wait()`.

    The interval grows by half each poll, from `poll_interval` up to 60 s (or `poll_interval`
    if larger); a `retry-after` from the server is honoured when it asks for longer.
    """
    cap = max(poll_interval, MAX_POLL_INTERVAL)
    delay = min(poll_interval * _POLL_BACKOFF ** min(polls, 64), cap)
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    return delay


def results_file_id(batch: Batch) -> str:
    """PURE. The file holding `batch`'s results; `BatchError` when it has none (yet)."""
    if batch.output_file_id:
        return batch.output_file_id
    if batch.status in BATCH_TERMINAL_STATUSES:
        reason = f": {batch.errors}" if batch.errors else ""
        raise BatchError(f"Batch {batch.id} ended {batch.status!r} without an output file{reason}", batch=batch)
    raise BatchError(f"Batch {batch.id} is {batch.status!r} and has no results yet; `wait()` for it first", batch=batch)


def timed_out(batch: Batch, timeout: float) -> BatchWaitTimeoutError:
    """PURE. The error `wait()` raises when `timeout` seconds passed and `batch` is not finished."""
    return BatchWaitTimeoutError(
        f"Batch {batch.id} is still {batch.status!r} after waiting {timeout:g} s", batch=batch, timeout=timeout
    )


def check_wait(poll_interval: float, timeout: float) -> None:
    """PURE. `ValueError` for a `wait()` whose `poll_interval` or `timeout` makes no sense."""
    if not poll_interval > 0:
        raise ValueError(f"`poll_interval` must be > 0 seconds, got {poll_interval!r}")
    if not timeout >= 0:
        raise ValueError(f"`timeout` must be >= 0 seconds, got {timeout!r}")
