"""Bulk output files: result lines, appending them durably, and reading them back to resume.

A result line is the documented batch result line, one JSON object per line:

```
{"custom_id": "req-1", "status": "succeeded", "response": {...the chat completion...}}
{"custom_id": "req-2", "status": "failed", "error": {"code": "invalid_request", "message": "...",
                                                      "type": "BadRequestError", "status_code": 400}}
```

Lines are written in completion order, each with a single `write` on a file opened for
appending and nothing buffered in the process, so a crash (even `kill -9`) can only leave the
last line half-written. `scan_output` cuts such a tail off and returns the `custom_id`s that
already have a result, which a resumed run leaves out.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Set, Union

from ... import APIConnectionError, APIStatusError, APITimeoutError
from ..._lib_interface import is_dict

__all__ = ["BulkOutputError", "OutputScan", "ResultWriter", "error_object", "result_line", "scan_output"]

StrPath = Union[str, "os.PathLike[str]"]

_CODES = {
    400: "invalid_request",
    401: "authentication_error",
    403: "permission_denied",
    404: "not_found",
    408: "timeout",
    409: "conflict",
    413: "request_too_large",
    422: "invalid_request",
    429: "rate_limit_exceeded",
}


class BulkOutputError(ValueError):
    """The output file cannot be resumed from (a line other than the last is not a result line)."""


def error_object(error: BaseException) -> Dict[str, Any]:
    """PURE. The `error` field of a failed result line, from the exception that ended the line.

    `code` is the API's own error code when the answer had one, else one derived from the
    status (`invalid_request`, `rate_limit_exceeded`, `server_error`...) or from the failure
    (`timeout`, `connection_error`); `type` is the exception class; `status_code` the HTTP
    status, or `None` when there was no answer.
    """
    status: Optional[int] = None
    code = "error"
    if isinstance(error, APIStatusError):
        status = error.status_code
        code = _CODES.get(status) or ("server_error" if status >= 500 else f"http_{status}")
        own = error.code
        code = own if own else code
    elif isinstance(error, APITimeoutError):
        code = "timeout"
    elif isinstance(error, APIConnectionError):
        code = "connection_error"
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return {"code": code, "message": str(message), "type": type(error).__name__, "status_code": status}


def result_line(
    custom_id: str,
    status: str,
    *,
    response: Optional[Mapping[str, Any]] = None,
    error: Optional[Mapping[str, Any]] = None,
) -> bytes:
    """PURE. One result line (compact JSON, UTF-8, ending in a newline)."""
    line: Dict[str, object] = {"custom_id": custom_id, "status": status}
    if response is not None:
        line["response"] = response
    if error is not None:
        line["error"] = error
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


class ResultWriter:
    """Appends result lines to a file: one `os.write` per line, nothing buffered in the process."""

    def __init__(self, path: StrPath) -> None:
        self.path = os.fspath(path)
        self._fd: Optional[int] = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, line: bytes) -> None:
        """Append `line` (a whole result line) now."""
        if self._fd is None:
            raise ValueError("the result file is closed")
        view = memoryview(line)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def close(self) -> None:
        """Close the file (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass
class OutputScan:
    """What an existing output file holds."""

    done: Set[str] = field(default_factory=lambda: set())
    """The `custom_id`s that have a result line."""
    statuses: Dict[str, int] = field(default_factory=lambda: {})
    """Result lines by `status`."""
    repaired_bytes: int = 0
    """Bytes of a half-written last line that were cut off (0: the file was whole)."""


def scan_output(path: StrPath, *, repair: bool = True) -> OutputScan:
    """Read an output file back: the ids done, counts by status; cut off a half-written last line.

    A missing file reads as empty. Raises `BulkOutputError` when a line other than the last is
    not a result line (the file was edited or is not an output file), or when a `custom_id`
    appears twice.
    """
    scan = OutputScan()
    if not os.path.exists(path):
        return scan
    good_end = 0
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, 1):
            if not raw.endswith(b"\n"):
                break  # the half-written tail of an interrupted write
            custom_id, status = _read_result(raw, number, path)
            if custom_id in scan.done:
                raise BulkOutputError(f"{os.fspath(path)}, line {number}: custom_id {custom_id!r} has two results")
            scan.done.add(custom_id)
            scan.statuses[status] = scan.statuses.get(status, 0) + 1
            good_end += len(raw)
        size = stream.seek(0, os.SEEK_END)
    if size > good_end:
        scan.repaired_bytes = size - good_end
        if repair:
            os.truncate(path, good_end)
    return scan


def _read_result(raw: bytes, number: int, path: StrPath) -> tuple[str, str]:
    try:
        value: object = json.loads(raw)
    except ValueError:
        value = None
    if is_dict(value):
        custom_id = value.get("custom_id")
        status = value.get("status")
        if isinstance(custom_id, str) and isinstance(status, str):
            return custom_id, status
    raise BulkOutputError(f"{os.fspath(path)}, line {number}: not a result line; move the file away or fix the line")
