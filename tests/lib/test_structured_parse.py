"""`client.chat.completions.parse`: the request it sends and the parsed completion, sync and async."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Callable, Dict, List, Optional, cast

import pydantic
import pytest
from typing_extensions import TypedDict

from _support import Driver, FakeApi, Method, reply
from cerebras.cloud.sdk import InternalServerError
from cerebras.cloud.sdk.lib.structured import (
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    OutputValidationError,
    ParsedChatCompletion,
    SchemaNotSupportedError,
    StructuredOutputError,
    ToolCallError,
    function_tool,
    pydantic_function_tool,
    to_strict_json_schema,
)
from cerebras.cloud.sdk.types.chat.chat_completion import ChatCompletionResponse

MESSAGES: List[Any] = [{"role": "user", "content": "Invent a person."}]


def completion_body(
    content: Optional[str] = None,
    *,
    tool_calls: Optional[List[Dict[str, Any]]] = None,
    finish_reason: str = "stop",
    choices: int = 1,
) -> Dict[str, Any]:
    message: Dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1735689600,
        "model": "llama3.1-8b",
        "system_fingerprint": "fp_1",
        "choices": [{"index": i, "finish_reason": finish_reason, "message": message} for i in range(choices)],
        "usage": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30},
        "server_extra": "kept",
    }


def call(name: str, arguments: str, call_id: str = "call_1") -> Dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def recorded(*bodies: Dict[str, Any]) -> FakeApi:
    """Answers requests with `bodies` (status 200, a request id), in order, each once."""
    return FakeApi(*(reply(200, body, headers={"x-request-id": "req_123"}) for body in bodies), once=True)


Call = Callable[[FakeApi], Method]


@pytest.fixture
def parse(api: Driver) -> Call:
    """`parse(script)(**kwargs)`: `chat.completions.parse` of a client of the test's kind on `script`."""
    return lambda script: api.method(script, "chat.completions.parse", model="llama3.1-8b", messages=MESSAGES)


class Person(pydantic.BaseModel):
    """Someone."""

    name: str
    age: int
    email: Optional[str] = None


async def test_parse_sends_a_strict_json_schema_and_returns_the_model(parse: Call) -> None:
    recorder = recorded(completion_body('{"name": "Ada", "age": 36, "email": null}'))

    completion: ParsedChatCompletion[Person] = await parse(recorder)(
        response_format=Person, temperature=0.2, max_completion_tokens=64
    )

    body = recorder.json_bodies()[0]
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "Person", "schema": to_strict_json_schema(Person), "strict": True},
    }
    assert body["temperature"] == 0.2
    assert body["max_completion_tokens"] == 64
    assert body["messages"] == MESSAGES
    assert "stream" not in body
    assert "tools" not in body
    assert isinstance(completion, ParsedChatCompletion)
    assert isinstance(completion, ChatCompletionResponse)
    message = completion.choices[0].message
    assert message.parsed == Person(name="Ada", age=36)
    assert message.content == '{"name": "Ada", "age": 36, "email": null}'
    assert completion.usage is not None
    assert completion.usage.total_tokens == 30
    assert completion.server_extra == "kept"  # type: ignore[attr-defined]
    assert completion._request_id == "req_123"
    assert cast(Any, completion.to_dict())["choices"][0]["message"]["parsed"] == {
        "name": "Ada",
        "age": 36,
        "email": None,
    }


async def test_every_choice_is_parsed(parse: Call) -> None:
    recorder = recorded(completion_body('{"name": "Ada", "age": 36, "email": null}', choices=2))

    completion = await parse(recorder)(response_format=Person, n=2)

    assert [choice.message.parsed for choice in completion.choices] == [Person(name="Ada", age=36)] * 2
    assert recorder.json_bodies()[0]["n"] == 2


class Movie(TypedDict):
    title: str
    year: int


@dataclasses.dataclass
class Point:
    x: float
    y: float


