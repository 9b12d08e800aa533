"""The local bulk engine: send the requests from this process, concurrently, paced to the limits.

One `AsyncCerebras` sends at most `concurrency` requests at a time. Before each send the
`Pacer` says whether the account's limits (and the user's caps) leave room; if not, sending
waits (the time is counted as "waited on rate limits"). The first request goes alone, so the
limits are known before any concurrency. The engine owns the retries (the client's own are
turned off for these calls): a 429 is waited out as its headers say and sent again; 408, 409,
5xx, timeouts and connection errors are retried with exponential backoff; any other error,
or a retryable one after `max_retries` retries, gives the line a `failed` result. A 401 stops
the run (every line would fail the same way).

Results are written as they arrive, so the output is in completion order, not input order.
`stop()` ends sending: requests in flight may finish for `grace_period` seconds and are then
cancelled; lines without a result are simply sent by a resumed run.
"""

from __future__ import annotations

import random
from typing import Any, Dict, Iterator, Optional

import anyio
import httpx
from anyio.abc import TaskGroup

from ... import APIConnectionError, APIStatusError, AsyncCerebras, AuthenticationError, RateLimitError
from ..._lib_interface import is_dict, parse_rate_limits
from ._input import BulkRequest
from ._output import ResultWriter, error_object, result_line
from ._pacer import Pacer, reserved_tokens
from ._progress import ProgressDisplay
from ._stats import BulkStats

__all__ = ["LocalEngine"]

_RETRYABLE_STATUS = frozenset({408, 409})
_BACKOFF_BASE_S = 0.5
_BACKOFF_MAX_S = 8.0
_POLL_S = 0.25


class _Abandoned(Exception):
    """The run is stopping; this line gets no result now."""


def _retry_after(error: APIStatusError) -> Optional[float]:
    value = error.response.headers.get("retry-after")
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds < 86400 else None


