"""The `files` and `batches` commands: upload, list, show, download and delete files; create, list,
show, cancel and wait for batches, and print their results."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from typing import Any, Dict, Iterable, List, Optional, Sequence, TextIO

from .._types import omit
from ._commands import UsageError, connect
from ._parser import EXIT_OK

__all__ = ["add_storage_parsers", "run_batches", "run_files"]


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 1 and 100, got {text}")
    return value


def add_storage_parsers(commands: Any, client: argparse.ArgumentParser) -> None:
    """Add `files` and `batches` (with their sub-commands) to the `cerebras` parser."""
    files = commands.add_parser(
        "files",
        help="upload, list, show, download and delete files",
        description="Manage stored files: batch inputs, and the output and error files of batches.",
    )
    files_commands = files.add_subparsers(dest="action", metavar="ACTION")
    files_commands.required = True
    upload = files_commands.add_parser(
        "upload",
        parents=[client],
        help="upload a file (batch input, JSONL)",
        description="Upload PATH, streamed from disk; batch input is checked line by line before anything is sent.",
    )
    upload.add_argument("path", metavar="PATH", help="the file to upload")
    upload.add_argument("--purpose", default="batch", help="what the file is for (default: batch)")
    upload.add_argument("--expires-after", type=int, metavar="SECONDS", help="delete it this long after upload")
    listing = files_commands.add_parser(
        "list", parents=[client], help="list every file", description="List every stored file, page by page."
    )
    listing.add_argument("--limit", type=_limit, help="files per request (1-100)")
    get = files_commands.add_parser(
        "get", parents=[client], help="show one file", description="Show one stored file: name, size and dates."
    )
    get.add_argument("file_id", metavar="ID")
    download = files_commands.add_parser(
        "download",
        parents=[client],
        help="write a file's contents",
        description="Write a file's contents to PATH or standard output, chunk by chunk.",
    )
    download.add_argument("file_id", metavar="ID")
    download.add_argument("-o", "--output", metavar="PATH", help="write here (default: standard output)")
    delete = files_commands.add_parser(
        "delete", parents=[client], help="delete a file", description="Delete a stored file before it expires."
    )
    delete.add_argument("file_id", metavar="ID")
    for sub in (upload, listing, get, download, delete):
        if sub is not download:
            sub.add_argument("--json", action="store_true", help="print the API's JSON")

    batches = commands.add_parser(
        "batches",
        help="create, list, show, cancel and wait for batch jobs",
        description="Run chat requests from a JSONL file as a background batch job, and read its results.",
    )
    batch_commands = batches.add_subparsers(dest="action", metavar="ACTION")
    batch_commands.required = True
    create = batch_commands.add_parser(
        "create",
        parents=[client],
        help="start a batch",
        description="Start a batch over INPUT: an uploaded file id, or a JSONL path (uploaded first).",
    )
    create.add_argument("input", metavar="INPUT", help="a file id, or the path of a JSONL file to upload")
    create.add_argument("--metadata", action="append", default=[], metavar="KEY=VALUE", help="stored with the batch")
    batch_list = batch_commands.add_parser(
        "list", parents=[client], help="list every batch", description="List every batch job, page by page."
    )
    batch_list.add_argument("--limit", type=_limit, help="batches per request (1-100)")
    batch_get = batch_commands.add_parser(
        "get", parents=[client], help="show one batch", description="Show one batch job: status, counts and dates."
    )
    batch_cancel = batch_commands.add_parser(
        "cancel",
        parents=[client],
        help="cancel a batch",
        description="Cancel a batch job; requests that already finished stay in its output.",
    )
    batch_wait = batch_commands.add_parser(
        "wait",
        parents=[client],
        help="wait until a batch is finished",
        description="Poll a batch job (with backoff) until it is completed, failed, expired or cancelled.",
    )
    batch_wait.add_argument("--poll-interval", type=_positive, default=5.0, help="seconds between first polls")
    batch_wait.add_argument("--wait-timeout", type=_positive, default=25 * 3600.0, help="give up after (seconds)")
    results = batch_commands.add_parser(
        "results",
        parents=[client],
        help="print a batch's results",
        description="Print a finished batch's results, one line per request (id, status, answer or error).",
    )
    results.add_argument("-o", "--output", metavar="PATH", help="write the results (JSONL) here")
    for sub in (batch_get, batch_cancel, batch_wait, results):
        sub.add_argument("batch_id", metavar="ID")
    for sub in (create, batch_list, batch_get, batch_cancel, batch_wait, results):
        sub.add_argument("--json", action="store_true", help="print the API's JSON")


# --------------------------------------------------------------------------- output


def _when(stamp: Optional[int]) -> str:
    if stamp is None:
        return "-"
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    if not rows:
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")


def _file_row(file: Any) -> List[str]:
    return [file.id, file.filename or "", f"{file.bytes or 0:,} B", _when(file.created_at), _when(file.expires_at)]


def _counts(batch: Any) -> str:
    counts = batch.request_counts
    if counts is None:
        return "-"
    return f"{counts.completed or 0}/{counts.total or 0} done, {counts.failed or 0} failed"


def _batch_row(batch: Any) -> List[str]:
    return [batch.id, batch.status, _counts(batch), _when(batch.created_at)]


def _show(model: Any, fields: Iterable[str], out: TextIO) -> None:
    for name in fields:
        value = getattr(model, name, None)
        if name.endswith("_at") and isinstance(value, int):
            value = _when(value)
        elif isinstance(value, (dict, list)):
            value = json.dumps(value)
        elif name == "request_counts":
            value = _counts(model)
        out.write(f"{name}: {'-' if value is None else value}\n")


_BATCH_FIELDS = (
    "id", "status", "request_counts", "input_file_id", "output_file_id", "error_file_id", "errors",
    "created_at", "in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at",
    "cancelling_at", "cancelled_at", "expires_at", "metadata",
)  # fmt: skip
_FILE_FIELDS = ("id", "filename", "purpose", "bytes", "created_at", "expires_at")


# --------------------------------------------------------------------------- files


def run_files(args: argparse.Namespace) -> int:
    """`cerebras files ACTION ...`."""
    out = sys.stdout
    with connect(args) as client:
        action = args.action
        if action == "upload":
            expires: Any = omit
            if args.expires_after is not None:
                expires = {"anchor": "created_at", "seconds": args.expires_after}
            file: Any = client.files.create(file=args.path, purpose=args.purpose, expires_after=expires)
        elif action == "list":
            files = list(client.files.list(limit=omit if args.limit is None else args.limit))
            if args.json:
                out.write(json.dumps([f.to_dict() for f in files], indent=2) + "\n")
            else:
                _table([["ID", "NAME", "SIZE", "CREATED", "EXPIRES"], *map(_file_row, files)], out)
            return EXIT_OK
        elif action == "get":
            file = client.files.retrieve(args.file_id)
        elif action == "download":
            content = client.files.retrieve_content(args.file_id)
            if args.output:
                content.write_to_file(args.output)
                sys.stderr.write(f"wrote {os.path.getsize(args.output):,} bytes to {args.output}\n")
            else:
                for chunk in content.iter_bytes():
                    sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
            return EXIT_OK
        else:
            deleted = client.files.delete(args.file_id)
            out.write(deleted.to_json() + "\n" if args.json else f"deleted {deleted.id}\n")
            return EXIT_OK
        if args.json:
            out.write(file.to_json() + "\n")
        else:
            _show(file, _FILE_FIELDS, out)
    return EXIT_OK


# --------------------------------------------------------------------------- batches


def _metadata(pairs: List[str]) -> Dict[str, str]:
    metadata: Dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise UsageError(f"--metadata takes KEY=VALUE, got {pair!r}")
        metadata[key] = value
    return metadata


def _results(client: Any, args: argparse.Namespace, out: TextIO) -> int:
    with client.batches.results(args.batch_id) as results:
        if args.output:
            with open(args.output, "w", encoding="utf-8") as target:
                count = 0
                for result in results:
                    target.write(result.to_json(indent=None) + "\n")
                    count += 1
            sys.stderr.write(f"wrote {count} results to {args.output}\n")
            return EXIT_OK
        for result in results:
            if args.json:
                out.write(result.to_json(indent=None) + "\n")
                continue
            if result.response is not None and result.response.choices:
                text = (result.response.choices[0].message.content or "").replace("\n", " ")
            elif result.error is not None:
                text = f"{result.error.code}: {result.error.message}"
            else:
                text = ""
            out.write(f"{result.custom_id}\t{result.status}\t{text[:100]}\n")
    return EXIT_OK


def run_batches(args: argparse.Namespace) -> int:
    """`cerebras batches ACTION ...`."""
    out = sys.stdout
    with connect(args) as client:
        action = args.action
        if action == "results":
            return _results(client, args, out)
        if action == "list":
            batches = list(client.batches.list(limit=omit if args.limit is None else args.limit))
            if args.json:
                out.write(json.dumps([b.to_dict() for b in batches], indent=2) + "\n")
            else:
                _table([["ID", "STATUS", "REQUESTS", "CREATED"], *map(_batch_row, batches)], out)
            return EXIT_OK
        if action == "create":
            input_id = args.input
            if os.path.exists(input_id):
                input_id = client.files.create(file=args.input, purpose="batch").id
            metadata = _metadata(args.metadata)
            batch: Any = client.batches.create(input_file_id=input_id, metadata=metadata or omit)
        elif action == "get":
            batch = client.batches.retrieve(args.batch_id)
        elif action == "cancel":
            batch = client.batches.cancel(args.batch_id)
        else:
            batch = client.batches.wait(args.batch_id, poll_interval=args.poll_interval, timeout=args.wait_timeout)
        if args.json:
            out.write(batch.to_json() + "\n")
        else:
            _show(batch, _BATCH_FIELDS, out)
    return EXIT_OK
