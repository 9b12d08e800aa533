"""`Stream` / `AsyncStream` through the transport seam: ending, closing, retrying, `usage`, `text()`.

Each fake response body is a `RecordingStream`, which records how many chunks the client pulled
and whether the transport saw the body closed (that is what releases a pooled connection).
"""

from __future__ import annotations

import gc
import json
import re
import weakref
from pathlib import Path
from typing import Any, Callable, List, Optional

import anyio
import httpx
import pytest

from _support import Driver, FakeApi, RecordingStream, chat_chunk, resolve, sse_event
from cerebras.cloud.sdk import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncStream,
    BadRequestError,
    InternalServerError,
    Stream,
    StreamClosedError,
)
from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse
from cerebras.cloud.sdk.types.completion import CompletionResponse

__all__: List[str] = []

FIXTURES = Path(__file__).parent.parent / "fixtures"
MESSAGES: Any = [{"role": "user", "content": "Name a prime."}]


def chunk(content: Optional[str] = None, **extra: Any) -> bytes:
    return sse_event(chat_chunk(content, **extra))


DONE = b"data: [DONE]\n\n"
USAGE = {"prompt_tokens": 21, "completion_tokens": 3, "total_tokens": 24}
TIME_INFO = {"queue_time": 0.001, "total_time": 0.004}
THREE = [chunk("a"), chunk("b"), chunk("c"), chunk(usage=USAGE, time_info=TIME_INFO), DONE]


def content(item: Any) -> Any:
    return item.choices[0].delta.content if item.choices else None


async def chat(client: Any, **kwargs: Any) -> Any:
    return await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True, **kwargs))


async def text_completion(client: Any, **kwargs: Any) -> Any:
    return await resolve(client.completions.create(model="llama3.1-8b", prompt="Roses are red,", stream=True, **kwargs))


async def collect(stream: Any, into: List[Any]) -> None:
    """Iterate `stream`, keeping each item's content in `into` (kept when iteration raises)."""
    if hasattr(stream, "__aiter__"):
        async for item in stream:
            into.append(content(item))
    else:
        for item in stream:
            into.append(content(item))


@pytest.fixture
def drive(api: Driver) -> Driver:
    """The shared sync/async driver (`api`), under the name these stream tests use."""
    return api


# --------------------------------------------------------------------------- ending


async def test_done_ends_iteration_and_closes(drive: Driver) -> None:
    api = FakeApi([chunk("a"), chunk("b"), DONE, chunk("never")])
    stream = await chat(drive.client(api))
    assert isinstance(stream, AsyncStream if drive.is_async else Stream)
    assert [content(item) for item in await drive.items(stream)] == ["a", "b"]
    assert api.body.closed
    assert stream.response.is_closed


@pytest.mark.parametrize(("http_version", "pulled"), [("HTTP/1.1", 3), ("HTTP/2", 2)])
async def test_after_done_an_http11_body_is_read_to_its_end(drive: Driver, http_version: str, pulled: int) -> None:
    # Reading the end of an HTTP/1.1 body is what lets the connection be reused; an HTTP/2
    # connection survives the stream's close, so nothing more is read there.
    body = RecordingStream([chunk("a"), DONE, b": the end\n\n"])

    def handler(request: httpx.Request) -> httpx.Response:
        extensions = {"http_version": http_version.encode()}
        return httpx.Response(200, stream=body, headers={"content-type": "text/event-stream"}, extensions=extensions)

    stream = await chat(drive.client(handler))
    assert [content(item) for item in await drive.items(stream)] == ["a"]
    assert body.pulled == pulled
    assert body.closed


async def test_a_body_ending_cleanly_without_done_ends_iteration(drive: Driver) -> None:
    api = FakeApi([chunk("a"), chunk("b")])
    stream = await chat(drive.client(api))
    assert [content(item) for item in await drive.items(stream)] == ["a", "b"]
    assert api.body.closed


async def test_the_recorded_chat_stream(drive: Driver) -> None:
    api = FakeApi([(FIXTURES / "chat_stream.sse").read_bytes()])
    items = await drive.items(await chat(drive.client(api)))
    assert [type(item) for item in items] == [ChatChunkResponse] * 3
    assert [content(item) for item in items] == [None, "Seven", None]
    assert items[0].choices[0].delta.role == "assistant"
    assert items[2].choices[0].finish_reason == "stop"


