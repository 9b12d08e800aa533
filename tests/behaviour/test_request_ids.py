"""Request ids: on every parsed model, on every `APIStatusError`, in error messages and DEBUG logs.

The server's request id is read from the first of `x-request-id`, `cerebras-request-id` and
`request-id` that a response carries.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Dict, List, Optional

import httpx
import pytest

from _support import CHAT_COMPLETION, COMPLETION, reply
from cerebras.cloud.sdk import (
    APIStatusError,
    AsyncCerebras,
    BadRequestError,
    Cerebras,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from cerebras.cloud.sdk.types.chat.completion_create_params import Message

CHAT = CHAT_COMPLETION
TEXT = COMPLETION
MODEL: Dict[str, Any] = {"id": "llama3.1-8b", "object": "model", "created": 0, "owned_by": "Cerebras"}
MODELS: Dict[str, Any] = {"object": "list", "data": [MODEL]}
MESSAGES: List[Message] = [{"role": "user", "content": "Name a prime."}]


def chunk(content: str, **extra: Any) -> bytes:
    data = {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "system_fingerprint": "f",
        "choices": [{"index": 0, "delta": {"content": content}}],
        **extra,
    }
    return b"data: " + json.dumps(data).encode() + b"\n\n"


SSE = chunk("Se") + chunk("ven") + b"data: [DONE]\n\n"


def routes(request_id_header: Optional[str] = "x-request-id", value: str = "req_abc123") -> Callable[..., Any]:
    headers = {request_id_header: value} if request_id_header else {}

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/v1/chat/completions":
            if json.loads(request.content).get("stream"):
                return httpx.Response(200, content=SSE, headers={**headers, "content-type": "text/event-stream"})
            return httpx.Response(200, json=CHAT, headers=headers)
        if path == "/v1/completions":
            return httpx.Response(200, json=TEXT, headers=headers)
        if path == "/v1/models":
            return httpx.Response(200, json=MODELS, headers=headers)
        return httpx.Response(200, json=MODEL, headers=headers)

    return handler


# --------------------------------------------------------------------------- parsed models


@pytest.mark.parametrize("header", ["x-request-id", "cerebras-request-id", "request-id", "X-Request-ID"])
def test_every_parsed_model_carries_the_request_id(make_client: Callable[..., Cerebras], header: str) -> None:
    client = make_client(routes(header))
    chat = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    text = client.completions.create(model="llama3.1-8b", prompt="Roses are red,")
    listing = client.models.list()
    model = client.models.retrieve("llama3.1-8b")
    raw = client.chat.completions.with_raw_response.create(model="llama3.1-8b", messages=MESSAGES)
    assert [m._request_id for m in (chat, text, listing, model, raw.parse())] == ["req_abc123"] * 5
    assert raw.request_id == "req_abc123"


async def test_async_parsed_models_carry_the_request_id(make_async_client: Callable[..., AsyncCerebras]) -> None:
    client = make_async_client(routes("cerebras-request-id", "creq_9"))
    chat = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    text = await client.completions.create(model="llama3.1-8b", prompt="Roses are red,")
    listing = await client.models.list()
    model = await client.models.retrieve("llama3.1-8b")
    assert [m._request_id for m in (chat, text, listing, model)] == ["creq_9"] * 4
    await client.close()


def test_no_header_means_no_request_id(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(routes(None))
    assert client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)._request_id is None
    assert "_request_id" not in client.models.retrieve("llama3.1-8b").to_dict()


def test_header_preference_order(make_client: Callable[..., Cerebras]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"request-id": "third", "cerebras-request-id": "second", "x-request-id": "first"}
        return httpx.Response(200, json=CHAT, headers=headers)

    client = make_client(handler)
    assert client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)._request_id == "first"


def test_the_streaming_helper_stamps_its_final_completion(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(routes("x-request-id", "req_stream"))
    with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
        assert stream.request_id == "req_stream"
        completion = stream.get_final_completion()
    assert completion._request_id == "req_stream"


def test_streamed_chunks_carry_the_request_id(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(routes("x-request-id", "req_chunks"))
    chunks = list(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    assert [c._request_id for c in chunks] == ["req_chunks", "req_chunks"]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("status", "cls"), [(400, BadRequestError), (404, NotFoundError), (429, RateLimitError), (500, InternalServerError)]
)
def test_http_errors_carry_the_request_id(
    make_client: Callable[..., Cerebras], status: int, cls: type, sleeps: Any
) -> None:
    attempts: List[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(f"req_{len(attempts)}")
        return httpx.Response(status, json={"message": "nope"}, headers={"x-request-id": attempts[-1]})

    client = make_client(handler)
    with pytest.raises(cls) as caught:
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    error = caught.value
    assert isinstance(error, APIStatusError)
    assert error.request_id == attempts[-1]  # the id of the response that was raised
    # `str()` is exactly the official text: tracers and wrappers embed it verbatim.
    assert str(error) == f"Error code: {status} - {{'message': 'nope'}}"
    assert error.message == str(error)
    assert attempts[-1] not in repr(error.args)


async def test_async_http_errors_carry_the_request_id(make_async_client: Callable[..., AsyncCerebras]) -> None:
    handler = reply(401, {"message": "bad key"}, headers={"request-id": "req_401"})

    client = make_async_client(handler)
    with pytest.raises(APIStatusError) as caught:
        await client.models.list()
    assert caught.value.request_id == "req_401"
    assert str(caught.value) == "Error code: 401 - {'message': 'bad key'}"
    await client.close()


def test_errors_without_an_id_read_as_before(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(lambda _request: httpx.Response(400, json={"message": "bad"}))
    with pytest.raises(BadRequestError) as caught:
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert caught.value.request_id is None
    assert str(caught.value) == "Error code: 400 - {'message': 'bad'}"


def in_stream_error(request: httpx.Request) -> httpx.Response:
    body = (
        chunk("partial") + b'data: {"error":{"message":"too long","type":"invalid","code":"ctx"},"status_code":400}\n\n'
    )
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream", "x-request-id": "req_mid"})


def test_in_stream_errors_carry_the_request_id(make_client: Callable[..., Cerebras]) -> None:
    client = make_client(in_stream_error)
    stream = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
    with pytest.raises(BadRequestError) as caught:
        list(stream)
    assert caught.value.request_id == "req_mid"
    assert caught.value.message == "too long"
    assert str(caught.value) == "too long"


async def test_async_in_stream_errors_through_the_helper(make_async_client: Callable[..., AsyncCerebras]) -> None:
    client = make_async_client(in_stream_error)
    with pytest.raises(BadRequestError) as caught:
        async with client.chat.completions.stream(model="llama3.1-8b", messages=MESSAGES) as stream:
            await stream.get_final_completion()
    assert caught.value.request_id == "req_mid"
    assert str(caught.value) == "too long"
    await client.close()


# --------------------------------------------------------------------------- logs


def test_debug_logs_name_the_request_id(
    make_client: Callable[..., Cerebras], caplog: pytest.LogCaptureFixture, sleeps: Any
) -> None:
    answers = iter(
        [
            httpx.Response(503, json={"message": "busy"}, headers={"x-request-id": "req_first", "retry-after": "1"}),
            httpx.Response(200, json=CHAT, headers={"x-request-id": "req_second"}),
        ]
    )
    client = make_client(lambda _request: next(answers))
    caplog.set_level(logging.DEBUG, logger="cerebras.cloud.sdk")
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    lines = [record.getMessage() for record in caplog.records if record.getMessage().startswith("HTTP Response")]
    assert len(lines) == 2
    assert "request_id=req_first" in lines[0]
    assert '"503 Service Unavailable"' in lines[0]
    assert "request_id=req_second" in lines[1]


def test_request_ids_are_not_logged_above_debug(
    make_client: Callable[..., Cerebras], caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(routes())
    caplog.set_level(logging.INFO, logger="cerebras.cloud.sdk")
    client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert not any("req_abc123" in record.getMessage() for record in caplog.records)
