"""Tools: typed tool definitions, parsed tool calls, and a loop that runs your functions.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator:

    python examples/tools.py
"""

from __future__ import annotations

import asyncio
from typing import Dict, List, Union

import anyio
import pydantic
from typing_extensions import Literal

from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.lib.structured import function_tool, pydantic_function_tool
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MODEL = "llama-3.3-70b"


# --------------------------------------------------------------------------- a typed tool, parsed


class GetStockPrice(pydantic.BaseModel):
    """Latest price of a stock."""

    ticker: str = pydantic.Field(description="Ticker symbol, e.g. 'AAPL'")
    currency: Literal["USD", "EUR"]


def parsed_tool_calls(client: Cerebras) -> None:
    completion = client.chat.completions.parse(
        model=MODEL,
        messages=[{"role": "user", "content": "What is Apple trading at?"}],
        tools=[pydantic_function_tool(GetStockPrice)],
    )
    for call in completion.choices[0].message.tool_calls or []:
        arguments = call.parsed_arguments
        assert isinstance(arguments, GetStockPrice)
        print(f"model asks for {arguments.ticker} in {arguments.currency}")


# --------------------------------------------------------------------------- the tool loop


def get_weather(city: str, unit: Literal["c", "f"] = "c") -> Dict[str, Union[str, int]]:
    """Current weather in a city.

    Args:
        city: City name, e.g. "Paris".
        unit: Temperature unit.
    """
    return {"city": city, "temperature": 21 if unit == "c" else 70, "sky": "clear"}


def convert_currency(amount: float, source: str, target: str) -> float:
    """Convert money between currencies.

    Args:
        amount: The amount to convert.
        source: ISO code of the currency it is in.
        target: ISO code of the currency wanted.
    """
    if source == target:
        return amount
    raise ValueError(f"no rate for {source}->{target}")  # reported to the model, not raised here


def tool_loop(client: Cerebras) -> None:
    result = client.chat.completions.run_tools(
        model=MODEL,
        messages=[{"role": "user", "content": "What's the weather in Paris, in Fahrenheit?"}],
        tools=[get_weather, convert_currency],
        max_turns=5,
    )
    for message in result.messages:
        print(f"{message.get('role')}: {message.get('content') or message.get('tool_calls')}")
    print(f"answer after {result.turns} turns:", result.content)


async def search_flights(origin: str, destination: str) -> List[str]:
    """Flights between two airports (IATA codes)."""
    await anyio.sleep(0)  # a real tool would await an HTTP call here
    return [f"{origin}->{destination} 08:15", f"{origin}->{destination} 17:40"]


async def async_tool_loop() -> None:
    async with AsyncCerebras() as client:
        # Several calls in one turn run concurrently; sync functions run in worker threads.
        result = await client.chat.completions.run_tools(
            model=MODEL,
            messages=[{"role": "user", "content": "Find flights from SFO to JFK and the weather in New York."}],
            tools=[search_flights, function_tool(get_weather, name="weather")],
            parallel_tool_calls=True,
        )
        print("async answer:", result.content)


def main() -> None:
    with emulator_unless_api_key():
        with Cerebras() as client:
            parsed_tool_calls(client)
            tool_loop(client)
        asyncio.run(async_tool_loop())


if __name__ == "__main__":
    main()
