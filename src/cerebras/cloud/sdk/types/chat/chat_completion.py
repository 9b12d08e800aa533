"""Response models of `client.chat.completions.create`: the `ChatCompletion` union and its parts."""

from __future__ import annotations

from typing import List, Optional, Union

from pydantic import Field
from typing_extensions import Literal

from ..._models import BaseModel, ErrorResponseModel

__all__ = [
    "ChatChunkResponse",
    "ChatChunkResponseChoice",
    "ChatChunkResponseChoiceDelta",
    "ChatChunkResponseChoiceDeltaToolCall",
    "ChatChunkResponseChoiceDeltaToolCallFunction",
    "ChatChunkResponseChoiceLogprobs",
    "ChatChunkResponseChoiceLogprobsContent",
    "ChatChunkResponseChoiceLogprobsContentTopLogprob",
    "ChatChunkResponseChoiceLogprobsRefusal",
    "ChatChunkResponseChoiceLogprobsRefusalTopLogprob",
    "ChatChunkResponseChoiceReasoningLogprobs",
    "ChatChunkResponseChoiceReasoningLogprobsContent",
    "ChatChunkResponseChoiceReasoningLogprobsContentTopLogprob",
    "ChatChunkResponseChoiceReasoningLogprobsRefusal",
    "ChatChunkResponseChoiceReasoningLogprobsRefusalTopLogprob",
    "ChatChunkResponseTimeInfo",
    "ChatChunkResponseUsage",
    "ChatChunkResponseUsageCompletionTokensDetails",
    "ChatChunkResponseUsagePromptTokensDetails",
    "ChatCompletion",
    "ChatCompletionResponse",
    "ChatCompletionResponseChoice",
    "ChatCompletionResponseChoiceLogprobs",
    "ChatCompletionResponseChoiceLogprobsContent",
    "ChatCompletionResponseChoiceLogprobsContentTopLogprob",
    "ChatCompletionResponseChoiceLogprobsRefusal",
    "ChatCompletionResponseChoiceLogprobsRefusalTopLogprob",
    "ChatCompletionResponseChoiceMessage",
    "ChatCompletionResponseChoiceMessageToolCall",
    "ChatCompletionResponseChoiceMessageToolCallFunction",
    "ChatCompletionResponseChoiceReasoningLogprobs",
    "ChatCompletionResponseChoiceReasoningLogprobsContent",
    "ChatCompletionResponseChoiceReasoningLogprobsContentTopLogprob",
    "ChatCompletionResponseChoiceReasoningLogprobsRefusal",
    "ChatCompletionResponseChoiceReasoningLogprobsRefusalTopLogprob",
    "ChatCompletionResponseTimeInfo",
    "ChatCompletionResponseUsage",
    "ChatCompletionResponseUsageCompletionTokensDetails",
    "ChatCompletionResponseUsagePromptTokensDetails",
    "ErrorChunkResponse",
    "ErrorChunkResponseError",
]


# --------------------------------------------------------------------------- ChatCompletionResponse


class ChatCompletionResponseChoiceMessageToolCallFunction(BaseModel):
    """The function a tool call invokes: its name and JSON-encoded arguments."""

    arguments: Optional[str] = None

    name: Optional[str] = None


class ChatCompletionResponseChoiceMessageToolCall(BaseModel):
    """One tool call requested by the assistant."""

    function: ChatCompletionResponseChoiceMessageToolCallFunction

    type: Literal["function"]

    id: Optional[str] = None

    index: Optional[int] = None


class ChatCompletionResponseChoiceMessage(BaseModel):
    """The message generated for one choice."""

    role: Literal["assistant", "user", "system", "tool"]

    content: Optional[str] = None

    reasoning: Optional[str] = None

    tool_calls: Optional[List[ChatCompletionResponseChoiceMessageToolCall]] = None


class ChatCompletionResponseChoiceLogprobsContentTopLogprob(BaseModel):
    """An alternative token at one position of the content, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceLogprobsContent(BaseModel):
    """Log-probability of one content token, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatCompletionResponseChoiceLogprobsContentTopLogprob]

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceLogprobsRefusalTopLogprob(BaseModel):
    """An alternative token at one position of the refusal, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceLogprobsRefusal(BaseModel):
    """Log-probability of one refusal token, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatCompletionResponseChoiceLogprobsRefusalTopLogprob]

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceLogprobs(BaseModel):
    """Log-probabilities of the tokens of one choice's answer."""

    content: Optional[List[ChatCompletionResponseChoiceLogprobsContent]] = None

    refusal: Optional[List[ChatCompletionResponseChoiceLogprobsRefusal]] = None


