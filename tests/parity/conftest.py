"""Fixtures of the parity tests: a fresh local server per test."""

from __future__ import annotations

from typing import Iterator

import pytest

from ._server import LocalServer, Reply

__all__ = ["server"]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh local server; `/v1/tcp_warming` answers 200 with an empty body by default."""
    local = LocalServer()
    local.default("/v1/tcp_warming", Reply(200, b""))
    yield local
    local.close()
