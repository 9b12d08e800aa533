"""The errors of structured outputs and tools.

```
CerebrasError
└── StructuredOutputError
    ├── SchemaNotSupportedError          (also a ValueError) a type strict mode cannot serve
    ├── OutputValidationError            the reply does not match the requested type
    ├── LengthFinishReasonError          the reply was cut at the token limit
    ├── ContentFilterFinishReasonError   the reply was stopped by the content filter
    ├── ToolCallError                    a tool call names an unknown tool or has bad arguments
    │   └── ToolArgumentsError           (also an OutputValidationError) the bad arguments
    └── UnexpectedResponseError          the API answered with something other than a completion
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..._lib_interface import CerebrasError

if TYPE_CHECKING:
    from ...types.chat.chat_completion import ChatCompletionResponse

__all__ = [
    "ContentFilterFinishReasonError",
    "LengthFinishReasonError",
    "OutputValidationError",
    "SchemaNotSupportedError",
    "StructuredOutputError",
    "ToolArgumentsError",
    "ToolCallError",
    "UnexpectedResponseError",
]


class StructuredOutputError(CerebrasError):
    """Root of the errors raised by `parse()`, `run_tools()`, the schema converter and the tool builders."""


class SchemaNotSupportedError(StructuredOutputError, ValueError):
    """A schema (or the type it came from) uses something Cerebras strict mode cannot serve.

    `path` is a JSON pointer into the schema as the user wrote it (`#/properties/tags`), and
    `reason` says what is wrong there and what to use instead.
    """

    path: str
    reason: str

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class OutputValidationError(StructuredOutputError):
    """The model's reply is not valid JSON of the requested type.

    `content` is the raw text of the reply, `completion` the whole response; the pydantic
    `ValidationError` (or `json.JSONDecodeError`) is chained as `__cause__`.
    """

    content: str
    completion: ChatCompletionResponse
    choice_index: int

    def __init__(self, message: str, *, content: str, completion: ChatCompletionResponse, choice_index: int) -> None:
        super().__init__(message)
        self.content = content
        self.completion = completion
        self.choice_index = choice_index


class LengthFinishReasonError(StructuredOutputError):
    """The reply stopped at the token limit (`finish_reason == "length"`), so it is incomplete.

    Raise `max_completion_tokens`, or ask for a smaller object. `completion` holds the reply.
    """

    completion: ChatCompletionResponse

    def __init__(self, completion: ChatCompletionResponse) -> None:
        usage = completion.usage
        used = f" after {usage.completion_tokens} completion tokens" if usage and usage.completion_tokens else ""
        super().__init__(
            f"The output was cut at the token limit{used} (finish_reason='length'), so it cannot be parsed; "
            "raise max_completion_tokens or ask for less."
        )
        self.completion = completion


class ContentFilterFinishReasonError(StructuredOutputError):
    """The reply was stopped by the content filter (`finish_reason == "content_filter"`)."""

    completion: ChatCompletionResponse

    def __init__(self, completion: ChatCompletionResponse) -> None:
        super().__init__("The output was stopped by the content filter (finish_reason='content_filter').")
        self.completion = completion


class ToolCallError(StructuredOutputError):
    """A tool call in the reply names a tool that was not offered, or its arguments do not validate.

    `name`, `arguments` (the raw JSON text) and `tool_call_id` come from the call; a validation
    error, when there is one, is chained as `__cause__`.
    """

    name: Optional[str]
    arguments: Optional[str]
    tool_call_id: Optional[str]

    def __init__(
        self, message: str, *, name: Optional[str], arguments: Optional[str], tool_call_id: Optional[str]
    ) -> None:
        super().__init__(message)
        self.name = name
        self.arguments = arguments
        self.tool_call_id = tool_call_id


class ToolArgumentsError(ToolCallError, OutputValidationError):
    """The arguments of a tool call in the reply are not valid for the tool: not JSON, nested
    too deeply to decode, or not matching its parameters.

    Both a `ToolCallError` (`name`, `arguments`, `tool_call_id`) and an `OutputValidationError`
    (`content` is the arguments' raw text; `completion`, `choice_index`): catch either.
    """

    def __init__(
        self,
        message: str,
        *,
        name: Optional[str],
        arguments: Optional[str],
        tool_call_id: Optional[str],
        completion: ChatCompletionResponse,
        choice_index: int,
    ) -> None:
        StructuredOutputError.__init__(self, message)
        self.name = name
        self.arguments = arguments
        self.tool_call_id = tool_call_id
        self.content = arguments or ""
        self.completion = completion
        self.choice_index = choice_index


class UnexpectedResponseError(StructuredOutputError):
    """The API answered with something other than a chat completion.

    `response` is what `create()` returned.
    """

    response: object

    def __init__(self, response: object) -> None:
        error = getattr(response, "error", None)
        detail = getattr(error, "message", None) or type(response).__name__
        super().__init__(f"Expected a chat completion, got: {detail}")
        self.response = response
