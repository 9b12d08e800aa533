"""`AsyncCerebras` end to end on its async backends: the default (aiohttp on asyncio), httpx's own
(`DefaultAsyncHttpxClient`) and aiohttp (`DefaultAioHttpClient`).

The same scenarios run against a real 127.0.0.1 server on each backend: a chat completion, a
stream, raw responses, the status-to-exception mapping, transport failures, retries (with the
delays recorded, never slept) and TCP warming with connection reuse.
"""

from __future__ import annotations

import json
import threading
from typing import Any, AsyncIterator, Callable, Dict, List

import httpx
import pytest

import cerebras.cloud.sdk as sdk
from cerebras.cloud.sdk import AsyncCerebras, AsyncStream, DefaultAioHttpClient, DefaultAsyncHttpxClient
from cerebras.cloud.sdk.types.chat.completion_create_params import Message

from ._server import API_KEY, LocalServer, Reply, chat_completion, refused_url, sse, warm_task

CHAT = "/v1/chat/completions"
MESSAGES: List[Message] = [{"role": "user", "content": "Hi"}]

Factory = Callable[..., AsyncCerebras]


@pytest.fixture(params=["default", "httpx", "aiohttp"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def make(backend: str, sleeps: Any) -> AsyncIterator[Factory]:
    """`make(base_url, **kwargs)`: an `AsyncCerebras` on the chosen backend, delays recorded."""
    made: List[AsyncCerebras] = []

    def factory(base_url: str, **kwargs: Any) -> AsyncCerebras:
        if backend == "aiohttp":
            kwargs.setdefault("http_client", DefaultAioHttpClient())
        elif backend == "httpx":
            kwargs.setdefault("http_client", DefaultAsyncHttpxClient())
        client = AsyncCerebras(api_key=API_KEY, base_url=base_url, **kwargs)
        made.append(client)
        return client

    yield factory
    for client in made:
        await client.close()


def _headers(server: LocalServer, index: int) -> Dict[str, str]:
    return {name.lower(): value for name, value in server.requests[index].headers.items()}


async def test_the_backend_is_the_one_asked_for(backend: str, make: Factory, server: LocalServer) -> None:
    server.default(CHAT, Reply(200, chat_completion("Hello there")))
    client = make(server.url)
    transport: Any = client._client._transport
    if backend == "default":
        assert type(transport).__name__ == "AutoAsyncTransport"
        assert transport.active is None  # built on the first request, for the loop it runs on
        await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
        transport = transport.active
    assert type(transport).__name__ == ("AsyncHTTPTransport" if backend == "httpx" else "AiohttpTransport")


async def test_chat_completion(make: Factory, server: LocalServer) -> None:
    server.default(CHAT, Reply(200, chat_completion("Hello there")))
    client = make(server.url)

    completion = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, max_tokens=5)

    assert completion.choices[0].message.content == "Hello there"
    sent = server.requests[0]
    assert sent.method == "POST"
    assert json.loads(sent.body) == {"model": "llama3.1-8b", "messages": MESSAGES, "max_tokens": 5}
    headers = _headers(server, 0)
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == "AsyncCerebras/Python 1.91.0"
    assert headers["x-stainless-async"] == "async:asyncio"
    assert headers["x-stainless-retry-count"] == "0"


async def test_stream(make: Factory, server: LocalServer) -> None:
    server.default(CHAT, Reply(200, chunks=sse("Hel", "lo", "!")))
    client = make(server.url)

    stream = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
    assert isinstance(stream, AsyncStream)
    pieces = [chunk.choices[0].delta.content async for chunk in stream if chunk.choices and chunk.choices[0].delta]

    assert pieces == ["Hel", "lo", "!"]
    assert json.loads(server.requests[0].body)["stream"] is True


async def test_raw_and_streaming_responses(make: Factory, server: LocalServer) -> None:
    server.default(CHAT, Reply(200, chat_completion("raw"), headers={"x-request-id": "req-7"}))
    client = make(server.url)

    raw = await client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    assert raw.headers["x-request-id"] == "req-7"
    assert (await raw.parse()).choices[0].message.content == "raw"

    async with client.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES) as response:
        assert response.status_code == 200
        assert json.loads(await response.read())["choices"][0]["message"]["content"] == "raw"
    assert _headers(server, 0)["x-stainless-raw-response"] == "raw"
    assert _headers(server, 1)["x-stainless-raw-response"] == "stream"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, sdk.BadRequestError),
        (401, sdk.AuthenticationError),
        (403, sdk.PermissionDeniedError),
        (404, sdk.NotFoundError),
        (409, sdk.ConflictError),
        (422, sdk.UnprocessableEntityError),
        (429, sdk.RateLimitError),
        (500, sdk.InternalServerError),
        (418, sdk.APIStatusError),
    ],
)
async def test_error_mapping(status: int, error: type[sdk.APIStatusError], make: Factory, server: LocalServer) -> None:
    body = {"message": f"failed with {status}", "type": "invalid_request_error"}
    server.default(CHAT, Reply(status, body))
    client = make(server.url, max_retries=0)

    with pytest.raises(error) as caught:
        await client.chat.completions.create(model="m", messages=MESSAGES)

    assert type(caught.value) is error
    assert caught.value.status_code == status
    assert caught.value.body == body
    assert server.paths() == [CHAT]


