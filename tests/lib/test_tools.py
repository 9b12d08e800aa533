"""`pydantic_function_tool`, `function_tool` and the docstring reader behind it."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any, Dict, List, Optional

import pydantic
import pytest
from typing_extensions import Literal, TypedDict

from cerebras.cloud.sdk.lib.structured import (
    FunctionTool,
    SchemaNotSupportedError,
    function_tool,
    pydantic_function_tool,
)
from cerebras.cloud.sdk.lib.structured._docstrings import parse_docstring


def as_function_tool(tool: object) -> FunctionTool:
    assert isinstance(tool, FunctionTool)
    return tool


# --------------------------------------------------------------------------- pydantic_function_tool


class GetWeather(pydantic.BaseModel):
    """Current weather in a city.

    Longer text the model also sees.
    """

    city: str = pydantic.Field(description="City name")
    unit: Optional[Literal["c", "f"]] = None


def test_pydantic_tool_is_a_strict_tool_param() -> None:
    tool = pydantic_function_tool(GetWeather)

    assert json.loads(json.dumps(tool)) == {
        "type": "function",
        "function": {
            "name": "GetWeather",
            "description": "Current weather in a city.\n\nLonger text the model also sees.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"description": "City name", "type": "string"},
                    "unit": {"anyOf": [{"type": "string", "enum": ["c", "f"]}, {"type": "null"}]},
                },
                "required": ["city", "unit"],
                "additionalProperties": False,
            },
            "strict": True,
        },
    }


def test_pydantic_tool_name_and_description_can_be_given() -> None:
    tool = pydantic_function_tool(GetWeather, name="weather now", description="Weather.")

    assert tool["function"]["name"] == "weather_now"
    assert tool["function"].get("description") == "Weather."


def test_pydantic_tool_remembers_its_model() -> None:
    tool = as_function_tool(pydantic_function_tool(GetWeather))

    assert tool.arguments_type is GetWeather
    assert tool.name == "GetWeather"
    assert tool.fn is None
    assert tool.parse_arguments('{"city": "Paris", "unit": null}') == GetWeather(city="Paris")
    with pytest.raises(pydantic.ValidationError):
        tool.parse_arguments('{"unit": "c"}')
    with pytest.raises(TypeError, match="no function"):
        tool.call({})


class Range(TypedDict):
    low: int
    high: int


@dataclasses.dataclass
class Move:
    """Move a piece."""

    square: str


def test_pydantic_tool_accepts_typed_dicts_and_dataclasses() -> None:
    range_tool = as_function_tool(pydantic_function_tool(Range))
    move_tool = as_function_tool(pydantic_function_tool(Move))

    assert range_tool.parse_arguments('{"low": 1, "high": 2}') == {"low": 1, "high": 2}
    assert move_tool.parse_arguments('{"square": "e4"}') == Move("e4")
    assert move_tool["function"]["description"] == "Move a piece."


def test_pydantic_tool_with_an_open_dict_is_refused() -> None:
    class Bad(pydantic.BaseModel):
        options: Dict[str, str]

    with pytest.raises(SchemaNotSupportedError) as info:
        pydantic_function_tool(Bad)
    assert info.value.path == "#/properties/options/additionalProperties"


def test_tool_survives_copying_as_a_plain_tool() -> None:
    tool = pydantic_function_tool(GetWeather)

    assert copy.deepcopy(tool) == tool
    assert dict(tool) == tool


# --------------------------------------------------------------------------- function_tool


def get_weather(city: str, unit: Literal["c", "f"] = "c", days: int = 1) -> Dict[str, Any]:
    """Weather forecast for a city.

    Args:
        city: The city name, e.g.
            "Paris".
        unit (str): Temperature unit.
        days: How many days ahead.

    Returns:
        The forecast.
    """
    return {"city": city, "unit": unit, "days": days}


def test_function_tool_describes_the_signature_and_docstring() -> None:
    tool = function_tool(get_weather)

    assert tool == {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather forecast for a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"description": 'The city name, e.g. "Paris".', "type": "string"},
                    "unit": {"description": "Temperature unit.", "type": "string", "enum": ["c", "f"]},
                    "days": {"description": "How many days ahead.", "type": "integer"},
                },
                "required": ["city", "unit", "days"],
                "additionalProperties": False,
            },
            "strict": True,
        },
    }


def test_function_tool_validates_and_calls() -> None:
    tool = as_function_tool(function_tool(get_weather))

    arguments = tool.parse_arguments('{"city": "Rome", "unit": "f", "days": "3"}')

    assert arguments == {"city": "Rome", "unit": "f", "days": 3}
    assert tool.call(arguments) == {"city": "Rome", "unit": "f", "days": 3}
    assert tool.fn is get_weather


def test_function_tool_defaults_fill_missing_arguments() -> None:
    tool = as_function_tool(function_tool(get_weather))

    assert tool.parse_arguments('{"city": "Oslo"}') == {"city": "Oslo", "unit": "c", "days": 1}


def test_function_tool_rejects_unknown_and_invalid_arguments() -> None:
    tool = as_function_tool(function_tool(get_weather))

    with pytest.raises(pydantic.ValidationError):
        tool.parse_arguments('{"city": "Oslo", "color": "red"}')
    with pytest.raises(pydantic.ValidationError):
        tool.parse_arguments('{"city": "Oslo", "unit": "kelvin"}')
    with pytest.raises(pydantic.ValidationError):
        tool.parse_arguments("not json")


class Item(pydantic.BaseModel):
    sku: str
    quantity: int


def add_to_cart(items: List[Item], note: Optional[str], /, *, gift: bool = False) -> int:
    """Add items to the cart."""
    assert all(isinstance(item, Item) for item in items)
    return sum(item.quantity for item in items) + (100 if gift else 0) + (1000 if note else 0)


def test_function_tool_passes_models_and_positional_only_parameters() -> None:
    tool = as_function_tool(function_tool(add_to_cart))

    arguments = tool.parse_arguments('{"items": [{"sku": "a", "quantity": 2}], "note": null, "gift": true}')

    assert tool.call(arguments) == 102
    properties = tool["function"]["parameters"]["properties"]
    assert properties["items"]["items"]["properties"]["sku"] == {"type": "string"}


def schema_named(json: str, copy: int, model_config: str) -> str:
    """Parameter names that are also pydantic attribute names."""
    return f"{json}{copy}{model_config}"


def test_function_tool_parameter_names_may_shadow_pydantic_attributes() -> None:
    tool = as_function_tool(function_tool(schema_named))

    assert tool.call(tool.parse_arguments('{"json": "a", "copy": 1, "model_config": "b"}')) == "a1b"
    assert list(tool["function"]["parameters"]["properties"]) == ["json", "copy", "model_config"]


def test_function_tool_name_and_description_can_be_given() -> None:
    tool = function_tool(get_weather, name="forecast", description="Forecast.")

    assert tool["function"]["name"] == "forecast"
    assert tool["function"].get("description") == "Forecast."


def test_function_tool_of_a_lambda_and_a_function_without_docstring() -> None:
    def bare(x: int) -> int:
        return x

    tool = function_tool(bare)

    assert "description" not in tool["function"]
    assert function_tool(lambda: 1)["function"]["name"] == "_lambda_"


async def test_function_tool_of_an_async_function() -> None:
    async def lookup(key: str) -> str:
        """Look a key up."""
        return key.upper()

    tool = as_function_tool(function_tool(lookup))

    assert await tool.call(tool.parse_arguments('{"key": "k"}')) == "K"


def test_function_tool_refuses_missing_annotations_and_var_args() -> None:
    def untyped(x):  # pyright: ignore[reportMissingParameterType]  # deliberately unannotated
        return x

    def variadic(*args: int) -> int:
        return sum(args)

    with pytest.raises(SchemaNotSupportedError, match="needs a type annotation") as untyped_info:
        function_tool(untyped)
    with pytest.raises(SchemaNotSupportedError, match=r"\*args") as variadic_info:
        function_tool(variadic)
    assert untyped_info.value.path == "#/properties/x"
    assert variadic_info.value.path == "#/properties/args"


def test_function_tool_refuses_parameter_types_strict_mode_cannot_serve() -> None:
    def tally(scores: Dict[str, int]) -> int:
        return sum(scores.values())

    with pytest.raises(SchemaNotSupportedError) as info:
        function_tool(tally)
    assert info.value.path == "#/properties/scores/additionalProperties"


# --------------------------------------------------------------------------- docstrings


def test_docstring_google_style() -> None:
    doc = parse_docstring(
        """Summary line
        continued.

        Extended description.

        Args:
            a (int): First
                and more.
            *rest: Ignored name marker.

        Raises:
            ValueError: never.
        """
    )

    assert doc.description == "Summary line continued.\n\nExtended description."
    assert doc.params == {"a": "First and more.", "rest": "Ignored name marker."}


def test_docstring_rest_style() -> None:
    doc = parse_docstring(
        """Do things.

        :param a: the a
            continues
        :param int b: the b
        :returns: nothing
        """
    )

    assert doc.description == "Do things."
    assert doc.params == {"a": "the a continues", "b": "the b"}


def test_docstring_without_sections_or_at_all() -> None:
    assert parse_docstring("Just this.") == ("Just this.", {})
    assert parse_docstring(None) == (None, {})
    assert parse_docstring("   ") == (None, {})


def test_docstring_sections_other_than_args_do_not_leak_into_params() -> None:
    doc = parse_docstring(
        """Thing.

        Returns:
            value: the value.

        Parameters:
            x: the x.
        """
    )

    assert doc.params == {"x": "the x."}


# --------------------------------------------------------------------------- the package surface


def test_every_exported_name_resolves() -> None:
    import cerebras.cloud.sdk.lib.structured as structured

    for name in structured.__all__:
        assert getattr(structured, name) is not None
        assert name in dir(structured)
    with pytest.raises(AttributeError):
        structured.no_such_name  # noqa: B018


def test_a_plain_client_does_not_load_structured_outputs() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from cerebras.cloud.sdk import Cerebras\n"
        "Cerebras(api_key='x', warm_tcp_connection=False).chat.completions\n"
        "print(sorted(m for m in sys.modules if m.startswith('cerebras.cloud.sdk.lib.structured.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert out.strip() == "[]"
