"""Request shapes of `client.chat.completions.create`: the body TypedDict and its nested parts."""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Union

from typing_extensions import Annotated, Literal, Required, TypedDict

from ..._types import PropertyInfo, SequenceNotStr

__all__ = [
    "CompletionCreateParams",
    "Message",
    "MessageAssistantMessageRequest",
    "MessageAssistantMessageRequestContentUnionMember1",
    "MessageAssistantMessageRequestReasoningUnionMember1",
    "MessageAssistantMessageRequestToolCall",
    "MessageAssistantMessageRequestToolCallFunction",
    "MessageDeveloperMessageRequest",
    "MessageDeveloperMessageRequestContentUnionMember1",
    "MessageDeveloperMessageRequestContentUnionMember1ImageContent",
    "MessageDeveloperMessageRequestContentUnionMember1ImageURLContent",
    "MessageDeveloperMessageRequestContentUnionMember1ImageURLContentImageURL",
    "MessageDeveloperMessageRequestContentUnionMember1TextContent",
    "MessageSystemMessageRequest",
    "MessageSystemMessageRequestContentUnionMember1",
    "MessageSystemMessageRequestContentUnionMember1ImageContent",
    "MessageSystemMessageRequestContentUnionMember1ImageURLContent",
    "MessageSystemMessageRequestContentUnionMember1ImageURLContentImageURL",
    "MessageSystemMessageRequestContentUnionMember1TextContent",
    "MessageToolMessageRequest",
    "MessageToolMessageRequestContentUnionMember1",
    "MessageUserMessageRequest",
    "MessageUserMessageRequestContentUnionMember1",
    "MessageUserMessageRequestContentUnionMember1ImageContent",
    "MessageUserMessageRequestContentUnionMember1ImageURLContent",
    "MessageUserMessageRequestContentUnionMember1ImageURLContentImageURL",
    "MessageUserMessageRequestContentUnionMember1TextContent",
    "Prediction",
    "PredictionContentUnionMember1",
    "ResponseFormat",
    "ResponseFormatResponseFormatJsonObject",
    "ResponseFormatResponseFormatJsonSchema",
    "ResponseFormatResponseFormatJsonSchemaJsonSchema",
    "ResponseFormatResponseFormatText",
    "StreamOptions",
    "Tool",
    "ToolChoice",
    "ToolChoiceChoiceObject",
    "ToolChoiceChoiceObjectFunction",
    "ToolFunction",
]


# --------------------------------------------------------------------------- system message


class MessageSystemMessageRequestContentUnionMember1TextContent(TypedDict, total=False):
    """A text part of a system message."""

    text: Required[str]

    type: Required[Literal["text"]]


class MessageSystemMessageRequestContentUnionMember1ImageURLContentImageURL(TypedDict, total=False):
    """Where an image part of a system message is found."""

    url: Required[str]

    detail: Optional[str]


class MessageSystemMessageRequestContentUnionMember1ImageURLContent(TypedDict, total=False):
    """An image part of a system message, given by URL."""

    image_url: Required[MessageSystemMessageRequestContentUnionMember1ImageURLContentImageURL]

    type: Required[Literal["image_url"]]


class MessageSystemMessageRequestContentUnionMember1ImageContent(TypedDict, total=False):
    """An image part of a system message, given inline."""

    image: Required[str]

    type: Required[Literal["image"]]


MessageSystemMessageRequestContentUnionMember1 = Union[
    MessageSystemMessageRequestContentUnionMember1TextContent,
    MessageSystemMessageRequestContentUnionMember1ImageURLContent,
    MessageSystemMessageRequestContentUnionMember1ImageContent,
]


class MessageSystemMessageRequest(TypedDict, total=False):
    """A system message: instructions for the model."""

    content: Required[Union[str, Iterable[MessageSystemMessageRequestContentUnionMember1]]]

    name: Optional[str]

    role: Literal["system"]


# --------------------------------------------------------------------------- developer message


class MessageDeveloperMessageRequestContentUnionMember1TextContent(TypedDict, total=False):
    """A text part of a developer message."""

    text: Required[str]

    type: Required[Literal["text"]]


class MessageDeveloperMessageRequestContentUnionMember1ImageURLContentImageURL(TypedDict, total=False):
    """Where an image part of a developer message is found."""

    url: Required[str]

    detail: Optional[str]


