"""The API resources: chat, (legacy) completions, models, files and batches, each sync, async, raw and streamed."""

from __future__ import annotations

from .batches import (
    AsyncBatchesResource,
    AsyncBatchesResourceWithRawResponse,
    AsyncBatchesResourceWithStreamingResponse,
    BatchesResource,
    BatchesResourceWithRawResponse,
    BatchesResourceWithStreamingResponse,
)
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
from .files import (
    AsyncFilesResource,
    AsyncFilesResourceWithRawResponse,
    AsyncFilesResourceWithStreamingResponse,
    FilesResource,
    FilesResourceWithRawResponse,
    FilesResourceWithStreamingResponse,
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
    "AsyncBatchesResource",
    "AsyncBatchesResourceWithRawResponse",
    "AsyncBatchesResourceWithStreamingResponse",
    "AsyncChatResource",
    "AsyncChatResourceWithRawResponse",
    "AsyncChatResourceWithStreamingResponse",
    "AsyncCompletionsResource",
    "AsyncCompletionsResourceWithRawResponse",
    "AsyncCompletionsResourceWithStreamingResponse",
    "AsyncFilesResource",
    "AsyncFilesResourceWithRawResponse",
    "AsyncFilesResourceWithStreamingResponse",
    "AsyncModelsResource",
    "AsyncModelsResourceWithRawResponse",
    "AsyncModelsResourceWithStreamingResponse",
    "BatchesResource",
    "BatchesResourceWithRawResponse",
    "BatchesResourceWithStreamingResponse",
    "ChatResource",
    "ChatResourceWithRawResponse",
    "ChatResourceWithStreamingResponse",
    "CompletionsResource",
    "CompletionsResourceWithRawResponse",
    "CompletionsResourceWithStreamingResponse",
    "FilesResource",
    "FilesResourceWithRawResponse",
    "FilesResourceWithStreamingResponse",
    "ModelsResource",
    "ModelsResourceWithRawResponse",
    "ModelsResourceWithStreamingResponse",
]
