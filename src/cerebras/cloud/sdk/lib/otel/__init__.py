"""OpenTelemetry GenAI traces and metrics: `CerebrasInstrumentor().instrument()`.

Needs the `otel` extra (`pip install "cerebras_cloud_sdk[otel]"`: `opentelemetry-api` and
`opentelemetry-instrumentation`). Nothing of OpenTelemetry is imported until this package is.
"""

from __future__ import annotations

try:
    from ._instrumentor import CAPTURE_CONTENT_ENV, EMIT_EVENT_ENV, STABILITY_OPT_IN_ENV, CerebrasInstrumentor
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    if not (exc.name or "").startswith("opentelemetry"):
        raise
    raise ImportError(
        "cerebras.cloud.sdk.lib.otel needs OpenTelemetry: pip install 'cerebras_cloud_sdk[otel]'", name=exc.name
    ) from exc

__all__ = ["CAPTURE_CONTENT_ENV", "EMIT_EVENT_ENV", "STABILITY_OPT_IN_ENV", "CerebrasInstrumentor"]
