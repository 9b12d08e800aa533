"""The `files` and `batches` sub-commands of the `cerebras` parser (their arguments; `_storage` runs them)."""

from __future__ import annotations

import argparse

__all__ = ["add_storage_parsers"]


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


def add_storage_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], client: argparse.ArgumentParser
) -> None:
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
