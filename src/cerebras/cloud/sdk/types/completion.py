"""Response models of `client.completions.create` (legacy text completions): the `Completion` union."""

from __future__ import annotations

from typing import Dict, List, Optional, Union

from typing_extensions import Literal

from .._models import BaseModel, ErrorResponseModel

__all__ = [
    "Completion",
    "CompletionResponse",
    "CompletionResponseChoice",
    "CompletionResponseChoiceLogprobs",
    "CompletionResponseTimeInfo",
    "CompletionResponseUsage",
    "CompletionResponseUsageCompletionTokensDetails",
    "CompletionResponseUsagePromptTokensDetails",
    "ErrorChunkResponse",
    "ErrorChunkResponseError",
]


class CompletionResponseChoiceLogprobs(BaseModel):
    """Log-probabilities of the generated tokens, in the legacy per-token list layout."""

    text_offset: Optional[List[int]] = None

    token_logprobs: Optional[List[float]] = None

    tokens: Optional[List[str]] = None

    top_logprobs: Optional[List[Dict[str, float]]] = None


class CompletionResponseChoice(BaseModel):
    """One generated alternative of a text completion (or its part carried by one stream event)."""

    index: int

    finish_reason: Optional[Literal["stop", "length", "content_filter", "tool_calls"]] = None

    logprobs: Optional[CompletionResponseChoiceLogprobs] = None

    text: Optional[str] = None

    tokens: Optional[List[int]] = None


class CompletionResponseTimeInfo(BaseModel):
    """Server-side timings of the request, in seconds."""

    completion_time: Optional[float] = None

    created: Optional[float] = None

    prompt_time: Optional[float] = None

    queue_time: Optional[float] = None

    total_time: Optional[float] = None


class CompletionResponseUsageCompletionTokensDetails(BaseModel):
    """Breakdown of the completion tokens."""

    accepted_prediction_tokens: Optional[int] = None

    reasoning_tokens: Optional[int] = None

    rejected_prediction_tokens: Optional[int] = None


class CompletionResponseUsagePromptTokensDetails(BaseModel):
    """Breakdown of the prompt tokens."""

    cached_tokens: Optional[int] = None


class CompletionResponseUsage(BaseModel):
    """Token counts of the request."""

    completion_tokens: Optional[int] = None

    completion_tokens_details: Optional[CompletionResponseUsageCompletionTokensDetails] = None

    image_tokens: Optional[int] = None

    prompt_tokens: Optional[int] = None

    prompt_tokens_details: Optional[CompletionResponseUsagePromptTokensDetails] = None

    total_tokens: Optional[int] = None


class CompletionResponse(BaseModel):
    """A text completion, or one event of a streamed one (both have this shape)."""

    id: str

    choices: List[CompletionResponseChoice]

    created: int

    model: str

    object: Literal["text_completion"]

    system_fingerprint: str

    time_info: Optional[CompletionResponseTimeInfo] = None

    usage: Optional[CompletionResponseUsage] = None


class ErrorChunkResponseError(BaseModel):
    """What went wrong, as reported inside a successful (2xx) response."""

    id: Optional[str] = None

    code: Optional[str] = None

    message: Optional[str] = None

    param: Optional[str] = None

    type: Optional[str] = None


class ErrorChunkResponse(ErrorResponseModel):
    """An error the server returned in place of a completion, with a 2xx HTTP status.

    Never returned by the client: such a body raises the `APIStatusError` its `status_code` maps to.
    """

    error: ErrorChunkResponseError

    status_code: int


Completion = Union[CompletionResponse, ErrorChunkResponse]
"""Any body the text completions endpoint can send. `create` returns a `CompletionResponse` (or,
with `stream=True`, a stream of them); an `ErrorChunkResponse` body raises."""
