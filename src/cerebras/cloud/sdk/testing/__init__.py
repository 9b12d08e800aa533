"""Test against a local Cerebras API emulator: `LocalServer`, its settings, and fault injection.

The emulator answers the four API endpoints (chat and text completions, streamed or not;
models list and retrieve) with the API's exact shapes, deterministic generated text, valid
tool-call arguments and structured output, rate limits and injected faults, with no network
and no API key:

```py
from cerebras.cloud.sdk.testing import LocalServer

with LocalServer() as server:
    client = server.client()
    stream = client.chat.completions.create(
        model="llama3.1-8b",
        messages=[{"role": "user", "content": "Hello"}],
        stream=True,
        extra_headers={"X-Emulator-Fault": "drop_after=3"},  # see `Fault`
    )
```

`set_testing()` makes every client retry without waiting (and can record the waits).

For pytest, enable the plugin: `pytest_plugins = ["cerebras.cloud.sdk.testing.pytest_plugin"]`.
"""

from __future__ import annotations

from ._emulator import FAULT_HEADER, EmulatorConfig, Exchange, Fault, FaultSpecError, body_digest, parse_fault
from ._local import DUMMY_API_KEY, LocalServer, emulator_unless_api_key
from ._switch import TestingMode, is_testing, set_testing

__all__ = [
    "DUMMY_API_KEY",
    "FAULT_HEADER",
    "EmulatorConfig",
    "Exchange",
    "Fault",
    "FaultSpecError",
    "LocalServer",
    "body_digest",
    "emulator_unless_api_key",
    "parse_fault",
    "TestingMode",
    "is_testing",
    "set_testing",
]
