"""`CerebrasInstrumentor`: turns OpenTelemetry GenAI traces and metrics on and off for every client."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Collection, Optional, Tuple

from opentelemetry import metrics, trace
from opentelemetry.instrumentation.instrumentor import BaseInstrumentor

from ..._lib_interface import __version__, get_observer_factory, set_observer_factory
from ._observer import Telemetry

if TYPE_CHECKING:
    from ._events import OperationDetails

__all__ = ["CAPTURE_CONTENT_ENV", "EMIT_EVENT_ENV", "STABILITY_OPT_IN_ENV", "CerebrasInstrumentor"]

CAPTURE_CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
"""Whether and where message content is recorded: `true`, `SPAN_ONLY` or `SPAN_AND_EVENT` on
spans; under the latest conventions also `EVENT_ONLY`, and `true` / `SPAN_AND_EVENT` /
`EVENT_ONLY` on the `gen_ai.client.inference.operation.details` event. Off by default."""

STABILITY_OPT_IN_ENV = "OTEL_SEMCONV_STABILITY_OPT_IN"
"""With `gen_ai_latest_experimental` in it, only the latest GenAI conventions are followed."""

EMIT_EVENT_ENV = "OTEL_INSTRUMENTATION_GENAI_EMIT_EVENT"
"""`false` turns the `gen_ai.client.inference.operation.details` event off under the latest conventions."""

_SCHEMA_URL = "https://opentelemetry.io/schemas/1.37.0"

_ON_SPANS = frozenset({"true", "span_only", "span_and_event"})
_ON_EVENTS = frozenset({"true", "event_only", "span_and_event"})


def _latest_conventions() -> bool:
    value = os.environ.get(STABILITY_OPT_IN_ENV, "")
    return "gen_ai_latest_experimental" in (part.strip() for part in value.split(","))


def _content_modes(latest: bool) -> Tuple[bool, bool]:
    """Whether message content goes on spans, and on the operation event (latest conventions only)."""
    value = os.environ.get(CAPTURE_CONTENT_ENV, "").strip().lower()
    return value in _ON_SPANS, latest and value in _ON_EVENTS


def _emit_events() -> bool:
    return os.environ.get(EMIT_EVENT_ENV, "").strip().lower() != "false"


class CerebrasInstrumentor(BaseInstrumentor):
    """Traces every chat and text completion call of every `Cerebras` / `AsyncCerebras` client,
    including clients built before `instrument()`, following the OpenTelemetry GenAI client
    conventions (spans and metrics).

    ```py
    from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor

    CerebrasInstrumentor().instrument(tracer_provider=provider, meter_provider=meter_provider)
    ```

    Keyword arguments of `instrument()`: `tracer_provider`, `meter_provider` and
    `logger_provider` (default: the global ones), and `record_each_chunk` (default `False`): record
    `gen_ai.client.operation.time_per_output_chunk` once per chunk after the first, as the
    conventions describe, instead of once per stream as the mean time between chunks (each
    recording costs several microseconds per chunk).

    Read when `instrument()` is called: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`
    (`true`, `SPAN_ONLY`, `SPAN_AND_EVENT`: record the messages sent and received on the span;
    off by default) and `OTEL_SEMCONV_STABILITY_OPT_IN` (`gen_ai_latest_experimental`: follow
    the latest conventions: drop the deprecated `gen_ai.system` attribute, and emit one
    `gen_ai.client.inference.operation.details` event per call through the OpenTelemetry logs
    API (`logger_provider`), with the call's attributes, and its messages when content capture
    is `true`, `EVENT_ONLY` or `SPAN_AND_EVENT`; `OTEL_INSTRUMENTATION_GENAI_EMIT_EVENT=false`
    turns the event off). The metric names are the conventions' in both modes.
    """

    def instrumentation_dependencies(self) -> Collection[str]:
        """The distribution this instruments."""
        return ("cerebras_cloud_sdk >= 1.0",)

    def _instrument(self, **kwargs: Any) -> None:
        tracer = trace.get_tracer(
            __name__, __version__, tracer_provider=kwargs.get("tracer_provider"), schema_url=_SCHEMA_URL
        )
        meter = metrics.get_meter(
            __name__, __version__, meter_provider=kwargs.get("meter_provider"), schema_url=_SCHEMA_URL
        )
        latest = _latest_conventions()
        on_spans, on_events = _content_modes(latest)
        events: Optional[OperationDetails] = None
        if latest and _emit_events():
            from ._events import OperationDetails

            events = OperationDetails(kwargs.get("logger_provider"), __version__, _SCHEMA_URL, content=on_events)
        telemetry = Telemetry(
            tracer,
            meter,
            capture_content=on_spans,
            legacy=not latest,
            each_chunk=bool(kwargs.get("record_each_chunk", False)),
            events=events,
        )
        set_observer_factory(telemetry.observe)

    def _uninstrument(self, **kwargs: Any) -> None:
        factory = get_observer_factory()
        if isinstance(getattr(factory, "__self__", None), Telemetry):
            set_observer_factory(None)