class ChatCompletionResponseChoiceReasoningLogprobsContentTopLogprob(BaseModel):
    """An alternative token at one position of the reasoning, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceReasoningLogprobsContent(BaseModel):
    """Log-probability of one reasoning token, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatCompletionResponseChoiceReasoningLogprobsContentTopLogprob]

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceReasoningLogprobsRefusalTopLogprob(BaseModel):
    """An alternative refusal token in the reasoning, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceReasoningLogprobsRefusal(BaseModel):
    """Log-probability of one refusal token in the reasoning, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatCompletionResponseChoiceReasoningLogprobsRefusalTopLogprob]

    bytes: Optional[List[int]] = None


class ChatCompletionResponseChoiceReasoningLogprobs(BaseModel):
    """Log-probabilities of the tokens of one choice's reasoning."""

    content: Optional[List[ChatCompletionResponseChoiceReasoningLogprobsContent]] = None

    refusal: Optional[List[ChatCompletionResponseChoiceReasoningLogprobsRefusal]] = None


class ChatCompletionResponseChoice(BaseModel):
    """One generated alternative of a chat completion."""

    index: int

    message: ChatCompletionResponseChoiceMessage

    finish_reason: Optional[Literal["stop", "length", "content_filter", "tool_calls"]] = None

    logprobs: Optional[ChatCompletionResponseChoiceLogprobs] = None

    reasoning_logprobs: Optional[ChatCompletionResponseChoiceReasoningLogprobs] = None


class ChatCompletionResponseTimeInfo(BaseModel):
    """Server-side timings of the request, in seconds."""

    completion_time: Optional[float] = None

    created: Optional[float] = None

    prompt_time: Optional[float] = None

    queue_time: Optional[float] = None

    total_time: Optional[float] = None


class ChatCompletionResponseUsageCompletionTokensDetails(BaseModel):
    """Breakdown of the completion tokens."""

    accepted_prediction_tokens: Optional[int] = None

    reasoning_tokens: Optional[int] = None

    rejected_prediction_tokens: Optional[int] = None


class ChatCompletionResponseUsagePromptTokensDetails(BaseModel):
    """Breakdown of the prompt tokens."""

    cached_tokens: Optional[int] = None


class ChatCompletionResponseUsage(BaseModel):
    """Token counts of the request."""

    completion_tokens: Optional[int] = None

    completion_tokens_details: Optional[ChatCompletionResponseUsageCompletionTokensDetails] = None

    image_tokens: Optional[int] = None

    prompt_tokens: Optional[int] = None

    prompt_tokens_details: Optional[ChatCompletionResponseUsagePromptTokensDetails] = None

    total_tokens: Optional[int] = None


class ChatCompletionResponse(BaseModel):
    """A complete (non-streamed) chat completion."""

    id: str

    choices: List[ChatCompletionResponseChoice]

    created: int

    model: str

    object: Literal["chat.completion"]

    system_fingerprint: str

    service_tier: Optional[str] = None

    time_info: Optional[ChatCompletionResponseTimeInfo] = None

    usage: Optional[ChatCompletionResponseUsage] = None


# --------------------------------------------------------------------------- ChatChunkResponse


class ChatChunkResponseChoiceDeltaToolCallFunction(BaseModel):
    """The part of a tool call's function (name, argument text) carried by one chunk."""

    arguments: Optional[str] = None

    name: Optional[str] = None


class ChatChunkResponseChoiceDeltaToolCall(BaseModel):
    """The part of one tool call carried by one chunk."""

    function: ChatChunkResponseChoiceDeltaToolCallFunction

    type: Literal["function"]

    id: Optional[str] = None

    index: Optional[int] = None


class ChatChunkResponseChoiceDelta(BaseModel):
    """The increment of the assistant message carried by one chunk."""

    content: Optional[str] = None

    reasoning: Optional[str] = None

    role: Optional[Literal["assistant", "user", "system", "tool"]] = None

    tokens: Optional[List[int]] = None

    tool_calls: Optional[List[ChatChunkResponseChoiceDeltaToolCall]] = None


class ChatChunkResponseChoiceLogprobsContentTopLogprob(BaseModel):
    """An alternative token at one position of the content, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceLogprobsContent(BaseModel):
    """Log-probability of one content token, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatChunkResponseChoiceLogprobsContentTopLogprob]

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceLogprobsRefusalTopLogprob(BaseModel):
    """An alternative token at one position of the refusal, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceLogprobsRefusal(BaseModel):
    """Log-probability of one refusal token, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatChunkResponseChoiceLogprobsRefusalTopLogprob]

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceLogprobs(BaseModel):
    """Log-probabilities of the answer tokens carried by one chunk."""

    content: Optional[List[ChatChunkResponseChoiceLogprobsContent]] = None

    refusal: Optional[List[ChatChunkResponseChoiceLogprobsRefusal]] = None


