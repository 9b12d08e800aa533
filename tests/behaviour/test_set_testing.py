"""`cerebras.cloud.sdk.testing.set_testing()`: retries happen at once and the waits are recorded."""

from __future__ import annotations

import time
from typing import List

import anyio
import pytest

from _support import FakeApi, async_client, reply, sync_client
from cerebras.cloud.sdk import InternalServerError
from cerebras.cloud.sdk.testing import is_testing, set_testing


def _busy_then_ok() -> FakeApi:
    """A 503 asking for a 30 s wait, then an empty model list."""
    return FakeApi(
        reply(503, {"message": "busy"}, headers={"retry-after": "30"}), reply(200, {"object": "list", "data": []})
    )


def test_sync_retry_does_not_wait_and_the_wait_is_recorded() -> None:
    server = _busy_then_ok()
    waits: List[float] = []
    client = sync_client(server)
    with client, set_testing(on_wait=waits.append):
        started = time.monotonic()
        client.models.list()
        assert time.monotonic() - started < 10
    assert waits == [30.0]
    assert len(server.requests) == 2


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_async_retry_does_not_wait_on_either_backend(backend: str) -> None:
    server = _busy_then_ok()
    waits: List[float] = []

    async def main() -> None:
        async with async_client(server) as client:
            await client.models.list()

    with set_testing(on_wait=waits.append):
        started = time.monotonic()
        anyio.run(main, backend=backend)
        assert time.monotonic() - started < 10
    assert waits == [30.0]
    assert len(server.requests) == 2


def test_retries_and_errors_are_unchanged_in_testing_mode() -> None:
    waits: List[float] = []
    server = FakeApi(500)
    client = sync_client(server, max_retries=3)
    with client, set_testing(on_wait=waits.append), pytest.raises(InternalServerError):
        client.models.list()
    assert len(waits) == 3  # three retries, as outside testing mode
    assert len(server.requests) == 4
    assert all(0 < wait <= 8 for wait in waits)


def test_the_switch_nests_and_a_plain_call_stays_on() -> None:
    assert not is_testing()
    with set_testing():
        assert is_testing()
        with set_testing(False):
            assert not is_testing()
        assert is_testing()
    assert not is_testing()
    set_testing()
    try:
        assert is_testing()
    finally:
        set_testing(False)
    assert not is_testing()


def test_testing_mode_applies_to_a_client_created_before_it() -> None:
    waits: List[float] = []
    with sync_client(_busy_then_ok()) as client:
        copied = client.with_options(max_retries=1)
        with set_testing(on_wait=waits.append):
            copied.models.list()
    assert waits == [30.0]
