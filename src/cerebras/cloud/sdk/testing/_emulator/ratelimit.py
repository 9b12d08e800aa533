"""PURE rate limiting: requests and tokens per minute and per day, with `x-ratelimit-*` headers.

Each window is fixed-length and starts with the first request after the previous window ended
(so a short test never straddles a reset). A request is admitted while the window has
requests left and its token budget is not yet spent; the tokens of an answer (prompt plus
completion) are charged when it is produced. A limit of `None` is not enforced, and its
headers report a nominal capacity of 10^9 so every answer still carries the whole family:

`x-ratelimit-{limit,remaining,reset}-{requests,tokens}-{minute,day}`; resets are seconds
(fractional) until the window ends.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

__all__ = ["RateLimiter", "Window"]

_NOMINAL = 1_000_000_000


class Window:
    """One counter over a fixed-length window."""

    __slots__ = ("enforced", "length_s", "limit", "start", "used")

    def __init__(self, limit: Optional[int], length_s: float) -> None:
        self.enforced = limit is not None
        self.limit = _NOMINAL if limit is None else limit
        self.length_s = length_s
        self.start: Optional[float] = None
        self.used = 0

    def _roll(self, now: float) -> None:
        if self.start is None or now >= self.start + self.length_s:
            self.start = now
            self.used = 0

    def exhausted(self, now: float) -> bool:
        """Whether the window (after rolling over at `now`) has nothing left."""
        self._roll(now)
        return self.enforced and self.used >= self.limit

    def charge(self, amount: int, now: float) -> None:
        """Use `amount` of the window."""
        self._roll(now)
        self.used += amount

    def remaining(self) -> int:
        """What is left (never negative)."""
        return max(self.limit - self.used, 0)

    def reset_s(self, now: float) -> float:
        """Seconds until the window ends (a full window if it has not started)."""
        if self.start is None:
            return self.length_s
        return max(self.start + self.length_s - now, 0.0)


class RateLimiter:
    """Request and token windows per minute and per day."""

    def __init__(
        self,
        *,
        requests_per_minute: Optional[int] = None,
        tokens_per_minute: Optional[int] = None,
        requests_per_day: Optional[int] = None,
        tokens_per_day: Optional[int] = None,
    ) -> None:
        self.windows = {
            ("requests", "minute"): Window(requests_per_minute, 60.0),
            ("tokens", "minute"): Window(tokens_per_minute, 60.0),
            ("requests", "day"): Window(requests_per_day, 86_400.0),
            ("tokens", "day"): Window(tokens_per_day, 86_400.0),
        }

    def admit(self, now: float) -> Optional[str]:
        """Count one request; `None` if admitted, else the exhausted kind (`"requests"`/`"tokens"`).

        A refused request is not counted.
        """
        for (kind, _), window in self.windows.items():
            if window.exhausted(now):
                return kind
        self.windows["requests", "minute"].charge(1, now)
        self.windows["requests", "day"].charge(1, now)
        return None

    def charge_tokens(self, tokens: int, now: float) -> None:
        """Charge the tokens of one answer."""
        self.windows["tokens", "minute"].charge(tokens, now)
        self.windows["tokens", "day"].charge(tokens, now)

    def headers(self, now: float) -> List[Tuple[bytes, bytes]]:
        """The twelve `x-ratelimit-*` headers as they stand at `now`."""
        out: List[Tuple[bytes, bytes]] = []
        for (kind, period), window in self.windows.items():
            window._roll(now)
            suffix = f"{kind}-{period}".encode()
            out.append((b"x-ratelimit-limit-" + suffix, str(window.limit).encode()))
            out.append((b"x-ratelimit-remaining-" + suffix, str(window.remaining()).encode()))
            out.append((b"x-ratelimit-reset-" + suffix, f"{window.reset_s(now):.3f}".encode()))
        return out

    def retry_after_s(self, kind: str, now: float) -> float:
        """Seconds until the exhausted `kind` windows all allow a request again."""
        return max(
            (w.reset_s(now) for (k, _), w in self.windows.items() if k == kind and w.exhausted(now)),
            default=0.0,
        )
