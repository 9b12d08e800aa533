"""The emulator plays along: the tool that fits the prompt, arguments a newcomer finds sensible
(values the prompt names, else fitting ones), and an answer that reports the tool's result."""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import LocalServer
from cerebras.cloud.sdk.testing._emulator.hints import enum_from_prompt, pick_tool, string_hint, words
from cerebras.cloud.sdk.testing._emulator.schema import example_for
from cerebras.cloud.sdk.types.chat.completion_create_params import ToolFunction

WEATHER: Dict[str, Any] = {
    "name": "get_weather",
    "description": "Current weather in a city.",
    "parameters": {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": 'City name, e.g. "Paris".'},
            "unit": {"type": "string", "enum": ["c", "f"], "description": "Temperature unit."},
        },
        "required": ["city", "unit"],
    },
}
CURRENCY: Dict[str, Any] = {
    "name": "convert_currency",
    "description": "Convert money between currencies.",
    "parameters": {
        "type": "object",
        "properties": {
            "amount": {"type": "number", "description": "The amount to convert."},
            "source": {"type": "string", "description": "ISO code of the currency it is in."},
            "target": {"type": "string", "description": "ISO code of the currency wanted."},
        },
        "required": ["amount", "source", "target"],
    },
}
FLIGHTS: Dict[str, Any] = {
    "name": "search_flights",
    "description": "Flights between two airports (IATA codes).",
    "parameters": {
        "type": "object",
        "properties": {"origin": {"type": "string"}, "destination": {"type": "string"}},
        "required": ["origin", "destination"],
    },
}
TOOLS = [CURRENCY, WEATHER, FLIGHTS]


@pytest.fixture(scope="module")
def client() -> Iterator[Cerebras]:
    with LocalServer() as server, server.client() as made:
        yield made


def _call(client: Cerebras, prompt: str, tools: List[Dict[str, Any]] = TOOLS) -> tuple[str, Dict[str, Any]]:
    completion = client.chat.completions.create(
        model="llama-3.3-70b",
        messages=[{"role": "user", "content": prompt}],
        tools=[{"type": "function", "function": ToolFunction(**tool)} for tool in tools],
    )
    (call,) = completion.choices[0].message.tool_calls or []
    assert call.function.name is not None
    assert call.function.arguments is not None
    return call.function.name, json.loads(call.function.arguments)


# ---------------------------------------------------------------- end to end


def test_a_weather_question_calls_the_weather_tool_for_the_city_named(client: Cerebras) -> None:
    assert _call(client, "What's the weather in Paris, in Fahrenheit?") == (
        "get_weather",
        {"city": "Paris", "unit": "f"},
    )
    assert _call(client, "Is it raining in New York right now?")[1]["city"] == "New York"
    assert _call(client, "How warm is it in Celsius in Tokyo?")[1] == {"city": "Tokyo", "unit": "c"}


def test_a_currency_question_calls_the_currency_tool_with_codes_and_the_amount(client: Cerebras) -> None:
    assert _call(client, "Convert 120 euros to dollars, please.") == (
        "convert_currency",
        {"amount": 120, "source": "EUR", "target": "USD"},
    )
    name, arguments = _call(client, "How much is 50 GBP in JPY?")
    assert (name, arguments["source"], arguments["target"], arguments["amount"]) == (
        "convert_currency",
        "GBP",
        "JPY",
        50,
    )


def test_a_flight_question_takes_the_airports_named(client: Cerebras) -> None:
    assert _call(client, "Find flights from SFO to JFK tomorrow.") == (
        "search_flights",
        {"origin": "SFO", "destination": "JFK"},
    )


def test_values_the_prompt_does_not_name_are_still_plausible(client: Cerebras) -> None:
    name, arguments = _call(client, "What's the weather like?", [WEATHER])
    assert name == "get_weather"
    assert arguments["city"][0].isupper()
    assert arguments["unit"] in ("c", "f")
    name, arguments = _call(client, "Convert some money for me.", [CURRENCY])
    assert len(arguments["source"]) == 3
    assert arguments["source"].isupper()
    assert arguments["source"] != arguments["target"]
    assert arguments["amount"] in (10, 20, 50, 100, 250)


