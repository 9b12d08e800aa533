"""`AsyncCerebras`: several requests at once with `asyncio.gather`, and an async stream.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator:

    python examples/async_example.py
"""

from __future__ import annotations

import asyncio

from cerebras.cloud.sdk import AsyncCerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MODEL = "llama3.1-8b"
QUESTIONS = ["What is a wafer-scale chip?", "Why does latency matter for agents?", "What is a token?"]


async def ask(client: AsyncCerebras, question: str) -> str:
    completion = await client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": question}], max_completion_tokens=60
    )
    return completion.choices[0].message.content or ""


async def run() -> None:
    async with AsyncCerebras() as client:
        answers = await asyncio.gather(*(ask(client, q) for q in QUESTIONS))
        for question, answer in zip(QUESTIONS, answers):
            print(f"Q: {question}\nA: {answer}\n")

        stream = await client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Count to five."}], stream=True, max_completion_tokens=30
        )
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta:
                print(chunk.choices[0].delta.content or "", end="", flush=True)
        print()


def main() -> None:
    with emulator_unless_api_key():
        asyncio.run(run())


if __name__ == "__main__":
    main()
