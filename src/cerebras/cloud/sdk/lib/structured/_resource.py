"""`client.chat.completions.parse(...)` and `.run_tools(...)`, mixed into the chat resource.

Both are thin shells over the public `create()`: what to send and how to read the answer is
decided in `_parsing` and `_runner`; the sync and async twins differ only by `await` (and by
running parallel tool calls concurrently on the async side).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, TypeVar, cast, overload

from typing_extensions import Unpack

from ..._types import Omit, omit

DEFAULT_MAX_TURNS = 10
"""How many requests `run_tools` sends at most, unless told otherwise."""

if TYPE_CHECKING:
    from ...resources.chat.completions import AsyncCompletionsResource, CompletionsResource
    from ...types.chat.completion_create_params import Message, Tool
    from ._completion import ParsedChatCompletion
    from ._params import CreateOptions, RunToolsOptions
    from ._runner import ToolRunResult, ToolSource

__all__ = ["DEFAULT_MAX_TURNS", "AsyncStructuredMixin", "StructuredMixin"]

_T = TypeVar("_T")


def _check_options(options: Mapping[str, object], method: str, max_turns: int = 1) -> None:
    if max_turns < 1:
        raise ValueError(f"max_turns must be at least 1, got {max_turns}")
    for key in ("stream", "stream_options"):
        if key in options:
            raise TypeError(f"{method}() does not stream; remove {key!r}")


class StructuredMixin:
    """Structured-output and tool-loop methods of the sync chat completions resource."""

    @overload
    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: type[_T],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[_T]: ...

    @overload
    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: Mapping[str, object],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Dict[str, Any]]: ...

    @overload
    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[Tool],
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[None]: ...

    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: object = omit,
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Any]:
        """Create a completion whose output is validated as `response_format`.

        ```py
        class Person(pydantic.BaseModel):
            name: str
            age: int

        completion = client.chat.completions.parse(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Invent a person."}],
            response_format=Person,
        )
        person = completion.choices[0].message.parsed  # a Person
        ```

        The type is sent as a strict `json_schema` response format (see
        `to_strict_json_schema`). Tools made with `pydantic_function_tool` or `function_tool` give
        each tool call `parsed_arguments`. Every other keyword argument goes to `create()`.

        Args:
          messages: The conversation so far.
          model: The model id.
          response_format: A pydantic model, dataclass or `TypedDict` (`parsed` is an instance),
            or a JSON schema dict (`parsed` is the decoded JSON).
          tools: Tools the model may call; `parsed_arguments` is validated for typed tools.

        Raises:
          SchemaNotSupportedError: The type cannot be served in strict mode.
          OutputValidationError: The reply does not validate; `.content` has the raw text.
          LengthFinishReasonError: The reply was cut at the token limit.
          ToolCallError: A tool call names an unknown tool or its arguments do not validate.
        """
        from ._parsing import output_spec, parse_completion, tool_specs

        _check_options(options, "parse")
        output = None if isinstance(response_format, Omit) else output_spec(response_format)
        tool_list = None if isinstance(tools, Omit) else list(tools)
        completion = cast("CompletionsResource", self).create(
            messages=messages,
            model=model,
            response_format=omit if output is None else output.response_format,
            tools=omit if tool_list is None else tool_list,
            **options,
        )
        return parse_completion(completion, output, None if tool_list is None else tool_specs(tool_list))

    def run_tools(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[ToolSource],
        max_turns: int = DEFAULT_MAX_TURNS,
        **options: Unpack[RunToolsOptions],
    ) -> ToolRunResult:
        """Let the model call Python functions until it answers with text.

        ```py
        def get_weather(city: str) -> dict:
            '''Current weather in a city.'''
            return {"city": city, "temp_c": 21}

        result = client.chat.completions.run_tools(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Weather in Paris?"}],
            tools=[get_weather],
        )
        print(result.content)
        ```

        Each turn sends the conversation, runs the functions the model asks for (in order), and
        appends the assistant message and one `tool` message per call: the return value (a
        string as is, anything else as JSON), or `{"error": ...}` when the function raised, the
        tool is unknown or the arguments do not validate, so the model can correct itself.

        Args:
          messages: The conversation so far (not modified; see `ToolRunResult.messages`).
          model: The model id.
          tools: Functions (described by `function_tool`) or `function_tool(fn, ...)` results.
          max_turns: The most requests to send. When the model still calls tools on the last
            one, the calls are run and the result has `max_turns_reached=True` (always the case
            with `tool_choice="required"`, which never lets the model answer with text).

        Raises:
          TypeError: A tool has no function to run, or is async (use `AsyncCerebras`).
          UnexpectedResponseError: The API answered with something other than a completion.
        """
        from ._runner import Toolbox, ToolRunResult, assistant_message, first_message, tool_message

        _check_options(options, "run_tools", max_turns)
        box = Toolbox(tools, allow_async=False)
        conversation: List[Message] = list(messages)
        completions: List[Any] = []
        for turn in range(max_turns):
            completion = cast("CompletionsResource", self).create(
                messages=conversation, model=model, tools=box.params, **options
            )
            message = first_message(completion)
            completions.append(completion)
            calls = box.plan(message, turn)
            conversation.append(assistant_message(message, calls))
            if not calls:
                return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=False)
            conversation.extend(tool_message(call, box.run(call)) for call in calls)
        return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=True)


class AsyncStructuredMixin:
    """Structured-output and tool-loop methods of the async chat completions resource."""

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: type[_T],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[_T]: ...

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: Mapping[str, object],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Dict[str, Any]]: ...

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[Tool],
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[None]: ...

    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: object = omit,
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Any]:
        """Create a completion whose output is validated as `response_format` (see the sync `parse`).

        ```py
        completion = await client.chat.completions.parse(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Invent a person."}],
            response_format=Person,
        )
        person = completion.choices[0].message.parsed
        ```
        """
        from ._parsing import output_spec, parse_completion, tool_specs

        _check_options(options, "parse")
        output = None if isinstance(response_format, Omit) else output_spec(response_format)
        tool_list = None if isinstance(tools, Omit) else list(tools)
        completion = await cast("AsyncCompletionsResource", self).create(
            messages=messages,
            model=model,
            response_format=omit if output is None else output.response_format,
            tools=omit if tool_list is None else tool_list,
            **options,
        )
        return parse_completion(completion, output, None if tool_list is None else tool_specs(tool_list))

    async def run_tools(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[ToolSource],
        max_turns: int = DEFAULT_MAX_TURNS,
        **options: Unpack[RunToolsOptions],
    ) -> ToolRunResult:
        """Let the model call Python functions until it answers with text (see the sync `run_tools`).

        The calls of one turn run concurrently: async functions are awaited in a task group,
        sync functions run in worker threads. Tool messages keep the order of the calls.

        ```py
        async def get_weather(city: str) -> dict:
            '''Current weather in a city.'''
            return {"city": city, "temp_c": 21}

        result = await client.chat.completions.run_tools(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Weather in Paris and Rome?"}],
            tools=[get_weather],
        )
        ```
        """
        from ._runner import Toolbox, ToolRunResult, assistant_message, first_message, tool_message

        _check_options(options, "run_tools", max_turns)
        box = Toolbox(tools, allow_async=True)
        conversation: List[Message] = list(messages)
        completions: List[Any] = []
        for turn in range(max_turns):
            completion = await cast("AsyncCompletionsResource", self).create(
                messages=conversation, model=model, tools=box.params, **options
            )
            message = first_message(completion)
            completions.append(completion)
            calls = box.plan(message, turn)
            conversation.append(assistant_message(message, calls))
            if not calls:
                return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=False)
            results = await box.arun_all(calls)
            conversation.extend(tool_message(call, result) for call, result in zip(calls, results))
        return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=True)
