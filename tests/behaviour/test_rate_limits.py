"""Rate-limit awareness: parsing `x-ratelimit-*`, where the figures show up, and how a 429 waits."""

from __future__ import annotations

import dataclasses
import logging
import math
import threading
from typing import Any, Callable, Dict, List, Optional

import anyio
import httpx
import pytest

from _support import CHAT_COMPLETION, FakeApi
from cerebras.cloud.sdk import AsyncCerebras, Cerebras, RateLimitError, RateLimits
from cerebras.cloud.sdk._rate_limits import (
    has_rate_limits,
    parse_rate_limits,
    parse_reset_seconds,
    rate_limit_wait_notice,
)
from cerebras.cloud.sdk.testing import set_testing
from cerebras.cloud.sdk.types.chat.completion_create_params import Message

COMPLETION = CHAT_COMPLETION
MESSAGES: List[Message] = [{"role": "user", "content": "Name a prime."}]

FULL_FAMILY = {
    "x-ratelimit-limit-requests-minute": "30",
    "x-ratelimit-limit-requests-hour": "900",
    "x-ratelimit-limit-requests-day": "14400",
    "x-ratelimit-limit-tokens-minute": "60000",
    "x-ratelimit-limit-tokens-hour": "1000000",
    "x-ratelimit-limit-tokens-day": "1000000",
    "x-ratelimit-remaining-requests-minute": "29",
    "x-ratelimit-remaining-requests-hour": "899",
    "x-ratelimit-remaining-requests-day": "14399",
    "x-ratelimit-remaining-tokens-minute": "59000",
    "x-ratelimit-remaining-tokens-hour": "999000",
    "x-ratelimit-remaining-tokens-day": "999000",
    "x-ratelimit-reset-requests-minute": "33.5",
    "x-ratelimit-reset-requests-hour": "1833.25",
    "x-ratelimit-reset-requests-day": "52833",
    "x-ratelimit-reset-tokens-minute": "33.5",
    "x-ratelimit-reset-tokens-hour": "1833.25",
    "x-ratelimit-reset-tokens-day": "52833",
}


def ok(headers: Optional[Dict[str, str]] = None) -> httpx.Response:
    return httpx.Response(200, json=COMPLETION, headers=headers or {})


def too_many(headers: Dict[str, str]) -> httpx.Response:
    body = {"message": "Tokens per minute limit exceeded", "type": "too_many_tokens_error", "code": "token_quota"}
    return httpx.Response(429, json=body, headers=headers)


def scripted(*responses: httpx.Response) -> FakeApi:
    """Answers requests with `responses`, in order, each once."""
    return FakeApi(*responses, once=True)


# --------------------------------------------------------------------------- parsing (pure)


def test_the_whole_family_is_parsed() -> None:
    limits = parse_rate_limits(httpx.Headers(FULL_FAMILY))
    assert limits == RateLimits(
        limit_requests_minute=30,
        limit_requests_hour=900,
        limit_requests_day=14400,
        limit_tokens_minute=60000,
        limit_tokens_hour=1000000,
        limit_tokens_day=1000000,
        remaining_requests_minute=29,
        remaining_requests_hour=899,
        remaining_requests_day=14399,
        remaining_tokens_minute=59000,
        remaining_tokens_hour=999000,
        remaining_tokens_day=999000,
        reset_requests_minute=33.5,
        reset_requests_hour=1833.25,
        reset_requests_day=52833.0,
        reset_tokens_minute=33.5,
        reset_tokens_hour=1833.25,
        reset_tokens_day=52833.0,
    )
    assert not limits.is_empty()
    assert limits.exhausted() == ()
    assert limits.soonest_reset() is None
    assert len(limits.to_dict()) == 18


def test_header_names_are_case_insensitive() -> None:
    headers = httpx.Headers({"X-RateLimit-Remaining-Tokens-Minute": "5", "X-RATELIMIT-RESET-TOKENS-MINUTE": "7"})
    limits = parse_rate_limits(headers)
    assert (limits.remaining_tokens_minute, limits.reset_tokens_minute) == (5, 7.0)