async def test_events_split_anywhere_across_chunks(drive: Driver) -> None:
    body = b"".join(THREE).replace(b"\n", b"\r\n")
    api = FakeApi([body[i : i + 7] for i in range(0, len(body), 7)])
    items = await drive.items(await chat(drive.client(api)))
    assert [content(item) for item in items] == ["a", "b", "c", None]


async def test_single_pass(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    assert len(await drive.items(stream)) == 4
    assert await drive.items(stream) == []


async def test_next_then_loop_continues(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    assert content(await drive.next(stream)) == "a"
    assert [content(item) for item in await drive.items(stream)] == ["b", "c", None]


async def test_next_after_the_end_stops(drive: Driver) -> None:
    api = FakeApi([chunk("a"), DONE])
    stream = await chat(drive.client(api))
    await drive.next(stream)
    if drive.is_async:
        with pytest.raises(StopAsyncIteration):
            await stream.__anext__()
    else:
        with pytest.raises(StopIteration):
            next(stream)


async def test_response_attribute(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    assert isinstance(stream.response, httpx.Response)
    assert stream.response.status_code == 200
    assert stream.response.request is api.requests[0]
    await drive.close(stream)


# --------------------------------------------------------------------------- closing


async def test_an_error_event_raises_and_closes(drive: Driver) -> None:
    api = FakeApi([(FIXTURES / "chat_stream_error.sse").read_bytes()])
    stream = await chat(drive.client(api))
    assert content(await drive.next(stream)) == "Once"
    with pytest.raises(BadRequestError) as caught:
        await drive.items(stream)
    assert caught.value.body == {"message": "too long", "type": "invalid", "code": "ctx"}
    assert caught.value.response is stream.response
    assert api.body.closed
    assert len(api.requests) == 1


async def test_close_before_iterating(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    await drive.close(stream)
    assert api.body.closed
    assert api.body.pulled == 0
    # The answer was never read: iterating must say so, not look like an empty answer.
    for _ in range(2):
        with pytest.raises(StreamClosedError, match=r"closed before its end"):
            await drive.items(stream)


async def test_close_mid_stream(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    await drive.next(stream)
    await drive.close(stream)
    assert api.body.closed
    assert api.body.pulled == 1
    with pytest.raises(StreamClosedError, match=r"closed before its end"):
        await drive.items(stream)
    with pytest.raises(StreamClosedError):
        await drive.next(stream)


async def test_closing_a_finished_stream_keeps_it_finished(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    assert len(await drive.items(stream)) == 4
    await drive.close(stream)
    assert await drive.items(stream) == []  # read to its end: nothing was lost


async def test_after_an_error_mid_stream_iterating_again_says_so(drive: Driver) -> None:
    api = FakeApi(RecordingStream([chunk("a")], error=httpx.ReadError("connection reset")))
    stream = await chat(drive.client(api))
    with pytest.raises(APIConnectionError):
        await drive.items(stream)
    for _ in range(2):
        with pytest.raises(StreamClosedError, match="APIConnectionError"):
            await drive.items(stream)
    assert api.body.closed


def test_context_manager_closes(make_client: Any) -> None:
    api = FakeApi(THREE)
    with make_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True) as stream:
        assert content(next(stream)) == "a"
    assert api.body.closed
    assert api.body.pulled == 1


async def test_context_manager_closes_async(make_async_client: Any) -> None:
    api = FakeApi(THREE)
    async with await make_async_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True) as s:
        assert content(await s.__anext__()) == "a"
    assert api.body.closed
    assert api.body.pulled == 1


async def _settle(condition: Callable[[], bool]) -> None:
    for _ in range(50):
        if condition():
            return
        await anyio.sleep(0)


async def test_break_then_iterate_again_resumes(drive: Driver) -> None:
    # As in the official SDK: `break` leaves the stream where it was, and the next loop goes on
    # with the remaining chunks; once read to its end, a further loop yields nothing.
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    seen: List[Any] = []
    for _ in range(2):
        if drive.is_async:
            async for item in stream:
                seen.append(content(item))
                break
        else:
            for item in stream:
                seen.append(content(item))
                break
    await _settle(lambda: False)  # let the event loop finalize the dropped loops' iterators
    assert seen == ["a", "b"]
    assert not api.body.closed
    assert [content(item) for item in await drive.items(stream)] == ["c", None]
    assert api.body.closed
    assert stream.response.is_closed
    assert await drive.items(stream) == []


async def test_text_resumes_after_break_too(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    if drive.is_async:
        async for piece in stream.text():
            assert piece == "a"
            break
    else:
        for piece in stream.text():
            assert piece == "a"
            break
    await _settle(lambda: False)
    assert not api.body.closed
    assert [content(await drive.next(stream))] == ["b"]
    assert await drive.text(stream) == ["c"]
    assert api.body.closed
    assert stream.usage is not None


def test_a_stream_dropped_after_break_is_released_at_once(make_client: Any) -> None:
    api = FakeApi(THREE)
    gc.disable()
    try:
        stream = make_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True)
        for _ in stream:
            break
        assert not api.body.closed
        del stream
        assert api.body.closed  # no reference cycle: freed (and released) where it was dropped
    finally:
        gc.enable()


def test_a_temporary_stream_left_with_break_is_released_at_once(make_client: Any) -> None:
    api = FakeApi(THREE)
    gc.disable()
    try:
        for _ in make_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True):
            break
        assert api.body.closed
    finally:
        gc.enable()


async def test_an_async_stream_dropped_after_break_is_released_without_the_collector(
    make_async_client: Any,
) -> None:
    api = FakeApi(THREE)
    gc.disable()
    try:
        stream = await make_async_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async for _ in stream:
            break
        await _settle(lambda: False)
        assert not api.body.closed  # still resumable while it is referenced
        alive = weakref.ref(stream)
        del stream
        await _settle(lambda: api.body.closed)
        assert alive() is None
        assert api.body.closed
    finally:
        gc.enable()


async def test_a_temporary_async_stream_left_with_break_is_released(make_async_client: Any) -> None:
    api = FakeApi(THREE)
    gc.disable()
    try:
        async for _ in await make_async_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True):
            break
        await _settle(lambda: api.body.closed)
        assert api.body.closed
    finally:
        gc.enable()


@pytest.mark.parametrize("started", [False, True])
def test_an_abandoned_stream_is_closed_by_gc(make_client: Any, started: bool) -> None:
    api = FakeApi(THREE)
    stream = make_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    if started:
        next(stream)
    del stream
    gc.collect()
    assert api.body.closed


@pytest.mark.parametrize("started", [False, True])
async def test_an_abandoned_stream_is_closed_by_gc_async(make_async_client: Any, started: bool) -> None:
    api = FakeApi(THREE)
    stream = await make_async_client(api).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    if started:
        await stream.__anext__()
    del stream
    gc.collect()
    await _settle(lambda: api.body.closed)
    assert api.body.closed


# --------------------------------------------------------------------------- failures mid-stream


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        (httpx.ReadTimeout("timed out"), APITimeoutError),
        (httpx.ReadError("connection reset"), APIConnectionError),
        (httpx.RemoteProtocolError("incomplete chunked read"), APIConnectionError),
        (httpx.DecodingError("bad gzip"), APIConnectionError),
    ],
)
async def test_a_transport_failure_mid_stream_is_typed_and_never_retried(
    drive: Driver, sleeps: Any, error: Exception, raised: type
) -> None:
    api = FakeApi(RecordingStream([chunk("a")], error=error))
    stream = await chat(drive.client(api))
    got: List[Any] = []
    with pytest.raises(APIConnectionError) as caught:
        await collect(stream, got)
    assert type(caught.value) is raised
    assert caught.value.__cause__ is error
    assert got == ["a"]
    assert len(api.requests) == 1
    assert sleeps.delays == []
    assert api.body.closed


