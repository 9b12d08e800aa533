"""The `gen_ai.client.inference.operation.details` event of the latest GenAI conventions, read
back through the OpenTelemetry SDK's in-memory log exporter: one per call under
`OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental` (plain and streamed, sync and async,
failed), none without it, the content modes, and never the API key."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from _otel_helpers import API_KEY, CHAT_RESPONSE_ATTRIBUTES, FakeApi, LogExporter, Otel, make_client
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor

import cerebras.cloud.sdk as sdk
from _support import close, drain, reply, resolve
from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor

EVENT = "gen_ai.client.inference.operation.details"
OPT_IN = "OTEL_SEMCONV_STABILITY_OPT_IN"
CAPTURE = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 3 + 4?"}]


class Logs:
    """The log records the instrumentor emitted."""

    def __init__(self, exporter: Any) -> None:
        self.exporter = exporter

    def records(self) -> List[Any]:
        return [data.log_record for data in self.exporter.get_finished_logs()]

    def event(self) -> Tuple[Dict[str, Any], Any]:
        """The one event emitted: its attributes, and the record."""
        records = self.records()
        assert len(records) == 1, records
        (record,) = records
        assert record.event_name == EVENT
        return dict(record.attributes or {}), record


@pytest.fixture
def logs(providers: Otel, monkeypatch: pytest.MonkeyPatch) -> Iterator[Logs]:
    """The instrumentor on under the latest conventions, with a logger provider exporting to memory."""
    monkeypatch.setenv(OPT_IN, "gen_ai_latest_experimental")
    with providers.logging_events() as exporter:
        yield Logs(exporter)


def same_ids(record: Any, span: Any) -> bool:
    context = span.get_span_context()
    return (record.trace_id, record.span_id) == (context.trace_id, context.span_id)


async def test_a_plain_chat_call(logs: Logs, providers: Otel, is_async: bool) -> None:
    client = make_client(is_async=is_async)
    await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, temperature=0.5, seed=3))
    await close(client)
    attributes, record = logs.event()
    span = providers.span()
    assert same_ids(record, span)
    assert record.body is None
    assert attributes == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "cerebras",
        "gen_ai.request.model": "llama3.1-8b",
        "server.address": "api.test",
        "server.port": 8123,
        "gen_ai.request.stream": False,
        "gen_ai.request.temperature": 0.5,
        "gen_ai.request.seed": 3,
        **CHAT_RESPONSE_ATTRIBUTES,
    }
    assert attributes == dict(span.attributes or {})  # the span's attributes, no more, no less
    # The metric names stay the conventions' under the opt-in.
    assert set(providers.metrics()) == {"gen_ai.client.operation.duration", "gen_ai.client.token.usage"}


@pytest.mark.parametrize("operation", ["chat", "text_completion"])
async def test_a_streamed_call(logs: Logs, providers: Otel, is_async: bool, operation: str) -> None:
    client = make_client(FakeApi(chunks=4), is_async=is_async)
    if operation == "chat":
        stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    else:
        stream = await resolve(client.completions.create(model="llama3.1-8b", prompt="Skies", stream=True))
    assert logs.records() == []  # not before the stream is over
    await drain(stream)
    await close(client)
    attributes, record = logs.event()
    assert same_ids(record, providers.span())
    assert attributes["gen_ai.operation.name"] == operation
    assert attributes["gen_ai.request.stream"] is True
    assert attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert attributes["gen_ai.usage.output_tokens"] == 4
    assert attributes["gen_ai.response.time_to_first_chunk"] >= 0
    assert "error.type" not in attributes


async def test_a_failed_call(logs: Logs, providers: Otel, is_async: bool) -> None:
    unavailable = reply(503, {"message": "busy"}, headers={"x-request-id": "req-err"})

    client = make_client(FakeApi(unavailable), is_async=is_async)
    with pytest.raises(sdk.APIStatusError) as raised:
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    await close(client)
    attributes, record = logs.event()
    assert same_ids(record, providers.span())
    assert attributes["error.type"] == type(raised.value).__qualname__
    assert attributes["cerebras.request_id"] == "req-err"
    assert "gen_ai.response.id" not in attributes


async def test_a_stream_failing_midway(logs: Logs, is_async: bool) -> None:
    body = b'data: {"id": "chatcmpl-s1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choi'

    truncated = reply(200, content=body, content_type="text/event-stream")

    client = make_client(FakeApi(truncated), is_async=is_async)
    stream = await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    with pytest.raises(sdk.APIConnectionError):
        await drain(stream)
    await close(client)
    attributes, _ = logs.event()
    assert attributes["error.type"] == "APIConnectionError"


async def test_one_event_per_call(logs: Logs, is_async: bool) -> None:
    models = reply(200, {"object": "list", "data": []})

    api = FakeApi()
    client = make_client(api, is_async=is_async)
    for _ in range(3):
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
    api.replies.append(models)
    await resolve(client.models.list())  # not an inference operation
    await close(client)
    records = logs.records()
    assert [r.event_name for r in records] == [EVENT] * 3
    assert len({r.span_id for r in records}) == 3


async def test_no_event_without_the_opt_in(providers: Otel, monkeypatch: pytest.MonkeyPatch, is_async: bool) -> None:
    monkeypatch.delenv(OPT_IN, raising=False)
    monkeypatch.setenv(CAPTURE, "SPAN_AND_EVENT")
    with providers.logging_events() as exporter:
        client = make_client(FakeApi(chunks=2), is_async=is_async)
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        await drain(await resolve(client.chat.completions.create(model="m", messages=MESSAGES, stream=True)))
        await close(client)
    assert len(providers.spans()) == 2
    assert list(exporter.get_finished_logs()) == []


async def test_emit_event_false_turns_it_off(providers: Otel, monkeypatch: pytest.MonkeyPatch, is_async: bool) -> None:
    monkeypatch.setenv(OPT_IN, "gen_ai_latest_experimental")
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_EMIT_EVENT", "False")
    with providers.logging_events(meter=False) as exporter:
        client = make_client(is_async=is_async)
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        await close(client)
    assert len(providers.spans()) == 1
    assert list(exporter.get_finished_logs()) == []


INPUT = [
    {"role": "system", "parts": [{"type": "text", "content": "Be brief."}]},
    {"role": "user", "parts": [{"type": "text", "content": "What is 3 + 4?"}]},
]


def plain(value: Any) -> Any:
    """An attribute value as plain lists and dicts (the SDK keeps sequences as tuples)."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("mode", "on_span", "on_event"),
    [
        ("", False, False),
        ("NO_CONTENT", False, False),
        ("SPAN_ONLY", True, False),
        ("EVENT_ONLY", False, True),
        ("SPAN_AND_EVENT", True, True),
        ("true", True, True),
    ],
)
@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
async def test_content_modes(
    logs: Logs,
    providers: Otel,
    monkeypatch: pytest.MonkeyPatch,
    is_async: bool,
    mode: str,
    on_span: bool,
    on_event: bool,
    streamed: bool,
) -> None:
    # `logs` instrumented already: instrument again with the mode (read when `instrument()` runs).
    CerebrasInstrumentor().uninstrument()
    monkeypatch.setenv(CAPTURE, mode)
    logger_provider = LoggerProvider()
    exporter = LogExporter()
    logger_provider.add_log_record_processor(SimpleLogRecordProcessor(exporter))
    CerebrasInstrumentor().instrument(tracer_provider=providers.tracer_provider, logger_provider=logger_provider)
    client = make_client(FakeApi(chunks=2), is_async=is_async)
    if streamed:
        await drain(await resolve(client.chat.completions.create(model="m", messages=MESSAGES, stream=True)))
        output = [{"role": "assistant", "parts": [{"type": "text", "content": "w0 w1 "}], "finish_reason": "stop"}]
    else:
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        output = [{"role": "assistant", "parts": [{"type": "text", "content": "Seven."}], "finish_reason": "stop"}]
    await close(client)
    logger_provider.shutdown()
    span_attributes = dict(providers.span().attributes or {})
    (data,) = exporter.get_finished_logs()
    event_attributes = dict(data.log_record.attributes or {})
    if on_span:
        assert json.loads(str(span_attributes["gen_ai.input.messages"])) == INPUT
        assert json.loads(str(span_attributes["gen_ai.output.messages"])) == output
    else:
        assert "gen_ai.input.messages" not in span_attributes
        assert "gen_ai.output.messages" not in span_attributes
    if on_event:  # structured values on the event, not JSON strings
        assert plain(event_attributes["gen_ai.input.messages"]) == INPUT
        assert plain(event_attributes["gen_ai.output.messages"]) == output
    else:
        assert "gen_ai.input.messages" not in event_attributes
        assert "gen_ai.output.messages" not in event_attributes


