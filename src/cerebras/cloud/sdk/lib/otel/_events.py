"""The `gen_ai.client.inference.operation.details` event, through the OpenTelemetry logs API.

Only imported when `instrument()` runs under `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`
(the latest GenAI conventions): one event per chat or text completion call, emitted when the
call is over, in the context of its span (so it carries the span's trace and span ids), with
the call's attributes and, when content capture asks for it, its messages as structured values.
"""

from __future__ import annotations

import inspect
import json
import time
from typing import Dict, Mapping, Optional

from opentelemetry import trace
from opentelemetry._logs import LoggerProvider, LogRecord, get_logger
from opentelemetry.trace import Span
from opentelemetry.util.types import AnyValue

from ._names import EVENT_OPERATION_DETAILS, GEN_AI_INPUT_MESSAGES, GEN_AI_OUTPUT_MESSAGES

__all__ = ["OperationDetails"]

_EVENT_NAME_ATTRIBUTE = "event.name"
"""Where the event name goes on an OpenTelemetry API older than 1.35 (no `event_name` field)."""


def _has_event_name() -> bool:
    parameters = inspect.signature(LogRecord.__init__).parameters
    return "event_name" in parameters and "context" in parameters


class OperationDetails:
    """Emits the `gen_ai.client.inference.operation.details` event of a call."""

    def __init__(
        self, logger_provider: Optional[LoggerProvider], version: str, schema_url: str, *, content: bool
    ) -> None:
        self._logger = get_logger(__name__, version, logger_provider=logger_provider, schema_url=schema_url)
        self._modern = _has_event_name()
        self.content = content
        """Whether the event carries the messages (`gen_ai.input.messages`, `gen_ai.output.messages`)."""

    def emit(
        self,
        span: Span,
        start: Mapping[str, AnyValue],
        end: Mapping[str, AnyValue],
        input_json: Optional[str],
        output_json: Optional[str],
    ) -> None:
        """One event for the call of `span`: its `start` and `end` attributes (without the
        span's JSON message strings), and the messages decoded to structured values when this
        event carries content and they were captured."""
        attributes: Dict[str, AnyValue] = {**start, **end}
        attributes.pop(GEN_AI_OUTPUT_MESSAGES, None)
        if self.content:
            if input_json is not None:
                attributes[GEN_AI_INPUT_MESSAGES] = json.loads(input_json)
            if output_json is not None:
                attributes[GEN_AI_OUTPUT_MESSAGES] = json.loads(output_json)
        now = time.time_ns()
        if self._modern:
            record = LogRecord(
                timestamp=now,
                context=trace.set_span_in_context(span),
                event_name=EVENT_OPERATION_DETAILS,
                attributes=attributes,
            )
        else:  # pragma: no cover - an OpenTelemetry API older than 1.35
            ids = span.get_span_context()
            attributes[_EVENT_NAME_ATTRIBUTE] = EVENT_OPERATION_DETAILS
            record = LogRecord(  # pyright: ignore[reportDeprecated]
                timestamp=now,
                trace_id=ids.trace_id,
                span_id=ids.span_id,
                trace_flags=ids.trace_flags,
                attributes=attributes,
            )
        self._logger.emit(record)
