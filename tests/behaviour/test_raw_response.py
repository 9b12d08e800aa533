"""`.with_raw_response` on the client, `client.chat` and every resource, for both clients."""

from __future__ import annotations

import datetime
from typing import Any, Dict, List

import httpx
import pytest

from _support import CHAT_COMPLETION, CHUNK_SSE, COMPLETION, Driver, FakeApi, reply, resolve
from cerebras.cloud.sdk import APIResponse, AsyncAPIResponse, AsyncStream, BaseModel, Stream
from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse, ChatCompletionResponse
from cerebras.cloud.sdk.types.completion import CompletionResponse
from cerebras.cloud.sdk.types.model_list_response import ModelMetadataList
from cerebras.cloud.sdk.types.model_retrieve_response import ModelMetadata

LISTING = {"object": "list", "data": [{"id": "a"}]}
MODEL = {"id": "a", "object": "model", "created": 1, "owned_by": "o"}
MESSAGES = [{"role": "user", "content": "hi"}]


def chat_via(client: Any, entry: str) -> Any:
    return {
        "client": lambda: client.with_raw_response.chat.completions.create(model="m", messages=MESSAGES),
        "chat": lambda: client.chat.with_raw_response.completions.create(model="m", messages=MESSAGES),
        "resource": lambda: client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES),
    }[entry]()


@pytest.mark.parametrize("entry", ["client", "chat", "resource"])
async def test_chat_raw_response_entry_points(api: Driver, entry: str) -> None:
    server = FakeApi(reply(200, CHAT_COMPLETION, headers={"x-request-id": "req_1"}))
    client = api.client(server)
    raw = await resolve(chat_via(client, entry))
    assert isinstance(raw, AsyncAPIResponse if api.is_async else APIResponse)
    assert server.last.headers["X-Stainless-Raw-Response"] == "raw"
    parsed = await resolve(raw.parse())
    assert type(parsed) is ChatCompletionResponse
    assert parsed._request_id == "req_1"


async def test_completions_and_models_raw_responses(api: Driver) -> None:
    server = FakeApi(reply(200, COMPLETION))
    client = api.client(server)
    for call in (
        lambda: client.completions.with_raw_response.create(model="m", prompt="p"),
        lambda: client.with_raw_response.completions.create(model="m", prompt="p"),
    ):
        raw = await resolve(call())
        assert type(await resolve(raw.parse())) is CompletionResponse
        assert server.last.headers["X-Stainless-Raw-Response"] == "raw"
    server.replies = [reply(200, LISTING)]
    for call in (lambda: client.models.with_raw_response.list(), lambda: client.with_raw_response.models.list()):
        raw = await resolve(call())
        assert type(await resolve(raw.parse())) is ModelMetadataList
        assert server.last.headers["X-Stainless-Raw-Response"] == "raw"
    server.replies = [reply(200, MODEL)]
    for call in (
        lambda: client.models.with_raw_response.retrieve("a b"),
        lambda: client.with_raw_response.models.retrieve("a b"),
    ):
        raw = await resolve(call())
        assert type(await resolve(raw.parse())) is ModelMetadata
        assert server.last.url.raw_path == b"/v1/models/a%20b"


async def test_response_properties(api: Driver) -> None:
    server = FakeApi(reply(200, CHAT_COMPLETION, headers={"x-request-id": "req_1", "x-custom": "c"}))
    client = api.client(server)
    raw = await resolve(client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES))
    assert raw.status_code == 200
    assert raw.headers["x-custom"] == "c"
    assert isinstance(raw.headers, httpx.Headers)
    assert raw.http_request is server.last
    assert raw.url == httpx.URL("http://api.test/v1/chat/completions")
    assert raw.method == "POST"
    assert raw.http_version == "HTTP/1.1"
    assert isinstance(raw.elapsed, datetime.timedelta)
    assert raw.retries_taken == 0
    assert raw.is_closed is True  # a non-streamed body is read eagerly
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.request_id == "req_1"
    name = "AsyncAPIResponse" if api.is_async else "APIResponse"
    assert repr(raw).startswith(f"<{name} [200 OK] type=typing.Union[")
    assert "ChatCompletionResponse" in repr(raw)


