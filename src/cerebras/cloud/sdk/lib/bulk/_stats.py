"""The running counters of a bulk run, and the figures of its progress line and final summary."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional

from ... import RateLimits
from ..streaming._speed import tokens_per_second

__all__ = ["BulkStats", "format_duration"]


def format_duration(seconds: Optional[float]) -> str:
    """PURE. `75.2` -> `"1m15s"`; `None` -> `"?"`."""
    if seconds is None:
        return "?"
    seconds = max(seconds, 0.0)
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds + 0.5), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


@dataclass
class BulkStats:
    """What a bulk run has done so far; the progress display and the summary read it.

    Counts cover this run; `previous` holds the results an earlier run left in the output
    (by status), which a resumed run did not send again.
    """

    engine: str
    total: int
    """Requests this run has to send (input lines without a result yet)."""
    previous: Dict[str, int] = field(default_factory=lambda: {})
    statuses: Dict[str, int] = field(default_factory=lambda: {})
    tokens_in: int = 0
    tokens_out: int = 0
    tokens_by_model: Dict[str, List[int]] = field(default_factory=lambda: {})
    """`model -> [prompt tokens, completion tokens]`."""
    rate_limited: int = 0
    """429 answers absorbed (each was waited out and retried)."""
    retries: int = 0
    """Requests sent again after a retryable failure (429s included)."""
    waited_s: float = 0.0
    """Time sending was held back to stay within the rate limits."""
    limits: Optional[RateLimits] = None
    """The freshest limits the server reported."""
    interrupted: bool = False
    clock: Callable[[], float] = time.monotonic
    started: float = field(default=0.0)
    finished: Optional[float] = None
    cost_usd: Optional[Decimal] = None
    """Estimated price of this run's tokens, from the public model catalog (`None`: unknown)."""
    batches: List[str] = field(default_factory=lambda: [])
    """Batch engine: the batch ids the results came from."""

    def __post_init__(self) -> None:
        if not self.started:
            self.started = self.clock()

    # ------------------------------------------------------------------ recording

    def record(self, status: str, model: Optional[str] = None, usage: Optional[Mapping[str, object]] = None) -> None:
        """Count one result line with `status`, and the tokens of its `usage` (if any)."""
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if not usage:
            return
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        prompt = prompt if isinstance(prompt, int) else 0
        completion = completion if isinstance(completion, int) else 0
        self.tokens_in += prompt
        self.tokens_out += completion
        if model:
            pair = self.tokens_by_model.setdefault(model, [0, 0])
            pair[0] += prompt
            pair[1] += completion

    # ------------------------------------------------------------------ figures

    @property
    def done(self) -> int:
        """Result lines written by this run."""
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        """Result lines of this run that did not succeed."""
        return self.done - self.statuses.get("succeeded", 0)

    def elapsed(self) -> float:
        """Seconds since the run started (until it finished)."""
        return (self.finished if self.finished is not None else self.clock()) - self.started

    def rate_per_s(self) -> float:
        """Result lines per second so far."""
        elapsed = self.elapsed()
        return self.done / elapsed if elapsed > 0 else 0.0

    def tokens_per_s(self) -> float:
        """Generated tokens per second so far (the SDK's one tok/s: `tokens_per_second`).

        Prompt tokens are not generated, so they are left out here; the `tpm` figure of
        `to_dict()` counts both, as the per-minute token limits do.
        """
        return tokens_per_second(self.tokens_out, self.elapsed()) or 0.0

    def eta_s(self) -> Optional[float]:
        """Seconds left: at the rate so far, or at the per-minute limits if those are slower.

        `None` before the first result.
        """
        rate = self.rate_per_s()
        if rate <= 0:
            return None
        left = max(self.total - self.done, 0)
        eta = left / rate
        limits = self.limits
        if limits is not None and left:
            if limits.limit_requests_minute:
                eta = max(eta, 60.0 * left / limits.limit_requests_minute)
            if limits.limit_tokens_minute and self.done:
                per_line = (self.tokens_in + self.tokens_out) / self.done
                eta = max(eta, 60.0 * left * per_line / limits.limit_tokens_minute)
        return eta

    def progress_line(self) -> str:
        """PURE over the counters: one line for a log or a terminal."""
        return (
            f"{self.done}/{self.total} done, {self.rate_per_s():.1f} req/s, {self.tokens_per_s():.0f} tok/s, "
            f"{self.errors} errors, {format_duration(self.waited_s)} waited on rate limits, "
            f"ETA {format_duration(self.eta_s())}"
        )

    def effective(self) -> Dict[str, Optional[float]]:
        """Requests and tokens per minute this run achieved, and the per-minute limits reported."""
        minutes = self.elapsed() / 60.0
        limits = self.limits
        return {
            "rpm": self.done / minutes if minutes > 0 else None,
            "tpm": (self.tokens_in + self.tokens_out) / minutes if minutes > 0 else None,
            "limit_rpm": float(limits.limit_requests_minute) if limits and limits.limit_requests_minute else None,
            "limit_tpm": float(limits.limit_tokens_minute) if limits and limits.limit_tokens_minute else None,
        }

    def to_dict(self) -> Dict[str, Any]:
        """The summary as plain JSON-ready values (what `--json` prints)."""
        return {
            "engine": self.engine,
            "total": self.total,
            "statuses": dict(self.statuses),
            "previous": dict(self.previous),
            "tokens_in": self.tokens_in,
            "tokens_out": self.tokens_out,
            "elapsed_s": round(self.elapsed(), 3),
            "rate_limited": self.rate_limited,
            "retries": self.retries,
            "waited_s": round(self.waited_s, 3),
            "effective": {k: (round(v, 1) if v is not None else None) for k, v in self.effective().items()},
            "cost_usd": str(self.cost_usd) if self.cost_usd is not None else None,
            "batches": list(self.batches),
            "interrupted": self.interrupted,
        }

    def summary_text(self) -> str:
        """The end-of-run summary, for people (several lines)."""
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items())) or "nothing sent"
        lines = [f"bulk ({self.engine}): {counts} in {format_duration(self.elapsed())}"]
        if self.previous:
            earlier = ", ".join(f"{n} {status}" for status, n in sorted(self.previous.items()))
            lines.append(f"  already in the output from an earlier run: {earlier}")
        lines.append(f"  tokens: {self.tokens_in} in, {self.tokens_out} out")
        eff = self.effective()
        lines.append(
            f"  effective: {_per_minute(eff['rpm'], eff['limit_rpm'], 'RPM')}, "
            f"{_per_minute(eff['tpm'], eff['limit_tpm'], 'TPM')}"
        )
        if self.rate_limited or self.waited_s:
            lines.append(f"  rate limits: {self.rate_limited} 429s absorbed, {format_duration(self.waited_s)} waited")
        cost = f"${self.cost_usd:.4f} (catalog prices)" if self.cost_usd is not None else "unknown (no prices)"
        lines.append(f"  cost estimate: {cost}")
        if self.interrupted:
            lines.append("  interrupted: the output is valid; rerun with --resume to finish")
        return "\n".join(lines)

    def dumps(self) -> str:
        """`to_dict()` as one JSON line."""
        return json.dumps(self.to_dict())


def _per_minute(value: Optional[float], limit: Optional[float], unit: str) -> str:
    if value is None:
        return f"? {unit}"
    if limit:
        return f"{value:.0f} {unit} ({100 * value / limit:.0f}% of the {limit:.0f} limit)"
    return f"{value:.0f} {unit}"
