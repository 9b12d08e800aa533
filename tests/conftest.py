"""Shared fixtures: an isolated environment, clients on the fake transport, the sync/async driver,
a sleep that records, and emulators (`LocalServer`) stopped after the test.

Nothing in the suite sleeps for a retry: the `sleeps` fixture turns on testing mode
(`cerebras.cloud.sdk.testing.set_testing`) with a recorder, so tests assert the delays the
client *would* have waited. Real servers used by end-to-end tests
listen on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any, Callable, Iterator, List

import pytest

from _support import Driver, Handler, SleepRecorder, async_client, sync_client
from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.testing import LocalServer, set_testing


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ambient configuration leaks into a test; no background warm-up requests."""
    for name in ("CEREBRAS_API_KEY", "CEREBRAS_BASE_URL", "CEREBRAS_CUSTOM_HEADERS", "CEREBRAS_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CEREBRAS_WARM_TCP_CONNECTION", "0")


def _close_stray_event_loop() -> None:
    # On Python 3.9, `asyncio.get_event_loop()` creates a loop when none is set; pytest-asyncio
    # calls it around async tests after `asyncio.run()`/`anyio.run()` tests have unset theirs,
    # and never closes the loop it got. Close it, so its ResourceWarning is not blamed on a
    # later test.
    policy = asyncio.get_event_loop_policy()  # pyright: ignore[reportDeprecated]  # run on Python 3.9 only
    local = getattr(policy, "_local", None)
    loop = getattr(local, "_loop", None)
    if isinstance(loop, asyncio.AbstractEventLoop) and not loop.is_running() and not loop.is_closed():
        loop.close()


if sys.version_info < (3, 10):

    @pytest.fixture(autouse=True)
    def _no_stray_event_loop() -> Iterator[None]:
        yield
        _close_stray_event_loop()


@pytest.fixture
def sleeps() -> Iterator[SleepRecorder]:
    """Testing mode for this test: every client retries at once; the waits are recorded here."""
    recorder = SleepRecorder()
    with set_testing(on_wait=recorder):
        yield recorder


@pytest.fixture
def closes() -> Iterator[Callable[[Cerebras], Cerebras]]:
    """`closes(client)`: hands `client` back, and closes it once the test is over."""
    made: List[Cerebras] = []

    def keep(client: Cerebras) -> Cerebras:
        made.append(client)
        return client

    yield keep
    for client in made:
        client.close()


@pytest.fixture
def make_client(sleeps: SleepRecorder, closes: Callable[[Cerebras], Cerebras]) -> Callable[..., Cerebras]:
    """`make_client(handler=None, **kwargs)`: a `Cerebras` on an `httpx.MockTransport` (or respx)."""

    def factory(handler: Handler | None = None, **kwargs: Any) -> Cerebras:
        return closes(sync_client(handler, **kwargs))

    return factory


@pytest.fixture
def make_async_client(sleeps: SleepRecorder) -> Callable[..., AsyncCerebras]:
    """`make_async_client(handler=None, **kwargs)`: an `AsyncCerebras` on an `httpx.MockTransport`."""
    return async_client


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def api(
    request: pytest.FixtureRequest,
    make_client: Callable[..., Cerebras],
    make_async_client: Callable[..., AsyncCerebras],
) -> Driver:
    """The test runs twice: with a `Cerebras` and with an `AsyncCerebras` (see `_support.driver`)."""
    return Driver(request.param, make_client, make_async_client)


@pytest.fixture
def make_server() -> Iterator[Callable[..., LocalServer]]:
    """`make_server(**settings)`: a started `LocalServer`, stopped after the test."""
    started: List[LocalServer] = []

    def factory(**settings: Any) -> LocalServer:
        running = LocalServer(**settings).start()
        started.append(running)
        return running

    yield factory
    for running in started:
        running.stop()