async def test_parse_is_cached_per_target(api: Driver) -> None:
    server = FakeApi(reply(200, CHAT_COMPLETION))
    client = api.client(server)
    raw = await resolve(client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES))
    first = await resolve(raw.parse())
    assert await resolve(raw.parse()) is first
    as_dict = await resolve(raw.parse(to=Dict[str, Any]))
    assert as_dict == CHAT_COMPLETION
    assert await resolve(raw.parse(to=Dict[str, Any])) is as_dict
    assert await resolve(raw.parse()) is first

    class Slim(BaseModel):
        id: str
        model: str

    slim = await resolve(raw.parse(to=Slim))
    assert type(slim) is Slim
    assert slim.id == "chatcmpl-7d1e2f30"
    assert slim.created == 1735689600  # type: ignore[attr-defined]
    assert await resolve(raw.parse(to=str)) == raw.http_response.text
    assert await resolve(raw.parse(to=bytes)) == raw.http_response.content
    assert await resolve(raw.parse(to=httpx.Response)) is raw.http_response
    assert await resolve(raw.parse(to=object)) == CHAT_COMPLETION


async def test_parse_of_a_null_body_is_not_cached(api: Driver) -> None:
    server = FakeApi(reply(200, content=b"null"))
    client = api.client(server)
    raw = await resolve(client.models.with_raw_response.list())
    assert await resolve(raw.parse()) is None
    assert await resolve(raw.parse()) is None


async def test_body_accessors(api: Driver) -> None:
    server = FakeApi(reply(200, content=b'{"a": 1}\n{"b": 2}\n'))
    client = api.client(server)
    raw = await resolve(client.with_raw_response.models.list())
    assert await resolve(raw.read()) == b'{"a": 1}\n{"b": 2}\n'
    assert await resolve(raw.text()) == '{"a": 1}\n{"b": 2}\n'
    if api.is_async:
        chunks: List[bytes] = [c async for c in raw.iter_bytes()]
        texts: List[str] = [t async for t in raw.iter_text()]
        lines: List[str] = [line async for line in raw.iter_lines()]
    else:
        chunks = list(raw.iter_bytes())
        texts = list(raw.iter_text())
        lines = list(raw.iter_lines())
    assert b"".join(chunks) == b'{"a": 1}\n{"b": 2}\n'
    assert "".join(texts) == '{"a": 1}\n{"b": 2}\n'
    assert lines == ['{"a": 1}', '{"b": 2}']
    await resolve(raw.close())
    assert raw.is_closed


async def test_json_accessor(api: Driver) -> None:
    server = FakeApi(reply(200, LISTING))
    client = api.client(server)
    raw = await resolve(client.models.with_raw_response.list())
    assert await resolve(raw.json()) == LISTING


async def test_raw_response_with_stream_true(api: Driver) -> None:
    server = FakeApi(reply(200, content=CHUNK_SSE, content_type="text/event-stream"))
    client = api.client(server)
    raw = await resolve(client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=True))
    assert server.last.headers["X-Stainless-Raw-Response"] == "raw"
    assert raw.is_closed is False
    stream = await resolve(raw.parse())
    assert isinstance(stream, AsyncStream if api.is_async else Stream)
    items = await api.items(stream)
    assert [type(i) for i in items] == [ChatChunkResponse]


async def test_errors_still_raise(api: Driver) -> None:
    from cerebras.cloud.sdk import NotFoundError

    server = FakeApi(reply(404, {"message": "no such model"}))
    client = api.client(server)
    with pytest.raises(NotFoundError):
        await resolve(client.models.with_raw_response.retrieve("x"))


async def test_accessors_are_cached(api: Driver) -> None:
    client = api.client(FakeApi())
    assert client.with_raw_response is client.with_raw_response
    assert client.with_raw_response.chat is client.chat.with_raw_response
    assert client.chat is client.chat
    assert client.chat.completions is client.chat.completions
    assert client.chat.with_raw_response.completions is client.chat.with_raw_response.completions
    assert client.models.with_raw_response is client.models.with_raw_response
    assert client.completions.with_raw_response is client.completions.with_raw_response


async def test_wrapped_methods_keep_their_names(api: Driver) -> None:
    client = api.client(FakeApi())
    assert client.chat.completions.with_raw_response.create.__name__ == "create"
    assert client.models.with_raw_response.retrieve.__name__ == "retrieve"
    assert client.models.with_raw_response.list.__doc__ == client.models.list.__doc__


async def test_caller_extra_headers_are_kept_and_not_mutated(api: Driver) -> None:
    server = FakeApi(reply(200, LISTING))
    client = api.client(server)
    extra = {"X-Mine": "1"}
    await resolve(client.models.with_raw_response.list(extra_headers=extra))
    assert extra == {"X-Mine": "1"}
    assert server.last.headers["X-Mine"] == "1"
    assert server.last.headers["X-Stainless-Raw-Response"] == "raw"
