"""PURE pacing of bulk requests from the `x-ratelimit-*` headers and the user's caps: how long to wait.

The server reports, with every answer, each window's `limit`, `remaining` and seconds to `reset`
for requests and tokens per minute, hour and day. A report describes the server as it stood
when it answered request number `seq`; requests sent after that one may not be in it yet. So
the pacer estimates what is left of each window as

    remaining (from the freshest report) - what was sent after the request it came with

where "what was sent" counts 1 per request and, for tokens, the tokens the request reserves
(its prompt, estimated, plus its `max_completion_tokens`, as the server reserves them) until
its answer reports the real figure. A window past its reset counts as refilled. A request may
go when every window has room for it and the `max_rpm` / `max_tpm` caps (over any 60 s) allow
it; otherwise `delay` says how long to wait. Answers that arrive out of order never roll the
estimate back: a report older than the one in use is ignored.

No clock, no sleeping: every method takes `now` (seconds, monotonic).
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from typing import Deque, Dict, Mapping, Optional, Tuple

from ... import RateLimits

__all__ = ["DEFAULT_COMPLETION_RESERVE", "Pacer", "reserved_tokens"]

DEFAULT_COMPLETION_RESERVE = 1024
"""Tokens reserved for the answer of a request that sets no `max_completion_tokens`/`max_tokens`."""

_PERIODS = {"minute": 60.0, "hour": 3600.0, "day": 86400.0}
_KINDS = ("requests", "tokens")
_MARGIN_S = 0.05
"""Waits end this long after a window's reset, so the server has surely refilled it."""
_CAP_WINDOW_S = 60.0


def reserved_tokens(body: Mapping[str, object], default_completion: int = DEFAULT_COMPLETION_RESERVE) -> int:
    """PURE. Tokens a request reserves: its prompt (about 4 bytes a token) plus its completion cap."""
    prompt = body.get("messages", body.get("prompt", ""))
    prompt_bytes = len(prompt.encode()) if isinstance(prompt, str) else len(json.dumps(prompt).encode())
    cap = body.get("max_completion_tokens", body.get("max_tokens"))
    completion = cap if isinstance(cap, int) and not isinstance(cap, bool) and cap >= 0 else default_completion
    return (prompt_bytes + 3) // 4 + completion


@dataclass
class _Sent:
    seq: int
    at: float
    tokens: int


@dataclass(frozen=True)
class _Window:
    limit: int
    remaining: int
    seq: int
    reset_at: float
    period: float


