"""Types of the chat completions endpoint: the `ChatCompletion` union and the request TypedDict."""

from __future__ import annotations

from .chat_completion import ChatCompletion as ChatCompletion
from .chat_completion import CompletionCreateResponse as CompletionCreateResponse
from .completion_create_params import CompletionCreateParams as CompletionCreateParams

__all__ = ["ChatCompletion", "CompletionCreateParams", "CompletionCreateResponse"]
