"""`client.chat.completions.stream(...)`, mixed into the chat resource."""

from __future__ import annotations

__all__ = ["AsyncStreamMixin", "StreamMixin"]


class StreamMixin:
    """The `stream()` helper of the sync chat completions resource."""


class AsyncStreamMixin:
    """The `stream()` helper of the async chat completions resource."""
