"""`client.chat.completions.stream(...)`: events, text, final completion, timings, closing.

Through the transport seam (scripted SSE bodies) and against the local emulator, whose
streamed and non-streamed answers to the same request must assemble to the same completion.
"""

from __future__ import annotations

import gc
import json
import weakref
from typing import Any, Callable, Dict, Iterator, List, Optional

import httpx
import pytest

from _support import FakeApi
from cerebras.cloud.sdk import AsyncCerebras, BadRequestError, Cerebras, StreamClosedError
from cerebras.cloud.sdk.lib.streaming import (
    AsyncChatCompletionStreamManager,
    ChatCompletionStreamManager,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    ToolCallDoneEvent,
    _stream,
)
from cerebras.cloud.sdk.testing import LocalServer
from cerebras.cloud.sdk.types.chat.chat_completion import ChatCompletionResponse
from cerebras.cloud.sdk.types.chat.completion_create_params import Message

MESSAGES: List[Message] = [{"role": "user", "content": "Say hello."}]
FRAME: Dict[str, Any] = {
    "id": "chatcmpl-s1",
    "object": "chat.completion.chunk",
    "created": 1735689601,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_1",
}
USAGE = {"prompt_tokens": 9, "completion_tokens": 8, "total_tokens": 17}
TIME_INFO = {"queue_time": 0.0001, "prompt_time": 0.001, "completion_time": 0.004, "total_time": 0.006}


def event(*choices: Dict[str, Any], **top: Any) -> bytes:
    return b"data: " + json.dumps({**FRAME, "choices": list(choices), **top}).encode() + b"\n\n"


HELLO = [
    event({"index": 0, "delta": {"role": "assistant"}}),
    event({"index": 0, "delta": {"content": "Hel"}}),
    event({"index": 0, "delta": {"content": "lo!"}}),
    event({"index": 0, "delta": {}, "finish_reason": "stop"}, usage=USAGE, time_info=TIME_INFO),
]
HELLO_COMPLETION: Dict[str, Any] = {
    **FRAME,
    "object": "chat.completion",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello!"}}],
    "usage": USAGE,
    "time_info": TIME_INFO,
}


def sse_or_json(events: List[bytes], completion: Optional[Dict[str, Any]] = None) -> FakeApi:
    """Serves one SSE body to streaming requests and `completion` to the others."""
    body = b"".join(events) + b"data: [DONE]\n\n"
    headers = {"x-request-id": "req_s1", "x-ratelimit-remaining-tokens-minute": "99"}

    def answer(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content).get("stream"):
            return httpx.Response(
                200, stream=httpx.ByteStream(body), headers={**headers, "content-type": "text/event-stream"}
            )
        return httpx.Response(200, json=completion, headers=headers)

    return FakeApi(then=answer)


# --------------------------------------------------------------------------- sync


def test_text_stream_and_final_completion(make_client: Callable[..., Cerebras]) -> None:
    api = sse_or_json(HELLO, HELLO_COMPLETION)
    client = make_client(api)
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES, temperature=0.2) as stream:
        assert list(stream.text_stream) == ["Hel", "lo!"]
        completion = stream.get_final_completion()
    assert isinstance(completion, ChatCompletionResponse)
    plain = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert completion.to_dict() == plain.to_dict()
    assert completion._request_id == "req_s1"
    sent = json.loads(api.requests[0].content)
    assert sent == {"messages": MESSAGES, "model": "llama3.1-8b", "stream": True, "temperature": 0.2}


def test_events_in_order(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(sse_or_json(HELLO))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        events = list(stream)
    assert [e.type for e in events] == [
        "chunk",
        "chunk",
        "content.delta",
        "chunk",
        "content.delta",
        "chunk",
        "content.done",
    ]
    assert all(isinstance(e, ChunkEvent) for e in events if e.type == "chunk")
    deltas = [e for e in events if isinstance(e, ContentDeltaEvent)]
    assert [(d.delta, d.snapshot) for d in deltas] == [("Hel", "Hel"), ("lo!", "Hello!")]
    assert events[-1] == ContentDoneEvent(choice_index=0, content="Hello!")


def test_get_final_text_and_snapshot(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(sse_or_json(HELLO))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        first = [next(stream) for _ in range(3)]
        assert first[-1].type == "content.delta"
        assert stream.current_completion_snapshot.choices[0].message.content == "Hel"
        assert stream.get_final_text() == "Hello!"
        assert stream.get_final_text() == "Hello!"  # idempotent once read
        assert stream.request_id == "req_s1"
        assert stream.rate_limits.remaining_tokens_minute == 99


TOOL_CALL = [
    event({"index": 0, "delta": {"role": "assistant"}}),
    event(
        {
            "index": 0,
            "delta": {
                "tool_calls": [
                    {"index": 0, "id": "call_1", "type": "function", "function": {"name": "weather", "arguments": ""}}
                ]
            },
        }
    ),
    event({"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": '{"city": '}}]}}),
    event({"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": '"Oslo"}'}}]}}),
    event({"index": 0, "delta": {}, "finish_reason": "tool_calls"}, usage=USAGE),
]