async def test_typed_dicts_and_dataclasses(parse: Call) -> None:
    recorder = recorded(completion_body('{"title": "Up", "year": 2009}'), completion_body('{"x": 1, "y": 2.5}'))
    call = parse(recorder)

    movie = await call(response_format=Movie)
    point = await call(response_format=Point)

    assert movie.choices[0].message.parsed == {"title": "Up", "year": 2009}
    assert point.choices[0].message.parsed == Point(1.0, 2.5)
    assert recorder.json_bodies()[0]["response_format"]["json_schema"]["name"] == "Movie"
    assert recorder.json_bodies()[1]["response_format"]["json_schema"]["schema"]["required"] == ["x", "y"]


async def test_json_schema_dict_gives_the_decoded_json(parse: Call) -> None:
    schema = {"title": "City", "type": "object", "properties": {"name": {"type": "string", "minLength": 1}}}
    recorder = recorded(completion_body('{"name": "Lyon"}'))

    completion = await parse(recorder)(response_format=schema)

    assert completion.choices[0].message.parsed == {"name": "Lyon"}
    assert recorder.json_bodies()[0]["response_format"] == {
        "type": "json_schema",
        "json_schema": {
            "name": "City",
            "schema": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "required": ["name"],
                "additionalProperties": False,
            },
            "strict": True,
        },
    }


async def test_full_response_format_dict_is_made_strict(parse: Call) -> None:
    response_format = {
        "type": "json_schema",
        "json_schema": {
            "name": "answer",
            "description": "An answer",
            "schema": {"properties": {"a": {"type": "integer"}}},
        },
    }
    recorder = recorded(completion_body('{"a": 1}'))

    completion = await parse(recorder)(response_format=response_format)

    assert completion.choices[0].message.parsed == {"a": 1}
    sent = recorder.json_bodies()[0]["response_format"]["json_schema"]
    assert sent["name"] == "answer"
    assert sent["description"] == "An answer"
    assert sent["strict"] is True
    assert sent["schema"]["additionalProperties"] is False


async def test_json_object_mode_decodes_without_a_schema(parse: Call) -> None:
    recorder = recorded(completion_body('{"anything": [1, 2]}'))

    completion = await parse(recorder)(response_format={"type": "json_object"})

    assert completion.choices[0].message.parsed == {"anything": [1, 2]}
    assert recorder.json_bodies()[0]["response_format"] == {"type": "json_object"}


async def test_reply_that_does_not_validate_raises_with_the_raw_content(parse: Call) -> None:
    recorder = recorded(completion_body('{"name": "Ada"}'), completion_body("not json at all"))
    call = parse(recorder)

    with pytest.raises(OutputValidationError) as missing:
        await call(response_format=Person)
    with pytest.raises(OutputValidationError) as garbage:
        await call(response_format={"type": "object", "properties": {"a": {"type": "string"}}})

    assert missing.value.content == '{"name": "Ada"}'
    assert missing.value.choice_index == 0
    assert isinstance(missing.value.__cause__, pydantic.ValidationError)
    assert "Person" in str(missing.value)
    assert missing.value.completion.id == "chatcmpl-1"
    assert garbage.value.content == "not json at all"
    assert isinstance(garbage.value.__cause__, json.JSONDecodeError)


async def test_length_finish_reason_says_the_output_was_cut(parse: Call) -> None:
    recorder = recorded(completion_body('{"name": "Ad', finish_reason="length"))

    with pytest.raises(LengthFinishReasonError, match="cut") as info:
        await parse(recorder)(response_format=Person)

    assert "20 completion tokens" in str(info.value)
    assert info.value.completion.choices[0].message.content == '{"name": "Ad'
    assert isinstance(info.value, StructuredOutputError)


async def test_content_filter_finish_reason_raises(parse: Call) -> None:
    recorder = recorded(completion_body(None, finish_reason="content_filter"))

    with pytest.raises(ContentFilterFinishReasonError):
        await parse(recorder)(response_format=Person)


