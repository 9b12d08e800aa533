"""`client.chat.completions.run_tools`: the tool-calling loop, with scripted replies, sync and async."""

from __future__ import annotations

import copy
import json
import threading
from typing import Any, Callable, Dict, List, Optional, cast

import anyio
import pydantic
import pytest

from _support import Driver, FakeApi, Method, reply
from cerebras.cloud.sdk import AsyncCerebras, Cerebras, InternalServerError
from cerebras.cloud.sdk.lib.structured import (
    ToolRunResult,
    function_tool,
    pydantic_function_tool,
)

QUESTION: List[Any] = [{"role": "user", "content": "Weather in Paris?"}]


def completion_body(
    content: Optional[str] = None,
    *,
    tool_calls: Optional[List[Dict[str, Any]]] = None,
    reasoning: Optional[str] = None,
) -> Dict[str, Any]:
    message: Dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    if reasoning is not None:
        message["reasoning"] = reasoning
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1735689600,
        "model": "llama3.1-8b",
        "system_fingerprint": "fp_1",
        "choices": [{"index": 0, "finish_reason": "tool_calls" if tool_calls else "stop", "message": message}],
    }


def call(name: str, arguments: str, call_id: Optional[str] = "call_1") -> Dict[str, Any]:
    out: Dict[str, Any] = {"type": "function", "function": {"name": name, "arguments": arguments}}
    if call_id is not None:
        out["id"] = call_id
    return out


def msgs(result: ToolRunResult) -> List[Dict[str, Any]]:
    """The conversation as plain dicts (the `Message` TypedDicts mark no key as always present)."""
    return cast("List[Dict[str, Any]]", result.messages)


def scripted(*bodies: Dict[str, Any]) -> FakeApi:
    """Answers requests with `bodies` (status 200), in order, each once."""
    return FakeApi(*(reply(200, body) for body in bodies), once=True)


Call = Callable[[FakeApi], Method]


@pytest.fixture
def run_tools(api: Driver) -> Call:
    """`run_tools(script)(**kwargs)`: `chat.completions.run_tools` of a client of the test's kind on `script`."""
    return lambda script: api.method(script, "chat.completions.run_tools", model="llama3.1-8b", messages=QUESTION)


def get_weather(city: str, unit: str = "c") -> Dict[str, Any]:
    """Current weather in a city.

    Args:
        city: The city name.
        unit: "c" or "f".
    """
    return {"city": city, "temp": 21 if unit == "c" else 70, "unit": unit}


def explode(reason: str) -> str:
    """Always fails."""
    raise RuntimeError(f"boom: {reason}")


async def test_one_tool_call_then_an_answer(run_tools: Call) -> None:
    script = scripted(
        completion_body(tool_calls=[call("get_weather", '{"city": "Paris"}')], reasoning="Need the weather."),
        completion_body("It is 21°C in Paris."),
    )
    messages = copy.deepcopy(QUESTION)

    result = await run_tools(script)(messages=messages, tools=[get_weather], temperature=0, max_turns=5)

    assert result.content == "It is 21°C in Paris."
    assert result.turns == 2
    assert result.max_turns_reached is False
    assert result.completion is result.completions[-1]
    assert messages == QUESTION  # the caller's list is not modified
    assistant = {
        "role": "assistant",
        "content": None,
        "reasoning": "Need the weather.",
        "tool_calls": [call("get_weather", '{"city": "Paris"}')],
    }
    tool_result = {"role": "tool", "tool_call_id": "call_1", "content": '{"city":"Paris","temp":21,"unit":"c"}'}
    assert result.messages == [
        *QUESTION,
        assistant,
        tool_result,
        {"role": "assistant", "content": "It is 21°C in Paris."},
    ]
    first, second = script.json_bodies()
    assert first["messages"] == QUESTION
    assert second["messages"] == [*QUESTION, assistant, tool_result]
    assert first["tools"] == second["tools"] == [function_tool(get_weather)]
    assert first["temperature"] == second["temperature"] == 0


async def test_an_answer_without_tool_calls_ends_at_once(run_tools: Call) -> None:
    script = scripted(completion_body("No tools needed."))

    result = await run_tools(script)(tools=[get_weather])

    assert result.content == "No tools needed."
    assert result.turns == 1
    assert len(script.json_bodies()) == 1


