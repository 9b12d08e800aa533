"""`cerebras.cloud.sdk.testing.set_testing()`: retries happen at once and the waits are recorded."""

from __future__ import annotations

import time
from typing import List

import anyio
import httpx
import pytest

from cerebras.cloud.sdk import AsyncCerebras, Cerebras, InternalServerError
from cerebras.cloud.sdk.testing import is_testing, set_testing


def _busy_then_ok(request: httpx.Request, calls: List[httpx.Request]) -> httpx.Response:
    calls.append(request)
    if len(calls) == 1:
        return httpx.Response(503, headers={"retry-after": "30"}, json={"message": "busy"})
    return httpx.Response(200, json={"object": "list", "data": []})


def test_sync_retry_does_not_wait_and_the_wait_is_recorded() -> None:
    calls: List[httpx.Request] = []
    waits: List[float] = []
    transport = httpx.MockTransport(lambda request: _busy_then_ok(request, calls))
    client = Cerebras(api_key="sk-x", base_url="http://api.test", http_client=httpx.Client(transport=transport))
    with client, set_testing(on_wait=waits.append):
        started = time.monotonic()
        client.models.list()
        assert time.monotonic() - started < 10
    assert waits == [30.0]
    assert len(calls) == 2


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_async_retry_does_not_wait_on_either_backend(backend: str) -> None:
    calls: List[httpx.Request] = []
    waits: List[float] = []

    async def main() -> None:
        transport = httpx.MockTransport(lambda request: _busy_then_ok(request, calls))
        async with AsyncCerebras(
            api_key="sk-x", base_url="http://api.test", http_client=httpx.AsyncClient(transport=transport)
        ) as client:
            await client.models.list()

    with set_testing(on_wait=waits.append):
        started = time.monotonic()
        anyio.run(main, backend=backend)
        assert time.monotonic() - started < 10
    assert waits == [30.0]
    assert len(calls) == 2


def test_retries_and_errors_are_unchanged_in_testing_mode() -> None:
    waits: List[float] = []
    transport = httpx.MockTransport(lambda _request: httpx.Response(500, json={"message": "down"}))
    client = Cerebras(
        api_key="sk-x", base_url="http://api.test", max_retries=3, http_client=httpx.Client(transport=transport)
    )
    with client, set_testing(on_wait=waits.append), pytest.raises(InternalServerError):
        client.models.list()
    assert len(waits) == 3  # three retries, as outside testing mode
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
    calls: List[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: _busy_then_ok(request, calls))
    with Cerebras(api_key="sk-x", base_url="http://api.test", http_client=httpx.Client(transport=transport)) as client:
        copied = client.with_options(max_retries=1)
        with set_testing(on_wait=waits.append):
            copied.models.list()
    assert waits == [30.0]
