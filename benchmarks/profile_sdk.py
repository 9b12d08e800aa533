"""Where our time goes: cProfile of the per-request and per-chunk paths, grouped by layer.

    benchmarks/.venvs/ours/bin/python benchmarks/profile_sdk.py [--requests 2000] [--chunks 10000]

Starts `server.py`, then profiles (1) sequential `chat.completions.create` calls and (2) one
long stream, and prints, for each, the share of profiled time per layer (this SDK, pydantic,
httpx, httpcore, h11, the socket, the rest) and the SDK's own most expensive functions. It also
prints CPU time per call or chunk (`time.process_time`, best of 5, no profiler) for ours and
for the raw-httpx baseline, which is less noisy than wall time on a busy machine.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import os
import pstats
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

__all__ = ["main"]

HERE = os.path.dirname(os.path.abspath(__file__))
LAYERS = (
    ("cerebras/cloud/sdk", "this SDK"),
    ("pydantic_core", "pydantic-core"),
    ("pydantic", "pydantic"),
    ("httpx", "httpx"),
    ("httpcore", "httpcore"),
    ("h11", "h11"),
    ("anyio", "anyio"),
)


def _layer(filename: str, name: str) -> str:
    if "socket" in name and filename == "~":
        return "socket"
    if "validate_json" in name and filename == "~":
        return "pydantic-core"
    for marker, label in LAYERS:
        if marker in filename:
            return label
    return "other (stdlib, builtins)"


def _report(title: str, profile: cProfile.Profile, count: int, unit: str) -> None:
    stats = pstats.Stats(profile)
    raw: Dict[Tuple[str, int, str], Tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    by_layer: Dict[str, float] = collections.Counter()
    own: List[Tuple[float, str]] = []
    total = 0.0
    for (filename, line, name), (_, _, tottime, _, _) in raw.items():
        layer = _layer(filename, name)
        by_layer[layer] += tottime
        total += tottime
        if layer == "this SDK":
            own.append((tottime, f"{filename.split('cerebras/cloud/sdk/')[-1]}:{line}({name})"))
    print(f"\n## {title}: {total / count * 1e6:.1f} µs profiled per {unit}\n")
    print("| layer | share | µs per " + unit + " (profiled) |\n|---|---:|---:|")
    for layer, seconds in sorted(by_layer.items(), key=lambda kv: -kv[1]):
        print(f"| {layer} | {seconds / total:.0%} | {seconds / count * 1e6:.1f} |")
    print("\nSDK functions by own time:")
    for seconds, where in sorted(own, reverse=True)[:12]:
        print(f"  {seconds / count * 1e6:6.2f} µs  {where}")


def _cpu_per(call: Callable[[], Any], units: int, reps: int = 5) -> float:
    best = float("inf")
    for _ in range(reps):
        t0 = time.process_time()
        call()
        best = min(best, time.process_time() - t0)
    return best / units * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--chunks", type=int, default=10_000)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base_url = f"http://127.0.0.1:{int(server.stdout.readline().split()[1])}"
        sys.path.insert(0, HERE)
        from clients import cerebras_sdk as ours
        from clients import raw_httpx as raw

        client = ours.make_sync(base_url, False)
        baseline = raw.make_sync(base_url, False)
        for _ in range(100):
            ours.chat(client)
            raw.chat(baseline)
        for _ in ours.stream(client, 16):
            pass

        def requests(mod: Any, c: Any, n: int) -> Callable[[], None]:
            def run() -> None:
                for _ in range(n):
                    mod.chat(c)

            return run

        def stream(mod: Any, c: Any) -> Callable[[], None]:
            def run() -> None:
                for _ in mod.stream(c, args.chunks):
                    pass

            return run

        n = max(200, args.requests // 4)
        print("CPU time (process_time, best of 5, no profiler):")
        for label, mod, c in (("ours", ours, client), ("raw httpx", raw, baseline)):
            per_request = _cpu_per(requests(mod, c, n), n)
            per_chunk = _cpu_per(stream(mod, c), args.chunks)
            print(f"  {label:10s} {per_request:7.1f} µs per chat request, {per_chunk:6.2f} µs per stream chunk")

        profile = cProfile.Profile()
        profile.runcall(requests(ours, client, args.requests))
        _report("sync chat request", profile, args.requests, "request")
        profile = cProfile.Profile()
        profile.runcall(stream(ours, client))
        _report("stream chunk", profile, args.chunks, "chunk")
    finally:
        server.terminate()
        server.wait(timeout=5)


if __name__ == "__main__":
    main()
