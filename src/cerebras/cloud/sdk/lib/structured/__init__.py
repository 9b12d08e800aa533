"""Structured outputs and typed tools: strict schemas, parsed completions, tools and the tool loop.

```py
from cerebras.cloud.sdk.lib.structured import function_tool, pydantic_function_tool, to_strict_json_schema

completion = client.chat.completions.parse(model="llama3.1-8b", messages=..., response_format=Person)
completion.choices[0].message.parsed  # a Person

result = client.chat.completions.run_tools(model="llama3.1-8b", messages=..., tools=[get_weather])
result.content  # the final answer
```
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Dict

if TYPE_CHECKING:
    from ._completion import ParsedChatCompletion, ParsedChoice, ParsedMessage, ParsedToolCall
    from ._errors import (
        ContentFilterFinishReasonError,
        LengthFinishReasonError,
        OutputValidationError,
        SchemaNotSupportedError,
        StructuredOutputError,
        ToolArgumentsError,
        ToolCallError,
        UnexpectedResponseError,
    )
    from ._params import DEFAULT_MAX_TURNS, CreateOptions, RunToolsOptions
    from ._runner import ToolRunResult, ToolSource
    from ._schema import DEFAULT_MAX_UNION_BRANCHES, to_strict_json_schema
    from ._tools import FunctionTool, function_tool, pydantic_function_tool

__all__ = [
    "DEFAULT_MAX_TURNS",
    "DEFAULT_MAX_UNION_BRANCHES",
    "ContentFilterFinishReasonError",
    "CreateOptions",
    "FunctionTool",
    "LengthFinishReasonError",
    "OutputValidationError",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedMessage",
    "ParsedToolCall",
    "RunToolsOptions",
    "SchemaNotSupportedError",
    "StructuredOutputError",
    "ToolArgumentsError",
    "ToolCallError",
    "ToolRunResult",
    "ToolSource",
    "UnexpectedResponseError",
    "function_tool",
    "pydantic_function_tool",
    "to_strict_json_schema",
]

# Loaded on first use: a plain `create()` should not pay for pydantic model building it does
# not need.
_HOMES: Dict[str, str] = {
    "ParsedChatCompletion": "_completion",
    "ParsedChoice": "_completion",
    "ParsedMessage": "_completion",
    "ParsedToolCall": "_completion",
    "ContentFilterFinishReasonError": "_errors",
    "LengthFinishReasonError": "_errors",
    "OutputValidationError": "_errors",
    "SchemaNotSupportedError": "_errors",
    "StructuredOutputError": "_errors",
    "ToolArgumentsError": "_errors",
    "ToolCallError": "_errors",
    "UnexpectedResponseError": "_errors",
    "CreateOptions": "_params",
    "RunToolsOptions": "_params",
    "DEFAULT_MAX_TURNS": "_params",
    "ToolRunResult": "_runner",
    "ToolSource": "_runner",
    "DEFAULT_MAX_UNION_BRANCHES": "_schema",
    "to_strict_json_schema": "_schema",
    "FunctionTool": "_tools",
    "function_tool": "_tools",
    "pydantic_function_tool": "_tools",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
