"""`.with_streaming_response` (lazy, unread, always closed) and `.with_raw_response` + `stream=True`."""

from __future__ import annotations

import json
from typing import Any, Callable, List, Optional, Tuple

import pytest

from _support import CHAT_COMPLETION, COMPLETION, FakeApi, chat_chunk, split_json, sse_event
from cerebras.cloud.sdk import AsyncStream, BadRequestError, BaseModel, Stream
from cerebras.cloud.sdk._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncResponseContextManager,
    ResponseContextManager,
)
from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse

__all__: List[str] = []

MESSAGES: Any = [{"role": "user", "content": "Name a prime."}]

CHAT_JSON = CHAT_COMPLETION
COMPLETION_JSON = COMPLETION
MODEL_JSON = {"id": "llama3.1-8b", "object": "model", "created": 1721692800, "owned_by": "Cerebras"}
LIST_JSON = {"object": "list", "data": [MODEL_JSON]}


SSE = [sse_event(chat_chunk("Se")), sse_event(chat_chunk("ven")), b"data: [DONE]\n\n"]


Entry = Tuple[str, Callable[[Any], Any], object]

ENTRIES: List[Entry] = [
    (
        "client.with_streaming_response.chat.completions",
        lambda c: c.with_streaming_response.chat.completions.create(model="m", messages=MESSAGES),
        CHAT_JSON,
    ),
    (
        "client.chat.with_streaming_response.completions",
        lambda c: c.chat.with_streaming_response.completions.create(model="m", messages=MESSAGES),
        CHAT_JSON,
    ),
    (
        "client.chat.completions.with_streaming_response",
        lambda c: c.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES),
        CHAT_JSON,
    ),
    (
        "client.with_streaming_response.completions",
        lambda c: c.with_streaming_response.completions.create(model="m", prompt="Roses are red,"),
        COMPLETION_JSON,
    ),
    (
        "client.completions.with_streaming_response",
        lambda c: c.completions.with_streaming_response.create(model="m", prompt="Roses are red,"),
        COMPLETION_JSON,
    ),
    ("client.with_streaming_response.models.list", lambda c: c.with_streaming_response.models.list(), LIST_JSON),
    ("client.models.with_streaming_response.list", lambda c: c.models.with_streaming_response.list(), LIST_JSON),
    (
        "client.with_streaming_response.models.retrieve",
        lambda c: c.with_streaming_response.models.retrieve("llama3.1-8b"),
        MODEL_JSON,
    ),
    (
        "client.models.with_streaming_response.retrieve",
        lambda c: c.models.with_streaming_response.retrieve("llama3.1-8b"),
        MODEL_JSON,
    ),
]
ENTRY_IDS = [entry[0] for entry in ENTRIES]


# --------------------------------------------------------------------------- with_streaming_response


@pytest.mark.parametrize("entry", ENTRIES, ids=ENTRY_IDS)
def test_streaming_response_is_lazy_unread_and_closed(make_client: Any, entry: Entry) -> None:
    _, call, data = entry
    api = FakeApi(split_json(data))
    manager = call(make_client(api))
    assert isinstance(manager, ResponseContextManager)
    assert api.requests == []
    with manager as response:
        assert isinstance(response, APIResponse)
        assert len(api.requests) == 1
        assert api.requests[0].headers["X-Stainless-Raw-Response"] == "stream"
        assert api.body.pulled == 0
        assert not response.is_closed
        parsed = response.parse()
        assert api.body.pulled == 2
        assert parsed.to_dict(mode="json") == data
        assert response.parse() is parsed
    assert api.body.closed


@pytest.mark.parametrize("entry", ENTRIES, ids=ENTRY_IDS)
async def test_streaming_response_is_lazy_unread_and_closed_async(make_async_client: Any, entry: Entry) -> None:
    _, call, data = entry
    api = FakeApi(split_json(data))
    manager = call(make_async_client(api))
    assert isinstance(manager, AsyncResponseContextManager)
    assert api.requests == []
    async with manager as response:
        assert isinstance(response, AsyncAPIResponse)
        assert len(api.requests) == 1
        assert api.requests[0].headers["X-Stainless-Raw-Response"] == "stream"
        assert api.body.pulled == 0
        assert not response.is_closed
        parsed = await response.parse()
        assert api.body.pulled == 2
        assert parsed.to_dict(mode="json") == data
    assert api.body.closed


