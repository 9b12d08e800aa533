"""Fixtures of the reliability tests (fault matrix, hygiene, concurrency, fork, security)."""

from __future__ import annotations

import warnings

import pytest

from .runner import TRIO_HTTPX_GENERATORS

__all__: list[str] = []


@pytest.fixture(autouse=True)
def _ignore_trio_httpx_generators() -> None:
    # Scoped to each test by pytest's own warnings capture (see `runner.TRIO_HTTPX_GENERATORS`).
    warnings.filterwarnings("ignore", message=TRIO_HTTPX_GENERATORS, category=ResourceWarning)
