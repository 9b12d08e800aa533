"""The API resources: chat, (legacy) completions and models, each sync, async, raw and streamed."""

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
from .models import (
    AsyncModelsResource,
    AsyncModelsResourceWithRawResponse,
    AsyncModelsResourceWithStreamingResponse,
    ModelsResource,
    ModelsResourceWithRawResponse,
    ModelsResourceWithStreamingResponse,
)

__all__ = [
    "AsyncChatResource",
    "AsyncChatResourceWithRawResponse",
    "AsyncChatResourceWithStreamingResponse",
    "AsyncCompletionsResource",
    "AsyncCompletionsResourceWithRawResponse",
    "AsyncCompletionsResourceWithStreamingResponse",
    "AsyncModelsResource",
    "AsyncModelsResourceWithRawResponse",
    "AsyncModelsResourceWithStreamingResponse",
    "ChatResource",
    "ChatResourceWithRawResponse",
    "ChatResourceWithStreamingResponse",
    "CompletionsResource",
    "CompletionsResourceWithRawResponse",
    "CompletionsResourceWithStreamingResponse",
    "ModelsResource",
    "ModelsResourceWithRawResponse",
    "ModelsResourceWithStreamingResponse",
]
