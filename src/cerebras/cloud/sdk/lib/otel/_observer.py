"""The OpenTelemetry side of each call: one CLIENT span and the GenAI client metrics.

`Telemetry` holds what one `CerebrasInstrumentor.instrument()` set up (tracer, histograms,
settings) and is the core's observer factory; `CallSpan` is the observer of one call (see
`cerebras.cloud.sdk._observe` for when it is told what).

A call gets no span of ours when another instrumentation already covers it: when
instrumentation is suppressed in the current context, or when the current span is a recording
span describing a Cerebras model call (`gen_ai.provider.name` or `gen_ai.system` is
"cerebras" and `gen_ai.operation.name`, if set, is `chat` or `text_completion`): a
third-party tracer that wraps `create` has opened it for this very call.
"""

from __future__ import annotations

import time
from collections.abc import Mapping as AbcMapping
from typing import TYPE_CHECKING, Dict, Mapping, Optional, Tuple

import httpx
from opentelemetry import context, trace
from opentelemetry.instrumentation.utils import is_instrumentation_enabled
from opentelemetry.metrics import Histogram, Meter
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer

from ..._lib_interface import FinalRequestOptions, request_id_of
from ._attributes import (
    Attributes,
    OutputCollector,
    base_attributes,
    field,
    finish_reasons,
    input_messages,
    is_cerebras_call,
    operation_of,
    output_messages,
    parameter_attributes,
    response_attributes,
    time_info_attributes,
    usage_attributes,
)
from ._names import (
    CEREBRAS_REQUEST_ID,
    CEREBRAS_RETRY_ATTEMPT,
    CEREBRAS_RETRY_COUNT,
    CEREBRAS_RETRY_DELAY,
    CEREBRAS_RETRY_EVENT,
    DURATION_BUCKETS,
    ERROR_TYPE,
    GEN_AI_INPUT_MESSAGES,
    GEN_AI_OPERATION_NAME,
    GEN_AI_OUTPUT_MESSAGES,
    GEN_AI_PROVIDER_NAME,
    GEN_AI_REQUEST_MODEL,
    GEN_AI_RESPONSE_FINISH_REASONS,
    GEN_AI_RESPONSE_MODEL,
    GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
    GEN_AI_TOKEN_TYPE,
    GEN_AI_USAGE_INPUT_TOKENS,
    GEN_AI_USAGE_OUTPUT_TOKENS,
    HTTP_RESPONSE_STATUS_CODE,
    METRIC_OPERATION_DURATION,
    METRIC_TIME_PER_OUTPUT_CHUNK,
    METRIC_TIME_TO_FIRST_CHUNK,
    METRIC_TOKEN_USAGE,
    SERVER_ADDRESS,
    SERVER_PORT,
    TOKEN_BUCKETS,
)

if TYPE_CHECKING:
    from ._events import OperationDetails

__all__ = ["CallSpan", "MetricSet", "Shape", "Telemetry"]

_clock = time.perf_counter

_METRIC_KEYS = (GEN_AI_OPERATION_NAME, GEN_AI_PROVIDER_NAME, GEN_AI_REQUEST_MODEL, SERVER_ADDRESS, SERVER_PORT)
"""The request attributes the metrics carry (the conventions' set, less the response ones)."""

_DEFAULT_PORTS = {"https": 443, "http": 80}

_CACHE_SIZE = 256
"""Bound of each cache below (emptied when full: only a pathological mix of models reaches it)."""

MetricSet = Tuple[Attributes, Attributes, Attributes]
"""The attributes of one outcome's metric recordings: duration, input tokens, output tokens."""