READERS = ["read", "text", "json", "iter_bytes", "iter_text", "iter_lines"]


def expected_read(reader: str, raw: bytes) -> object:
    return {
        "read": raw,
        "text": raw.decode(),
        "json": json.loads(raw),
        "iter_bytes": raw,
        "iter_text": raw.decode(),
        "iter_lines": raw.decode(),
    }[reader]


@pytest.mark.parametrize("reader", READERS)
def test_the_body_is_read_on_demand(make_client: Any, reader: str) -> None:
    api = FakeApi(split_json(CHAT_JSON))
    with make_client(api).chat.completions.with_streaming_response.create(model="m", messages=MESSAGES) as response:
        assert api.body.pulled == 0
        result = getattr(response, reader)()
        if reader.startswith("iter_"):
            assert api.body.pulled == 0  # still lazy until iterated
            pieces = list(result)
            result = (b"" if reader == "iter_bytes" else "").join(pieces)
        assert api.body.pulled == 2
    assert result == expected_read(reader, b"".join(api.body.chunks))
    assert api.body.closed


@pytest.mark.parametrize("reader", READERS)
async def test_the_body_is_read_on_demand_async(make_async_client: Any, reader: str) -> None:
    api = FakeApi(split_json(CHAT_JSON))
    client = make_async_client(api)
    async with client.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES) as response:
        assert api.body.pulled == 0
        if reader.startswith("iter_"):
            pieces = [piece async for piece in getattr(response, reader)()]
            result: object = (b"" if reader == "iter_bytes" else "").join(pieces)
        else:
            result = await getattr(response, reader)()
        assert api.body.pulled == 2
    assert result == expected_read(reader, b"".join(api.body.chunks))
    assert api.body.closed


def test_closed_on_exit_even_on_exceptions(make_client: Any) -> None:
    api = FakeApi(split_json(CHAT_JSON))
    manager = make_client(api).chat.completions.with_streaming_response.create(model="m", messages=MESSAGES)
    with pytest.raises(RuntimeError, match="user code failed"), manager:
        raise RuntimeError("user code failed")
    assert api.body.closed
    assert api.body.pulled == 0


async def test_closed_on_exit_even_on_exceptions_async(make_async_client: Any) -> None:
    api = FakeApi(split_json(CHAT_JSON))
    client = make_async_client(api)
    with pytest.raises(RuntimeError, match="user code failed"):
        async with client.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES):
            raise RuntimeError("user code failed")
    assert api.body.closed
    assert api.body.pulled == 0


def test_an_error_status_is_raised_on_enter(make_client: Any, sleeps: Any) -> None:
    api = FakeApi(split_json({"error": {"message": "bad"}, "status_code": 400}, status=400))
    manager = make_client(api).chat.completions.with_streaming_response.create(model="m", messages=MESSAGES)
    with pytest.raises(BadRequestError), manager:
        pytest.fail("the block must not run")
    assert len(api.requests) == 1
    assert sleeps.delays == []
    assert api.body.closed


async def test_an_error_status_is_raised_on_enter_async(make_async_client: Any) -> None:
    api = FakeApi(split_json({"error": {"message": "bad"}, "status_code": 400}, status=400))
    manager = make_async_client(api).chat.completions.with_streaming_response.create(model="m", messages=MESSAGES)
    with pytest.raises(BadRequestError):
        async with manager:
            pytest.fail("the block must not run")
    assert api.body.closed


def test_streaming_response_of_a_stream(make_client: Any) -> None:
    api = FakeApi(SSE)
    client = make_client(api)
    with client.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES, stream=True) as response:
        assert api.body.pulled == 0
        stream = response.parse()
        assert isinstance(stream, Stream)
        assert [chunk.choices[0].delta.content for chunk in stream] == ["Se", "ven"]
    assert api.body.closed


async def test_streaming_response_of_a_stream_async(make_async_client: Any) -> None:
    api = FakeApi(SSE)
    client = make_async_client(api)
    async with client.chat.completions.with_streaming_response.create(
        model="m", messages=MESSAGES, stream=True
    ) as response:
        assert api.body.pulled == 0
        stream = await response.parse()
        assert isinstance(stream, AsyncStream)
        assert [chunk.choices[0].delta.content async for chunk in stream] == ["Se", "ven"]
    assert api.body.closed


# --------------------------------------------------------------------------- with_raw_response + stream=True

