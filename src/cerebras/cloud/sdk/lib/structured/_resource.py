"""`client.chat.completions.parse(...)` and `.run_tools(...)`, mixed into the chat resource."""

from __future__ import annotations

__all__ = ["AsyncStructuredMixin", "StructuredMixin"]


class StructuredMixin:
    """Structured-output and tool-loop methods of the sync chat completions resource."""


class AsyncStructuredMixin:
    """Structured-output and tool-loop methods of the async chat completions resource."""
