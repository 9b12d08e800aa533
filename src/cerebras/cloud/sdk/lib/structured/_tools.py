"""Typed tools: `pydantic_function_tool(Model)` and `function_tool(fn)`, strict tool params that remember their types.

Both return a `FunctionTool`: a plain `dict` in the shape of the `Tool` request param (so it can
be passed to `create(tools=[...])` as is), which also knows how to validate the arguments of a
call (`parse_arguments`) and, for `function_tool`, how to run it (`call`).
"""

from __future__ import annotations

import copy
import inspect
import json
import re
import typing
from typing import Any, Callable, Dict, List, Optional, Tuple, cast

import pydantic

from ...types.chat.completion_create_params import Tool
from ._docstrings import parse_docstring
from ._errors import SchemaNotSupportedError
from ._schema import to_strict_json_schema

__all__ = ["FunctionTool", "decode_arguments", "function_tool", "pydantic_function_tool", "tool_name"]

_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")


def tool_name(raw: str) -> str:
    """`raw` made acceptable as a function or schema name: `[a-zA-Z0-9_-]`, at most 64 characters."""
    return _NAME_CHARS.sub("_", raw)[:64] or "function"


class FunctionTool(Dict[str, Any]):
    """A `Tool` param dict (`{"type": "function", "function": {...}}`) that remembers its types.

    Made by `pydantic_function_tool` and `function_tool`; both are typed as returning `Tool`, so
    the result goes anywhere a tool param does. `parse()` and `run_tools()` recognise it with
    `isinstance(tool, FunctionTool)`.
    """

    __slots__ = ("_adapter", "_fn", "_params", "arguments_type")

    arguments_type: object
    """The type a call's arguments validate as (a model class, a dataclass, ...)."""

    def __init__(
        self,
        *,
        name: str,
        description: Optional[str],
        arguments_type: object,
        fn: Optional[Callable[..., Any]] = None,
        params: Optional[List[Tuple[str, str, bool]]] = None,
    ) -> None:
        function: Dict[str, object] = {"name": name}
        if description:
            function["description"] = description
        parameters = to_strict_json_schema(arguments_type)
        if description and parameters.get("description") == description:
            del parameters["description"]  # said once, as the tool's description, is enough
        function["parameters"] = parameters
        function["strict"] = True
        super().__init__(type="function", function=function)
        self.arguments_type = arguments_type
        # `Any`: a runtime type expression, which pydantic takes as a `TypeForm` (no spelling here).
        self._adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(cast(Any, arguments_type))
        self._fn = fn
        # (parameter name, field name in the arguments model, positional-only) for `call`.
        self._params = params

    @property
    def name(self) -> str:
        """The function name the model calls the tool by."""
        return cast("Dict[str, str]", self["function"])["name"]

    @property
    def fn(self) -> Optional[Callable[..., Any]]:
        """The Python function behind the tool (`function_tool`), or `None` (`pydantic_function_tool`)."""
        return self._fn

    def __copy__(self) -> FunctionTool:
        return self._clone(dict(self))

    def __deepcopy__(self, memo: Dict[int, object]) -> FunctionTool:
        # The params are plain data; the remembered types and function are shared, not copied.
        return self._clone(copy.deepcopy(dict(self), memo))

    def _clone(self, data: Dict[str, object]) -> FunctionTool:
        clone = FunctionTool.__new__(FunctionTool)
        super(FunctionTool, clone).update(data)
        for slot in FunctionTool.__slots__:
            setattr(clone, slot, getattr(self, slot))
        return clone

    def parse_arguments(self, arguments: str) -> Any:
        """Decode and validate the JSON arguments of a call.

        Returns an instance of the model for `pydantic_function_tool`, and a dict of keyword
        arguments for `function_tool`. Raises `pydantic.ValidationError` when they do not fit.
        """
        value = self._adapter.validate_json(arguments or "{}")
        if self._params is None:
            return value
        return {param: getattr(value, field) for param, field, _ in self._params}

    def call(self, arguments: Any) -> Any:
        """Call the function with arguments from `parse_arguments` (a coroutine for async functions)."""
        if self._fn is None or self._params is None:
            raise TypeError(f"the tool {self.name!r} has no function to call; make it with function_tool(fn)")
        positional = [arguments[param] for param, _, only in self._params if only]
        keywords = {param: arguments[param] for param, _, only in self._params if not only}
        return self._fn(*positional, **keywords)


