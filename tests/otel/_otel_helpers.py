"""Helpers of the OpenTelemetry tests: the shared fake API answering plain and streamed
completions, clients on it, and a view of what the in-memory exporters hold."""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Dict, Generator, List, Optional, Sequence

import httpx
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import SimpleLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader, Metric
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from _support import FakeApi as SharedFakeApi
from _support import Reply, async_client, sync_client
from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor

try:
    from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter as LogExporter
except ImportError:  # pragma: no cover - an older OpenTelemetry SDK
    from opentelemetry.sdk._logs.export import InMemoryLogExporter as LogExporter  # type: ignore[no-redef]

API_KEY = "sk-otel-test-4b1d7e5a9c3f"
BASE_URL = "http://api.test:8123"

CHAT: Dict[str, Any] = {
    "id": "chatcmpl-otel1",
    "object": "chat.completion",
    "created": 1735689600,
    "model": "llama3.1-8b",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Seven."}}],
    "usage": {
        "prompt_tokens": 21,
        "completion_tokens": 2,
        "total_tokens": 23,
        "prompt_tokens_details": {"cached_tokens": 16},
        "completion_tokens_details": {"reasoning_tokens": 1},
    },
    "time_info": {"queue_time": 0.00012, "prompt_time": 0.0009, "completion_time": 0.0011, "total_time": 0.0031},
}

CHAT_RESPONSE_ATTRIBUTES: Dict[str, Any] = {
    "gen_ai.response.id": "chatcmpl-otel1",
    "gen_ai.response.model": "llama3.1-8b",
    "gen_ai.response.finish_reasons": ("stop",),
    "gen_ai.usage.input_tokens": 21,
    "gen_ai.usage.output_tokens": 2,
    "gen_ai.usage.cache_read.input_tokens": 16,
    "gen_ai.usage.reasoning.output_tokens": 1,
    "cerebras.time_info.queue_time": 0.00012,
    "cerebras.time_info.prompt_time": 0.0009,
    "cerebras.time_info.completion_time": 0.0011,
    "cerebras.time_info.total_time": 0.0031,
    "cerebras.request_id": "req-1",
    "cerebras.retry_count": 0,
}
"""What a span (or event) of a plain call answered with `CHAT` and no retry carries about the answer."""

TEXT: Dict[str, Any] = {
    "id": "cmpl-otel2",
    "object": "text_completion",
    "created": 1735689700,
    "model": "llama3.1-8b",
    "choices": [{"index": 0, "text": " are blue", "finish_reason": "length"}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9},
    "time_info": {"queue_time": 0.0001, "prompt_time": 0.0002, "completion_time": 0.0003, "total_time": 0.0006},
}


def chat_chunks(n: int) -> List[Dict[str, Any]]:
    """`n` content chunks, then a final chunk with the finish reason, usage and time info."""
    head: Dict[str, Any] = {
        "id": "chatcmpl-s1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "llama3.1-8b",
    }
    chunks = [{**head, "choices": [{"index": 0, "delta": {"content": f"w{i} "}}]} for i in range(n)]
    chunks.append(
        {
            **head,
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 11, "completion_tokens": n, "total_tokens": 11 + n},
            "time_info": {"queue_time": 0.001, "prompt_time": 0.002, "completion_time": 0.003, "total_time": 0.006},
        }
    )
    return chunks


def text_chunks(n: int) -> List[Dict[str, Any]]:
    head: Dict[str, Any] = {"id": "cmpl-s2", "object": "text_completion", "created": 1, "model": "llama3.1-8b"}
    chunks = [{**head, "choices": [{"index": 0, "text": f"w{i} "}]} for i in range(n)]
    chunks.append(
        {
            **head,
            "choices": [{"index": 0, "text": "", "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": n, "total_tokens": 3 + n},
            "time_info": {"queue_time": 0.001, "prompt_time": 0.001, "completion_time": 0.002, "total_time": 0.004},
        }
    )
    return chunks


def sse(events: Sequence[object], *, done: bool = True) -> bytes:
    body = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events)
    return body + (b"data: [DONE]\n\n" if done else b"")


class FakeApi(SharedFakeApi):
    """The shared fake API; once its script runs out, it answers chat and text completions,
    plain or streamed (per the request body)."""

    def __init__(self, *script: Reply, chunks: int = 3) -> None:
        super().__init__(*script, then=self._default)
        self.chunks = chunks

    def _default(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        chat = request.url.path.endswith("/chat/completions")
        headers = {"x-request-id": f"req-{len(self.requests)}"}
        if body.get("stream"):
            events = chat_chunks(self.chunks) if chat else text_chunks(self.chunks)
            headers["content-type"] = "text/event-stream"
            return httpx.Response(200, stream=httpx.ByteStream(sse(events)), headers=headers)
        return httpx.Response(200, json=CHAT if chat else TEXT, headers=headers)


class Otel:
    """The spans and metrics recorded while the instrumentor was on."""

    def __init__(
        self,
        exporter: InMemorySpanExporter,
        reader: InMemoryMetricReader,
        tracer_provider: TracerProvider,
        meter_provider: MeterProvider,
    ) -> None:
        self.exporter = exporter
        self.reader = reader
        self.tracer_provider = tracer_provider
        self.meter_provider = meter_provider

    @contextmanager
    def instrumented(self, *, meter: bool = True, **options: Any) -> Generator[None, None, None]:
        """The instrumentor on for the `with` block, exporting spans (and, with `meter`, metrics) here;
        `options` go to `instrument()`."""
        if meter:
            options.setdefault("meter_provider", self.meter_provider)
        instrumentor = CerebrasInstrumentor()
        instrumentor.instrument(tracer_provider=self.tracer_provider, **options)
        try:
            yield
        finally:
            instrumentor.uninstrument()

    @contextmanager
    def logging_events(self, *, meter: bool = True, **options: Any) -> Generator[Any, None, None]:
        """`instrumented`, with a logger provider exporting the events to the in-memory exporter it yields."""
        exporter = LogExporter()
        logger_provider = LoggerProvider()
        logger_provider.add_log_record_processor(SimpleLogRecordProcessor(exporter))
        try:
            with self.instrumented(meter=meter, logger_provider=logger_provider, **options):
                yield exporter
        finally:
            logger_provider.shutdown()

    def spans(self) -> List[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def span(self) -> ReadableSpan:
        spans = self.spans()
        assert len(spans) == 1, [s.name for s in spans]
        return spans[0]

    def metrics(self) -> Dict[str, Metric]:
        data = self.reader.get_metrics_data()
        found: Dict[str, Metric] = {}
        if data is None:
            return found
        for resource in data.resource_metrics:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    found[metric.name] = metric
        return found

    def points(self, name: str) -> List[Any]:
        metric = self.metrics().get(name)
        return [] if metric is None else list(metric.data.data_points)


def make_client(api: Optional[FakeApi] = None, *, is_async: bool = False, **kwargs: Any) -> Any:
    handler = api if api is not None else FakeApi()
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("base_url", BASE_URL)
    kwargs.setdefault("max_retries", 0)
    return (async_client if is_async else sync_client)(handler, **kwargs)
