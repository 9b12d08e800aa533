"""Concurrency benchmark: hundreds of streams at once in one process, ours vs the official SDK,
openai-python and raw loops, over cleartext HTTP/1.1 and over TLS (HTTP/2 or HTTP/1.1).

    python benchmarks/concurrency.py            # the full matrix (`plan`), 2 rounds: about 30 minutes
    python benchmarks/concurrency.py --quick    # C=1 and C=256 paced, 32 threads, TLS at C=64: a few minutes

Uses the virtualenvs of `run.py` (`benchmarks/.venvs/`), starts `server.py` (and, for the TLS
rows, `tls_server.py`), and runs `conc_worker.py` once per contender per cell per round, in a
fresh process, contenders interleaved. A cell of the table is the median over rounds.

Each cell: C lanes at once on one client, each reading 2 streams of 100 chunks one after the
other (2·C streams). *Paced*: the server sends the chunks 5 ms apart, so a stream lasts 0.5 s
and the ideal wall time is 1.0 s; *unpaced*: as fast as the client reads. Figures: wall time
(paced: as a multiple of the ideal), the client process's CPU time per chunk, time to first
chunk p50/p99 over all streams, peak RSS, and the connections the server accepted.
Writes `benchmarks/results/concurrency.md` (and `.json`).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import RESULTS, Server, _venv_python, _version, ensure_venvs

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
PACE_MS = 5
CHUNKS = 100
IDEAL_S = 2 * CHUNKS * PACE_MS / 1000

FLOOR_NAME = "raw_httpx_aiohttp"
ASYNC = (
    "ours",
    "ours_aiohttp",
    "ours_httpx",
    "official",
    "official_aiohttp",
    "official_httpx",
    "openai",
    "raw_httpx",
    "raw_httpx_aiohttp",
    "raw_aiohttp",
)
UNPACED = ("ours", "ours_aiohttp", "ours_httpx", "official", "official_httpx", FLOOR_NAME, "raw_aiohttp")
"""Unpaced cells leave out the slowest contenders (openai-python, raw httpx), to keep the run short."""
SYNC = ("ours", "official", "openai", "raw_httpx")
VENV = {"ours": "ours", "official": "official", "openai": "openai", "raw": "ours"}
LABEL = {
    "ours": "ours, default",
    "ours_aiohttp": "ours + DefaultAioHttpClient",
    "ours_httpx": "ours + DefaultAsyncHttpxClient",
    "official": "official 1.91.0, default",
    "official_aiohttp": "official + DefaultAioHttpClient",
    "official_httpx": "official + DefaultAsyncHttpxClient",
    "openai": "openai-python, default",
    "raw_httpx": "raw httpx",
    "raw_httpx_aiohttp": "raw loop on httpx-aiohttp",
    "raw_aiohttp": "raw aiohttp",
}
FLOOR = FLOOR_NAME


@dataclass
class Cell:
    """One row group: a setting (concurrency, pacing, TLS, threads) run for some contenders."""

    name: str
    contenders: Sequence[str]
    lanes: int
    paced: bool = True
    threads: bool = False
    tls: bool = False
    http1: Sequence[str] = ()  # contenders run with HTTP/2 off (TLS rows)
    results: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict)
    failures: List[str] = field(default_factory=list)


def plan(quick: bool) -> List[Cell]:
    """The matrix (`quick`: C=1 and C=256 paced, 32 threads, TLS at C=64)."""
    levels = (1, 256) if quick else (1, 16, 64, 256, 512)
    cells = [Cell(f"paced C={c}", ASYNC, c) for c in levels]
    if not quick:
        cells += [Cell(f"unpaced C={c}", UNPACED, c, paced=False) for c in (1, 256, 512)]
        cells.append(Cell("paced C=1000 (ours default only)", ("ours",), 1000))
    cells += [Cell(f"sync {t} threads", SYNC, t, threads=True) for t in ((32,) if quick else (32, 128))]
    tls = ("ours", "ours_httpx", "ours_httpx_h1", "official", FLOOR, "raw_aiohttp")
    cells += [Cell(f"TLS paced C={c}", tls, c, tls=True) for c in ((64,) if quick else (64, 256))]
    return cells


class TlsServer:
    """`tls_server.py` in its own process, with its CA file."""

    def __init__(self) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.cafile = str(Path(self.dir.name) / "ca.pem")
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "tls_server.py"), "--cafile", self.cafile], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("PORT "):
            self.process.kill()
            raise RuntimeError(f"the TLS benchmark server did not start: {line!r}")
        self.base_url = f"https://127.0.0.1:{int(line.split()[1])}"

    def stats(self) -> Dict[str, Any]:
        context = ssl.create_default_context(cafile=self.cafile)
        request = urllib.request.Request(self.base_url + "/_stats", headers={"Connection": "close"})
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return json.loads(response.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.dir.cleanup()


def _contender(name: str) -> Tuple[str, bool]:
    """(the worker's contender name, HTTP/2 off)."""
    return (name[:-3], True) if name.endswith("_h1") else (name, False)


def run_one(name: str, cell: Cell, server: Any, cafile: Optional[str]) -> Dict[str, Any]:
    contender, http1 = _contender(name)
    python = str(_venv_python(VENV[contender.split("_")[0]]))
    base_url = server.base_url + (f"/pace/{PACE_MS}" if cell.paced else "")
    command = [python, str(HERE / "conc_worker.py"), contender, "--base-url", base_url, "--chunks", str(CHUNKS)]
    command += ["--threads" if cell.threads else "--concurrency", str(cell.lanes)]
    if cafile:
        command += ["--tls", cafile]
    if http1:
        command.append("--http1")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CEREBRAS_", "OPENAI_", "SSL_CERT"))}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{name} {cell.name} failed:\n{done.stderr[-2000:]}")
    result: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["errors"]:
        raise RuntimeError(f"{name} {cell.name}: {result['errors']} streams failed: {result['first_error']}")
    return result


