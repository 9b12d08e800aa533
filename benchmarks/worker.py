"""One measurement of one contender, in a fresh process: `python benchmarks/worker.py CONTENDER BENCH ...`.

Run by `run.py` with the contender's own virtualenv's Python; prints one JSON object on stdout.
Standard library only (plus the contender's library, imported through its module in `clients/`).

Benchmarks (`--n` is the count of timed calls; a few untimed calls warm the pool first):

* `import` - seconds to import the contender's library (nothing else imported before it);
* `construct` - seconds for the first client construction in the process, and the median of
  `--n` more (`--warm off|default`);
* `chat` / `models` - sequential sync calls in 3 batches: the best batch's mean, and p50, p99 of
  all calls, in seconds;
* `chat_async` - `--n` calls with 64 in flight (`--backend default|aiohttp`), in 3 batches:
  calls per second of the best batch;
* `stream` / `stream_async` - 3 streams of `--chunks` chunks on a warm pool: chunks per second
  (the call to the last chunk) and time to the first chunk, each the best of the 3;
* `short_streams` - after one warm-up stream, `--n` streams of 16 chunks: time to first chunk
  (median) and the connections the server accepted per stream;
* `rss` - peak resident memory (`ru_maxrss`) after importing, building a client and `--n`
  sequential chat calls, and the same figure right after the import.
"""

from __future__ import annotations

import sys
import time

if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[2] == "import":
    # Measured before anything else is imported, so shared dependencies are not pre-loaded.
    import importlib

    _module = {"ours": "cerebras.cloud.sdk", "official": "cerebras.cloud.sdk", "openai": "openai"}.get(
        sys.argv[1], "httpx"
    )
    _t0 = time.perf_counter()
    importlib.import_module(_module)
    _elapsed = time.perf_counter() - _t0
    sys.stdout.write(f'{{"import_s": {_elapsed!r}}}\n')
    sys.exit(0)

import argparse
import asyncio
import gc
import http.client
import importlib
import json
import os
import resource
from typing import Any, Callable, Dict, List

__all__ = ["main"]

MODULES = {"ours": "cerebras_sdk", "official": "cerebras_sdk", "openai": "openai_sdk", "raw": "raw_httpx"}
IN_FLIGHT = 64
BATCHES = 3
"""Timed loops run in this many batches (streams: this many streams); the best one counts."""
SHORT_STREAM_CHUNKS = 16


def _client_module(contender: str) -> Any:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    return importlib.import_module(f"clients.{MODULES[contender]}")


