"""Streaming helpers: typed events, text, and the final completion assembled from chunks.

`client.chat.completions.stream(...)` returns the context managers defined here; the pure
`ChatCompletionAccumulator` can also be used on its own, on the chunks of
`create(..., stream=True)`.
"""

from __future__ import annotations

from ._accumulator import ChatCompletionAccumulator
from ._events import (
    ChatCompletionStreamEvent,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    ReasoningDeltaEvent,
    ReasoningDoneEvent,
    ToolCallArgumentsDeltaEvent,
    ToolCallDoneEvent,
)
from ._stream import (
    AsyncChatCompletionStream,
    AsyncChatCompletionStreamManager,
    ChatCompletionStream,
    ChatCompletionStreamManager,
)

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "ChatCompletionAccumulator",
    "ChatCompletionStream",
    "ChatCompletionStreamEvent",
    "ChatCompletionStreamManager",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "ReasoningDeltaEvent",
    "ReasoningDoneEvent",
    "ToolCallArgumentsDeltaEvent",
    "ToolCallDoneEvent",
]
