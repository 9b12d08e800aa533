"""PURE batch jobs of the emulator: the documented status machine, advanced lazily against a clock.

A job moves `validating -> queued -> in_progress -> finalizing -> completed`, or ends `failed`
(validation), `expired` (its completion window passed) or `cancelled` (through `cancelling`).
Nothing runs in the background: `BatchEngine.advance(now)` replays everything that is due by
`now` (each stage takes `stage_s`, each request `request_s`), answering requests through the
`answer` callable the emulator passes in (its ordinary chat engine). Every batch endpoint calls
`advance` first, so what a client observes is what a background worker would have done.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, cast

from ..._narrow import is_dict
from .errors import ApiError
from .files import FileStore

__all__ = ["ACTIVE", "BatchEngine", "BatchJob", "BatchSettings", "TERMINAL"]

TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
ACTIVE = frozenset({"validating", "queued", "in_progress", "finalizing", "cancelling"})
_ENDPOINT = "/v1/chat/completions"

Answer = Callable[[Mapping[str, object]], Tuple[bool, bytes]]
"""Answers one request body: `(True, chat completion JSON)` or `(False, error JSON {code, message})`."""
Supported = Callable[[str], bool]


@dataclass(frozen=True)
class BatchSettings:
    """Timing and limits of batch jobs."""

    stage_s: float = 0.02
    request_s: float = 0.0
    window_s: float = 86400.0
    result_ttl_s: float = 7 * 86400.0
    max_requests: int = 50_000
    min_requests: int = 1
    max_active: int = 10


@dataclass
class BatchJob:
    """One batch and its progress."""

    id: str
    input_file_id: str
    created_at: float
    metadata: Optional[Dict[str, Any]]
    status: str = "validating"
    stamps: Dict[str, float] = field(default_factory=lambda: {})
    expires_at: Optional[float] = None
    errors: Optional[str] = None
    requests: List[Tuple[str, Dict[str, Any]]] = field(default_factory=lambda: [])
    lines: List[Tuple[bool, bytes]] = field(default_factory=lambda: [])
    """Answered requests: (succeeded, output line)."""
    completed: int = 0
    failed: int = 0
    output_file_id: Optional[str] = None
    error_file_id: Optional[str] = None

    def body(self) -> Dict[str, Any]:
        """The Batch object."""

        def stamp(name: str) -> Optional[int]:
            value = self.stamps.get(name)
            return None if value is None else int(value)

        return {
            "id": self.id,
            "object": "batch",
            "endpoint": _ENDPOINT,
            "errors": self.errors,
            "input_file_id": self.input_file_id,
            "completion_window": "24h",
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": int(self.created_at),
            "in_progress_at": stamp("in_progress"),
            "expires_at": None if self.expires_at is None else int(self.expires_at),
            "finalizing_at": stamp("finalizing"),
            "completed_at": stamp("completed"),
            "failed_at": stamp("failed"),
            "expired_at": stamp("expired"),
            "cancelling_at": stamp("cancelling"),
            "cancelled_at": stamp("cancelled"),
            "request_counts": {"total": len(self.requests), "completed": self.completed, "failed": self.failed},
            "metadata": self.metadata,
        }

    def _move(self, status: str, at: float) -> None:
        self.status = status
        self.stamps[status] = at


def _line(custom_id: str, ok: bool, payload: bytes) -> bytes:
    head = json.dumps({"custom_id": custom_id, "status": "succeeded" if ok else "failed"})[:-1]
    return head.encode() + (b',"response":' if ok else b',"error":') + payload + b"}"


def _expired_line(custom_id: str) -> bytes:
    error = {"code": "timeout", "message": "The batch expired before this request was processed."}
    return json.dumps({"custom_id": custom_id, "status": "expired", "error": error}).encode()


def _bad_line(number: int, message: str) -> str:
    return f"Invalid input file: line {number}: {message}"


def _parse_input(data: bytes, settings: BatchSettings) -> Tuple[List[Tuple[str, Dict[str, Any]]], Optional[str]]:
    """The input requests, or the reason the input is refused."""
    requests: List[Tuple[str, Dict[str, Any]]] = []
    seen: set[str] = set()
    model: Optional[str] = None
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            line: object = json.loads(raw)
        except ValueError:
            return [], _bad_line(number, "not valid JSON")
        if not is_dict(line):
            return [], _bad_line(number, "not a JSON object")
        entry = line
        custom_id, body = entry.get("custom_id"), entry.get("body")
        if not isinstance(custom_id, str) or not custom_id:
            return [], _bad_line(number, "'custom_id' must be a non-empty string")
        if custom_id in seen:
            return [], _bad_line(number, f"duplicate custom_id {custom_id!r}")
        seen.add(custom_id)
        if entry.get("method", "POST") != "POST" or entry.get("url", _ENDPOINT) != _ENDPOINT:
            return [], _bad_line(number, f"requests must be POST {_ENDPOINT}")
        if not is_dict(body):
            return [], _bad_line(number, "'body' must be an object")
        this_model = body.get("model")
        if model is None and isinstance(this_model, str):
            model = this_model
        elif this_model != model:
            return (
                [],
                f"All requests in a batch must use the same model: line {number} uses {this_model!r}, not {model!r}",
            )
        requests.append((custom_id, body))
        if len(requests) > settings.max_requests:
            return [], f"The input file holds more than {settings.max_requests} requests."
    if len(requests) < settings.min_requests:
        return [], f"The input file must hold at least {settings.min_requests} requests; it holds {len(requests)}."
    return requests, None


class BatchEngine:
    """Every batch job, and the rules that move them."""

    def __init__(self, files: FileStore, settings: BatchSettings, answer: Answer, supported: Supported) -> None:
        self.files = files
        self.settings = settings
        self._answer = answer
        self._supported = supported
        self._jobs: Dict[str, BatchJob] = {}

    # ------------------------------------------------------------------ endpoints

    def create(self, body: Mapping[str, Any], now: float) -> BatchJob:
        """Start a job from a create body (400 / 404 / 429 for a bad one)."""
        file_id = body.get("input_file_id")
        if not isinstance(file_id, str) or not file_id:
            raise ApiError(
                400,
                "'input_file_id' is a required parameter.",
                code="missing_required_parameter",
                param="input_file_id",
            )
        if body.get("endpoint") != _ENDPOINT:
            raise ApiError(400, f"'endpoint' must be {_ENDPOINT!r}.", code="invalid_value", param="endpoint")
        if body.get("completion_window") != "24h":
            raise ApiError(400, "'completion_window' must be '24h'.", code="invalid_value", param="completion_window")
        metadata = body.get("metadata")
        if metadata is not None and not is_dict(metadata):
            raise ApiError(400, "'metadata' must be an object.", code="wrong_type", param="metadata")
        stored = self.files.require(file_id)
        if stored.purpose != "batch":
            raise ApiError(
                400,
                f"File {file_id!r} was not uploaded with purpose 'batch'.",
                code="invalid_value",
                param="input_file_id",
            )
        active = sum(1 for job in self._jobs.values() if job.status in ACTIVE)
        if active >= self.settings.max_active:
            error = ApiError(
                429,
                f"Too many active batches: at most {self.settings.max_active} may run at once.",
                code="batch_limit_exceeded",
            )
            error.headers.append((b"x-should-retry", b"false"))
            raise error
        job = BatchJob(f"batch_{uuid.uuid4().hex[:20]}", file_id, now, metadata)
        self._jobs[job.id] = job
        return job

    def get(self, batch_id: str) -> BatchJob:
        """The job, or a 404."""
        job = self._jobs.get(batch_id)
        if job is None:
            raise ApiError(404, f"No batch with id {batch_id!r}.", code="batch_not_found", param="batch_id")
        return job

    def all(self) -> List[BatchJob]:
        """Every job, oldest first."""
        return list(self._jobs.values())

    def cancel(self, batch_id: str, now: float) -> BatchJob:
        """Ask a job to stop (`cancelling` now, `cancelled` a stage later)."""
        job = self.get(batch_id)
        if job.status == "cancelling":
            return job
        if job.status not in ("validating", "queued", "in_progress"):
            raise ApiError(
                400, f"Cannot cancel a batch that is {job.status!r}.", code="invalid_state", param="batch_id"
            )
        job._move("cancelling", now)
        return job

    # ------------------------------------------------------------------ the machine

    def advance(self, now: float) -> None:
        """Do everything due by `now`."""
        for job in self._jobs.values():
            if job.status not in TERMINAL:
                self._advance(job, now)

    def _advance(self, job: BatchJob, now: float) -> None:
        stage = self.settings.stage_s
        for _ in range(8):  # each pass moves one step; a job has fewer than 8 steps
            status = job.status
            if status == "validating":
                if now < job.created_at + stage:
                    return
                self._validate(job, job.created_at + stage)
            elif status == "queued":
                at = job.stamps["queued"] + stage
                if job.expires_at is not None and job.expires_at <= min(at, now):
                    self._expire(job)
                elif now < at:
                    return
                else:
                    job._move("in_progress", at)
            elif status == "in_progress":
                if not self._run(job, now):
                    return
            elif status in ("finalizing", "cancelling"):
                at = job.stamps[status] + stage
                if now < at:
                    return
                self._write_output(job, at)
                job._move("completed" if status == "finalizing" else "cancelled", at)
            else:
                return

    def _validate(self, job: BatchJob, at: float) -> None:
        stored = self.files.get(job.input_file_id)
        if stored is None:
            job.errors = f"File service error: Failed to retrieve file content: file {job.input_file_id!r} not found"
            job._move("failed", at)
            return
        requests, problem = _parse_input(stored.data, self.settings)
        if problem is None:
            model = str(requests[0][1].get("model"))
            if not self._supported(model):
                problem = f"Model {model!r} is not supported for batch processing."
        if problem is not None:
            job.errors = problem
            job._move("failed", at)
            return
        job.requests = requests
        job.expires_at = job.created_at + self.settings.window_s
        job._move("queued", at)

    def _run(self, job: BatchJob, now: float) -> bool:
        """Answer the requests due by `now`; whether the job changed status."""
        started = job.stamps["in_progress"]
        total = len(job.requests)
        until = now if job.expires_at is None else min(now, job.expires_at)
        per = self.settings.request_s
        due = total if per <= 0 else min(total, max(0, math.floor((until - started) / per + 1e-9)))
        while len(job.lines) < due:
            custom_id, body = job.requests[len(job.lines)]
            ok, payload = self._answer(body)
            job.lines.append((ok, _line(custom_id, ok, payload)))
            if ok:
                job.completed += 1
            else:
                job.failed += 1
        if len(job.lines) == total:
            job._move("finalizing", started + total * max(per, 0.0))
            return True
        if job.expires_at is not None and now >= job.expires_at:
            self._expire(job)
            return True
        return False

    def _expire(self, job: BatchJob) -> None:
        for custom_id, _ in job.requests[len(job.lines) :]:
            job.lines.append((False, _expired_line(custom_id)))
        at = cast("float", job.expires_at)
        self._write_output(job, at)
        job._move("expired", at)

    def _write_output(self, job: BatchJob, at: float) -> None:
        if not job.lines:
            return
        lines = list(job.lines)
        random.Random(job.id).shuffle(lines)  # the API does not keep the input order either
        ttl = self.settings.result_ttl_s
        output = b"".join(line + b"\n" for _, line in lines)
        job.output_file_id = self.files.add(
            filename=f"{job.id}_output.jsonl", purpose="batch", data=output, now=at, ttl_s=ttl
        ).id
        errors = b"".join(line + b"\n" for ok, line in lines if not ok)
        if errors:
            job.error_file_id = self.files.add(
                filename=f"{job.id}_errors.jsonl", purpose="batch", data=errors, now=at, ttl_s=ttl
            ).id
