"""Benchmark runner: ours vs the official SDK vs openai-python vs raw httpx, against a local server.

    python benchmarks/run.py            # full run (about 6 minutes on 2 cores)
    python benchmarks/run.py --quick    # smoke run (under 2 minutes)

Creates, when missing, one virtualenv per library under `benchmarks/.venvs/` (`ours`: this
repository installed editable with its `aiohttp` extra, which also runs the raw-httpx baseline
with the same httpx; `official`: `cerebras_cloud_sdk[aiohttp]==1.91.0`; `openai`: the latest
`openai[aiohttp]`), starts `server.py`, and runs every measurement of `worker.py` in a fresh
process per contender per round, rounds interleaved (ours, official, openai, raw, ours, ...).
Prints a Markdown table (median, min-max over rounds, ratio to raw httpx) and writes it to
`benchmarks/results/latest.md` (raw figures in `latest.json`).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENVS = HERE / ".venvs"
RESULTS = HERE / "results"
CONTENDERS = ("ours", "official", "openai", "raw")
DASH = "\N{EN DASH}"
LABELS = {"ours": "ours", "official": "official", "openai": "openai", "raw": "raw httpx"}
VENV_OF = {"ours": "ours", "official": "official", "openai": "openai", "raw": "ours"}
DISTRIBUTION = {"ours": "cerebras_cloud_sdk", "official": "cerebras_cloud_sdk", "openai": "openai", "raw": "httpx"}


# --------------------------------------------------------------------------- virtualenvs


def _requirements() -> Dict[str, List[str]]:
    return {
        "ours": ["-e", f"{ROOT}[aiohttp]"],
        "official": ["cerebras_cloud_sdk[aiohttp]==1.91.0"],
        "openai": ["openai[aiohttp]"],
    }


def _venv_python(name: str) -> Path:
    return VENVS / name / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _stamp(name: str, spec: List[str]) -> str:
    digest = hashlib.sha256(" ".join(spec).encode())
    if name == "ours":
        digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def ensure_venvs(log: Callable[[str], None]) -> None:
    """Create (or refresh, when the requirement changed) the three virtualenvs."""
    for name, spec in _requirements().items():
        python = _venv_python(name)
        marker = VENVS / name / ".bench-stamp"
        stamp = _stamp(name, spec)
        if python.exists() and marker.exists() and marker.read_text() == stamp:
            continue
        log(f"setting up benchmarks/.venvs/{name} ({' '.join(spec)}) ...")
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENVS / name)], check=True)
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *spec],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pip install {' '.join(spec)} failed:\n{done.stdout}\n{done.stderr}")
        marker.write_text(stamp)


def _version(contender: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({DISTRIBUTION[contender]!r}))"
    out = subprocess.run([str(_venv_python(VENV_OF[contender])), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or "?"


# --------------------------------------------------------------------------- the server


class Server:
    """`server.py` in its own process."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "server.py"), "--port", "0"], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            self.process.kill()
            raise RuntimeError(f"the benchmark server did not start: {line!r}")
        self.base_url = f"http://127.0.0.1:{int(line.split()[1])}"

    def stats(self) -> Dict[str, Any]:
        request = urllib.request.Request(self.base_url + "/_stats", headers={"Connection": "close"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --------------------------------------------------------------------------- what is measured


@dataclass
class Row:
    """One line of the table: a figure taken from one benchmark's JSON result."""

    label: str
    key: str
    unit: str  # "ms", "us", "/s", "MiB", "" (a plain number)
    higher_is_better: bool = False
    target: Optional[Tuple[str, float]] = None  # ("ratio<=", 1.25), ("ratio>=", 1.0), ("delta<=", 10), ("abs<=", 0)
    precise: bool = False


@dataclass
class Bench:
    """One worker invocation (per contender per round) and the rows it feeds."""

    name: str
    args: List[str]
    rows: List[Row]
    repeat: int = 1  # fresh processes per round; the round's figure is their median
    server_unit: Optional[str] = None  # "request" or "chunk": report server CPU per unit
    values: Dict[str, Dict[str, List[float]]] = field(default_factory=dict)
    server_cpu: List[float] = field(default_factory=list)
    failures: List[str] = field(default_factory=list)


def plan(quick: bool) -> List[Bench]:
    """The benchmarks, with their sizes (`quick`: smaller, for a smoke run)."""
    chat_n, models_n, async_n, short_n = (200, 200, 256, 10) if quick else (2000, 1000, 2000, 20)
    construct_n = 3 if quick else 10
    import_repeat = 1 if quick else 3
    return [
        Bench(
            "import",
            ["import"],
            [Row("import time (ms)", "import_s", "ms", target=("ratio<=", 2.0))],
            repeat=import_repeat,
        ),
        Bench(
            "construct_off",
            ["construct", "--warm", "off", "--n", str(construct_n)],
            [
                Row("client construction, warming off, first in process (ms)", "construct_first_s", "ms"),
                Row("client construction, warming off, later ones, p50 (ms)", "construct_next_p50_s", "ms"),
            ],
        ),
        Bench(
            "construct_default",
            ["construct", "--warm", "default", "--n", str(construct_n)],
            [
                Row("client construction, default, first in process (ms)", "construct_first_s", "ms"),
                Row("client construction, default, later ones, p50 (ms)", "construct_next_p50_s", "ms"),
            ],
        ),
        Bench(
            "chat",
            ["chat", "--n", str(chat_n)],
            [
                Row("sync chat request, mean (µs)", "mean_s", "us", target=("ratio<=", 1.25)),
                Row("sync chat request, p50 (µs)", "p50_s", "us"),
                Row("sync chat request, p99 (µs)", "p99_s", "us"),
            ],
            server_unit="request",
        ),
        Bench(
            "models",
            ["models", "--n", str(models_n)],
            [
                Row("models.list(), mean (µs)", "mean_s", "us", target=("ratio<=", 1.15)),
                Row("models.list(), p50 (µs)", "p50_s", "us"),
            ],
            server_unit="request",
        ),
        Bench(
            "chat_async",
            ["chat_async", "--n", str(async_n)],
            [Row("async chat, 64 in flight, default backend (req/s)", "rps", "/s", True, ("ratio>=", 1.0))],
            server_unit="request",
        ),
        Bench(
            "chat_async_aiohttp",
            ["chat_async", "--n", str(async_n), "--backend", "aiohttp"],
            [Row("async chat, 64 in flight, aiohttp backend (req/s)", "rps", "/s", True)],
            server_unit="request",
        ),
        Bench(
            "stream",
            ["stream", "--chunks", "10000"],
            [
                Row("10,000-chunk stream, sync (chunks/s)", "chunks_per_s", "/s", True, ("ratio>=", 1.0)),
                Row("10,000-chunk stream, sync, time to first chunk (µs)", "ttfc_s", "us"),
            ],
            server_unit="chunk",
        ),
        Bench(
            "stream_async",
            ["stream_async", "--chunks", "10000"],
            [
                Row("10,000-chunk stream, async (chunks/s)", "chunks_per_s", "/s", True, ("ratio>=", 1.0)),
                Row("10,000-chunk stream, async, time to first chunk (µs)", "ttfc_s", "us"),
            ],
            server_unit="chunk",
        ),
        Bench(
            "short_streams",
            ["short_streams", "--n", str(short_n)],
            [
                Row(
                    f"{short_n} sequential 16-chunk streams, time to first chunk, p50 (µs)",
                    "ttfc_p50_s",
                    "us",
                    target=("ratio<=", 1.1),
                ),
                Row(
                    "new connections per stream (after the first)",
                    "new_connections_per_stream",
                    "",
                    False,
                    ("abs<=", 0.0),
                    precise=True,
                ),
            ],
        ),
        Bench(
            "rss",
            ["rss", "--n", "2000"],
            [
                Row("RSS after imports (MiB)", "rss_after_import_mib", "MiB"),
                Row("peak RSS after 2,000 sync chat requests (MiB)", "rss_peak_mib", "MiB", target=("delta<=", 10.0)),
            ],
        ),
    ]


# --------------------------------------------------------------------------- running


def run_worker(contender: str, bench: Bench, base_url: str) -> Dict[str, Any]:
    python = str(_venv_python(VENV_OF[contender]))
    command = [python, str(HERE / "worker.py"), contender, *bench.args[:1], "--base-url", base_url, *bench.args[1:]]
    if bench.args[0] == "import":
        command = [python, str(HERE / "worker.py"), contender, "import"]
    # Bytecode caching stays on (as it is for users), so imports are not compiled from source each time.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CEREBRAS_", "OPENAI_"))
        and k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")
    }
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{contender} {bench.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_all(benches: List[Bench], rounds: int, contenders: Sequence[str], log: Callable[[str], None]) -> Server:
    server = Server()
    try:
        # Compile every contender's bytecode once, untimed.
        for contender in contenders:
            try:
                run_worker(contender, Bench("import", ["import"], []), server.base_url)
            except RuntimeError as exc:
                log(str(exc))
        for round_no in range(1, rounds + 1):
            started = time.perf_counter()
            for bench in benches:
                for contender in contenders:
                    samples: List[Dict[str, Any]] = []
                    before = server.stats()
                    for _ in range(bench.repeat):
                        try:
                            samples.append(run_worker(contender, bench, server.base_url))
                        except RuntimeError as exc:
                            log(f"round {round_no}: {exc}")
                            bench.failures.append(f"{contender} {bench.name}: {str(exc).strip().splitlines()[-1]}")
                    after = server.stats()
                    if not samples:
                        continue
                    per_contender = bench.values.setdefault(contender, {})
                    for row in bench.rows:
                        value = statistics.median(s[row.key] for s in samples)
                        per_contender.setdefault(row.key, []).append(value)
                    units = after["chunks"] - before["chunks"] if bench.server_unit == "chunk" else None
                    if bench.server_unit == "request":
                        units = after["requests"] - before["requests"]
                    if units:
                        bench.server_cpu.append((after["cpu_s"] - before["cpu_s"]) / units)
            log(f"round {round_no}/{rounds} done in {time.perf_counter() - started:.0f} s")
    except BaseException:
        server.stop()
        raise
    return server


# --------------------------------------------------------------------------- the table


def _scale(unit: str) -> float:
    return {"ms": 1e3, "us": 1e6}.get(unit, 1.0)


def _fmt(value: float, row: Row) -> str:
    if row.precise:
        return f"{value:.2f}"
    if row.unit == "MiB":
        return f"{value:.1f}"
    scaled = value * _scale(row.unit)
    if scaled >= 100:
        return f"{scaled:,.0f}"
    if scaled >= 10:
        return f"{scaled:.1f}"
    return f"{scaled:.2f}"


def _relation(row: Row, value: float, base: float) -> str:
    if row.target and row.target[0] in ("delta<=", "abs<="):
        return f"{value - base:+.1f} MiB" if row.unit == "MiB" else ""
    if base == 0:
        return ""
    return f"{value / base:.2f}x"


def _verdict(row: Row, ours: float, base: float) -> Tuple[str, bool]:
    assert row.target is not None
    kind, bound = row.target
    if kind == "ratio<=":
        ok = base > 0 and ours / base <= bound
        return f"≤ {bound:g}x", ok
    if kind == "ratio>=":
        ok = base > 0 and ours / base >= bound
        return f"≥ {bound:g}x", ok
    if kind == "delta<=":
        return f"≤ raw + {bound:g} MiB", ours - base <= bound
    return f"{bound:g}", ours <= bound


def render(benches: List[Bench], contenders: Sequence[str], versions: Dict[str, str], meta: Dict[str, str]) -> str:
    """The Markdown report: the table, the targets, and notes on how it was measured."""
    head = ["Measurement"] + [f"{LABELS[c]} {versions.get(c, '')}".strip() for c in contenders] + ["Target (ours)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * len(contenders) + [":---"]) + "|"]
    verdicts: List[Tuple[str, bool]] = []
    for bench in benches:
        for row in bench.rows:
            medians = {
                c: statistics.median(bench.values[c][row.key])
                for c in contenders
                if bench.values.get(c, {}).get(row.key)
            }
            base = medians.get("raw", 0.0)
            cells = [row.label]
            for contender in contenders:
                samples = bench.values.get(contender, {}).get(row.key)
                if not samples:
                    cells.append("—")
                    continue
                median = medians[contender]
                cell = f"{_fmt(median, row)} ({_fmt(min(samples), row)}{DASH}{_fmt(max(samples), row)})"
                relation = _relation(row, median, base) if contender != "raw" else ""
                if relation:
                    cell += f" **{relation}**"
                cells.append(cell)
            if row.target and "ours" in medians:
                text, ok = _verdict(row, medians["ours"], base)
                cells.append(f"{text} {'✅' if ok else '❌'}")
                verdicts.append((row.label, ok))
            elif row.target:
                cells.append("no figure ❌")
                verdicts.append((row.label, False))
            else:
                cells.append("")
            lines.append("| " + " | ".join(cells) + " |")
    warm = _warming_verdict(benches)
    if warm is not None:
        verdicts.append(("client construction: warming on costs no more than off", warm[1]))
    out = [f"Benchmarks, {meta['date']} — `{meta['command']}`", "", *lines, ""]
    if warm is not None:
        out.append(warm[0])
        out.append("")
    met = sum(ok for _, ok in verdicts)
    out.append(f"Targets met: {met} of {len(verdicts)}.")
    missed = [label for label, ok in verdicts if not ok]
    if missed:
        out.append("Missed: " + "; ".join(missed) + ".")
    failures = [f for b in benches for f in b.failures]
    if failures:
        out.append("Failed runs (left out of the figures): " + "; ".join(failures) + ".")
    out.append("")
    out.extend(_notes(benches, meta))
    return "\n".join(out) + "\n"


def _warming_verdict(benches: List[Bench]) -> Optional[Tuple[str, bool]]:
    by_name = {b.name: b for b in benches}
    off, on = by_name.get("construct_off"), by_name.get("construct_default")
    if off is None or on is None or "ours" not in off.values or "ours" not in on.values:
        return None
    parts = []
    ok = True
    for key, what in (("construct_first_s", "first"), ("construct_next_p50_s", "later")):
        a = statistics.median(off.values["ours"][key]) * 1e3
        b = statistics.median(on.values["ours"][key]) * 1e3
        spread = (max(off.values["ours"][key]) - min(off.values["ours"][key])) * 1e3
        # "No more" within the run-to-run spread of the warming-off figure.
        ok = ok and b <= a + spread
        parts.append(f"{what}: {b:.2f} ms default vs {a:.2f} ms off (spread of off {spread:.2f} ms)")
    text = "Ours, construction with warming on vs off — " + "; ".join(parts) + (" ✅" if ok else " ❌")
    return text, ok


def _notes(benches: List[Bench], meta: Dict[str, str]) -> List[str]:
    cpu = []
    for bench in benches:
        if bench.server_cpu:
            unit = bench.server_unit
            cpu.append(f"{bench.name} {statistics.median(bench.server_cpu) * 1e6:.1f} µs/{unit}")
    notes = [
        "Notes:",
        f"- {meta['machine']}; {meta['rounds']} rounds, each measurement in a fresh process per contender per round,"
        f" contenders interleaved; cells are the median over rounds (min{DASH}max), bold is the ratio to raw httpx"
        " (or the difference, for memory).",
        "- Within a process, timed loops run as 3 batches (streams: 3 streams) and the best counts (mean,"
        " req/s, chunks/s, time to first chunk), as `timeit` does, so that a burst of outside load does not decide"
        " a cell; p50 and p99 are over all calls.",
        "- Server (`benchmarks/server.py`, one asyncio process) CPU time per request or chunk it served, median"
        " over all contenders and rounds: " + ", ".join(cpu) + ".",
        "- raw httpx: one `httpx.Client`/`AsyncClient` (httpx's default pool limits), `json=` bodies,"
        " `json.loads` of the body; streams via `iter_lines()` and `json.loads` per data line, read to the end of"
        " the body so the connection is reused; aiohttp row: `httpx_aiohttp.HttpxAiohttpClient`.",
        "- Import time: in-process `perf_counter` around the import, nothing imported before it; raw is `import httpx`"
        " (median of 3 fresh processes per round, 1 with `--quick`).",
        "- Construction: the local server answers `/v1/tcp_warming` at once; against the real API a blocking warm-up"
        " costs a network round trip (or more).",
        "- RSS: `ru_maxrss` of a fresh process that imported the library, built one client and made 2,000 sync chat"
        " requests; bold is the difference to raw httpx's process doing the same.",
    ]
    return notes


# --------------------------------------------------------------------------- main


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds, small counts (< 2 minutes)")
    parser.add_argument("--rounds", type=int, help="rounds (default 5, or 2 with --quick)")
    parser.add_argument("--only", help="comma-separated benchmark names to run (default: all)")
    parser.add_argument("--contenders", default=",".join(CONTENDERS), help="comma-separated subset (raw is needed)")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.md")
    args = parser.parse_args(argv)
    rounds = args.rounds or (2 if args.quick else 5)
    contenders = [c for c in CONTENDERS if c in args.contenders.split(",")]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    ensure_venvs(log)
    versions = {c: _version(c) for c in contenders}
    benches = plan(args.quick)
    if args.only:
        wanted = set(args.only.split(","))
        benches = [b for b in benches if b.name in wanted]
    server = run_all(benches, rounds, contenders, log)
    server.stop()
    command = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    meta = {
        "date": datetime.date.today().isoformat(),
        "command": command + (f" --rounds {args.rounds}" if args.rounds else ""),
        "machine": f"Python {platform.python_version()} on {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} CPUs",
        "rounds": str(rounds),
    }
    report = render(benches, contenders, versions, meta)
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report)
    raw = {b.name: {"values": b.values, "server_cpu_s": b.server_cpu} for b in benches}
    args.output.with_suffix(".json").write_text(json.dumps({"meta": meta, "versions": versions, "results": raw}))
    log(f"written to {args.output} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
