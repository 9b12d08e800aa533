"""The implementation of `client.chat.completions.stream()`, `.parse()` and `.run_tools()`.

The resources declare the methods and call the `ChatHelpers` (`_helpers_slot`) the package root
installs;
`CHAT_HELPERS` is that implementation (its imports are deferred, so importing the package stays light). Each helper is a thin shell over the `create` it is
given: what to send and how to read the answer is decided in `structured._parsing` and
`structured._runner`; the sync and async twins differ only by `await` (and by running a turn's
tool calls concurrently on the async side).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, Iterable, List, Mapping, Union

if TYPE_CHECKING:
    from .._lib_interface import AsyncStream, Omit, Stream
    from ..types.chat.chat_completion import ChatChunkResponse, ChatCompletion
    from ..types.chat.completion_create_params import Message, Tool
    from .streaming import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
    from .structured import ParsedChatCompletion, ToolRunResult, ToolSource

__all__ = ["CHAT_HELPERS", "LibChatHelpers"]


def _check_options(options: Mapping[str, object], method: str, max_turns: int = 1) -> None:
    if max_turns < 1:
        raise ValueError(f"max_turns must be at least 1, got {max_turns}")
    for key in ("stream", "stream_options"):
        if key in options:
            raise TypeError(f"{method}() does not stream; remove {key!r}")


class LibChatHelpers:
    """The chat helpers (see `_helpers_slot.ChatHelpers`)."""

    def stream(self, send: Callable[[], Stream[ChatChunkResponse]]) -> ChatCompletionStreamManager:
        """The context manager of `stream()`."""
        from .streaming import ChatCompletionStreamManager

        return ChatCompletionStreamManager(send)

    def async_stream(
        self, send: Callable[[], Awaitable[AsyncStream[ChatChunkResponse]]]
    ) -> AsyncChatCompletionStreamManager:
        """The async context manager of the async `stream()`."""
        from .streaming import AsyncChatCompletionStreamManager

        return AsyncChatCompletionStreamManager(send)

    def parse(
        self,
        create: Callable[..., ChatCompletion],
        *,
        messages: Iterable[Message],
        model: str,
        response_format: object,
        tools: Union[Iterable[Tool], Omit],
        options: Dict[str, object],
    ) -> ParsedChatCompletion[Any]:  # `Any`: the output type the public overloads name
        """`parse()`: one `create()` call, its answer validated."""
        from .._lib_interface import Omit, omit
        from .structured._parsing import output_spec, parse_completion, tool_specs

        _check_options(options, "parse")
        output = None if isinstance(response_format, Omit) else output_spec(response_format)
        tool_list = None if isinstance(tools, Omit) else list(tools)
        completion = create(
            messages=messages,
            model=model,
            response_format=omit if output is None else output.response_format,
            tools=omit if tool_list is None else tool_list,
            **options,
        )
        return parse_completion(completion, output, None if tool_list is None else tool_specs(tool_list))

    async def async_parse(
        self,
        create: Callable[..., Awaitable[ChatCompletion]],
        *,
        messages: Iterable[Message],
        model: str,
        response_format: object,
        tools: Union[Iterable[Tool], Omit],
        options: Dict[str, object],
    ) -> ParsedChatCompletion[Any]:
        """The async `parse()`."""
        from .._lib_interface import Omit, omit
        from .structured._parsing import output_spec, parse_completion, tool_specs

        _check_options(options, "parse")
        output = None if isinstance(response_format, Omit) else output_spec(response_format)
        tool_list = None if isinstance(tools, Omit) else list(tools)
        completion = await create(
            messages=messages,
            model=model,
            response_format=omit if output is None else output.response_format,
            tools=omit if tool_list is None else tool_list,
            **options,
        )
        return parse_completion(completion, output, None if tool_list is None else tool_specs(tool_list))

    def run_tools(
        self,
        create: Callable[..., ChatCompletion],
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[ToolSource],
        max_turns: int,
        options: Dict[str, object],
    ) -> ToolRunResult:
        """`run_tools()`: `create()` calls until the model answers without calling a tool."""
        from .structured._runner import Toolbox, ToolRunResult, assistant_message, first_message, tool_message

        _check_options(options, "run_tools", max_turns)
        box = Toolbox(tools, allow_async=False)
        conversation: List[Message] = list(messages)
        completions: List[Any] = []
        for turn in range(max_turns):
            completion = create(messages=conversation, model=model, tools=box.params, **options)
            message = first_message(completion)
            completions.append(completion)
            calls = box.plan(message, turn)
            conversation.append(assistant_message(message, calls))
            if not calls:
                return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=False)
            conversation.extend(tool_message(call, box.run(call)) for call in calls)
        return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=True)

    async def async_run_tools(
        self,
        create: Callable[..., Awaitable[ChatCompletion]],
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[ToolSource],
        max_turns: int,
        options: Dict[str, object],
    ) -> ToolRunResult:
        """The async `run_tools()`: the calls of one turn run concurrently, tool messages keep their order."""
        from .structured._runner import Toolbox, ToolRunResult, assistant_message, first_message, tool_message

        _check_options(options, "run_tools", max_turns)
        box = Toolbox(tools, allow_async=True)
        conversation: List[Message] = list(messages)
        completions: List[Any] = []
        for turn in range(max_turns):
            completion = await create(messages=conversation, model=model, tools=box.params, **options)
            message = first_message(completion)
            completions.append(completion)
            calls = box.plan(message, turn)
            conversation.append(assistant_message(message, calls))
            if not calls:
                return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=False)
            results = await box.arun_all(calls)
            conversation.extend(tool_message(call, result) for call, result in zip(calls, results))
        return ToolRunResult(completions[-1], conversation, completions, max_turns_reached=True)


CHAT_HELPERS = LibChatHelpers()
"""The instance the package root installs."""