class MessageDeveloperMessageRequestContentUnionMember1ImageURLContent(TypedDict, total=False):
    """An image part of a developer message, given by URL."""

    image_url: Required[MessageDeveloperMessageRequestContentUnionMember1ImageURLContentImageURL]

    type: Required[Literal["image_url"]]


class MessageDeveloperMessageRequestContentUnionMember1ImageContent(TypedDict, total=False):
    """An image part of a developer message, given inline."""

    image: Required[str]

    type: Required[Literal["image"]]


MessageDeveloperMessageRequestContentUnionMember1 = Union[
    MessageDeveloperMessageRequestContentUnionMember1TextContent,
    MessageDeveloperMessageRequestContentUnionMember1ImageURLContent,
    MessageDeveloperMessageRequestContentUnionMember1ImageContent,
]


class MessageDeveloperMessageRequest(TypedDict, total=False):
    """A developer message: the system-message equivalent for OpenAI-family models."""

    content: Required[Union[str, Iterable[MessageDeveloperMessageRequestContentUnionMember1]]]

    name: Optional[str]

    role: Literal["developer"]


# --------------------------------------------------------------------------- user message


class MessageUserMessageRequestContentUnionMember1TextContent(TypedDict, total=False):
    """A text part of a user message."""

    text: Required[str]

    type: Required[Literal["text"]]


class MessageUserMessageRequestContentUnionMember1ImageURLContentImageURL(TypedDict, total=False):
    """Where an image part of a user message is found."""

    url: Required[str]

    detail: Optional[str]


class MessageUserMessageRequestContentUnionMember1ImageURLContent(TypedDict, total=False):
    """An image part of a user message, given by URL."""

    image_url: Required[MessageUserMessageRequestContentUnionMember1ImageURLContentImageURL]

    type: Required[Literal["image_url"]]


class MessageUserMessageRequestContentUnionMember1ImageContent(TypedDict, total=False):
    """An image part of a user message, given inline."""

    image: Required[str]

    type: Required[Literal["image"]]


MessageUserMessageRequestContentUnionMember1 = Union[
    MessageUserMessageRequestContentUnionMember1TextContent,
    MessageUserMessageRequestContentUnionMember1ImageURLContent,
    MessageUserMessageRequestContentUnionMember1ImageContent,
]


class MessageUserMessageRequest(TypedDict, total=False):
    """A user message: what the end user said."""

    content: Required[Union[str, Iterable[MessageUserMessageRequestContentUnionMember1]]]

    name: Optional[str]

    role: Literal["user"]


# --------------------------------------------------------------------------- assistant message


class MessageAssistantMessageRequestContentUnionMember1(TypedDict, total=False):
    """A text part of an earlier assistant message."""

    text: Required[str]

    type: Required[Literal["text"]]


class MessageAssistantMessageRequestReasoningUnionMember1(TypedDict, total=False):
    """A text part of an earlier assistant message's reasoning."""

    text: Required[str]

    type: Required[Literal["text"]]


class MessageAssistantMessageRequestToolCallFunction(TypedDict, total=False):
    """The function an earlier tool call invoked."""

    arguments: Required[str]

    name: Required[str]


class MessageAssistantMessageRequestToolCall(TypedDict, total=False):
    """A tool call made in an earlier assistant message."""

    id: Required[str]

    function: Required[MessageAssistantMessageRequestToolCallFunction]

    type: Required[Literal["function"]]

    index: Optional[int]


class MessageAssistantMessageRequest(TypedDict, total=False):
    """An earlier assistant turn of the conversation."""

    content: Union[str, Iterable[MessageAssistantMessageRequestContentUnionMember1], None]

    name: Optional[str]

    reasoning: Union[str, Iterable[MessageAssistantMessageRequestReasoningUnionMember1], None]

    role: Literal["assistant"]

    tool_calls: Optional[Iterable[MessageAssistantMessageRequestToolCall]]


# --------------------------------------------------------------------------- tool message


class MessageToolMessageRequestContentUnionMember1(TypedDict, total=False):
    """A text part of a tool result message."""

    text: Required[str]

    type: Required[Literal["text"]]


class MessageToolMessageRequest(TypedDict, total=False):
    """The result of a tool call, sent back to the model."""

    content: Required[Union[str, Iterable[MessageToolMessageRequestContentUnionMember1]]]

    tool_call_id: Required[str]

    name: Optional[str]

    role: Literal["tool"]


Message = Union[
    MessageSystemMessageRequest,
    MessageDeveloperMessageRequest,
    MessageUserMessageRequest,
    MessageAssistantMessageRequest,
    MessageToolMessageRequest,
]