def _server_stats(base_url: str) -> Dict[str, Any]:
    host, port = base_url.split("//", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/_stats", headers={"Connection": "close"})
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def _percentile(sorted_values: List[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def _latencies(call: Callable[[], Any], n: int) -> Dict[str, float]:
    timer = time.perf_counter
    times: List[float] = []
    append = times.append
    means: List[float] = []
    size = max(1, n // BATCHES)
    for _ in range(BATCHES):
        start = len(times)
        for _ in range(size):
            t0 = timer()
            call()
            append(timer() - t0)
        means.append(sum(times[start:]) / size)
    times.sort()
    return {"mean_s": min(means), "p50_s": _percentile(times, 0.5), "p99_s": _percentile(times, 0.99)}


def bench_construct(mod: Any, args: argparse.Namespace) -> Dict[str, Any]:
    warm = None if args.warm == "default" else False
    times: List[float] = []
    for _ in range(1 + args.n):
        t0 = time.perf_counter()
        client = mod.make_sync(args.base_url, warm)
        times.append(time.perf_counter() - t0)
        time.sleep(0.01)  # let a background warm-up finish before closing
        mod.close(client)
    later = sorted(times[1:])
    return {"construct_first_s": times[0], "construct_next_p50_s": _percentile(later, 0.5) if later else times[0]}


def bench_sequential(mod: Any, args: argparse.Namespace, what: str) -> Dict[str, Any]:
    client = mod.make_sync(args.base_url, False)
    call = getattr(mod, what)
    for _ in range(args.warmup):
        call(client)
    result = _latencies(lambda: call(client), args.n)
    mod.close(client)
    return result


def bench_chat_async(mod: Any, args: argparse.Namespace) -> Dict[str, Any]:
    async def run() -> float:
        client = mod.make_async(args.base_url, args.backend == "aiohttp")
        await asyncio.gather(*(mod.achat(client) for _ in range(IN_FLIGHT)))
        size = max(IN_FLIGHT, args.n // BATCHES)
        best = float("inf")
        for _ in range(BATCHES):
            remaining = [size]

            async def lane(remaining: List[int] = remaining) -> None:
                while remaining[0] > 0:
                    remaining[0] -= 1
                    await mod.achat(client)

            t0 = time.perf_counter()
            await asyncio.gather(*(lane() for _ in range(IN_FLIGHT)))
            best = min(best, (time.perf_counter() - t0) / size)
        await mod.aclose(client)
        return best

    return {"rps": 1 / asyncio.run(run())}


def _consume(start: Callable[[], Any]) -> tuple[float, int]:
    t0 = time.perf_counter()
    first = 0.0
    count = 0
    for _ in start():
        if count == 0:
            first = time.perf_counter() - t0
        count += 1
    return first, count


def bench_stream(mod: Any, args: argparse.Namespace) -> Dict[str, Any]:
    client = mod.make_sync(args.base_url, False)
    for _ in mod.stream(client, SHORT_STREAM_CHUNKS):
        pass
    best, best_first = float("inf"), float("inf")
    for _ in range(BATCHES):
        gc.collect()
        t0 = time.perf_counter()
        first = 0.0
        count = 0
        for _ in mod.stream(client, args.chunks):
            if count == 0:
                first = time.perf_counter() - t0
            count += 1
        best = min(best, time.perf_counter() - t0)
        best_first = min(best_first, first)
        if count != args.chunks:
            raise RuntimeError(f"expected {args.chunks} chunks, got {count}")
    mod.close(client)
    return {"chunks_per_s": args.chunks / best, "ttfc_s": best_first}


def bench_stream_async(mod: Any, args: argparse.Namespace) -> Dict[str, Any]:
    async def run() -> Dict[str, Any]:
        client = mod.make_async(args.base_url, args.backend == "aiohttp")
        async for _ in await mod.astream(client, SHORT_STREAM_CHUNKS):
            pass
        best, best_first = float("inf"), float("inf")
        for _ in range(BATCHES):
            gc.collect()
            t0 = time.perf_counter()
            first = 0.0
            count = 0
            async for _ in await mod.astream(client, args.chunks):
                if count == 0:
                    first = time.perf_counter() - t0
                count += 1
            best = min(best, time.perf_counter() - t0)
            best_first = min(best_first, first)
            if count != args.chunks:
                raise RuntimeError(f"expected {args.chunks} chunks, got {count}")
        await mod.aclose(client)
        return {"chunks_per_s": args.chunks / best, "ttfc_s": best_first}

    return asyncio.run(run())


def bench_short_streams(mod: Any, args: argparse.Namespace) -> Dict[str, Any]:
    client = mod.make_sync(args.base_url, False)
    _consume(lambda: mod.stream(client, SHORT_STREAM_CHUNKS))
    before = _server_stats(args.base_url)["connections"]
    firsts: List[float] = []
    for _ in range(args.n):
        first, count = _consume(lambda: mod.stream(client, SHORT_STREAM_CHUNKS))
        if count != SHORT_STREAM_CHUNKS:
            raise RuntimeError(f"expected {SHORT_STREAM_CHUNKS} chunks, got {count}")
        firsts.append(first)
    after = _server_stats(args.base_url)["connections"]
    mod.close(client)
    firsts.sort()
    return {"ttfc_p50_s": _percentile(firsts, 0.5), "new_connections_per_stream": (after - before) / args.n}


def _maxrss_mib() -> float:
    # Linux reports KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_rss(mod: Any, args: argparse.Namespace) -> Dict[str, Any]:
    importlib.import_module(mod.IMPORT)
    after_import = _maxrss_mib()
    client = mod.make_sync(args.base_url, False)
    for _ in range(args.n):
        mod.chat(client)
    peak = _maxrss_mib()
    mod.close(client)
    return {"rss_after_import_mib": after_import, "rss_peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contender", choices=sorted(MODULES))
    parser.add_argument("bench")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--backend", choices=("default", "aiohttp"), default="default")
    parser.add_argument("--warm", choices=("off", "default"), default="off")
    args = parser.parse_args()
    mod = _client_module(args.contender)
    bench = args.bench
    if bench == "construct":
        result = bench_construct(mod, args)
    elif bench in ("chat", "models"):
        result = bench_sequential(mod, args, bench)
    elif bench == "chat_async":
        result = bench_chat_async(mod, args)
    elif bench == "stream":
        result = bench_stream(mod, args)
    elif bench == "stream_async":
        result = bench_stream_async(mod, args)
    elif bench == "short_streams":
        result = bench_short_streams(mod, args)
    elif bench == "rss":
        result = bench_rss(mod, args)
    else:
        raise SystemExit(f"unknown benchmark {bench!r}")
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
