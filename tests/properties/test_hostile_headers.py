"""Rate-limit and retry headers built to make a parser backtrack: parsing stays linear and bounded.

A reset value such as `"1" * 20000 + "x"` used to take tens of seconds (a regular expression
retried from every position); values are now bounded in length and matched in one pass. The
budget below is generous for a loaded machine and still far below what the old parser took on
the shortest of these strings.
"""

from __future__ import annotations

import time
from typing import Dict, List

from hypothesis import given, settings
from hypothesis import strategies as st

from cerebras.cloud.sdk._rate_limits import MAX_VALUE_LENGTH, parse_rate_limits, parse_reset_seconds
from cerebras.cloud.sdk._retry import RetryPolicy, next_delay, parse_retry_after

__all__: List[str] = []

BUDGET_S = 0.5
"""Per parse of every header of one answer; the old parser needed over 30 s at 20 000 characters."""

_PIECES = ["1", "9", "1m", "1.", ".1", "1.5", "1ms", "0", " ", "1h2", "\t"]
_ENDS = ["", "x", "!", "m", "s", " ", ".", "ms1", "1"]

adversarial = st.builds(
    lambda piece, count, end, head: head + piece * count + end,
    st.sampled_from(_PIECES),
    st.integers(min_value=1000, max_value=60_000),
    st.sampled_from(_ENDS),
    st.sampled_from(["", "1", " ", "1m"]),
)


def _headers(value: str) -> Dict[str, str]:
    headers = {"retry-after": value, "retry-after-ms": value}
    for kind in ("requests", "tokens"):
        for window in ("minute", "hour", "day"):
            for figure in ("limit", "remaining", "reset"):
                headers[f"x-ratelimit-{figure}-{kind}-{window}"] = value
    headers["x-ratelimit-remaining-tokens-minute"] = "0"  # an exhausted window: the reset is read
    return headers


@settings(max_examples=40, deadline=None)
@given(adversarial)
def test_hostile_header_values_parse_in_bounded_time(value: str) -> None:
    headers = _headers(value)
    started = time.perf_counter()
    limits = parse_rate_limits(headers)
    parse_retry_after(headers, now=0.0)
    delay = next_delay(0, status=429, headers=headers, policy=RetryPolicy(), now=0.0, jitter=1.0)
    elapsed = time.perf_counter() - started
    assert elapsed < BUDGET_S, f"{elapsed:.3f} s for a {len(value)}-character value"
    assert limits.reset_tokens_minute is None  # too long to be a real figure
    assert delay is not None
    assert 0 <= delay <= RetryPolicy().max_delay_s


@given(st.text(alphabet="0123456789.mshd ", max_size=MAX_VALUE_LENGTH))
def test_short_values_still_parse_as_before(value: str) -> None:
    result = parse_reset_seconds(value)
    assert result is None or result >= 0


def test_real_values_parse() -> None:
    assert parse_reset_seconds("1m30s") == 90.0
    assert parse_reset_seconds("1h2m3.5s") == 3723.5
    assert parse_reset_seconds("250ms") == 0.25
    assert parse_reset_seconds(" 12.5 ") == 12.5
    assert parse_reset_seconds("1" * (MAX_VALUE_LENGTH + 1)) is None
    assert parse_reset_seconds("1m" * 20 + "x") is None
