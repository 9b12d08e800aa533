"""PURE: the one definition of generation speed (tokens per second) used by the stream helper and the CLI."""

from __future__ import annotations

from typing import Optional

__all__ = ["tokens_per_second"]


def tokens_per_second(completion_tokens: Optional[int], elapsed_s: Optional[float]) -> Optional[float]:
    """Generated tokens per second, end to end: `completion_tokens / elapsed_s`.

    `elapsed_s` runs from the start of the request (connecting, retries and queueing
    included) to the end of the answer, so the figure is what the caller experienced, and the
    same whether the answer was streamed or not. `None` when either figure is missing or no
    time has passed.
    """
    if completion_tokens is None or elapsed_s is None or elapsed_s <= 0:
        return None
    return completion_tokens / elapsed_s
