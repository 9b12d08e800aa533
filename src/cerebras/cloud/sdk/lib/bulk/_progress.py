"""Showing a bulk run's progress on stderr: a tqdm bar on a terminal, plain periodic lines otherwise.

tqdm is optional (`pip install "cerebras_cloud_sdk[bulk]"`). Without it a terminal gets one
self-rewriting plain line instead of the bar. Every form shows done/total, requests and
tokens per second, errors, the time waited on rate limits and the ETA.
"""

from __future__ import annotations

import sys
from typing import Any, Optional, TextIO

from ._stats import BulkStats

__all__ = ["BarProgress", "LineProgress", "ProgressDisplay", "TerminalProgress", "make_progress"]


class ProgressDisplay:
    """Base display: `update` is called about twice a second, `close` once at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def update(self, stats: BulkStats) -> None:
        """Show `stats` (may do nothing until enough time has passed)."""

    def close(self, stats: BulkStats) -> None:
        """Show the final state and release the terminal line."""


class LineProgress(ProgressDisplay):
    """A plain line every `interval` seconds (for logs and pipes)."""

    def __init__(self, stream: TextIO, interval: float = 10.0) -> None:
        super().__init__(stream)
        self.interval = interval
        self._next = interval

    def update(self, stats: BulkStats) -> None:
        """Write a line once `interval` seconds have passed since the last one."""
        if stats.elapsed() >= self._next:
            self._next = stats.elapsed() + self.interval
            self.stream.write(f"bulk: {stats.progress_line()}\n")
            self.stream.flush()

    def close(self, stats: BulkStats) -> None:
        """Write the final line."""
        self.stream.write(f"bulk: {stats.progress_line()}\n")
        self.stream.flush()


class TerminalProgress(ProgressDisplay):
    """One line rewritten in place (`\\r`), the fallback when tqdm is not installed."""

    def update(self, stats: BulkStats) -> None:
        """Rewrite the line."""
        self.stream.write(f"\r\x1b[2K{stats.progress_line()}")
        self.stream.flush()

    def close(self, stats: BulkStats) -> None:
        """Rewrite the line a last time and move below it."""
        self.update(stats)
        self.stream.write("\n")
        self.stream.flush()


class BarProgress(ProgressDisplay):
    """A tqdm bar: done/total, rate and ETA from tqdm; tokens/s, errors and waits as its postfix."""

    def __init__(self, stream: TextIO, total: int, tqdm_class: Any) -> None:  # `Any`: tqdm ships no types
        super().__init__(stream)
        self._bar: Any = tqdm_class(total=total, file=stream, unit="req", dynamic_ncols=True, smoothing=0.1)
        self._shown = 0

    def update(self, stats: BulkStats) -> None:
        """Advance the bar to `stats.done`."""
        self._bar.set_postfix_str(
            f"{stats.tokens_per_s():.0f} tok/s, {stats.errors} err, {stats.waited_s:.0f}s waited", refresh=False
        )
        self._bar.update(stats.done - self._shown)
        self._shown = stats.done

    def close(self, stats: BulkStats) -> None:
        """Finish the bar."""
        self.update(stats)
        self._bar.close()


def _tqdm() -> Any:
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm


def make_progress(
    enabled: bool, total: int, stream: Optional[TextIO] = None, *, interval: float = 10.0, use_tqdm: bool = True
) -> Optional[ProgressDisplay]:
    """The display for `stream` (default stderr): a bar on a terminal, lines elsewhere; `None` if disabled."""
    if not enabled:
        return None
    out: TextIO = stream if stream is not None else sys.stderr
    isatty = getattr(out, "isatty", None)
    if not (callable(isatty) and isatty()):
        return LineProgress(out, interval)
    tqdm_class = _tqdm() if use_tqdm else None
    if tqdm_class is None:
        return TerminalProgress(out)
    return BarProgress(out, total, tqdm_class)