# --------------------------------------------------------------------------- prediction


class PredictionContentUnionMember1(TypedDict, total=False):
    """A text part of a predicted output."""

    text: Required[str]

    type: Required[Literal["text"]]


class Prediction(TypedDict, total=False):
    """Output the model is expected to largely reproduce, to speed up generation."""

    content: Required[Union[str, Iterable[PredictionContentUnionMember1]]]

    type: Required[Literal["content"]]


# --------------------------------------------------------------------------- response format


class ResponseFormatResponseFormatText(TypedDict, total=False):
    """Ask for plain text output."""

    type: Required[Literal["text"]]


class ResponseFormatResponseFormatJsonObject(TypedDict, total=False):
    """Ask for any valid JSON object as output."""

    type: Required[Literal["json_object"]]


class ResponseFormatResponseFormatJsonSchemaJsonSchema(TypedDict, total=False):
    """A named JSON Schema the output must follow."""

    name: Required[str]

    description: Optional[str]

    schema: Optional[Dict[str, object]]

    strict: Optional[bool]


class ResponseFormatResponseFormatJsonSchema(TypedDict, total=False):
    """Ask for JSON output that follows a given schema."""

    json_schema: Required[ResponseFormatResponseFormatJsonSchemaJsonSchema]

    type: Required[Literal["json_schema"]]


ResponseFormat = Union[
    ResponseFormatResponseFormatText,
    ResponseFormatResponseFormatJsonObject,
    ResponseFormatResponseFormatJsonSchema,
]


# --------------------------------------------------------------------------- tools


class ToolChoiceChoiceObjectFunction(TypedDict, total=False):
    """The function the model is made to call."""

    name: Required[str]


class ToolChoiceChoiceObject(TypedDict, total=False):
    """Make the model call one specific function."""

    function: Required[ToolChoiceChoiceObjectFunction]

    type: Required[str]


ToolChoice = Union[Literal["none", "auto", "required"], ToolChoiceChoiceObject]


class ToolFunction(TypedDict, total=False):
    """A function the model may call: its name, purpose and JSON Schema parameters."""

    name: Required[str]

    description: Optional[str]

    parameters: Optional[Dict[str, object]]

    strict: bool


class Tool(TypedDict, total=False):
    """A tool the model may call."""

    function: Required[ToolFunction]

    type: Required[str]


# --------------------------------------------------------------------------- stream options


class StreamOptions(TypedDict, total=False):
    """Options of a streamed response."""

    include_usage: Optional[bool]


# --------------------------------------------------------------------------- the request body


class CompletionCreateParams(TypedDict, total=False):
    """The parameters of `client.chat.completions.create`."""

    # Generated from scripts/signature_spec.py up to `@end-generate`: do not edit, run scripts/generate_signatures.py.
    # @generate: fields chat body
    messages: Required[Iterable[Message]]

    model: Required[str]

    clear_thinking: Optional[bool]

    disable_reasoning: Optional[bool]

    frequency_penalty: Optional[float]

    logit_bias: Optional[Dict[str, float]]

    logprobs: Optional[bool]

    max_completion_tokens: Optional[int]

    max_tokens: Optional[int]

    min_completion_tokens: Optional[int]

    min_tokens: Optional[int]

    model_parameters: Optional[Dict[str, object]]

    n: Optional[int]

    parallel_tool_calls: Optional[bool]

    prediction: Optional[Prediction]

    presence_penalty: Optional[float]

    prompt_cache_key: Optional[str]

    reasoning_effort: Optional[Literal["none", "low", "medium", "high"]]

    reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"]

    response_format: Optional[ResponseFormat]

    seed: Optional[int]

    service_tier: Optional[Literal["auto", "default", "flex", "priority"]]

    stop: Union[str, SequenceNotStr[str], None]

    stream: Optional[bool]

    stream_options: Optional[StreamOptions]

    temperature: Optional[float]

    tool_choice: Optional[ToolChoice]

    tools: Optional[Iterable[Tool]]

    top_logprobs: Optional[int]

    top_p: Optional[float]

    user: Optional[str]

    cf_ray: Annotated[str, PropertyInfo(alias="CF-RAY")]

    x_amz_cf_id: Annotated[str, PropertyInfo(alias="X-Amz-Cf-Id")]

    x_delay_time: Annotated[float, PropertyInfo(alias="X-delay-time")]
    # @end-generate
