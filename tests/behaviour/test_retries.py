"""Retries through a fake transport, for both clients: which outcomes retry, how long they wait."""

from __future__ import annotations

import email.utils
import time
from typing import Any, Callable, List, Type

import httpx
import pytest

from _support import CHAT_COMPLETION, Driver, FakeApi, reply, resolve
from cerebras.cloud.sdk import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)

OK = reply(200, {"object": "list", "data": []})
NOW = 1_735_689_600.0


def fail(status: int, **headers: str) -> Callable[[httpx.Request], httpx.Response]:
    return reply(status, {"message": f"status {status}"}, headers={k.replace("_", "-"): v for k, v in headers.items()})


def assert_backoff(delays: List[float]) -> None:
    """Each delay lies in the documented jittered range for its retry number."""
    for k, delay in enumerate(delays):
        base = min(0.5 * 2**k, 8.0)
        assert 0.75 * base <= delay <= base, (k, delay)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_retryable_statuses_retry_then_succeed(api: Driver, sleeps: Any, status: int) -> None:
    server = FakeApi(fail(status), fail(status), OK)
    client = api.client(server)
    await resolve(client.models.list())
    assert len(server.requests) == 3
    assert server.header_values("x-stainless-retry-count") == ["0", "1", "2"]
    assert len(sleeps.delays) == 2
    assert_backoff(sleeps.delays)
    # Each failed response was closed before the next attempt.
    assert all(r.is_closed for r in server.responses[:2])


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (408, APIStatusError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
    ],
)
async def test_exhausted_retries_raise_the_last_status(
    api: Driver, sleeps: Any, status: int, error: Type[Exception]
) -> None:
    server = FakeApi(fail(status))
    client = api.client(server)
    with pytest.raises(error) as info:
        await resolve(client.models.list())
    assert type(info.value) is error
    assert len(server.requests) == 3
    assert len(sleeps.delays) == 2
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__ is True


@pytest.mark.parametrize(("status", "error"), [(400, BadRequestError), (404, NotFoundError), (418, APIStatusError)])
async def test_other_statuses_are_not_retried(api: Driver, sleeps: Any, status: int, error: Type[Exception]) -> None:
    server = FakeApi(fail(status), OK)
    client = api.client(server)
    with pytest.raises(error):
        await resolve(client.models.list())
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_should_retry_true_retries_a_400(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(400, x_should_retry="true"), OK)
    client = api.client(server)
    await resolve(client.models.list())
    assert len(server.requests) == 2
    assert len(sleeps.delays) == 1


async def test_should_retry_false_stops_a_503(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(503, x_should_retry="false"), OK)
    client = api.client(server)
    with pytest.raises(InternalServerError):
        await resolve(client.models.list())
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_retry_decision_uses_the_http_status_not_the_body(api: Driver, sleeps: Any) -> None:
    server = FakeApi(reply(400, {"error": {"message": "x"}, "status_code": 503}), OK)
    client = api.client(server)
    with pytest.raises(InternalServerError) as info:
        await resolve(client.models.list())
    assert info.value.status_code == 503
    assert info.value.response.status_code == 400
    assert len(server.requests) == 1
    server2 = FakeApi(reply(500, {"error": {"message": "x"}, "status_code": 400}), OK)
    await resolve(api.client(server2).models.list())
    assert len(server2.requests) == 2


async def test_max_retries_zero(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(500), OK)
    client = api.client(server, max_retries=0)
    with pytest.raises(InternalServerError):
        await resolve(client.models.list())
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_more_retries_follow_the_backoff_table(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(500))
    client = api.client(server, max_retries=6)
    with pytest.raises(InternalServerError):
        await resolve(client.models.list())
    assert len(server.requests) == 7
    assert server.header_values("x-stainless-retry-count") == [str(i) for i in range(7)]
    assert_backoff(sleeps.delays)
    assert sleeps.delays[5] >= 6.0


async def test_with_options_max_retries(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(500))
    client = api.client(server)
    with pytest.raises(InternalServerError):
        await resolve(client.with_options(max_retries=4).models.list())
    assert len(server.requests) == 5
    assert len(sleeps.delays) == 4
    server.requests.clear()
    with pytest.raises(InternalServerError):
        await resolve(client.models.list())
    assert len(server.requests) == 3


async def test_options_max_retries_on_low_level_calls(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(500))
    client = api.client(server)
    with pytest.raises(InternalServerError):
        await resolve(client.get("/v1/models", cast_to=object, options={"max_retries": 1}))
    assert len(server.requests) == 2
    server.requests.clear()
    with pytest.raises(InternalServerError):
        await resolve(client.post("/v1/x", cast_to=object, body={}, options={"max_retries": 0}))
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after-ms": "100", "retry-after": "30"}, 0.1),
        ({"retry-after": "60"}, 60.0),
    ],
)
async def test_server_hints_are_used_exactly(api: Driver, sleeps: Any, headers: Any, expected: float) -> None:
    server = FakeApi(reply(429, {}, headers=headers), OK)
    client = api.client(server)
    await resolve(client.models.list())
    assert sleeps.delays == [expected]


async def test_http_date_hint(api: Driver, sleeps: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)  # the clock an HTTP-date hint is read against
    server = FakeApi(reply(503, {}, headers={"retry-after": email.utils.formatdate(NOW + 20, usegmt=True)}), OK)
    client = api.client(server)
    await resolve(client.models.list())
    assert sleeps.delays == [20.0]


