"""The emulator's pure parts: tokenizer and text, fault specs, attempt counting, rate-limit windows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk.testing import Fault, FaultSpecError, parse_fault
from cerebras.cloud.sdk.testing._emulator.faults import AttemptCounter
from cerebras.cloud.sdk.testing._emulator.ratelimit import RateLimiter
from cerebras.cloud.sdk.testing._emulator.text import count_tokens, cut_tokens, generate_text, seed_of, tokenize


@given(st.text())
def test_tokens_join_back_to_the_text(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert count_tokens(text) == len(tokens)
    assert all(tokens)


def test_generated_text_is_deterministic_and_bounded() -> None:
    a = generate_text(42, min_tokens=30, max_tokens=60)
    assert a == generate_text(42, min_tokens=30, max_tokens=60)
    assert a != generate_text(43, min_tokens=30, max_tokens=60)
    assert 30 <= count_tokens(a) <= 60 + 25  # whole sentences: may overshoot by one sentence
    assert a.endswith(".")


def test_seed_ignores_key_order() -> None:
    assert seed_of({"a": 1, "b": [1, 2]}) == seed_of({"b": [1, 2], "a": 1})
    assert seed_of({"a": 1}) != seed_of({"a": 2})


def test_cut_by_max_tokens_then_stop() -> None:
    tokens = tokenize("One two three. Four five six.")
    assert cut_tokens(tokens, max_tokens=None, stop=()).finish_reason == "stop"
    short = cut_tokens(tokens, max_tokens=3, stop=())
    assert (short.text, short.finish_reason) == ("One two three", "length")
    stopped = cut_tokens(tokens, max_tokens=None, stop=["ve s", "three"])
    assert (stopped.text, stopped.finish_reason) == ("One two ", "stop")
    # a stop string beyond the max_tokens cut does not count
    assert cut_tokens(tokens, max_tokens=2, stop=["Four"]).finish_reason == "length"
    # a stop string that ends inside a token cuts the token
    assert cut_tokens(tokens, max_tokens=None, stop=["ree"]).text == "One two th"


def test_fault_spec_parsing() -> None:
    fault = parse_fault("status=429; retry_after=1.5, should_retry=FALSE;fail_times=2")
    assert fault == Fault(status=429, retry_after="1.5", should_retry="false", fail_times=2, spec=fault.spec)
    assert parse_fault("latency=0.25").latency_s == 0.25
    assert parse_fault("stall_after=3;stall_for=1").cuts_stream
    assert not parse_fault("status=500").cuts_stream


@pytest.mark.parametrize(
    "spec",
    ["", "status", "status=abc", "status=200", "status=1.5", "latency=-1", "explode=1", "should_retry=maybe", " ; "],
)
def test_bad_fault_specs_are_rejected(spec: str) -> None:
    with pytest.raises(FaultSpecError):
        parse_fault(spec)


def test_attempt_counter() -> None:
    counter = AttemptCounter()
    assert [counter.hit("a", 2) for _ in range(4)] == [True, True, False, False]
    assert counter.hit("b", 1)
    assert not counter.hit("b", 0)


def test_rate_limiter_windows_and_headers() -> None:
    limiter = RateLimiter(requests_per_minute=2, tokens_per_minute=100)
    assert limiter.admit(1000.0) is None
    limiter.charge_tokens(30, 1000.0)
    assert limiter.admit(1010.0) is None
    assert limiter.admit(1020.0) == "requests"
    headers = dict(limiter.headers(1020.0))
    assert headers[b"x-ratelimit-limit-requests-minute"] == b"2"
    assert headers[b"x-ratelimit-remaining-requests-minute"] == b"0"
    assert headers[b"x-ratelimit-reset-requests-minute"] == b"40.000"
    assert headers[b"x-ratelimit-remaining-tokens-minute"] == b"70"
    assert headers[b"x-ratelimit-limit-requests-day"] == b"1000000000"  # not enforced: nominal
    assert len(headers) == 12
    assert limiter.retry_after_s("requests", 1020.0) == pytest.approx(40.0)
    # the window rolls over a minute after it started
    assert limiter.admit(1060.5) is None
    assert dict(limiter.headers(1060.5))[b"x-ratelimit-remaining-requests-minute"] == b"1"


def test_token_budget() -> None:
    limiter = RateLimiter(tokens_per_minute=50)
    assert limiter.admit(0.0) is None
    limiter.charge_tokens(60, 0.0)
    assert limiter.admit(1.0) == "tokens"
    assert dict(limiter.headers(1.0))[b"x-ratelimit-remaining-tokens-minute"] == b"0"
