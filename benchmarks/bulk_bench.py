"""Bulk runs measured against the local emulator: pacing, memory, resume after kill -9, batch parity.

```sh
python benchmarks/bulk_bench.py pacing      # ~4.5 min: local engine vs a naive semaphore + gather loop
python benchmarks/bulk_bench.py memory      # 50,000 lines, RSS sampled every 0.5 s
python benchmarks/bulk_bench.py resume      # kill -9 at 5 random points, then --resume
python benchmarks/bulk_bench.py batch       # the same input on both engines, compared line by line
python benchmarks/bulk_bench.py all
```

Each prints a Markdown table (the figures in benchmarks/README.md come from it). Everything runs
on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from cerebras.cloud.sdk import AsyncCerebras, RateLimitError
from cerebras.cloud.sdk.lib import bulk
from cerebras.cloud.sdk.lib.bulk import BatchLimits
from cerebras.cloud.sdk.testing import LocalServer, body_digest

MODEL = "llama3.1-8b"


def write_input(path: Path, n: int, *, tokens: int, models: Tuple[str, ...] = (MODEL,)) -> List[Dict[str, Any]]:
    bodies: List[Dict[str, Any]] = []
    with path.open("w") as stream:
        for i in range(n):
            body = {
                "model": models[i % len(models)],
                "messages": [{"role": "user", "content": f"Request {i}: one sentence about fast inference."}],
                "max_completion_tokens": tokens,
            }
            bodies.append(body)
            stream.write(
                json.dumps({"custom_id": f"c{i}", "method": "POST", "url": "/v1/chat/completions", "body": body})
            )
            stream.write("\n")
    return bodies


def read_results(path: Path) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def count_statuses(server: LocalServer) -> Counter:  # type: ignore[type-arg]
    """Wrap the emulator's handler so every answer's status is counted (history keeps only 1000)."""
    counts: Counter = Counter()  # type: ignore[type-arg]
    emulator = server.emulator
    handle = emulator.handle

    def counting(request: Any) -> Any:
        reply = handle(request)
        if request.target.startswith("/v1/chat/completions"):
            counts[reply.status] += 1
        return reply

    emulator.handle = counting  # type: ignore[method-assign]
    return counts


class WindowSampler:
    """Samples the emulator's token and request windows, keeping what each fixed window used."""

    def __init__(self, server: LocalServer) -> None:
        self.windows = server.emulator.limiter.windows
        self.used: Dict[Tuple[str, float], int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for kind in ("requests", "tokens"):
                window = self.windows[kind, "minute"]
                if window.start is not None:
                    key = (kind, window.start)
                    self.used[key] = max(self.used.get(key, 0), window.used)

    def __enter__(self) -> WindowSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._run_once()

    def _run_once(self) -> None:
        for kind in ("requests", "tokens"):
            window = self.windows[kind, "minute"]
            if window.start is not None:
                key = (kind, window.start)
                self.used[key] = max(self.used.get(key, 0), window.used)

    def full_windows(self, kind: str) -> List[int]:
        """What each window that was followed by another one used (the last one is partial)."""
        starts = sorted(start for k, start in self.used if k == kind)
        return [self.used[kind, start] for start in starts[:-1]]


# ---------------------------------------------------------------------- pacing


async def naive(
    server: LocalServer, bodies: List[Dict[str, Any]], concurrency: int, *, wait_for_windows: bool = True
) -> Dict[str, Any]:
    """What people write: a semaphore and gather, the client's default retries.

    `wait_for_windows=False` sets `max_rate_limit_wait=0`: a 429 that names a window reset is
    raised at once instead of waited for, as with clients that do not read the rate-limit headers.
    """
    semaphore = asyncio.Semaphore(concurrency)
    failures: Counter = Counter()  # type: ignore[type-arg]
    tokens = 0

    async with AsyncCerebras(
        base_url=server.base_url,
        api_key=server.api_key,
        warm_tcp_connection=False,
        max_rate_limit_wait=60.0 if wait_for_windows else 0.0,
    ) as client:

        async def one(body: Dict[str, Any]) -> None:
            nonlocal tokens
            async with semaphore:
                try:
                    answer = await client.chat.completions.create(**body)
                except RateLimitError:
                    failures["RateLimitError"] += 1
                    return
                except Exception as error:
                    failures[type(error).__name__] += 1
                    return
                tokens += answer.usage.total_tokens if answer.usage else 0  # type: ignore[union-attr]

        await asyncio.gather(*(one(body) for body in bodies))
    return {"failures": dict(failures), "tokens": tokens}


def pacing(args: argparse.Namespace) -> str:
    rpm, tpm, lines = args.rpm, args.tpm, args.lines
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        bodies = write_input(path, lines, tokens=60)
        naive_short = "naive, 429s not waited for (max_rate_limit_wait=0)"
        for contender in ("local engine", "naive semaphore + gather", naive_short):
            with LocalServer(requests_per_minute=rpm, tokens_per_minute=tpm) as server:
                statuses = count_statuses(server)
                with WindowSampler(server) as sampler:
                    started = time.monotonic()
                    if contender == "local engine":
                        stats = bulk.run(
                            path,
                            Path(tmp) / f"out-{time.time()}.jsonl",
                            client=server.client(),
                            concurrency=16,
                            price=False,
                        )
                        failed = stats.errors
                        errors = {k: v for k, v in stats.statuses.items() if k != "succeeded"}
                        tokens = stats.tokens_in + stats.tokens_out
                    else:
                        result = asyncio.run(naive(server, bodies, 16, wait_for_windows=contender != naive_short))
                        failed = sum(result["failures"].values())
                        errors = result["failures"]
                        tokens = result["tokens"]
                    elapsed = time.monotonic() - started
            token_windows = sampler.full_windows("tokens")
            request_windows = sampler.full_windows("requests")
            use_t = [round(100 * used / tpm) for used in token_windows]
            use_r = [round(100 * used / rpm) for used in request_windows]
            rows.append(
                f"| {contender} | {elapsed:.1f} s | {statuses.get(429, 0)} | {failed} {errors or ''} | "
                f"{tokens} | {use_t} | {use_r} |"
            )
    head = (
        f"Pacing: {lines} requests (max_completion_tokens 60), emulator limits {rpm} RPM and {tpm} TPM "
        "(fixed one-minute windows), 16 in flight.\n\n"
        "| contender | time to finish | 429 answers | lines failed | tokens | % of TPM used per full window | "
        "% of RPM used per full window |\n| --- | --- | --- | --- | --- | --- | --- |\n"
    )
    return head + "\n".join(rows) + "\n"


# ---------------------------------------------------------------------- memory


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def memory(args: argparse.Namespace) -> str:
    lines = args.memory_lines
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        write_input(path, lines, tokens=16)
        server = subprocess.Popen(
            [sys.executable, "-m", "cerebras.cloud.sdk", "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip().rsplit(" ", 1)[-1]
            samples: List[Tuple[float, float, int]] = []
            start_rss = rss_mb()

            def sample(stats: Any) -> None:
                def loop() -> None:
                    while stats.finished is None:
                        samples.append((stats.elapsed(), rss_mb(), stats.done))
                        time.sleep(0.5)

                threading.Thread(target=loop, daemon=True).start()

            client = AsyncCerebras(base_url=url, api_key="sk-local", warm_tcp_connection=False)
            stats = bulk.run(
                path, Path(tmp) / "out.jsonl", client=client, concurrency=64, price=False, on_started=sample
            )
            end_rss = rss_mb()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    peak = max(s[1] for s in samples) if samples else end_rss
    ten = [f"{s[2]}: {s[1]:.0f}" for s in samples[:: max(1, len(samples) // 10)]]
    return (
        f"Memory: {lines} lines, local engine, 64 in flight, emulator in another process.\n\n"
        f"| RSS at start | peak | at end | peak - start | lines done | elapsed |\n| --- | --- | --- | --- | --- | --- |\n"
        f"| {start_rss:.1f} MB | {peak:.1f} MB | {end_rss:.1f} MB | {peak - start_rss:.1f} MB | "
        f"{stats.done} ({dict(stats.statuses)}) | {stats.elapsed():.0f} s |\n\n"
        f"RSS (MB) by lines done: {', '.join(ten)}\n"
    )


# ---------------------------------------------------------------------- resume


def resume(args: argparse.Namespace) -> str:
    rng = random.Random(args.seed)
    lines = args.resume_lines
    rows = []
    with tempfile.TemporaryDirectory() as tmp, LocalServer(tokens_per_second=100, count_answers=True) as server:
        path = Path(tmp) / "in.jsonl"
        bodies = write_input(path, lines, tokens=12)
        digest = {f"c{i}": body_digest(body) for i, body in enumerate(bodies)}
        out = Path(tmp) / "out.jsonl"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
        env.update(server.env())
        command = [sys.executable, "-m", "cerebras.cloud.sdk", "bulk", str(path), "-o", str(out), "--no-progress"]
        done_at_kill: Dict[str, int] = {}  # custom_id -> times answered when it already had a result
        for run in range(5):
            process = subprocess.Popen(
                [*command, "--concurrency", "16", *(["--resume"] if run else [])],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            before = out.stat().st_size if out.exists() else 0
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (out.stat().st_size if out.exists() else 0) <= before:
                time.sleep(0.01)  # the process is up and writing results
            delay = rng.uniform(0.0, 1.5)
            time.sleep(delay)
            process.kill()  # SIGKILL: no cleanup at all
            process.wait()
            raw = out.read_bytes() if out.exists() else b""
            torn = len(raw) - (raw.rfind(b"\n") + 1)
            scan = bulk.scan_output(out)  # repairs the torn line; raises on a duplicate id
            time.sleep(0.3)  # let the emulator finish answering the dead process's last requests
            answered_now = dict(server.emulator.answered)
            for cid in scan.done:
                done_at_kill.setdefault(cid, answered_now.get(digest[cid], 0))
            rows.append(f"| {run + 1} | {delay:.2f} s | {len(scan.done)} | {torn} bytes |")
        final = subprocess.run([*command, "--resume", "--concurrency", "32"], env=env, capture_output=True, text=True)
        results = read_results(out)
        ids = Counter(r["custom_id"] for r in results)
        answered = server.emulator.answered
        twice_done = [cid for cid, seen in done_at_kill.items() if answered[digest[cid]] != seen]
        resent = sum(1 for cid in digest if answered[digest[cid]] > 1)
    verdict = (
        f"final --resume exit {final.returncode}; {len(ids)} distinct custom_ids of {lines}, "
        f"{sum(1 for n in ids.values() if n > 1)} duplicated; lines that had a result at a kill and were "
        f"sent again afterwards: {len(twice_done)}; lines answered more than once (answered, but killed before "
        f"the result was written, so sent again by the next run): {resent}"
    )
    return (
        f"Resume: {lines} lines, emulator at 100 tokens/s (about 0.15 s per answer), 16 in flight, kill -9 "
        f"0-1.5 s after the run's first new result, in each of 5 runs, each run resuming the last.\n\n"
        "| run | killed (s after first new result) | results in OUTPUT | half-written tail repaired |\n| --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + f"\n\n{verdict}\n"
    )


# ---------------------------------------------------------------------- batch parity


def comparable(line: Dict[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {"custom_id": line["custom_id"], "status": line["status"]}
    if "response" in line:
        response = line["response"]
        out.update(choices=response["choices"], model=response["model"])
        out["usage"] = {k: response["usage"][k] for k in ("prompt_tokens", "completion_tokens", "total_tokens")}
    else:
        out["error"] = line["error"]["code"]
    return out


def batch(args: argparse.Namespace) -> str:
    lines = args.batch_lines
    with tempfile.TemporaryDirectory() as tmp, LocalServer(batch_stage_delay_s=0.05) as server:
        path = Path(tmp) / "in.jsonl"
        write_input(path, lines, tokens=24, models=(MODEL, "gpt-oss-120b"))
        started = time.monotonic()
        local = bulk.run(path, Path(tmp) / "local.jsonl", client=server.client(), concurrency=16, price=False)
        local_s = time.monotonic() - started
        started = time.monotonic()
        limits = BatchLimits(max_lines=args.batch_part_lines)
        batched = bulk.run(
            path,
            Path(tmp) / "batch.jsonl",
            client=server.client(),
            engine="batch",
            poll_interval=0.1,
            price=False,
            batch_limits=limits,
        )
        batch_s = time.monotonic() - started
        a = sorted((comparable(x) for x in read_results(Path(tmp) / "local.jsonl")), key=lambda x: x["custom_id"])
        b = sorted((comparable(x) for x in read_results(Path(tmp) / "batch.jsonl")), key=lambda x: x["custom_id"])
    same = sum(1 for x, y in zip(a, b) if x == y)
    return (
        f"Batch engine parity: {lines} lines over two models, batch parts of at most {args.batch_part_lines} lines.\n\n"
        "| engine | time | statuses | tokens in/out | batches |\n| --- | --- | --- | --- | --- |\n"
        f"| local | {local_s:.1f} s | {dict(local.statuses)} | {local.tokens_in}/{local.tokens_out} | - |\n"
        f"| batch | {batch_s:.1f} s | {dict(batched.statuses)} | {batched.tokens_in}/{batched.tokens_out} | "
        f"{len(batched.batches)} |\n\n"
        f"Lines equal ignoring ids and timings: {same} of {len(a)} (local) / {len(b)} (batch).\n"
    )


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("pacing", "memory", "resume", "batch", "all"))
    parser.add_argument("--rpm", type=int, default=600)
    parser.add_argument("--tpm", type=int, default=24_000)
    parser.add_argument("--lines", type=int, default=850, help="pacing: requests (about 2.5 windows of the TPM)")
    parser.add_argument("--memory-lines", type=int, default=50_000)
    parser.add_argument("--resume-lines", type=int, default=600)
    parser.add_argument("--batch-lines", type=int, default=300)
    parser.add_argument("--batch-part-lines", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    steps: Dict[str, Callable[[argparse.Namespace], str]] = {
        "pacing": pacing,
        "memory": memory,
        "resume": resume,
        "batch": batch,
    }
    for name in steps if args.what == "all" else [args.what]:
        print(steps[name](args), flush=True)


if __name__ == "__main__":
    main()