class Pacer:
    """Decides when the next request may go (see the module docstring)."""

    def __init__(self, *, max_rpm: Optional[int] = None, max_tpm: Optional[int] = None) -> None:
        self.max_rpm = max_rpm
        self.max_tpm = max_tpm
        self.limits: Optional[RateLimits] = None
        """The freshest rate-limit report, or `None` before the first answer."""
        self._seq = 0
        self._report_seq = -1
        self._sent: Deque[_Sent] = deque()
        self._by_seq: Dict[int, _Sent] = {}
        self._windows: Dict[Tuple[str, str], _Window] = {}
        self._cooldown_until = 0.0

    @property
    def has_report(self) -> bool:
        """Whether any answer has reported the limits yet."""
        return self.limits is not None

    # ------------------------------------------------------------------ estimating

    def _prune(self, now: float) -> None:
        oldest_needed = min((w.seq for w in self._windows.values()), default=self._seq)
        capped = self.max_rpm is not None or self.max_tpm is not None
        while self._sent:
            first = self._sent[0]
            if (capped and first.at >= now - _CAP_WINDOW_S) or first.seq > oldest_needed:
                break
            if self._in_refilled(first, now):
                break
            self._sent.popleft()
            self._by_seq.pop(first.seq, None)

    def _in_refilled(self, sent: _Sent, now: float) -> bool:
        return any(now >= w.reset_at and sent.at >= w.reset_at for w in self._windows.values())

    def estimate(self, kind: str, period: str, now: float) -> Optional[int]:
        """What is left of a server window now, as far as this process can tell (`None`: unknown)."""
        window = self._windows.get((kind, period))
        if window is None:
            return None
        return self._left(kind, window, now)

    def _left(self, kind: str, window: _Window, now: float) -> int:
        if now >= window.reset_at:
            base = window.limit
            counted = [s for s in self._sent if s.at >= window.reset_at]
        else:
            base = window.remaining
            counted = [s for s in self._sent if s.seq > window.seq]
        used = len(counted) if kind == "requests" else sum(s.tokens for s in counted)
        return base - used

    def _refill_at(self, window: _Window, now: float) -> float:
        if now < window.reset_at:
            return window.reset_at + _MARGIN_S
        first = min((s.at for s in self._sent if s.at >= window.reset_at), default=now)
        return first + window.period + _MARGIN_S

    def delay(self, tokens: int, now: float) -> float:
        """Seconds to wait before a request reserving `tokens` may be sent (0.0: send now)."""
        self._prune(now)
        wait = max(self._cooldown_until - now, 0.0)
        for (kind, _), window in self._windows.items():
            need = 1 if kind == "requests" else min(tokens, window.limit)
            if self._left(kind, window, now) < need:
                wait = max(wait, self._refill_at(window, now) - now)
        return max(wait, self._cap_delay(tokens, now))

    def _cap_delay(self, tokens: int, now: float) -> float:
        recent = [s for s in self._sent if s.at > now - _CAP_WINDOW_S]
        wait = 0.0
        if self.max_rpm is not None and len(recent) + 1 > self.max_rpm:
            if self.max_rpm == 0:
                raise ValueError("max_rpm is 0: no request may ever be sent")
            wait = recent[len(recent) - self.max_rpm].at + _CAP_WINDOW_S - now
        if self.max_tpm is not None:
            allowed = self.max_tpm - min(tokens, self.max_tpm)
            total = sum(s.tokens for s in recent)
            for sent in recent:  # oldest first: drop them until the rest fit
                if total <= allowed:
                    break
                total -= sent.tokens
                wait = max(wait, sent.at + _CAP_WINDOW_S - now)
        return max(wait, 0.0)

    # ------------------------------------------------------------------ recording

    def sent(self, tokens: int, now: float) -> int:
        """Record a request going out now, reserving `tokens`; returns its sequence number."""
        self._seq += 1
        entry = _Sent(self._seq, now, tokens)
        self._sent.append(entry)
        self._by_seq[self._seq] = entry
        return self._seq

    def settled(self, seq: int, tokens: Optional[int]) -> None:
        """Request `seq` was answered and used `tokens` (`None`: unknown, keep the reservation)."""
        entry = self._by_seq.get(seq)
        if entry is not None and tokens is not None:
            entry.tokens = tokens

    def observed(self, seq: int, limits: RateLimits, now: float, *, force: bool = False) -> None:
        """The answer to request `seq` reported `limits` (applied unless a fresher report is in use)."""
        if limits.is_empty() or (seq < self._report_seq and not force):
            return
        self._report_seq = max(seq, self._report_seq)
        self.limits = limits
        for kind in _KINDS:
            for period, length in _PERIODS.items():
                limit: Optional[int] = getattr(limits, f"limit_{kind}_{period}")
                remaining: Optional[int] = getattr(limits, f"remaining_{kind}_{period}")
                if limit is None or remaining is None:
                    continue
                reset: Optional[float] = getattr(limits, f"reset_{kind}_{period}")
                reset_at = now + (length if reset is None else reset)
                self._windows[kind, period] = _Window(limit, remaining, seq, reset_at, length)

    def rate_limited(self, seq: int, limits: RateLimits, retry_after: Optional[float], now: float) -> float:
        """Request `seq` got a 429: apply its report and hold every request back as it says.

        Returns the pause (seconds) imposed on all requests when the answer named no usable
        window: its `retry-after`, or else 1 s.
        """
        self.observed(seq, limits, now, force=True)
        if limits.soonest_reset() is not None and retry_after is None:
            return 0.0
        pause = retry_after if retry_after is not None else 1.0
        self._cooldown_until = max(self._cooldown_until, now + pause)
        return pause
