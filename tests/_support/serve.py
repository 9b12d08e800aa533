"""`cerebras serve` in a child process, for the tests of the command line's emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generator

__all__ = ["Served", "serving"]


@dataclass
class Served:
    """The emulator a `serving` block runs: its URL, and (once the block ends) what it wrote to stderr."""

    url: str
    stderr: str = ""


@contextmanager
def serving(*args: str) -> Generator[Served, None, None]:
    """`cerebras serve --port 0 <args>` with no `CEREBRAS_*` variables, until the block ends."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    with subprocess.Popen(
        [sys.executable, "-m", "cerebras.cloud.sdk", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean,
    ) as proc:
        assert proc.stdout is not None
        served = Served(url=proc.stdout.readline().split()[-1])
        try:
            yield served
        finally:
            proc.terminate()
            _out, served.stderr = proc.communicate(timeout=20)
