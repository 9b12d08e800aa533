"""PURE parsing of the `x-ratelimit-*` response headers into an immutable `RateLimits`.

The API reports its request and token limits on every response, one header per figure:

```
x-ratelimit-limit-{requests,tokens}-{minute,hour,day}       the size of the window (a count)
x-ratelimit-remaining-{requests,tokens}-{minute,hour,day}   what is left of it (a count)
x-ratelimit-reset-{requests,tokens}-{minute,hour,day}       seconds until it refills
```

Accepted values, so that a proxy or a future server format never breaks a response:

* counts: a non-negative number (`"1000"`, `"1000.0"`; a fraction is truncated);
* resets: a non-negative number of seconds (`"12"`, `"12.5"`), optionally with a unit
  (`"12.5s"`, `"250ms"`), or a compound duration (`"1m30s"`, `"1h2m3.5s"`, `"2d"`);
* anything else (absent, empty, negative, `nan`, `inf`, junk) reads as `None`, and so does a
  value longer than `MAX_VALUE_LENGTH` characters (no real figure is that long), so parsing a
  hostile header costs constant time whatever its size.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

__all__ = [
    "MAX_VALUE_LENGTH",
    "RateLimits",
    "has_rate_limits",
    "parse_rate_limits",
    "parse_reset_seconds",
    "rate_limit_wait_notice",
]

MAX_VALUE_LENGTH = 64
"""Longer `x-ratelimit-*` values are not read at all (they read as `None`)."""

_KINDS = ("requests", "tokens")
_WINDOWS = ("minute", "hour", "day")
_PREFIX = b"x-ratelimit-"


@dataclass(frozen=True)
class RateLimits:
    """The rate-limit state the server reported with one response (immutable).

    Built from the `x-ratelimit-{limit,remaining,reset}-{requests,tokens}-{minute,hour,day}`
    header family. `limit_*` and `remaining_*` are counts; `reset_*` are seconds (possibly
    fractional) until that window refills, counted from when the response was sent. A header
    that is absent or malformed reads as `None`.

    ```py
    response = client.chat.completions.with_raw_response.create(...)
    limits = response.rate_limits
    print(limits.remaining_tokens_minute, "tokens left, refill in", limits.reset_tokens_minute, "s")

    client.rate_limits  # the latest figures this client has seen, or None
    ```
    """

    limit_requests_minute: Optional[int] = None
    limit_requests_hour: Optional[int] = None
    limit_requests_day: Optional[int] = None
    limit_tokens_minute: Optional[int] = None
    limit_tokens_hour: Optional[int] = None
    limit_tokens_day: Optional[int] = None
    remaining_requests_minute: Optional[int] = None
    remaining_requests_hour: Optional[int] = None
    remaining_requests_day: Optional[int] = None
    remaining_tokens_minute: Optional[int] = None
    remaining_tokens_hour: Optional[int] = None
    remaining_tokens_day: Optional[int] = None
    reset_requests_minute: Optional[float] = None
    reset_requests_hour: Optional[float] = None
    reset_requests_day: Optional[float] = None
    reset_tokens_minute: Optional[float] = None
    reset_tokens_hour: Optional[float] = None
    reset_tokens_day: Optional[float] = None

    def is_empty(self) -> bool:
        """Whether the response carried no usable rate-limit header at all."""
        return all(getattr(self, f.name) is None for f in fields(self))

    def exhausted(self) -> Tuple[str, ...]:
        """The windows whose remaining count is zero, e.g. `("tokens_minute",)`.

        Names are `"{requests,tokens}_{minute,hour,day}"`, requests first, shortest window first.
        """
        return tuple(
            f"{kind}_{window}"
            for kind in _KINDS
            for window in _WINDOWS
            if (remaining := getattr(self, f"remaining_{kind}_{window}")) is not None and remaining <= 0
        )

    def soonest_reset(self) -> Optional[float]:
        """Seconds until the soonest reset among the exhausted windows, or `None`.

        `None` when no window is exhausted, or none of the exhausted ones came with a reset.
        This is what a 429 without `retry-after` waits for before it is retried.
        """
        resets = [reset for name in self.exhausted() if (reset := getattr(self, f"reset_{name}")) is not None]
        return min(resets) if resets else None

    def to_dict(self) -> Dict[str, Union[int, float]]:
        """The figures the server sent, by field name (absent ones left out)."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}


def _count(value: Optional[str]) -> Optional[int]:
    if value is None or len(value) > MAX_VALUE_LENGTH:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return int(number)


_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION = re.compile(r"(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ms|s|m|h|d))+")
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h|d)")


def parse_reset_seconds(value: Optional[str]) -> Optional[float]:
    """PURE. Seconds from a reset header value (see the module docstring), or `None`.

    Runs in time linear in the value, which is bounded by `MAX_VALUE_LENGTH`.
    """
    if value is None or len(value) > MAX_VALUE_LENGTH:
        return None
    try:
        number = float(value)  # the usual case: "12" or "12.5" (float() strips whitespace)
    except ValueError:
        text = value.strip().lower()
        if not _DURATION.fullmatch(text):  # anchored: one pass, then the parts of a known match
            return None
        number = sum(float(amount) * _UNIT_SECONDS[unit] for amount, unit in _DURATION_PART.findall(text))
    if not math.isfinite(number) or number < 0:
        return None
    return number + 0.0  # -0.0 reads as 0.0


def parse_rate_limits(headers: Mapping[str, str]) -> RateLimits:
    """PURE. Read the `x-ratelimit-*` family from `headers`, tolerating junk.

    `headers` is an `httpx.Headers` (case-insensitive) or a mapping with lower-case names.
    """
    get = headers.get
    values: Dict[str, Any] = {}  # `Any`: keyword arguments of several types for `RateLimits`
    for kind in _KINDS:
        for window in _WINDOWS:
            suffix = f"{kind}-{window}"
            values[f"limit_{kind}_{window}"] = _count(get(f"x-ratelimit-limit-{suffix}"))
            values[f"remaining_{kind}_{window}"] = _count(get(f"x-ratelimit-remaining-{suffix}"))
            values[f"reset_{kind}_{window}"] = parse_reset_seconds(get(f"x-ratelimit-reset-{suffix}"))
    return RateLimits(**values)


def has_rate_limits(raw_headers: Sequence[Tuple[bytes, bytes]]) -> bool:
    """Whether raw header pairs include any `x-ratelimit-*` header. Cheap: no parsing."""
    return any(name[:12].lower() == _PREFIX for name, _ in raw_headers)


def rate_limit_wait_notice(limits: RateLimits, delay_s: float) -> str:
    """What a client waiting `delay_s` after a 429 is waiting for, in words.

    `"waiting 57 s for the requests-per-minute limit"`: the exhausted window whose reset is
    nearest to the wait names the limit; without an exhausted window (a bare `retry-after`),
    `"the rate limit"`.
    """
    shown = f"{delay_s:.0f}" if delay_s >= 10 else f"{delay_s:.1f}"
    resets = [
        (abs(reset - delay_s), name)
        for name in limits.exhausted()
        if (reset := getattr(limits, f"reset_{name}")) is not None
    ]
    named = min(resets)[1] if resets else (limits.exhausted() or (None,))[0]
    if named is None:
        return f"waiting {shown} s for the rate limit"
    kind, window = named.split("_")
    return f"waiting {shown} s for the {kind}-per-{window} limit"
