"""Properties of the retry rules: bounded delays, `x-should-retry: false` is final, parsing never raises."""

from __future__ import annotations

from typing import Dict, Optional

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cerebras.cloud.sdk._retry import RetryPolicy, backoff_delay, is_retryable_status, next_delay, parse_retry_after

POLICY = RetryPolicy()
# Generation cost varies with machine load; correctness, not speed, is under test here.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
UPPER = max(POLICY.max_delay_s, POLICY.max_retry_after_s, POLICY.max_rate_limit_wait_s)

header_text = st.one_of(
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
)
retry_headers = st.dictionaries(
    st.sampled_from(
        [
            "retry-after",
            "retry-after-ms",
            "x-should-retry",
            "x-ratelimit-remaining-tokens-minute",
            "x-ratelimit-reset-tokens-minute",
            "x-ratelimit-remaining-requests-day",
            "x-ratelimit-reset-requests-day",
        ]
    ),
    header_text,
)
statuses = st.integers(min_value=400, max_value=599)
nows = st.floats(min_value=0, max_value=4e9)
jitters = st.floats(min_value=0.75, max_value=1.0, exclude_min=True)


@relaxed
@given(retries_taken=st.integers(min_value=0, max_value=10**6), jitter=jitters)
def test_backoff_stays_within_zero_and_the_cap(retries_taken: int, jitter: float) -> None:
    delay = backoff_delay(retries_taken, POLICY, jitter)
    assert 0.0 <= delay <= POLICY.max_delay_s
    assert delay >= 0.75 * min(0.5 * 2 ** min(retries_taken, 64), 8.0) - 1e-12


@relaxed
@given(
    retries_taken=st.integers(min_value=0, max_value=1000),
    status=st.one_of(st.none(), statuses),
    headers=st.one_of(st.none(), retry_headers),
    now=nows,
    jitter=jitters,
)
def test_next_delay_is_none_or_bounded(
    retries_taken: int, status: Optional[int], headers: Optional[Dict[str, str]], now: float, jitter: float
) -> None:
    delay = next_delay(retries_taken, status=status, headers=headers, policy=POLICY, now=now, jitter=jitter)
    if delay is not None:
        assert 0.0 <= delay <= UPPER
    else:
        assert status == 429


@relaxed
@given(status=statuses, headers=retry_headers)
def test_should_retry_false_never_retries(status: int, headers: Dict[str, str]) -> None:
    assert is_retryable_status(status, {**headers, "x-should-retry": "false"}) is False


@relaxed
@given(status=statuses, headers=retry_headers)
def test_should_retry_true_always_retries(status: int, headers: Dict[str, str]) -> None:
    assert is_retryable_status(status, {**headers, "x-should-retry": "true"}) is True


@relaxed
@given(headers=retry_headers, now=nows)
def test_parse_retry_after_never_raises(headers: Dict[str, str], now: float) -> None:
    result = parse_retry_after(headers, now)
    assert result is None or isinstance(result, float)


@relaxed
@given(value=st.text(max_size=60), now=nows)
def test_parse_retry_after_of_any_text(value: str, now: float) -> None:
    parse_retry_after({"retry-after": value}, now)
    parse_retry_after({"retry-after-ms": value}, now)


@relaxed
@given(seconds=st.floats(min_value=0.001, max_value=60.0), jitter=jitters, retries_taken=st.integers(0, 50))
def test_a_sane_hint_is_obeyed_exactly(seconds: float, jitter: float, retries_taken: int) -> None:
    headers = {"retry-after-ms": repr(seconds * 1000)}
    delay = next_delay(retries_taken, status=503, headers=headers, policy=POLICY, now=0.0, jitter=jitter)
    assert delay is not None
    assert abs(delay - seconds) < 1e-9
