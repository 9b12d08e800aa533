"""PURE request validation: a decoded JSON body -> a `ChatRequest` / `TextRequest`, or an `ApiError`.

Rules (see `errors.py` for the bodies): a body that is not a JSON object, or a missing
required field, is 400; a field that is present with the wrong type, shape or value is 422;
an unknown model is 404. Unknown extra fields are accepted and ignored, as are sampling
parameters the emulator does not model (`temperature`, `top_p`, penalties, `logprobs`...),
once their types are checked.
"""

from __future__ import annotations

import importlib
import json
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, cast

from typing_extensions import TypeGuard

from ..._narrow import is_dict, is_list
from .catalog import Model, find_model
from .errors import ApiError

__all__ = ["ChatRequest", "TextRequest", "decode_body", "decode_encoded_body", "validate_chat", "validate_text"]

_MSGPACK_TYPES = ("application/vnd.msgpack", "application/msgpack", "application/x-msgpack")

_ROLES = ("system", "developer", "user", "assistant", "tool")
_MAX_N = 8
_SEED_EXCLUDED = ("stream", "stream_options", "max_tokens", "max_completion_tokens", "stop")
"""Parameters that cut or frame an answer but do not change it, so they stay out of its seed."""


@dataclass
class ChatRequest:
    """A valid chat completion request."""

    model: Model
    messages: List[Dict[str, Any]]
    stream: bool = False
    n: int = 1
    max_tokens: Optional[int] = None
    min_tokens: Optional[int] = None
    stop: List[str] = field(default_factory=lambda: [])
    tools: List[Dict[str, Any]] = field(default_factory=lambda: [])
    tool_choice: str = "auto"
    """`"none"`, `"auto"`, `"required"`, or the name of the function to call."""
    response_format: Optional[str] = None
    """`None` (text), `"json_object"` or `"json_schema"`."""
    schema: Optional[Dict[str, object]] = None
    seed_material: Dict[str, object] = field(default_factory=lambda: {})


@dataclass
class TextRequest:
    """A valid legacy text completion request."""

    model: Model
    prompts: List[str]
    stream: bool = False
    n: int = 1
    max_tokens: Optional[int] = None
    min_tokens: Optional[int] = None
    stop: List[str] = field(default_factory=lambda: [])
    echo: bool = False
    seed_material: Dict[str, object] = field(default_factory=lambda: {})


def _wrong(param: str, expected: str) -> ApiError:
    return ApiError(422, f"'{param}' must be {expected}.", code="wrong_type", param=param)


def _invalid(param: str, message: str, code: str = "invalid_value") -> ApiError:
    return ApiError(422, message, code=code, param=param)


