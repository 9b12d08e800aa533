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
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Dict, Iterator

import pytest

from .._client import AsyncCerebras, Cerebras
from ._local import LocalServer
from ._switch import set_testing

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


@pytest.fixture
async def async_cerebras_client(cerebras_server: LocalServer) -> AsyncIterator[AsyncCerebras]:
    """An `AsyncCerebras` client on `cerebras_server` (strict response validation on; retries do not wait)."""
    with set_testing():
        client = cerebras_server.async_client(_strict_response_validation=True)
        yield client
        await client.close()
