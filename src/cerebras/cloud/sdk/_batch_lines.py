"""PURE. A batch's output file as `BatchResult`s: its bytes split into lines, each line parsed.

Both output line shapes are read: the Cerebras one (`status` beside `response`, which is the
chat completion itself) and the OpenAI one (`response: {status_code, body}`). Lines are bounded
(`MAX_RESULT_LINE_BYTES`), so a file of any size is read in constant memory.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Dict, List, Mapping, cast

import httpx

from ._exceptions import APIResponseValidationError

if TYPE_CHECKING:
    from .types.batch_result import BatchResult

__all__ = [
    "MAX_RESULT_LINE_BYTES",
    "LineSplitter",
    "normalize_result",
    "parse_result_line",
]

MAX_RESULT_LINE_BYTES = 64 * 1024 * 1024
"""The longest output line accepted; a longer one is an error, not unbounded memory."""


class LineSplitter:
    """PURE. Splits a byte stream on `\\n` (a `\\r` before it is dropped); `decode(chunk)` then `flush()`."""

    def __init__(self, max_line_bytes: int = MAX_RESULT_LINE_BYTES) -> None:
        self._buffer = bytearray()
        self._max = max_line_bytes

    def decode(self, chunk: bytes) -> List[bytes]:
        """The lines completed by `chunk` (without line endings; blank lines dropped)."""
        self._buffer += chunk
        if b"\n" not in chunk:
            self._check()
            return []
        *lines, rest = bytes(self._buffer).split(b"\n")
        self._buffer = bytearray(rest)
        self._check()
        return [line.rstrip(b"\r") for line in lines if line.strip()]

    def flush(self) -> List[bytes]:
        """The last line, if the stream did not end with a newline."""
        rest = bytes(self._buffer).rstrip(b"\r")
        self._buffer = bytearray()
        return [rest] if rest.strip() else []

    def _check(self) -> None:
        if len(self._buffer) > self._max:
            raise ValueError(f"a line of the batch output is longer than {self._max:,} bytes")


def normalize_result(line: Mapping[str, object]) -> Dict[str, object]:
    """PURE. One output line in the Cerebras shape (`custom_id`, `status`, `response` or `error`)."""
    out: Dict[str, object] = dict(line)
    response = line.get("response")
    status = line.get("status")
    error = line.get("error")
    if isinstance(response, Mapping) and "status_code" in response and "body" in response:
        wrapped = cast("Mapping[str, object]", response)
        code = wrapped.get("status_code")
        body = wrapped.get("body")
        ok = isinstance(code, int) and 200 <= code < 300
        if status is None:
            status = "succeeded" if ok else "failed"
        if ok:
            out["response"] = body
        else:
            out.pop("response", None)
            if error is None and isinstance(body, Mapping):
                mapping = cast("Mapping[str, object]", body)
                inner = mapping.get("error", mapping)
                error = cast("object", inner) if isinstance(inner, Mapping) else {"message": str(inner)}
    if status is None:
        status = "succeeded" if response is not None and error is None else "failed"
    out["status"] = status
    if error is not None:
        out["error"] = error
    if "custom_id" not in out:
        out["custom_id"] = ""
    return out


def parse_result_line(line: bytes, response: httpx.Response, number: int) -> BatchResult:
    """PURE. One output line as a `BatchResult` (`APIResponseValidationError` if it is not a JSON object)."""
    from ._models import get_parser
    from .types.batch_result import BatchResult as Result

    try:
        value: object = json.loads(line)
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, dict):
        raise APIResponseValidationError(
            response,
            line.decode("utf-8", "replace"),
            message=f"Line {number} of the batch output is not a JSON object.",
        )
    return cast("BatchResult", get_parser(Result).loose(normalize_result(cast("Mapping[str, object]", value))))
