"""Load test for the local API emulator: many concurrent streaming clients, chunks per second.

The emulator runs in its own process (`python -m cerebras.cloud.sdk serve --port 0`); the
load comes from raw `httpx.AsyncClient` streams in this process (no SDK parsing, so the
figures are the server's), counting SSE events as they arrive. Two scenarios:

* `unpaced`: `--clients` streams back to back, as fast as the server answers, each of
  `--tokens` tokens: the emulator's top throughput;
* `paced`: the same clients with the emulator pacing every stream at `--paced-tps` tokens per
  second, like the real service: the aggregate rate shows whether pacing keeps up.

Figures: events (chunks) per second, requests per second, time to first event (p50 / p99),
and the server process's CPU use. Run:

    python benchmarks/emulator_bench.py [--clients 200] [--seconds 5] [--tokens 200] [--paced-tps 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import httpx

__all__ = ["Result", "main", "run_scenario"]


@dataclass
class Result:
    """What one scenario measured."""

    name: str
    clients: int
    seconds: float
    events: int = 0
    requests: int = 0
    errors: int = 0
    first_event_s: List[float] = field(default_factory=lambda: [])
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    def report(self) -> str:
        ttft = sorted(self.first_event_s) or [0.0]
        p50 = ttft[len(ttft) // 2] * 1000
        p99 = ttft[min(len(ttft) - 1, int(len(ttft) * 0.99))] * 1000
        return (
            f"{self.name:>8}: {self.clients} concurrent streams, {self.events / self.seconds:,.0f} chunks/s, "
            f"{self.requests / self.seconds:,.0f} streams/s, first chunk p50 {p50:.1f} ms / p99 {p99:.1f} ms, "
            f"CPU: server {100 * self.server_cpu_s / self.seconds:.0f}%, load generator "
            f"{100 * self.client_cpu_s / self.seconds:.0f}% of one core; errors {self.errors}"
        )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (Linux `/proc`)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_emulator(*extra: str) -> Tuple[subprocess.Popen[str], str]:
    """Start `cerebras serve` on a free port; returns the process and its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cerebras.cloud.sdk", "serve", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        raise RuntimeError(f"the emulator did not start: {line!r}")
    return proc, line.rsplit(" ", 1)[-1].strip()


async def _client(http: httpx.AsyncClient, body: bytes, deadline: float, result: Result) -> None:
    headers = {"content-type": "application/json", "authorization": "Bearer bench"}
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        first: Optional[float] = None
        try:
            async with http.stream("POST", "/v1/chat/completions", content=body, headers=headers) as response:
                if response.status_code != 200:
                    result.errors += 1
                    await response.aread()
                    continue
                async for data in response.aiter_raw():
                    if first is None:
                        first = time.perf_counter() - started
                    result.events += data.count(b"data: ")
        except httpx.HTTPError:
            result.errors += 1
            continue
        result.requests += 1
        if first is not None:
            result.first_event_s.append(first)


async def run_scenario(name: str, base_url: str, pid: int, clients: int, seconds: float, tokens: int) -> Result:
    """Run `clients` streaming loops for `seconds` against the emulator at `base_url`."""
    body = (
        b'{"model":"llama3.1-8b","stream":true,"max_completion_tokens":%d,"min_tokens":%d,'
        b'"messages":[{"role":"user","content":"Tell me about fast inference."}]}' % (tokens, tokens)
    )
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    result = Result(name, clients, seconds)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as http:
        # one warm-up round opens the connections, so the measurement is steady state
        await asyncio.gather(*(_client(http, body, 0, Result("", 0, 1)) for _ in range(clients)))
        cpu_before, client_before = _cpu_seconds(pid), time.process_time()
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(_client(http, body, deadline, result) for _ in range(clients)))
        result.seconds = time.perf_counter() - started
        result.server_cpu_s = _cpu_seconds(pid) - cpu_before
        result.client_cpu_s = time.process_time() - client_before
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--tokens", type=int, default=200, help="tokens (chunks) per stream")
    parser.add_argument("--paced-tps", type=float, default=200.0, help="tokens/s per stream in the paced run")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; emulator in its own process")
    for name, extra in (("unpaced", ()), ("paced", ("--tokens-per-second", str(args.paced_tps)))):
        proc, url = start_emulator(*extra)
        try:
            result = asyncio.run(run_scenario(name, url, proc.pid, args.clients, args.seconds, args.tokens))
        finally:
            proc.terminate()
            proc.wait()
        print(result.report())


if __name__ == "__main__":
    main()
