"""Checking and opening files for upload, before anything is sent: sizes, purposes and batch JSONL.

`check_batch_lines` is PURE (lines in, a count or a `BatchInputError` out). `open_upload` turns
the `file` argument of `files.create` into the multipart `files` of the request, checking it
first; a file it opens itself is closed by `Upload.close()`. Nothing here reads a file whole:
paths and open files are streamed by httpx in chunks, and checked line by line.
"""

from __future__ import annotations

import io
import json
import os
from typing import IO, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union, cast

from ._batch_errors import BatchInputError, FileInputError
from ._narrow import is_dict
from ._types import FileTypes

__all__ = [
    "BATCH_ENDPOINT",
    "FILE_PURPOSES",
    "MAX_BATCH_LINE_BYTES",
    "MAX_BATCH_REQUESTS",
    "MAX_FILE_BYTES",
    "BatchLineChecker",
    "Upload",
    "check_batch_lines",
    "open_upload",
    "open_upload_in_thread",
]

MAX_FILE_BYTES = 200 * 1024 * 1024
"""The largest file the Files API accepts (200 MB, read as MiB)."""
MAX_BATCH_REQUESTS = 50_000
"""The most requests (lines) one batch input file may hold."""
MAX_BATCH_LINE_BYTES = 1024 * 1024
"""The longest line of a batch input file (1 MB, read as MiB)."""
FILE_PURPOSES = ("batch",)
"""The purposes the Files API accepts."""
BATCH_ENDPOINT = "/v1/chat/completions"
"""The only endpoint a batch can call."""

_JSONL = "application/jsonl"


class BatchLineChecker:
    """PURE, incremental. Checks batch input lines one at a time (`feed`), then the whole (`finish`).

    The rules: every line is a UTF-8 JSON object with a non-empty string `custom_id` used by
    no other line, `method` `"POST"`, `url` the batch endpoint and an object `body` naming a
    `model`; every line names the same model; no blank lines (a final newline is fine); at most
    `MAX_BATCH_REQUESTS` lines of at most `MAX_BATCH_LINE_BYTES` bytes each.
    """

    def __init__(self) -> None:
        self.count = 0
        self.model: Optional[str] = None
        self._line = 0
        self._seen: Dict[str, int] = {}
        self._blank: Optional[int] = None

    def feed(self, line: bytes) -> None:
        """Check the next line (with or without its line ending)."""
        self._line += 1
        number = self._line
        if line.endswith(b"\n"):
            line = line[:-1]
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip():
            if self._blank is None:
                self._blank = number
            return
        if self._blank is not None:
            raise BatchInputError("blank line inside the batch input", line_number=self._blank)
        self.count += 1
        if self.count > MAX_BATCH_REQUESTS:
            raise BatchInputError(
                f"more than {MAX_BATCH_REQUESTS:,} requests; split the input into several batches",
                line_number=number,
            )
        if len(line) > MAX_BATCH_LINE_BYTES:
            raise BatchInputError(f"line longer than {MAX_BATCH_LINE_BYTES:,} bytes", line_number=number)
        self._check_request(self._decode(line, number), number)

    @staticmethod
    def _decode(line: bytes, number: int) -> Mapping[str, object]:
        try:
            value: object = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            raise BatchInputError("not UTF-8 text", line_number=number) from None
        except (ValueError, RecursionError) as exc:
            raise BatchInputError(f"not valid JSON ({exc})", line_number=number) from None
        if not is_dict(value):
            raise BatchInputError(f"expected a JSON object, got {type(value).__name__}", line_number=number)
        return value

    def _check_request(self, request: Mapping[str, object], number: int) -> None:
        custom_id = request.get("custom_id")
        if not isinstance(custom_id, str) or not custom_id:
            raise BatchInputError("`custom_id` must be a non-empty string", line_number=number)
        first = self._seen.get(custom_id)
        if first is not None:
            raise BatchInputError(f"duplicate custom_id {custom_id!r} (first used on line {first})", line_number=number)
        self._seen[custom_id] = number
        if request.get("method") != "POST":
            raise BatchInputError(f'`method` must be "POST", got {request.get("method")!r}', line_number=number)
        if request.get("url") != BATCH_ENDPOINT:
            raise BatchInputError(f"`url` must be {BATCH_ENDPOINT!r}, got {request.get('url')!r}", line_number=number)
        body = request.get("body")
        if not is_dict(body):
            raise BatchInputError("`body` must be a JSON object (a chat completion request)", line_number=number)
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise BatchInputError("`body.model` must be a non-empty string", line_number=number)
        if self.model is None:
            self.model = model
        elif model != self.model:
            raise BatchInputError(
                f"every request of a batch must use the same model: {model!r} here, {self.model!r} before",
                line_number=number,
            )

    def finish(self) -> int:
        """The number of requests; `BatchInputError` when there are none."""
        if self.count == 0:
            raise BatchInputError("the batch input holds no requests")
        return self.count