def test_tool_calls_through_the_helper(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(sse_or_json(TOOL_CALL))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        events = list(stream)
        completion = stream.get_final_completion()
    arguments = [e for e in events if e.type == "tool_call.arguments.delta"]
    assert [(a.arguments_delta, a.arguments) for a in arguments] == [
        ('{"city": ', '{"city": '),
        ('"Oslo"}', '{"city": "Oslo"}'),
    ]
    done = [e for e in events if isinstance(e, ToolCallDoneEvent)]
    assert done == [
        ToolCallDoneEvent(choice_index=0, index=0, id="call_1", name="weather", arguments='{"city": "Oslo"}')
    ]
    assert completion.choices[0].finish_reason == "tool_calls"
    as_dict: Dict[str, Any] = completion.to_dict()
    assert as_dict["choices"][0]["message"] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": '{"city": "Oslo"}'}}
        ],
    }


def test_the_request_waits_for_the_with_block(make_client: Callable[..., Cerebras]) -> None:
    api = sse_or_json(HELLO)
    client = make_client(api)
    manager = client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES)
    assert isinstance(manager, ChatCompletionStreamManager)
    assert api.requests == []
    with manager as stream:
        assert len(api.requests) == 1
        assert stream.response is api.responses[0]


def test_leaving_early_closes_the_response(make_client: Callable[..., Cerebras]) -> None:
    api = sse_or_json(HELLO)
    client = make_client(api)
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        for text in stream.text_stream:
            assert text == "Hel"
            break
        assert not api.responses[0].is_closed
    assert api.responses[0].is_closed
    assert stream.elapsed is None  # the stream never ended


@pytest.mark.parametrize("read", [0, 1, 3])
def test_final_results_after_the_block_of_an_unfinished_stream_raise(
    make_client: Callable[..., Cerebras], read: int
) -> None:
    # Leaving the block closed the stream before its end: the final completion would be partial.
    client = make_client(sse_or_json(HELLO))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        events = iter(stream)
        for _ in range(read):
            next(events)
    with pytest.raises(StreamClosedError, match="closed before its end"):
        stream.get_final_completion()
    with pytest.raises(StreamClosedError):
        stream.get_final_text()
    with pytest.raises(StreamClosedError):
        list(stream)
    assert stream.elapsed is None
    partial = [choice.message.content for choice in stream.current_completion_snapshot.choices]
    assert partial in ([], [None], ["Hel"])  # what arrived, explicitly partial