def test_absent_headers_read_as_none() -> None:
    limits = parse_rate_limits(httpx.Headers({"content-type": "application/json"}))
    assert limits == RateLimits()
    assert limits.is_empty()
    assert limits.to_dict() == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12.0),
        ("12.5", 12.5),
        (" 3 ", 3.0),
        ("0", 0.0),
        ("-0", 0.0),
        ("12.5s", 12.5),
        ("250ms", 0.25),
        ("1m30s", 90.0),
        ("1h2m3.5s", 3723.5),
        ("2d", 172800.0),
        (".5s", 0.5),
        ("1M30S", 90.0),
        ("", None),
        ("soon", None),
        ("-1", None),
        ("-1s", None),
        ("nan", None),
        ("inf", None),
        ("1m 30s", None),
        ("1m30", None),
        ("ms", None),
        ("1x", None),
    ],
)
def test_reset_values(value: str, expected: Optional[float]) -> None:
    assert parse_reset_seconds(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("100", 100), ("100.0", 100), ("99.9", 99), (" 7 ", 7), ("0", 0), ("-1", None), ("many", None), ("", None)],
)
def test_count_values(value: str, expected: Optional[int]) -> None:
    limits = parse_rate_limits(httpx.Headers({"x-ratelimit-remaining-requests-day": value}))
    assert limits.remaining_requests_day == expected


def test_malformed_values_do_not_hide_good_ones() -> None:
    limits = parse_rate_limits(
        httpx.Headers(
            {
                "x-ratelimit-limit-tokens-minute": "lots",
                "x-ratelimit-remaining-tokens-minute": "0",
                "x-ratelimit-reset-tokens-minute": "NaN",
                "x-ratelimit-remaining-requests-minute": "0",
                "x-ratelimit-reset-requests-minute": "4.25",
            }
        )
    )
    assert limits.limit_tokens_minute is None
    assert limits.reset_tokens_minute is None
    assert limits.exhausted() == ("requests_minute", "tokens_minute")
    assert limits.soonest_reset() == 4.25


def test_soonest_reset_only_looks_at_exhausted_windows() -> None:
    limits = RateLimits(
        remaining_requests_minute=3,
        reset_requests_minute=1.0,
        remaining_tokens_minute=0,
        reset_tokens_minute=20.0,
        remaining_tokens_day=0,
        reset_tokens_day=9000.0,
    )
    assert limits.exhausted() == ("tokens_minute", "tokens_day")
    assert limits.soonest_reset() == 20.0


def test_rate_limits_are_immutable() -> None:
    limits = RateLimits(remaining_requests_minute=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.remaining_requests_minute = 2  # type: ignore[misc]


def test_has_rate_limits_looks_at_raw_names() -> None:
    assert has_rate_limits([(b"X-RateLimit-Limit-Requests-Day", b"1")])
    assert not has_rate_limits([(b"x-request-id", b"r"), (b"x-rate", b"1")])


# --------------------------------------------------------------------------- where the figures show up


def test_api_response_rate_limits(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(scripted(ok(FULL_FAMILY)))
    response = client.chat.completions.with_raw_response.create(model="llama3.1-8b", messages=MESSAGES)
    assert response.rate_limits == parse_rate_limits(httpx.Headers(FULL_FAMILY))


async def test_async_api_response_rate_limits(make_async_client: Callable[..., AsyncCerebras]) -> None:
    client = make_async_client(scripted(ok(FULL_FAMILY)))
    response = await client.chat.completions.with_raw_response.create(model="llama3.1-8b", messages=MESSAGES)
    assert response.rate_limits.remaining_tokens_day == 999000


def test_rate_limit_error_carries_the_figures(make_client: Callable[..., Cerebras]) -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "12.5"}
    client = make_client(scripted(too_many(headers)), max_retries=0)
    with pytest.raises(RateLimitError) as caught:
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert caught.value.rate_limits.remaining_tokens_minute == 0
    assert caught.value.rate_limits.reset_tokens_minute == 12.5
    assert caught.value.rate_limits.exhausted() == ("tokens_minute",)


def test_client_rate_limits_follow_the_latest_response(make_client: Callable[..., Cerebras]) -> None:
    script = scripted(
        ok({"x-ratelimit-remaining-requests-minute": "9"}),
        ok({"x-ratelimit-remaining-requests-minute": "8"}),
        ok(),  # no rate-limit headers: the last figures stay
    )
    client = make_client(script)
    assert client.rate_limits is None
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    first = client.rate_limits
    assert first is not None
    assert first.remaining_requests_minute == 9
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert client.rate_limits is not None
    assert client.rate_limits.remaining_requests_minute == 8
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert client.rate_limits.remaining_requests_minute == 8
    assert first.remaining_requests_minute == 9  # a snapshot, not a live view


def test_client_rate_limits_include_those_of_errors(make_client: Callable[..., Cerebras]) -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "500"}
    client = make_client(scripted(too_many(headers)))
    with pytest.raises(RateLimitError):
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert client.rate_limits is not None
    assert client.rate_limits.remaining_tokens_minute == 0


