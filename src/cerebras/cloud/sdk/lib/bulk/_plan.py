"""Splitting a bulk input into Batch API input files, and the batch engine's resumable state file.

Every part holds one model's requests only, at most `max_lines` lines and `max_bytes` bytes
(the API's 50,000 lines and 200 MB). A model's requests are spread evenly over as few parts as
the line limit allows, so no part is left with a handful of lines; a part that would pass the
byte limit is closed early. The state file (`OUTPUT.bulk-state.json`, beside OUTPUT) records
each part's file, uploaded file id, batch id and status, and is replaced atomically after every
change, so a resumed run knows exactly which batches exist.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field
from typing import IO, Any, Container, Dict, Iterator, List, Optional, Union

from ..._lib_interface import is_dict
from ._input import BATCH_URLS, BulkRequest, iter_requests

__all__ = [
    "BatchLimits",
    "PartState",
    "RunState",
    "load_state",
    "part_ids",
    "part_sizes",
    "parts_dir_for",
    "save_state",
    "state_path_for",
    "write_parts",
]

StrPath = Union[str, "os.PathLike[str]"]
_VERSION = 1


@dataclass(frozen=True)
class BatchLimits:
    """The Batch API's documented limits (override them only for tests or a different account)."""

    max_lines: int = 50_000
    max_bytes: int = 200 * 1024 * 1024
    min_lines: int = 10
    max_active: int = 10


@dataclass
class PartState:
    """One Batch API job: its input file on disk, and how far it got."""

    index: int
    model: str
    path: str
    lines: int = 0
    bytes: int = 0
    file_id: Optional[str] = None
    batch_id: Optional[str] = None
    status: Optional[str] = None
    merged: bool = False
    counts: Dict[str, int] = field(default_factory=lambda: {})


@dataclass
class RunState:
    """Everything a resumed batch run needs; serialised as JSON beside OUTPUT."""

    input: str
    input_size: int
    parts: List[PartState]
    version: int = _VERSION


def state_path_for(output: StrPath) -> str:
    """Where the state file of a batch run writing `output` lives."""
    return os.fspath(output) + ".bulk-state.json"


def parts_dir_for(output: StrPath) -> str:
    """Where the part files of a batch run writing `output` are written."""
    return os.fspath(output) + ".bulk-parts"


def save_state(path: str, state: RunState) -> None:
    """Write `state` atomically (a temporary file, flushed to disk, then renamed over `path`)."""
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump(asdict(state), stream, indent=1)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)


def load_state(path: str) -> Optional[RunState]:
    """The state saved at `path`, or `None` when there is none. Raises `ValueError` if unreadable."""
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as stream:
        raw: object = json.load(stream)
    if not is_dict(raw) or raw.get("version") != _VERSION:
        raise ValueError(f"{path} is not a bulk state file of this version")
    # `Any`: the file this package wrote (`save_state`); its fields have the types written.
    data: Dict[str, Any] = raw
    parts = [PartState(**part) for part in data["parts"]]
    return RunState(input=data["input"], input_size=data["input_size"], parts=parts)


def part_sizes(count: int, max_lines: int) -> List[int]:
    """PURE. `count` lines spread evenly over as few parts of at most `max_lines` as possible."""
    if count <= 0:
        return []
    parts = math.ceil(count / max_lines)
    base, extra = divmod(count, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


class _Open:
    """The part currently being filled for one model."""

    def __init__(self, part: PartState, stream: IO[bytes], target: int) -> None:
        self.part = part
        self.stream = stream
        self.target = target


def write_parts(
    input: StrPath,
    directory: str,
    counts: Dict[str, int],
    *,
    skip: Container[str] = (),
    limits: BatchLimits = BatchLimits(),
) -> List[PartState]:
    """Stream the requests of `input` (minus `skip`) into part files under `directory`.

    `counts` gives the number of requests per model still to send (for even splitting).
    Returns the parts, in the order they were opened.
    """
    os.makedirs(directory, exist_ok=True)
    plans = {model: part_sizes(n, limits.max_lines) for model, n in counts.items()}
    parts: List[PartState] = []
    current: Dict[str, _Open] = {}
    try:
        for request in iter_requests(input, skip=skip, urls=BATCH_URLS):
            line = _line_bytes(request)
            state = current.get(request.model)
            if state is not None and (
                state.part.lines >= state.target or state.part.bytes + len(line) > limits.max_bytes
            ):
                state.stream.close()
                state = None
            if state is None:
                plan = plans.get(request.model) or [limits.max_lines]
                target = plan.pop(0) if plan else limits.max_lines
                part = PartState(len(parts), request.model, os.path.join(directory, f"part-{len(parts):04d}.jsonl"))
                parts.append(part)
                state = current[request.model] = _Open(part, open(part.path, "wb"), target)  # noqa: SIM115
            state.stream.write(line)
            state.part.lines += 1
            state.part.bytes += len(line)
    finally:
        for state in current.values():
            state.stream.close()
    return parts


def _line_bytes(request: BulkRequest) -> bytes:
    """The request as one LF-terminated line (re-encoded, so CRLF input becomes LF)."""
    value = {"custom_id": request.custom_id, "method": "POST", "url": request.url, "body": request.body}
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def part_ids(part: PartState) -> Iterator[str]:
    """The `custom_id` of every request in a part file."""
    with open(part.path, "rb") as stream:
        for raw in stream:
            value: Any = json.loads(raw)  # a line of a part file this package wrote
            yield str(value["custom_id"])