async def test_error_body_with_200_raises_the_status_error(parse: Call) -> None:
    recorder = recorded({"error": {"message": "model overloaded", "type": "server_error"}, "status_code": 500})

    with pytest.raises(InternalServerError, match="model overloaded") as caught:  # as `create()` raises it
        await parse(recorder)(response_format=Person)
    assert caught.value.status_code == 500


async def test_unsupported_type_fails_before_any_request(parse: Call) -> None:
    class Bag(pydantic.BaseModel):
        counts: Dict[str, int]

    recorder = recorded()

    with pytest.raises(SchemaNotSupportedError):
        await parse(recorder)(response_format=Bag)
    assert recorder.json_bodies() == []


async def test_stream_is_refused(parse: Call) -> None:
    with pytest.raises(TypeError, match="does not stream"):
        await parse(recorded())(response_format=Person, stream=True)


# --------------------------------------------------------------------------- tools


class GetWeather(pydantic.BaseModel):
    """Current weather in a city."""

    city: str


def lookup(key: str, limit: int = 3) -> str:
    """Look something up."""
    return key * limit


async def test_tool_calls_get_parsed_arguments(parse: Call) -> None:
    raw_tool: Any = {"type": "function", "function": {"name": "raw", "parameters": {"type": "object"}}}
    tools = [pydantic_function_tool(GetWeather), function_tool(lookup), raw_tool]
    calls = [
        call("GetWeather", '{"city": "Paris"}', "c1"),
        call("lookup", '{"key": "k"}', "c2"),
        call("raw", '{"free": ["form"]}', "c3"),
    ]
    recorder = recorded(completion_body(None, tool_calls=calls, finish_reason="tool_calls"))

    completion = await parse(recorder)(tools=tools, tool_choice="auto", parallel_tool_calls=True)

    body = recorder.json_bodies()[0]
    assert body["tools"] == json.loads(json.dumps(tools))
    assert body["tool_choice"] == "auto"
    assert "response_format" not in body
    message = completion.choices[0].message
    assert message.parsed is None
    assert message.tool_calls is not None
    assert [c.parsed_arguments for c in message.tool_calls] == [
        GetWeather(city="Paris"),
        {"key": "k", "limit": 3},
        {"free": ["form"]},
    ]
    assert [c.id for c in message.tool_calls] == ["c1", "c2", "c3"]
    assert message.tool_calls[0].function.arguments == '{"city": "Paris"}'


async def test_tools_and_response_format_together(parse: Call) -> None:
    recorder = recorded(completion_body('{"name": "Ada", "age": 1, "email": null}'))

    completion = await parse(recorder)(response_format=Person, tools=[pydantic_function_tool(GetWeather)])

    assert completion.choices[0].message.parsed == Person(name="Ada", age=1)
    assert completion.choices[0].message.tool_calls is None
    assert recorder.json_bodies()[0]["tools"][0]["function"]["strict"] is True


async def test_tool_call_with_invalid_arguments_raises(parse: Call) -> None:
    recorder = recorded(completion_body(None, tool_calls=[call("GetWeather", '{"town": "Paris"}')]))

    with pytest.raises(ToolCallError) as info:
        await parse(recorder)(tools=[pydantic_function_tool(GetWeather)])

    assert info.value.name == "GetWeather"
    assert info.value.arguments == '{"town": "Paris"}'
    assert info.value.tool_call_id == "call_1"
    assert isinstance(info.value.__cause__, pydantic.ValidationError)


async def test_tool_call_to_an_unknown_tool_raises(parse: Call) -> None:
    recorder = recorded(completion_body(None, tool_calls=[call("launch", "{}")]))

    with pytest.raises(ToolCallError, match="launch"):
        await parse(recorder)(tools=[pydantic_function_tool(GetWeather)])
