"""`ParsedChatCompletion[T]`: a chat completion whose messages carry the validated output.

Each class extends its `ChatCompletionResponse` counterpart, so a parsed completion can be used
wherever a completion is expected. At runtime the classes are not parametrised (`parsed` is
whatever `parse()` validated); the type parameter is for the type checker.
"""

from __future__ import annotations

from typing import Generic, List, Optional, TypeVar

from ...types.chat.chat_completion import (
    ChatCompletionResponse,
    ChatCompletionResponseChoice,
    ChatCompletionResponseChoiceMessage,
    ChatCompletionResponseChoiceMessageToolCall,
)

__all__ = ["ContentT", "ParsedChatCompletion", "ParsedChoice", "ParsedMessage", "ParsedToolCall"]

ContentT = TypeVar("ContentT")


class ParsedToolCall(ChatCompletionResponseChoiceMessageToolCall):
    """A tool call whose arguments were decoded and validated.

    `parsed_arguments` is an instance of the tool's model for a `pydantic_function_tool`, a dict
    of validated arguments for a `function_tool`, and the decoded JSON for a plain tool dict.
    """

    parsed_arguments: Optional[object] = None


class ParsedMessage(ChatCompletionResponseChoiceMessage, Generic[ContentT]):
    """An assistant message: `content` is the raw text, `parsed` the validated object.

    `parsed` is `None` when the message has no content (e.g. the model called a tool instead).
    """

    parsed: Optional[ContentT] = None

    tool_calls: Optional[List[ParsedToolCall]] = None  # pyright: ignore[reportIncompatibleVariableOverride]  # narrows the element type


class ParsedChoice(ChatCompletionResponseChoice, Generic[ContentT]):
    """One choice of a parsed completion."""

    message: ParsedMessage[ContentT]  # pyright: ignore[reportIncompatibleVariableOverride]  # narrows the message type


class ParsedChatCompletion(ChatCompletionResponse, Generic[ContentT]):
    """A chat completion from `parse()`: `choices[i].message.parsed` is the validated output.

    ```py
    completion = client.chat.completions.parse(model="llama3.1-8b", messages=..., response_format=Person)
    person = completion.choices[0].message.parsed  # a Person
    ```
    """

    choices: List[ParsedChoice[ContentT]]  # pyright: ignore[reportIncompatibleVariableOverride]  # narrows the choice type
