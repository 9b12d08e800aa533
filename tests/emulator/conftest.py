"""Fixtures for the emulator tests: a running `LocalServer` and strict SDK clients on it."""

from __future__ import annotations

from typing import Any, AsyncIterator, Callable, Iterator, List

import pytest

from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.testing import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def connect(sleeps: Any) -> Iterator[Callable[..., Cerebras]]:
    """`connect(server, **kwargs)`: a strict `Cerebras` on `server` whose retry sleeps are recorded."""
    made: List[Cerebras] = []

    def factory(running: LocalServer, **kwargs: Any) -> Cerebras:
        kwargs.setdefault("_strict_response_validation", True)
        client = running.client(**kwargs)
        made.append(client)
        return client

    yield factory
    for client in made:
        client.close()


@pytest.fixture
def client(server: LocalServer, connect: Callable[..., Cerebras]) -> Cerebras:
    return connect(server)


@pytest.fixture
async def async_client(server: LocalServer, sleeps: Any) -> AsyncIterator[AsyncCerebras]:
    made = server.async_client(_strict_response_validation=True)
    yield made
    await made.close()