def test_streamed_responses_update_client_rate_limits(make_client: Callable[..., Cerebras]) -> None:
    body = (
        b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"f",'
        b'"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n'
    )
    headers = {"content-type": "text/event-stream", "x-ratelimit-remaining-tokens-minute": "41"}
    client = make_client(scripted(httpx.Response(200, content=body, headers=headers)))
    with client.chat.completions.create(model="m", messages=MESSAGES, stream=True) as stream:
        assert client.rate_limits is not None
        assert client.rate_limits.remaining_tokens_minute == 41
        assert [chunk.id for chunk in stream] == ["c"]


def test_copies_keep_their_own_figures(make_client: Callable[..., Cerebras]) -> None:
    answers = iter(["5", "4"])

    def handler(request: httpx.Request) -> httpx.Response:
        return ok({"x-ratelimit-remaining-requests-day": next(answers)})

    client = make_client(handler)
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    copy = client.with_options(timeout=5)
    assert copy.rate_limits is None
    copy.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert copy.rate_limits is not None
    assert client.rate_limits is not None
    assert (client.rate_limits.remaining_requests_day, copy.rate_limits.remaining_requests_day) == (5, 4)


def _numbered(n: int) -> Dict[str, str]:
    """Headers whose figures all derive from `n`, so a torn read would show."""
    return {
        "x-ratelimit-remaining-requests-minute": str(n),
        "x-ratelimit-remaining-tokens-minute": str(n * 1000),
        "x-ratelimit-reset-tokens-minute": f"{n}.5",
    }


def _consistent(limits: Optional[RateLimits]) -> bool:
    if limits is None:
        return True
    n = limits.remaining_requests_minute
    return n is not None and limits.remaining_tokens_minute == n * 1000 and limits.reset_tokens_minute == n + 0.5


def test_client_rate_limits_under_threads(make_client: Callable[..., Cerebras]) -> None:
    counter = iter(range(1, 10_000))
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            n = next(counter)
        return ok(_numbered(n))

    client = make_client(handler)
    stop = threading.Event()
    torn: List[RateLimits] = []

    def reader() -> None:
        while not stop.is_set():
            seen = client.rate_limits
            if not _consistent(seen):
                torn.append(seen)  # type: ignore[arg-type]

    def writer() -> None:
        for _ in range(25):
            client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    writers = [threading.Thread(target=writer) for _ in range(8)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert torn == []
    final = client.rate_limits
    assert final is not None
    assert _consistent(final)
    assert 1 <= (final.remaining_requests_minute or 0) <= 200
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)  # the 201st response is the latest
    assert client.rate_limits is not None
    assert client.rate_limits.remaining_requests_minute == 201


