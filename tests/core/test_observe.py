"""The instrumentation seam (`_observe`): what an installed observer is told, and when.

A recording observer stands in for a tracing library: these tests pin the protocol the core
keeps (order of the calls, a single end per call, every way a stream can end), with no
OpenTelemetry involved.
"""

from __future__ import annotations

import gc
import json
from typing import Any, Iterator, List, Optional, Tuple

import httpx
import pytest

from _support import FakeApi, Handler, async_client, reply, sync_client
from cerebras.cloud.sdk import (
    APIConnectionError,
    APIStatusError,
    AsyncCerebras,
    Cerebras,
    InternalServerError,
    _observe,
)
from cerebras.cloud.sdk._request import FinalRequestOptions
from cerebras.cloud.sdk.testing import set_testing
from cerebras.cloud.sdk.types.chat.completion_create_params import Message

COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "llama3.1-8b",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "7"}}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}


def chunk(i: int, **extra: Any) -> bytes:
    body = {
        "id": "chatcmpl-s",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "llama3.1-8b",
        "choices": [{"index": 0, "delta": {"content": f"t{i}"}}],
        **extra,
    }
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def sse(n: int) -> bytes:
    return b"".join(chunk(i) for i in range(n)) + b"data: [DONE]\n\n"


class Recorder:
    """A `CallObserver` that writes down every call it gets."""

    def __init__(self) -> None:
        self.calls: List[Tuple[str, Any]] = []

    def on_retry(
        self, retries_taken: int, delay: float, status_code: Optional[int], error: Optional[BaseException]
    ) -> None:
        self.calls.append(("retry", (retries_taken, status_code, type(error).__name__ if error else None)))

    def on_response(self, response: httpx.Response, retries_taken: int) -> None:
        self.calls.append(("response", (response.status_code, retries_taken)))

    def on_result(self, result: object) -> None:
        self.calls.append(("result", type(result).__name__))

    def on_chunk(self, item: object) -> None:
        self.calls.append(("chunk", getattr(item, "id", None)))

    def on_end(self, error: Optional[BaseException]) -> None:
        self.calls.append(("end", type(error).__name__ if error is not None else None))

    def names(self) -> List[str]:
        return [name for name, _ in self.calls]


class Installed:
    def __init__(self) -> None:
        self.observers: List[Recorder] = []
        self.seen: List[Tuple[str, bool]] = []

    def __call__(self, client: Any, options: FinalRequestOptions, stream: bool) -> Optional[Recorder]:
        self.seen.append((options.url, stream))
        if not options.url.endswith("completions"):
            return None
        observer = Recorder()
        self.observers.append(observer)
        return observer

    @property
    def last(self) -> Recorder:
        return self.observers[-1]


@pytest.fixture
def installed() -> Iterator[Installed]:
    factory = Installed()
    previous = _observe.set_observer_factory(factory)
    assert previous is None
    try:
        yield factory
    finally:
        assert _observe.set_observer_factory(None) is factory


def make_sync(handler: Handler, **kwargs: Any) -> Cerebras:
    kwargs.setdefault("max_retries", 0)
    return sync_client(handler, **kwargs)


def make_async(handler: Handler, **kwargs: Any) -> AsyncCerebras:
    kwargs.setdefault("max_retries", 0)
    return async_client(handler, **kwargs)


ok = reply(200, COMPLETION)


def streaming(n: int) -> Handler:
    return reply(200, content=sse(n), content_type="text/event-stream")


MESSAGES: List[Message] = [{"role": "user", "content": "hi"}]


def test_no_factory_means_no_observer() -> None:
    assert _observe.get_observer_factory() is None
    with make_sync(ok) as client:
        assert client.chat.completions.create(model="m", messages=MESSAGES).id == "chatcmpl-1"


def test_a_plain_call_is_told_response_then_result(installed: Installed) -> None:
    with make_sync(ok) as client:
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert installed.seen == [("/v1/chat/completions", False)]
    assert installed.last.calls == [("response", (200, 0)), ("result", "ChatCompletionResponse")]


def test_the_factory_may_decline_a_call(installed: Installed) -> None:
    with make_sync(reply(200, {"object": "list", "data": []})) as client:
        client.models.list()
    assert installed.seen == [("/v1/models", False)]
    assert installed.observers == []


