"""GenAI client spans from `CerebrasInstrumentor`, through the OpenTelemetry SDK's in-memory
exporter: names, kinds and attributes; streams (exhausted, `break`, closed, dropped, failing);
every error class; retries; message content; the API key."""

from __future__ import annotations

import gc
import json
from typing import Any, Dict, List, Type

import httpx
import pytest
from _otel_helpers import API_KEY, CHAT_RESPONSE_ATTRIBUTES, FakeApi, Otel, chat_chunks, make_client, sse
from opentelemetry import trace
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, StatusCode

import cerebras.cloud.sdk as sdk
from _support import close, drain, reply, resolve
from cerebras.cloud.sdk import _observe
from cerebras.cloud.sdk.testing import set_testing

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 3 + 4?"}]


async def test_chat_span(otel: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    completion = await resolve(
        client.chat.completions.create(
            model="llama3.1-8b",
            messages=MESSAGES,
            max_completion_tokens=64,
            temperature=0.3,
            top_p=0.9,
            seed=7,
            stop=["\n\n", "END"],
            frequency_penalty=0.5,
            presence_penalty=-0.5,
        )
    )
    await close(client)
    assert completion.id == "chatcmpl-otel1"
    span = otel.span()
    assert span.name == "chat llama3.1-8b"
    assert span.kind is SpanKind.CLIENT
    assert span.status.status_code is StatusCode.UNSET
    assert dict(span.attributes or {}) == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "cerebras",
        "gen_ai.system": "cerebras",
        "gen_ai.request.model": "llama3.1-8b",
        "server.address": "api.test",
        "server.port": 8123,
        "gen_ai.request.stream": False,
        "gen_ai.request.max_tokens": 64,
        "gen_ai.request.temperature": 0.3,
        "gen_ai.request.top_p": 0.9,
        "gen_ai.request.frequency_penalty": 0.5,
        "gen_ai.request.presence_penalty": -0.5,
        "gen_ai.request.seed": 7,
        "gen_ai.request.stop_sequences": ("\n\n", "END"),
        **CHAT_RESPONSE_ATTRIBUTES,
    }
    assert not span.events