class LocalEngine:
    """Runs checked requests through one async client (see the module docstring)."""

    def __init__(
        self,
        client: AsyncCerebras,
        writer: ResultWriter,
        stats: BulkStats,
        *,
        concurrency: int = 16,
        max_rpm: Optional[int] = None,
        max_tpm: Optional[int] = None,
        max_retries: int = 8,
        grace_period: float = 5.0,
        progress: Optional[ProgressDisplay] = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be >= 1, got {concurrency}")
        self.client = client
        self.writer = writer
        self.stats = stats
        self.concurrency = concurrency
        self.max_retries = max_retries
        self.grace_period = grace_period
        self.progress = progress
        self.pacer = Pacer(max_rpm=max_rpm, max_tpm=max_tpm)
        self._gate = anyio.Lock()
        self._stopping = False
        self._in_flight = 0
        self._dispatch_scope: Optional[anyio.CancelScope] = None
        self._group: Optional[TaskGroup] = None
        self._fatal: Optional[BaseException] = None
        self._rng = random.Random()

    # ------------------------------------------------------------------ control

    def stop(self) -> None:
        """Stop sending; requests in flight get `grace_period` seconds. Call from the run's event loop."""
        if not self._stopping and self.progress is not None:
            self.progress.stream.write(
                f"\nstopping: up to {self.grace_period:g} s for requests in flight (Ctrl-C again to stop now)\n"
            )
        self._stopping = True
        self.stats.interrupted = True
        if self._dispatch_scope is not None:
            self._dispatch_scope.cancel()

    async def run(self, requests: Iterator[BulkRequest]) -> BulkStats:
        """Send every request of `requests`, writing one result line each (unless stopped)."""
        try:
            async with anyio.create_task_group() as group:
                self._group = group
                if self.progress is not None:
                    group.start_soon(self._show_progress)
                with anyio.CancelScope() as self._dispatch_scope:
                    await self._dispatch(group, requests)
                with anyio.move_on_after(self.grace_period if self._stopping else float("inf")):
                    while self._in_flight:
                        await anyio.sleep(0.02 if not self._stopping else 0.05)
                group.cancel_scope.cancel()
        finally:
            self.stats.finished = self.stats.clock()
            self.stats.limits = self.pacer.limits or self.stats.limits
            if self.progress is not None:
                self.progress.close(self.stats)
        if self._fatal is not None:
            raise self._fatal
        return self.stats

    async def _dispatch(self, group: TaskGroup, requests: Iterator[BulkRequest]) -> None:
        slots = anyio.Semaphore(self.concurrency)
        probing = True
        for request in requests:
            if self._stopping:
                return
            await slots.acquire()
            tokens = reserved_tokens(request.body)
            try:
                await self._permit(tokens)
            except _Abandoned:
                slots.release()
                return
            except BaseException:
                slots.release()
                raise
            self._in_flight += 1
            if probing and not self.pacer.has_report:
                await self._line(request, tokens, slots)  # alone: learn the limits first
                probing = False
            else:
                group.start_soon(self._line, request, tokens, slots)

    async def _show_progress(self) -> None:
        assert self.progress is not None
        while True:
            self.stats.limits = self.pacer.limits
            self.progress.update(self.stats)
            await anyio.sleep(0.5)

    # ------------------------------------------------------------------ pacing

    async def _permit(self, tokens: int) -> None:
        """Wait until the pacer lets a request reserving `tokens` go."""
        async with self._gate:
            while True:
                if self._stopping:
                    raise _Abandoned()
                now = self.stats.clock()
                wait = self.pacer.delay(tokens, now)
                if wait <= 0:
                    return
                step = min(wait, _POLL_S)
                await anyio.sleep(step)
                self.stats.waited_s += self.stats.clock() - now

    # ------------------------------------------------------------------ one line

    async def _line(self, request: BulkRequest, tokens: int, slots: anyio.Semaphore) -> None:
        try:
            await self._attempts(request, tokens)
        except _Abandoned:
            pass
        except AuthenticationError as error:  # every line would fail the same way: stop the run
            self._fatal = self._fatal or error
            self._stopping = True
            if self._group is not None:
                self._group.cancel_scope.cancel()
        finally:
            self._in_flight -= 1
            slots.release()

    async def _attempts(self, request: BulkRequest, tokens: int) -> None:
        attempt = 0
        while True:
            if attempt:
                await self._permit(tokens)
                self.stats.retries += 1
            seq = self.pacer.sent(tokens, self.stats.clock())
            try:
                response: httpx.Response = await self.client.post(
                    request.url, cast_to=httpx.Response, body=request.body, options={"max_retries": 0}
                )
            except AuthenticationError:
                raise
            except RateLimitError as error:
                self.stats.rate_limited += 1
                self.pacer.settled(seq, 0)
                self.pacer.rate_limited(seq, error.rate_limits, _retry_after(error), self.stats.clock())
                if attempt >= self.max_retries:
                    return self._failed(request, error)
            except APIStatusError as error:
                self.pacer.observed(seq, parse_rate_limits(error.response.headers), self.stats.clock())
                if not (error.status_code >= 500 or error.status_code in _RETRYABLE_STATUS):
                    return self._failed(request, error)
                if attempt >= self.max_retries:
                    return self._failed(request, error)
                await self._backoff(attempt)
            except APIConnectionError as error:  # timeouts included
                if attempt >= self.max_retries:
                    return self._failed(request, error)
                await self._backoff(attempt)
            else:
                return self._succeeded(request, seq, response)
            attempt += 1

    async def _backoff(self, attempt: int) -> None:
        delay = min(_BACKOFF_BASE_S * 2**attempt, _BACKOFF_MAX_S) * (0.75 + 0.25 * self._rng.random())
        with anyio.move_on_after(delay):
            while not self._stopping:
                await anyio.sleep(_POLL_S)
        if self._stopping:
            raise _Abandoned()

    def _succeeded(self, request: BulkRequest, seq: int, response: httpx.Response) -> None:
        now = self.stats.clock()
        self.pacer.observed(seq, parse_rate_limits(response.headers), now)
        try:
            data: object = response.json()
        except ValueError as error:
            self.pacer.settled(seq, None)
            failure = {
                "code": "invalid_response",
                "message": f"the answer is not JSON: {error}",
                "type": "ValueError",
                "status_code": response.status_code,
            }
            self._write(request, "failed", error=failure)
            return
        body: Dict[str, object] = data if is_dict(data) else {"value": data}
        found = body.get("usage")
        usage = found if is_dict(found) else None
        total = usage.get("total_tokens") if usage else None
        self.pacer.settled(seq, total if isinstance(total, int) else None)
        self._write(request, "succeeded", response=body, usage=usage)

    def _failed(self, request: BulkRequest, error: BaseException) -> None:
        self._write(request, "failed", error=error_object(error))

    def _write(
        self,
        request: BulkRequest,
        status: str,
        *,
        response: Optional[Dict[str, Any]] = None,
        error: Optional[Dict[str, Any]] = None,
        usage: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.writer.write(result_line(request.custom_id, status, response=response, error=error))
        self.stats.record(status, request.model, usage)