class ChatChunkResponseChoiceReasoningLogprobsContentTopLogprob(BaseModel):
    """An alternative token at one position of the reasoning, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceReasoningLogprobsContent(BaseModel):
    """Log-probability of one reasoning token, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatChunkResponseChoiceReasoningLogprobsContentTopLogprob]

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceReasoningLogprobsRefusalTopLogprob(BaseModel):
    """An alternative refusal token in the reasoning, with its log-probability."""

    token: str

    logprob: float

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceReasoningLogprobsRefusal(BaseModel):
    """Log-probability of one refusal token in the reasoning, with the most likely alternatives."""

    token: str

    logprob: float

    top_logprobs: List[ChatChunkResponseChoiceReasoningLogprobsRefusalTopLogprob]

    bytes: Optional[List[int]] = None


class ChatChunkResponseChoiceReasoningLogprobs(BaseModel):
    """Log-probabilities of the reasoning tokens carried by one chunk."""

    content: Optional[List[ChatChunkResponseChoiceReasoningLogprobsContent]] = None

    refusal: Optional[List[ChatChunkResponseChoiceReasoningLogprobsRefusal]] = None


class ChatChunkResponseChoice(BaseModel):
    """The part of one generated alternative carried by one chunk."""

    index: int

    delta: ChatChunkResponseChoiceDelta = Field(default_factory=ChatChunkResponseChoiceDelta)
    """Always present: an empty delta when the server leaves it out (or, unless responses are validated strictly, sends `null`)."""

    finish_reason: Optional[Literal["stop", "length", "content_filter", "tool_calls"]] = None

    logprobs: Optional[ChatChunkResponseChoiceLogprobs] = None

    reasoning_logprobs: Optional[ChatChunkResponseChoiceReasoningLogprobs] = None

    text: Optional[str] = None

    tokens: Optional[List[int]] = None


class ChatChunkResponseTimeInfo(BaseModel):
    """Server-side timings of the request, in seconds (normally on the final chunk only)."""

    completion_time: Optional[float] = None

    created: Optional[float] = None

    prompt_time: Optional[float] = None

    queue_time: Optional[float] = None

    total_time: Optional[float] = None


class ChatChunkResponseUsageCompletionTokensDetails(BaseModel):
    """Breakdown of the completion tokens."""

    accepted_prediction_tokens: Optional[int] = None

    reasoning_tokens: Optional[int] = None

    rejected_prediction_tokens: Optional[int] = None


class ChatChunkResponseUsagePromptTokensDetails(BaseModel):
    """Breakdown of the prompt tokens."""

    cached_tokens: Optional[int] = None


class ChatChunkResponseUsage(BaseModel):
    """Token counts of the request (normally on the final chunk only)."""

    completion_tokens: Optional[int] = None

    completion_tokens_details: Optional[ChatChunkResponseUsageCompletionTokensDetails] = None

    image_tokens: Optional[int] = None

    prompt_tokens: Optional[int] = None

    prompt_tokens_details: Optional[ChatChunkResponseUsagePromptTokensDetails] = None

    total_tokens: Optional[int] = None


class ChatChunkResponse(BaseModel):
    """One event of a streamed chat completion."""

    id: str

    created: int

    model: str

    object: Literal["chat.completion.chunk"]

    system_fingerprint: str

    choices: List[ChatChunkResponseChoice] = Field(default_factory=list[ChatChunkResponseChoice])
    """Always present: an empty list when the server leaves it out (or, unless responses are validated strictly, sends `null`)."""

    service_tier: Optional[str] = None

    time_info: Optional[ChatChunkResponseTimeInfo] = None

    usage: Optional[ChatChunkResponseUsage] = None


# --------------------------------------------------------------------------- ErrorChunkResponse


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


ChatCompletion = Union[ChatCompletionResponse, ChatChunkResponse, ErrorChunkResponse]
"""Any body the chat completions endpoint can send. `create` returns a `ChatCompletionResponse`
(or, with `stream=True`, a stream of `ChatChunkResponse`); an `ErrorChunkResponse` body raises."""

CompletionCreateResponse = ChatCompletion
"""The name `ChatCompletion` had before 1.12; kept so old imports keep working."""