class Shape:
    """What every call to one model through one client shares, built once and reused: the span
    name, the attributes the span starts with, and the metric attributes of each outcome."""

    __slots__ = ("_outcomes", "attributes", "metric_attributes", "name")

    def __init__(self, operation: str, attributes: Attributes) -> None:
        model = attributes.get(GEN_AI_REQUEST_MODEL)
        self.name = f"{operation} {model}" if model else operation
        self.attributes = attributes
        self.metric_attributes: Attributes = {k: attributes[k] for k in _METRIC_KEYS if k in attributes}
        self._outcomes: Dict[Tuple[object, Optional[str]], MetricSet] = {}

    def metric_set(self, response_model: object, error_type: Optional[str]) -> MetricSet:
        """The metric attributes of a call that answered with `response_model` (or failed with
        `error_type`)."""
        if not isinstance(response_model, str):
            response_model = None  # also keeps a server's odd (unhashable) value out of the key
        key = (response_model, error_type)
        found = self._outcomes.get(key)
        if found is None:
            attributes = dict(self.metric_attributes)
            if response_model is not None:
                attributes[GEN_AI_RESPONSE_MODEL] = response_model
            if error_type is not None:
                attributes[ERROR_TYPE] = error_type
            found = (
                attributes,
                {**attributes, GEN_AI_TOKEN_TYPE: "input"},
                {**attributes, GEN_AI_TOKEN_TYPE: "output"},
            )
            if len(self._outcomes) >= _CACHE_SIZE:
                self._outcomes.clear()
            self._outcomes[key] = found
        return found


class Telemetry:
    """Tracer, histograms and settings of one `instrument()`; its `observe` is the core's factory."""

    def __init__(
        self,
        tracer: Tracer,
        meter: Meter,
        *,
        capture_content: bool,
        legacy: bool,
        each_chunk: bool,
        events: Optional[OperationDetails] = None,
    ) -> None:
        self.tracer = tracer
        self.capture_content = capture_content
        """Whether spans carry the messages (`gen_ai.input.messages`, `gen_ai.output.messages`)."""
        self.events = events
        """Emits the `gen_ai.client.inference.operation.details` event of each call, under the
        latest conventions; `None` otherwise."""
        self.legacy = legacy
        self.each_chunk = each_chunk
        durations = list(DURATION_BUCKETS)
        self.duration: Histogram = meter.create_histogram(
            METRIC_OPERATION_DURATION,
            unit="s",
            description="GenAI operation duration.",
            explicit_bucket_boundaries_advisory=durations,
        )
        self.token_usage: Histogram = meter.create_histogram(
            METRIC_TOKEN_USAGE,
            unit="{token}",
            description="Number of input and output tokens used.",
            explicit_bucket_boundaries_advisory=[float(b) for b in TOKEN_BUCKETS],
        )
        self.time_to_first_chunk: Histogram = meter.create_histogram(
            METRIC_TIME_TO_FIRST_CHUNK,
            unit="s",
            description="Time to receive the first chunk of a streamed response.",
            explicit_bucket_boundaries_advisory=durations,
        )
        self.time_per_output_chunk: Histogram = meter.create_histogram(
            METRIC_TIME_PER_OUTPUT_CHUNK,
            unit="s",
            description="Time per output chunk, after the first chunk of a streamed response.",
            explicit_bucket_boundaries_advisory=durations,
        )
        self._servers: Dict[int, Tuple[httpx.URL, Optional[str], Optional[int]]] = {}
        self._operations: Dict[Tuple[str, str], Optional[str]] = {}
        self._shapes: Dict[Tuple[object, ...], Shape] = {}

    def _server(self, client: object) -> Tuple[Optional[str], Optional[int]]:
        url = getattr(client, "base_url", None)
        if not isinstance(url, httpx.URL):
            return None, None
        known = self._servers.get(id(url))
        if known is None or known[0] is not url:
            port = url.port if url.port is not None else _DEFAULT_PORTS.get(url.scheme)
            known = (url, url.host or None, port)
            if len(self._servers) >= _CACHE_SIZE:
                self._servers.clear()
            self._servers[id(url)] = known
        return known[1], known[2]

    def _operation(self, method: str, url: str) -> Optional[str]:
        key = (method, url)
        try:
            return self._operations[key]
        except KeyError:
            pass
        operation = operation_of(method, url)
        if len(self._operations) >= _CACHE_SIZE:
            self._operations.clear()
        self._operations[key] = operation
        return operation

    def _shape(self, operation: str, model: object, client: object, stream: bool) -> Shape:
        address, port = self._server(client)
        key = (operation, model if isinstance(model, str) else None, address, port, stream)
        shape = self._shapes.get(key)
        if shape is None:
            attributes = base_attributes(
                operation, model, address=address, port=port, stream=stream, legacy=self.legacy
            )
            shape = Shape(operation, attributes)
            if len(self._shapes) >= _CACHE_SIZE:
                self._shapes.clear()
            self._shapes[key] = shape
        return shape

    def observe(self, client: object, options: FinalRequestOptions, stream: bool) -> Optional[CallSpan]:
        """The core's observer factory: a `CallSpan` for a chat or text completion call, else `None`."""
        operation = self._operation(options.method, options.url)
        if operation is None or not is_instrumentation_enabled():
            return None
        current = trace.get_current_span()
        if current.is_recording() and is_cerebras_call(getattr(current, "attributes", None)):
            return None  # another tracer's span for this very call: it is the one
        data = options.json_data
        body: Mapping[str, object] = data if isinstance(data, AbcMapping) else {}  # pyright: ignore[reportUnknownVariableType]
        extra = options.extra_json
        if extra:
            body = {**body, **extra}
        shape = self._shape(operation, body.get("model"), client, stream)
        return CallSpan(self, shape, operation, body)