def test_the_same_request_gets_the_same_call(client: Cerebras) -> None:
    prompts = ["What's the weather like?", "Convert some money for me.", "Tell me something."]
    assert [_call(client, p) for p in prompts] == [_call(client, p) for p in prompts]


def test_after_the_tool_result_the_answer_reports_it(client: Cerebras) -> None:
    def get_weather(city: str, unit: str = "c") -> Dict[str, Any]:
        """Current weather in a city.

        Args:
            city: City name.
            unit: "c" or "f".
        """
        return {"city": city, "temperature": 21, "sky": "clear"}

    def convert_currency(amount: float, source: str, target: str) -> float:
        """Convert money between currencies."""
        raise ValueError("no rates today")

    result = client.chat.completions.run_tools(
        model="llama-3.3-70b",
        messages=[{"role": "user", "content": "What's the weather in Lisbon?"}],
        tools=[convert_currency, get_weather],
    )
    assert result.content == "Here is what I found: get_weather returned city Lisbon, temperature 21, sky clear."
    failing = client.chat.completions.run_tools(
        model="llama-3.3-70b",
        messages=[{"role": "user", "content": "Convert 10 USD to EUR"}],
        tools=[convert_currency, get_weather],
    )
    assert failing.content is not None
    assert failing.content.startswith("Here is what I found: convert_currency failed: ")
    assert "no rates today" in failing.content


def test_the_tools_example_prints_a_sensible_conversation() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "tools.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    result = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "'name': 'get_weather', 'arguments': '{\"city\": \"Paris\", \"unit\": \"f\"}'" in result.stdout
    assert "error" not in result.stdout.lower()
    assert "answer after 2 turns: Here is what I found: get_weather returned city Paris" in result.stdout
    assert any(
        line.startswith("async answer: Here is what I found: search_flights returned SFO->JFK") for line in lines
    )


# ---------------------------------------------------------------- the pure parts


def test_pick_tool_by_shared_words() -> None:
    rng = random.Random(0)
    assert pick_tool(TOOLS, "weather in Paris?", rng) is WEATHER
    assert pick_tool(TOOLS, "How many yen is a dollar? Convert it.", rng) is CURRENCY
    assert pick_tool(TOOLS, "any flights to Rome?", rng) is FLIGHTS
    unrelated = [pick_tool(TOOLS, "Hello there", random.Random(seed))["name"] for seed in range(30)]
    assert len(set(unrelated)) > 1  # no overlap: the seed decides
    assert unrelated == [pick_tool(TOOLS, "Hello there", random.Random(seed))["name"] for seed in range(30)]


def test_words_split_identifiers_and_fold_plurals() -> None:
    assert words("getWeather search_flights the Cities") == ["weather", "search", "flight", "citie"]


def test_enum_values_named_in_the_prompt() -> None:
    assert enum_from_prompt(["c", "f"], "in Fahrenheit please") == "f"
    assert enum_from_prompt(["USD", "EUR"], "price in eur") == "EUR"
    assert enum_from_prompt(["c", "f"], "hello") is None


def test_named_properties_get_fitting_values() -> None:
    rng = random.Random(1)
    assert string_hint("ticker", "Ticker symbol, e.g. 'AAPL'", "What is Microsoft trading at?", rng) == "MSFT"
    assert string_hint("ticker", "Ticker symbol, e.g. 'AAPL'", "What is it trading at?", rng) == "AAPL"
    assert string_hint("location", "", "Any events near Berlin?", rng) == "Berlin"
    assert string_hint("query", "", "  best pizza in town ", rng) == "best pizza in town"
    assert string_hint("favourite", "", "Hi", rng) is None
    schema = {
        "type": "object",
        "properties": {
            "start_date": {"type": "string"},
            "when": {"type": "string", "format": "date"},
            "temperature": {"type": "number", "minimum": 10, "maximum": 20},
            "year": {"type": "integer"},
            "count": {"type": "integer", "minimum": 1, "maximum": 3},
        },
        "required": ["start_date", "when", "temperature", "year", "count"],
    }
    for seed in range(20):
        value = example_for(schema, seed, prompt="Plan a trip")
        datetime.date.fromisoformat(value["start_date"])
        datetime.date.fromisoformat(value["when"])
        assert 10 <= value["temperature"] <= 20
        assert 1990 <= value["year"] <= 2025
        assert value["count"] in (1, 2, 3)
