"""`run` / `arun`: check the input, prepare the output, pick the engine, and summarise.

The sync `run` drives the async `arun` on a fresh event loop, so both behave the same.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Any, AsyncGenerator, Callable, List, Literal, Optional, TextIO, Union

import anyio
from anyio.abc import TaskGroup, TaskStatus

from ... import AsyncCerebras, Cerebras
from ._input import BATCH_URLS, LOCAL_URLS, BulkInputError, InputCheck, check_input, iter_requests
from ._local import LocalEngine
from ._output import BulkOutputError, OutputScan, ResultWriter, scan_output
from ._plan import BatchLimits
from ._pricing import estimate_cost, fetch_prices
from ._progress import make_progress
from ._stats import BulkStats

__all__ = ["Engine", "arun", "run"]

Engine = Literal["local", "batch"]
StrPath = Union[str, "os.PathLike[str]"]


async def arun(
    input: StrPath,
    output: StrPath,
    *,
    client: Optional[AsyncCerebras] = None,
    engine: Engine = "local",
    concurrency: int = 16,
    max_rpm: Optional[int] = None,
    max_tpm: Optional[int] = None,
    resume: bool = False,
    progress: bool = False,
    progress_stream: Optional[TextIO] = None,
    progress_interval: float = 10.0,
    max_retries: int = 8,
    grace_period: float = 5.0,
    handle_sigint: bool = False,
    price: bool = True,
    poll_interval: Optional[float] = None,
    batch_limits: Optional[BatchLimits] = None,
    on_started: Optional[Callable[[BulkStats], None]] = None,
) -> BulkStats:
    """Send every request of the JSONL `input` and write one result line each to `output`.

    `input` holds batch request lines (`custom_id`, `method`, `url`, `body`); `output` gets
    batch result lines (`custom_id`, `status`, `response` or `error`) in completion order.
    The whole input is checked first (`BulkInputError`, nothing sent, if any line is bad).
    `output` must not exist yet (or be empty) unless `resume=True`, which leaves out every
    `custom_id` it already has a result for and cuts off a half-written last line.

    `engine="local"` sends from this process through `client` (default: `AsyncCerebras()`),
    at most `concurrency` at a time, paced to the `x-ratelimit-*` limits and to the
    `max_rpm` / `max_tpm` caps. `engine="batch"` uses the Batch API instead: the input is
    split into batch jobs (one model each, within `batch_limits`), whose progress is recorded in
    `OUTPUT.bulk-state.json` so that `resume=True` reuses every batch already created; they are
    polled every `poll_interval` seconds (default 1, growing to 60 while nothing changes).

    `handle_sigint=True` (what the `cerebras bulk` command uses) makes the first Ctrl-C stop
    sending and give requests in flight `grace_period` seconds; a second one stops at once.
    Either way the returned stats say `interrupted` and the output is valid and resumable.
    Returns the run's `BulkStats` (`summary_text()`, `to_dict()`).
    """
    urls = BATCH_URLS if engine == "batch" else LOCAL_URLS
    check = check_input(input, urls=urls)
    if not check.ok:
        raise BulkInputError(check)
    if engine == "batch":
        return await _arun_batch(
            input,
            output,
            check,
            client=client,
            resume=resume,
            progress=progress_stream or sys.stderr if progress else None,
            handle_sigint=handle_sigint,
            price=price,
            poll_interval=poll_interval,
            batch_limits=batch_limits,
        )
    scan = _prepare_output(output, resume)
    stats = BulkStats("local", total=check.requests - len(scan.done), previous=dict(scan.statuses))
    display = make_progress(progress, stats.total, progress_stream, interval=progress_interval)
    async with _client_for(client) as api, contextlib.AsyncExitStack() as stack:
        writer = stack.enter_context(ResultWriter(output))
        local = LocalEngine(
            api,
            writer,
            stats,
            concurrency=concurrency,
            max_rpm=max_rpm,
            max_tpm=max_tpm,
            max_retries=max_retries,
            grace_period=grace_period,
            progress=display,
        )
        if on_started is not None:
            on_started(stats)
        failure: Optional[Exception] = None
        async with anyio.create_task_group() as group:
            if handle_sigint:
                await group.start(_sigint_watch, local.stop, group)
            try:
                await local.run(iter_requests(input, skip=scan.done, urls=urls))
            except Exception as error:  # raised as itself, not inside an exception group
                failure = error
            group.cancel_scope.cancel()
        if failure is not None:
            raise failure
        if price and stats.tokens_by_model and not stats.interrupted:
            stats.cost_usd = estimate_cost(stats.tokens_by_model, await fetch_prices(api))
    return stats


async def _arun_batch(
    input: StrPath,
    output: StrPath,
    check: InputCheck,
    *,
    client: Optional[AsyncCerebras],
    resume: bool,
    progress: Optional[TextIO],
    handle_sigint: bool,
    price: bool,
    poll_interval: Optional[float],
    batch_limits: Optional[BatchLimits],
) -> BulkStats:
    from ._batch import BatchEngine, run_batch

    engines: List[BatchEngine] = []
    stats: Optional[BulkStats] = None
    failure: Optional[Exception] = None
    async with _client_for(client) as api:
        async with anyio.create_task_group() as group:

            def stop_now() -> None:  # batches keep running on the server; nothing is cancelled there
                for engine in engines:
                    engine.stop()
                group.cancel_scope.cancel()

            if handle_sigint:
                await group.start(_sigint_watch, stop_now, group)
            try:
                stats = await run_batch(
                    os.fspath(input),
                    os.fspath(output),
                    check,
                    client=api,
                    resume=resume,
                    progress=progress,
                    limits=batch_limits or BatchLimits(),
                    poll_interval=poll_interval,
                    on_engine=engines.append,
                )
            except Exception as error:  # raised as itself, not inside an exception group
                failure = error
            group.cancel_scope.cancel()
        if failure is not None:
            raise failure
        if stats is None:  # interrupted
            stats = engines[0].stats
            stats.finished = stats.clock()
        if price and stats.tokens_by_model and not stats.interrupted:
            stats.cost_usd = estimate_cost(stats.tokens_by_model, await fetch_prices(api))
    return stats


def _prepare_output(output: StrPath, resume: bool) -> OutputScan:
    if not resume and os.path.exists(output) and os.path.getsize(output) > 0:
        raise BulkOutputError(
            f"{os.fspath(output)} already holds results; resume (--resume) to finish that run, or choose another output"
        )
    return scan_output(output)


@contextlib.asynccontextmanager
async def _client_for(client: Optional[AsyncCerebras]) -> AsyncGenerator[AsyncCerebras, None]:
    if client is not None:
        yield client
        return
    async with AsyncCerebras(warm_tcp_connection=False) as own:
        yield own


async def _sigint_watch(stop: Callable[[], None], group: TaskGroup, *, task_status: TaskStatus[None]) -> None:
    """First SIGINT: `stop()`; a second one cancels the whole run at once."""
    with anyio.open_signal_receiver(signal.SIGINT) as signals:
        task_status.started()
        count = 0
        async for _ in signals:
            count += 1
            if count == 1:
                stop()
            else:
                group.cancel_scope.cancel()
                return


def run(
    input: StrPath,
    output: StrPath,
    *,
    client: Union[Cerebras, AsyncCerebras, None] = None,
    **options: Any,
) -> BulkStats:
    """The blocking form of `arun` (same arguments); runs it on a new event loop.

    `client` may be a `Cerebras`: an `AsyncCerebras` with the same key, base URL, timeout
    and retry setting is made for the run. Cannot be called from a running event loop (await
    `arun` there).
    """
    async_client = _async_twin(client) if isinstance(client, Cerebras) else client

    async def main() -> BulkStats:
        if async_client is not None and async_client is not client:
            async with async_client:
                return await arun(input, output, client=async_client, **options)
        return await arun(input, output, client=async_client, **options)

    return anyio.run(main)


def _async_twin(client: Cerebras) -> AsyncCerebras:
    return AsyncCerebras(
        api_key=client.api_key,
        base_url=client.base_url,
        timeout=client.timeout,
        max_retries=client.max_retries,
        warm_tcp_connection=False,
    )
