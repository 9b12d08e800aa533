"""Every script in `examples/` runs to completion offline (no API key: against the emulator)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

WAITS_FOR_A_REAL_MINUTE = {"rate_limits.py"}
"""Shows a rate-limit window resetting in real time (about 60 s): left to the `examples` nox session."""

ALL_EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.py"))
EXAMPLES = [path for path in ALL_EXAMPLES if path.name not in WAITS_FOR_A_REAL_MINUTE]


def test_the_examples_are_there() -> None:
    names = {path.name for path in ALL_EXAMPLES}
    assert {"sync.py", "async_example.py", "streaming.py", "errors_and_retries.py", "raw_response.py"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_example_runs_offline(path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip()
    assert "Traceback" not in result.stderr
