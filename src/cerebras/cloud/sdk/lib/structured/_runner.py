"""The tool-calling loop's parts: the toolbox, the messages it appends, running calls, and the result.

The loop itself (`run_tools`) lives with the chat resource; everything it decides is here:
which function a call names, whether its arguments validate, what goes back to the model
(the function's return value as JSON, or an error message), and when to stop. A tool that
raises, an unknown tool name and arguments that do not validate are all reported to the model
in the tool message, so it can correct itself; they never end the loop.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from functools import partial
from typing import Any, Callable, Dict, Iterable, List, Optional, Union, cast

import pydantic
import pydantic_core

from ...types.chat.chat_completion import ChatCompletionResponse, ChatCompletionResponseChoiceMessage
from ...types.chat.completion_create_params import (
    Message,
    MessageAssistantMessageRequest,
    MessageAssistantMessageRequestToolCall,
    MessageToolMessageRequest,
    Tool,
)
from ._errors import UnexpectedResponseError
from ._tools import FunctionTool, function_tool

__all__ = [
    "PlannedCall",
    "ToolRunResult",
    "Toolbox",
    "ToolSource",
    "assistant_message",
    "error_content",
    "first_message",
    "result_content",
    "tool_message",
]


ToolSource = Union[Callable[..., Any], Tool]
"""What `run_tools(tools=[...])` takes: a function, or a tool from `function_tool(fn)`."""


@dataclasses.dataclass
class ToolRunResult:
    """The outcome of `run_tools`: the last completion and the whole conversation.

    ```py
    result = client.chat.completions.run_tools(model="llama3.1-8b", messages=..., tools=[get_weather])
    print(result.content)        # the model's final answer
    result.messages              # the input messages, every assistant turn and tool result
    ```
    """

    completion: ChatCompletionResponse
    """The last response: the final answer, or the last tool-calling turn if `max_turns_reached`."""
    messages: List[Message]
    """The conversation: your messages, then each assistant message and its tool results.

    Every tool call in it is answered, so it can be sent again to continue the conversation."""
    completions: List[ChatCompletionResponse]
    """Every response, in order (one per turn)."""
    max_turns_reached: bool
    """`True` when the loop stopped because the model was still calling tools after `max_turns` turns."""

    @property
    def content(self) -> Optional[str]:
        """The text of the last response's first choice (`None` if it only called tools)."""
        return self.completion.choices[0].message.content

    @property
    def turns(self) -> int:
        """How many requests were sent."""
        return len(self.completions)


@dataclasses.dataclass
class PlannedCall:
    """One tool call of an assistant turn, resolved against the toolbox.

    Exactly one of `error` (what to tell the model instead of running anything) and
    `arguments` (validated, ready for `tool.call`) is meaningful: `tool` is `None` on error.
    """

    id: str
    name: str
    tool: Optional[FunctionTool]
    arguments: Any = None  # what `tool.parse_arguments` returned: the tool's own argument type
    error: Optional[str] = None


