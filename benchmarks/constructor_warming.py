"""Constructor wall time with TCP warming on: this package against the official SDK 1.91.0.

A local server on 127.0.0.1 answers `GET /v1/tcp_warming` after a delay (200 ms by default).
Each SDK runs in its own interpreter: this checkout's package (from `src/`), and the official
`cerebras_cloud_sdk==1.91.0` from a virtualenv this script creates on first use, under
`benchmarks/.venvs/` (git-ignored) unless `--venv DIR` says otherwise. For each it times
`Cerebras(...)`, and `AsyncCerebras(...)` built inside a running asyncio loop, and reports the
median and the worst of `--runs` constructions, plus the first construction in the process
(which also pays for lazy imports), and how many warm-up requests the server received.

    python benchmarks/constructor_warming.py [--runs 10] [--delay-ms 200] [--venv DIR]

Nothing here is a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, List

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = "cerebras_cloud_sdk==1.91.0"

CHILD = r"""
import asyncio, json, os, sys, time
from cerebras.cloud.sdk import AsyncCerebras, Cerebras

url, runs = os.environ["BENCH_URL"], int(os.environ["BENCH_RUNS"])
result = {}

started = time.perf_counter()
first = Cerebras(api_key="sk-bench", base_url=url)
result["first_sync_s"] = time.perf_counter() - started
clients = [first]
sync_times = []
for _ in range(runs):
    started = time.perf_counter()
    clients.append(Cerebras(api_key="sk-bench", base_url=url))
    sync_times.append(time.perf_counter() - started)
result["sync_s"] = sync_times
for client in clients:
    thread = getattr(client, "_warm_thread", None)
    if thread is not None:
        thread.join(5)  # let background warm-ups finish before closing
    client.close()

async def constructions():
    made, times = [], []
    for _ in range(runs):
        started = time.perf_counter()
        made.append(AsyncCerebras(api_key="sk-bench", base_url=url))
        times.append(time.perf_counter() - started)
    tasks = [t for t in (getattr(c, "_warm_task", None) for c in made) if isinstance(t, asyncio.Task)]
    if tasks:
        await asyncio.wait(tasks, timeout=5)
    for client in made:
        await client.close()
    return times

result["async_s"] = asyncio.run(constructions())
print(json.dumps(result))
"""


class _Server:
    """Answers `/v1/tcp_warming` after `delay_s` and everything else at once; counts warm-ups."""

    def __init__(self, delay_s: float) -> None:
        self.warmups = 0
        lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                if self.path.endswith("/v1/tcp_warming"):
                    with lock:
                        outer.warmups += 1
                    time.sleep(delay_s)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128  # bursts of clients connect at once
            block_on_close = False

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _official_python(venv_dir: Path) -> Path:
    python = venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"creating {venv_dir} with {OFFICIAL} ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
        subprocess.run([str(python), "-m", "pip", "install", "-q", OFFICIAL], check=True)
    return python


def _run_child(python: Path, url: str, runs: int, *, ours: bool) -> Dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_") and k != "PYTHONPATH"}
    env.update(BENCH_URL=url, BENCH_RUNS=str(runs))
    if ours:
        env["PYTHONPATH"] = str(ROOT / "src")
    with tempfile.TemporaryDirectory() as cwd:  # nothing from this checkout on the path by accident
        done = subprocess.run(
            [str(python), "-c", CHILD], env=env, cwd=cwd, capture_output=True, text=True, check=True, timeout=600
        )
    return json.loads(done.stdout)


def _ms(seconds: List[float]) -> str:
    return f"{statistics.median(seconds) * 1000:8.2f} ms median, {max(seconds) * 1000:8.2f} ms max"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--delay-ms", type=float, default=200.0)
    parser.add_argument("--venv", type=Path, default=ROOT / "benchmarks" / ".venvs" / "cerebras_cloud_sdk-1.91.0")
    args = parser.parse_args()

    official = _official_python(args.venv)
    server = _Server(args.delay_ms / 1000)
    try:
        rows = []
        for label, python, ours in (("this package", Path(sys.executable), True), ("official 1.91.0", official, False)):
            before = server.warmups
            result = _run_child(python, server.url, args.runs, ours=ours)
            rows.append((label, result, server.warmups - before))
    finally:
        server.close()

    print(f"Constructor wall time, warming on; /v1/tcp_warming answers after {args.delay_ms:.0f} ms; {args.runs} runs")
    print(f"Python {sys.version.split()[0]} on {sys.platform}")
    for label, result, warmups in rows:
        print(f"\n{label}  ({warmups} warm-up requests received)")
        first_ms = float(result["first_sync_s"]) * 1000
        print(f"  first Cerebras() in process:  {first_ms:8.2f} ms  (includes lazy imports)")
        print(f"  Cerebras():                   {_ms(result['sync_s'])}")
        print(f"  AsyncCerebras() in a loop:    {_ms(result['async_s'])}")


if __name__ == "__main__":
    main()
