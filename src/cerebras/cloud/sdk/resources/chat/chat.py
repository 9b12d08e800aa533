"""`client.chat`: the chat namespace, holding `completions`."""

from __future__ import annotations

from functools import cached_property

from .._base import AsyncAPIResource, SyncAPIResource
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
    "ChatResource",
    "ChatResourceWithRawResponse",
    "ChatResourceWithStreamingResponse",
]


class ChatResource(SyncAPIResource):
    """`client.chat`: `client.chat.completions.create(...)`."""

    @cached_property
    def completions(self) -> CompletionsResource:
        """Chat completions."""
        return CompletionsResource(self._client)

    @cached_property
    def with_raw_response(self) -> ChatResourceWithRawResponse:
        """`client.chat.with_raw_response.completions.create(...)` returns an `APIResponse`."""
        return ChatResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ChatResourceWithStreamingResponse:
        """`client.chat.with_streaming_response.completions.create(...)` is a context manager."""
        return ChatResourceWithStreamingResponse(self)


class AsyncChatResource(AsyncAPIResource):
    """`client.chat` of `AsyncCerebras`."""

    @cached_property
    def completions(self) -> AsyncCompletionsResource:
        """Chat completions."""
        return AsyncCompletionsResource(self._client)

    @cached_property
    def with_raw_response(self) -> AsyncChatResourceWithRawResponse:
        """`client.chat.with_raw_response.completions.create(...)` returns an `AsyncAPIResponse`."""
        return AsyncChatResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncChatResourceWithStreamingResponse:
        """`client.chat.with_streaming_response.completions.create(...)` is an async context manager."""
        return AsyncChatResourceWithStreamingResponse(self)


class ChatResourceWithRawResponse:
    """`client.chat.with_raw_response`."""

    def __init__(self, chat: ChatResource) -> None:
        self._chat = chat

    @cached_property
    def completions(self) -> CompletionsResourceWithRawResponse:
        return CompletionsResourceWithRawResponse(self._chat.completions)


class AsyncChatResourceWithRawResponse:
    """`client.chat.with_raw_response` of `AsyncCerebras`."""

    def __init__(self, chat: AsyncChatResource) -> None:
        self._chat = chat

    @cached_property
    def completions(self) -> AsyncCompletionsResourceWithRawResponse:
        return AsyncCompletionsResourceWithRawResponse(self._chat.completions)


class ChatResourceWithStreamingResponse:
    """`client.chat.with_streaming_response`."""

    def __init__(self, chat: ChatResource) -> None:
        self._chat = chat

    @cached_property
    def completions(self) -> CompletionsResourceWithStreamingResponse:
        return CompletionsResourceWithStreamingResponse(self._chat.completions)


class AsyncChatResourceWithStreamingResponse:
    """`client.chat.with_streaming_response` of `AsyncCerebras`."""

    def __init__(self, chat: AsyncChatResource) -> None:
        self._chat = chat

    @cached_property
    def completions(self) -> AsyncCompletionsResourceWithStreamingResponse:
        return AsyncCompletionsResourceWithStreamingResponse(self._chat.completions)