@pytest.mark.parametrize("value", ["61", "3600", "0", "-5", "soon"])
async def test_unusable_hints_fall_back_to_backoff(api: Driver, sleeps: Any, value: str) -> None:
    server = FakeApi(reply(500, {}, headers={"retry-after": value}), reply(500, {}, headers={"retry-after": value}), OK)
    client = api.client(server)
    await resolve(client.models.list())
    assert len(sleeps.delays) == 2
    assert_backoff(sleeps.delays)


async def test_rate_limited_429_waits_for_the_window(api: Driver, sleeps: Any) -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "12.5"}
    server = FakeApi(reply(429, {}, headers=headers), OK)
    client = api.client(server)
    await resolve(client.models.list())
    assert sleeps.delays == [12.5]


async def test_rate_limit_reset_too_far_away_raises_at_once(api: Driver, sleeps: Any) -> None:
    headers = {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "3600"}
    server = FakeApi(reply(429, {"message": "slow down"}, headers=headers), OK)
    client = api.client(server)
    with pytest.raises(RateLimitError) as info:
        await resolve(client.models.list())
    assert len(server.requests) == 1
    assert sleeps.delays == []
    assert info.value.rate_limits.reset_tokens_minute == 3600


@pytest.mark.parametrize(
    "exc",
    [httpx.ConnectError("refused"), httpx.RemoteProtocolError("bad"), RuntimeError("custom transport bug")],
    ids=["connect", "protocol", "arbitrary"],
)
async def test_transport_exceptions_become_connection_errors(api: Driver, sleeps: Any, exc: Exception) -> None:
    server = FakeApi(exc)
    client = api.client(server)
    with pytest.raises(APIConnectionError) as info:
        await resolve(client.models.list())
    assert type(info.value) is APIConnectionError
    assert info.value.message == "Connection error."
    assert info.value.__cause__ is exc
    assert info.value.request.url == httpx.URL("http://api.test/v1/models")
    assert len(server.requests) == 3
    assert_backoff(sleeps.delays)


@pytest.mark.parametrize("exc", [httpx.ReadTimeout("slow"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("busy")])
async def test_timeouts_become_timeout_errors(api: Driver, sleeps: Any, exc: Exception) -> None:
    server = FakeApi(exc)
    client = api.client(server)
    with pytest.raises(APITimeoutError) as info:
        await resolve(client.models.list())
    assert info.value.message == "Request timed out."
    assert info.value.__cause__ is exc
    assert len(server.requests) == 3
    assert len(sleeps.delays) == 2


async def test_connection_error_then_success(api: Driver, sleeps: Any) -> None:
    server = FakeApi(httpx.ConnectError("refused"), reply(200, CHAT_COMPLETION))
    client = api.client(server)
    raw = await resolve(client.chat.completions.with_raw_response.create(model="m", messages=[]))
    assert raw.retries_taken == 1
    assert server.header_values("x-stainless-retry-count") == ["0", "1"]
    assert len(sleeps.delays) == 1
    assert 0.375 <= sleeps.delays[0] <= 0.5


async def test_retries_taken_on_the_raw_response(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(500), fail(502), OK)
    client = api.client(server)
    raw = await resolve(client.models.with_raw_response.list())
    assert raw.retries_taken == 2
    first = await resolve(api.client(FakeApi(OK)).models.with_raw_response.list())
    assert first.retries_taken == 0


async def test_post_body_is_resent_identically(api: Driver, sleeps: Any) -> None:
    server = FakeApi(fail(500), reply(200, CHAT_COMPLETION))
    client = api.client(server)
    await resolve(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}]))
    assert server.requests[0].content == server.requests[1].content
    assert "idempotency-key" not in server.requests[1].headers


async def test_streamed_calls_retry_and_read_the_error_body(api: Driver, sleeps: Any) -> None:
    from _support import CHUNK_SSE

    server = FakeApi(fail(503), reply(200, content=CHUNK_SSE, content_type="text/event-stream"))
    client = api.client(server)
    stream = await resolve(client.chat.completions.create(model="m", messages=[], stream=True))
    items = [i async for i in stream] if api.is_async else list(stream)
    assert len(items) == 1
    assert server.header_values("x-stainless-retry-count") == ["0", "1"]
    failing = FakeApi(reply(400, {"message": "bad stream"}))
    with pytest.raises(BadRequestError) as info:
        await resolve(api.client(failing).chat.completions.create(model="m", messages=[], stream=True))
    assert info.value.message == "Error code: 400 - {'message': 'bad stream'}"
    assert info.value.body == {"message": "bad stream"}


async def test_retry_is_logged(api: Driver, sleeps: Any, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    server = FakeApi(reply(500, {}, headers={"retry-after": "2"}), OK)
    client = api.client(server, base_url="http://api.test/base")
    with caplog.at_level(logging.INFO, logger="cerebras.cloud.sdk._base_client"):
        await resolve(client.models.list())
    messages = [r.getMessage() for r in caplog.records if r.name == "cerebras.cloud.sdk._base_client"]
    assert "Retrying request to /v1/models in 2.000000 seconds" in messages


@pytest.mark.parametrize("outcome", [OK, fail(400)], ids=["answer", "final error"])
async def test_a_call_that_cannot_retry_draws_no_random_number(api: Driver, outcome: Any) -> None:
    # The jitter of a backoff is drawn only when a retry is possible: an answer, or an error
    # that is not retried, leaves the process's random state as it was.
    import random

    client = api.client(FakeApi(outcome))
    state = random.getstate()
    try:
        await resolve(client.models.list())
    except BadRequestError:
        pass
    assert random.getstate() == state
