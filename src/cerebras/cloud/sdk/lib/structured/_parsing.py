"""PURE. What `parse()` sends for a `response_format`, and how a completion becomes a `ParsedChatCompletion`."""

from __future__ import annotations

import functools
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, TypeVar, Union, cast

import pydantic

from ..._lib_interface import is_mapping
from ...types.chat.chat_completion import (
    ChatCompletionResponse,
    ChatCompletionResponseChoice,
    ChatCompletionResponseChoiceMessage,
    ChatCompletionResponseChoiceMessageToolCall,
)
from ...types.chat.completion_create_params import (
    ResponseFormatResponseFormatJsonObject,
    ResponseFormatResponseFormatJsonSchema,
    Tool,
)
from ._completion import ParsedChatCompletion, ParsedChoice, ParsedMessage, ParsedToolCall
from ._errors import (
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    OutputValidationError,
    ToolArgumentsError,
    ToolCallError,
    UnexpectedResponseError,
)
from ._schema import to_strict_json_schema
from ._tools import FunctionTool, decode_arguments, loads_json, tool_name

__all__ = ["OutputSpec", "ToolSpecs", "output_spec", "parse_completion", "tool_specs"]

_ModelT = TypeVar("_ModelT", bound=pydantic.BaseModel)

ToolSpecs = Mapping[str, Optional[FunctionTool]]
"""Tool name -> its `FunctionTool` (arguments validated), or `None` (a plain dict: arguments decoded)."""


class OutputSpec(NamedTuple):
    """The `response_format` to send, and how to turn the reply's text into the output."""

    response_format: Union[ResponseFormatResponseFormatJsonSchema, ResponseFormatResponseFormatJsonObject]
    validate: Callable[[str], object]
    label: str


def output_spec(response_format: object) -> OutputSpec:
    """The spec for a type (model, dataclass, `TypedDict`, ...) or a schema/response-format dict.

    A dict is either a JSON schema, a full `{"type": "json_schema", "json_schema": {...}}`
    response format (its schema is made strict too), or `{"type": "json_object"}`; for each of
    these the output is the decoded JSON.
    """
    if is_mapping(response_format):
        return _spec_for_mapping(response_format)
    try:
        hash(response_format)
    except TypeError:
        return _spec_for_type(response_format)
    return _cached_spec_for_type(response_format)


def _spec_for_mapping(mapping: Mapping[str, object]) -> OutputSpec:
    kind = mapping.get("type")
    if kind == "json_object" and "properties" not in mapping:
        return OutputSpec({"type": "json_object"}, loads_json, "a JSON object")
    inner = mapping.get("json_schema")
    if kind == "json_schema" and is_mapping(inner):
        schema = to_strict_json_schema(inner.get("schema") or {})
        name = tool_name(str(inner.get("name") or "response"))
        json_schema: Dict[str, object] = {"name": name, "schema": schema, "strict": True}
        if inner.get("description"):
            json_schema["description"] = inner["description"]
    else:
        schema = to_strict_json_schema(mapping)
        name = tool_name(str(mapping.get("title") or "response"))
        json_schema = {"name": name, "schema": schema, "strict": True}
    return OutputSpec(
        # The caller's own `description` is passed on as given (not checked to be a string).
        cast("ResponseFormatResponseFormatJsonSchema", {"type": "json_schema", "json_schema": json_schema}),
        loads_json,
        f"the schema {name!r}",
    )


def _spec_for_type(type_: object) -> OutputSpec:
    schema = to_strict_json_schema(type_)
    name = tool_name(str(getattr(type_, "__name__", None) or "response"))
    validate: Callable[[str], object]
    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        validate = type_.model_validate_json
    else:
        # `Any`: a runtime type expression, which pydantic takes as a `TypeForm` (no spelling here).
        validate = pydantic.TypeAdapter(cast(Any, type_)).validate_json
    response_format: ResponseFormatResponseFormatJsonSchema = {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": schema, "strict": True},
    }
    return OutputSpec(response_format, validate, name)


_cached_spec_for_type = functools.lru_cache(maxsize=256)(_spec_for_type)


def tool_specs(tools: Iterable[Tool]) -> Dict[str, Optional[FunctionTool]]:
    """Tool name -> `FunctionTool` or `None`, for the tools given to `parse()`."""
    specs: Dict[str, Optional[FunctionTool]] = {}
    for tool in tools:
        if isinstance(tool, FunctionTool):
            specs[tool.name] = tool
        else:
            function = cast("Mapping[str, Any]", tool.get("function") or {})
            specs[str(function.get("name"))] = None
    return specs