def test_final_results_after_the_block_of_a_finished_stream_are_whole(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(sse_or_json(HELLO))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        assert "".join(stream.text_stream) == "Hello!"
    assert stream.get_final_text() == "Hello!"
    completion = stream.get_final_completion()
    assert completion.choices[0].message.content == "Hello!"
    assert completion.usage is not None
    assert list(stream) == []


def test_break_then_final_completion_inside_the_block_is_whole(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(sse_or_json(HELLO))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        for text in stream.text_stream:
            assert text == "Hel"
            break
        assert stream.get_final_text() == "Hello!"
    assert stream.get_final_completion().choices[0].message.content == "Hello!"


def test_after_an_in_stream_error_the_final_completion_is_refused(make_client: Callable[..., Cerebras]) -> None:
    broken = [HELLO[1], b'data: {"error": {"message": "overloaded"}, "status_code": 400}\n\n']
    client = make_client(sse_or_json(broken))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        with pytest.raises(BadRequestError):
            stream.get_final_completion()
        with pytest.raises(StreamClosedError, match="BadRequestError"):
            stream.get_final_text()


@pytest.mark.parametrize("read", [0, 1])
async def test_async_final_results_after_the_block_of_an_unfinished_stream_raise(
    make_async_client: Callable[..., AsyncCerebras], read: int
) -> None:
    client = make_async_client(sse_or_json(HELLO))
    async with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        for _ in range(read):
            await stream.__anext__()
    with pytest.raises(StreamClosedError, match="closed before its end"):
        await stream.get_final_completion()
    with pytest.raises(StreamClosedError):
        await stream.get_final_text()
    with pytest.raises(StreamClosedError):
        [e async for e in stream]
    async with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        async for text in stream.text_stream:
            assert text == "Hel"
            break
        assert await stream.get_final_text() == "Hello!"
    completion = await stream.get_final_completion()
    assert completion.choices[0].message.content == "Hello!"
    await client.close()


def test_a_dropped_helper_is_freed_without_a_garbage_collection(make_client: Callable[..., Cerebras]) -> None:
    # No reference cycle: dropping a half-read helper frees it (and releases the connection)
    # at once, never inside a later collection that could run while the pool holds its lock.
    api = sse_or_json(HELLO)
    client = make_client(api)
    gc.disable()
    try:
        manager = client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES)
        stream = manager.__enter__()
        next(iter(stream))
        alive = weakref.ref(stream)
        del manager, stream
        assert alive() is None
        assert api.responses[0].is_closed
    finally:
        gc.enable()


def test_an_error_inside_the_block_still_closes(make_client: Callable[..., Cerebras]) -> None:
    api = sse_or_json(HELLO)
    client = make_client(api)
    with pytest.raises(RuntimeError, match="boom"), client.chat.completions.stream(model="m", messages=MESSAGES):
        raise RuntimeError("boom")
    assert api.responses[0].is_closed


def test_in_stream_errors_raise_from_iteration(make_client: Callable[..., Cerebras]) -> None:
    broken = [HELLO[1], b'data: {"error": {"message": "overloaded"}, "status_code": 400}\n\n']
    api = sse_or_json(broken)
    client = make_client(api)
    with (
        pytest.raises(BadRequestError, match="overloaded"),
        client.chat.completions.stream(model="m", messages=MESSAGES) as stream,
    ):
        stream.get_final_completion()
    assert api.responses[0].is_closed


def test_http_errors_raise_on_entry(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(lambda _request: httpx.Response(400, json={"message": "bad model"}))
    manager = client.chat.completions.stream(model="nope", messages=MESSAGES)
    with pytest.raises(BadRequestError), manager:
        pytest.fail("the block must not run")


class FakeClock:
    """`_stream._clock` replacement: returns the given readings in order."""

    def __init__(self, *readings: float) -> None:
        self.readings: Iterator[float] = iter(readings)

    def __call__(self) -> float:
        return next(self.readings)


def test_timings(make_client: Callable[..., Cerebras], monkeypatch: pytest.MonkeyPatch) -> None:
    # readings: request start, first generated text, end of stream
    monkeypatch.setattr(_stream, "_clock", FakeClock(100.0, 100.25, 102.0))
    client = make_client(sse_or_json(HELLO))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        assert (stream.time_to_first_token, stream.tokens_per_second) == (None, None)
        stream.get_final_completion()
    assert stream.time_to_first_token == 0.25
    assert stream.elapsed == 2.0
    assert stream.tokens_per_second == 4.0  # usage.completion_tokens (8) over 2 s


def test_tokens_per_second_without_usage_counts_text_chunks(
    make_client: Callable[..., Cerebras], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_stream, "_clock", FakeClock(0.0, 0.5, 1.0))
    no_usage = [HELLO[0], HELLO[1], HELLO[2], event({"index": 0, "delta": {}, "finish_reason": "stop"})]
    client = make_client(sse_or_json(no_usage))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        stream.until_done()
    assert stream.tokens_per_second == 2.0  # two chunks carried text, over 1 s


# --------------------------------------------------------------------------- async


async def test_async_helper(make_async_client: Callable[..., AsyncCerebras]) -> None:
    api = sse_or_json(HELLO, HELLO_COMPLETION)
    client = make_async_client(api)
    manager = client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES)
    assert isinstance(manager, AsyncChatCompletionStreamManager)
    assert api.requests == []
    async with manager as stream:
        assert [text async for text in stream.text_stream] == ["Hel", "lo!"]
        completion = await stream.get_final_completion()
        assert await stream.get_final_text() == "Hello!"
    plain = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert completion.to_dict() == plain.to_dict()
    assert completion._request_id == "req_s1"
    assert api.responses[0].is_closed
    assert stream.time_to_first_token is not None
    assert stream.elapsed is not None
    assert 0 <= stream.time_to_first_token <= stream.elapsed
    await client.close()


async def test_async_events_and_early_exit(make_async_client: Callable[..., AsyncCerebras]) -> None:
    api = sse_or_json(TOOL_CALL)
    client = make_async_client(api)
    async with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        kinds = [e.type async for e in stream]
        assert kinds[-1] == "tool_call.done"
    async with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        async for event in stream:
            if event.type == "tool_call.arguments.delta":
                break
        assert not api.responses[1].is_closed
    assert api.responses[1].is_closed
    await client.close()


def test_an_async_manager_that_is_never_entered_sends_nothing(
    make_async_client: Callable[..., AsyncCerebras],
) -> None:
    api = sse_or_json(HELLO)
    client = make_async_client(api)
    client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES)  # no coroutine left unawaited
    assert api.requests == []


# --------------------------------------------------------------------------- against the emulator


