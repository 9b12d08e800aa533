"""Retry decisions without HTTP: retryable statuses, `retry-after` parsing, backoff, `next_delay`."""

from __future__ import annotations

import email.utils
from typing import Dict, Optional

import httpx
import pytest

from cerebras.cloud.sdk._retry import RetryPolicy, backoff_delay, is_retryable_status, next_delay, parse_retry_after

NOW = 1_735_689_600.0  # 2025-01-01T00:00:00Z
POLICY = RetryPolicy()


def test_policy_constants() -> None:
    assert POLICY.initial_delay_s == 0.5
    assert POLICY.max_delay_s == 8.0
    assert POLICY.max_retry_after_s == 60.0
    assert POLICY.max_rate_limit_wait_s == 60.0


# --------------------------------------------------------------------------- which statuses retry


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses(status: int) -> None:
    assert is_retryable_status(status, {}) is True


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 405, 410, 418, 422])
def test_non_retryable_statuses(status: int) -> None:
    assert is_retryable_status(status, {}) is False


@pytest.mark.parametrize("status", [400, 404, 422, 418])
def test_should_retry_true_overrides_the_status(status: int) -> None:
    assert is_retryable_status(status, {"x-should-retry": "true"}) is True


@pytest.mark.parametrize("status", [408, 409, 429, 500, 503])
def test_should_retry_false_overrides_the_status(status: int) -> None:
    assert is_retryable_status(status, {"x-should-retry": "false"}) is False


@pytest.mark.parametrize("value", ["True", "TRUE", "1", "yes", ""])
def test_should_retry_only_honours_the_exact_lowercase_strings(value: str) -> None:
    assert is_retryable_status(400, {"x-should-retry": value}) is False
    assert is_retryable_status(500, {"x-should-retry": value}) is True


def test_should_retry_header_is_case_insensitive_in_httpx_headers() -> None:
    assert is_retryable_status(400, httpx.Headers({"X-Should-Retry": "true"})) is True


# --------------------------------------------------------------------------- retry-after


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250.5"}, 0.2505),
        ({"retry-after-ms": "0"}, 0.0),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after": "0"}, 0.0),
        ({"retry-after": "-4"}, -4.0),
        ({"retry-after": "120"}, 120.0),
        ({"retry-after-ms": "1000", "retry-after": "9"}, 1.0),
        ({"retry-after-ms": "junk", "retry-after": "9"}, 9.0),
        ({"retry-after": "soon"}, None),
        ({"retry-after": ""}, None),
        ({"retry-after": "nan"}, None),
        ({"retry-after": "inf"}, None),
        ({"retry-after-ms": "nan"}, None),
    ],
)
def test_parse_retry_after(headers: Dict[str, str], expected: Optional[float]) -> None:
    assert parse_retry_after(headers, NOW) == expected


def test_parse_retry_after_http_date_uses_now() -> None:
    future = email.utils.formatdate(NOW + 30, usegmt=True)
    assert parse_retry_after({"retry-after": future}, NOW) == pytest.approx(30.0)
    past = email.utils.formatdate(NOW - 10, usegmt=True)
    assert parse_retry_after({"retry-after": past}, NOW) == pytest.approx(-10.0)
    assert parse_retry_after({"retry-after": "Wed, 01 Jan 2025 00:00:45 GMT"}, NOW) == pytest.approx(45.0)


# --------------------------------------------------------------------------- backoff


@pytest.mark.parametrize(
    ("retries_taken", "base"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (50, 8.0), (10_000, 8.0)],
)
def test_backoff_base_and_jitter_range(retries_taken: int, base: float) -> None:
    assert backoff_delay(retries_taken, POLICY, jitter=1.0) == base
    assert backoff_delay(retries_taken, POLICY, jitter=0.75) == pytest.approx(base * 0.75)


def test_backoff_is_never_negative() -> None:
    assert backoff_delay(0, POLICY, jitter=-1.0) == 0.0


# --------------------------------------------------------------------------- next_delay


def delay(
    headers: Optional[Dict[str, str]], *, status: Optional[int] = 500, retries_taken: int = 0, jitter: float = 1.0
) -> Optional[float]:
    return next_delay(retries_taken, status=status, headers=headers, policy=POLICY, now=NOW, jitter=jitter)


def test_connection_errors_use_backoff() -> None:
    assert delay(None, status=None, retries_taken=0, jitter=0.8) == pytest.approx(0.4)
    assert delay(None, status=None, retries_taken=3) == 4.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1200"}, 1.2),
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after": "0.001"}, 0.001),
    ],
)
def test_server_hint_is_used_exactly_without_jitter(headers: Dict[str, str], expected: float) -> None:
    assert delay(headers, jitter=0.8) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["61", "60.5", "3600", "0", "-1", "garbage"])
def test_hints_outside_the_range_fall_back_to_backoff(value: str) -> None:
    assert delay({"retry-after": value}, retries_taken=1, jitter=0.9) == pytest.approx(0.9)


def test_http_date_hint() -> None:
    assert delay({"retry-after": email.utils.formatdate(NOW + 12, usegmt=True)}) == pytest.approx(12.0)
    far = email.utils.formatdate(NOW + 600, usegmt=True)
    assert delay({"retry-after": far}, retries_taken=2) == 2.0


def test_rate_limited_429_waits_for_the_window_reset() -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "12.5"}
    assert delay(headers, status=429) == 12.5


def test_rate_limit_wait_takes_the_soonest_exhausted_window() -> None:
    headers = {
        "x-ratelimit-remaining-tokens-minute": "0",
        "x-ratelimit-reset-tokens-minute": "30",
        "x-ratelimit-remaining-requests-minute": "0",
        "x-ratelimit-reset-requests-minute": "4",
        "x-ratelimit-remaining-requests-day": "10",
        "x-ratelimit-reset-requests-day": "1",
    }
    assert delay(headers, status=429) == 4.0


def test_rate_limit_reset_beyond_the_cap_means_do_not_retry() -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "61"}
    assert delay(headers, status=429) is None
    relaxed = RetryPolicy(max_rate_limit_wait_s=120)
    assert next_delay(0, status=429, headers=headers, policy=relaxed, now=NOW, jitter=1.0) == 61.0


def test_retry_after_wins_over_rate_limit_headers() -> None:
    headers = {
        "retry-after": "2",
        "x-ratelimit-remaining-tokens-minute": "0",
        "x-ratelimit-reset-tokens-minute": "50",
    }
    assert delay(headers, status=429) == 2.0


def test_rate_limit_headers_only_matter_for_429() -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "12.5"}
    assert delay(headers, status=503, jitter=1.0) == 0.5


def test_window_not_exhausted_uses_backoff() -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "5", "x-ratelimit-reset-tokens-minute": "12.5"}
    assert delay(headers, status=429, retries_taken=1) == 1.0
