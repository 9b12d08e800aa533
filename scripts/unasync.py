"""Write the sync twin of each async-source module: `python scripts/unasync.py [--check]`.

Each job below names an async module (the one written by hand) and the sync module made from it.
The sync text is the async text with `async def`/`async with`/`async for` made plain (a loop,
async or not, that only re-yields becomes `yield from`), `await x.__anext__()` made `next(x)`,
`await` dropped, and async names replaced by their sync twins: the job's own table first, then
the common one, then any other `AsyncX` becomes `X` (whole words only, in code, docstrings and
comments alike). Lines a job lists in `drop` are left out.

Where the twins really differ, markers say which lines belong to one of them only. They are the
one marker set of the project: `scripts/generate_signatures.py` uses the same ones in its
templates. Each is a comment `# unasync: ...`:

* `CODE  # unasync: async-only` (at the end of a line): the line is the async module's only. Alone
  on a line, `# unasync: async-only` makes the next line async-only (for a line that cannot end in
  a comment, such as the first line of a multi-line docstring).
* `# unasync: sync-only: CODE` (a line of its own): `CODE`, at the comment's indentation, is the
  sync module's only; a bare `# unasync: sync-only:` is a blank line there.
* `# unasync: begin sync-only`, lines, `# unasync: begin async-only`, lines, `# unasync: end`: a
  block whose first part is the sync module's only and whose second part is the async module's
  only; either part may stand alone (`begin ... end`).

Sync-only text is already sync: it is kept as written, not rewritten. In a module source (which is
the async module as it runs), sync-only code must be comment lines (`sync-only:`); a sync-only
block suits the templates, whose async classes are written out with every marker line and marker
comment removed (`async_text`). Markers are read as text, line by line (a marker inside a string
is still a marker). A misplaced, unknown or unclosed marker (or anything but exactly
`# unasync: async-only` after code) is a `MarkerError` naming its line; the script exits 2.
Where more than a few lines differ in a module, put the difference in hand-written code the source
calls (as the clients do with `_client_lifecycle`) rather than in markers.

Write the async source so that its rewrite is correct and `ruff format`-clean (a magic
trailing comma keeps a call split where dropping `await` would let it fit on one line);
`nox -s unasync` regenerates and checks the format.

`--check` writes nothing and exits 1 when a generated file is missing or differs from what its
source gives (so an edit to a generated file, or a source edited without regenerating, fails
`nox -s lint`, CI and the test suite). The rewrite is pure text: no tool beyond Python runs.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path("src/cerebras/cloud/sdk")

COMMON: Mapping[str, str] = {
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "aclose": "close",
    "aread": "read",
    "aiter_bytes": "iter_bytes",
    "aiter_text": "iter_text",
    "aiter_lines": "iter_lines",
    "aiter_raw": "iter_raw",
    "AsyncIterator": "Iterator",
    "AsyncIterable": "Iterable",
    "AsyncGenerator": "Generator",
    "StopAsyncIteration": "StopIteration",
    "AsyncAPIResponse": "APIResponse",
    "AsyncStream": "Stream",
    "AsyncCerebras": "Cerebras",
    "AsyncRequester": "SyncRequester",
    "AsyncAPIResource": "SyncAPIResource",
    "AsyncSender": "SyncSender",
    "AsyncClientBase": "SyncClientBase",
    "AsyncBinaryResponse": "BinaryResponse",
    "AsyncCursorPage": "SyncCursorPage",
    "async_to_raw_response_wrapper": "to_raw_response_wrapper",
    "async_to_streamed_response_wrapper": "to_streamed_response_wrapper",
    "AsyncPaginator": "SyncCursorPage",
    "cursor_page_async": "cursor_page",
    "open_upload_in_thread": "open_upload",
    "anyio.sleep": "time.sleep",
}
"""Async name -> sync name, shared by every job. Any other `AsyncX` name becomes `X`."""

_ASYNC_PREFIX = re.compile(r"(?<!\w)Async(?=[A-Z])")
_MARKER_LINE = re.compile(r"^([ \t]*)# unasync:(?: (.*))?$")
"""A line that is only a marker comment: its indentation, then what follows `# unasync: `."""
_TRAILING = re.compile(r"[ \t]*#[ \t]*unasync:.*$")
"""A marker after code (with the blanks before it): only `async-only` may stand there."""
_SYNC_CODE = "sync-only:"
SHARED, SYNC, ASYNC = "shared", "sync", "async"
"""The sides a source line belongs to: both modules, the sync module only, the async module only."""
_BLOCK_SIDES = {"begin sync-only": SYNC, "begin async-only": ASYNC, "end": SHARED}
"""Block marker -> the side of the lines after it."""
_BLOCK_ORDER = {SYNC: (SHARED,), ASYNC: (SHARED, SYNC), SHARED: (SYNC, ASYNC)}
"""The side a block marker opens -> the sides it may follow."""

_KEYWORDS = (
    (re.compile(r"\basync for (\w+) in (.+):\n[ \t]+yield \1\n"), r"yield from \2\n"),  # a loop that only re-yields
    # A plain loop that only re-yields (an async generator cannot `yield from`): its body is that one line.
    (re.compile(r"^([ \t]*)for (\w+) in (.+):\n\1[ \t]+yield \2\n(?!\1[ \t])", re.MULTILINE), r"\1yield from \3\n"),
    (re.compile(r"\bawait ([\w.]+)\.__anext__\(\)"), r"next(\1)"),  # the builtin: no method-wrapper per call
    (re.compile(r"\basync (def|with|for) "), r"\1 "),
    (re.compile(r"\bawait "), ""),
)


@dataclass(frozen=True)
class Job:
    """One generated module: `target` is made from `source` (both relative to the package)."""

    source: str
    target: str
    names: Mapping[str, str] = field(default_factory=dict[str, str])
    """Names only this module maps (they override `COMMON`)."""
    drop: Sequence[str] = ()
    """Whole lines of the source left out of the sync module (e.g. `import anyio`)."""


JOBS: Sequence[Job] = (
    Job(source="_async_verbs.py", target="_sync_verbs.py"),
    Job(
        source="_async_response.py",
        target="_sync_response.py",
        names={
            "aread_body": "read_body",
            "acapped_bytes": "capped_bytes",
            "acapped_lines": "capped_lines",
            "acapped_text": "capped_text",
        },
    ),
    Job(
        source="_async_client_wrappers.py",
        target="_sync_client_wrappers.py",
        names={"_AsyncResources": "_SyncResources"},
    ),
    Job(
        source="_async_client.py",
        target="_sync_client.py",
        names={"AsyncHttpxClientWrapper": "SyncHttpxClientWrapper", "asynchronous": "synchronous"},
    ),
    Job(
        source="_async_binary.py",
        target="_sync_binary.py",
        names={"anyio.open_file": "open"},
        drop=("import anyio",),
    ),
    Job(source="_async_batch_results.py", target="_sync_batch_results.py"),
    Job(source="_async_pagination.py", target="_sync_pagination.py"),
    Job(source="resources/_async_models.py", target="resources/_sync_models.py"),
    Job(source="resources/_async_files.py", target="resources/_sync_files.py"),
    Job(
        source="resources/_async_batches.py",
        target="resources/_sync_batches.py",
        names={"_AsyncClientWithFiles": "_SyncClientWithFiles"},
        drop=("import anyio",),
    ),
    Job(
        source="_async_sender.py",
        target="_sync_sender.py",
        names={"aread_body": "read_body", "async_wait": "sync_wait"},
    ),
    Job(
        source="_async_stream.py",
        target="_sync_stream.py",
        names={
            "_AClosing": "_Closing",
            "_awith_deadlines": "_with_deadlines",
            "abody_chunks": "body_chunks",
            "adrain": "drain",
            "atimed_chunks": "timed_chunks",
        },
    ),
)


def header(job: Job) -> str:
    """The first line of a generated module: what made it, and not to edit it."""
    return f"# Generated by scripts/unasync.py from {job.source}: do not edit (change the source, then `nox -s unasync`).\n"


def _name_pattern(names: Mapping[str, str]) -> re.Pattern[str]:
    ordered = sorted(names, key=len, reverse=True)  # the longest name wins where one contains another
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name in ordered) + r")\b")


class MarkerError(ValueError):
    """A misplaced, unknown or unclosed `# unasync:` marker at `line` (1-based) of a source."""

    def __init__(self, line: int, reason: str, source: str = "") -> None:
        super().__init__(f"{source}, line {line}: {reason}" if source else f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass
class _Reader:
    """The state of one pass over a source's lines (see `sides`)."""

    side: str = SHARED
    """The side of the open block (`SHARED` outside blocks)."""
    opened: int = 0
    """The line number of the marker that opened the block."""
    next_async: int = 0
    """The line number of an `async-only` line marker waiting for its line (0: none)."""

    def marker(self, number: int, indent: str, words: str) -> Optional[Tuple[str, str]]:
        """Apply the marker line `number`; the (side, text) it stands for, if any."""
        if self.next_async:
            raise MarkerError(self.next_async, "`# unasync: async-only` must stand before a line of code")
        if words.startswith(_SYNC_CODE):
            if self.side != SHARED:
                raise MarkerError(number, f"a `sync-only:` line inside the {self.side}-only block")
            code = words[len(_SYNC_CODE) :]
            if code and not code.startswith(" "):
                raise MarkerError(number, "expected `# unasync: sync-only: CODE` (a space after the colon)")
            return SYNC, indent + code[1:] if code.strip() else ""  # a bare `sync-only:`: a blank line
        if words == "async-only":
            if self.side != SHARED:
                raise MarkerError(number, f"an `async-only` line inside the {self.side}-only block")
            self.next_async = number
            return None
        side = _BLOCK_SIDES.get(words)
        if side is None:
            raise MarkerError(number, f"unknown marker `# unasync: {words}` (see scripts/unasync.py)")
        if self.side not in _BLOCK_ORDER[side]:
            where = "outside a block" if self.side == SHARED else f"in the {self.side}-only block"
            raise MarkerError(
                number, f"`# unasync: {words}` {where} (the order is begin sync-only, begin async-only, end)"
            )
        self.side, self.opened = side, number
        return None

    def line(self, number: int, text: str) -> Tuple[str, str]:
        """The side and text (marker removed) of the source line `number`, which is not a marker line."""
        trailing = _TRAILING.search(text)
        if trailing is not None:
            if trailing.group(0).strip() != "# unasync: async-only":
                raise MarkerError(
                    number, f"{trailing.group(0).strip()!r}: only `# unasync: async-only` may follow code"
                )
            if self.side != SHARED or self.next_async:
                raise MarkerError(number, "`# unasync: async-only` on a line that already belongs to one side")
            return ASYNC, text[: trailing.start()]
        if self.next_async:
            self.next_async = 0
            return ASYNC, text
        return self.side, text


