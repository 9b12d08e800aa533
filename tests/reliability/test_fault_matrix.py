"""The fault matrix, end to end: every scenario on every backend, streaming and not.

Each row runs its eight cells side by side against fresh raw-socket servers on 127.0.0.1 and
checks the documented outcome (exact exception class, or success with the exact text), the
number of attempts (client side and server side), the retry waits, and that no connection is
left checked out of the pool nor any socket left open after `close()`.
`scripts/reliability_report.py` runs the same cells to write `docs/reliability.md`.
"""

from __future__ import annotations

import pytest

from .runner import CELLS, judge, run_row
from .scenarios import SCENARIOS, Scenario

__all__: list[str] = []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_row(scenario: Scenario) -> None:
    results = run_row(scenario)
    problems = [
        f"{backend}/{'stream' if streaming else 'plain'}: {problem}"
        for backend, streaming in CELLS
        for problem in judge(scenario, backend, streaming, results[backend, streaming])
    ]
    assert not problems, "\n".join(problems)


def test_every_backend_and_mode_is_covered() -> None:
    assert sorted(CELLS) == sorted(
        (backend, streaming) for backend in ("sync", "asyncio", "trio", "aiohttp") for streaming in (True, False)
    )
