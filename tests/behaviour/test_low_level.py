"""The low-level `get/post/put/patch/delete/request` methods, for both clients."""

from __future__ import annotations

from typing import Any, Dict, List, Union

import httpx
import pytest

from _support import CHAT_COMPLETION, CHUNK_SSE, Driver, FakeApi, body_of, reply, resolve
from cerebras.cloud.sdk import APIStatusError, AsyncStream, BaseModel, NoneType, Stream
from cerebras.cloud.sdk._request import FinalRequestOptions
from cerebras.cloud.sdk.types.chat import ChatCompletion
from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse, ChatCompletionResponse


class Thing(BaseModel):
    name: str
    size: int


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
async def test_methods_with_a_body(api: Driver, method: str) -> None:
    server = FakeApi(reply(200, {"name": "n", "size": 1}))
    client = api.client(server)
    result = await resolve(getattr(client, method)("/v1/things", cast_to=Thing, body={"a": [1, None]}))
    assert server.last.method == method.upper()
    assert str(server.last.url) == "http://api.test/v1/things"
    assert server.last.content == b'{"a":[1,null]}'
    assert server.last.headers["content-type"] == "application/json"
    assert isinstance(result, Thing)


async def test_get(api: Driver) -> None:
    server = FakeApi(reply(200, [{"name": "n", "size": 1}]))
    client = api.client(server)
    result = await resolve(client.get("v1/things", cast_to=List[Thing]))
    assert server.last.method == "GET"
    assert "content-type" not in server.last.headers
    assert [type(t) for t in result] == [Thing]


async def test_absolute_url_and_query_in_path(api: Driver) -> None:
    server = FakeApi(reply(200, {}))
    client = api.client(server, default_query={"d": "1"})
    await resolve(
        client.get("https://elsewhere.test/v9/x?keep=1&over=a", cast_to=object, options={"params": {"over": "b"}})
    )
    assert server.last.url.host == "elsewhere.test"
    assert server.last.url.path == "/v9/x"
    assert server.last.url.params.multi_items() == [("keep", "1"), ("over", "b"), ("d", "1")]
    assert server.last.headers["authorization"].startswith("Bearer ")


async def test_request_options(api: Driver) -> None:
    server = FakeApi(reply(200, {}))
    client = api.client(server)
    await resolve(
        client.post(
            "/v1/x",
            cast_to=object,
            body={"a": 1},
            options={
                "headers": {"X-Opt": "1", "Accept": "text/plain"},
                "params": {"p": ["1", "2"]},
                "extra_json": {"b": 2, "a": 3},
                "timeout": 7,
                "idempotency_key": "idem-1",
            },
        )
    )
    request = server.last
    assert request.headers["X-Opt"] == "1"
    assert request.headers.get_list("accept") == ["text/plain"]
    assert request.url.params.multi_items() == [("p", "1"), ("p", "2")]
    assert body_of(request) == {"a": 3, "b": 2}
    assert request.headers["x-stainless-read-timeout"] == "7"
    assert request.extensions["timeout"]["read"] == 7


async def test_raw_content(api: Driver) -> None:
    server = FakeApi(reply(200, {}))
    client = api.client(server)
    await resolve(
        client.post(
            "/v1/upload",
            cast_to=object,
            content=b"\x00\x01",
            options={"headers": {"Content-Type": "application/octet-stream"}},
        )
    )
    assert server.last.content == b"\x00\x01"
    assert server.last.headers["content-type"] == "application/octet-stream"


async def test_follow_redirects_option(api: Driver) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(302, headers={"location": "http://api.test/new"})
        return httpx.Response(200, json={"at": request.url.path})

    server = FakeApi(handler)
    client = api.client(server, http_client=api.http_client(server, follow_redirects=False))
    assert await resolve(client.get("/old", cast_to=object, options={"follow_redirects": True})) == {"at": "/new"}
    # A 3xx that is not followed is an error, never an answer (whatever `cast_to` asks for).
    with pytest.raises(APIStatusError) as caught:
        await resolve(client.get("/old", cast_to=httpx.Response, options={"follow_redirects": False}))
    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == 302
    assert caught.value.message == "Error code: 302"
    assert [r.url.path for r in server.requests] == ["/old", "/new", "/old"]


@pytest.mark.parametrize(
    ("cast_to", "content", "expected"),
    [
        (str, b"plain", "plain"),
        (bytes, b"\x00b", b"\x00b"),
        (int, b"42", 42),
        (float, b"2.5", 2.5),
        (bool, b"true", True),
        (NoneType, b"ignored", None),
        (object, b'{"x": [1]}', {"x": [1]}),
        (Dict[str, int], b'{"x": 1}', {"x": 1}),
        (Union[Thing, int], b'{"name": "n", "size": 2}', Thing(name="n", size=2)),
    ],
)
async def test_cast_to_table(api: Driver, cast_to: Any, content: bytes, expected: object) -> None:
    server = FakeApi(reply(200, content=content))
    client = api.client(server)
    assert await resolve(client.get("/x", cast_to=cast_to)) == expected


async def test_cast_to_response_returns_the_read_response(api: Driver) -> None:
    server = FakeApi(reply(200, content=b"body"))
    client = api.client(server)
    response = await resolve(client.get("/x", cast_to=httpx.Response))
    assert isinstance(response, httpx.Response)
    assert response.content == b"body"


async def test_request_with_final_request_options(api: Driver) -> None:
    server = FakeApi(reply(200, CHAT_COMPLETION))
    client = api.client(server)
    options = FinalRequestOptions.construct(
        method="post", url="/v1/chat/completions", json_data={"model": "m", "messages": []}, max_retries=0
    )
    result = await resolve(client.request(ChatCompletion, options))
    assert type(result) is ChatCompletionResponse
    assert body_of(server.last) == {"model": "m", "messages": []}


async def test_streaming_low_level_post(api: Driver) -> None:
    server = FakeApi(reply(200, content=CHUNK_SSE, content_type="text/event-stream"))
    client = api.client(server)
    stream_cls = AsyncStream[ChatCompletion] if api.is_async else Stream[ChatCompletion]
    stream = await resolve(
        client.post(
            "/v1/chat/completions", cast_to=ChatCompletion, body={"stream": True}, stream=True, stream_cls=stream_cls
        )
    )
    items = [i async for i in stream] if api.is_async else list(stream)
    assert [type(i) for i in items] == [ChatChunkResponse]


async def test_stream_without_a_stream_class_is_refused(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    with pytest.raises(TypeError, match="stream_cls"):
        await resolve(client.post("/v1/chat/completions", cast_to=ChatCompletion, body={}, stream=True))
    assert server.requests == []


async def test_get_api_list(api: Driver) -> None:
    server = FakeApi(reply(200, {"name": "page", "size": 1}))
    client = api.client(server)
    page = await resolve(client.get_api_list("/v1/things", model=Thing, page=Thing))
    assert isinstance(page, Thing)
    assert server.last.method == "GET"


async def test_override_cast_to_pseudo_header(api: Driver) -> None:
    server = FakeApi(reply(200, {"name": "n", "size": 3}))
    client = api.client(server)
    result = await resolve(client.models.list(extra_headers={"____stainless_override_cast_to": Thing}))
    assert type(result) is Thing
    assert "____stainless_override_cast_to" not in server.last.headers
