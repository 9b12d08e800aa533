"""`client.with_raw_response` and `client.with_streaming_response`: every resource of a client,
returning raw responses (or context managers around them) instead of parsed results."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from typing_extensions import Protocol

if TYPE_CHECKING:
    from .resources.batches import (
        AsyncBatchesResource,
        AsyncBatchesResourceWithRawResponse,
        AsyncBatchesResourceWithStreamingResponse,
        BatchesResource,
        BatchesResourceWithRawResponse,
        BatchesResourceWithStreamingResponse,
    )
    from .resources.chat.chat import (
        AsyncChatResource,
        AsyncChatResourceWithRawResponse,
        AsyncChatResourceWithStreamingResponse,
        ChatResource,
        ChatResourceWithRawResponse,
        ChatResourceWithStreamingResponse,
    )
    from .resources.completions import (
        AsyncCompletionsResource,
        AsyncCompletionsResourceWithRawResponse,
        AsyncCompletionsResourceWithStreamingResponse,
        CompletionsResource,
        CompletionsResourceWithRawResponse,
        CompletionsResourceWithStreamingResponse,
    )
    from .resources.files import (
        AsyncFilesResource,
        AsyncFilesResourceWithRawResponse,
        AsyncFilesResourceWithStreamingResponse,
        FilesResource,
        FilesResourceWithRawResponse,
        FilesResourceWithStreamingResponse,
    )
    from .resources.models import (
        AsyncModelsResource,
        AsyncModelsResourceWithRawResponse,
        AsyncModelsResourceWithStreamingResponse,
        ModelsResource,
        ModelsResourceWithRawResponse,
        ModelsResourceWithStreamingResponse,
    )

__all__ = [
    "AsyncCerebrasWithRawResponse",
    "AsyncCerebrasWithStreamedResponse",
    "CerebrasWithRawResponse",
    "CerebrasWithStreamedResponse",
]


class _SyncResources(Protocol):
    """The resources of a sync client (`Cerebras`)."""

    @cached_property
    def batches(self) -> BatchesResource: ...
    @cached_property
    def chat(self) -> ChatResource: ...
    @cached_property
    def completions(self) -> CompletionsResource: ...
    @cached_property
    def files(self) -> FilesResource: ...
    @cached_property
    def models(self) -> ModelsResource: ...


class _AsyncResources(Protocol):
    """The resources of an async client (`AsyncCerebras`)."""

    @cached_property
    def batches(self) -> AsyncBatchesResource: ...
    @cached_property
    def chat(self) -> AsyncChatResource: ...
    @cached_property
    def completions(self) -> AsyncCompletionsResource: ...
    @cached_property
    def files(self) -> AsyncFilesResource: ...
    @cached_property
    def models(self) -> AsyncModelsResource: ...


class CerebrasWithRawResponse:
    """`client.with_raw_response`: every resource, returning `APIResponse` objects."""

    def __init__(self, client: _SyncResources) -> None:
        self._client = client

    @cached_property
    def chat(self) -> ChatResourceWithRawResponse:
        return self._client.chat.with_raw_response

    @cached_property
    def completions(self) -> CompletionsResourceWithRawResponse:
        return self._client.completions.with_raw_response

    @cached_property
    def models(self) -> ModelsResourceWithRawResponse:
        return self._client.models.with_raw_response

    @cached_property
    def files(self) -> FilesResourceWithRawResponse:
        return self._client.files.with_raw_response

    @cached_property
    def batches(self) -> BatchesResourceWithRawResponse:
        return self._client.batches.with_raw_response


class AsyncCerebrasWithRawResponse:
    """`client.with_raw_response` of `AsyncCerebras`."""

    def __init__(self, client: _AsyncResources) -> None:
        self._client = client

    @cached_property
    def chat(self) -> AsyncChatResourceWithRawResponse:
        return self._client.chat.with_raw_response

    @cached_property
    def completions(self) -> AsyncCompletionsResourceWithRawResponse:
        return self._client.completions.with_raw_response

    @cached_property
    def models(self) -> AsyncModelsResourceWithRawResponse:
        return self._client.models.with_raw_response

    @cached_property
    def files(self) -> AsyncFilesResourceWithRawResponse:
        return self._client.files.with_raw_response

    @cached_property
    def batches(self) -> AsyncBatchesResourceWithRawResponse:
        return self._client.batches.with_raw_response


class CerebrasWithStreamedResponse:
    """`client.with_streaming_response`: every resource, as context managers."""

    def __init__(self, client: _SyncResources) -> None:
        self._client = client

    @cached_property
    def chat(self) -> ChatResourceWithStreamingResponse:
        return self._client.chat.with_streaming_response

    @cached_property
    def completions(self) -> CompletionsResourceWithStreamingResponse:
        return self._client.completions.with_streaming_response

    @cached_property
    def models(self) -> ModelsResourceWithStreamingResponse:
        return self._client.models.with_streaming_response

    @cached_property
    def files(self) -> FilesResourceWithStreamingResponse:
        return self._client.files.with_streaming_response

    @cached_property
    def batches(self) -> BatchesResourceWithStreamingResponse:
        return self._client.batches.with_streaming_response


class AsyncCerebrasWithStreamedResponse:
    """`client.with_streaming_response` of `AsyncCerebras`."""

    def __init__(self, client: _AsyncResources) -> None:
        self._client = client

    @cached_property
    def chat(self) -> AsyncChatResourceWithStreamingResponse:
        return self._client.chat.with_streaming_response

    @cached_property
    def completions(self) -> AsyncCompletionsResourceWithStreamingResponse:
        return self._client.completions.with_streaming_response

    @cached_property
    def models(self) -> AsyncModelsResourceWithStreamingResponse:
        return self._client.models.with_streaming_response

    @cached_property
    def files(self) -> AsyncFilesResourceWithStreamingResponse:
        return self._client.files.with_streaming_response

    @cached_property
    def batches(self) -> AsyncBatchesResourceWithStreamingResponse:
        return self._client.batches.with_streaming_response
