"""Runs the reliability measurements and writes docs/reliability.md from what they observe.

    python scripts/reliability_report.py            # full counts, writes docs/reliability.md
    python scripts/reliability_report.py --quick    # the test suite's smaller counts
    python scripts/reliability_report.py --check    # also exit 1 if any cell departs from the doc

It runs the very cells the tests run (`tests/reliability/`): the fault matrix (every scenario
on every backend, streaming and not), the resource-hygiene loads and the concurrency runs
against the local emulator. The document is generated: edit this script or the scenarios,
never the document.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import sys
import warnings
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from reliability.concurrency import Outcome, run_async_tasks, run_threads  # noqa: E402
from reliability.hygiene import Figures, abandoned_streams, sequential_requests  # noqa: E402
from reliability.runner import CELLS, TRIO_HTTPX_GENERATORS, CellResult, judge, run_row  # noqa: E402
from reliability.scenarios import BACKENDS, SCENARIOS, Scenario  # noqa: E402

__all__ = ["main"]

OUTPUT = ROOT / "docs" / "reliability.md"
BACKEND_TITLES = {
    "sync": "`Cerebras`",
    "asyncio": "`AsyncCerebras` (asyncio; aiohttp by default)",
    "trio": "`AsyncCerebras` (trio)",
    "aiohttp": "`AsyncCerebras` + `DefaultAioHttpClient`",
}
PACKAGES = ["cerebras_cloud_sdk", "httpx", "httpcore", "h11", "anyio", "trio", "aiohttp", "httpx-aiohttp", "pydantic"]

Row = Dict[Tuple[str, bool], CellResult]


def _cell(scenario: Scenario, backend: str, streaming: bool, result: CellResult) -> str:
    problems = judge(scenario, backend, streaming, result)
    mark = "✗" if problems else "✓"
    outcome = "success" if result.outcome == "ok" else f"`{result.outcome}`"
    items = f", {result.items} item{'' if result.items == 1 else 's'}" if streaming and result.items else ""
    return f"{mark} {outcome} · {result.attempts} att.{items} · {result.checked_out} held"


def _matrix_tables(rows: List[Tuple[Scenario, Row]]) -> List[str]:
    lines: List[str] = []
    for streaming in (True, False):
        lines += ["", f"### {'Streaming' if streaming else 'Non-streaming'} calls", ""]
        lines.append("| scenario | " + " | ".join(BACKEND_TITLES[b] for b in BACKENDS) + " |")
        lines.append("|---" * (len(BACKENDS) + 1) + "|")
        for scenario, row in rows:
            cells = [_cell(scenario, b, streaming, row[b, streaming]) for b in BACKENDS]
            lines.append(f"| {scenario.name} | " + " | ".join(cells) + " |")
    return lines


def _scenario_table() -> List[str]:
    lines = ["| scenario | what the server does | documented: streaming | documented: non-streaming |"]
    lines.append("|---|---|---|---|")
    for s in SCENARIOS:
        stream = f"{s.stream.outcome} after {s.stream.attempts} attempt(s), {s.stream.items} item(s) first"
        plain = f"{s.plain.outcome} after {s.plain.attempts} attempt(s)"
        lines.append(f"| {s.name} | {s.fault} | {stream} | {plain} |")
    return lines


def _problems(rows: List[Tuple[Scenario, Row]]) -> List[str]:
    found: List[str] = []
    for scenario, row in rows:
        for backend, streaming in CELLS:
            for problem in judge(scenario, backend, streaming, row[backend, streaming]):
                mode = "streaming" if streaming else "non-streaming"
                found.append(f"- {scenario.name}, {backend}, {mode}: {problem}")
    return found


def _hygiene_table(figures: List[Figures]) -> List[str]:
    lines = [
        "| load | count | seconds | open fds before → after | RSS MiB before → after | GC objects before → after"
        " | TCP connections opened | left checked out |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.label} | {f.count:,} | {f.seconds:.1f} | {f.fds_before} → {f.fds_after} | "
            f"{f.rss_before_mib:.1f} → {f.rss_after_mib:.1f} ({f.rss_growth_mib:+.2f}) | "
            f"{f.objects_before:,} → {f.objects_after:,} ({f.object_growth:+,}) | {f.connections:,} | {f.checked_out} |"
        )
    return lines


def _concurrency_table(outcomes: List[Outcome]) -> List[str]:
    lines = [
        "| run | calls | answered | own id and text | failed | seconds | largest pool / limit | ids the server saw |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        correct = o.answered - len(o.mismatched)
        seen = len(set(o.server_ids))
        lines.append(
            f"| {o.label} | {o.calls:,} | {o.answered:,} | {correct:,} | {len(o.failures)} | {o.seconds:.1f} | "
            f"{o.max_pool} / {o.limit} | {seen:,} distinct |"
        )
    return lines


def _versions() -> str:
    found: List[str] = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def render(rows: List[Tuple[Scenario, Row]], figures: List[Figures], outcomes: List[Outcome], *, quick: bool) -> str:
    """The whole document."""
    problems = _problems(rows)
    cells = len(rows) * len(CELLS)
    verdict = (
        f"All {cells} cells behave as documented."
        if not problems
        else f"{len(problems)} departure(s) from the documented behaviour, listed below the tables."
    )
    today = datetime.date.today().isoformat()
    lines = [
        "# Reliability",
        "",
        "<!-- Generated by scripts/reliability_report.py: do not edit by hand. -->",
        "",
        f"Measured on {today} with Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()} ({_versions()}){', quick counts' if quick else ''}.",
        "Rerun with `nox -s reliability` (or `python scripts/reliability_report.py`).",
        "",
        "## Fault matrix",
        "",
        "Every scenario runs end to end against a raw-socket server on 127.0.0.1 "
        "(`tests/_support/sockets.py`) that misbehaves as described, with "
        "`max_retries=2` and retry waits recorded instead of slept. Each cell shows the outcome "
        "(the exact exception class, or success with the exact text sent), the attempts the "
        "client made (the server's count is checked to agree), the stream items received "
        "before the outcome, and how many connections were still checked out of the pool "
        "once the call returned or raised (must be 0). ✓ means the cell matches the documented "
        "behaviour below, ✗ that it does not. The same cells run in `tests/reliability/test_fault_matrix.py`.",
        "",
        "How \"held\" is measured: for httpx's own transport, the larger of the pool's "
        "registered requests (a request leaves that list only when its response is closed) and "
        "its connections that are neither idle nor closed; for the aiohttp backend, the "
        "connections aiohttp's connector has handed out and not got back. After the cell the "
        "client is closed and the server must see every socket closed (also checked).",
        "",
        verdict,
        *_matrix_tables(rows),
        "",
        "### The scenarios",
        "",
        *_scenario_table(),
        "",
        "Retry waits are checked too: the server's `retry-after`/`retry-after-ms` when it sends "
        "one, else exponential backoff with jitter (0.375-0.5 s, then 0.75-1 s). A stream "
        "error that happens after the response started is never retried (the items already "
        "delivered cannot be taken back); a failure while a non-streaming body is read is.",
    ]
    if problems:
        lines += ["", "### Departures", "", *problems]
    lines += [
        "",
        "## Resource hygiene",
        "",
        "Measured after a warm-up of 200 calls (50 streams): open file descriptors "
        "(`/proc/self/fd`), resident memory (`/proc/self/statm`) and objects tracked by the "
        "garbage collector, before and after the load, after a collection. Abandoned streams "
        "are left half-read (five of ten events) by `break` or by dropping them after "
        "`next()`, never closed explicitly. The tests (`tests/reliability/test_hygiene.py`) "
        "bound the growth at 2 descriptors, 100 objects and 8 MiB.",
        "",
        *_hygiene_table(figures),
        "",
        "Sequential requests reuse one keep-alive connection. An abandoned stream's connection "
        "cannot be reused (its body was not read to the end), so each is closed when the "
        "stream is dropped, at once by reference counting for `Stream` and by a task on the "
        "event loop for `AsyncStream`.",
        "",
        "## Concurrency",
        "",
        "Against the local emulator (`cerebras.cloud.sdk.testing.LocalServer`), half of the "
        "calls streamed, every call with its own `X-Request-Id` and one of 12 prompts whose "
        "answer is known in advance. A call counts as correct when the id echoed back is its "
        "own and the text is its prompt's. A monitor samples the pool size every millisecond.",
        "",
        *_concurrency_table(outcomes),
        "",
        "## Known limitations",
        "",
        "- **trio and abandoned streams.** When a stream is abandoned (a `break`, or an error "
        "the SDK raises about an event), its response and connection are closed, but httpx "
        "cannot close the async generators it nests inside `aiter_bytes`; under trio each one "
        "is reported as a `ResourceWarning` when collected (hidden by default). The reliability "
        "tests ignore exactly that warning.",
        "- **aiohttp backend left unclosed.** An `AsyncCerebras` on `DefaultAioHttpClient` that "
        "is never closed makes aiohttp print `Unclosed client session` at exit. Close the "
        "client (`async with`, or `await client.close()`). The default backend exits silently "
        "on asyncio and trio (tested in a subprocess).",
        "- **Many queued requests.** httpcore's own pool re-examines every queued request "
        "against every connection each time one is assigned, so a plain `httpx.AsyncClient` "
        "with tasks far beyond `max_connections` spends CPU quadratically. The clients the SDK "
        "builds (the defaults, `DefaultHttpxClient`, `DefaultAsyncHttpxClient`) assign in linear "
        "time, and `AsyncCerebras` on asyncio sends through aiohttp by default; calls beyond the "
        "512 default connections wait for one (up to the pool timeout). With a plain httpx "
        "client of your own, keep the concurrent calls near its pool size (e.g. an "
        "`anyio.Semaphore` around each call, stream included: the gated row above).",
        "- **The whole-attempt deadline on HTTP/2 (sync client, trio, and `DefaultAsyncHttpxClient` "
        "on asyncio before Python 3.11).** One HTTP/2 connection "
        "carries concurrent requests, and httpcore fails all of them when one read times out, so "
        "there the deadline of a non-streamed attempt is not applied to each socket read: it is "
        "checked as the body arrives, and silence is bounded by the read timeout. Over HTTP/1.1, "
        "and on asyncio whatever the protocol (before Python 3.11: with aiohttp), the deadline "
        "bounds the headers and body as a whole.",
        "",
    ]
    return "\n".join(lines)


HOSTILE_CASES: List[Tuple[str, str, str]] = [
    # (test function, the case, the documented outcome)
    (
        "test_a_body_that_never_ends_stops_at_the_limit",
        "body / SSE line that never ends",
        "`ResponseTooLargeError` near the limit",
    ),
    (
        "test_compression_bombs_stop_at_the_decoded_limit",
        "gzip, deflate, br bombs (64 MiB decoded)",
        "`ResponseTooLargeError`, peak < 16 MiB",
    ),
    (
        "test_a_crafted_rate_limit_reset_header_is_parsed_in_bounded_time",
        "backtracking `x-ratelimit-reset-*`",
        "`RateLimitError` in < 5 s",
    ),
    (
        "test_the_stream_helper_merges_thousands_of_tool_calls_quickly",
        "4,000 tool calls in one stream",
        "merged (linear work)",
    ),
    (
        "test_deeply_nested_replies_raise_typed_errors",
        "deeply nested `parse()` reply, tool arguments, body",
        "`OutputValidationError`, `ToolArgumentsError` (also `OutputValidationError`), `APIResponseValidationError`",
    ),
    (
        "test_a_drip_fed_body_cannot_outlast_the_timeout",
        "body dripped a byte at a time",
        "`APITimeoutError` within the timeout",
    ),
    (
        "test_drip_fed_headers_cannot_outlast_the_timeout",
        "status line and headers dripped a byte at a time (0.1 s, 0.3 s apart)",
        "`APITimeoutError` within the timeout, connection closed",
    ),
    (
        "test_a_connection_whose_deadline_expired_is_not_reused",
        "next call after drip-fed headers timed out",
        "answered on a new connection",
    ),
    (
        "test_each_retry_gets_a_deadline_of_its_own",
        "drip-fed headers, `max_retries=2`",
        "3 attempts, each cut at its timeout, then `APITimeoutError`",
    ),
    (
        "test_a_stream_that_goes_silent_ends_at_its_deadline",
        "stream silent after one event, `stream_idle_timeout` / `stream_timeout`",
        "`APITimeoutError` at the deadline, not the read timeout",
    ),
    (
        "test_streams_have_opt_in_deadlines",
        "keep-alives only / endless stream",
        "`APITimeoutError` at the idle / overall deadline",
    ),
    (
        "test_reading_a_body_that_never_ends_stops_at_the_limit",
        "`.with_streaming_response` `read`/`text`/`json`/`iter_*` of an endless body",
        "`ResponseTooLargeError` near the limit",
    ),
    (
        "test_the_lines_of_a_stream_stop_at_the_event_limit",
        "`.with_streaming_response` `iter_lines` of a stream line that never ends",
        "`ResponseTooLargeError` at `max_event_bytes`",
    ),
    (
        "test_a_compression_bomb_stops_at_the_decoded_limit",
        "`.with_streaming_response` reads of a gzip bomb",
        "`ResponseTooLargeError` at the decoded limit",
    ),
    (
        "test_bytes_past_the_declared_length_never_reach_the_next_request",
        "bytes past `Content-Length` (`SMUGGLED`)",
        "next call on a fresh connection, correct",
    ),
    (
        "test_key_echoed_in_the_request_id_never_shows",
        "key echoed in `x-request-id`",
        "masked in `str(e)`, traceback, locals",
    ),
    (
        "test_no_log_record_of_any_logger_contains_the_key",
        "key echoed, `CEREBRAS_LOG=debug` + root DEBUG",
        "no record contains the key",
    ),
    (
        "test_a_key_echoed_over_a_real_http2_connection_reaches_no_log_record",
        "key echoed over TLS HTTP/2, `CEREBRAS_LOG=debug` + root DEBUG",
        "no record of hpack, h2, httpcore.http2 contains the key",
    ),
    (
        "test_the_key_stays_masked_after_the_client_is_closed_or_collected",
        "record with the key made after the client is closed / collected",
        "masked",
    ),
    (
        "test_the_errors_a_connection_error_is_chained_from_do_not_show_the_key",
        "malformed status line (aiohttp keeps the request headers)",
        "no key in the `repr` of any chained error",
    ),
    ("test_errors_pickle_round_trip_without_the_key", "pickling the errors", "round trip, no key in the pickle"),
    (
        "test_keys_that_are_not_header_values_are_refused_at_construction",
        "key with CR/LF, non-ASCII, control",
        "`CerebrasError` naming the problem, nothing sent",
    ),
    (
        "test_credentials_in_the_base_url_are_refused_and_never_shown",
        "`http://user:pass@host` base URL",
        "`CerebrasError`, password never shown",
    ),
    (
        "test_every_attempt_sends_the_same_bytes_for_iterable_parameters",
        "generator of messages, tools, stop + retries",
        "identical bytes on every attempt",
    ),
    (
        "test_a_request_that_cannot_be_sent_fails_at_once_without_retries",
        "invalid header value, unencodable body",
        "`RequestBuildError` at once, nothing sent",
    ),
    (
        "test_a_malformed_base_url_is_a_clear_error_at_construction",
        "bad port, unsupported scheme, no host",
        "`CerebrasError` at construction",
    ),
]
"""The hostile-server cases of `tests/reliability/test_hostile_*.py`, in the order shown."""

_HOSTILE_COLUMNS = ("sync", "asyncio", "trio", "httpx_asyncio", "httpx_trio", "aiohttp")
"""Backend ids of the hostile tests (`tests/reliability/hostile.py`), one column each."""


def hostile_results() -> Dict[str, Dict[str, List[bool]]]:
    """Run the hostile tests; for each test function, pass/fail per backend id (`all`: unparametrized)."""
    import subprocess
    import tempfile
    import xml.etree.ElementTree as ElementTree

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "hostile.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--junitxml={report}",
                "tests/reliability/test_hostile_bounds.py",
                "tests/reliability/test_hostile_secrets.py",
                "tests/reliability/test_hostile_requests.py",
                "tests/reliability/test_hostile_deadlines.py",
                "tests/reliability/test_hostile_user_reads.py",
            ],
            cwd=Path(__file__).resolve().parent.parent,
            check=False,
            capture_output=True,
        )
        tree = ElementTree.parse(report)
    results: Dict[str, Dict[str, List[bool]]] = {}
    for case in tree.iter("testcase"):
        name = case.get("name", "")
        function, _, params = name.partition("[")
        passed = not any(child.tag in ("failure", "error") for child in case)
        ids = params.rstrip("]").split("-")
        ids = ["sync" if part == "Cerebras" else "asyncio" if part == "AsyncCerebras" else part for part in ids]
        columns = [column for column in _HOSTILE_COLUMNS if column in ids] or ["all"]
        for column in columns:
            results.setdefault(function, {}).setdefault(column, []).append(passed)
    return results


def hostile_section(results: Dict[str, Dict[str, List[bool]]]) -> List[str]:
    """The "Hostile servers" section of the document, from `hostile_results()`."""
    lines = [
        "## Hostile servers and bad input",
        "",
        "Servers (raw sockets on 127.0.0.1) and callers that are broken or hostile on purpose, each "
        "case a test of `tests/reliability/test_hostile_*.py` run on `Cerebras`, `AsyncCerebras` "
        "with its default transport (aiohttp on asyncio, httpx's own on trio), `AsyncCerebras` + "
        "`DefaultAsyncHttpxClient` (asyncio and trio) and `AsyncCerebras` + `DefaultAioHttpClient`, "
        "streamed and not where that applies. ✓: every run of the case on that backend behaved as "
        "documented (`n` runs: modes and variants); ✗: at least one did not; `not run`: that case's "
        "test is not run on that backend (the trio and `DefaultAsyncHttpxClient` columns cover the "
        "deadline and HTTP/2 cases).",
        "",
        "| case | documented outcome | `Cerebras` | `AsyncCerebras` (asyncio) | `AsyncCerebras` (trio) "
        "| + `DefaultAsyncHttpxClient` (asyncio) | + `DefaultAsyncHttpxClient` (trio) "
        "| + `DefaultAioHttpClient` |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for function, case, outcome in HOSTILE_CASES:
        runs = results.get(function, {})
        cells: List[str] = []
        for column in _HOSTILE_COLUMNS:
            outcomes = runs.get(column) or runs.get("all") or []
            if not outcomes and runs:
                cells.append("not run")
            elif not outcomes:
                cells.append("n/a (refused before any request)")
            else:
                mark = "✓" if all(outcomes) else "✗"
                cells.append(
                    f"{mark} ({len(outcomes)} run{'s' if len(outcomes) > 1 else ''})"
                    if column in runs
                    else f"{mark} (client-independent)"
                )
        lines.append(f"| {case} | {outcome} | " + " | ".join(cells) + " |")
    return lines


def _replace_hostile_section(path: Path, section: List[str]) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.find("## Hostile servers and bad input")
    if start < 0:
        start = text.index("## Known limitations")
        end = start
    else:
        end = text.index("\n## ", start + 1) + 1
    path.write_text(text[:start] + "\n".join(section) + "\n\n" + text[end:], encoding="utf-8")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the test suite's counts (1,000 requests, 200 streams)")
    parser.add_argument("--check", action="store_true", help="exit 1 if any cell departs from the documentation")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the document")
    parser.add_argument("--hostile-only", action="store_true", help="only rerun and rewrite the hostile-server section")
    args = parser.parse_args(argv)
    sys.stderr.write("hostile servers\n")
    hostile = hostile_section(hostile_results())
    if args.hostile_only:
        _replace_hostile_section(args.output, hostile)
        sys.stderr.write(f"wrote {args.output}\n")
        return 0
    warnings.filterwarnings("ignore", message=TRIO_HTTPX_GENERATORS, category=ResourceWarning)
    requests, streams, tasks, per_thread = (1_000, 200, 300, 10) if args.quick else (10_000, 1_000, 1_000, 20)

    rows: List[Tuple[Scenario, Row]] = []
    for scenario in SCENARIOS:
        sys.stderr.write(f"fault matrix: {scenario.name}\n")
        rows.append((scenario, run_row(scenario)))
    sys.stderr.write("hygiene\n")
    figures = [
        sequential_requests(requests, use_async=False),
        sequential_requests(requests, use_async=True),
        abandoned_streams(streams, use_async=False),
        abandoned_streams(streams, use_async=True),
    ]
    sys.stderr.write("concurrency\n")
    outcomes = [
        run_async_tasks(tasks, backend="asyncio"),
        run_async_tasks(tasks, backend="trio"),
        run_async_tasks(tasks, backend="asyncio", gate=100),
        run_threads(32, per_thread, max_connections=8),
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(rows, figures, outcomes, quick=args.quick), encoding="utf-8")
    _replace_hostile_section(args.output, hostile)
    sys.stderr.write(f"wrote {args.output}\n")
    return 1 if args.check and _problems(rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