class CallSpan:
    """The observer of one call: opens its span at once, ends it (and records the metrics) once."""

    __slots__ = (
        "_collector",
        "_count",
        "_done",
        "_first",
        "_first_at",
        "_input",
        "_last",
        "_last_at",
        "_request_id",
        "_retries",
        "_shape",
        "_span",
        "_start",
        "_started",
        "_telemetry",
        "_token",
    )

    def __init__(self, telemetry: Telemetry, shape: Shape, operation: str, body: Mapping[str, object]) -> None:
        attributes = shape.attributes
        parameters = parameter_attributes(body)
        if parameters:
            attributes = {**attributes, **parameters}
        span = telemetry.tracer.start_span(shape.name, kind=SpanKind.CLIENT, attributes=attributes)
        self._span = span
        self._telemetry = telemetry
        self._shape = shape
        self._start = attributes
        self._collector: Optional[OutputCollector] = None
        self._input: Optional[str] = None
        events = telemetry.events
        on_span = telemetry.capture_content and span.is_recording()
        if on_span or (events is not None and events.content):
            self._input = input_messages(operation, body)
            if on_span and self._input is not None:
                span.set_attribute(GEN_AI_INPUT_MESSAGES, self._input)
            self._collector = OutputCollector()
        self._done = False
        self._retries = 0
        self._request_id: Optional[str] = None
        self._count = 0
        self._first: object = None
        self._last: object = None
        self._first_at = 0.0
        self._last_at = 0.0
        # Current while the request is sent, so that HTTP-level spans nest under this one.
        self._token: Optional[object] = context.attach(trace.set_span_in_context(span))
        self._started = _clock()

    def _detach(self) -> None:
        token = self._token
        if token is not None:
            self._token = None
            context.detach(token)  # pyright: ignore[reportArgumentType]

    # ------------------------------------------------------------------ CallObserver

    def on_retry(
        self, retries_taken: int, delay: float, status_code: Optional[int], error: Optional[BaseException]
    ) -> None:
        """Record the retry as a span event."""
        self._retries = retries_taken + 1
        event: Attributes = {CEREBRAS_RETRY_ATTEMPT: retries_taken + 1, CEREBRAS_RETRY_DELAY: float(delay)}
        if status_code is not None:
            event[HTTP_RESPONSE_STATUS_CODE] = status_code
        if error is not None:
            event[ERROR_TYPE] = type(error).__qualname__
        self._span.add_event(CEREBRAS_RETRY_EVENT, event)

    def on_response(self, response: httpx.Response, retries_taken: int) -> None:
        """Note the request id and retries; the span stops being current."""
        self._detach()
        self._retries = retries_taken
        self._request_id = request_id_of(response.headers)

    def on_result(self, result: object) -> None:
        """End the span with what the response body says."""
        if self._done:
            return
        self._done = True
        attributes = response_attributes(result)
        usage = field(result, "usage")
        attributes.update(usage_attributes(usage))
        attributes.update(time_info_attributes(field(result, "time_info")))
        output = None if self._collector is None else output_messages(field(result, "choices"))
        self._finish(attributes, None, output)

    def on_chunk(self, item: object) -> None:
        """Count the chunk and note its time (the rest is read from the first and last ones)."""
        now = _clock()
        if self._count == 0:
            self._first_at = now
            self._first = item
        elif self._telemetry.each_chunk:
            self._telemetry.time_per_output_chunk.record(now - self._last_at, self._chunk_metric_attributes())
        self._count += 1
        self._last_at = now
        self._last = item
        collector = self._collector
        if collector is not None:
            collector.add(item)

    def on_end(self, error: Optional[BaseException]) -> None:
        """End the span: failed with `error`, else a stream that is over."""
        if self._done:
            return
        self._done = True
        self._detach()
        if isinstance(error, GeneratorExit):  # closed or left early: not a failure
            error = None
        attributes: Attributes = {}
        if self._count:
            attributes.update(response_attributes(self._first))
            attributes.pop(GEN_AI_RESPONSE_FINISH_REASONS, None)
            last = self._last
            reasons = finish_reasons(field(last, "choices"))
            if reasons:
                attributes[GEN_AI_RESPONSE_FINISH_REASONS] = reasons
            attributes.update(usage_attributes(field(last, "usage")))
            attributes.update(time_info_attributes(field(last, "time_info")))
            attributes[GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = self._first_at - self._started
        output = self._collector.messages() if self._collector is not None and self._count else None
        self._finish(attributes, error, output)

    # ------------------------------------------------------------------ ending

    def _chunk_metric_attributes(self) -> Attributes:
        return self._shape.metric_set(field(self._first, "model"), None)[0]

    def _finish(self, attributes: Attributes, error: Optional[BaseException], output: Optional[str]) -> None:
        """End the span with `attributes` (and the messages received, `output`, when captured),
        record the metrics and, under the latest conventions, emit the operation's event."""
        span = self._span
        telemetry = self._telemetry
        ended = _clock()
        if self._request_id is not None:
            attributes[CEREBRAS_REQUEST_ID] = self._request_id
        elif error is not None:
            request_id = getattr(error, "request_id", None)
            if isinstance(request_id, str):
                attributes[CEREBRAS_REQUEST_ID] = request_id
        attributes[CEREBRAS_RETRY_COUNT] = self._retries
        error_type: Optional[str] = None
        if error is not None:
            error_type = type(error).__qualname__
            attributes[ERROR_TYPE] = error_type
            if span.is_recording():
                span.set_status(Status(StatusCode.ERROR, str(error) or error_type))
                span.record_exception(error)
        if span.is_recording():
            if output is not None and telemetry.capture_content:
                span.set_attributes({**attributes, GEN_AI_OUTPUT_MESSAGES: output})
            else:
                span.set_attributes(attributes)
        span.end()
        self._record(attributes, self._shape.metric_set(attributes.get(GEN_AI_RESPONSE_MODEL), error_type), ended)
        if telemetry.events is not None:
            telemetry.events.emit(span, self._start, attributes, self._input, output)

    def _record(self, attributes: Attributes, metric_set: MetricSet, ended: float) -> None:
        telemetry = self._telemetry
        metric_attributes = metric_set[0]
        telemetry.duration.record(ended - self._started, metric_attributes)
        tokens = attributes.get(GEN_AI_USAGE_INPUT_TOKENS)
        if isinstance(tokens, int):
            telemetry.token_usage.record(tokens, metric_set[1])
        tokens = attributes.get(GEN_AI_USAGE_OUTPUT_TOKENS)
        if isinstance(tokens, int):
            telemetry.token_usage.record(tokens, metric_set[2])
        if self._count:
            telemetry.time_to_first_chunk.record(self._first_at - self._started, metric_attributes)
            if self._count > 1 and not telemetry.each_chunk:
                gap = (self._last_at - self._first_at) / (self._count - 1)
                telemetry.time_per_output_chunk.record(gap, metric_attributes)
