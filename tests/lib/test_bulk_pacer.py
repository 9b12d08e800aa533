"""The bulk pacer, pure: waits computed from rate-limit reports, reservations and the user's caps."""

from __future__ import annotations

from typing import Any

import pytest

from cerebras.cloud.sdk import RateLimits
from cerebras.cloud.sdk.lib.bulk._pacer import DEFAULT_COMPLETION_RESERVE, Pacer, reserved_tokens


def report(**figures: Any) -> RateLimits:
    return RateLimits(**figures)


def test_reservation_counts_the_prompt_and_the_completion_cap() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "x" * 400}], "max_completion_tokens": 50}
    assert 150 <= reserved_tokens(body) <= 170
    assert reserved_tokens({"model": "m", "prompt": "abcd", "max_tokens": 7}) == 8
    assert reserved_tokens({"model": "m", "prompt": ""}) == DEFAULT_COMPLETION_RESERVE


def test_nothing_known_means_no_wait() -> None:
    pacer = Pacer()
    assert pacer.delay(100, now=0.0) == 0.0
    assert not pacer.has_report


def test_an_exhausted_request_window_waits_for_its_reset() -> None:
    pacer = Pacer()
    seq = pacer.sent(10, now=0.0)
    pacer.observed(seq, report(limit_requests_minute=3, remaining_requests_minute=1, reset_requests_minute=30.0), 1.0)
    assert pacer.delay(10, now=1.0) == 0.0
    pacer.sent(10, now=1.0)
    wait = pacer.delay(10, now=2.0)
    assert wait == pytest.approx(29.0 + 0.05)
    assert pacer.delay(10, now=31.1) == 0.0  # refilled


def test_requests_sent_after_the_report_are_subtracted() -> None:
    pacer = Pacer()
    first = pacer.sent(100, now=0.0)
    for _ in range(4):
        pacer.sent(100, now=0.1)  # in flight, not in the report below
    pacer.observed(
        first, report(limit_tokens_minute=1000, remaining_tokens_minute=600, reset_tokens_minute=50.0), now=0.2
    )
    assert pacer.estimate("tokens", "minute", 0.2) == 200
    assert pacer.delay(200, now=0.2) == 0.0
    assert pacer.delay(201, now=0.2) > 0
    pacer.settled(2, 10)  # an answer used far less than it reserved
    assert pacer.estimate("tokens", "minute", 0.2) == 290


def test_a_stale_report_does_not_roll_the_estimate_back() -> None:
    pacer = Pacer()
    a = pacer.sent(1, 0.0)
    b = pacer.sent(1, 0.0)
    pacer.observed(b, report(limit_requests_minute=10, remaining_requests_minute=2, reset_requests_minute=60.0), 0.5)
    pacer.observed(a, report(limit_requests_minute=10, remaining_requests_minute=9, reset_requests_minute=60.0), 0.6)
    assert pacer.estimate("requests", "minute", 0.7) == 2


def test_after_a_reset_the_window_counts_as_refilled_minus_new_sends() -> None:
    pacer = Pacer()
    seq = pacer.sent(1, 0.0)
    pacer.observed(seq, report(limit_requests_minute=2, remaining_requests_minute=0, reset_requests_minute=10.0), 0.0)
    assert pacer.delay(1, 5.0) == pytest.approx(5.05)
    pacer.sent(1, 11.0)
    pacer.sent(1, 11.5)
    # the new window is full again: wait for the one that started with the first send after the reset
    assert pacer.delay(1, 12.0) == pytest.approx(11.0 + 60.0 + 0.05 - 12.0)


def test_a_token_need_above_the_limit_is_clamped() -> None:
    pacer = Pacer()
    seq = pacer.sent(1, 0.0)
    pacer.observed(seq, report(limit_tokens_minute=100, remaining_tokens_minute=100, reset_tokens_minute=60.0), 0.0)
    assert pacer.delay(10_000, 0.0) == 0.0


def test_rpm_cap_spaces_requests_over_any_minute() -> None:
    pacer = Pacer(max_rpm=2)
    pacer.sent(1, 0.0)
    pacer.sent(1, 10.0)
    assert pacer.delay(1, 20.0) == pytest.approx(40.0)
    assert pacer.delay(1, 60.5) == 0.0


def test_tpm_cap_counts_reservations_then_real_usage() -> None:
    pacer = Pacer(max_tpm=1000)
    seq = pacer.sent(800, 0.0)
    assert pacer.delay(300, 1.0) == pytest.approx(59.0)
    pacer.settled(seq, 100)
    assert pacer.delay(300, 1.0) == 0.0


def test_a_429_without_usable_headers_pauses_everything() -> None:
    pacer = Pacer()
    seq = pacer.sent(1, 0.0)
    assert pacer.rate_limited(seq, RateLimits(), retry_after=None, now=0.0) == 1.0
    assert pacer.delay(1, 0.5) == pytest.approx(0.5)
    seq = pacer.sent(1, 2.0)
    assert pacer.rate_limited(seq, RateLimits(), retry_after=3.0, now=2.0) == 3.0
    assert pacer.delay(1, 2.0) == pytest.approx(3.0)


def test_a_429_with_an_exhausted_window_waits_for_that_window() -> None:
    pacer = Pacer()
    seq = pacer.sent(1, 0.0)
    limits = report(limit_tokens_minute=100, remaining_tokens_minute=0, reset_tokens_minute=7.0)
    assert pacer.rate_limited(seq, limits, retry_after=None, now=0.0) == 0.0
    assert pacer.delay(1, 0.0) == pytest.approx(7.05)


def test_old_sends_are_forgotten() -> None:
    pacer = Pacer()
    for i in range(1000):
        seq = pacer.sent(1, float(i))
        pacer.observed(seq, report(limit_requests_minute=10**6, remaining_requests_minute=10**5), float(i))
        pacer.delay(1, float(i))
    assert len(pacer._sent) < 5