async def test_a_body_cut_mid_event_is_a_connection_error(drive: Driver) -> None:
    api = FakeApi([chunk("a"), chunk("b")[:30]])
    stream = await chat(drive.client(api))
    with pytest.raises(APIConnectionError, match="middle of an event"):
        await drive.items(stream)


async def test_a_body_cut_mid_line_is_a_connection_error(drive: Driver) -> None:
    api = FakeApi([chunk("a"), b"da"])
    with pytest.raises(APIConnectionError, match="middle of an event"):
        await drive.items(await chat(drive.client(api)))


async def test_a_last_event_missing_only_its_blank_line_is_delivered(drive: Driver) -> None:
    api = FakeApi([chunk("a"), chunk("b")[:-2]])
    assert [content(i) for i in await drive.items(await chat(drive.client(api)))] == ["a", "b"]


async def test_done_missing_its_blank_line_ends_quietly(drive: Driver) -> None:
    api = FakeApi([chunk("a"), b"data: [DONE]"])
    assert [content(i) for i in await drive.items(await chat(drive.client(api)))] == ["a"]


async def test_invalid_json_mid_stream(drive: Driver) -> None:
    api = FakeApi([chunk("a"), b"data: {oops\n\n", DONE])
    with pytest.raises(APIResponseValidationError, match=re.escape("Invalid JSON in a stream event: '{oops'")):
        await drive.items(await chat(drive.client(api)))
    assert api.body.closed