async def test_text_completion_span(otel: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    await resolve(client.completions.create(model="llama3.1-8b", prompt="Roses are red, violets", max_tokens=4))
    await close(client)
    span = otel.span()
    assert span.name == "text_completion llama3.1-8b"
    attributes = dict(span.attributes or {})
    assert attributes["gen_ai.operation.name"] == "text_completion"
    assert attributes["gen_ai.request.max_tokens"] == 4
    assert attributes["gen_ai.response.finish_reasons"] == ("length",)
    assert attributes["gen_ai.usage.input_tokens"] == 5
    assert attributes["gen_ai.usage.output_tokens"] == 4
    assert attributes["cerebras.time_info.total_time"] == 0.0006
    assert "gen_ai.usage.cache_read.input_tokens" not in attributes  # not reported: not set


async def test_other_endpoints_are_not_traced(otel: Otel, is_async: bool) -> None:
    models = reply(200, {"object": "list", "data": []})

    client = make_client(FakeApi(models), is_async=is_async)
    await resolve(client.models.list())
    await close(client)
    assert otel.spans() == []


@pytest.mark.parametrize("operation", ["chat", "text_completion"])
async def test_stream_span_covers_the_whole_stream(otel: Otel, is_async: bool, operation: str) -> None:
    client = make_client(FakeApi(chunks=4), is_async=is_async)
    if operation == "chat":
        stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    else:
        stream = await resolve(client.completions.create(model="llama3.1-8b", prompt="Once", stream=True))
    assert otel.spans() == []  # still open: the stream has not been read
    items = await drain(stream)
    assert len(items) == 5
    span = otel.span()
    await close(client)
    assert span.name == f"{operation} llama3.1-8b"
    attributes = dict(span.attributes or {})
    assert attributes["gen_ai.request.stream"] is True
    assert attributes["gen_ai.response.id"] in ("chatcmpl-s1", "cmpl-s2")
    assert attributes["gen_ai.response.model"] == "llama3.1-8b"
    assert attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert attributes["gen_ai.usage.output_tokens"] == 4
    assert attributes["cerebras.request_id"] == "req-1"
    first_chunk = attributes["gen_ai.response.time_to_first_chunk"]
    assert isinstance(first_chunk, float)
    assert 0 <= first_chunk <= (span.end_time - span.start_time) / 1e9  # type: ignore[operator]
    if operation == "chat":
        assert attributes["cerebras.time_info.completion_time"] == 0.003
    assert span.status.status_code is StatusCode.UNSET


async def test_a_stream_left_with_break_ends_the_span_when_closed_or_dropped(otel: Otel, is_async: bool) -> None:
    client = make_client(FakeApi(chunks=50), is_async=is_async)
    stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    if is_async:
        async for _ in stream:
            break
        assert otel.spans() == []  # `break` leaves the stream resumable: not ended yet
        await stream.close()
    else:
        for _ in stream:
            break
        assert otel.spans() == []
        del stream
    span = otel.span()  # ended by the close or the drop, not by the end of the body
    attributes = dict(span.attributes or {})
    assert span.status.status_code is StatusCode.UNSET
    assert "error.type" not in attributes
    assert attributes["gen_ai.response.id"] == "chatcmpl-s1"
    assert "gen_ai.usage.output_tokens" not in attributes  # the last chunk was never read
    await close(client)


async def test_closing_a_stream_ends_the_span(otel: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    assert otel.spans() == []
    await resolve(stream.close())
    assert otel.span().status.status_code is StatusCode.UNSET
    await close(client)


def test_a_dropped_stream_ends_the_span(otel: Otel) -> None:
    client = make_client()
    stream = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
    next(stream)
    assert otel.spans() == []
    del stream
    gc.collect()
    assert len(otel.spans()) == 1
    client.close()


def test_a_stream_in_a_with_block_ends_the_span(otel: Otel) -> None:
    client = make_client()
    with client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True) as stream:
        assert stream.response.status_code == 200
        assert otel.spans() == []
    assert len(otel.spans()) == 1
    client.close()


async def test_a_stream_failing_midway_records_the_error(otel: Otel, is_async: bool) -> None:
    body = sse(chat_chunks(2)[:1], done=False) + b'data: {"error": {"message": "overloaded"}, "status_code": 503}\n\n'

    failing = reply(200, content=body, content_type="text/event-stream")

    client = make_client(FakeApi(failing), is_async=is_async)
    stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    with pytest.raises(sdk.APIError) as raised:
        await drain(stream)
    span = otel.span()
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == type(raised.value).__qualname__
    assert span.status.status_code is StatusCode.ERROR
    assert attributes["gen_ai.response.id"] == "chatcmpl-s1"  # the chunk that did arrive
    await close(client)


async def test_a_truncated_stream_records_a_connection_error(otel: Otel, is_async: bool) -> None:
    body = sse(chat_chunks(2)[:2], done=False) + b'data: {"id": "chatcmpl-s1", "choi'

    truncated = reply(200, content=body, content_type="text/event-stream")

    client = make_client(FakeApi(truncated), is_async=is_async)
    stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    with pytest.raises(sdk.APIConnectionError):
        await drain(stream)
    assert dict(otel.span().attributes or {})["error.type"] == "APIConnectionError"
    await close(client)


def status(code: int) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(code, json={"message": f"status {code}"}, headers={"x-request-id": "req-err"})

    return reply


ERRORS: List[Any] = [
    (status(400), sdk.BadRequestError),
    (status(401), sdk.AuthenticationError),
    (status(402), sdk.APIStatusError),
    (status(403), sdk.PermissionDeniedError),
    (status(404), sdk.NotFoundError),
    (status(409), sdk.ConflictError),
    (status(422), sdk.UnprocessableEntityError),
    (status(429), sdk.RateLimitError),
    (status(500), sdk.InternalServerError),
    (status(503), sdk.APIStatusError),
    (httpx.ConnectError("refused"), sdk.APIConnectionError),
    (httpx.ReadTimeout("slow"), sdk.APITimeoutError),
]


@pytest.mark.parametrize(("reply", "error"), ERRORS, ids=lambda v: getattr(v, "__name__", None) or repr(v)[:20])
async def test_every_error_class(otel: Otel, is_async: bool, reply: Any, error: Type[Exception]) -> None:
    client = make_client(FakeApi(reply), is_async=is_async)
    with pytest.raises(error) as raised:
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    await close(client)
    span = otel.span()
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == type(raised.value).__qualname__
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == str(raised.value)
    assert [event.name for event in span.events] == ["exception"]
    if isinstance(raised.value, sdk.APIStatusError):
        assert attributes["cerebras.request_id"] == "req-err"
    (point,) = otel.points("gen_ai.client.operation.duration")
    assert point.attributes["error.type"] == attributes["error.type"]


async def test_an_invalid_body_records_a_validation_error(otel: Otel, is_async: bool) -> None:
    bad = reply(200, {"id": 5, "choices": "no"})

    client = make_client(FakeApi(bad), is_async=is_async, _strict_response_validation=True)
    with pytest.raises(sdk.APIResponseValidationError):
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    await close(client)
    assert dict(otel.span().attributes or {})["error.type"] == "APIResponseValidationError"


async def test_retries_are_span_events(otel: Otel, is_async: bool) -> None:
    api = FakeApi(status(503), httpx.ConnectError("refused"), status(429))
    client = make_client(api, is_async=is_async, max_retries=3)
    delays: List[float] = []
    with set_testing(on_wait=delays.append):
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    await close(client)
    span = otel.span()
    assert dict(span.attributes or {})["cerebras.retry_count"] == 3
    events = [(event.name, dict(event.attributes or {})) for event in span.events]
    assert [name for name, _ in events] == ["cerebras.retry"] * 3
    assert [e["cerebras.retry.attempt"] for _, e in events] == [1, 2, 3]
    assert [e["cerebras.retry.delay"] for _, e in events] == pytest.approx(delays)
    assert events[0][1]["http.response.status_code"] == 503
    assert events[1][1]["error.type"] == "ConnectError"
    assert "http.response.status_code" not in events[1][1]
    assert events[2][1]["http.response.status_code"] == 429
    assert span.status.status_code is StatusCode.UNSET


async def test_retries_then_failure(otel: Otel, is_async: bool) -> None:
    client = make_client(FakeApi(*[status(500)] * 3), is_async=is_async, max_retries=2)
    with set_testing(), pytest.raises(sdk.InternalServerError):
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    await close(client)
    span = otel.span()
    attributes = dict(span.attributes or {})
    assert attributes["cerebras.retry_count"] == 2
    assert attributes["error.type"] == "InternalServerError"
    assert [event.name for event in span.events] == ["cerebras.retry", "cerebras.retry", "exception"]


async def test_content_is_not_recorded_by_default(otel: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    await drain(stream)
    await close(client)
    dumped = "".join(span.to_json() for span in otel.spans())
    assert len(otel.spans()) == 2
    assert "What is 3 + 4?" not in dumped
    assert "Seven." not in dumped
    assert "gen_ai.input.messages" not in dumped


@pytest.mark.parametrize("value", ["true", "True", "SPAN_ONLY"])
async def test_content_capture_on(providers: Otel, monkeypatch: pytest.MonkeyPatch, is_async: bool, value: str) -> None:
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", value)
    with providers.instrumented():
        client = make_client(is_async=is_async)
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
        await drain(stream)
        await resolve(client.completions.create(model="llama3.1-8b", prompt="Roses are red"))
        await close(client)
    plain, streamed, text = (dict(span.attributes or {}) for span in providers.spans())
    sent = [
        {"role": "system", "parts": [{"type": "text", "content": "Be brief."}]},
        {"role": "user", "parts": [{"type": "text", "content": "What is 3 + 4?"}]},
    ]
    assert json.loads(str(plain["gen_ai.input.messages"])) == sent
    assert json.loads(str(plain["gen_ai.output.messages"])) == [
        {"role": "assistant", "parts": [{"type": "text", "content": "Seven."}], "finish_reason": "stop"}
    ]
    assert json.loads(str(streamed["gen_ai.input.messages"])) == sent
    assert json.loads(str(streamed["gen_ai.output.messages"])) == [
        {"role": "assistant", "parts": [{"type": "text", "content": "w0 w1 w2 "}], "finish_reason": "stop"}
    ]
    assert json.loads(str(text["gen_ai.input.messages"])) == [
        {"role": "user", "parts": [{"type": "text", "content": "Roses are red"}]}
    ]
    assert json.loads(str(text["gen_ai.output.messages"]))[0]["parts"] == [{"type": "text", "content": " are blue"}]


async def test_the_api_key_never_appears(providers: Otel, monkeypatch: pytest.MonkeyPatch, is_async: bool) -> None:
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    with providers.instrumented():
        echo = f"Your key {API_KEY} is invalid"

        unauthorized = reply(401, {"message": echo})

        api = FakeApi(status(503), httpx.ConnectError(f"refused {API_KEY}"), FakeApi(), unauthorized)
        client = make_client(api, is_async=is_async, max_retries=2)
        with set_testing():
            await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
            with pytest.raises(sdk.AuthenticationError):
                await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        await close(client)
    spans = providers.spans()
    assert len(spans) == 2
    dumped = "".join(span.to_json() for span in spans) + providers.reader.get_metrics_data().to_json()  # type: ignore[union-attr]
    assert API_KEY not in dumped
    assert API_KEY[3:] not in dumped


async def test_clients_built_before_instrumenting_are_traced(providers: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    assert providers.spans() == []
    with providers.instrumented():
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        copied = client.with_options(timeout=5)
        await resolve(copied.completions.create(model="llama3.1-8b", prompt="x"))
    assert [span.name for span in providers.spans()] == ["chat llama3.1-8b", "text_completion llama3.1-8b"]
    assert _observe.get_observer_factory() is None
    await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    assert len(providers.spans()) == 2  # off again
    await close(client)


async def test_suppressed_instrumentation_makes_no_span(otel: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    with suppress_instrumentation():
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    await close(client)
    assert otel.spans() == []
    assert otel.points("gen_ai.client.operation.duration") == []


async def test_http_spans_nest_under_the_call_span(otel: Otel, is_async: bool) -> None:
    tracer = otel.tracer_provider.get_tracer("http-test")
    parents: List[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        with tracer.start_as_current_span("POST", kind=SpanKind.CLIENT) as http_span:
            assert isinstance(http_span, ReadableSpan)
            parents.append(http_span.parent)
        return FakeApi()(request)

    client = make_client(FakeApi(handler), is_async=is_async)
    with tracer.start_as_current_span("app") as app:
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        assert trace.get_current_span() is app  # our span is no longer current once the call returned
    await close(client)
    spans = {span.name: span for span in otel.spans()}
    call = spans["chat llama3.1-8b"]
    assert parents[0].span_id == call.context.span_id  # type: ignore[union-attr]
    assert call.parent.span_id == spans["app"].context.span_id  # type: ignore[union-attr]


async def test_latest_conventions_drop_the_deprecated_system_attribute(
    providers: Otel, monkeypatch: pytest.MonkeyPatch, is_async: bool
) -> None:
    monkeypatch.setenv("OTEL_SEMCONV_STABILITY_OPT_IN", "http, gen_ai_latest_experimental")
    with providers.instrumented():
        client = make_client(is_async=is_async)
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        await close(client)
    attributes: Dict[str, Any] = dict(providers.span().attributes or {})
    assert attributes["gen_ai.provider.name"] == "cerebras"
    assert "gen_ai.system" not in attributes


async def test_raw_response_calls_are_traced(otel: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    raw = await resolve(client.chat.completions.with_raw_response.create(model="llama3.1-8b", messages=MESSAGES))
    assert raw.status_code == 200
    await close(client)
    span = otel.span()
    assert span.name == "chat llama3.1-8b"
    assert dict(span.attributes or {})["cerebras.request_id"] == "req-1"


async def test_a_span_per_call_when_calls_overlap(otel: Otel) -> None:
    import asyncio

    client = make_client(FakeApi(chunks=3), is_async=True)
    streams = [
        await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True) for _ in range(3)
    ]
    await asyncio.gather(*(drain(stream) for stream in streams), client.completions.create(model="m", prompt="x"))
    await client.close()
    spans = otel.spans()
    assert sorted(span.name for span in spans) == ["chat llama3.1-8b"] * 3 + ["text_completion m"]
    assert len({span.context.span_id for span in spans}) == 4  # type: ignore[union-attr]
    assert all(span.parent is None for span in spans)  # none nested in another
