"""Load test for the local API emulator: many concurrent streaming clients, chunks per second.

The emulator runs in its own process (`python -m cerebras.cloud.sdk serve --port 0`); the load
comes from this process, as `--clients` concurrent streaming chat requests, each one repeated
back to back for `--seconds`. A "chunk" is one `chat.completion.chunk` event (`[DONE]` is not
counted). Two load generators:

* `raw`: asyncio streams speaking HTTP/1.1 directly, so nearly all the CPU goes to the server
  and the figures are the emulator's own;
* `httpx`: one `httpx.AsyncClient` per simulated user (a shared pool of 200 connections costs
  httpcore more CPU than the server), reading with `aiter_raw()`.

And two scenarios: `unpaced` (the emulator answers as fast as it can) and `paced` (it paces
every stream at `--paced-tps` tokens per second, like the real service).

Figures: chunks per second, streams per second, time to first chunk (p50 / p99), and CPU use
of the server and of the load generator. Run:

    python benchmarks/emulator_bench.py [--clients 200] [--seconds 5] [--tokens 200] [--paced-tps 250]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import httpx

__all__ = ["Result", "main", "run_scenario", "start_emulator"]

_END = b"0\r\n\r\n"


@dataclass
class Result:
    """What one run measured."""

    name: str
    clients: int
    seconds: float
    events: int = 0
    streams: int = 0
    errors: int = 0
    first_chunk_s: List[float] = field(default_factory=lambda: [])
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    def report(self) -> str:
        firsts = sorted(self.first_chunk_s) or [0.0]
        p50 = firsts[len(firsts) // 2] * 1000
        p99 = firsts[min(len(firsts) - 1, int(len(firsts) * 0.99))] * 1000
        return (
            f"{self.name:<16} {self.clients} streams at once: {self.events / self.seconds:>9,.0f} chunks/s, "
            f"{self.streams / self.seconds:>6,.0f} streams/s, first chunk p50 {p50:6.1f} ms / p99 {p99:6.1f} ms; "
            f"CPU server {100 * self.server_cpu_s / self.seconds:3.0f}%, load {100 * self.client_cpu_s / self.seconds:3.0f}%"
            f"; errors {self.errors}"
        )


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (Linux `/proc`; 0 elsewhere)."""
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


def _body(tokens: int) -> bytes:
    return (
        b'{"model":"llama3.1-8b","stream":true,"max_completion_tokens":%d,"min_tokens":%d,'
        b'"messages":[{"role":"user","content":"Tell me about fast inference."}]}' % (tokens, tokens)
    )


async def _raw_user(port: int, body: bytes, deadline: float, result: Result) -> None:
    request = (
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        b"authorization: Bearer bench\r\ncontent-length: %d\r\n\r\n" % len(body) + body
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            writer.write(request)
            first: Optional[float] = None
            carry = tail = b""
            events = 0
            while not tail.endswith(_END):
                data = await reader.read(1 << 16)
                if not data:
                    result.errors += 1
                    return
                first = first if first is not None else time.perf_counter() - started
                events += (carry + data).count(b"\n\n")  # one blank line ends each event
                carry, tail = data[-1:], (tail + data)[-len(_END) :]
            result.events += events - 1  # not [DONE]
            result.streams += 1
            result.first_chunk_s.append(first or 0.0)
    finally:
        writer.close()


async def _httpx_user(base_url: str, body: bytes, deadline: float, result: Result, tls: ssl.SSLContext) -> None:
    headers = {"content-type": "application/json", "authorization": "Bearer bench"}
    # one shared TLS context: building one per client costs ~50 ms of CPU each (and plain HTTP never uses it)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, verify=tls) as http:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            first: Optional[float] = None
            events = 0
            carry = b""
            try:
                async with http.stream("POST", "/v1/chat/completions", content=body, headers=headers) as response:
                    async for data in response.aiter_raw():
                        first = first if first is not None else time.perf_counter() - started
                        events += (carry + data).count(b"\n\n")
                        carry = data[-1:]
            except httpx.HTTPError:
                result.errors += 1
                continue
            result.events += events - 1
            result.streams += 1
            result.first_chunk_s.append(first or 0.0)


async def run_scenario(
    name: str, client: str, base_url: str, pid: int, clients: int, seconds: float, tokens: int
) -> Result:
    """`clients` users streaming back to back for `seconds` from the emulator at `base_url`."""
    body = _body(tokens)
    port = int(base_url.rsplit(":", 1)[1])
    result = Result(f"{name}/{client}", clients, seconds)
    cpu_before, client_before = _cpu_seconds(pid), time.process_time()
    started = time.perf_counter()
    deadline = started + seconds
    if client == "raw":
        users = [_raw_user(port, body, deadline, result) for _ in range(clients)]
    else:
        tls = ssl.create_default_context()
        users = [_httpx_user(base_url, body, deadline, result, tls) for _ in range(clients)]
    await asyncio.gather(*users)
    result.seconds = time.perf_counter() - started
    result.server_cpu_s = _cpu_seconds(pid) - cpu_before
    result.client_cpu_s = time.process_time() - client_before
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--tokens", type=int, default=200, help="chunks per stream")
    parser.add_argument("--paced-tps", type=float, default=250.0, help="tokens/s of each stream in the paced runs")
    parser.add_argument("--client", choices=("raw", "httpx", "both"), default="both")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    clients = ("raw", "httpx") if args.client == "both" else (args.client,)
    for scenario, extra in (("unpaced", ()), ("paced", ("--tokens-per-second", str(args.paced_tps)))):
        for client in clients:
            proc, url = start_emulator(*extra)
            try:
                result = asyncio.run(
                    run_scenario(scenario, client, url, proc.pid, args.clients, args.seconds, args.tokens)
                )
            finally:
                proc.terminate()
                proc.wait()
            print(result.report())


if __name__ == "__main__":
    main()
