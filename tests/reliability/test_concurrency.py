"""One client shared by many tasks or threads, against the local emulator.

Every response must carry its own request id and its own prompt's text, none may be lost or
fail, and the pool must never hold more connections than its limit. 600 tasks per async
backend by default (more than the 512 connections of the default limits, so some wait for a
connection), 1,000 with `CEREBRAS_RELIABILITY_FULL=1`.
"""

from __future__ import annotations

import pytest

from .concurrency import Outcome, run_async_tasks, run_threads
from .hygiene import full_run

__all__: list[str] = []


TASKS = 1_000 if full_run() else 600


def _assert_correct(outcome: Outcome) -> None:
    assert outcome.failures == []
    assert outcome.mismatched == []
    assert outcome.answered == outcome.calls
    assert sorted(outcome.server_ids) == sorted(f"req-{n:05d}" for n in range(outcome.calls))
    assert 1 < outcome.max_pool <= outcome.limit


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_one_async_client_shared_by_many_tasks(backend: str) -> None:
    outcome = run_async_tasks(TASKS, backend=backend)
    _assert_correct(outcome)
    assert outcome.limit == 512
    assert outcome.max_pool == 512  # more tasks than connections: the pool fills, never overflows


def test_a_thousand_tasks_gated_to_the_pool_size() -> None:
    # The workaround documented for httpcore's per-queued-request cost: same correctness,
    # a fraction of the time (docs/reliability.md).
    outcome = run_async_tasks(1_000, gate=100)
    _assert_correct(outcome)
    assert outcome.max_pool == 100


def test_one_sync_client_shared_by_32_threads() -> None:
    outcome = run_threads(32, 10, max_connections=8)
    _assert_correct(outcome)
    assert outcome.max_pool == 8
