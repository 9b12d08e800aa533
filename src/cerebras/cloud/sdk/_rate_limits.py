"""PURE parsing of the `x-ratelimit-*` response headers into an immutable `RateLimits`."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

__all__ = ["RateLimits", "has_rate_limits", "parse_rate_limits"]

_KINDS = ("requests", "tokens")
_WINDOWS = ("minute", "hour", "day")


@dataclass(frozen=True)
class RateLimits:
    """The rate-limit state the server reported with one response.

    Built from the `x-ratelimit-{limit,remaining,reset}-{requests,tokens}-{minute,hour,day}`
    header family. `limit_*` and `remaining_*` are counts; `reset_*` are seconds (possibly
    fractional) until that window resets. A header that is absent or malformed reads as `None`.

    ```py
    r = client.chat.completions.with_raw_response.create(...)
    print(r.rate_limits.remaining_tokens_minute, r.rate_limits.reset_tokens_minute)
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
        """Whether the response carried no rate-limit header at all."""
        return all(getattr(self, f.name) is None for f in fields(self))

    def exhausted(self) -> Tuple[str, ...]:
        """The windows whose remaining count is zero, e.g. `("tokens_minute",)`."""
        return tuple(
            f"{kind}_{window}"
            for kind in _KINDS
            for window in _WINDOWS
            if (remaining := getattr(self, f"remaining_{kind}_{window}")) is not None and remaining <= 0
        )

    def soonest_reset(self) -> Optional[float]:
        """Seconds until the soonest reset among the exhausted windows, or `None`.

        `None` when no window is exhausted, or none of the exhausted ones came with a reset.
        """
        resets = [reset for name in self.exhausted() if (reset := getattr(self, f"reset_{name}")) is not None]
        return min(resets) if resets else None


def _count(value: Optional[str]) -> Optional[int]:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return int(number)


def _seconds(value: Optional[str]) -> Optional[float]:
    if value is None:
        return None
    text = value.strip().lower()
    if text.endswith("ms"):
        scale, text = 0.001, text[:-2]
    elif text.endswith("s"):
        scale, text = 1.0, text[:-1]
    else:
        scale = 1.0
    try:
        number = float(text) * scale
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return number


def parse_rate_limits(headers: Mapping[str, str]) -> RateLimits:
    """PURE. Read the `x-ratelimit-*` family from `headers` (case-insensitive), tolerating junk."""
    get = headers.get
    values: Dict[str, Any] = {}
    for kind in _KINDS:
        for window in _WINDOWS:
            suffix = f"{kind}-{window}"
            values[f"limit_{kind}_{window}"] = _count(get(f"x-ratelimit-limit-{suffix}"))
            values[f"remaining_{kind}_{window}"] = _count(get(f"x-ratelimit-remaining-{suffix}"))
            values[f"reset_{kind}_{window}"] = _seconds(get(f"x-ratelimit-reset-{suffix}"))
    return RateLimits(**values)


def has_rate_limits(raw_headers: Sequence[Tuple[bytes, bytes]]) -> bool:
    """Whether raw header pairs include any `x-ratelimit-*` header. Cheap."""
    return any(name[:12].lower() == b"x-ratelimit-" for name, _ in raw_headers)