async def test_client_rate_limits_under_tasks(make_async_client: Callable[..., AsyncCerebras]) -> None:
    counter = iter(range(1, 10_000))

    async def handler(request: httpx.Request) -> httpx.Response:
        n = next(counter)
        await anyio.sleep(0)  # let other tasks interleave between answer and delivery
        return ok(_numbered(n))

    client = make_async_client(handler)
    seen: List[Optional[RateLimits]] = []

    async def worker() -> None:
        for _ in range(10):
            await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
            seen.append(client.rate_limits)

    async with anyio.create_task_group() as group:
        for _ in range(10):
            group.start_soon(worker)
    assert len(seen) == 100
    assert all(limits is not None and _consistent(limits) for limits in seen)
    await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert client.rate_limits is not None
    assert client.rate_limits.remaining_requests_minute == 101
    await client.close()


# --------------------------------------------------------------------------- how a 429 waits

EXHAUSTED = {
    "x-ratelimit-remaining-requests-minute": "0",
    "x-ratelimit-reset-requests-minute": "12.5",
    "x-ratelimit-remaining-tokens-minute": "0",
    "x-ratelimit-reset-tokens-minute": "31",
    "x-ratelimit-remaining-tokens-day": "500",
    "x-ratelimit-reset-tokens-day": "3",  # not exhausted: not waited for
}


def test_429_waits_for_the_soonest_exhausted_reset(make_client: Callable[..., Cerebras], sleeps: Any) -> None:
    script = scripted(too_many(EXHAUSTED), ok())
    client = make_client(script)
    completion = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert completion.id == CHAT_COMPLETION["id"]
    assert sleeps.delays == [12.5]
    assert len(script.requests) == 2


async def test_async_429_waits_for_the_soonest_exhausted_reset(
    make_async_client: Callable[..., AsyncCerebras], sleeps: Any
) -> None:
    script = scripted(too_many(EXHAUSTED), too_many({**EXHAUSTED, "x-ratelimit-reset-requests-minute": "0.25"}), ok())
    client = make_async_client(script)
    await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == [12.5, 0.25]
    assert len(script.requests) == 3


def test_a_reset_beyond_the_maximum_raises_at_once(make_client: Callable[..., Cerebras], sleeps: Any) -> None:
    headers = {"x-ratelimit-remaining-tokens-day": "0", "x-ratelimit-reset-tokens-day": "3600"}
    script = scripted(too_many(headers), ok())
    client = make_client(script)
    with pytest.raises(RateLimitError) as caught:
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == []
    assert len(script.requests) == 1
    assert caught.value.rate_limits.soonest_reset() == 3600.0


async def test_async_reset_beyond_the_maximum_raises_at_once(
    make_async_client: Callable[..., AsyncCerebras], sleeps: Any
) -> None:
    headers = {"x-ratelimit-remaining-requests-minute": "0", "x-ratelimit-reset-requests-minute": "60.5"}
    script = scripted(too_many(headers), ok())
    client = make_async_client(script)
    with pytest.raises(RateLimitError):
        await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == []
    assert len(script.requests) == 1


def test_the_maximum_wait_is_configurable(make_client: Callable[..., Cerebras], sleeps: Any) -> None:
    headers = {"x-ratelimit-remaining-tokens-day": "0", "x-ratelimit-reset-tokens-day": "90"}
    script = scripted(too_many(headers), ok(), too_many(EXHAUSTED), ok())
    patient = make_client(script, max_rate_limit_wait=120)
    assert patient.max_rate_limit_wait == 120.0
    patient.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == [90.0]

    impatient = patient.with_options(max_rate_limit_wait=5)
    assert (impatient.max_rate_limit_wait, patient.max_rate_limit_wait) == (5.0, 120.0)
    with pytest.raises(RateLimitError):
        impatient.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == [90.0]  # 12.5 s > 5 s: raised without sleeping
    assert len(script.requests) == 3


