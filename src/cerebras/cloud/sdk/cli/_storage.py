"""The `files` and `batches` commands: upload, list, show, download and delete files; create, list,
show, cancel and wait for batches, and print their results."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from typing import Dict, Iterable, List, Optional, Sequence, TextIO, Union

from .._client import Cerebras
from .._types import Omit, omit
from ..types.batch import Batch
from ..types.file_create_params import ExpiresAfter
from ..types.file_object import FileObject
from ._commands import UsageError, connect
from ._parser import EXIT_OK

__all__ = ["run_batches", "run_files"]


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


def _file_row(file: FileObject) -> List[str]:
    return [file.id, file.filename or "", f"{file.bytes or 0:,} B", _when(file.created_at), _when(file.expires_at)]


def _counts(batch: Batch) -> str:
    counts = batch.request_counts
    if counts is None:
        return "-"
    return f"{counts.completed or 0}/{counts.total or 0} done, {counts.failed or 0} failed"


def _batch_row(batch: Batch) -> List[str]:
    return [batch.id, batch.status, _counts(batch), _when(batch.created_at)]


def _show(model: Union[FileObject, Batch], fields: Iterable[str], out: TextIO) -> None:
    for name in fields:
        value = getattr(model, name, None)
        if name.endswith("_at") and isinstance(value, int):
            value = _when(value)
        elif isinstance(value, (dict, list)):
            value = json.dumps(value)
        elif name == "request_counts" and isinstance(model, Batch):
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
            expires: Union[ExpiresAfter, Omit] = omit
            if args.expires_after is not None:
                expires = {"anchor": "created_at", "seconds": args.expires_after}
            file = client.files.create(file=args.path, purpose=args.purpose, expires_after=expires)
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


def _results(client: Cerebras, args: argparse.Namespace, out: TextIO) -> int:
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
            batch = client.batches.create(input_file_id=input_id, metadata=metadata or omit)
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