def run_all(cells: List[Cell], rounds: int, log: Callable[[str], None]) -> None:
    plain = Server()
    tls: Optional[TlsServer] = None
    try:
        if any(cell.tls for cell in cells):
            tls = TlsServer()
        for round_no in range(1, rounds + 1):
            started = time.perf_counter()
            for cell in cells:
                server: Any = tls if cell.tls else plain
                for name in cell.contenders:
                    try:
                        result = run_one(name, cell, server, tls.cafile if cell.tls and tls else None)
                    except (RuntimeError, subprocess.TimeoutExpired) as exc:
                        message = str(exc).strip().splitlines()[-1][:300]
                        log(f"round {round_no}: {message}")
                        cell.failures.append(f"{name} {cell.name}: {message}")
                        continue
                    cell.results.setdefault(name, []).append(result)
                log(f"round {round_no}: {cell.name} done")
            log(f"round {round_no}/{rounds} done in {time.perf_counter() - started:.0f} s")
    finally:
        plain.stop()
        if tls is not None:
            tls.stop()


# --------------------------------------------------------------------------- the tables


def _median(cell: Cell, name: str, key: str) -> Optional[float]:
    values = [r[key] for r in cell.results.get(name, [])]
    return statistics.median(values) if values else None


def _label(name: str) -> str:
    contender, http1 = _contender(name)
    return LABEL[contender] + (" (HTTP/1.1)" if http1 else "")


def render_cell(cell: Cell) -> List[str]:
    floor_wall = _median(cell, FLOOR, "wall_s")
    floor_cpu = _median(cell, FLOOR, "cpu_per_chunk_s")
    wall_head = "wall / ideal" if cell.paced else "wall (s)"
    lines = [
        f"#### {cell.name}" + (" (TLS: HTTP/2 where the client offers it)" if cell.tls else ""),
        "",
        f"| contender | {wall_head} | CPU µs / chunk | first chunk p50 (ms) | p99 (ms) | peak RSS (MiB) | connections |"
        + (" vs floor (wall, CPU) |" if floor_wall else ""),
        "|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if floor_wall else ""),
    ]
    for name in cell.contenders:
        if name not in cell.results:
            lines.append(f"| {_label(name)} | failed |  |  |  |  |  |" + (" |" if floor_wall else ""))
            continue
        wall = _median(cell, name, "wall_s") or 0.0
        cpu = _median(cell, name, "cpu_per_chunk_s") or 0.0
        shown_wall = f"{wall / IDEAL_S:.2f}x" if cell.paced else f"{wall:.2f}"
        row = (
            f"| {_label(name)} | {shown_wall} | {cpu * 1e6:.1f} | {(_median(cell, name, 'ttfc_p50_s') or 0) * 1e3:.0f}"
            f" | {(_median(cell, name, 'ttfc_p99_s') or 0) * 1e3:.0f} | {_median(cell, name, 'rss_peak_mib') or 0:.0f}"
            f" | {_median(cell, name, 'connections') or 0:.0f} |"
        )
        if floor_wall and floor_cpu:
            row += f" {wall / floor_wall:.2f}x, {cpu / floor_cpu:.2f}x |"
        lines.append(row)
    lines.append("")
    return lines


def _ratio(cell: Optional[Cell], name: str, other: str, key: str) -> Optional[float]:
    if cell is None:
        return None
    a, b = _median(cell, name, key), _median(cell, other, key)
    return None if a is None or not b else a / b


