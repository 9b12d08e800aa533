"""`parse()` and `run_tools()` end to end, against the local API emulator on 127.0.0.1.

The emulator answers a strict `json_schema` response format with JSON valid against the schema,
and `tools` with a valid call of one of them (then text once a tool result is in the
conversation), so these tests show that the schemas we send are ones a server can generate
from, and that the loop runs to completion over real HTTP.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any, Dict, Iterator, List, Optional, Union

import pydantic
import pytest
from typing_extensions import Literal, TypedDict

from cerebras.cloud.sdk import AsyncCerebras, Cerebras
from cerebras.cloud.sdk.lib.structured import function_tool, pydantic_function_tool
from cerebras.cloud.sdk.testing import LocalServer

MODEL = "llama3.1-8b"
ASK: List[Any] = [{"role": "user", "content": "Describe a person as JSON."}]


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def client(server: LocalServer) -> Iterator[Cerebras]:
    with Cerebras(api_key="x", base_url=server.base_url, warm_tcp_connection=False) as made:
        yield made


@pytest.fixture
async def async_client(server: LocalServer) -> Any:
    async with AsyncCerebras(api_key="x", base_url=server.base_url, warm_tcp_connection=False) as made:
        yield made


class Role(enum.Enum):
    ENGINEER = "engineer"
    ARTIST = "artist"


class Address(pydantic.BaseModel):
    city: str
    zip_code: Optional[str] = None


class Node(pydantic.BaseModel):
    label: str
    children: List[Node]


class Person(pydantic.BaseModel):
    """A person."""

    name: str
    age: int
    role: Role
    level: Literal["junior", "senior"]
    address: Address
    previous: Optional[Address]
    skills: List[str]
    contact: Union[Address, int, None]
    org_chart: Node


def test_parse_returns_a_validated_model(client: Cerebras) -> None:
    completion = client.chat.completions.parse(model=MODEL, messages=ASK, response_format=Person)

    person = completion.choices[0].message.parsed
    assert isinstance(person, Person)
    assert isinstance(person.org_chart, Node)
    content = completion.choices[0].message.content
    assert content is not None
    assert Person.model_validate_json(content) == person
    assert completion.choices[0].finish_reason == "stop"


async def test_async_parse_returns_a_validated_model(async_client: AsyncCerebras) -> None:
    completion = await async_client.chat.completions.parse(model=MODEL, messages=ASK, response_format=Person, seed=7)

    assert isinstance(completion.choices[0].message.parsed, Person)


class Movie(TypedDict):
    title: str
    year: int
    rating: Optional[float]


@dataclasses.dataclass
class Point:
    x: float
    y: float


def test_parse_typed_dict_dataclass_and_schema_dict(client: Cerebras) -> None:
    schema = {"type": "object", "properties": {"colors": {"type": "array", "items": {"type": "string"}}}}

    movie = client.chat.completions.parse(model=MODEL, messages=ASK, response_format=Movie).choices[0].message.parsed
    point = client.chat.completions.parse(model=MODEL, messages=ASK, response_format=Point).choices[0].message.parsed
    raw = client.chat.completions.parse(model=MODEL, messages=ASK, response_format=schema).choices[0].message.parsed

    assert movie is not None
    assert set(movie) == {"title", "year", "rating"}
    assert isinstance(movie["year"], int)
    assert isinstance(point, Point)
    assert raw is not None
    assert set(raw) == {"colors"}
    assert all(isinstance(color, str) for color in raw["colors"])


class GetWeather(pydantic.BaseModel):
    """Current weather in a city."""

    city: str
    unit: Literal["c", "f"]


def test_parse_with_a_typed_tool_gives_parsed_arguments(client: Cerebras) -> None:
    completion = client.chat.completions.parse(
        model=MODEL,
        messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[pydantic_function_tool(GetWeather)],
    )

    message = completion.choices[0].message
    assert completion.choices[0].finish_reason == "tool_calls"
    assert message.tool_calls is not None
    arguments = message.tool_calls[0].parsed_arguments
    assert isinstance(arguments, GetWeather)
    assert arguments.unit in ("c", "f")


calls: List[Dict[str, Any]] = []


def get_weather(city: str, unit: Literal["c", "f"] = "c") -> Dict[str, Any]:
    """Current weather in a city.

    Args:
        city: The city name.
        unit: Temperature unit.
    """
    calls.append({"city": city, "unit": unit})
    return {"city": city, "temperature": 21, "unit": unit}


def test_run_tools_executes_the_call_and_returns_the_answer(client: Cerebras, server: LocalServer) -> None:
    calls.clear()
    before = len(server.history)

    result = client.chat.completions.run_tools(
        model=MODEL, messages=[{"role": "user", "content": "Weather in Paris?"}], tools=[get_weather], max_turns=4
    )

    assert result.max_turns_reached is False
    assert result.turns == 2
    assert len(server.history) - before == 2
    assert isinstance(result.content, str)
    assert result.content
    assert len(calls) == 1
    roles = [message.get("role") for message in result.messages]
    assert roles == ["user", "assistant", "tool", "assistant"]
    tool_message: Any = result.messages[2]
    assert json.loads(tool_message["content"]) == {
        "city": calls[0]["city"],
        "temperature": 21,
        "unit": calls[0]["unit"],
    }


async def test_async_run_tools_with_async_and_sync_tools(async_client: AsyncCerebras) -> None:
    seen: List[str] = []

    async def find_flight(origin: str, destination: str) -> str:
        """Find a flight between two cities."""
        seen.append(f"{origin}->{destination}")
        return f"Flight {origin}-{destination} at 9:00"

    result = await async_client.chat.completions.run_tools(
        model=MODEL,
        messages=[{"role": "user", "content": "Plan a trip."}],
        tools=[find_flight, function_tool(get_weather, name="weather")],
    )

    assert result.max_turns_reached is False
    assert result.content
    assert result.turns == 2
    tool_message: Any = result.messages[2]
    assert tool_message["role"] == "tool"
    assert tool_message["content"].startswith("Flight ") or "temperature" in tool_message["content"]


def test_run_tools_max_turns_one_stops_after_the_first_call(client: Cerebras) -> None:
    result = client.chat.completions.run_tools(
        model=MODEL, messages=[{"role": "user", "content": "Weather?"}], tools=[get_weather], max_turns=1
    )

    assert result.max_turns_reached is True
    assert result.turns == 1
    assert result.content is None
    assert result.messages[-1].get("role") == "tool"
