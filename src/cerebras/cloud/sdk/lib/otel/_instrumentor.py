"""`CerebrasInstrumentor`: turns OpenTelemetry GenAI traces and metrics on and off for every client."""

from __future__ import annotations

import os
from typing import Any, Collection

from opentelemetry import metrics, trace
from opentelemetry.instrumentation.instrumentor import BaseInstrumentor

from ..._lib_interface import __version__, get_observer_factory, set_observer_factory
from ._observer import Telemetry

__all__ = ["CAPTURE_CONTENT_ENV", "CerebrasInstrumentor", "STABILITY_OPT_IN_ENV"]

CAPTURE_CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
"""`true` records message content on spans (`gen_ai.input.messages`, `gen_ai.output.messages`)."""

STABILITY_OPT_IN_ENV = "OTEL_SEMCONV_STABILITY_OPT_IN"
"""With `gen_ai_latest_experimental` in it, only the latest GenAI conventions are followed."""

_SCHEMA_URL = "https://opentelemetry.io/schemas/1.37.0"

_CAPTURE_VALUES = frozenset({"true", "span_only", "span_and_event"})


def _latest_conventions() -> bool:
    value = os.environ.get(STABILITY_OPT_IN_ENV, "")
    return "gen_ai_latest_experimental" in (part.strip() for part in value.split(","))


def _capture_content() -> bool:
    return os.environ.get(CAPTURE_CONTENT_ENV, "").strip().lower() in _CAPTURE_VALUES


class CerebrasInstrumentor(BaseInstrumentor):
    """Traces every chat and text completion call of every `Cerebras` / `AsyncCerebras` client,
    including clients built before `instrument()`, following the OpenTelemetry GenAI client
    conventions (spans and metrics).

    ```py
    from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor

    CerebrasInstrumentor().instrument(tracer_provider=provider, meter_provider=meter_provider)
    ```

    Keyword arguments of `instrument()`: `tracer_provider` and `meter_provider` (default: the
    global ones), and `record_each_chunk` (default `False`): record
    `gen_ai.client.operation.time_per_output_chunk` once per chunk after the first, as the
    conventions describe, instead of once per stream as the mean time between chunks (each
    recording costs several microseconds per chunk).

    Read when `instrument()` is called: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`
    (`true`: record the messages sent and received on the span; off by default) and
    `OTEL_SEMCONV_STABILITY_OPT_IN` (`gen_ai_latest_experimental`: drop the deprecated
    `gen_ai.system` attribute).
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
        telemetry = Telemetry(
            tracer,
            meter,
            capture_content=_capture_content(),
            legacy=not _latest_conventions(),
            each_chunk=bool(kwargs.get("record_each_chunk", False)),
        )
        set_observer_factory(telemetry.observe)

    def _uninstrument(self, **kwargs: Any) -> None:
        factory = get_observer_factory()
        if isinstance(getattr(factory, "__self__", None), Telemetry):
            set_observer_factory(None)
