"""PURE retry decisions: which outcomes retry, and how long to wait before the next attempt.

Time and randomness come in as arguments (`now`, `jitter`), so every rule here is a plain
function of its inputs; the sync and async shells only sleep for the number returned.

Rules (the official SDK's, plus rate-limit awareness):

* `x-should-retry: true|false` on an error response overrides everything else;
* else 408, 409, 429 and every 5xx retry; other statuses do not;
* timeouts and connection errors retry;
* the wait is the server's `retry-after-ms` / `retry-after` (seconds or an HTTP date,
  RFC 9110 §10.2.3) when it lies in (0, 60] seconds;
* else, for a 429 whose `x-ratelimit-*` headers show an exhausted window, the time until the
  soonest reset among the exhausted windows, unless that exceeds `max_rate_limit_wait_s`,
  in which case the request is not retried at all (raising at once beats sleeping minutes);
* else capped exponential backoff: `min(0.5 * 2**n, 8) * jitter` with `jitter` in (0.75, 1].
"""

from __future__ import annotations

import email.utils
import math
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from ._rate_limits import parse_rate_limits

__all__ = [
    "FINAL",
    "RAISE",
    "RETURN",
    "Decision",
    "RetryPolicy",
    "backoff_delay",
    "decide",
    "is_retryable_status",
    "next_delay",
    "parse_retry_after",
]


@dataclass(frozen=True)
class RetryPolicy:
    """How long retries wait. The number of retries is the client's `max_retries`."""

    initial_delay_s: float = 0.5
    max_delay_s: float = 8.0
    max_retry_after_s: float = 60.0
    """A server hint above this is ignored in favour of backoff (as the official SDK does)."""
    max_rate_limit_wait_s: float = 60.0
    """The longest wait for a rate-limit window to reset; beyond it a 429 is raised at once."""


def is_retryable_status(status: int, headers: Mapping[str, str]) -> bool:
    """Whether an error response with `status` should be retried (attempts permitting)."""
    should_retry = headers.get("x-should-retry")
    if should_retry == "true":
        return True
    if should_retry == "false":
        return False
    return status in (408, 409, 429) or status >= 500


_MAX_HINT_LENGTH = 64


def parse_retry_after(headers: Mapping[str, str], now: float) -> Optional[float]:
    """Seconds the server asks us to wait, from `retry-after-ms` or `retry-after`; `None` if absent.

    `now` (a Unix timestamp) resolves the HTTP-date form of `retry-after`.
    """
    value = headers.get("retry-after-ms")
    if value is not None and len(value) <= _MAX_HINT_LENGTH:
        try:
            seconds = float(value) / 1000
        except ValueError:
            pass
        else:
            if math.isfinite(seconds):
                return seconds
    value = headers.get("retry-after")
    if value is None or len(value) > _MAX_HINT_LENGTH:  # an HTTP date is 29 characters
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        try:
            return email.utils.mktime_tz(parsed) - now
        except (ValueError, OverflowError):  # a date the calendar cannot hold (year 10000, ...)
            return None
    return seconds if math.isfinite(seconds) else None


def backoff_delay(retries_taken: int, policy: RetryPolicy, jitter: float) -> float:
    """Capped exponential backoff for the retry after `retries_taken` retries.

    `jitter` is a number in (0.75, 1] (the caller draws it as `1 - 0.25 * random()`).
    """
    base = min(policy.initial_delay_s * 2.0 ** min(retries_taken, 1000), policy.max_delay_s)
    return max(base * jitter, 0.0)


def next_delay(
    retries_taken: int,
    *,
    status: Optional[int],
    headers: Optional[Mapping[str, str]],
    policy: RetryPolicy,
    now: float,
    jitter: float,
) -> Optional[float]:
    """Seconds to wait before the next attempt, or `None` when waiting makes no sense.

    Call it only for an outcome that is retryable and with attempts left; `status` and
    `headers` are those of the failed response (`None` for a timeout or connection error).
    `None` means a 429 whose rate-limit window resets later than the policy allows.
    """
    if headers is not None:
        hint = parse_retry_after(headers, now)
        if hint is not None and 0 < hint <= policy.max_retry_after_s:
            return hint
        if status == 429 and hint is None:
            reset = parse_rate_limits(headers).soonest_reset()
            if reset is not None:
                if reset > policy.max_rate_limit_wait_s:
                    return None
                return reset
    return backoff_delay(retries_taken, policy, jitter)


@dataclass(frozen=True)
class Decision:
    """What a sender does after one attempt: `"return"` the response, `"retry"` after `delay`
    seconds, or `"raise"` the error (the attempt's failure, or the response's status error)."""

    action: str
    delay: float = 0.0
    final: bool = False
    """For `"raise"`: the status does not retry at all (rather than attempts, or the wait a
    rate limit allows, having run out)."""


RETURN = Decision("return")
"""A 2xx response: the answer."""
RAISE = Decision("raise")
"""No retry left (or a rate-limit window that resets too late): the outcome is the error."""
FINAL = Decision("raise", final=True)
"""A status that is not retried: it is the error."""


def decide(
    status: Optional[int],
    headers: Optional[Mapping[str, str]],
    *,
    retries_taken: int,
    max_retries: int,
    policy: RetryPolicy,
    now: Callable[[], float],
    jitter: Callable[[], float],
) -> Decision:
    """The decision after an attempt that got a response with `status` and `headers`, or (both
    `None`) that failed without one (a timeout or a connection error).

    `retries_taken` retries came before this attempt and `max_retries` are allowed. `now` and
    `jitter` give the values `next_delay` takes; they are called only when a retry is possible,
    so that an answer or a final error draws no random number. Only a 2xx is an answer.
    """
    if status is not None and 200 <= status < 300:
        return RETURN
    if retries_taken >= max_retries:
        return RAISE
    if status is not None and not is_retryable_status(status, headers or {}):
        return FINAL
    delay = next_delay(retries_taken, status=status, headers=headers, policy=policy, now=now(), jitter=jitter())
    return RAISE if delay is None else Decision("retry", delay)