def sides(source: str) -> List[Tuple[str, str]]:
    """PURE. The source's lines (ends kept) as (side, line): `SHARED`, `SYNC` or `ASYNC`, markers resolved and gone."""
    reader = _Reader()
    out: List[Tuple[str, str]] = []
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        text = line.rstrip("\r\n")
        end = line[len(text) :]
        marker = _MARKER_LINE.match(text)
        if marker is None:
            side, text = reader.line(number, text)
            out.append((side, text + end))
            continue
        found = reader.marker(number, marker.group(1), marker.group(2) or "")
        if found is not None:
            out.append((found[0], found[1] + end))
    if reader.next_async:
        raise MarkerError(reader.next_async, "`# unasync: async-only` must stand before a line of code")
    if reader.side != SHARED:
        raise MarkerError(reader.opened, f"the {reader.side}-only block is not closed by `# unasync: end`")
    return out


def is_marker(line: str) -> bool:
    """Whether `line` is a marker line or has a marker after its code."""
    text = line.rstrip("\r\n")
    return _MARKER_LINE.match(text) is not None or _TRAILING.search(text) is not None


def _rewrite(text: str, table: Mapping[str, str]) -> str:
    for pattern, replacement in _KEYWORDS:
        text = pattern.sub(replacement, text)
    text = _name_pattern(table).sub(lambda match: table[match.group(1)], text)
    return _ASYNC_PREFIX.sub("", text)