def test_retries_are_reported_with_status_or_error(installed: Installed) -> None:
    server = FakeApi(reply(503, {"message": "busy"}), httpx.ConnectError("refused"), reply(200, COMPLETION), once=True)
    delays: List[float] = []
    with set_testing(on_wait=delays.append), make_sync(server, max_retries=2) as client:
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert len(delays) == 2
    assert installed.last.calls == [
        ("retry", (0, 503, None)),
        ("retry", (1, None, "ConnectError")),
        ("response", (200, 2)),
        ("result", "ChatCompletionResponse"),
    ]


def test_a_failed_call_ends_with_its_error(installed: Installed) -> None:
    with make_sync(reply(500, {"message": "boom"})) as client, pytest.raises(InternalServerError):
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert installed.last.calls == [("end", "InternalServerError")]


def test_a_connection_failure_ends_with_its_error(installed: Installed) -> None:
    with make_sync(FakeApi(httpx.ConnectError("refused"))) as client, pytest.raises(APIConnectionError):
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert installed.last.calls == [("end", "APIConnectionError")]


def test_a_stream_reports_each_chunk_and_ends_once_exhausted(installed: Installed) -> None:
    with make_sync(streaming(3)) as client:
        stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        assert installed.last.names() == ["response"]  # not ended when the call returns
        items = list(stream)
        assert len(items) == 3
        assert installed.last.names() == ["response", "chunk", "chunk", "chunk", "end"]
        stream.close()
    assert installed.last.names().count("end") == 2  # told again; an observer acts on the first
    assert installed.last.calls[4] == ("end", None)


def test_breaking_out_of_a_stream_leaves_it_going_until_it_ends_or_is_dropped(installed: Installed) -> None:
    # `break` leaves a stream where it was (the next loop resumes it), so it has not ended yet.
    with make_sync(streaming(5)) as client:
        stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        for _ in stream:
            break
        assert installed.last.names() == ["response", "chunk"]
        assert len(list(stream)) == 4
        assert installed.last.names() == ["response", *["chunk"] * 5, "end"]
        dropped = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        for _ in dropped:
            break
        del dropped
        assert installed.last.names()[:3] == ["response", "chunk", "end"]  # (told again: acts on the first)


def test_a_stream_never_iterated_ends_when_collected(installed: Installed) -> None:
    with make_sync(streaming(2)) as client:
        stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        assert installed.last.names() == ["response"]
        del stream
        gc.collect()
        assert installed.last.calls[-1] == ("end", None)


def test_a_stream_left_half_read_ends_when_collected(installed: Installed) -> None:
    with make_sync(streaming(4)) as client:
        stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        next(stream)
        del stream
        gc.collect()
        assert installed.last.names()[:3] == ["response", "chunk", "end"]


def test_a_stream_failing_midway_ends_with_the_error(installed: Installed) -> None:
    body = chunk(0) + b'data: {"error": {"message": "overloaded", "type": "server_error"}, "status_code": 500}\n\n'
    with make_sync(reply(200, content=body, content_type="text/event-stream")) as client:
        stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        with pytest.raises(APIStatusError):
            list(stream)
    names = installed.last.names()
    assert names[:2] == ["response", "chunk"]
    assert installed.last.calls[2][0] == "end"
    assert installed.last.calls[2][1] is not None


def test_raw_responses_end_when_returned(installed: Installed) -> None:
    with make_sync(ok) as client:
        raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
        assert raw.parse().id == "chatcmpl-1"
    assert installed.last.calls == [("response", (200, 0)), ("result", "APIResponse")]


async def test_async_stream_break_and_exhaustion(installed: Installed) -> None:
    async with make_async(streaming(3)) as client:
        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        assert [item.id async for item in stream] == ["chatcmpl-s"] * 3
        assert installed.last.names() == ["response", "chunk", "chunk", "chunk", "end"]

        stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
        async for _ in stream:
            break
        await stream.close()
        assert installed.last.names()[:3] == ["response", "chunk", "end"]


async def test_async_plain_call_and_failure(installed: Installed) -> None:
    async with make_async(ok) as client:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert installed.last.calls == [("response", (200, 0)), ("result", "ChatCompletionResponse")]

    async with make_async(reply(400, {"message": "bad"})) as client:
        with pytest.raises(APIStatusError):
            await client.completions.create(model="m", prompt="x")
    assert installed.last.calls == [("end", "BadRequestError")]
