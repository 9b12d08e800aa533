"""Structured output: a pydantic model (or a JSON schema) in, a validated object out.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator:

    python examples/structured_output.py
"""

from __future__ import annotations

import asyncio
import json
from typing import List, Optional

import pydantic
from typing_extensions import Literal

from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.lib.structured import (
    LengthFinishReasonError,
    OutputValidationError,
    to_strict_json_schema,
)
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MODEL = "llama-3.3-70b"


class Ingredient(pydantic.BaseModel):
    name: str
    quantity: str = pydantic.Field(description="Amount with its unit, e.g. '200 g'")


class Recipe(pydantic.BaseModel):
    """A cooking recipe."""

    title: str
    difficulty: Literal["easy", "medium", "hard"]
    minutes: int
    ingredients: List[Ingredient]
    vegetarian: bool
    wine_pairing: Optional[str] = None


def sync_parse(client: Cerebras) -> None:
    completion = client.chat.completions.parse(
        model=MODEL,
        messages=[{"role": "user", "content": "Give me a recipe for a quick pasta dish."}],
        response_format=Recipe,
        max_completion_tokens=1024,
    )
    recipe = completion.choices[0].message.parsed  # a Recipe (or None if the model called a tool)
    assert recipe is not None
    print(f"{recipe.title} ({recipe.difficulty}, {recipe.minutes} min)")
    for ingredient in recipe.ingredients:
        print(f"  - {ingredient.quantity} {ingredient.name}")


def schema_dict(client: Cerebras) -> None:
    # A plain JSON schema works too: `parsed` is then the decoded JSON. The schema is made strict
    # (every property required, `additionalProperties: false`) before it is sent.
    schema = {
        "title": "CityFacts",
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "population": {"type": "integer"},
            "landmarks": {"type": "array", "items": {"type": "string"}},
        },
    }
    completion = client.chat.completions.parse(
        model=MODEL,
        messages=[{"role": "user", "content": "Facts about Lisbon."}],
        response_format=schema,
    )
    print(json.dumps(completion.choices[0].message.parsed))


async def async_parse() -> None:
    async with AsyncCerebras() as client:
        completion = await client.chat.completions.parse(
            model=MODEL,
            messages=[{"role": "user", "content": "A vegetarian soup, please."}],
            response_format=Recipe,
        )
        recipe = completion.choices[0].message.parsed
        print("async:", recipe.title if recipe else None)


def errors(client: Cerebras) -> None:
    try:
        client.chat.completions.parse(
            model=MODEL,
            messages=[{"role": "user", "content": "A long recipe."}],
            response_format=Recipe,
            max_completion_tokens=2,  # far too few: the JSON is cut
        )
    except LengthFinishReasonError as e:
        print("cut:", e)
    except OutputValidationError as e:  # the reply is not a valid Recipe
        print("invalid:", e.content)


def main() -> None:
    # What is sent, for the curious:
    print(json.dumps(to_strict_json_schema(Recipe), indent=2))
    with emulator_unless_api_key():
        with Cerebras() as client:
            sync_parse(client)
            schema_dict(client)
            errors(client)
        asyncio.run(async_parse())


if __name__ == "__main__":
    main()