def test_copies_inherit_the_maximum_wait(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(scripted(), max_rate_limit_wait=7.5)
    assert client.copy().max_rate_limit_wait == 7.5
    assert client.with_options(max_retries=1).max_rate_limit_wait == 7.5
    assert make_client(scripted()).max_rate_limit_wait == 60.0


async def test_async_maximum_wait_is_configurable(make_async_client: Callable[..., AsyncCerebras], sleeps: Any) -> None:
    client = make_async_client(scripted(too_many(EXHAUSTED), ok()), max_rate_limit_wait=0)
    assert client.max_rate_limit_wait == 0.0
    with pytest.raises(RateLimitError):
        await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == []
    assert client.with_options(max_rate_limit_wait=30).max_rate_limit_wait == 30.0


@pytest.mark.parametrize("value", [-1, -0.001, math.nan])
def test_an_invalid_maximum_wait_is_refused(value: float) -> None:
    with pytest.raises(ValueError, match="max_rate_limit_wait"):
        Cerebras(api_key="sk-test", max_rate_limit_wait=value)
    client = Cerebras(api_key="sk-test")
    with pytest.raises(ValueError, match="max_rate_limit_wait"):
        client.with_options(max_rate_limit_wait=value)
    client.close()


def test_an_infinite_maximum_wait_always_waits(make_client: Callable[..., Cerebras], sleeps: Any) -> None:
    headers = {"x-ratelimit-remaining-requests-day": "0", "x-ratelimit-reset-requests-day": "86000"}
    client = make_client(scripted(too_many(headers), ok()), max_rate_limit_wait=math.inf)
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == [86000.0]


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after-ms": "750"}, 0.75),
        ({"retry-after": "45", "retry-after-ms": "1"}, 0.001),
    ],
)
def test_retry_after_takes_precedence(
    make_client: Callable[..., Cerebras], sleeps: Any, hint: Dict[str, str], expected: float
) -> None:
    client = make_client(scripted(too_many({**EXHAUSTED, **hint}), ok()))
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == [expected]


def test_retry_after_wins_even_when_the_reset_is_beyond_the_maximum(
    make_client: Callable[..., Cerebras], sleeps: Any
) -> None:
    headers = {"retry-after": "3", "x-ratelimit-remaining-tokens-day": "0", "x-ratelimit-reset-tokens-day": "7200"}
    client = make_client(scripted(too_many(headers), ok()))
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == [3.0]


def test_a_429_without_exhausted_window_backs_off(make_client: Callable[..., Cerebras], sleeps: Any) -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "120", "x-ratelimit-reset-tokens-minute": "40"}
    client = make_client(scripted(too_many(headers), ok()))
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert len(sleeps.delays) == 1
    assert 0.375 <= sleeps.delays[0] <= 0.5  # the first exponential backoff step, with jitter


def test_429_waits_then_raises_when_retries_run_out(make_client: Callable[..., Cerebras], sleeps: Any) -> None:
    script = scripted(too_many(EXHAUSTED), too_many(EXHAUSTED), too_many(EXHAUSTED))
    client = make_client(script, max_retries=2)
    with pytest.raises(RateLimitError) as caught:
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert sleeps.delays == [12.5, 12.5]
    assert len(script.requests) == 3
    assert "Tokens per minute limit exceeded" in caught.value.message


# --------------------------------------------------------------------------- against the emulator


class SimulatedTime:
    """One clock for the emulator's rate-limit windows and the client's retry sleeps.

    The client "sleeps" by moving the clock forward, so a batch that waits minutes for its
    windows to reset runs in milliseconds, with the waits still checked to the millisecond.
    """

    def __init__(self) -> None:
        self.now = 1_750_000_000.0
        self.sleeps: List[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_a_batch_at_the_emulators_request_limit_sees_no_429() -> None:
    from cerebras.cloud.sdk.testing import LocalServer

    time = SimulatedTime()
    with LocalServer(requests_per_minute=3) as server, server.client() as client, set_testing(on_wait=time.sleep):
        server.emulator.clock = time
        answers = [
            client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, max_completion_tokens=8)
            for _ in range(10)
        ]
        statuses = [exchange.status for exchange in server.history]
    assert len(answers) == 10
    assert statuses.count(429) == 3  # the 4th, 7th and 10th requests were refused once each...
    assert statuses.count(200) == 10  # ...and retried after the window reset, invisibly
    assert time.sleeps == [60.0, 60.0, 60.0]
    assert client.rate_limits is not None
    assert client.rate_limits.limit_requests_minute == 3


