"""The narrow slot through which `lib/` implements the chat helpers `stream()`, `parse()` and `run_tools()`.

The chat completions resources declare those methods (their signatures are part of the
resource); their bodies call the `ChatHelpers` installed here. The package root installs the
implementation from `lib/` when `cerebras.cloud.sdk` is imported, so neither the core nor a
resource imports `lib/` at run time (the `lib` names below are for the type checker only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, Iterable, List, Union

from typing_extensions import Protocol

from ._types import Omit

if TYPE_CHECKING:
    from ._streaming import AsyncStream, Stream
    from .lib.streaming import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
    from .lib.structured import ParsedChatCompletion, ToolRunResult, ToolSource
    from .types.chat.chat_completion import ChatChunkResponse, ChatCompletion
    from .types.chat.completion_create_params import Message, Tool

__all__ = ["ChatHelpers", "chat_helpers", "install_chat_helpers"]


class ChatHelpers(Protocol):
    """What `lib/` provides: each helper gets the resource's own `create` to send with."""

    def stream(self, send: Callable[[], Stream[ChatChunkResponse]]) -> ChatCompletionStreamManager:
        """The context manager of `stream()`; entering it calls `send()`."""
        ...

    def async_stream(
        self, send: Callable[[], Awaitable[AsyncStream[ChatChunkResponse]]]
    ) -> AsyncChatCompletionStreamManager:
        """The async context manager of the async `stream()`."""
        ...

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
        ...

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
        ...

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
        ...

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
        """The async `run_tools()` (a turn's tool calls run concurrently)."""
        ...


_INSTALLED: List[ChatHelpers] = []


def install_chat_helpers(helpers: ChatHelpers) -> None:
    """Make `helpers` the implementation of the chat helper methods (the package root calls this)."""
    _INSTALLED[:] = [helpers]


def chat_helpers() -> ChatHelpers:
    """The installed implementation."""
    if not _INSTALLED:
        raise RuntimeError("the chat helpers are installed when `cerebras.cloud.sdk` is imported")
    return _INSTALLED[0]
