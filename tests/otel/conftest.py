"""OpenTelemetry fixtures: the SDK's in-memory span exporter and metric reader, and the
instrumentor switched on for one test."""

from __future__ import annotations

from typing import Iterator

import pytest
from _otel_helpers import Otel
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from _support import Driver


@pytest.fixture
def providers() -> Iterator[Otel]:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    yield Otel(exporter, reader, tracer_provider, meter_provider)
    meter_provider.shutdown()
    tracer_provider.shutdown()


@pytest.fixture
def otel(providers: Otel) -> Iterator[Otel]:
    """The instrumentor on, exporting to memory, for the length of one test."""
    with providers.instrumented():
        yield providers


@pytest.fixture
def is_async(api: Driver) -> bool:
    """Whether this run of the test uses `AsyncCerebras` (the shared sync/async `api` driver)."""
    return api.is_async