def unasync_text(source: str, names: Mapping[str, str], drop: Sequence[str] = ()) -> str:
    """PURE. The sync twin of an async source's text (see the module docstring); `MarkerError` on a bad marker."""
    table: Dict[str, str] = {**COMMON, **names}
    out: List[str] = []
    for side, run in groupby(sides(source), key=lambda pair: pair[0]):
        lines = [line for _, line in run]
        if side == SYNC:
            out += lines
        elif side == SHARED:
            out.append(_rewrite("".join(line for line in lines if line.rstrip("\r\n") not in drop), table))
    return "".join(out)


def async_text(source: str) -> str:
    """PURE. The async text a source stands for: sync-only lines, marker lines and marker comments left out."""
    return "".join(line for side, line in sides(source) if side != SYNC)


def render(job: Job, root: Path = ROOT) -> str:
    """The full text `job.target` must have."""
    source = (root / PACKAGE / job.source).read_text(encoding="utf-8")
    try:
        return header(job) + unasync_text(source, job.names, job.drop)
    except MarkerError as error:
        raise MarkerError(error.line, error.reason, str(PACKAGE / job.source)) from None


def run(check: bool, root: Path = ROOT, jobs: Sequence[Job] = JOBS) -> List[str]:
    """Regenerate (or, with `check`, compare) every job; the targets that were out of date."""
    stale: List[str] = []
    for job in jobs:
        target = root / PACKAGE / job.target
        expected = render(job, root)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == expected:
            continue
        stale.append(job.target)
        if not check:
            target.write_text(expected, encoding="utf-8")
    return stale


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    args = parser.parse_args(argv)
    try:
        stale = run(args.check)
    except MarkerError as error:
        print(f"unasync: {error}", file=sys.stderr)
        return 2
    for target in stale:
        verb = "is out of date (run `nox -s unasync`)" if args.check else "regenerated"
        print(f"{PACKAGE / target} {verb}")
    if not stale:
        print(f"{len(JOBS)} generated module(s) up to date")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
