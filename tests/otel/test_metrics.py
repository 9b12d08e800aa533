"""GenAI client metrics from `CerebrasInstrumentor`, read back with the SDK's in-memory reader:
names, units and bucket boundaries as the conventions give them, and what is recorded."""

from __future__ import annotations

import importlib.metadata
from typing import Any, Dict

import pytest
from _otel_helpers import FakeApi, Otel, chat_chunks, make_client, sse
from opentelemetry.sdk.metrics.export import HistogramDataPoint
from opentelemetry.semconv._incubating.attributes import gen_ai_attributes as semconv_attributes
from opentelemetry.semconv._incubating.metrics import gen_ai_metrics as semconv_metrics
from packaging.version import Version

import cerebras.cloud.sdk as sdk
from _support import close, drain, reply, resolve
from cerebras.cloud.sdk.lib.otel import _names as names

MESSAGES = [{"role": "user", "content": "Hi"}]

DURATION_BOUNDS = (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
TOKEN_BOUNDS = (1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864)


NEWEST = {
    "GEN_AI_REQUEST_STREAM",
    "GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK",
    "GEN_AI_USAGE_REASONING_OUTPUT_TOKENS",
    "GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS",
    "GEN_AI_INPUT_MESSAGES",
    "GEN_AI_OUTPUT_MESSAGES",
    "GEN_AI_PROVIDER_NAME",
    "gen_ai.client.operation.time_to_first_chunk",
    "gen_ai.client.operation.time_per_output_chunk",
}
"""Names the conventions added lately: an older conventions package (the newest one Python 3.9
can install, or the lowest-versions run) may lack them, the newest has them all."""


def test_names_are_the_conventions() -> None:
    """Every GenAI name we emit is the one the installed conventions package defines."""
    metrics = {
        names.METRIC_OPERATION_DURATION: "GEN_AI_CLIENT_OPERATION_DURATION",
        names.METRIC_TOKEN_USAGE: "GEN_AI_CLIENT_TOKEN_USAGE",
        names.METRIC_TIME_TO_FIRST_CHUNK: "GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK",
        names.METRIC_TIME_PER_OUTPUT_CHUNK: "GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK",
    }
    defined = {value: getattr(semconv_metrics, constant, None) for value, constant in metrics.items()}
    assert defined[names.METRIC_OPERATION_DURATION] == names.METRIC_OPERATION_DURATION
    assert defined[names.METRIC_TOKEN_USAGE] == names.METRIC_TOKEN_USAGE
    assert all(found in (None, value) for value, found in defined.items())
    ours = {key: value for key, value in vars(names).items() if key.startswith("GEN_AI_")}
    theirs = {key: value for key, value in vars(semconv_attributes).items() if key.startswith("GEN_AI_")}
    assert {key for key in ours if key in theirs and theirs[key] != ours[key]} == set()
    missing = {key for key in ours if key not in theirs} | {v for v, found in defined.items() if found is None}
    assert missing <= NEWEST
    if Version(importlib.metadata.version("opentelemetry-semantic-conventions")) >= Version("0.66b0"):
        assert missing == set()


async def test_a_plain_call(otel: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    await close(client)
    metrics = otel.metrics()
    assert set(metrics) == {"gen_ai.client.operation.duration", "gen_ai.client.token.usage"}
    duration = metrics["gen_ai.client.operation.duration"]
    assert duration.unit == "s"
    (point,) = duration.data.data_points
    assert isinstance(point, HistogramDataPoint)
    assert point.attributes is not None
    assert tuple(point.explicit_bounds) == DURATION_BOUNDS
    assert point.count == 1
    assert dict(point.attributes) == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "cerebras",
        "gen_ai.request.model": "llama3.1-8b",
        "gen_ai.response.model": "llama3.1-8b",
        "server.address": "api.test",
        "server.port": 8123,
    }
    usage = metrics["gen_ai.client.token.usage"]
    assert usage.unit == "{token}"
    by_type: Dict[Any, Any] = {(p.attributes or {})["gen_ai.token.type"]: p for p in usage.data.data_points}
    assert set(by_type) == {"input", "output"}
    assert (by_type["input"].sum, by_type["output"].sum) == (21, 2)
    assert tuple(by_type["input"].explicit_bounds) == TOKEN_BOUNDS


async def test_a_stream_mean_time_per_chunk(otel: Otel, is_async: bool) -> None:
    client = make_client(FakeApi(chunks=6), is_async=is_async)
    stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    await drain(stream)
    await close(client)
    (first,) = otel.points("gen_ai.client.operation.time_to_first_chunk")
    (per_chunk,) = otel.points("gen_ai.client.operation.time_per_output_chunk")
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert first.count == 1
    assert per_chunk.count == 1  # one observation per stream: the mean gap
    assert tuple(first.explicit_bounds) == DURATION_BOUNDS
    assert tuple(per_chunk.explicit_bounds) == DURATION_BOUNDS
    assert 0 <= first.sum <= duration.sum
    assert 0 <= per_chunk.sum * 6 <= duration.sum  # 7 chunks: 6 gaps
    assert otel.metrics()["gen_ai.client.operation.time_to_first_chunk"].unit == "s"
    tokens = {p.attributes["gen_ai.token.type"]: p.sum for p in otel.points("gen_ai.client.token.usage")}
    assert tokens == {"input": 11, "output": 6}


async def test_a_stream_each_chunk(providers: Otel, is_async: bool) -> None:
    with providers.instrumented(record_each_chunk=True):
        client = make_client(FakeApi(chunks=6), is_async=is_async)
        stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
        await drain(stream)
        await close(client)
    (per_chunk,) = providers.points("gen_ai.client.operation.time_per_output_chunk")
    assert per_chunk.count == 6  # every chunk after the first
    assert per_chunk.attributes["gen_ai.response.model"] == "llama3.1-8b"
    (duration,) = providers.points("gen_ai.client.operation.duration")
    assert per_chunk.sum <= duration.sum


async def test_a_failure_records_duration_with_error_type_and_no_tokens(otel: Otel, is_async: bool) -> None:
    limited = reply(429, {"message": "slow down"})

    client = make_client(FakeApi(limited), is_async=is_async)
    with pytest.raises(sdk.RateLimitError):
        await resolve(client.completions.create(model="llama3.1-8b", prompt="x"))
    await close(client)
    (point,) = otel.points("gen_ai.client.operation.duration")
    assert point.attributes["error.type"] == "RateLimitError"
    assert point.attributes["gen_ai.operation.name"] == "text_completion"
    assert "gen_ai.response.model" not in point.attributes
    assert otel.points("gen_ai.client.token.usage") == []


async def test_latest_conventions_keep_the_metric_names(
    providers: Otel, monkeypatch: pytest.MonkeyPatch, is_async: bool
) -> None:
    monkeypatch.setenv("OTEL_SEMCONV_STABILITY_OPT_IN", "gen_ai_latest_experimental")
    with providers.instrumented():
        client = make_client(is_async=is_async)
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        await close(client)
    assert set(providers.metrics()) == {"gen_ai.client.operation.duration", "gen_ai.client.token.usage"}
    (point,) = providers.points("gen_ai.client.operation.duration")
    assert "gen_ai.system" not in point.attributes


async def test_an_odd_response_model_is_left_out(providers: Otel, is_async: bool) -> None:
    """A server that sends a list for `model` (accepted without strict validation) gets no
    `gen_ai.response.model` on the metrics, and the stream goes on."""
    chunks = [{**chunk, "model": ["odd"]} for chunk in chat_chunks(3)]

    odd = reply(200, content=sse(chunks), content_type="text/event-stream")

    with providers.instrumented(record_each_chunk=True):
        client = make_client(FakeApi(odd), is_async=is_async)
        stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
        assert len(await drain(stream)) == 4
        await close(client)
    (per_chunk,) = providers.points("gen_ai.client.operation.time_per_output_chunk")
    assert per_chunk.count == 3
    assert "gen_ai.response.model" not in per_chunk.attributes
    (duration,) = providers.points("gen_ai.client.operation.duration")
    assert "gen_ai.response.model" not in duration.attributes
