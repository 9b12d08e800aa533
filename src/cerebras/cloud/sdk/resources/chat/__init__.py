"""The chat resources: `ChatResource` and the chat `CompletionsResource` (with their async,
raw-response and streaming-response twins)."""

from __future__ import annotations

from .chat import (
    AsyncChatResource,
    AsyncChatResourceWithRawResponse,
    AsyncChatResourceWithStreamingResponse,
    ChatResource,
    ChatResourceWithRawResponse,
    ChatResourceWithStreamingResponse,
)
from .completions import (
    AsyncCompletionsResource,
    AsyncCompletionsResourceWithRawResponse,
    AsyncCompletionsResourceWithStreamingResponse,
    CompletionsResource,
    CompletionsResourceWithRawResponse,
    CompletionsResourceWithStreamingResponse,
)

__all__ = [
    "AsyncChatResource",
    "AsyncChatResourceWithRawResponse",
    "AsyncChatResourceWithStreamingResponse",
    "AsyncCompletionsResource",
    "AsyncCompletionsResourceWithRawResponse",
    "AsyncCompletionsResourceWithStreamingResponse",
    "ChatResource",
    "ChatResourceWithRawResponse",
    "ChatResourceWithStreamingResponse",
    "CompletionsResource",
    "CompletionsResourceWithRawResponse",
    "CompletionsResourceWithStreamingResponse",
]