class Toolbox:
    """The tools of one `run_tools` call: their params to send, and lookup by name."""

    def __init__(self, tools: Iterable[ToolSource], *, allow_async: bool) -> None:
        self.tools: Dict[str, FunctionTool] = {}
        for source in tools:
            tool = source if isinstance(source, FunctionTool) else None
            if tool is None and callable(source):
                tool = cast("FunctionTool", function_tool(source))
            if tool is None or tool.fn is None:
                raise TypeError(
                    f"run_tools() needs functions to run: pass a function or function_tool(fn), not {source!r}"
                )
            if tool.name in self.tools:
                raise ValueError(
                    f"two tools are named {tool.name!r}; give one another name with function_tool(fn, name=...)"
                )
            if not allow_async and _is_async(tool.fn):
                raise TypeError(f"the tool {tool.name!r} is async: run it with AsyncCerebras, or pass a sync function")
            self.tools[tool.name] = tool
        if not self.tools:
            raise ValueError("run_tools() needs at least one tool")

    @property
    def params(self) -> List[Tool]:
        """The `tools` request param."""
        return [cast("Tool", tool) for tool in self.tools.values()]

    def plan(self, message: ChatCompletionResponseChoiceMessage, turn: int) -> List[PlannedCall]:
        """The calls requested by `message`, with their arguments validated (or the error to report)."""
        planned: List[PlannedCall] = []
        for index, call in enumerate(message.tool_calls or ()):
            function = call.function
            name = str(getattr(function, "name", None) or "")
            raw = getattr(function, "arguments", None) or ""
            call_id = call.id or f"call_{turn}_{index}"
            tool = self.tools.get(name)
            if tool is None:
                known = ", ".join(sorted(self.tools))
                planned.append(
                    PlannedCall(call_id, name, None, error=f"Unknown tool {name!r}. Available tools: {known}.")
                )
                continue
            try:
                arguments = tool.parse_arguments(raw)
            except (pydantic.ValidationError, ValueError, RecursionError) as exc:
                planned.append(PlannedCall(call_id, name, None, error=f"Invalid arguments for {name!r}: {exc}"))
                continue
            planned.append(PlannedCall(call_id, name, tool, arguments))
        return planned

    def run(self, call: PlannedCall) -> str:
        """Run a planned call on this thread; the tool message content."""
        if call.tool is None:
            return error_content(call.error or "")
        try:
            return result_content(call.tool.call(call.arguments))
        except Exception as exc:  # reported to the model, which may try again
            return error_content(f"The tool {call.name!r} raised {type(exc).__name__}: {exc}")

    async def arun_all(self, calls: List[PlannedCall]) -> List[str]:
        """Run the calls of one turn concurrently; their contents, in the order of `calls`."""
        import anyio

        results: List[str] = [""] * len(calls)

        async def run(index: int) -> None:
            results[index] = await self.arun(calls[index])

        async with anyio.create_task_group() as group:
            for index in range(len(calls)):
                group.start_soon(run, index)
        return results

    async def arun(self, call: PlannedCall) -> str:
        """Run a planned call: async functions awaited, sync ones in a worker thread."""
        import anyio.to_thread

        tool = call.tool
        if tool is None:
            return error_content(call.error or "")
        try:
            if _is_async(tool.fn):
                value = await tool.call(call.arguments)
            else:
                value = await anyio.to_thread.run_sync(partial(tool.call, call.arguments))
                if inspect.isawaitable(value):
                    value = await value
            return result_content(value)
        except Exception as exc:  # reported to the model, which may try again
            return error_content(f"The tool {call.name!r} raised {type(exc).__name__}: {exc}")


def _is_async(fn: Optional[Callable[..., object]]) -> bool:
    if inspect.iscoroutinefunction(fn):
        return True
    # A callable object with an `async def __call__`.
    return fn is not None and not inspect.isroutine(fn) and inspect.iscoroutinefunction(type(fn).__call__)


def result_content(value: object) -> str:
    """A tool's return value as tool message content: strings as they are, anything else as JSON."""
    if isinstance(value, str):
        return value
    try:
        return pydantic_core.to_json(value).decode()
    except pydantic_core.PydanticSerializationError:
        return str(value)


def error_content(message: str) -> str:
    """The tool message content that reports an error to the model."""
    return json.dumps({"error": message})


def first_message(completion: object) -> ChatCompletionResponseChoiceMessage:
    """The first choice's message of a completion; raises for anything that is not a completion."""
    if isinstance(completion, ChatCompletionResponse) and completion.choices:
        message = completion.choices[0].message
        if isinstance(cast(object, message), ChatCompletionResponseChoiceMessage):  # loose responses may lack it
            return message
    raise UnexpectedResponseError(completion)


def assistant_message(
    message: ChatCompletionResponseChoiceMessage, calls: List[PlannedCall]
) -> MessageAssistantMessageRequest:
    """The assistant turn as a request message, tool calls (with their ids) included."""
    out: MessageAssistantMessageRequest = {"role": "assistant", "content": message.content}
    if message.reasoning is not None:
        out["reasoning"] = message.reasoning
    if calls:
        tool_calls: List[MessageAssistantMessageRequestToolCall] = []
        for call, raw in zip(calls, message.tool_calls or ()):
            arguments = getattr(raw.function, "arguments", None) or ""
            tool_calls.append(
                {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": arguments}}
            )
        out["tool_calls"] = tool_calls
    return out


def tool_message(call: PlannedCall, content: str) -> MessageToolMessageRequest:
    """The answer to one tool call."""
    return {"role": "tool", "tool_call_id": call.id, "content": content}
