"""Fuzzing the retry-after parser and the retry loop with hostile rate-limit headers.

`parse_retry_after` reads `retry-after-ms`, `retry-after` seconds and HTTP dates; whatever
the text, it returns `None` or a finite number and never raises. Driven through the real
client on a transport that answers 429/503 with random hints, every wait stays within
[0, 60] s, the attempts never exceed `max_retries + 1`, and only `APIStatusError`s escape.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List

import anyio
import httpx
import pytest
from _fuzz import FUZZ
from hypothesis import example, given
from hypothesis import strategies as st

from _support import FakeApi, Handler, async_client, sync_client
from cerebras.cloud.sdk import APIStatusError
from cerebras.cloud.sdk._retry import parse_retry_after
from cerebras.cloud.sdk.testing import set_testing

__all__: list[str] = []

pytestmark = pytest.mark.fuzz

_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Xyz", ""]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"]

http_dates = st.builds(
    "{}, {:02d} {} {} {:02d}:{:02d}:{:02d} {}".format,
    st.sampled_from(_DAYS),
    st.integers(0, 99),
    st.sampled_from(_MONTHS),
    st.integers(-10, 1_000_000),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(["GMT", "UTC", "+0000", "-2359", "+9999", "EST", "", "Z"]),
)
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(repr),
    st.sampled_from(
        ["inf", "-inf", "nan", "1e400", "-0", "0x10", "1_000", " 5 ", "\u0665", "5.", ".5", "+3", "1e-400"]
    ),
)
hint_values = st.one_of(numbers, http_dates, st.text(max_size=40))


@FUZZ
@example(header="retry-after", value="0 JAN 10000 0:0", now=0.0)  # once raised ValueError (year 10000)
@given(
    header=st.sampled_from(["retry-after", "retry-after-ms"]),
    value=hint_values,
    now=st.floats(min_value=-1e12, max_value=1e12),
)
def test_parse_retry_after_returns_none_or_a_finite_number(header: str, value: str, now: float) -> None:
    # Header values arrive as bytes: whatever their encoding, httpx hands them over as text.
    seconds = parse_retry_after(httpx.Headers({header.encode(): value.encode("utf-8")}), now)
    assert seconds is None or (isinstance(seconds, float) and math.isfinite(seconds)) or isinstance(seconds, int)


error_headers = st.dictionaries(
    st.sampled_from(
        [
            "retry-after",
            "retry-after-ms",
            "x-should-retry",
            "x-ratelimit-limit-requests-minute",
            "x-ratelimit-remaining-requests-minute",
            "x-ratelimit-reset-requests-minute",
            "x-ratelimit-remaining-tokens-day",
            "x-ratelimit-reset-tokens-day",
        ]
    ),
    st.one_of(hint_values, st.sampled_from(["true", "false", "0", "1"])),
    max_size=5,
)
answers = st.lists(st.tuples(st.sampled_from([408, 409, 429, 500, 502, 503, 400]), error_headers), min_size=1)


def _rate_limited(script: List[tuple[int, Dict[str, str]]]) -> FakeApi:
    """Answers request N with `script[N]`, then the last answer again (header values sent as UTF-8 bytes)."""

    def answer(status: int, headers: Dict[str, str]) -> Handler:
        raw = [(name.encode(), value.encode("utf-8")) for name, value in headers.items()]
        return lambda _request: httpx.Response(status, headers=raw, json={"error": {"message": "busy"}})

    return FakeApi(*[answer(status, headers) for status, headers in script])


@FUZZ
@given(script=answers, max_retries=st.integers(0, 4), use_async=st.booleans())
def test_hostile_rate_limit_answers_keep_waits_and_attempts_bounded(
    script: List[tuple[int, Dict[str, str]]], max_retries: int, use_async: bool
) -> None:
    waits: List[float] = []
    server = _rate_limited(script)
    options: Dict[str, Any] = {"api_key": "sk-fuzz", "max_retries": max_retries, "warm_tcp_connection": False}
    if use_async:

        async def main() -> None:
            async with async_client(server, **options) as client:
                await client.models.list()

        run = lambda: anyio.run(main)  # noqa: E731
    else:
        client = sync_client(server, **options)

        def run() -> None:
            with client:
                client.models.list()

    with pytest.raises(APIStatusError), set_testing(on_wait=waits.append):
        run()
    assert len(waits) <= max_retries
    assert len(server.requests) == len(waits) + 1
    assert all(0 <= wait <= 60 and math.isfinite(wait) for wait in waits), waits
