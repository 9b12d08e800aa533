"""Streams against a real HTTP server on 127.0.0.1: long streams, stalls, drops, reuse."""

from __future__ import annotations

import time
from typing import Any, List

import httpx
import pytest

from cerebras.cloud.sdk import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncCerebras,
    AsyncStream,
    Cerebras,
    DefaultAioHttpClient,
    Stream,
    _stream_body,
)

__all__: List[str] = []

API_KEY = "sk-test-0123456789abcdef"
MESSAGES: Any = [{"role": "user", "content": "count"}]
SHORT_READ = httpx.Timeout(5.0, read=0.3)


def sync_client(server: Any, sleeps: Any, **kwargs: Any) -> Cerebras:
    client = Cerebras(api_key=API_KEY, base_url=server.url, **kwargs)
    return client


def async_client(server: Any, sleeps: Any, **kwargs: Any) -> AsyncCerebras:
    client = AsyncCerebras(api_key=API_KEY, base_url=server.url, **kwargs)
    return client


def open_stream(client: Cerebras, scenario: str) -> Stream[Any]:
    return client.chat.completions.create(
        model="llama3.1-8b", messages=MESSAGES, stream=True, extra_headers={"X-Scenario": scenario}
    )


async def aopen_stream(client: AsyncCerebras, scenario: str) -> AsyncStream[Any]:
    return await client.chat.completions.create(
        model="llama3.1-8b", messages=MESSAGES, stream=True, extra_headers={"X-Scenario": scenario}
    )


def content(chunk: Any) -> Any:
    return chunk.choices[0].delta.content


# --------------------------------------------------------------------------- complete streams


def test_ten_thousand_chunks_arrive_complete_and_in_order(sse_server: Any, sleeps: Any) -> None:
    with sync_client(sse_server, sleeps) as client:
        stream = open_stream(client, "chunks 10000")
        pieces = [content(chunk) for chunk in stream]
    assert pieces[:-1] == [f"{i} " for i in range(10000)]
    assert pieces[-1] is None
    assert stream.usage.completion_tokens == 10000
    assert stream.time_info.total_time == 0.25
    assert stream.response.is_closed


async def test_ten_thousand_chunks_arrive_complete_and_in_order_async(sse_server: Any, sleeps: Any) -> None:
    async with async_client(sse_server, sleeps) as client:
        stream = await aopen_stream(client, "chunks 10000")
        pieces = [content(chunk) async for chunk in stream]
    assert pieces[:-1] == [f"{i} " for i in range(10000)]
    assert pieces[-1] is None
    assert stream.usage.completion_tokens == 10000
    assert stream.time_info.total_time == 0.25
    assert stream.response.is_closed


def test_text_of_a_real_stream(sse_server: Any, sleeps: Any) -> None:
    with sync_client(sse_server, sleeps) as client:
        assert "".join(open_stream(client, "chunks 50").text()) == "".join(f"{i} " for i in range(50))


async def test_text_of_a_real_stream_async(sse_server: Any, sleeps: Any) -> None:
    async with async_client(sse_server, sleeps) as client:
        stream = await aopen_stream(client, "chunks 50")
        assert "".join([piece async for piece in stream.text()]) == "".join(f"{i} " for i in range(50))


# --------------------------------------------------------------------------- connection reuse


def test_connection_is_reused_after_done(sse_server: Any, sleeps: Any) -> None:
    with sync_client(sse_server, sleeps) as client:
        for _ in range(3):
            assert len(list(open_stream(client, "chunks 20"))) == 21
    assert len(sse_server.requests) == 3
    assert sse_server.accepted == 1


async def test_connection_is_reused_after_done_async(sse_server: Any, sleeps: Any) -> None:
    async with async_client(sse_server, sleeps) as client:
        for _ in range(3):
            assert len([chunk async for chunk in await aopen_stream(client, "chunks 20")]) == 21
    assert len(sse_server.requests) == 3
    assert sse_server.accepted == 1


def test_a_body_held_open_after_done_does_not_hang(
    sse_server: Any, sleeps: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_stream_body, "_DRAIN_TIMEOUT_S", 0.2)
    with sync_client(sse_server, sleeps) as client:
        started = time.monotonic()
        stream = open_stream(client, "hold 3")
        assert [content(chunk) for chunk in stream] == ["0 ", "1 ", "2 "]
        assert time.monotonic() - started < 3
        assert stream.response.is_closed
        # The held connection was given up, not returned to the pool.
        assert len(list(open_stream(client, "chunks 1"))) == 2
    assert sse_server.accepted == 2


async def test_a_body_held_open_after_done_does_not_hang_async(
    sse_server: Any, sleeps: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_stream_body, "_DRAIN_TIMEOUT_S", 0.2)
    async with async_client(sse_server, sleeps) as client:
        started = time.monotonic()
        stream = await aopen_stream(client, "hold 3")
        assert [content(chunk) async for chunk in stream] == ["0 ", "1 ", "2 "]
        assert time.monotonic() - started < 3
        assert stream.response.is_closed
        assert len([chunk async for chunk in await aopen_stream(client, "chunks 1")]) == 2
    assert sse_server.accepted == 2


# --------------------------------------------------------------------------- failures mid-stream


def _collect(stream: Stream[Any], into: List[Any]) -> None:
    for chunk in stream:
        into.append(content(chunk))


async def _acollect(stream: AsyncStream[Any], into: List[Any]) -> None:
    async for chunk in stream:
        into.append(content(chunk))