def parse_completion(
    completion: object, output: Optional[OutputSpec], tools: Optional[ToolSpecs]
) -> ParsedChatCompletion[Any]:
    """`completion` with every choice's output validated (and tool call arguments, if `tools`).

    Raises:
      UnexpectedResponseError: `completion` is not a chat completion (an error body raises
        `APIStatusError` earlier, when the response is parsed).
      LengthFinishReasonError: A choice stopped at the token limit.
      ContentFilterFinishReasonError: A choice was stopped by the content filter.
      OutputValidationError: A choice's content does not validate.
      ToolCallError: A tool call names a tool not in `tools`, or its arguments do not validate
        (then a `ToolArgumentsError`, which is also an `OutputValidationError`).
    """
    # A loosely built response may lack what its type promises: `choices` or a `message`.
    if not isinstance(completion, ChatCompletionResponse) or not isinstance(cast(object, completion.choices), list):
        raise UnexpectedResponseError(completion)
    choices: List[ParsedChoice[Any]] = []
    for choice in completion.choices:
        if choice.finish_reason == "length":
            raise LengthFinishReasonError(completion)
        if choice.finish_reason == "content_filter":
            raise ContentFilterFinishReasonError(completion)
        message = choice.message
        if not isinstance(cast(object, message), ChatCompletionResponseChoiceMessage):
            raise UnexpectedResponseError(completion)
        parsed = _parse_content(completion, choice, output)
        calls: Optional[List[ParsedToolCall]] = None
        if message.tool_calls is not None:
            calls = [_parse_tool_call(call, tools, completion, choice.index) for call in message.tool_calls]
        parsed_message: ParsedMessage[Any] = _rebuild(
            cast("type[ParsedMessage[Any]]", ParsedMessage), message, parsed=parsed, tool_calls=calls
        )
        parsed_choice: ParsedChoice[Any] = _rebuild(
            cast("type[ParsedChoice[Any]]", ParsedChoice), choice, message=parsed_message
        )
        choices.append(parsed_choice)
    result: ParsedChatCompletion[Any] = _rebuild(
        cast("type[ParsedChatCompletion[Any]]", ParsedChatCompletion), completion, choices=choices
    )
    result._request_id = completion._request_id
    return result


def _rebuild(cls: type[_ModelT], source: pydantic.BaseModel, **overrides: object) -> _ModelT:
    """`source` as an instance of `cls` (a subclass of its type), without validating again.

    The fields the server sent stay the "set" ones (so `to_dict()` shows what it sent), plus
    the fields `cls` adds (`parsed`, `parsed_arguments`).
    """
    values: Dict[str, object] = {**source.__dict__, **(source.model_extra or {}), **overrides}
    added = set(cls.model_fields) - set(type(source).model_fields)
    return cls.model_construct(_fields_set=set(source.model_fields_set) | added, **values)


def _parse_content(
    completion: ChatCompletionResponse, choice: ChatCompletionResponseChoice, output: Optional[OutputSpec]
) -> object:
    content = choice.message.content
    if output is None or content is None:
        return None
    try:
        return output.validate(content)
    except (pydantic.ValidationError, ValueError, RecursionError) as exc:
        raise OutputValidationError(
            f"The reply of choice {choice.index} is not valid as {output.label}: {exc}",
            content=content,
            completion=completion,
            choice_index=choice.index,
        ) from exc


def _parse_tool_call(
    call: ChatCompletionResponseChoiceMessageToolCall,
    tools: Optional[ToolSpecs],
    completion: ChatCompletionResponse,
    choice_index: int,
) -> ParsedToolCall:
    function = call.function
    name = getattr(function, "name", None)
    arguments = getattr(function, "arguments", None)
    parsed: object = None
    if tools is not None:
        if name not in tools:
            raise ToolCallError(
                f"The model called {name!r}, which is not one of the tools: {sorted(tools)}",
                name=name,
                arguments=arguments,
                tool_call_id=call.id,
            )
        tool = tools[cast(str, name)]
        try:
            parsed = decode_arguments(arguments) if tool is None else tool.parse_arguments(arguments or "")
        except (pydantic.ValidationError, ValueError, RecursionError) as exc:
            raise ToolArgumentsError(
                f"The arguments of the call to {name!r} are not valid: {exc}",
                name=name,
                arguments=arguments,
                tool_call_id=call.id,
                completion=completion,
                choice_index=choice_index,
            ) from exc
    return _rebuild(ParsedToolCall, call, parsed_arguments=parsed)
