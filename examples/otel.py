"""OpenTelemetry: GenAI spans (and metrics) for every call, printed to the console.

Needs the `otel` extra and the OpenTelemetry SDK:

    pip install "cerebras_cloud_sdk[otel]" opentelemetry-sdk
    python examples/otel.py

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator.
Without the OpenTelemetry SDK installed it says what to install and exits without error.
"""

from __future__ import annotations

import sys

from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key

try:
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import ConsoleMetricExporter, PeriodicExportingMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor

    from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor
except ImportError as missing:
    print(f"This example needs OpenTelemetry ({missing}).")
    print('Install it with: pip install "cerebras_cloud_sdk[otel]" opentelemetry-sdk')
    sys.exit(0)


def main() -> None:
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    # Metrics are printed once, at shutdown (a long export interval keeps the output short).
    reader = PeriodicExportingMetricReader(ConsoleMetricExporter(), export_interval_millis=3_600_000)
    meter_provider = MeterProvider(metric_readers=[reader])

    instrumentor = CerebrasInstrumentor()
    instrumentor.instrument(tracer_provider=tracer_provider, meter_provider=meter_provider)
    try:
        with emulator_unless_api_key(), Cerebras() as client:
            completion = client.chat.completions.create(
                model="llama3.1-8b",
                messages=[{"role": "user", "content": "Name three prime numbers."}],
                max_completion_tokens=40,
            )
            print("answer:", completion.choices[0].message.content)

            # A stream's span stays open until the stream ends (here: exhausted).
            stream = client.chat.completions.create(
                model="llama3.1-8b",
                messages=[{"role": "user", "content": "Count to five."}],
                max_completion_tokens=30,
                stream=True,
            )
            pieces = [chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices]
            print("streamed:", "".join(pieces))
    finally:
        instrumentor.uninstrument()
        meter_provider.shutdown()  # prints the metrics
        tracer_provider.shutdown()


if __name__ == "__main__":
    main()
