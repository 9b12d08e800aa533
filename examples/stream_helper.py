"""The streaming helper: text as it arrives, typed events, the final completion, and client-side timings.

`client.chat.completions.stream(...)` takes the parameters of `create()` and returns a context
manager; inside it, iterate `text_stream` (just the text) or the stream itself (typed events),
then ask for `get_final_completion()`: the same `ChatCompletionResponse` a non-streaming call
returns. Leaving the block releases the connection.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator,
paced at 300 tokens per second so the streaming is visible:

    python examples/stream_helper.py
"""

from __future__ import annotations

import asyncio
import json

from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MODEL = "llama3.1-8b"
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def text(client: Cerebras) -> None:
    messages = [{"role": "user", "content": "Write two sentences about fast inference."}]
    with client.chat.completions.stream(model=MODEL, messages=messages, max_completion_tokens=80) as stream:
        for piece in stream.text_stream:
            print(piece, end="", flush=True)
        completion = stream.get_final_completion()
    print()
    if completion.usage is not None:
        print(f"{completion.usage.completion_tokens} tokens, finish reason {completion.choices[0].finish_reason!r}")
    ttft, speed = stream.time_to_first_token, stream.tokens_per_second
    if ttft is not None and speed is not None:
        print(f"first token after {1000 * ttft:.0f} ms, {speed:.0f} tokens/s end to end")
    print(f"request id {completion._request_id}")


def events(client: Cerebras) -> None:
    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    with client.chat.completions.stream(model=MODEL, messages=messages, tools=[WEATHER]) as stream:
        for event in stream:
            if event.type == "content.delta":
                print(event.delta, end="", flush=True)
            elif event.type == "tool_call.arguments.delta":
                print(f"[{event.name} arguments so far: {event.arguments}]")
            elif event.type == "tool_call.done":
                print(f"call {event.name}({json.loads(event.arguments)}) id={event.id}")
        print("message:", stream.get_final_completion().choices[0].message.to_dict())


async def in_async(client: AsyncCerebras) -> None:
    messages = [{"role": "user", "content": "Name three prime numbers."}]
    async with client.chat.completions.stream(model=MODEL, messages=messages, max_completion_tokens=40) as stream:
        async for piece in stream.text_stream:
            print(piece, end="", flush=True)
        print(f"\n(async) {len(await stream.get_final_text())} characters")


def main() -> None:
    with emulator_unless_api_key(tokens_per_second=300):
        with Cerebras() as client:
            text(client)
            print()
            events(client)
            print()

        async def run() -> None:
            async with AsyncCerebras() as client:
                await in_async(client)

        asyncio.run(run())


if __name__ == "__main__":
    main()