async def test_the_api_key_never_appears(providers: Otel, monkeypatch: pytest.MonkeyPatch, is_async: bool) -> None:
    monkeypatch.setenv(OPT_IN, "gen_ai_latest_experimental")
    monkeypatch.setenv(CAPTURE, "SPAN_AND_EVENT")
    with providers.logging_events(meter=False) as exporter:
        api = FakeApi()
        client = make_client(api, is_async=is_async)
        await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        api.replies.append(reply(401, {"message": f"Your key {API_KEY} is invalid"}))
        with pytest.raises(sdk.AuthenticationError):
            await resolve(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES))
        await close(client)
    records = [data.log_record for data in exporter.get_finished_logs()]
    assert len(records) == 2
    dumped = json.dumps([plain(dict(r.attributes or {})) for r in records], default=repr)
    dumped += "".join(repr(r.body) for r in records)
    assert "Seven." in dumped  # content was captured...
    assert API_KEY not in dumped  # ...and the key was not
    assert API_KEY[3:] not in dumped


def test_nothing_of_the_logs_api_is_imported_without_the_opt_in() -> None:
    script = textwrap.dedent(
        """
        import os, sys
        os.environ.pop("OTEL_SEMCONV_STABILITY_OPT_IN", None)
        from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor
        CerebrasInstrumentor().instrument()
        print(sorted(m for m in sys.modules if m.endswith("otel._events") or m.startswith(("opentelemetry._logs", "opentelemetry.sdk._logs"))))
        os.environ["OTEL_SEMCONV_STABILITY_OPT_IN"] = "gen_ai_latest_experimental"
        CerebrasInstrumentor().uninstrument()
        CerebrasInstrumentor().instrument()
        print("cerebras.cloud.sdk.lib.otel._events" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "True"]
