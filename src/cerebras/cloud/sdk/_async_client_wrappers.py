"""`client.with_raw_response` and `client.with_streaming_response` of `AsyncCerebras`: every
resource of the client, returning raw responses (or context managers around them)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from typing_extensions import Protocol

if TYPE_CHECKING:
    from .resources.batches import (
        AsyncBatchesResource,
        AsyncBatchesResourceWithRawResponse,
        AsyncBatchesResourceWithStreamingResponse,
    )
    from .resources.chat.chat import (
        AsyncChatResource,
        AsyncChatResourceWithRawResponse,
        AsyncChatResourceWithStreamingResponse,
    )
    from .resources.completions import (
        AsyncCompletionsResource,
        AsyncCompletionsResourceWithRawResponse,
        AsyncCompletionsResourceWithStreamingResponse,
    )
    from .resources.files import (
        AsyncFilesResource,
        AsyncFilesResourceWithRawResponse,
        AsyncFilesResourceWithStreamingResponse,
    )
    from .resources.models import (
        AsyncModelsResource,
        AsyncModelsResourceWithRawResponse,
        AsyncModelsResourceWithStreamingResponse,
    )

__all__ = ["AsyncCerebrasWithRawResponse", "AsyncCerebrasWithStreamedResponse"]


class _AsyncResources(Protocol):
    """The resources of a client (`AsyncCerebras`)."""

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


class AsyncCerebrasWithRawResponse:
    """`client.with_raw_response` of `AsyncCerebras`: every resource, returning `AsyncAPIResponse` objects."""

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


class AsyncCerebrasWithStreamedResponse:
    """`client.with_streaming_response` of `AsyncCerebras`: every resource, as context managers."""

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