@pytest.fixture(scope="module")
def emulator() -> Iterator[LocalServer]:
    with LocalServer() as server:
        yield server


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
REQUESTS: List[Dict[str, Any]] = [
    {"max_completion_tokens": 40},
    {"n": 3, "max_completion_tokens": 12},
    {"tools": [WEATHER_TOOL]},
    {"response_format": {"type": "json_object"}},
    {"max_completion_tokens": 5, "stop": ["."]},
]


def comparable(completion: ChatCompletionResponse) -> Dict[str, object]:
    """`to_dict()` minus what differs between two requests: the id and the timestamps."""
    data = completion.to_dict()
    data.pop("id")
    data.pop("created")
    time_info: Any = data.get("time_info")
    time_info.pop("created")
    return data


@pytest.mark.parametrize("params", REQUESTS)
def test_the_emulator_streams_what_it_answers(emulator: LocalServer, params: Dict[str, Any]) -> None:
    with emulator.client(max_retries=0) as client:
        plain = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, **params)
        assert isinstance(plain, ChatCompletionResponse)
        with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES, **params) as stream:
            streamed = stream.get_final_completion()
    assert comparable(streamed) == comparable(plain)
    assert streamed.usage is not None
    assert streamed.time_info is not None
    assert streamed._request_id is not None
    assert streamed._request_id.startswith("req_")


@pytest.mark.parametrize("params", REQUESTS[:3])
async def test_the_emulator_streams_what_it_answers_async(emulator: LocalServer, params: Dict[str, Any]) -> None:
    async with emulator.async_client(max_retries=0) as client:
        plain = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, **params)
        assert isinstance(plain, ChatCompletionResponse)
        async with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES, **params) as stream:
            streamed = await stream.get_final_completion()
    assert comparable(streamed) == comparable(plain)


def test_timings_against_a_paced_emulator() -> None:
    with LocalServer(tokens_per_second=400) as server, server.client() as client:
        with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES, max_completion_tokens=20) as stream:
            completion = stream.get_final_completion()
        assert completion.usage is not None
        assert completion.usage.completion_tokens == 20
        ttft, elapsed, speed = stream.time_to_first_token, stream.elapsed, stream.tokens_per_second
        assert ttft is not None
        assert elapsed is not None
        assert speed is not None
        assert 0 < ttft < elapsed
        # 20 tokens at 400 tokens/s take 50 ms; the emulator writes each event up to half of
        # its 20 ms tick early (it batches what is due within the next half tick).
        assert elapsed >= 20 / 400 - 0.01
        assert speed == pytest.approx(20 / elapsed)
        # The same early write bounds the measured speed: 20 tokens in no less than 40 ms.
        assert speed <= 20 / (20 / 400 - 0.01)


def test_the_async_helper_on_trio(emulator: LocalServer) -> None:
    import trio

    outcomes: Dict[str, Any] = {}

    async def main() -> None:
        async with emulator.async_client() as client:
            request: Dict[str, Any] = {"model": "llama3.1-8b", "messages": MESSAGES, "max_completion_tokens": 10}
            async with client.chat.completions.stream(**request) as stream:
                outcomes["text"] = [piece async for piece in stream.text_stream]
                outcomes["final"] = await stream.get_final_completion()
            outcomes["closed"] = stream.response.is_closed

    trio.run(main)
    assert outcomes["closed"] is True
    assert "".join(outcomes["text"]) == outcomes["final"].choices[0].message.content
    assert outcomes["final"].choices[0].finish_reason == "length"
    assert outcomes["final"].usage.completion_tokens == 10


def test_breaking_out_of_async_iterations_on_trio_leaves_nothing_to_finalize(
    make_async_client: Callable[..., AsyncCerebras],
) -> None:
    # The async stream, its `text()`, the helper and its `text_stream` are iterator objects, not
    # async generators: a `break` leaves nothing that trio would report as abandoned.
    import anyio

    async def main() -> None:
        client = make_async_client(sse_or_json(HELLO))
        raw = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
        async for _ in raw:
            break
        async for piece in raw.text():
            assert piece == "Hel"
            break
        assert [piece async for piece in raw.text()] == ["lo!"]
        async with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
            async for _ in stream:
                break
            async for piece in stream.text_stream:
                assert piece == "Hel"
                break
            assert await stream.get_final_text() == "Hello!"
        await client.close()

    anyio.run(main, backend="trio")


async def test_a_dropped_async_helper_is_freed_without_a_garbage_collection(
    make_async_client: Callable[..., AsyncCerebras],
) -> None:
    api = sse_or_json(HELLO)
    client = make_async_client(api)
    gc.disable()
    try:
        manager = client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES)
        stream = await manager.__aenter__()
        await stream.__anext__()
        alive = weakref.ref(stream)
        del manager, stream
        assert alive() is None
    finally:
        gc.enable()
    await client.close()
