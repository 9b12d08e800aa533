"""Write the sync twin of each async-source module: `python scripts/unasync.py [--check]`.

Each job below names an async module (the one written by hand) and the sync module made from it.
The sync text is the async text with `async def`/`async with`/`async for` made plain (a loop,
async or not, that only re-yields becomes `yield from`), `await x.__anext__()` made `next(x)`,
`await` dropped, and async names replaced by their sync twins: the job's own table first, then
the common one, then any other `AsyncX` becomes `X` (whole words only, in code, docstrings and
comments alike). Lines a job lists in `drop` are left
out. Two markers let a few lines differ where the twins really do (e.g. a parameter that stands
elsewhere in one signature than in the other):

* a line ending in `# unasync: async-only` is left out of the sync module;
* a comment line `# unasync: sync-only: CODE` becomes `CODE` (at the comment's indentation) in
  the sync module, and a bare `# unasync: sync-only:` a blank line; in the async source they are
  only comments.

Where more than a line or two differ, put the difference in hand-written code the source calls
(as the clients do with `_client_lifecycle`) rather than in markers. Write the async source so that its rewrite is correct and `ruff format`-clean (a magic
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
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional, Sequence

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
_ASYNC_ONLY = re.compile(r"[ \t]*# unasync: async-only[ \t]*$")
_SYNC_ONLY = re.compile(r"^([ \t]*)# unasync: sync-only:(?: (.*))?$")

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
    names: Mapping[str, str] = field(default_factory=dict)
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
    return (
        f"# Generated by scripts/unasync.py from {job.source}: do not edit (change the source, then `nox -s unasync`).\n"
    )


def _name_pattern(names: Mapping[str, str]) -> re.Pattern[str]:
    ordered = sorted(names, key=len, reverse=True)  # the longest name wins where one contains another
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name in ordered) + r")\b")


def _sync_lines(source: str, drop: Sequence[str]) -> Iterator[str]:
    """The source's lines as the sync module has them: `drop`ped and `async-only` ones left out,
    `sync-only` comments made code."""
    for line in source.splitlines(keepends=True):
        bare = line.rstrip("\n")
        if bare in drop or _ASYNC_ONLY.search(bare):
            continue
        sync_only = _SYNC_ONLY.match(bare)
        if sync_only is not None:
            code = sync_only.group(2) or ""
            bare = sync_only.group(1) + code if code else ""  # a bare marker is a blank line
        yield bare + line[len(line.rstrip("\n")) :]


def unasync_text(source: str, names: Mapping[str, str], drop: Sequence[str] = ()) -> str:
    """PURE. The sync twin of an async module's text (see the module docstring)."""
    table: Dict[str, str] = {**COMMON, **names}
    text = "".join(_sync_lines(source, drop))
    for pattern, replacement in _KEYWORDS:
        text = pattern.sub(replacement, text)
    text = _name_pattern(table).sub(lambda match: table[match.group(1)], text)
    return _ASYNC_PREFIX.sub("", text)


def render(job: Job, root: Path = ROOT) -> str:
    """The full text `job.target` must have."""
    source = (root / PACKAGE / job.source).read_text(encoding="utf-8")
    return header(job) + unasync_text(source, job.names, job.drop)


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
    stale = run(args.check)
    for target in stale:
        verb = "is out of date (run `nox -s unasync`)" if args.check else "regenerated"
        print(f"{PACKAGE / target} {verb}")
    if not stale:
        print(f"{len(JOBS)} generated module(s) up to date")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