RAW_STREAM_CALLS: List[Tuple[str, Callable[[Any], Any]]] = [
    (
        "chat.completions",
        lambda c: c.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True),
    ),
    ("chat", lambda c: c.chat.with_raw_response.completions.create(model="m", messages=MESSAGES, stream=True)),
    ("client", lambda c: c.with_raw_response.chat.completions.create(model="m", messages=MESSAGES, stream=True)),
    ("completions", lambda c: c.completions.with_raw_response.create(model="m", prompt="p", stream=True)),
]


@pytest.mark.parametrize("call", [c[1] for c in RAW_STREAM_CALLS], ids=[c[0] for c in RAW_STREAM_CALLS])
def test_raw_response_of_a_stream_is_unread_and_parses_to_the_stream(make_client: Any, call: Any) -> None:
    api = FakeApi(SSE)
    response = call(make_client(api))
    assert isinstance(response, APIResponse)
    assert api.requests[0].headers["X-Stainless-Raw-Response"] == "raw"
    assert api.body.pulled == 0
    assert not response.is_closed
    stream = response.parse()
    assert isinstance(stream, Stream)
    assert response.parse() is stream
    assert len(list(stream)) == 2
    assert api.body.closed


@pytest.mark.parametrize("call", [c[1] for c in RAW_STREAM_CALLS], ids=[c[0] for c in RAW_STREAM_CALLS])
async def test_raw_response_of_a_stream_is_unread_and_parses_to_the_stream_async(
    make_async_client: Any, call: Any
) -> None:
    api = FakeApi(SSE)
    response = await call(make_async_client(api))
    assert isinstance(response, AsyncAPIResponse)
    assert api.requests[0].headers["X-Stainless-Raw-Response"] == "raw"
    assert api.body.pulled == 0
    assert not response.is_closed
    stream = await response.parse()
    assert isinstance(stream, AsyncStream)
    assert await response.parse() is stream
    assert len([chunk async for chunk in stream]) == 2
    assert api.body.closed


def test_raw_response_without_stream_is_read_eagerly(make_client: Any) -> None:
    api = FakeApi(split_json(CHAT_JSON))
    response = make_client(api).chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    assert api.body.pulled == 2
    assert response.is_closed


class MyChunk(BaseModel):
    id: str
    choices: List[Any]
    extra_note: Optional[str] = None


def test_parse_to_a_custom_stream_type(make_client: Any) -> None:
    api = FakeApi(SSE)
    response = make_client(api).chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)
    stream = response.parse(to=Stream[MyChunk])
    assert isinstance(stream, Stream)
    items = list(stream)
    assert [type(item) for item in items] == [MyChunk, MyChunk]
    assert items[0].choices[0]["delta"] == {"content": "Se"}


async def test_parse_to_a_custom_stream_type_async(make_async_client: Any) -> None:
    api = FakeApi(SSE)
    client = make_async_client(api)
    response = await client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)
    stream = await response.parse(to=AsyncStream[MyChunk])
    assert [type(item) async for item in stream] == [MyChunk, MyChunk]


BAD_TARGETS = [dict, MyChunk, Stream, AsyncStream[MyChunk]]


@pytest.mark.parametrize("to", BAD_TARGETS, ids=repr)
def test_parse_of_a_stream_to_a_non_stream_type_is_a_type_error(make_client: Any, to: Any) -> None:
    api = FakeApi(SSE)
    response = make_client(api).chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)
    with pytest.raises(TypeError, match="Expected `to`"):
        response.parse(to=to)
    assert api.body.pulled == 0
    response.close()
    assert api.body.closed


@pytest.mark.parametrize("to", [dict, MyChunk, AsyncStream, Stream[MyChunk]], ids=repr)
async def test_parse_of_a_stream_to_a_non_stream_type_is_a_type_error_async(make_async_client: Any, to: Any) -> None:
    api = FakeApi(SSE)
    client = make_async_client(api)
    response = await client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)
    with pytest.raises(TypeError, match="Expected `to`"):
        await response.parse(to=to)
    await response.close()
    assert api.body.closed


def test_the_default_stream_items_are_chat_chunks(make_client: Any) -> None:
    api = FakeApi(SSE)
    response = make_client(api).chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True)
    assert [type(item) for item in response.parse()] == [ChatChunkResponse, ChatChunkResponse]