async def test_several_calls_in_one_turn_answer_in_order(run_tools: Call) -> None:
    calls = [
        call("get_weather", '{"city": "Paris"}', "a"),
        call("get_weather", '{"city": "Rome", "unit": "f"}', "b"),
    ]
    script = scripted(completion_body(tool_calls=calls), completion_body("Done."))

    result = await run_tools(script)(tools=[get_weather], parallel_tool_calls=True)

    assert msgs(result)[2:4] == [
        {"role": "tool", "tool_call_id": "a", "content": '{"city":"Paris","temp":21,"unit":"c"}'},
        {"role": "tool", "tool_call_id": "b", "content": '{"city":"Rome","temp":70,"unit":"f"}'},
    ]
    assert script.json_bodies()[0]["parallel_tool_calls"] is True


async def test_errors_are_reported_to_the_model_not_raised(run_tools: Call) -> None:
    calls = [
        call("explode", '{"reason": "disk full"}', "e1"),
        call("teleport", '{"to": "Mars"}', "e2"),
        call("get_weather", '{"city": ', "e3"),
        call("get_weather", '{"town": "Paris"}', "e4"),
    ]
    script = scripted(completion_body(tool_calls=calls), completion_body("Sorry."))

    result = await run_tools(script)(tools=[get_weather, explode])

    errors = [json.loads(message["content"])["error"] for message in msgs(result)[2:6]]
    assert errors[0] == "The tool 'explode' raised RuntimeError: boom: disk full"
    assert errors[1] == "Unknown tool 'teleport'. Available tools: explode, get_weather."
    assert errors[2].startswith("Invalid arguments for 'get_weather':")
    assert "Invalid JSON" in errors[2]
    assert errors[3].startswith("Invalid arguments for 'get_weather':")
    assert "city" in errors[3]
    assert [m["tool_call_id"] for m in msgs(result)[2:6]] == ["e1", "e2", "e3", "e4"]
    assert result.content == "Sorry."


async def test_max_turns_stops_the_loop_and_answers_the_last_calls(run_tools: Call) -> None:
    script = scripted(
        completion_body(tool_calls=[call("get_weather", '{"city": "A"}', "t1")]),
        completion_body(tool_calls=[call("get_weather", '{"city": "B"}', "t2")]),
    )

    result = await run_tools(script)(tools=[get_weather], max_turns=2)

    assert result.max_turns_reached is True
    assert result.turns == 2
    assert result.content is None
    assert msgs(result)[-1] == {
        "role": "tool",
        "tool_call_id": "t2",
        "content": '{"city":"B","temp":21,"unit":"c"}',
    }
    assert len(script.json_bodies()) == 2


async def test_missing_call_ids_are_made_up_consistently(run_tools: Call) -> None:
    script = scripted(completion_body(tool_calls=[call("get_weather", '{"city": "X"}', None)]), completion_body("ok"))

    result = await run_tools(script)(tools=[get_weather])

    assert msgs(result)[1]["tool_calls"][0]["id"] == "call_0_0"
    assert msgs(result)[2]["tool_call_id"] == "call_0_0"


class Reading(pydantic.BaseModel):
    value: float


def read_sensor(sensor: str) -> Reading:
    """Read a sensor."""
    return Reading(value=1.5)


def describe(x: int) -> object:
    """Returns something JSON cannot hold."""
    return {1, 2} if x else Opaque()


class Opaque:
    def __str__(self) -> str:
        return "opaque!"


async def test_return_values_become_json_or_text(run_tools: Call) -> None:
    calls = [
        call("read_sensor", '{"sensor": "s"}', "r1"),
        call("renamed", '{"x": 1}', "r2"),
        call("renamed", '{"x": 0}', "r3"),
    ]
    script = scripted(completion_body(tool_calls=calls), completion_body("ok"))

    result = await run_tools(script)(tools=[read_sensor, function_tool(describe, name="renamed")])

    assert [m["content"] for m in msgs(result)[2:5]] == ['{"value":1.5}', "[1,2]", "opaque!"]
    assert [t["function"]["name"] for t in script.json_bodies()[0]["tools"]] == ["read_sensor", "renamed"]


async def test_the_final_answer_may_use_a_response_format(run_tools: Call) -> None:
    script = scripted(completion_body('{"ok": true}'))
    response_format: Any = {"type": "json_object"}

    result = await run_tools(script)(tools=[get_weather], response_format=response_format)

    assert script.json_bodies()[0]["response_format"] == {"type": "json_object"}
    assert result.content == '{"ok": true}'