async def test_strict_mode_validates_each_chunk(drive: Driver) -> None:
    bad = b'data: {"object": "chat.completion.chunk", "choices": 3}\n\n'
    api = FakeApi([chunk("a"), bad, DONE])
    stream = await chat(drive.client(api, _strict_response_validation=True))
    with pytest.raises(APIResponseValidationError, match="does not match its schema"):
        await drive.items(stream)
    loose = await drive.items(await chat(drive.client(FakeApi([chunk("a"), bad, DONE]))))
    assert isinstance(loose[1], ChatChunkResponse)  # built loosely as the stream's item type
    assert loose[1].choices == 3


# --------------------------------------------------------------------------- requests and retries


async def test_stream_and_stream_options_are_sent(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api), stream_options={"include_usage": True})
    await drive.items(stream)
    body = json.loads(api.requests[0].content)
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert list(body)[-2:] == ["stream", "stream_options"]


async def test_an_error_status_before_the_first_byte_is_retried(drive: Driver, sleeps: Any) -> None:
    api = FakeApi(503, 429, THREE)
    stream = await chat(drive.client(api))
    assert [content(item) for item in await drive.items(stream)] == ["a", "b", "c", None]
    assert len(api.requests) == 3
    assert len(sleeps.delays) == 2
    assert [r.headers["x-stainless-retry-count"] for r in api.requests] == ["0", "1", "2"]
    assert all(body.closed for body in api.bodies)


async def test_an_error_status_is_raised_after_the_retries(drive: Driver, sleeps: Any) -> None:
    api = FakeApi(500)
    with pytest.raises(InternalServerError) as caught:
        await chat(drive.client(api))
    assert caught.value.status_code == 500
    assert caught.value.body == {"message": "status 500"}
    assert len(api.requests) == 3
    assert len(sleeps.delays) == 2
    assert all(body.closed for body in api.bodies)


async def test_a_client_error_is_not_retried(drive: Driver, sleeps: Any) -> None:
    api = FakeApi(400, THREE)
    with pytest.raises(BadRequestError):
        await chat(drive.client(api))
    assert len(api.requests) == 1
    assert sleeps.delays == []


# --------------------------------------------------------------------------- usage, time_info, text()


async def test_usage_and_time_info_after_the_final_chunk(drive: Driver) -> None:
    api = FakeApi(THREE)
    stream = await chat(drive.client(api))
    assert stream.usage is None
    assert stream.time_info is None
    await drive.next(stream)
    assert stream.usage is None
    await drive.items(stream)
    assert stream.usage is not None
    assert stream.time_info is not None
    assert stream.usage.total_tokens == 24
    assert stream.usage.completion_tokens == 3
    assert stream.time_info.total_time == 0.004
    assert stream.time_info.queue_time == 0.001


async def test_text_yields_only_content_deltas(drive: Driver) -> None:
    api = FakeApi([(FIXTURES / "chat_stream.sse").read_bytes()])
    stream = await chat(drive.client(api))
    assert await drive.text(stream) == ["Seven"]
    assert stream.usage.total_tokens == 22
    assert api.body.closed


async def test_text_skips_empty_and_choiceless_chunks(drive: Driver) -> None:
    no_choices = b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"f","choices":[]}\n\n'
    off_schema = [b'data: {"choices": 3}\n\n', b'data: {"choices": [{"delta": {"content": 5}}]}\n\n']
    api = FakeApi([chunk("Hel"), chunk(""), no_choices, *off_schema, chunk(), chunk("lo"), DONE])
    assert await drive.text(await chat(drive.client(api))) == ["Hel", "lo"]


async def test_legacy_completions_stream_and_text(drive: Driver) -> None:
    body = (FIXTURES / "completion_stream.sse").read_bytes()
    stream = await text_completion(drive.client(FakeApi([body])))
    items = await drive.items(stream)
    assert [type(item) for item in items] == [CompletionResponse] * 2
    assert stream.usage.total_tokens == 9
    assert stream.time_info is None
    stream = await text_completion(drive.client(FakeApi([body])))
    assert await drive.text(stream) == [" violets", " are blue"]