def check_batch_lines(lines: Iterable[bytes]) -> int:
    """PURE. Check batch input lines (see `BatchLineChecker`); returns the number of requests."""
    checker = BatchLineChecker()
    for line in lines:
        checker.feed(line)
    return checker.finish()


# --------------------------------------------------------------------------- the `file` argument


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    # Bounded reads: a "line" is cut at one byte past the limit, which `feed` then refuses.
    while True:
        line = stream.readline(MAX_BATCH_LINE_BYTES + 2)
        if not line:
            return
        yield line


def _check_purpose(purpose: object) -> None:
    if purpose not in FILE_PURPOSES:
        raise FileInputError(f"unknown purpose {purpose!r}; expected one of {', '.join(map(repr, FILE_PURPOSES))}")


def _check_size(size: Optional[int], name: str) -> None:
    if size is not None and size > MAX_FILE_BYTES:
        raise FileInputError(f"{name} is {size:,} bytes; the Files API accepts at most {MAX_FILE_BYTES:,} bytes")


def _open_path(path: Union[str, os.PathLike[str]]) -> IO[bytes]:
    name = os.fspath(path)
    if os.path.isdir(name):
        raise FileInputError(f"{name!r} is a directory, not a file")
    try:
        return open(name, "rb")
    except FileNotFoundError:
        raise FileInputError(f"no such file: {name!r}") from None
    except OSError as exc:
        raise FileInputError(f"cannot read {name!r}: {exc.strerror or exc}") from None


def _stream_size(stream: IO[bytes]) -> Optional[int]:
    try:
        position = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end - position


def _check_stream(stream: IO[bytes]) -> None:
    """Check batch lines from the stream's position, then seek back (unseekable streams are not checked)."""
    try:
        position = stream.tell()
    except (AttributeError, OSError, ValueError):
        return
    try:
        check_batch_lines(_lines(stream))
    finally:
        stream.seek(position)


class Upload:
    """The multipart `files` of one upload, and the file handle it opened (closed by `close()`)."""

    def __init__(self, files: Dict[str, Any], owned: Optional[IO[bytes]]) -> None:
        self.files = files
        self._owned = owned

    def close(self) -> None:
        """Close the file this upload opened itself (never one the caller passed in)."""
        if self._owned is not None:
            self._owned.close()

    def __enter__(self) -> Upload:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _split(file: Union[str, FileTypes]) -> Tuple[Optional[str], object, Optional[str]]:
    if isinstance(file, tuple):
        # The caller's `(name, content[, content_type])`: its parts are not checked, as httpx does not.
        parts = cast("Tuple[Any, ...]", file)
        if len(parts) < 2:
            raise FileInputError("a file tuple is (name, content[, content_type])")
        content_type = cast("Optional[str]", parts[2]) if len(parts) > 2 else None
        return cast("Optional[str]", parts[0]), parts[1], content_type
    return None, file, None


def open_upload(file: Union[str, FileTypes], purpose: object) -> Upload:
    """Check `file` for `purpose` and open it for a streamed multipart upload.

    `file` is a path (`str` or `os.PathLike`), `bytes`, an open binary file, or a
    `(name, content[, content_type])` tuple of those. Raises `FileInputError` (missing file,
    directory, over `MAX_FILE_BYTES`, unknown purpose) or `BatchInputError` (batch JSONL that
    is not valid, with its line number) before anything is sent.
    """
    _check_purpose(purpose)
    name, content, content_type = _split(file)
    owned: Optional[IO[bytes]] = None
    if isinstance(content, (str, os.PathLike)):
        path = os.fspath(cast("Union[str, os.PathLike[str]]", content))
        owned = _open_path(path)
        content = owned
        name = name or os.path.basename(path)
    try:
        if isinstance(content, (bytes, bytearray)):
            data = bytes(content) if isinstance(content, bytearray) else content
            _check_size(len(data), repr(name or "the file"))
            if purpose == "batch":
                check_batch_lines(_lines(io.BytesIO(data)))
            part: object = data
        elif hasattr(content, "read"):
            stream = cast("IO[bytes]", content)
            name = name or os.path.basename(str(getattr(stream, "name", "") or "")) or None
            _check_size(_stream_size(stream), repr(name or "the file"))
            if purpose == "batch":
                _check_stream(stream)
            part = stream
        else:
            raise FileInputError(
                f"`file` must be a path, bytes, an open binary file or a tuple, got {type(content).__name__}"
            )
    except BaseException:
        if owned is not None:
            owned.close()
        raise
    entry: List[object] = [name or "upload.jsonl", part, content_type or _JSONL]
    return Upload({"file": tuple(entry)}, owned)


async def open_upload_in_thread(file: Union[str, FileTypes], purpose: object) -> Upload:
    """`open_upload` in a worker thread, so that checking a large file does not block the event loop."""
    import anyio.to_thread

    return await anyio.to_thread.run_sync(open_upload, file, purpose)
