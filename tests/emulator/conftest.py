"""Fixtures for the emulator tests: a running `LocalServer` and strict SDK clients on it."""

from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Iterator

import pytest

from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.testing import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def connect(sleeps: Any, closes: Callable[[Cerebras], Cerebras]) -> Callable[..., Cerebras]:
    """`connect(server, **kwargs)`: a strict `Cerebras` on `server` whose retry sleeps are recorded."""

    def factory(running: LocalServer, **kwargs: Any) -> Cerebras:
        kwargs.setdefault("_strict_response_validation", True)
        return closes(running.client(**kwargs))

    return factory


@pytest.fixture
def client(server: LocalServer, connect: Callable[..., Cerebras]) -> Cerebras:
    return connect(server)


@pytest.fixture
async def async_client(server: LocalServer, sleeps: Any) -> AsyncIterator[AsyncCerebras]:
    made = server.async_client(_strict_response_validation=True)
    yield made
    await made.close()
