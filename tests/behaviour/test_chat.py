"""`client.chat.completions.create` through a fake transport, for both clients."""

from __future__ import annotations

import json
import math
import platform
from typing import Any, Dict, Iterator

import httpx
import pytest

from _support import CHAT_COMPLETION, CHUNK_SSE, Driver, FakeApi, body_of, reply, resolve
from cerebras.cloud.sdk import (
    APIStatusError,
    AsyncStream,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    Stream,
    omit,
)
from cerebras.cloud.sdk.types.chat.chat_completion import (
    ChatChunkResponse,
    ChatChunkResponseChoiceDelta,
    ChatCompletionResponse,
)

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Name a prime."}]


async def test_documented_request_and_response(api: Driver) -> None:
    server = FakeApi(reply(200, CHAT_COMPLETION, headers={"x-request-id": "req_abc"}))
    client = api.client(server)
    completion = await resolve(
        client.chat.completions.create(
            model="llama3.1-8b",
            messages=MESSAGES,
            max_completion_tokens=32,
            temperature=0.2,
            stop=["\n\n"],
            cf_ray="8f00aa11bb22cc33-SJC",
        )
    )
    request = server.last
    assert request.method == "POST"
    assert str(request.url) == "http://api.test/v1/chat/completions"
    assert request.content == (
        b'{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Name a prime."}],'
        b'"model":"llama3.1-8b","max_completion_tokens":32,"stop":["\\n\\n"],"temperature":0.2}'
    )
    assert request.headers["CF-RAY"] == "8f00aa11bb22cc33-SJC"
    assert "x-amz-cf-id" not in request.headers
    assert "x-delay-time" not in request.headers
    assert type(completion) is ChatCompletionResponse
    assert completion.choices[0].message.content == "7"
    assert completion.usage is not None
    assert completion.usage.total_tokens == 23
    assert completion._request_id == "req_abc"


async def test_default_headers(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    headers = server.last.headers
    expected = {
        "accept": "application/json",
        "content-type": "application/json",
        "user-agent": f"{'AsyncCerebras' if api.is_async else 'Cerebras'}/Python 1.91.0",
        "x-stainless-lang": "python",
        "x-stainless-package-version": "1.91.0",
        "x-stainless-runtime": platform.python_implementation(),
        "x-stainless-runtime-version": platform.python_version(),
        "authorization": "Bearer sk-test-0123456789abcdef",
        "x-stainless-async": api.async_header,
        "x-stainless-retry-count": "0",
        "x-stainless-read-timeout": "60",
    }
    for name, value in expected.items():
        assert headers.get_list(name) == [value], name
    assert headers["x-stainless-os"] in ("Linux", "MacOS", "Windows", "FreeBSD", "OpenBSD") or headers[
        "x-stainless-os"
    ].startswith("Other:")
    assert headers["x-stainless-arch"] in ("x64", "arm64", "arm", "x32") or headers["x-stainless-arch"].startswith(
        "other:"
    )
    assert "x-stainless-raw-response" not in headers
    assert "idempotency-key" not in headers


async def test_body_key_order_follows_the_parameter_order(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    given: Dict[str, Any] = {
        "clear_thinking": True,
        "disable_reasoning": False,
        "frequency_penalty": 0.1,
        "logit_bias": {"1": 2.0},
        "logprobs": True,
        "max_completion_tokens": 5,
        "max_tokens": 6,
        "min_completion_tokens": 1,
        "min_tokens": 1,
        "model_parameters": {"k": "v"},
        "n": 1,
        "parallel_tool_calls": False,
        "prediction": {"type": "content", "content": "x"},
        "presence_penalty": 0.2,
        "prompt_cache_key": "conv-1",
        "reasoning_effort": "low",
        "reasoning_format": "parsed",
        "response_format": {"type": "json_object"},
        "seed": 7,
        "service_tier": "auto",
        "stop": "END",
        "stream": False,
        "stream_options": {"include_usage": True},
        "temperature": 0.5,
        "tool_choice": "auto",
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}, "strict": True}}],
        "top_logprobs": 2,
        "top_p": 0.9,
        "user": "u-1",
    }
    # Passed in reverse order: the body still follows the signature's order.
    with pytest.warns(DeprecationWarning, match="reasoning_effort"):  # `disable_reasoning` is deprecated
        await resolve(
            client.chat.completions.create(**dict(reversed(list(given.items()))), model="m", messages=MESSAGES)
        )
    body = body_of(server.last)
    assert list(body) == ["messages", "model", *given]
    assert body == {"messages": MESSAGES, "model": "m", **given}


