"""The typed events of `client.chat.completions.stream(...)`: data only, no behaviour.

Every event has a literal `type`, so code can branch with `isinstance` or with `event.type`:

```py
for event in stream:
    if event.type == "content.delta":
        print(event.delta, end="")
    elif event.type == "tool_call.done":
        run_tool(event.name, event.arguments)
```

For one chunk the events come in this order: the `ChunkEvent`; then, per choice of the
chunk, its reasoning, content and tool-call argument deltas; then, if the chunk finished
the choice (it carried a `finish_reason`), that choice's `*.done` events. Choices that never
receive a `finish_reason` get their `*.done` events when the stream ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Union

from typing_extensions import Literal

from ...types.chat.chat_completion import ChatChunkResponse

__all__ = [
    "ChatCompletionStreamEvent",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "ReasoningDeltaEvent",
    "ReasoningDoneEvent",
    "ToolCallArgumentsDeltaEvent",
    "ToolCallDoneEvent",
]


class TextPieces:
    """Append-only pieces of one streamed text, joined on demand (so events stay O(1) to make)."""

    __slots__ = ("_joined", "_joined_count", "parts")

    def __init__(self) -> None:
        self.parts: List[str] = []
        self._joined = ""
        self._joined_count = 0

    def text(self, upto: Optional[int] = None) -> str:
        """The first `upto` pieces (all of them by default), joined."""
        count = len(self.parts) if upto is None else upto
        if count == self._joined_count:
            return self._joined
        if count > self._joined_count:
            joined = self._joined + "".join(self.parts[self._joined_count : count])
        else:
            joined = "".join(self.parts[:count])
        self._joined, self._joined_count = joined, count
        return joined


@dataclass(frozen=True)
class ChunkEvent:
    """A chunk arrived (first event of every chunk, before the deltas it carries)."""

    chunk: ChatChunkResponse
    """The chunk, as `create(stream=True)` would have yielded it."""
    type: Literal["chunk"] = field(default="chunk", init=False)


@dataclass(frozen=True)
class ContentDeltaEvent:
    """More answer text for choice `choice_index`."""

    choice_index: int
    delta: str
    """The new text."""
    _pieces: TextPieces = field(repr=False, compare=False)
    _upto: int = field(repr=False, compare=False)
    type: Literal["content.delta"] = field(default="content.delta", init=False)

    @property
    def snapshot(self) -> str:
        """The choice's whole answer text so far, this delta included (joined on access)."""
        return self._pieces.text(self._upto)


@dataclass(frozen=True)
class ContentDoneEvent:
    """Choice `choice_index` finished and its answer text is complete."""

    choice_index: int
    content: str
    type: Literal["content.done"] = field(default="content.done", init=False)


@dataclass(frozen=True)
class ReasoningDeltaEvent:
    """More reasoning text (`delta.reasoning`) for choice `choice_index`."""

    choice_index: int
    delta: str
    """The new reasoning text."""
    _pieces: TextPieces = field(repr=False, compare=False)
    _upto: int = field(repr=False, compare=False)
    type: Literal["reasoning.delta"] = field(default="reasoning.delta", init=False)

    @property
    def snapshot(self) -> str:
        """The choice's whole reasoning so far, this delta included (joined on access)."""
        return self._pieces.text(self._upto)


@dataclass(frozen=True)
class ReasoningDoneEvent:
    """Choice `choice_index` finished and its reasoning is complete."""

    choice_index: int
    reasoning: str
    type: Literal["reasoning.done"] = field(default="reasoning.done", init=False)


@dataclass(frozen=True)
class ToolCallArgumentsDeltaEvent:
    """More JSON arguments for tool call `index` of choice `choice_index`."""

    choice_index: int
    index: int
    """The tool call's `index` (its position in `message.tool_calls` when the server sent none)."""
    name: Optional[str]
    """The function name, once the server has sent it."""
    arguments_delta: str
    """The new piece of the JSON arguments."""
    _pieces: TextPieces = field(repr=False, compare=False)
    _upto: int = field(repr=False, compare=False)
    type: Literal["tool_call.arguments.delta"] = field(default="tool_call.arguments.delta", init=False)

    @property
    def arguments(self) -> str:
        """The arguments received so far, this delta included (partial JSON until done)."""
        return self._pieces.text(self._upto)


@dataclass(frozen=True)
class ToolCallDoneEvent:
    """Tool call `index` of choice `choice_index` is complete: its `arguments` are final.

    Sent when the choice finishes (a tool call is only known to be complete then).
    """

    choice_index: int
    index: int
    id: Optional[str]
    name: Optional[str]
    arguments: str
    """The complete JSON arguments (parse them with `json.loads`)."""
    type: Literal["tool_call.done"] = field(default="tool_call.done", init=False)


ChatCompletionStreamEvent = Union[
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    ReasoningDeltaEvent,
    ReasoningDoneEvent,
    ToolCallArgumentsDeltaEvent,
    ToolCallDoneEvent,
]
"""Any event of a chat completion stream; tell them apart by `type` or `isinstance`."""