def test_a_stall_mid_stream_raises_a_timeout(sse_server: Any, sleeps: Any) -> None:
    got: List[Any] = []
    with sync_client(sse_server, sleeps, timeout=SHORT_READ) as client:
        started = time.monotonic()
        stream = open_stream(client, "stall 3")
        with pytest.raises(APITimeoutError) as caught:
            _collect(stream, got)
        assert time.monotonic() - started < 3
    _assert_stalled_after_three(caught.value, got, stream, sse_server, sleeps)


def _assert_stalled_after_three(error: BaseException, got: List[Any], stream: Any, server: Any, sleeps: Any) -> None:
    """What a stream whose server stalls after three chunks leaves behind, sync or async."""
    assert got == ["0 ", "1 ", "2 "]
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert stream.response.is_closed
    assert len(server.requests) == 1
    assert sleeps.delays == []


async def test_a_stall_mid_stream_raises_a_timeout_async(sse_server: Any, sleeps: Any) -> None:
    got: List[Any] = []
    async with async_client(sse_server, sleeps, timeout=SHORT_READ) as client:
        started = time.monotonic()
        stream = await aopen_stream(client, "stall 3")
        with pytest.raises(APITimeoutError) as caught:
            await _acollect(stream, got)
        assert time.monotonic() - started < 3
    _assert_stalled_after_three(caught.value, got, stream, sse_server, sleeps)


@pytest.mark.parametrize("scenario", ["drop 3", "reset 3", "cut 3"])
def test_a_connection_lost_mid_stream_raises_a_connection_error(sse_server: Any, sleeps: Any, scenario: str) -> None:
    got: List[Any] = []
    with sync_client(sse_server, sleeps) as client:
        stream = open_stream(client, scenario)
        with pytest.raises(APIConnectionError) as caught:
            _collect(stream, got)
    _assert_lost_after_three(caught.value, got, scenario, stream, sse_server, sleeps)


def _assert_lost_after_three(
    error: BaseException, got: List[Any], scenario: str, stream: Any, server: Any, sleeps: Any
) -> None:
    """What a stream whose connection is lost after three chunks leaves behind, sync or async."""
    assert type(error) is APIConnectionError
    # A reset may discard bytes the client had not read yet; the others deliver everything sent.
    assert got == ["0 ", "1 ", "2 "][: len(got)]
    if not scenario.startswith("reset"):
        assert len(got) == 3
    assert stream.response.is_closed
    assert len(server.requests) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("scenario", ["drop 3", "reset 3", "cut 3"])
async def test_a_connection_lost_mid_stream_raises_a_connection_error_async(
    sse_server: Any, sleeps: Any, scenario: str
) -> None:
    got: List[Any] = []
    async with async_client(sse_server, sleeps) as client:
        stream = await aopen_stream(client, scenario)
        with pytest.raises(APIConnectionError) as caught:
            await _acollect(stream, got)
    _assert_lost_after_three(caught.value, got, scenario, stream, sse_server, sleeps)


def test_a_cut_body_names_the_truncation(sse_server: Any, sleeps: Any) -> None:
    with sync_client(sse_server, sleeps) as client, pytest.raises(APIConnectionError, match="middle of an event"):
        list(open_stream(client, "cut 2"))


async def test_a_cut_body_names_the_truncation_async(sse_server: Any, sleeps: Any) -> None:
    async with async_client(sse_server, sleeps) as client:
        stream = await aopen_stream(client, "cut 2")
        with pytest.raises(APIConnectionError, match="middle of an event"):
            await _acollect(stream, [])


def test_bad_json_mid_stream_names_the_data(sse_server: Any, sleeps: Any) -> None:
    got: List[Any] = []
    with sync_client(sse_server, sleeps) as client:
        stream = open_stream(client, "bad_json 2")
        with pytest.raises(APIResponseValidationError, match="not json") as caught:
            _collect(stream, got)
    assert got == ["0 ", "1 "]
    assert caught.value.status_code == 200
    assert stream.response.is_closed


async def test_bad_json_mid_stream_names_the_data_async(sse_server: Any, sleeps: Any) -> None:
    got: List[Any] = []
    async with async_client(sse_server, sleeps) as client:
        stream = await aopen_stream(client, "bad_json 2")
        with pytest.raises(APIResponseValidationError, match="not json") as caught:
            await _acollect(stream, got)
    assert got == ["0 ", "1 "]
    assert caught.value.status_code == 200
    assert stream.response.is_closed


# --------------------------------------------------------------------------- the aiohttp backend


def aiohttp_client(server: Any, sleeps: Any) -> AsyncCerebras:
    http_client = DefaultAioHttpClient(timeout=SHORT_READ)
    return async_client(server, sleeps, http_client=http_client)


async def test_the_aiohttp_backend_reuses_the_connection_after_done(sse_server: Any, sleeps: Any) -> None:
    async with aiohttp_client(sse_server, sleeps) as client:
        stream = None
        for _ in range(2):
            stream = await aopen_stream(client, "chunks 1000")
            assert len([chunk async for chunk in stream]) == 1001
    assert stream is not None
    assert stream.usage is not None
    assert stream.usage.completion_tokens == 1000
    assert sse_server.accepted == 1


@pytest.mark.parametrize(
    ("scenario", "error"),
    [("stall 2", APITimeoutError), ("drop 2", APIConnectionError), ("cut 2", APIConnectionError)],
)
async def test_the_aiohttp_backend_types_failures_mid_stream(
    sse_server: Any, sleeps: Any, scenario: str, error: type
) -> None:
    got: List[Any] = []
    async with aiohttp_client(sse_server, sleeps) as client:
        stream = await aopen_stream(client, scenario)
        with pytest.raises(APIConnectionError) as caught:
            await _acollect(stream, got)
    assert type(caught.value) is error
    assert got == ["0 ", "1 "]
    assert len(sse_server.requests) == 1