async def test_error_body_with_200_raises(run_tools: Call) -> None:
    script = scripted({"error": {"message": "overloaded"}, "status_code": 503})

    with pytest.raises(InternalServerError, match="overloaded") as caught:  # as `create()` raises it
        await run_tools(script)(tools=[get_weather])
    assert caught.value.status_code == 503


async def test_bad_tool_lists_are_refused_before_any_request(run_tools: Call) -> None:
    class Typed(pydantic.BaseModel):
        a: int

    script = scripted()
    call = run_tools(script)

    with pytest.raises(TypeError, match="needs functions"):
        await call(tools=[pydantic_function_tool(Typed)])
    with pytest.raises(ValueError, match="two tools"):
        await call(tools=[get_weather, function_tool(explode, name="get_weather")])
    with pytest.raises(ValueError, match="at least one"):
        await call(tools=[])
    with pytest.raises(TypeError, match="does not stream"):
        await call(tools=[get_weather], stream=True)
    with pytest.raises(ValueError, match="max_turns"):
        await call(tools=[get_weather], max_turns=0)
    assert script.json_bodies() == []


# --------------------------------------------------------------------------- sync / async specifics


def test_sync_loop_refuses_async_tools(make_client: Callable[..., Cerebras]) -> None:
    async def fetch(url: str) -> str:
        return url

    client = make_client(scripted())

    with pytest.raises(TypeError, match="async"):
        client.chat.completions.run_tools(model="m", messages=QUESTION, tools=[fetch])


async def test_async_loop_runs_calls_of_one_turn_concurrently(make_async_client: Callable[..., AsyncCerebras]) -> None:
    ping_seen, pong_seen = anyio.Event(), anyio.Event()

    async def ping() -> str:
        """Finishes only once pong has started: a sequential loop would wait forever."""
        ping_seen.set()
        await pong_seen.wait()
        return "ping done"

    async def pong() -> str:
        """Finishes only once ping has started."""
        pong_seen.set()
        await ping_seen.wait()
        return "pong done"

    script = scripted(
        completion_body(tool_calls=[call("ping", "{}", "1"), call("pong", "{}", "2")]), completion_body("ok")
    )
    client = make_async_client(script)

    with anyio.fail_after(5):
        result = await client.chat.completions.run_tools(model="m", messages=QUESTION, tools=[ping, pong])

    assert [m["content"] for m in msgs(result)[2:4]] == ["ping done", "pong done"]


async def test_async_loop_runs_sync_tools_in_worker_threads(make_async_client: Callable[..., AsyncCerebras]) -> None:
    threads: List[int] = []

    def where() -> str:
        """Record the thread."""
        threads.append(threading.get_ident())
        return "here"

    script = scripted(completion_body(tool_calls=[call("where", "{}")]), completion_body("ok"))
    client = make_async_client(script)

    result = await client.chat.completions.run_tools(model="m", messages=QUESTION, tools=[where])

    assert threads
    assert threads[0] != threading.get_ident()
    assert msgs(result)[2]["content"] == "here"


async def test_async_loop_reports_async_tool_errors(make_async_client: Callable[..., AsyncCerebras]) -> None:
    async def broken() -> str:
        """Fails."""
        raise LookupError("nothing")

    script = scripted(completion_body(tool_calls=[call("broken", "{}")]), completion_body("ok"))
    client = make_async_client(script)

    result = await client.chat.completions.run_tools(model="m", messages=QUESTION, tools=[broken])

    assert json.loads(msgs(result)[2]["content"]) == {"error": "The tool 'broken' raised LookupError: nothing"}


def test_async_loop_runs_on_trio(make_async_client: Callable[..., AsyncCerebras]) -> None:
    import trio

    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    async def shout(text: str) -> str:
        """Upper-case a text."""
        await trio.lowlevel.checkpoint()
        return text.upper()

    calls = [call("add", '{"a": 2, "b": 3}', "1"), call("shout", '{"text": "hi"}', "2")]
    client = make_async_client(scripted(completion_body(tool_calls=calls), completion_body("ok")))

    async def main() -> ToolRunResult:
        return await client.chat.completions.run_tools(model="m", messages=QUESTION, tools=[add, shout])

    result = trio.run(main)

    assert [m["content"] for m in msgs(result)[2:4]] == ["5", "HI"]
