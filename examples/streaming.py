"""Streaming: print the answer as it is generated, then the usage and server timings of the last chunk.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator,
paced at 300 tokens per second so the streaming is visible:

    python examples/streaming.py
"""

from __future__ import annotations

import time

from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key


def main() -> None:
    with emulator_unless_api_key(tokens_per_second=300), Cerebras() as client:
        started = time.perf_counter()
        first_token = None
        stream = client.chat.completions.create(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Write a short paragraph about speed."}],
            max_completion_tokens=120,
            stream=True,
        )
        with stream:  # closes the connection even if we stop early
            for chunk in stream:
                delta = chunk.choices[0].delta if chunk.choices else None
                if delta is not None and delta.content:
                    first_token = first_token or time.perf_counter()
                    print(delta.content, end="", flush=True)
                if chunk.usage is not None and chunk.time_info is not None:  # only on the last chunk
                    print(f"\n\n{chunk.usage.completion_tokens} tokens; server time {chunk.time_info.total_time:.3f} s")
        if first_token is not None:
            print(f"first token after {1000 * (first_token - started):.0f} ms")


if __name__ == "__main__":
    main()