def pydantic_function_tool(model: type[Any], *, name: Optional[str] = None, description: Optional[str] = None) -> Tool:
    """A strict tool whose arguments are `model` (a pydantic model, dataclass or `TypedDict`).

    With `parse()`, each call of the tool gets `parsed_arguments`, an instance of `model`.

    ```py
    class GetWeather(pydantic.BaseModel):
        '''Current weather in a city.'''
        city: str

    tool = pydantic_function_tool(GetWeather)  # named "GetWeather", described by the docstring
    completion = client.chat.completions.parse(model="llama3.1-8b", messages=..., tools=[tool])
    call = completion.choices[0].message.tool_calls[0]
    call.parsed_arguments  # GetWeather(city="Paris")
    ```

    Args:
      model: The type the arguments validate as.
      name: The function name (default: the type's name).
      description: What the tool does (default: the type's docstring).
    """
    doc = getattr(model, "__doc__", None)
    summary = parse_docstring(doc).description
    # A dict subclass (that remembers the types) handed out as the `Tool` TypedDict it matches.
    return cast(
        "Tool",
        FunctionTool(
            name=tool_name(name or getattr(model, "__name__", "function")),
            description=description if description is not None else summary,
            arguments_type=model,
        ),
    )


def function_tool(fn: Callable[..., Any], *, name: Optional[str] = None, description: Optional[str] = None) -> Tool:
    """A strict tool that describes, validates and runs a Python function (sync or async).

    The parameters come from the signature (type hints, via pydantic; defaults are kept for
    validation but every parameter is required in strict mode), the description from the
    docstring's prose, and each parameter's description from its Google-style `Args:` entry.

    ```py
    def get_weather(city: str, unit: Literal["c", "f"] = "c") -> dict:
        '''Current weather in a city.

        Args:
            city: The city name, e.g. "Paris".
            unit: Temperature unit.
        '''

    result = client.chat.completions.run_tools(model="llama3.1-8b", messages=..., tools=[function_tool(get_weather)])
    ```

    Args:
      fn: The function. `*args` and `**kwargs` parameters are not supported.
      name: The function name the model sees (default: `fn.__name__`).
      description: What the tool does (default: from the docstring).

    Raises:
      SchemaNotSupportedError: A parameter has no type annotation, or a type strict mode cannot serve.
    """
    label = getattr(fn, "__name__", None) or type(fn).__name__
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception:  # unresolvable forward references: fall back to the raw annotations
        hints = {}
    signature = inspect.signature(fn)
    doc = parse_docstring(inspect.getdoc(fn))
    fields: Dict[str, Any] = {}  # `Any`: keyword arguments of `pydantic.create_model`
    params: List[Tuple[str, str, bool]] = []
    for index, (param_name, param) in enumerate(signature.parameters.items()):
        path = f"#/properties/{param_name}"
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise SchemaNotSupportedError(path, f"{label}: *args and **kwargs cannot be described as tool parameters")
        annotation = hints.get(param_name, param.annotation)
        if annotation is inspect.Parameter.empty:
            raise SchemaNotSupportedError(path, f"{label}: the parameter {param_name!r} needs a type annotation")
        default = ... if param.default is inspect.Parameter.empty else param.default
        field = f"p{index}"  # parameter names may clash with pydantic's own attributes; aliases do not
        fields[field] = (
            annotation,
            pydantic.Field(default, alias=param_name, description=doc.params.get(param_name)),
        )
        params.append((param_name, field, param.kind is param.POSITIONAL_ONLY))
    model = pydantic.create_model(tool_name(label), __config__=pydantic.ConfigDict(extra="forbid"), **fields)
    return cast(
        "Tool",
        FunctionTool(
            name=tool_name(name or label),
            description=description if description is not None else doc.description,
            arguments_type=model,
            fn=fn,
            params=params,
        ),
    )


def decode_arguments(arguments: Optional[str]) -> object:
    """The decoded JSON arguments of a call to a tool given as a plain dict (`ValueError` if they
    are not JSON, or nest too deeply to decode)."""
    return loads_json(arguments or "{}")


def loads_json(text: str) -> object:
    """`json.loads`, with nesting too deep to decode reported as the `ValueError` it is."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("the JSON nests too deeply to decode") from None
