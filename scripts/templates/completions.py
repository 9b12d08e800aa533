"""`client.completions`: legacy text completions, plain or streamed."""

from __future__ import annotations

from functools import cached_property
from typing import Dict, Iterable, Optional, Union, overload

import httpx
from typing_extensions import Literal

from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._streaming import AsyncStream, Stream
from .._types import (
    Body,
    Headers,
    NotGiven,
    Omit,
    Query,
    SequenceNotStr,
    not_given,
    omit,
)
from ..types import completion_create_params
from ..types.completion import Completion, CompletionResponse
from ._base import AsyncAPIResource, SyncAPIResource, inference_options

__all__ = [
    "AsyncCompletionsResource",
    "AsyncCompletionsResourceWithRawResponse",
    "AsyncCompletionsResourceWithStreamingResponse",
    "CompletionsResource",
    "CompletionsResourceWithRawResponse",
    "CompletionsResourceWithStreamingResponse",
]


class AsyncCompletionsResource(AsyncAPIResource):
    # unasync: sync-only: """Legacy text completions: `client.completions.create(...)`."""
    """Legacy text completions: `client.completions.create(...)`. (async)"""  # unasync: async-only

    @cached_property
    def with_raw_response(self) -> AsyncCompletionsResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse` (headers, status, `parse()`)."""
        return AsyncCompletionsResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncCompletionsResourceWithStreamingResponse:
        # unasync: sync-only: """The same methods as context managers; the body is read only when you ask."""
        """The same methods as async context managers; the body is read only when you ask."""  # unasync: async-only
        return AsyncCompletionsResourceWithStreamingResponse(self)

    # @generate: overloads completions
    async def create(
        self,
        # @generate: signature completions
    ) -> CompletionResponse | AsyncStream[CompletionResponse]:
        # unasync: sync-only: """Create a text completion (legacy); with `stream=True`, a `Stream` of partial completions.
        # unasync: async-only
        """Create a text completion (legacy); with `stream=True`, an `AsyncStream` of partial completions.

        ```py
        completion = await client.completions.create(model="llama3.1-8b", prompt="Roses are red,", max_tokens=12)
        print(completion.choices[0].text)
        ```

        Every optional parameter left out is not sent; `None` is sent as `null`.

        Args:
          # @generate: args completions
        """
        return await self._client.request(
            Completion,
            inference_options(self._client, "/v1/completions", locals()),
            stream=bool(stream),
            stream_cls=AsyncStream[CompletionResponse],
        )


class AsyncCompletionsResourceWithRawResponse:
    """`create` returning `AsyncAPIResponse`."""

    def __init__(self, completions: AsyncCompletionsResource) -> None:
        self._completions = completions
        self.create = async_to_raw_response_wrapper(completions.create)


class AsyncCompletionsResourceWithStreamingResponse:
    # unasync: sync-only: """`create` as a context manager around an unread `APIResponse`."""
    """`create` as an async context manager around an unread `AsyncAPIResponse`."""  # unasync: async-only

    def __init__(self, completions: AsyncCompletionsResource) -> None:
        self._completions = completions
        self.create = async_to_streamed_response_wrapper(completions.create)
