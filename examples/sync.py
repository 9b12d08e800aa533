"""The basics, synchronously: a chat completion, a legacy text completion, and the model list.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator:

    python examples/sync.py
"""

from __future__ import annotations

from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MODEL = "llama3.1-8b"


def main() -> None:
    with emulator_unless_api_key(), Cerebras() as client:
        completion = client.chat.completions.create(
            model=MODEL,
            messages=[
                {"role": "system", "content": "You are a concise assistant."},
                {"role": "user", "content": "Why is fast inference important?"},
            ],
            max_completion_tokens=200,
        )
        print(completion.choices[0].message.content)
        if completion.usage is not None:
            print(
                f"-- {completion.usage.prompt_tokens} prompt + {completion.usage.completion_tokens} completion tokens"
            )

        text = client.completions.create(model=MODEL, prompt="Roses are red,", max_tokens=16)
        print("completion:", text.choices[0].text)

        print("models:", ", ".join(model.id for model in client.models.list().data))


if __name__ == "__main__":
    main()
