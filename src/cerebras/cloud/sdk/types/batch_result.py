"""One line of a batch's output file: `BatchResult` and its `BatchResultError`."""

from __future__ import annotations

from typing import Optional

from .._models import BaseModel
from .chat.chat_completion import ChatCompletionResponse

__all__ = ["BatchResult", "BatchResultError"]


class BatchResultError(BaseModel):
    """Why one request of a batch failed or expired."""

    code: Optional[str] = None
    """e.g. `"invalid_request"`, or `"timeout"` for an expired request."""

    message: Optional[str] = None


class BatchResult(BaseModel):
    """The outcome of one request of a batch, matched to the input by `custom_id`.

    Results come in no particular order; join them to your inputs on `custom_id`.
    """

    custom_id: str
    """The id given to the request in the input file."""

    status: str
    """`"succeeded"`, `"failed"` or `"expired"`."""

    response: Optional[ChatCompletionResponse] = None
    """The chat completion, when the request succeeded."""

    error: Optional[BatchResultError] = None
    """What went wrong, when it failed or expired."""
