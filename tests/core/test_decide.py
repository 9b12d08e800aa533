"""The senders' pure decision after one attempt (`_retry.decide`): return, retry after a delay, or raise."""

from __future__ import annotations

from typing import Dict, List, Optional

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk._retry import FINAL, RAISE, RETURN, Decision, RetryPolicy, decide

NOW = 1_735_689_600.0  # 2025-01-01T00:00:00Z
POLICY = RetryPolicy()


def after(
    status: Optional[int],
    headers: Optional[Dict[str, str]] = None,
    *,
    retries_taken: int = 0,
    max_retries: int = 2,
    jitter: float = 1.0,
) -> Decision:
    if status is not None and headers is None:
        headers = {}
    return decide(
        status,
        headers,
        retries_taken=retries_taken,
        max_retries=max_retries,
        policy=POLICY,
        now=lambda: NOW,
        jitter=lambda: jitter,
    )


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_a_2xx_is_returned_even_with_no_retry_left(status: int) -> None:
    assert after(status) is RETURN
    assert after(status, retries_taken=5, max_retries=0) is RETURN
    assert after(status, {"x-should-retry": "true"}) is RETURN


@pytest.mark.parametrize("status", [301, 304, 400, 401, 403, 404, 422])
def test_a_status_that_does_not_retry_is_final(status: int) -> None:
    decision = after(status)
    assert decision is FINAL
    assert (decision.action, decision.final) == ("raise", True)


def test_x_should_retry_overrides_the_status() -> None:
    assert after(400, {"x-should-retry": "true"}) == Decision("retry", 0.5)
    assert after(503, {"x-should-retry": "false"}) is FINAL


@pytest.mark.parametrize("status", [408, 409, 429, 500, 503])
def test_a_retryable_status_retries_with_backoff(status: int) -> None:
    decision = after(status, retries_taken=0, jitter=0.8)
    assert decision.action == "retry"
    assert decision.delay == pytest.approx(0.4)
    assert after(status, retries_taken=1, max_retries=3) == Decision("retry", 1.0)


def test_a_failure_without_response_retries_then_raises() -> None:
    assert after(None) == Decision("retry", 0.5)
    assert after(None, retries_taken=1) == Decision("retry", 1.0)
    assert after(None, retries_taken=2) is RAISE


def test_no_retry_left_raises_but_is_not_final() -> None:
    decision = after(503, retries_taken=2, max_retries=2)
    assert decision is RAISE
    assert (decision.action, decision.final) == ("raise", False)
    # Out of retries wins over the status: nothing to say about whether it would retry.
    assert after(400, retries_taken=0, max_retries=0) is RAISE


def test_the_server_hint_sets_the_delay() -> None:
    assert after(503, {"retry-after": "7"}) == Decision("retry", 7.0)
    assert after(429, {"retry-after-ms": "1500"}) == Decision("retry", 1.5)


def test_a_rate_limit_reset_beyond_the_policy_raises_at_once() -> None:
    headers = {"x-ratelimit-remaining-requests-minute": "0", "x-ratelimit-reset-requests-minute": "600"}
    assert after(429, headers) is RAISE
    soon = {"x-ratelimit-remaining-requests-minute": "0", "x-ratelimit-reset-requests-minute": "12"}
    assert after(429, soon) == Decision("retry", 12.0)


@given(
    status=st.one_of(st.none(), st.integers(100, 599)),
    should_retry=st.sampled_from([None, "true", "false", "maybe"]),
    retries_taken=st.integers(0, 20),
    max_retries=st.integers(0, 20),
    jitter=st.floats(0.75, 1.0),
)
def test_every_decision_is_one_of_three_and_bounded(
    status: Optional[int], should_retry: Optional[str], retries_taken: int, max_retries: int, jitter: float
) -> None:
    headers = None if status is None else ({} if should_retry is None else {"x-should-retry": should_retry})
    decision = after(status, headers, retries_taken=retries_taken, max_retries=max_retries, jitter=jitter)
    assert decision.action in ("return", "retry", "raise")
    if status is not None and 200 <= status < 300:
        assert decision is RETURN
    elif decision.action == "retry":
        assert retries_taken < max_retries
        assert 0 < decision.delay <= POLICY.max_delay_s
    else:
        assert decision.action == "raise"
        assert decision.delay == 0.0


def test_only_a_possible_retry_draws_the_time_and_a_random_number() -> None:
    drawn: List[str] = []

    def now() -> float:
        drawn.append("now")
        return NOW

    def jitter() -> float:
        drawn.append("jitter")
        return 1.0

    def draws(status: Optional[int], retries_taken: int = 0) -> List[str]:
        drawn.clear()
        headers: Optional[Dict[str, str]] = None if status is None else {}
        decide(status, headers, retries_taken=retries_taken, max_retries=2, policy=POLICY, now=now, jitter=jitter)
        return list(drawn)

    assert draws(200) == []
    assert draws(404) == []
    assert draws(503, retries_taken=2) == []
    assert draws(None, retries_taken=2) == []
    assert draws(503) == ["now", "jitter"]
    assert draws(None) == ["now", "jitter"]
