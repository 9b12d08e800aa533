"""What OpenTelemetry instrumentation costs: CPU per chat request and per stream chunk, as ratios
to the uninstrumented SDK measured in the same run.

    python benchmarks/otel_overhead.py [--rounds 5] [--requests 1000] [--chunks 10000]

Needs this repository installed with the `otel` extra and `opentelemetry-sdk` (the `test` extra
has both). Starts `server.py`, then, round after round, runs each configuration in a fresh
process (configurations interleaved, so drift on a shared machine hits them alike):

* `off` - never instrumented: the SDK as everyone runs it (OpenTelemetry is not even imported);
* `noop` - instrumented with OpenTelemetry's no-op tracer and meter providers: the cost of the
  SDK's own instrumentation code, without any telemetry SDK behind it;
* `memory` - instrumented with the OpenTelemetry SDK: spans through a `SimpleSpanProcessor` into
  an `InMemorySpanExporter`, metrics into an `InMemoryMetricReader` (the configuration the
  target is stated for);
* `memory-spans` - spans into the in-memory exporter, metrics to OpenTelemetry's no-op meter
  provider (what a service that only wants traces pays);
* `memory-each` - as `memory`, with `record_each_chunk=True` (a metric recording per chunk).

For `memory`, the worker also times the floor: the OpenTelemetry SDK's own work for one call
(one span with as many attributes, three histogram recordings), done directly, with no SDK
request and no attribute extraction. It is printed as its own row (`floor`).

Then one more process measures per-request CPU with every configuration in the same process
and on the same connection, switching the instrumentation on and off between batches of 200
requests, 30 rounds (`--interleaved-rounds`): `off`, `noop`, `memory`, `memory-spans`, and a
`calibration` row (`off` plus exactly 50 µs of CPU spun after each request, which shows how
precisely the end-to-end rows resolve a known cost). In the same rounds it times, without
any request, the floor and our observer's whole life for one plain call (`direct-noop`: our
code alone; `direct-memory`: with the in-memory SDK); `direct-memory - floor` is what our
instrumentation adds on top of the OpenTelemetry SDK.

A worker measures `time.process_time()` (its own CPU, not the server's) around 1,000 sync
`chat.completions.create` calls on one client (best of 5 batches) and around one
10,000-chunk stream (best of 3), after a warm-up. Each cell is the median over rounds; ratios
are to `off`. The cost of the seam itself when off (one module attribute read per call, one
per stream) is timed directly and shown as a share of an `off` request and chunk.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ["main"]

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = ("off", "noop", "memory", "memory-spans", "memory-each")
MESSAGES = [{"role": "user", "content": "Why is fast inference important?"}]


def _best(call: Callable[[], Any], units: int, reps: int) -> float:
    best = float("inf")
    for _ in range(reps):
        started = time.process_time()
        call()
        best = min(best, time.process_time() - started)
    return best / units * 1e6


def _nothing() -> None:
    pass


def _instrument(config: str) -> Tuple[Callable[[], None], Optional[Callable[[int], None]]]:
    """Turn instrumentation on as `config` says; returns what empties the in-memory stores and,
    for `memory`, the floor: the bare OpenTelemetry SDK work of `n` calls."""
    if config == "off":
        return _nothing, None
    from opentelemetry import metrics, trace

    from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor

    if config == "noop":
        CerebrasInstrumentor().instrument(
            tracer_provider=trace.NoOpTracerProvider(), meter_provider=metrics.NoOpMeterProvider()
        )
        return _nothing, None
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    if config == "memory-spans":
        CerebrasInstrumentor().instrument(tracer_provider=tracer_provider, meter_provider=metrics.NoOpMeterProvider())
        return exporter.clear, None
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    CerebrasInstrumentor().instrument(
        tracer_provider=tracer_provider, meter_provider=meter_provider, record_each_chunk=config == "memory-each"
    )

    def clear() -> None:
        exporter.clear()
        reader.get_metrics_data()  # collects (and so bounds) what the histograms hold

    return clear, (_floor(tracer_provider, meter_provider, clear) if config == "memory" else None)


def _floor(tracer_provider: Any, meter_provider: Any, clear: Callable[[], None]) -> Callable[[int, bool, bool], None]:
    """The OpenTelemetry SDK's own work for one plain call, done directly: a CLIENT span started
    with 9 attributes and ended with 10 more (`spans`), one duration and two token-usage
    recordings with the conventions' 6-7 attributes (`metrics`). No SDK request, no attribute
    extraction."""
    from opentelemetry.trace import SpanKind

    tracer = tracer_provider.get_tracer("floor")
    meter = meter_provider.get_meter("floor")
    duration = meter.create_histogram("floor.duration", unit="s")
    tokens = meter.create_histogram("floor.tokens", unit="{token}")
    start = {f"gen_ai.request.a{i}": i for i in range(9)}
    end = {f"gen_ai.response.b{i}": i for i in range(10)}
    common = {f"gen_ai.m{i}": "v" for i in range(6)}
    inputs = {**common, "gen_ai.token.type": "input"}
    outputs = {**common, "gen_ai.token.type": "output"}

    def run(n: int, spans: bool, metrics: bool) -> None:
        for _ in range(n):
            if spans:
                span = tracer.start_span("chat llama3.1-8b", kind=SpanKind.CLIENT, attributes=start)
                span.set_attributes(end)
                span.end()
            if metrics:
                duration.record(0.01, common)
                tokens.record(21, inputs)
                tokens.record(2, outputs)
        clear()

    return run


def _worker(config: str, base_url: str, requests: int, chunks: int) -> Dict[str, float]:
    clear, floor = _instrument(config)
    from cerebras.cloud.sdk import Cerebras

    client = Cerebras(api_key="sk-bench-0123456789abcdef", base_url=base_url, warm_tcp_connection=False)
    create = client.chat.completions.create

    def run_requests() -> None:
        for _ in range(requests):
            create(messages=MESSAGES, model="llama3.1-8b")
        clear()

    def run_stream() -> None:
        for _ in create(messages=MESSAGES, model="llama3.1-8b", stream=True, max_tokens=chunks):
            pass
        clear()

    for _ in range(100):
        create(messages=MESSAGES, model="llama3.1-8b")
    for _ in create(messages=MESSAGES, model="llama3.1-8b", stream=True, max_tokens=64):
        pass
    clear()
    result = {"request_us": _best(run_requests, requests, 5), "chunk_us": _best(run_stream, chunks, 3)}
    if floor is not None:
        result["floor_us"] = _best(lambda: floor(requests, True, True), requests, 5)
        result["floor_span_us"] = _best(lambda: floor(requests, True, False), requests, 5)
        result["floor_metrics_us"] = _best(lambda: floor(requests, False, True), requests, 5)
    client.close()
    return result


INTERLEAVED = ("off", "noop", "memory", "memory-spans", "calibration", "floor", "direct-noop", "direct-memory")
SPIN_US = 50.0
"""The `calibration` row: `off` plus exactly this much CPU spent in a loop after each request."""


def _spin(seconds: float) -> None:
    until = time.process_time() + seconds
    while time.process_time() < until:
        pass


def _direct(client: Any, create: Callable[..., Any], clear: Callable[[], None]) -> Callable[[int], None]:
    """Our observer's whole life for one plain call (factory, `on_response`, `on_result`),
    with the options and the result of a real call, but no request: what the instrumentation
    costs with the providers currently instrumented, measured without the HTTP round trip."""
    import httpx

    from cerebras.cloud.sdk import _observe

    factory = _observe.factory
    assert factory is not None
    seen: List[Any] = []

    def spy(client: Any, options: Any, stream: bool) -> Any:
        seen.append(options)
        return factory(client, options, stream)

    _observe.factory = spy
    result = create(messages=MESSAGES, model="llama3.1-8b")
    _observe.factory = factory
    options = seen[0]
    response = httpx.Response(200, headers={"x-request-id": "req-bench"})

    def run(n: int) -> None:
        for _ in range(n):
            observer = factory(client, options, False)
            assert observer is not None
            observer.on_response(response, 0)
            observer.on_result(result)
        clear()

    return run


def _interleaved(base_url: str, batch: int, rounds: int) -> Dict[str, List[float]]:
    """Per-request CPU of `off`, `noop`, `memory`, `memory-spans` and the floor, all in this one
    process and one client, switching the instrumentation on and off between batches, round
    after round: the configurations then share the process, the connection and the machine's
    drift, which separate processes (the table above) do not. A cell per round is the best of 3
    batches of `batch` requests."""
    from opentelemetry import metrics, trace
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from cerebras.cloud.sdk import Cerebras
    from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor

    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])

    def clear() -> None:
        exporter.clear()
        reader.get_metrics_data()

    floor = _floor(tracer_provider, meter_provider, clear)
    setups: Dict[str, Optional[Dict[str, Any]]] = {
        "off": None,
        "noop": {"tracer_provider": trace.NoOpTracerProvider(), "meter_provider": metrics.NoOpMeterProvider()},
        "memory": {"tracer_provider": tracer_provider, "meter_provider": meter_provider},
        "memory-spans": {"tracer_provider": tracer_provider, "meter_provider": metrics.NoOpMeterProvider()},
    }
    client = Cerebras(api_key="sk-bench-0123456789abcdef", base_url=base_url, warm_tcp_connection=False)
    create = client.chat.completions.create

    def run_requests() -> None:
        for _ in range(batch):
            create(messages=MESSAGES, model="llama3.1-8b")
        clear()

    def run_spinning() -> None:
        for _ in range(batch):
            create(messages=MESSAGES, model="llama3.1-8b")
            _spin(SPIN_US / 1e6)

    for _ in range(200):
        create(messages=MESSAGES, model="llama3.1-8b")
    instrumentor = CerebrasInstrumentor()
    figures: Dict[str, List[float]] = {name: [] for name in INTERLEAVED}
    for _ in range(rounds):
        for name, providers in setups.items():
            if providers is not None:
                instrumentor.instrument(**providers)
            figures[name].append(_best(run_requests, batch, 3))
            if providers is not None:
                instrumentor.uninstrument()
        figures["calibration"].append(_best(run_spinning, batch, 3))
        figures["floor"].append(_best(lambda: floor(batch, True, True), batch, 3))
        for name in ("noop", "memory"):
            instrumentor.instrument(**setups[name])  # type: ignore[arg-type]
            direct = _direct(client, create, clear)
            figures[f"direct-{name}"].append(_best(lambda: direct(batch), batch, 3))  # noqa: B023
            instrumentor.uninstrument()
    client.close()
    return figures


def _seam_cost_ns() -> float:
    """What a call pays for the seam when nothing is instrumented: read the slot, test it."""
    import importlib

    seam = {"_observe": importlib.import_module("cerebras.cloud.sdk._observe")}
    number = 1_000_000
    check = timeit.timeit("watch = _observe.factory\nif watch is not None: pass", globals=seam, number=number)
    empty = timeit.timeit("pass", number=number)
    return max(check - empty, 0.0) / number * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--interleaved-rounds", type=int, default=30)
    parser.add_argument("--worker", choices=(*CONFIGS, "interleaved"), help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "interleaved":
        print(json.dumps(_interleaved(args.base_url, 200, args.interleaved_rounds)))
        return
    if args.worker:
        print(json.dumps(_worker(args.worker, args.base_url, args.requests, args.chunks)))
        return

    server = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base_url = f"http://127.0.0.1:{int(server.stdout.readline().split()[1])}"
        figures: Dict[str, Dict[str, List[float]]] = {c: {} for c in CONFIGS}
        for round_ in range(args.rounds):
            for config in CONFIGS:
                command = [
                    sys.executable,
                    __file__,
                    "--worker",
                    config,
                    "--base-url",
                    base_url,
                    "--requests",
                    str(args.requests),
                    "--chunks",
                    str(args.chunks),
                ]
                done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
                for key, value in json.loads(done.stdout).items():
                    figures[config].setdefault(key, []).append(value)
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)
        command = [sys.executable, __file__, "--worker", "interleaved", "--base-url", base_url]
        command += ["--interleaved-rounds", str(args.interleaved_rounds)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=True)
        interleaved: Dict[str, List[float]] = json.loads(done.stdout)
    finally:
        server.terminate()
        server.wait(timeout=10)

    median = {c: {k: statistics.median(v) for k, v in figures[c].items()} for c in CONFIGS}
    off = median["off"]
    print(f"\nCPU per call (process_time; median of {args.rounds} rounds; ratio to `off` in the same run)\n")
    print("| configuration | µs per chat request | ratio | µs per stream chunk | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for config in CONFIGS:
        cell = median[config]
        print(
            f"| `{config}` | {cell['request_us']:.1f} | {cell['request_us'] / off['request_us']:.3f}x "
            f"| {cell['chunk_us']:.2f} | {cell['chunk_us'] / off['chunk_us']:.3f}x |"
        )
    memory = median["memory"]
    floor = memory["floor_us"]
    print(f"| `floor` (the OpenTelemetry SDK alone) | {floor:.1f} | {floor / off['request_us']:.3f}x over `off` | | |")
    added = memory["request_us"] - off["request_us"]
    ours = added - floor
    print(
        f"\n`memory` adds {added:.1f} µs per request ({added / off['request_us']:.1%}). The OpenTelemetry SDK's "
        f"own work for one call (a span with 19 attributes, 3 histogram recordings; `floor`) costs {floor:.1f} µs "
        f"in the same process ({floor / off['request_us']:.1%} of an `off` request by itself); our "
        f"instrumentation adds {ours:.1f} µs on top of it ({ours / off['request_us']:.1%}). `noop` (our code, "
        f"no telemetry SDK) adds {median['noop']['request_us'] - off['request_us']:.1f} µs. Of the floor, the span "
        f"costs {memory['floor_span_us']:.1f} µs and the three histogram recordings {memory['floor_metrics_us']:.1f} µs."
    )
    same = {name: statistics.median(values) for name, values in interleaved.items()}
    base = same["off"]
    print(
        f"\nPer request, in one process, configurations switched between batches of 200 requests "
        f"({args.interleaved_rounds} rounds; median over rounds of the best of 3 batches):\n"
    )
    print("| configuration | µs per chat request | ratio | added µs |")
    print("| --- | ---: | ---: | ---: |")
    for name in ("off", "noop", "memory", "memory-spans"):
        print(f"| `{name}` | {same[name]:.1f} | {same[name] / base:.3f}x | {same[name] - base:+.1f} |")
    print(
        f"| `calibration` (`off` + {SPIN_US:.0f} µs of CPU spun per request) | {same['calibration']:.1f} "
        f"| {same['calibration'] / base:.3f}x | {same['calibration'] - base:+.1f} |"
    )
    print("\nWithout the request (the same work timed directly, in the same process):\n")
    print("| what | µs per call | share of an `off` request |")
    print("| --- | ---: | ---: |")
    rows = (
        ("`floor`: the OpenTelemetry SDK alone (span with 19 attributes, 3 histogram recordings)", "floor"),
        ("`direct-noop`: our instrumentation, no-op providers (our code alone)", "direct-noop"),
        ("`direct-memory`: our instrumentation with the in-memory SDK", "direct-memory"),
    )
    for label, name in rows:
        print(f"| {label} | {same[name]:.1f} | {same[name] / base:.1%} |")
    ours = same["direct-memory"] - same["floor"]
    print(
        f"\nOurs on top of the SDK (`direct-memory` - `floor`): {ours:.1f} µs ({ours / base:.1%} of a request). "
        f"End to end, a known {SPIN_US:.0f} µs of CPU spun after each request measured "
        f"{same['calibration'] - base:+.1f} µs (the precision of the end-to-end rows)."
    )
    seam = _seam_cost_ns()
    print(
        f"\nThe seam when off: {seam:.0f} ns per call or stream, "
        f"{seam / 1e3 / off['request_us']:.4%} of an `off` request; per chunk it costs nothing "
        "(the stream reads the slot once)."
    )
    print(json.dumps({"median": median, "seam_ns": seam, "all": figures, "interleaved": interleaved}), file=sys.stderr)


if __name__ == "__main__":
    main()
