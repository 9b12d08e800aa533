"""The SDK against a running emulator: strict response models, errors, rate limits, every fault mode.

Retries never sleep: the client's sleep is the shared `sleeps` recorder.
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Dict, List

import httpx
import pytest
from jsonschema_lite import errors

import cerebras.cloud.sdk as sdk
from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.testing import LocalServer
from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse, ChatCompletionResponse
from cerebras.cloud.sdk.types.completion import CompletionResponse
from cerebras.cloud.sdk.types.model_list_response import (
    HuggingFaceModelsResponse,
    ModelMetadataList,
    OpenRouterModelsResponse,
)
from cerebras.cloud.sdk.types.model_retrieve_response import HuggingFaceModel, ModelMetadata, OpenRouterModel

USER: List[Any] = [{"role": "user", "content": "Why is fast inference important?"}]
MODEL = "llama3.1-8b"


def fault(spec: str) -> dict[str, str]:
    return {"X-Emulator-Fault": spec}


def drain_into(received: List[Any], stream: Any) -> None:
    for chunk in stream:
        received.append(chunk)


def content_of(stream: Any) -> str:
    return "".join(c.choices[0].delta.content or "" for c in stream if c.choices and c.choices[0].delta)


# ---------------------------------------------------------------- strict shapes


def test_chat_non_streaming_and_streaming_validate_strictly(client: Cerebras) -> None:
    completion = client.chat.completions.create(model=MODEL, messages=USER, max_completion_tokens=40)
    assert isinstance(completion, ChatCompletionResponse)
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 40
    assert completion.time_info is not None
    assert completion.time_info.created is not None
    chunks = list(client.chat.completions.create(model=MODEL, messages=USER, max_completion_tokens=40, stream=True))
    assert all(isinstance(c, ChatChunkResponse) for c in chunks)
    assert content_of(chunks) == completion.choices[0].message.content
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.total_tokens == completion.usage.total_tokens


def test_text_completions_validate_strictly(client: Cerebras) -> None:
    completion = client.completions.create(model=MODEL, prompt="Roses are red,", max_tokens=6)
    assert isinstance(completion, CompletionResponse)
    chunks = list(client.completions.create(model=MODEL, prompt="Roses are red,", max_tokens=6, stream=True))
    assert all(isinstance(c, CompletionResponse) for c in chunks)
    assert "".join(c.choices[0].text or "" for c in chunks) == completion.choices[0].text
    assert chunks[-1].choices[0].finish_reason == "length"


@pytest.mark.parametrize(
    ("fmt", "list_type", "one_type"),
    [
        (None, ModelMetadataList, ModelMetadata),
        ("openrouter", OpenRouterModelsResponse, OpenRouterModel),
        ("huggingface", HuggingFaceModelsResponse, HuggingFaceModel),
    ],
)
def test_models_validate_strictly(client: Cerebras, fmt: Any, list_type: type, one_type: type) -> None:
    kwargs = {"format": fmt} if fmt else {}
    assert type(client.models.list(**kwargs)) is list_type
    model = client.models.retrieve("llama-3.3-70b", **kwargs)
    assert type(model) is one_type
    assert model.id.endswith("llama-3.3-70b")


async def test_async_client(async_client: AsyncCerebras) -> None:
    completion = await async_client.chat.completions.create(model=MODEL, messages=USER)
    stream = await async_client.chat.completions.create(model=MODEL, messages=USER, stream=True)
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices and c.choices[0].delta])
    assert text == completion.choices[0].message.content
    assert (await async_client.models.retrieve("qwen-3-32b")).id == "qwen-3-32b"


def test_tool_loop_terminates_with_valid_arguments(client: Cerebras) -> None:
    parameters = {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "days": {"type": "integer", "minimum": 1, "maximum": 7},
            "units": {"anyOf": [{"enum": ["metric", "imperial"]}, {"type": "null"}]},
        },
        "required": ["city", "days", "units"],
        "additionalProperties": False,
    }
    tools: Any = [{"type": "function", "function": {"name": "forecast", "parameters": parameters, "strict": True}}]
    messages: List[Any] = list(USER)
    completion = None
    for _ in range(3):
        completion = client.chat.completions.create(model="llama-3.3-70b", messages=messages, tools=tools)
        message = completion.choices[0].message
        if not message.tool_calls:
            break
        messages.append({"role": "assistant", "content": None, "tool_calls": [c.to_dict() for c in message.tool_calls]})
        for call in message.tool_calls:
            assert call.function.name == "forecast"
            assert call.function.arguments
            assert errors(parameters, json.loads(call.function.arguments)) == []
            messages.append({"role": "tool", "tool_call_id": call.id, "content": "sunny"})
    assert completion is not None
    assert completion.choices[0].finish_reason == "stop"
    assert len(messages) == 3


def test_structured_output_validates(client: Cerebras) -> None:
    schema: Dict[str, Any] = {
        "type": "object",
        "$defs": {"step": {"type": "object", "properties": {"text": {"type": "string"}, "then": {"$ref": "#/$defs/step"}}, "required": ["text"]}},
        "properties": {"steps": {"type": "array", "items": {"$ref": "#/$defs/step"}, "minItems": 1}, "done": {"type": "boolean"}},
        "required": ["steps", "done"],
        "additionalProperties": False,
    }  # fmt: skip
    for seed in range(5):
        completion = client.chat.completions.create(
            model=MODEL,
            messages=USER,
            seed=seed,
            response_format={"type": "json_schema", "json_schema": {"name": "plan", "schema": schema, "strict": True}},
        )
        assert errors(schema, json.loads(completion.choices[0].message.content or "")) == []


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"model": "nope"}, sdk.NotFoundError, "model_not_found"),
        (
            {"model": MODEL, "messages": [{"role": "wizard", "content": "hi"}]},
            sdk.UnprocessableEntityError,
            "invalid_message",
        ),
        ({"model": MODEL, "max_completion_tokens": -1}, sdk.UnprocessableEntityError, "invalid_value"),
        ({"model": MODEL, "extra_body": {"model": None}}, sdk.BadRequestError, "missing_required_parameter"),
    ],
)
def test_validation_errors_raise_the_mapped_exception(client: Cerebras, kwargs: Any, error: type, code: str) -> None:
    kwargs.setdefault("messages", USER)
    with pytest.raises(error) as caught:
        client.chat.completions.create(**kwargs)
    assert caught.value.code == code
    assert caught.value.request_id is not None


def test_wrong_api_key(make_server: Callable[..., LocalServer], connect: Callable[..., Cerebras]) -> None:
    running = make_server(api_key="sk-right")
    with pytest.raises(sdk.AuthenticationError) as caught:
        connect(running, api_key="sk-wrong").models.list()
    assert caught.value.code == "wrong_api_key"
    assert connect(running).models.list().data


def test_rate_limit_429_with_headers_and_reset_aware_wait(
    make_server: Callable[..., LocalServer], connect: Callable[..., Cerebras], sleeps: Any
) -> None:
    running = make_server(requests_per_minute=1)
    client = connect(running, max_retries=2)
    raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=USER)
    assert raw.headers["x-ratelimit-remaining-requests-minute"] == "0"
    assert raw.headers["x-ratelimit-limit-tokens-day"]
    with pytest.raises(sdk.RateLimitError) as caught:
        client.chat.completions.create(model=MODEL, messages=USER)
    assert caught.value.code == "request_quota_exceeded"
    assert "retry-after" not in caught.value.response.headers
    assert len(sleeps.delays) == 2  # retried twice, each time waiting for the window to reset
    assert all(55 < d <= 60 for d in sleeps.delays)
    assert [e.status for e in running.history] == [200, 429, 429, 429]


def test_rate_limit_retry_after_flag(
    make_server: Callable[..., LocalServer], connect: Callable[..., Cerebras], sleeps: Any
) -> None:
    running = make_server(tokens_per_minute=1, rate_limit_retry_after=True)
    client = connect(running, max_retries=1)
    client.chat.completions.create(model=MODEL, messages=USER)
    with pytest.raises(sdk.RateLimitError) as caught:
        client.chat.completions.create(model=MODEL, messages=USER)
    assert caught.value.code == "token_quota_exceeded"
    # The second 429 comes a moment later, so its retry-after is a little shorter.
    assert float(caught.value.response.headers["retry-after"]) == pytest.approx(sleeps.delays[0], abs=1.0)


# ---------------------------------------------------------------- faults


def test_fail_times_then_success_after_retries(client: Cerebras, server: LocalServer, sleeps: Any) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL, messages=USER, extra_headers={**fault("status=503;fail_times=2"), "X-Request-Id": "job-1"}
    )
    assert raw.retries_taken == 2
    assert raw.headers["x-request-id"] == "job-1"
    assert isinstance(raw.parse(), ChatCompletionResponse)
    assert [e.status for e in server.history] == [503, 503, 200]
    assert len(sleeps.delays) == 2
    assert sleeps.delays[0] <= 0.5 < sleeps.delays[1] <= 1.0


@pytest.mark.parametrize(
    ("status", "error"), [(500, sdk.InternalServerError), (503, sdk.InternalServerError), (429, sdk.RateLimitError)]
)
def test_status_faults_exhaust_retries(client: Cerebras, sleeps: Any, status: int, error: type) -> None:
    with pytest.raises(error) as caught:
        client.chat.completions.create(model=MODEL, messages=USER, extra_headers=fault(f"status={status}"))
    assert caught.value.status_code == status
    assert len(sleeps.delays) == 2


def test_retry_after_and_should_retry(client: Cerebras, sleeps: Any) -> None:
    with pytest.raises(sdk.RateLimitError):
        client.models.list(extra_headers=fault("status=429;retry_after=1.25"))
    assert sleeps.delays == [1.25, 1.25]
    with pytest.raises(sdk.InternalServerError):
        client.models.list(extra_headers=fault("status=500;should_retry=false"))
    assert len(sleeps.delays) == 2  # not retried


def test_latency_before_headers(client: Cerebras) -> None:
    started = time.perf_counter()
    client.models.list(extra_headers=fault("latency=0.2"))
    assert time.perf_counter() - started >= 0.2
    with pytest.raises(sdk.APITimeoutError):
        client.with_options(timeout=0.05, max_retries=0).models.list(extra_headers=fault("latency=0.5"))


def test_stall_mid_stream_times_out(client: Cerebras) -> None:
    slow = client.with_options(timeout=httpx.Timeout(5.0, read=0.2), max_retries=0)
    stream = slow.chat.completions.create(model=MODEL, messages=USER, stream=True, extra_headers=fault("stall_after=3"))
    received: List[Any] = []
    with pytest.raises(sdk.APITimeoutError):
        drain_into(received, stream)
    assert len(received) == 3


def test_drop_mid_stream_is_a_connection_error(client: Cerebras) -> None:
    stream = client.chat.completions.create(
        model=MODEL, messages=USER, stream=True, extra_headers=fault("drop_after=4")
    )
    received: List[Any] = []
    with pytest.raises(sdk.APIConnectionError) as caught:
        drain_into(received, stream)
    assert not isinstance(caught.value, sdk.APITimeoutError)
    assert len(received) == 4


def test_dropped_before_answer_is_retried(client: Cerebras, sleeps: Any, server: LocalServer) -> None:
    headers = {**fault("drop_after=0;fail_times=1"), "X-Request-Id": "drop-1"}
    assert client.models.list(extra_headers=headers).data
    assert len(sleeps.delays) == 1
    with pytest.raises(sdk.APIConnectionError):
        client.chat.completions.create(model=MODEL, messages=USER, extra_headers=fault("drop_after=0"))
    assert len(sleeps.delays) == 3


def test_malformed_event(client: Cerebras) -> None:
    stream = client.chat.completions.create(
        model=MODEL, messages=USER, stream=True, extra_headers=fault("malformed_after=2")
    )
    received: List[Any] = []
    with pytest.raises(sdk.APIResponseValidationError):
        drain_into(received, stream)
    assert len(received) == 2
    with pytest.raises(sdk.APIResponseValidationError):
        client.chat.completions.create(model=MODEL, messages=USER, extra_headers=fault("malformed_after=0"))


def test_error_event_in_stream_and_error_body_in_200(client: Cerebras) -> None:
    stream = client.chat.completions.create(
        model=MODEL, messages=USER, stream=True, extra_headers=fault("error_after=3")
    )
    with pytest.raises(sdk.InternalServerError) as caught:
        list(stream)
    assert caught.value.code == "internal_error"
    with pytest.raises(sdk.InternalServerError) as in_body:
        client.chat.completions.create(model=MODEL, messages=USER, extra_headers=fault("error_after=0"))
    assert in_body.value.status_code == 500
    assert in_body.value.response.status_code == 200


async def test_async_faults(async_client: AsyncCerebras, sleeps: Any) -> None:
    raw = await async_client.chat.completions.with_raw_response.create(
        model=MODEL, messages=USER, extra_headers={**fault("status=500;fail_times=1"), "X-Request-Id": "a-1"}
    )
    assert raw.retries_taken == 1
    assert len(sleeps.delays) == 1
    stream = await async_client.chat.completions.create(
        model=MODEL, messages=USER, stream=True, extra_headers=fault("drop_after=2")
    )
    with pytest.raises(sdk.APIConnectionError):
        async for _ in stream:
            pass


def test_paced_streaming_spreads_chunks_over_time(
    make_server: Callable[..., LocalServer], connect: Callable[..., Cerebras]
) -> None:
    running = make_server(tokens_per_second=200)
    client = connect(running)
    arrivals: List[float] = []
    started = time.perf_counter()
    for chunk in client.chat.completions.create(model=MODEL, messages=USER, max_completion_tokens=40, stream=True):
        if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
            arrivals.append(time.perf_counter() - started)
    assert len(arrivals) == 40
    assert arrivals[-1] >= 0.19  # 40 tokens at 200 tokens/s
    assert arrivals[-1] - arrivals[0] >= 0.15  # spread out, not one burst
    assert arrivals[0] < 0.15


def test_tcp_warming_endpoint(server: LocalServer) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        response = http.get("/v1/tcp_warming")
    assert response.status_code == 200
    assert response.text == ""
    assert response.headers["x-request-id"]
