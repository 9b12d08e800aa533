"""Errors and retries: which exception says what, and how retries recover from transient failures.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator.
The fault-injection part needs the emulator (its `X-Emulator-Fault` header makes it fail on
purpose), so it only runs offline:

    python examples/errors_and_retries.py
"""

from __future__ import annotations

import cerebras.cloud.sdk as cerebras
from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MESSAGES = [{"role": "user", "content": "Hello!"}]


def api_errors(client: Cerebras) -> None:
    try:
        client.chat.completions.create(model="no-such-model", messages=MESSAGES)
    except cerebras.NotFoundError as e:  # 404: not retried
        print(f"404 {e.code}: {e.body}, request id {e.request_id}")
    try:
        client.chat.completions.create(model="llama3.1-8b", messages=[{"role": "robot", "content": "beep"}])
    except cerebras.APIStatusError as e:  # any other 4xx/5xx
        print(f"{e.status_code} {e.type}/{e.code} on {e.param!r}")


def injected_faults(client: Cerebras) -> None:
    # Two 503s, then success: the client retries (up to `max_retries`, 2 by default).
    raw = client.chat.completions.with_raw_response.create(
        model="llama3.1-8b",
        messages=MESSAGES,
        extra_headers={"X-Emulator-Fault": "status=503;retry_after=0.2;fail_times=2", "X-Request-Id": "demo-1"},
    )
    print(f"succeeded after {raw.retries_taken} retries (request id {raw.request_id})")

    # Retries exhausted: the last error is raised.
    try:
        client.with_options(max_retries=1).models.list(extra_headers={"X-Emulator-Fault": "status=429;retry_after=0.1"})
    except cerebras.RateLimitError as e:
        print("still rate limited after one retry:", e.code)

    # Too slow: `APITimeoutError` (timeouts are retried too; here retries are off).
    try:
        client.with_options(timeout=0.2, max_retries=0).models.list(extra_headers={"X-Emulator-Fault": "latency=1"})
    except cerebras.APITimeoutError:
        print("timed out")

    # A stream that breaks half-way is never retried: you get what arrived, then the error.
    stream = client.chat.completions.create(
        model="llama3.1-8b", messages=MESSAGES, stream=True, extra_headers={"X-Emulator-Fault": "drop_after=5"}
    )
    received = 0
    try:
        for _ in stream:
            received += 1
    except cerebras.APIConnectionError as e:
        print(f"stream dropped after {received} chunks: {e}")


def main() -> None:
    with emulator_unless_api_key() as server, Cerebras() as client:
        api_errors(client)
        if server is not None:
            injected_faults(client)


if __name__ == "__main__":
    main()