def targets(cells: List[Cell]) -> List[Tuple[str, Optional[float], str, bool]]:
    """(what, measured, bound, met) for the targets this matrix can check."""
    by = {cell.name: cell for cell in cells}
    c256 = by.get("paced C=256")
    out: List[Tuple[str, Optional[float], str, bool]] = []

    def add(what: str, value: Optional[float], bound: str, ok: Callable[[float], bool]) -> None:
        out.append((what, value, bound, value is not None and ok(value)))

    add(
        "C=256 paced: wall, ours default / raw loop on httpx-aiohttp",
        _ratio(c256, "ours", FLOOR, "wall_s"),
        "≤ 1.2x",
        lambda v: v <= 1.2,
    )
    add(
        "C=256 paced: CPU per chunk, ours default / floor",
        _ratio(c256, "ours", FLOOR, "cpu_per_chunk_s"),
        "≤ 1.5x",
        lambda v: v <= 1.5,
    )
    add(
        "C=256 paced: first chunk p99, ours default / floor",
        _ratio(c256, "ours", FLOOR, "ttfc_p99_s"),
        "≤ 2x",
        lambda v: v <= 2.0,
    )
    add(
        "C=256 paced: wall, official default / ours default",
        _ratio(c256, "official", "ours", "wall_s"),
        "≥ 4x",
        lambda v: v >= 4.0,
    )
    for kind in ("paced", "unpaced"):
        low, high = by.get(f"{kind} C=1"), by.get(f"{kind} C=512")
        growth = None
        if low and high:
            a, b = _median(high, "ours", "cpu_per_chunk_s"), _median(low, "ours", "cpu_per_chunk_s")
            growth = a / b if a and b else None
        add(f"{kind}: CPU per chunk, ours default, C=512 / C=1", growth, "≤ 1.5x", lambda v: v <= 1.5)
    for name in ("paced C=256", "paced C=512", "unpaced C=256", "unpaced C=512"):
        add(
            f"{name}: wall, ours + DefaultAsyncHttpxClient / official + the same",
            _ratio(by.get(name), "ours_httpx", "official_httpx", "wall_s"),
            "≤ 1.0x",
            lambda v: v <= 1.0,
        )
    soak = by.get("paced C=1000 (ours default only)")
    if soak is not None:
        ok = bool(soak.results.get("ours")) and not soak.failures
        out.append(("1,000 concurrent streams, ours default: no error", 1.0 if ok else None, "all complete", ok))
    for c in (64, 256):
        tls = by.get(f"TLS paced C={c}")
        for key, what in (("wall_s", "wall"), ("cpu_per_chunk_s", "CPU per chunk")):
            add(
                f"TLS C={c}: {what}, ours default (aiohttp, HTTP/1.1) / ours on httpx, HTTP/1.1",
                _ratio(tls, "ours", "ours_httpx_h1", key),
                "≤ 1.0x",
                lambda v: v <= 1.0,
            )
            add(
                f"TLS C={c}: {what}, ours default (aiohttp, HTTP/1.1) / ours on httpx, HTTP/2",
                _ratio(tls, "ours", "ours_httpx", key),
                "≤ 1.0x",
                lambda v: v <= 1.0,
            )
    return [t for t in out if t[1] is not None or "no error" in t[0]]


def render(cells: List[Cell], versions: Dict[str, str], meta: Dict[str, str]) -> str:
    out = [f"Concurrency benchmark, {meta['date']} — `{meta['command']}`", ""]
    out.append(f"{meta['machine']}; load before the run: {meta['load']}; {meta['rounds']} round(s), median shown.")
    out.append(f"Versions: {', '.join(f'{k} {v}' for k, v in versions.items())}.")
    out.append("")
    checked = targets(cells)
    if checked:
        out += ["| target | measured | bound | met |", "|---|---:|---|:---:|"]
        for what, value, bound, ok in checked:
            shown = "—" if value is None else f"{value:.2f}x"
            out.append(f"| {what} | {shown} | {bound} | {'✅' if ok else '❌'} |")
        out.append("")
    for cell in cells:
        out += render_cell(cell)
    failures = [f for cell in cells for f in cell.failures]
    if failures:
        out.append("Failed runs (left out): " + "; ".join(failures) + ".")
    return "\n".join(out) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small matrix, one round")
    parser.add_argument("--rounds", type=int, help="rounds (default 2, or 1 with --quick)")
    parser.add_argument("--only", help="comma-separated cell names to run (default: all of the matrix)")
    parser.add_argument("--output", type=Path, default=RESULTS / "concurrency.md")
    parser.add_argument("--render", type=Path, help="only re-render the table from a saved .json")
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads(args.render.read_text())
        cells = [cell for cell in plan(False) + plan(True) if cell.name in saved["results"]]
        seen: Dict[str, Cell] = {}
        for cell in cells:
            seen.setdefault(cell.name, cell)
        for name, cell in seen.items():
            cell.results = saved["results"][name]["results"]
            cell.failures = saved["results"][name]["failures"]
        report = render(list(seen.values()), saved["versions"], saved["meta"])
        print(report)
        args.output.write_text(report)
        return 0
    rounds = args.rounds or (1 if args.quick else 2)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    ensure_venvs(log)
    versions = {c: _version(c) for c in ("ours", "official", "openai", "raw")}
    cells = plan(args.quick)
    if args.only:
        wanted = set(args.only.split(","))
        cells = [cell for cell in cells if cell.name in wanted]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    run_all(cells, rounds, log)
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python benchmarks/concurrency.py" + (" --quick" if args.quick else ""),
        "machine": f"Python {platform.python_version()} on {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} CPUs",
        "rounds": str(rounds),
        "load": f"{load} (1, 5, 15 min); after: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    report = render(cells, versions, meta)
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report)
    raw = {cell.name: {"results": cell.results, "failures": cell.failures} for cell in cells}
    args.output.with_suffix(".json").write_text(json.dumps({"meta": meta, "versions": versions, "results": raw}))
    log(f"written to {args.output} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