def decode_body(raw: bytes) -> Dict[str, object]:
    """The JSON object in `raw`, or a 400."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, f"Request body is not valid JSON: {exc}", code="invalid_json") from None
    if not is_dict(data):
        raise ApiError(400, "Request body must be a JSON object.", code="invalid_json")
    return data


def _gunzip(raw: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise ApiError(400, f"Request body is not valid gzip: {exc}", code="invalid_encoding") from None
    if len(data) > limit or inflater.unconsumed_tail:
        raise ApiError(413, f"Decompressed request body larger than {limit} bytes.", code="request_too_large")
    if not inflater.eof:
        raise ApiError(400, "Request body is a truncated gzip stream.", code="invalid_encoding")
    return data


def _unpack(raw: bytes) -> Dict[str, object]:
    try:
        unpackb: Callable[..., object] = importlib.import_module("msgpack").unpackb
    except ImportError:  # the emulator speaks msgpack only when the package is installed
        raise ApiError(415, "This server cannot read MessagePack bodies.", code="unsupported_media_type") from None
    try:
        data = unpackb(raw, raw=False, strict_map_key=True)
    except Exception as exc:
        raise ApiError(400, f"Request body is not valid MessagePack: {exc}", code="invalid_msgpack") from None
    if not is_dict(data):  # `strict_map_key`: its keys are strings
        raise ApiError(400, "Request body must be a map.", code="invalid_msgpack")
    return data


def decode_encoded_body(raw: bytes, headers: Mapping[str, str], limit: int) -> Dict[str, object]:
    """The request object in `raw`, which may be gzip-compressed (`Content-Encoding`) and JSON or
    MessagePack (`Content-Type`); 400 for a corrupt body, 415 for an unknown encoding."""
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding == "gzip":
        raw = _gunzip(raw, limit)
    elif encoding not in ("", "identity"):
        raise ApiError(415, f"Unsupported Content-Encoding {encoding!r}; use gzip.", code="unsupported_media_type")
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type in _MSGPACK_TYPES:
        return _unpack(raw)
    return decode_body(raw)


def _model(body: Mapping[str, object]) -> Model:
    if body.get("model") is None:
        raise ApiError(400, "'model' is a required parameter.", code="missing_required_parameter", param="model")
    name = body["model"]
    if not isinstance(name, str):
        raise _wrong("model", "a string")
    model = find_model(name)
    if model is None:
        raise ApiError(
            404,
            f"Model {name!r} does not exist or you do not have access to it.",
            code="model_not_found",
            param="model",
        )
    return model


def _optional(body: Mapping[str, object], name: str, kinds: Tuple[type, ...], expected: str) -> Any:
    # `Any`: a value of one of `kinds`, which a tuple of classes cannot pass on to the type checker.
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise _wrong(name, expected)
    return value


def _count(body: Mapping[str, object], name: str, *, low: int, high: Optional[int] = None) -> Optional[int]:
    value = _optional(body, name, (int,), "an integer")
    if value is not None and (value < low or (high is not None and value > high)):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise _invalid(name, f"'{name}' must be {bound}, got {value}.")
    return cast(Optional[int], value)


def _common(body: Mapping[str, object], model: Model) -> Dict[str, Any]:
    """Checks shared by both endpoints; returns the normalised cutting parameters."""
    for name in ("temperature", "top_p", "frequency_penalty", "presence_penalty"):
        _optional(body, name, (int, float), "a number")
    temperature = body.get("temperature")
    if isinstance(temperature, (int, float)) and not 0 <= temperature <= 2:
        raise _invalid("temperature", f"'temperature' must be between 0 and 2, got {temperature}.")
    _optional(body, "seed", (int,), "an integer")
    stream = _optional(body, "stream", (bool,), "a boolean")
    _optional(body, "stream_options", (dict,), "an object")
    n = _count(body, "n", low=1, high=_MAX_N)
    caps = [_count(body, k, low=1) for k in ("max_tokens", "max_completion_tokens")]
    limit = min([c for c in caps if c is not None], default=None)
    if limit is not None and limit > model.max_output:
        raise _invalid(
            "max_completion_tokens", f"This model can generate at most {model.max_output} tokens per answer."
        )
    min_tokens = _count(body, "min_tokens", low=-1) or _count(body, "min_completion_tokens", low=-1)
    stop_value = body.get("stop")
    if stop_value is None:
        stop: List[str] = []
    elif isinstance(stop_value, str):
        stop = [stop_value]
    elif is_list(stop_value) and _all_strings(stop_value):
        stop = stop_value
        if len(stop) > 4:
            raise _invalid("stop", "'stop' takes at most 4 sequences.")
    else:
        raise _wrong("stop", "a string or a list of strings")
    return {"stream": bool(stream), "n": n or 1, "max_tokens": limit, "min_tokens": min_tokens, "stop": stop}


def _all_strings(values: List[object]) -> TypeGuard[List[str]]:
    return all(isinstance(value, str) for value in values)


def _check_content(content: object, param: str, *, required: bool, parts: Sequence[str]) -> None:
    if content is None:
        if required:
            raise _invalid(param, f"'{param}' is required for this message role.", "invalid_message")
        return
    if isinstance(content, str):
        return
    if not is_list(content):
        raise _invalid(param, f"'{param}' must be a string or a list of content parts.", "invalid_message")
    for i, part in enumerate(content):
        where = f"{param}[{i}]"
        if not is_dict(part):
            raise _invalid(where, f"'{where}' must be an object.", "invalid_message")
        kind = part.get("type")
        if not isinstance(kind, str) or kind not in parts:
            raise _invalid(where, f"'{where}.type' must be one of {', '.join(parts)}.", "invalid_message")
        needed = {"text": "text", "image_url": "image_url", "image": "image"}[kind]
        if part.get(needed) is None:
            raise _invalid(where, f"'{where}' needs '{needed}'.", "invalid_message")


def _check_message(message: object, i: int) -> Dict[str, object]:
    where = f"messages[{i}]"
    if not is_dict(message):
        raise _invalid(where, f"'{where}' must be an object.", "invalid_message")
    m = message
    role = m.get("role")
    if role not in _ROLES:
        raise _invalid(f"{where}.role", f"'{where}.role' must be one of {', '.join(_ROLES)}.", "invalid_message")
    images = ("text", "image_url", "image")
    if role == "assistant":
        _check_content(m.get("content"), f"{where}.content", required=not m.get("tool_calls"), parts=("text",))
        calls = m.get("tool_calls")
        if calls is not None:
            if not is_list(calls):
                raise _invalid(f"{where}.tool_calls", f"'{where}.tool_calls' must be a list.", "invalid_message")
            for j, call in enumerate(calls):
                function = call.get("function") if is_dict(call) else None
                if not is_dict(function) or not isinstance(function.get("name"), str):
                    raise _invalid(
                        f"{where}.tool_calls[{j}]", "Each tool call needs an id and a function name.", "invalid_message"
                    )
    elif role == "tool":
        _check_content(m.get("content"), f"{where}.content", required=True, parts=("text",))
        if not isinstance(m.get("tool_call_id"), str):
            raise _invalid(
                f"{where}.tool_call_id", f"'{where}.tool_call_id' is required for tool messages.", "invalid_message"
            )
    else:
        _check_content(m.get("content"), f"{where}.content", required=True, parts=images)
    return m


def _tools(body: Mapping[str, object]) -> Tuple[List[Dict[str, object]], str]:
    raw = body.get("tools")
    tools: List[Dict[str, object]] = []
    if raw is not None:
        if not is_list(raw):
            raise _wrong("tools", "a list")
        for i, tool in enumerate(raw):
            function = tool.get("function") if is_dict(tool) else None
            if not is_dict(function) or not isinstance(function.get("name"), str):
                raise _invalid(
                    f"tools[{i}]", f"'tools[{i}]' must be {{'type': 'function', 'function': {{'name': ...}}}}."
                )
            params = function.get("parameters")
            if params is not None and not isinstance(params, dict):
                raise _wrong(f"tools[{i}].function.parameters", "a JSON Schema object")
            tools.append(function)
    choice = body.get("tool_choice")
    if choice is None:
        return tools, "auto"
    if isinstance(choice, str) and choice in ("none", "auto", "required"):
        return tools, choice
    name = None
    if is_dict(choice):
        function = choice.get("function")
        if is_dict(function):
            name = function.get("name")
    if not isinstance(name, str):
        raise _wrong("tool_choice", "'none', 'auto', 'required' or {'type': 'function', 'function': {'name': ...}}")
    if name not in [t["name"] for t in tools]:
        raise _invalid("tool_choice", f"tool_choice names {name!r}, which is not among the tools.")
    return tools, name


def _response_format(body: Mapping[str, object]) -> Tuple[Optional[str], Optional[Dict[str, object]]]:
    raw = body.get("response_format")
    if raw is None:
        return None, None
    if not is_dict(raw):
        raise _wrong("response_format", "an object")
    kind = raw.get("type")
    if kind == "text":
        return None, None
    if kind == "json_object":
        return "json_object", None
    if kind != "json_schema":
        raise _invalid("response_format.type", "'response_format.type' must be text, json_object or json_schema.")
    spec = raw.get("json_schema")
    if not is_dict(spec) or not isinstance(spec.get("name"), str):
        raise _invalid("response_format.json_schema", "'response_format.json_schema' needs a 'name'.")
    schema = spec.get("schema")
    if schema is None:
        return "json_schema", None
    if not is_dict(schema):
        raise _wrong("response_format.json_schema.schema", "a JSON Schema object")
    return "json_schema", schema


def validate_chat(body: Dict[str, object]) -> ChatRequest:
    """Check a `POST /v1/chat/completions` body."""
    model = _model(body)
    messages = body.get("messages")
    if messages is None:
        raise ApiError(400, "'messages' is a required parameter.", code="missing_required_parameter", param="messages")
    if not is_list(messages) or not messages:
        raise _invalid("messages", "'messages' must be a non-empty list of messages.", "invalid_message")
    checked = [_check_message(m, i) for i, m in enumerate(messages)]
    common = _common(body, model)
    tools, tool_choice = _tools(body)
    fmt, schema = _response_format(body)
    seed = {k: v for k, v in body.items() if k not in _SEED_EXCLUDED}
    return ChatRequest(
        model,
        checked,
        tools=tools,
        tool_choice=tool_choice,
        response_format=fmt,
        schema=schema,
        seed_material=seed,
        **common,
    )


def _prompts(value: object) -> List[str]:
    if isinstance(value, str):
        return [value]
    if is_list(value) and value:
        items = value
        if _all_strings(items):
            return items
        if all(isinstance(t, int) and not isinstance(t, bool) for t in items):
            return [" ".join(f"<{t}>" for t in items)]
        if all(is_list(p) and all(isinstance(t, int) for t in p) for p in items):
            return [" ".join(f"<{t}>" for t in cast(List[int], p)) for p in items]  # checked just above
    raise _wrong("prompt", "a string, a list of strings, a list of token ids or a list of token-id lists")


def validate_text(body: Dict[str, object]) -> TextRequest:
    """Check a `POST /v1/completions` body."""
    model = _model(body)
    if body.get("prompt") is None:
        raise ApiError(400, "'prompt' is a required parameter.", code="missing_required_parameter", param="prompt")
    prompts = _prompts(body["prompt"])
    common = _common(body, model)
    echo = _optional(body, "echo", (bool,), "a boolean")
    seed = {k: v for k, v in body.items() if k not in _SEED_EXCLUDED}
    return TextRequest(model, prompts, echo=bool(echo), seed_material=seed, **common)
