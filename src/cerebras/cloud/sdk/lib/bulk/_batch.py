"""The batch engine: run a bulk input as Batch API jobs and merge their results into OUTPUT.

Steps, each recorded in the state file before the next begins (see `_plan`): split the input
into parts (one model each, within the line and byte limits); upload a part and create its
batch when fewer than `max_active` batches are unfinished; poll the unfinished ones with a
growing interval; when one ends, append its result lines to OUTPUT (skipping `custom_id`s
already there), give every request it did not answer a `failed` (or `expired`) line, and mark
it merged. A resumed run reuses every uploaded file and every batch in the state file; a part
whose create call was cut off is matched to an existing batch by its input file before any
new batch is made. Interrupting asks nothing and cancels nothing: the batches keep running and
`--resume` picks them up.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any, Callable, Dict, List, Optional, Set, TextIO, Tuple

import anyio

from ... import AsyncCerebras, RateLimitError
from ..._lib_interface import is_dict
from ._input import BATCH_URLS, BulkInputError, InputCheck, InputProblem, iter_requests
from ._output import BulkOutputError, ResultWriter, result_line, scan_output
from ._plan import (
    BatchLimits,
    PartState,
    RunState,
    load_state,
    part_ids,
    parts_dir_for,
    save_state,
    state_path_for,
    write_parts,
)
from ._stats import BulkStats, format_duration

__all__ = ["BatchEngine", "normalize_result"]

_TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
_MAX_POLL_S = 60.0
_STATUSES = ("succeeded", "failed", "expired")


def _as_dict(value: object) -> Optional[Dict[str, object]]:
    return value if is_dict(value) else None


def normalize_result(value: object) -> Optional[Dict[str, object]]:
    """PURE. A Batch API output line as a result line (`None` if it names no `custom_id`).

    Accepts the documented Cerebras shape (`status` plus the completion in `response`) and the
    OpenAI shape (`response.status_code` and the completion in `response.body`).
    """
    data = _as_dict(value)
    if data is None or not isinstance(data.get("custom_id"), str):
        return None
    status = data.get("status")
    response = data.get("response")
    error = data.get("error")
    wrapped = _as_dict(response)
    if wrapped is not None and "status_code" in wrapped and "body" in wrapped:
        code = wrapped["status_code"]
        body = _as_dict(wrapped["body"])
        if isinstance(code, int) and 200 <= code < 300:
            status, response = "succeeded", body
        else:
            inner = body.get("error") if body is not None else None
            error = error or inner or {"code": f"http_{code}", "message": json.dumps(wrapped["body"])}
            status, response = "failed", None
    if status not in _STATUSES:
        status = "succeeded" if isinstance(response, dict) and not error else "failed"
    line: Dict[str, object] = {"custom_id": data["custom_id"], "status": status}
    if status == "succeeded":
        line["response"] = response
    else:
        line["error"] = error if isinstance(error, dict) else {"code": "error", "message": str(error)}
    return line


class BatchEngine:
    """Runs a checked input on the Batch API (see the module docstring)."""

    def __init__(
        self,
        client: AsyncCerebras,
        output: str,
        stats: BulkStats,
        state: RunState,
        *,
        done: Set[str],
        limits: Optional[BatchLimits] = None,
        poll_interval: Optional[float] = None,
        progress: Optional[TextIO] = None,
    ) -> None:
        self.client = client
        self.output = output
        self.stats = stats
        self.state = state
        self.done = done
        self.limits = limits or BatchLimits()
        self.poll_interval = poll_interval if poll_interval is not None else 1.0
        self.progress = progress
        self.state_path = state_path_for(output)
        self._last_shown = ""

    def stop(self) -> None:
        """Mark the run interrupted (the caller cancels it; nothing on the server is touched)."""
        self.stats.interrupted = True

    # ------------------------------------------------------------------ driving

    async def run(self) -> BulkStats:
        """Drive every part to merged, then clean up the part files and the state file."""
        try:
            with ResultWriter(self.output) as writer:
                await self._adopt_orphans()
                polls = 0
                while not all(part.merged for part in self.state.parts):
                    changed = await self._start_batches()
                    changed = await self._poll(writer) or changed
                    self._show()
                    if all(part.merged for part in self.state.parts):
                        break
                    polls = 0 if changed else polls + 1
                    await anyio.sleep(
                        min(self.poll_interval * 1.5 ** min(polls, 20), max(_MAX_POLL_S, self.poll_interval))
                    )
        finally:
            self.stats.finished = self.stats.clock()
        self._clean_up()
        return self.stats

    def _save(self) -> None:
        save_state(self.state_path, self.state)

    def _active(self) -> List[PartState]:
        return [p for p in self.state.parts if p.batch_id and not p.merged and p.status not in _TERMINAL]

    async def _adopt_orphans(self) -> None:
        """Parts uploaded whose batch id was never recorded: find their batch instead of making another."""
        orphans: Dict[str, PartState] = {p.file_id: p for p in self.state.parts if p.file_id and not p.batch_id}
        if not orphans:
            return
        async for batch in self.client.batches.list():
            part = orphans.pop(batch.input_file_id or "", None)
            if part is not None:
                part.batch_id, part.status = batch.id, batch.status
                self.stats.batches.append(batch.id)
                self._save()
            if not orphans:
                return

    async def _start_batches(self) -> bool:
        started = False
        for part in self.state.parts:
            if part.batch_id or part.merged:
                continue
            if len(self._active()) >= self.limits.max_active:
                break
            if part.file_id is None:
                uploaded = await self.client.files.create(file=part.path, purpose="batch")
                part.file_id = uploaded.id
                self._save()
            try:
                batch = await self.client.batches.create(
                    input_file_id=part.file_id, metadata={"bulk_part": str(part.index), "model": part.model}
                )
            except RateLimitError:  # the account's limit on unfinished batches: wait for one to end
                break
            part.batch_id, part.status = batch.id, batch.status
            self.stats.batches.append(batch.id)
            self._save()
            started = True
        return started

    async def _poll(self, writer: ResultWriter) -> bool:
        changed = False
        for part in [p for p in self.state.parts if p.batch_id and not p.merged]:
            assert part.batch_id is not None
            batch = await self.client.batches.retrieve(part.batch_id)
            counts = batch.request_counts
            new_counts = (
                {"total": counts.total or 0, "completed": counts.completed or 0, "failed": counts.failed or 0}
                if counts is not None
                else part.counts
            )
            if batch.status != part.status or new_counts != part.counts:
                changed = True
                part.status, part.counts = batch.status, new_counts
                self._save()
            if batch.status in _TERMINAL:
                await self._merge(part, batch, writer)
                changed = True
        return changed

    # ------------------------------------------------------------------ merging

    async def _merge(self, part: PartState, batch: Any, writer: ResultWriter) -> None:
        for file_id in (batch.output_file_id, batch.error_file_id):
            if file_id:
                await self._merge_file(file_id, part, writer)
        missing_status = "expired" if batch.status == "expired" else "failed"
        reason = batch.errors if isinstance(batch.errors, str) and batch.errors else None
        for custom_id in part_ids(part):
            if custom_id in self.done:
                continue
            message = reason or f"batch {batch.id} ended {batch.status} without a result for this request"
            error = {"code": f"batch_{batch.status}", "message": message, "type": "BatchError", "status_code": None}
            self._write(writer, {"custom_id": custom_id, "status": missing_status, "error": error}, part.model)
        part.merged = True
        self._save()

    async def _merge_file(self, file_id: str, part: PartState, writer: ResultWriter) -> None:
        content = await self.client.files.retrieve_content(file_id)
        pending = b""
        async with content:
            async for chunk in content.iter_bytes():
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for raw in lines:
                    self._merge_line(raw, part, writer)
        self._merge_line(pending, part, writer)

    def _merge_line(self, raw: bytes, part: PartState, writer: ResultWriter) -> None:
        if not raw.strip():
            return
        try:
            line = normalize_result(json.loads(raw))
        except ValueError:
            line = None
        if line is None or line["custom_id"] in self.done:
            return
        self._write(writer, line, part.model)

    def _write(self, writer: ResultWriter, line: Dict[str, Any], model: str) -> None:
        # `Any`: a line `normalize_result` made or `_merge` built; its `custom_id` and `status` are strings.
        writer.write(
            result_line(line["custom_id"], line["status"], response=line.get("response"), error=line.get("error"))
        )
        self.done.add(line["custom_id"])
        response = _as_dict(line.get("response"))
        usage = _as_dict(response.get("usage")) if response is not None else None
        self.stats.record(line["status"], model, usage)

    # ------------------------------------------------------------------ the rest

    def _show(self) -> None:
        if self.progress is None:
            return
        parts = self.state.parts
        finished = sum(1 for p in parts if p.merged)
        requests = sum(p.lines for p in parts)
        answered = sum(p.counts.get("completed", 0) + p.counts.get("failed", 0) for p in parts)
        statuses = ", ".join(f"{p.batch_id}: {p.status}" for p in parts if p.batch_id and not p.merged)
        line = (
            f"bulk (batch): {finished}/{len(parts)} batches merged, {answered}/{requests} requests answered, "
            f"{self.stats.done} results written, {format_duration(self.stats.elapsed())}"
            + (f" [{statuses}]" if statuses else "")
        )
        if line != self._last_shown:
            self._last_shown = line
            self.progress.write(line + "\n")
            self.progress.flush()

    def _clean_up(self) -> None:
        if not all(part.merged for part in self.state.parts):
            return
        shutil.rmtree(parts_dir_for(self.output), ignore_errors=True)
        try:
            os.remove(self.state_path)
        except FileNotFoundError:
            pass


def prepare_state(
    input: str, output: str, check: InputCheck, *, resume: bool, limits: BatchLimits
) -> Tuple[RunState, Set[str], Dict[str, int]]:
    """Load the state of an interrupted run, or split the input into a new one.

    Returns the state, the `custom_id`s OUTPUT already has, and OUTPUT's counts by status.
    """
    state_path = state_path_for(output)
    existing = load_state(state_path)
    if existing is not None and not resume:
        raise BulkOutputError(f"a batch run writing {output} is unfinished ({state_path}); resume (--resume) it")
    if not resume and os.path.exists(output) and os.path.getsize(output) > 0:
        raise BulkOutputError(
            f"{output} already holds results; resume (--resume) to finish that run, or choose another output"
        )
    scan = scan_output(output)
    if existing is not None:
        if existing.input != os.path.abspath(input) or existing.input_size != os.path.getsize(input):
            raise BulkOutputError(f"{input} is not the input of the unfinished batch run in {state_path}")
        return existing, scan.done, scan.statuses
    counts: Dict[str, int] = {}
    first_line: Dict[str, int] = {}
    for request in iter_requests(input, skip=scan.done, urls=BATCH_URLS):
        counts[request.model] = counts.get(request.model, 0) + 1
        first_line.setdefault(request.model, request.line)
    problems = [
        InputProblem(first_line[model], f"model {model!r} has {n} requests; a batch needs at least {limits.min_lines}")
        for model, n in counts.items()
        if n < limits.min_lines
    ]
    if problems:
        raise BulkInputError(InputCheck(check.requests, problems, len(problems), dict(counts)))
    parts = write_parts(input, parts_dir_for(output), counts, skip=scan.done, limits=limits)
    state = RunState(input=os.path.abspath(input), input_size=os.path.getsize(input), parts=parts)
    save_state(state_path, state)
    return state, scan.done, scan.statuses


async def run_batch(
    input: str,
    output: str,
    check: InputCheck,
    *,
    client: AsyncCerebras,
    resume: bool,
    progress: Optional[TextIO],
    limits: BatchLimits,
    poll_interval: Optional[float],
    on_engine: Callable[[BatchEngine], None],
) -> BulkStats:
    """Run `input` on the Batch API into `output` (the `engine="batch"` part of `arun`)."""
    state, done, previous = prepare_state(input, output, check, resume=resume, limits=limits)
    total = sum(part.lines for part in state.parts if not part.merged)
    stats = BulkStats("batch", total=total, previous=previous)
    stats.batches.extend(part.batch_id for part in state.parts if part.batch_id)
    engine = BatchEngine(
        client, output, stats, state, done=done, limits=limits, poll_interval=poll_interval, progress=progress
    )
    on_engine(engine)
    return await engine.run()