async def test_error_body_status_code_chooses_the_class(make: Factory, server: LocalServer) -> None:
    server.default(CHAT, Reply(400, {"error": {"message": "inner"}, "status_code": 429}))
    client = make(server.url, max_retries=0)
    with pytest.raises(sdk.RateLimitError) as caught:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert caught.value.body == {"message": "inner"}


async def test_connection_refused_is_retried_then_raised(backend: str, make: Factory, sleeps: Any) -> None:
    url, _ = refused_url()
    client = make(url, max_retries=2)
    with pytest.raises(sdk.APIConnectionError) as caught:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    if backend == "httpx":
        # httpx-aiohttp reports a refused connection as `httpx.ConnectTimeout`, so on that
        # backend it surfaces as `APITimeoutError` (an `APIConnectionError` all the same).
        assert not isinstance(caught.value, sdk.APITimeoutError)
    assert len(sleeps.delays) == 2


async def test_timeout_raises_api_timeout_error(make: Factory, server: LocalServer) -> None:
    server.reply(CHAT, Reply(200, chat_completion(), gate=threading.Event()))
    client = make(server.url, max_retries=0, timeout=0.3)
    with pytest.raises(sdk.APITimeoutError):
        await client.chat.completions.create(model="m", messages=MESSAGES)


async def test_retries_then_succeeds(make: Factory, server: LocalServer, sleeps: Any) -> None:
    server.reply(CHAT, Reply(503, b"busy"), Reply(429, {"message": "slow down"}, headers={"retry-after": "2"}))
    server.default(CHAT, Reply(200, chat_completion("finally")))
    client = make(server.url)

    completion = await client.chat.completions.create(model="m", messages=MESSAGES)

    assert completion.choices[0].message.content == "finally"
    assert [_headers(server, i)["x-stainless-retry-count"] for i in range(3)] == ["0", "1", "2"]
    assert len(sleeps.delays) == 2
    assert 0 < sleeps.delays[0] <= 0.5
    assert sleeps.delays[1] == 2  # the server's retry-after


async def test_retries_exhausted_raise_the_last_error(make: Factory, server: LocalServer, sleeps: Any) -> None:
    server.default(CHAT, Reply(502, b"bad gateway"))
    client = make(server.url, max_retries=1)
    with pytest.raises(sdk.InternalServerError) as caught:
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert caught.value.status_code == 502
    assert server.paths() == [CHAT, CHAT]
    assert len(sleeps.delays) == 1


async def test_x_should_retry_false_is_final(make: Factory, server: LocalServer, sleeps: Any) -> None:
    server.default(CHAT, Reply(503, b"no", headers={"x-should-retry": "false"}))
    client = make(server.url)
    with pytest.raises(sdk.InternalServerError):
        await client.chat.completions.create(model="m", messages=MESSAGES)
    assert server.paths() == [CHAT]
    assert sleeps.delays == []


async def test_warming_then_reuse(make: Factory, server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CEREBRAS_WARM_TCP_CONNECTION", raising=False)
    server.default(CHAT, Reply(200, chat_completion()))
    client = make(server.url)
    await warm_task(client)
    await client.chat.completions.create(model="m", messages=MESSAGES)
    assert server.paths() == ["/v1/tcp_warming", CHAT]
    assert server.connections == 1


async def test_an_explicit_event_hook_sees_every_request(backend: str, make: Factory, server: LocalServer) -> None:
    seen: List[str] = []

    async def hook(request: httpx.Request) -> None:
        seen.append(request.url.path)

    http_client = (
        DefaultAioHttpClient(event_hooks={"request": [hook]})
        if backend == "aiohttp"
        else httpx.AsyncClient(event_hooks={"request": [hook]})
    )
    server.default(CHAT, Reply(200, chat_completion()))
    client = make(server.url, http_client=http_client)
    await client.chat.completions.create(model="m", messages=MESSAGES)
    assert seen == [CHAT]
