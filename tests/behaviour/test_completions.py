"""`client.completions.create` (legacy text completions) through a fake transport, for both clients."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from _support import COMPLETION, Driver, FakeApi, body_of, reply, resolve
from cerebras.cloud.sdk import AsyncStream, BadRequestError, InternalServerError, Stream
from cerebras.cloud.sdk.types.completion import CompletionResponse

SSE = (
    b'data: {"id":"cmpl-41c1","object":"text_completion","created":1,"model":"m","system_fingerprint":"f",'
    b'"choices":[{"index":0,"text":" violets"}]}\n\n'
    b"data: [DONE]\n\n"
)


async def test_documented_request_and_response(api: Driver) -> None:
    server = FakeApi(reply(200, COMPLETION))
    client = api.client(server)
    result = await resolve(
        client.completions.create(model="llama3.1-8b", prompt="Roses are red,", max_tokens=12, stop=["\n"], echo=False)
    )
    request = server.last
    assert request.method == "POST"
    assert str(request.url) == "http://api.test/v1/completions"
    assert request.content == (
        b'{"model":"llama3.1-8b","prompt":"Roses are red,","echo":false,"max_tokens":12,"stop":["\\n"]}'
    )
    assert request.headers["content-type"] == "application/json"
    assert type(result) is CompletionResponse
    assert result.choices[0].text == " violets are blue"
    assert result.usage is not None
    assert result.usage.total_tokens == 9


async def test_every_parameter_in_order(api: Driver) -> None:
    server = FakeApi(reply(200, COMPLETION))
    client = api.client(server)
    given: Dict[str, Any] = {
        "best_of": 2,
        "echo": True,
        "frequency_penalty": 0.5,
        "grammar_root": "root",
        "logit_bias": {"50256": -100.0},
        "logprobs": 3,
        "max_tokens": 10,
        "min_tokens": 1,
        "n": 1,
        "presence_penalty": 0.1,
        "return_raw_tokens": False,
        "seed": 1,
        "stop": "x",
        "stream": None,
        "stream_options": None,
        "suffix": None,
        "temperature": 1.0,
        "top_p": 0.5,
        "user": "u",
    }
    await resolve(client.completions.create(**dict(reversed(list(given.items()))), model="m", prompt=[1, 2, 3]))
    body = body_of(server.last)
    assert list(body) == ["model", "prompt", *given]
    assert body["prompt"] == [1, 2, 3]
    assert body["stream"] is None


async def test_header_style_parameters(api: Driver) -> None:
    server = FakeApi(reply(200, COMPLETION))
    client = api.client(server, default_headers={"X-Amz-Cf-Id": "client"})
    await resolve(client.completions.create(model="m", prompt="p", cf_ray="r", x_delay_time=3))
    headers = server.last.headers
    assert headers.get_list("CF-RAY") == ["r"]
    assert headers.get_list("X-delay-time") == ["3"]
    assert headers.get_list("X-Amz-Cf-Id") == ["client"]
    assert body_of(server.last) == {"model": "m", "prompt": "p"}


async def test_error_body_with_status_200_raises_the_class_of_its_status_code(api: Driver) -> None:
    body = {"error": {"message": "m", "code": "c"}, "status_code": 400}
    server = FakeApi(reply(200, body))
    client = api.client(server)
    with pytest.raises(BadRequestError) as caught:
        await resolve(client.completions.create(model="m", prompt="p"))
    assert caught.value.code == "c"
    assert caught.value.body == body["error"]  # the error member, as for an HTTP error
    assert str(caught.value) == f"Error code: 400 - {body}"
    assert len(server.requests) == 1


async def test_error_body_with_status_200_and_a_5xx_code_raises_internal_server_error(api: Driver) -> None:
    server = FakeApi(reply(200, {"error": {"message": "busy"}, "status_code": 503}))
    client = api.client(server)
    raw = await resolve(client.completions.with_raw_response.create(model="m", prompt="p"))
    with pytest.raises(InternalServerError) as caught:
        await resolve(raw.parse())
    assert type(caught.value) is InternalServerError
    assert caught.value.status_code == 503


async def test_stream_true(api: Driver) -> None:
    server = FakeApi(reply(200, content=SSE, content_type="text/event-stream"))
    client = api.client(server)
    stream = await resolve(client.completions.create(model="m", prompt="p", stream=True))
    assert body_of(server.last) == {"model": "m", "prompt": "p", "stream": True}
    assert isinstance(stream, AsyncStream if api.is_async else Stream)
    items = await api.items(stream)
    assert [type(i) for i in items] == [CompletionResponse]
    assert items[0].choices[0].text == " violets"


async def test_extra_options(api: Driver) -> None:
    server = FakeApi(reply(200, COMPLETION))
    client = api.client(server)
    await resolve(
        client.completions.create(
            model="m",
            prompt="p",
            extra_body={"prompt": "q"},
            extra_query={"a": "b"},
            extra_headers={"X-Y": "z"},
            timeout=1,
        )
    )
    request = server.last
    assert body_of(request) == {"model": "m", "prompt": "q"}
    assert request.url.params["a"] == "b"
    assert request.headers["X-Y"] == "z"
    assert request.headers["x-stainless-read-timeout"] == "1"
