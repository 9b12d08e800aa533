"""A pytest plugin: `cerebras_server`, `cerebras_client` and `async_cerebras_client` fixtures on the emulator.

Enable it in your top-level `conftest.py`:

```py
pytest_plugins = ["cerebras.cloud.sdk.testing.pytest_plugin"]


def test_answer(cerebras_client):
    r = cerebras_client.chat.completions.create(model="llama3.1-8b", messages=[{"role": "user", "content": "Hi"}])
    assert r.choices[0].message.content
```

Each test gets its own emulator (it starts in milliseconds), and the client fixtures run in
testing mode (`set_testing()`): retries happen at once instead of after a delay. Configure it with the
`cerebras_emulator` marker, whose keyword arguments are `EmulatorConfig` fields:

```py
@pytest.mark.cerebras_emulator(requests_per_minute=1)
def test_rate_limited(cerebras_client): ...
```

`async_cerebras_client` serves async tests run by pytest-asyncio (`@pytest.mark.asyncio`, or
`asyncio_mode = "auto"`) or by anyio (`@pytest.mark.anyio`); it is made and closed on the loop
that runs the test.
"""

from __future__ import annotations

import contextlib
from typing import Any, AsyncGenerator, AsyncIterator, Dict, Iterator

import pytest

from .._client import AsyncCerebras, Cerebras
from ._local import LocalServer
from ._switch import set_testing

try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - pytest-asyncio is optional
    pytest_asyncio = None

__all__ = ["async_cerebras_client", "cerebras_client", "cerebras_server", "pytest_configure"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the `cerebras_emulator` marker."""
    config.addinivalue_line(
        "markers", "cerebras_emulator(**settings): EmulatorConfig settings for the cerebras_server fixture"
    )


@pytest.fixture
def cerebras_server(request: pytest.FixtureRequest) -> Iterator[LocalServer]:
    """A running emulator for this test; settings from the `cerebras_emulator` marker or indirect parametrization."""
    settings: Dict[str, Any] = {}
    marker = request.node.get_closest_marker("cerebras_emulator")
    if marker is not None:
        settings.update(marker.kwargs)
    settings.update(getattr(request, "param", None) or {})
    with LocalServer(**settings) as server:
        yield server


@pytest.fixture
def cerebras_client(cerebras_server: LocalServer) -> Iterator[Cerebras]:
    """A `Cerebras` client on `cerebras_server` (strict response validation on; retries do not wait)."""
    with set_testing():
        client = cerebras_server.client(_strict_response_validation=True)
        yield client
        client.close()


@contextlib.asynccontextmanager
async def _async_client(server: LocalServer) -> AsyncGenerator[AsyncCerebras, None]:
    with set_testing():
        client = server.async_client(_strict_response_validation=True)
        try:
            yield client
        finally:
            await client.close()


@pytest.fixture
def async_cerebras_client(request: pytest.FixtureRequest) -> AsyncCerebras:
    """An `AsyncCerebras` client on `cerebras_server` (strict response validation on; retries do not wait).

    Made and closed on the event loop that runs the test: pytest-asyncio's (a test marked
    `@pytest.mark.asyncio`, or any async test in `asyncio_mode = "auto"`), or anyio's (a test
    marked `@pytest.mark.anyio`). With pytest-asyncio, that is the function-scoped loop.
    """
    on_anyio = "anyio_backend" in request.fixturenames
    if request.node.get_closest_marker("asyncio") is not None:
        if on_anyio:
            pytest.fail(
                "async_cerebras_client: this test is marked anyio, but pytest-asyncio runs it (asyncio_mode = auto "
                "runs every async test); drop the anyio mark, or use asyncio_mode = strict",
                pytrace=False,
            )
        if pytest_asyncio is None:
            pytest.fail("async_cerebras_client: the test is marked asyncio but pytest-asyncio is not installed")
        name = "_cerebras_async_client_on_pytest_asyncio"
    elif on_anyio:
        name = "_cerebras_async_client_on_anyio"
    else:
        pytest.fail(
            "async_cerebras_client needs an async test run by pytest-asyncio or anyio: mark it "
            "@pytest.mark.asyncio (or set asyncio_mode = auto) or @pytest.mark.anyio",
            pytrace=False,
        )
    client: AsyncCerebras = request.getfixturevalue(name)
    return client


@pytest.fixture
async def _cerebras_async_client_on_anyio(cerebras_server: LocalServer) -> AsyncIterator[AsyncCerebras]:
    """`async_cerebras_client` for anyio tests: anyio's plugin runs this on the test's runner."""
    async with _async_client(cerebras_server) as client:
        yield client


if pytest_asyncio is not None:

    @pytest_asyncio.fixture
    async def _cerebras_async_client_on_pytest_asyncio(
        cerebras_server: LocalServer,
    ) -> AsyncIterator[AsyncCerebras]:
        """`async_cerebras_client` for pytest-asyncio tests, in strict and auto mode alike."""
        async with _async_client(cerebras_server) as client:
            yield client