async def test_async_batch_at_the_emulators_token_limit_sees_no_429() -> None:
    from cerebras.cloud.sdk.testing import LocalServer

    time = SimulatedTime()
    with LocalServer(tokens_per_minute=150) as server, set_testing(on_wait=time.sleep):
        server.emulator.clock = time
        async with server.async_client() as client:
            for _ in range(8):
                answer = await client.chat.completions.create(
                    model="llama3.1-8b", messages=MESSAGES, max_completion_tokens=30
                )
                assert answer.choices[0].message.content
            limits = client.rate_limits
        statuses = [exchange.status for exchange in server.history]
    assert statuses.count(200) == 8
    assert statuses.count(429) >= 1
    assert statuses.count(429) == len(time.sleeps)
    assert all(0 < wait <= 60.0 for wait in time.sleeps)
    assert limits is not None
    assert limits.limit_tokens_minute == 150


# ---------------------------------------------------------------- the wait notice


WAIT_LOGGER = "cerebras.cloud.sdk.rate_limits"


def _exhausted_requests_minute(reset: str) -> Dict[str, str]:
    return {
        "x-ratelimit-remaining-requests-minute": "0",
        "x-ratelimit-reset-requests-minute": reset,
        "x-ratelimit-remaining-tokens-minute": "0",
        "x-ratelimit-reset-tokens-minute": "3000",
    }


def test_a_rate_limit_wait_is_logged_at_info(
    make_client: Callable[..., Cerebras], sleeps: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(scripted(too_many(_exhausted_requests_minute("57.2")), ok()), max_rate_limit_wait=120)
    with caplog.at_level(logging.INFO, logger=WAIT_LOGGER):
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    notices = [r for r in caplog.records if r.name == WAIT_LOGGER]
    assert [(r.levelno, r.getMessage()) for r in notices] == [
        (logging.INFO, "waiting 57 s for the requests-per-minute limit")
    ]
    assert sleeps.delays == [57.2]


async def test_an_async_rate_limit_wait_is_logged_at_info(
    make_async_client: Callable[..., AsyncCerebras], caplog: pytest.LogCaptureFixture
) -> None:
    headers = {"x-ratelimit-remaining-tokens-day": "0", "retry-after": "2.5"}
    client = make_async_client(scripted(too_many(headers), ok()))
    with caplog.at_level(logging.INFO, logger=WAIT_LOGGER):
        await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert [r.getMessage() for r in caplog.records if r.name == WAIT_LOGGER] == [
        "waiting 2.5 s for the tokens-per-day limit"
    ]


def test_other_retries_are_not_rate_limit_waits(
    make_client: Callable[..., Cerebras], caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(scripted(httpx.Response(503, json={"message": "busy"}), ok()))
    with caplog.at_level(logging.INFO, logger=WAIT_LOGGER):
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert [r for r in caplog.records if r.name == WAIT_LOGGER] == []


@pytest.mark.parametrize(
    ("headers", "delay", "expected"),
    [
        (_exhausted_requests_minute("57.2"), 57.2, "waiting 57 s for the requests-per-minute limit"),
        (
            {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "4"},
            4.04,
            "waiting 4.0 s for the tokens-per-minute limit",
        ),
        ({"x-ratelimit-remaining-requests-day": "0"}, 30.0, "waiting 30 s for the requests-per-day limit"),
        ({}, 0.75, "waiting 0.8 s for the rate limit"),
    ],
)
def test_rate_limit_wait_notice(headers: Dict[str, str], delay: float, expected: str) -> None:
    assert rate_limit_wait_notice(parse_rate_limits(httpx.Headers(headers)), delay) == expected
