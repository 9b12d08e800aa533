"""The one recorder of retry waits: testing mode (`set_testing(on_wait=...)`) hands it each delay."""

from __future__ import annotations

from typing import List

__all__ = ["SleepRecorder"]


class SleepRecorder:
    """Records the delays retries would have waited (testing mode waits none)."""

    def __init__(self) -> None:
        self.delays: List[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