async def test_none_is_sent_as_null_and_omitted_keys_are_absent(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    await resolve(
        client.chat.completions.create(
            model="m", messages=MESSAGES, temperature=None, seed=omit, stream=None, user=None
        )
    )
    assert server.last.content.endswith(b'"model":"m","stream":null,"temperature":null,"user":null}')
    assert "seed" not in body_of(server.last)


async def test_generator_messages_and_non_ascii(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)

    def messages() -> Iterator[Dict[str, str]]:
        yield {"role": "user", "content": "Grüße, 世界 ✓"}

    await resolve(client.chat.completions.create(model="m", messages=messages()))
    assert server.last.content == '{"messages":[{"role":"user","content":"Grüße, 世界 ✓"}],"model":"m"}'.encode()


async def test_nan_is_refused_before_sending(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    with pytest.raises(ValueError, match="JSON"):
        await resolve(client.chat.completions.create(model="m", messages=MESSAGES, temperature=math.nan))
    assert server.requests == []


@pytest.mark.parametrize(("value", "sent"), [(1.5, "1.5"), (2, "2")])
async def test_header_style_parameters(api: Driver, value: float, sent: str) -> None:
    server = FakeApi()
    client = api.client(server)
    await resolve(
        client.chat.completions.create(
            model="m", messages=MESSAGES, cf_ray="ray", x_amz_cf_id="amz", x_delay_time=value
        )
    )
    headers = server.last.headers
    assert headers.get_list("CF-RAY") == ["ray"]
    assert headers.get_list("X-Amz-Cf-Id") == ["amz"]
    assert headers.get_list("X-delay-time") == [sent]
    raw_names = [name for name, _ in headers.raw]
    assert b"CF-RAY" in raw_names
    assert b"X-Amz-Cf-Id" in raw_names
    assert b"X-delay-time" in raw_names
    assert body_of(server.last) == {"messages": MESSAGES, "model": "m"}


async def test_extra_headers_beat_header_parameters(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    await resolve(
        client.chat.completions.create(model="m", messages=MESSAGES, cf_ray="param", extra_headers={"cf-ray": "extra"})
    )
    assert server.last.headers.get_list("CF-RAY") == ["extra"]


async def test_client_default_header_is_kept_when_the_parameter_is_omitted(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server, default_headers={"CF-RAY": "client", "X-delay-time": "9", "X-Amz-Cf-Id": "amz"})
    await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    assert server.last.headers.get_list("CF-RAY") == ["client"]
    assert server.last.headers.get_list("X-delay-time") == ["9"]
    assert server.last.headers.get_list("X-Amz-Cf-Id") == ["amz"]
    await resolve(client.chat.completions.create(model="m", messages=MESSAGES, cf_ray="call", x_delay_time=0.5))
    assert server.last.headers.get_list("CF-RAY") == ["call"]
    assert server.last.headers.get_list("X-delay-time") == ["0.5"]


async def test_extra_headers_omit_removes_built_in_headers(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    await resolve(
        client.chat.completions.create(
            model="m",
            messages=MESSAGES,
            extra_headers={"User-Agent": omit, "X-Stainless-Lang": omit, "x-stainless-retry-count": omit},
        )
    )
    headers = server.last.headers
    assert "x-stainless-lang" not in headers
    assert "x-stainless-retry-count" not in headers
    # Like `httpx.Client.build_request`, an omitted header falls back to the httpx client's own.
    assert headers.get_list("user-agent") == [f"python-httpx/{httpx.__version__}"]
    assert headers["x-stainless-read-timeout"] == "60"


async def test_extra_body_query_and_timeout(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    await resolve(
        client.chat.completions.create(
            model="m",
            messages=MESSAGES,
            n=1,
            extra_body={"model": "override", "vendor_flag": True},
            extra_query={"trace": "1", "tags": ["a", "b"]},
            timeout=20.0,
        )
    )
    request = server.last
    assert request.content == b'{"messages":' + json.dumps(MESSAGES, separators=(",", ":")).encode() + (
        b',"model":"override","n":1,"vendor_flag":true}'
    )
    assert request.url.params.multi_items() == [("trace", "1"), ("tags", "a"), ("tags", "b")]
    assert request.headers["x-stainless-read-timeout"] == "20.0"
    assert request.extensions["timeout"] == {"connect": 20.0, "read": 20.0, "write": 20.0, "pool": 20.0}


async def test_timeout_none_sends_no_read_timeout_header(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    await resolve(client.chat.completions.create(model="m", messages=MESSAGES, timeout=None))
    assert "x-stainless-read-timeout" not in server.last.headers
    assert server.last.extensions["timeout"]["read"] is None


@pytest.mark.parametrize(
    ("embedded", "error_class"),
    [(503, InternalServerError), (400, BadRequestError), (429, RateLimitError), (402, APIStatusError)],
)
async def test_error_body_with_status_200_raises_the_class_of_its_status_code(
    api: Driver, embedded: int, error_class: type
) -> None:
    body = {"error": {"message": "overloaded", "type": "server_error"}, "status_code": embedded}
    server = FakeApi(reply(200, body))
    client = api.client(server)
    with pytest.raises(APIStatusError) as caught:
        await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    assert type(caught.value) is error_class
    assert caught.value.status_code == embedded
    assert caught.value.body == body["error"]  # the error member, as for an HTTP error
    assert caught.value.response.status_code == 200
    assert str(caught.value) == f"Error code: {embedded} - {body}"
    assert len(server.requests) == 1  # the HTTP status (200) decides retries: none


async def test_error_body_with_status_200_raises_from_the_raw_response_too(api: Driver) -> None:
    server = FakeApi(reply(200, {"error": {"message": "bad", "code": "c"}, "status_code": 400}))
    client = api.client(server)
    raw = await resolve(client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES))
    assert raw.status_code == 200
    with pytest.raises(BadRequestError) as caught:
        await resolve(raw.parse())
    assert caught.value.code == "c"


async def test_error_body_with_status_200_raises_in_strict_mode(api: Driver) -> None:
    server = FakeApi(reply(200, {"error": {"message": "gone"}, "status_code": 404}))
    client = api.client(server, _strict_response_validation=True)
    with pytest.raises(NotFoundError):
        await resolve(client.chat.completions.create(model="m", messages=MESSAGES))


async def test_chunk_without_choices_or_delta_reads_as_empty(api: Driver) -> None:
    head = '"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"f"'
    sse = (
        "data: {" + head + "}\n\n"
        "data: {" + head + ',"choices":[{"index":0}]}\n\n'
        "data: {" + head + ',"choices":[{"index":0,"delta":null}]}\n\n'
        "data: {" + head + ',"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n'
        "data: [DONE]\n\n"
    ).encode()
    server = FakeApi(reply(200, content=sse, content_type="text/event-stream"))
    client = api.client(server)
    stream = await resolve(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))
    chunks = [chunk async for chunk in stream] if api.is_async else list(stream)
    assert [type(c) for c in chunks] == [ChatChunkResponse] * 4
    assert chunks[0].choices == []
    assert [c.choices[0].delta.content or "" for c in chunks[1:]] == ["", "", "hi"]
    assert all(type(c.choices[0].delta) is ChatChunkResponseChoiceDelta for c in chunks[1:])


async def test_stream_true_sends_the_request_and_returns_a_stream(api: Driver) -> None:
    server = FakeApi(reply(200, content=CHUNK_SSE, content_type="text/event-stream"))
    client = api.client(server)
    stream = await resolve(client.chat.completions.create(model="m", messages=MESSAGES, stream=True))
    assert body_of(server.last) == {"messages": MESSAGES, "model": "m", "stream": True}
    assert isinstance(stream, AsyncStream if api.is_async else Stream)
    chunks = await api.items(stream)
    assert [type(c) for c in chunks] == [ChatChunkResponse]


async def test_stream_false_sends_false(api: Driver) -> None:
    server = FakeApi()
    client = api.client(server)
    result = await resolve(client.chat.completions.create(model="m", messages=MESSAGES, stream=False))
    assert body_of(server.last)["stream"] is False
    assert type(result) is ChatCompletionResponse


async def test_unexpected_fields_are_kept(api: Driver) -> None:
    server = FakeApi(reply(200, {**CHAT_COMPLETION, "usage": None, "brand_new": [1]}))
    client = api.client(server)
    result = await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    assert result.brand_new == [1]
    assert result.usage is None
    assert "usage" in result.model_fields_set
    assert "service_tier" not in result.model_fields_set
    assert result.to_dict()["brand_new"] == [1]
