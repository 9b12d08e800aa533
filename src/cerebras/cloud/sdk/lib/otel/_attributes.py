"""PURE. Span and metric attributes of a call, from its request body and what it returned.

Nothing here touches OpenTelemetry: each function maps plain values (the JSON body sent, the
models or dicts received) to a `{name: value}` dict of attribute values. Request headers,
and with them the API key, are never read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping as _AbcMapping
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union, cast

from typing_extensions import TypeGuard

from ._names import (
    CEREBRAS_TIME_COMPLETION,
    CEREBRAS_TIME_PROMPT,
    CEREBRAS_TIME_QUEUE,
    CEREBRAS_TIME_TOTAL,
    GEN_AI_OPERATION_NAME,
    GEN_AI_OUTPUT_TYPE,
    GEN_AI_PROVIDER_NAME,
    GEN_AI_REQUEST_CHOICE_COUNT,
    GEN_AI_REQUEST_FREQUENCY_PENALTY,
    GEN_AI_REQUEST_MAX_TOKENS,
    GEN_AI_REQUEST_MODEL,
    GEN_AI_REQUEST_PRESENCE_PENALTY,
    GEN_AI_REQUEST_SEED,
    GEN_AI_REQUEST_STOP_SEQUENCES,
    GEN_AI_REQUEST_STREAM,
    GEN_AI_REQUEST_TEMPERATURE,
    GEN_AI_REQUEST_TOP_P,
    GEN_AI_RESPONSE_FINISH_REASONS,
    GEN_AI_RESPONSE_ID,
    GEN_AI_RESPONSE_MODEL,
    GEN_AI_SYSTEM,
    GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
    GEN_AI_USAGE_INPUT_TOKENS,
    GEN_AI_USAGE_OUTPUT_TOKENS,
    GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
    PROVIDER,
    SERVER_ADDRESS,
    SERVER_PORT,
)

__all__ = [
    "AttributeValue",
    "Attributes",
    "OutputCollector",
    "base_attributes",
    "field",
    "finish_reasons",
    "input_messages",
    "is_cerebras_call",
    "operation_of",
    "output_messages",
    "parameter_attributes",
    "request_attributes",
    "response_attributes",
    "time_info_attributes",
    "usage_attributes",
]

AttributeValue = Union[str, bool, int, float, Sequence[str]]
Attributes = Dict[str, AttributeValue]

_CALL_OPERATIONS = frozenset({"chat", "text_completion"})

_NUMBER_PARAMETERS: Tuple[Tuple[str, str], ...] = (
    ("temperature", GEN_AI_REQUEST_TEMPERATURE),
    ("top_p", GEN_AI_REQUEST_TOP_P),
    ("frequency_penalty", GEN_AI_REQUEST_FREQUENCY_PENALTY),
    ("presence_penalty", GEN_AI_REQUEST_PRESENCE_PENALTY),
)

_TIME_INFO: Tuple[Tuple[str, str], ...] = (
    ("queue_time", CEREBRAS_TIME_QUEUE),
    ("prompt_time", CEREBRAS_TIME_PROMPT),
    ("completion_time", CEREBRAS_TIME_COMPLETION),
    ("total_time", CEREBRAS_TIME_TOTAL),
)


_MISSING = object()


def field(value: object, name: str) -> object:
    """`value.name` for a model, `value[name]` for a mapping, else `None`."""
    if value is None:
        return None
    if type(value) is dict:  # JSON bodies
        return cast("Dict[str, object]", value).get(name)
    found = getattr(value, name, _MISSING)  # models: before the (costlier) `Mapping` check
    if found is not _MISSING:
        return found
    if isinstance(value, _AbcMapping):
        return cast("Mapping[str, object]", value).get(name)
    return None


def _items(value: object) -> Sequence[object]:
    """The elements of a JSON array (a list or tuple); nothing for anything else."""
    if isinstance(value, (list, tuple)):
        return cast("Sequence[object]", value)
    return ()


def _is_number(value: object) -> TypeGuard[Union[int, float]]:
    kind = type(value)
    if kind is int or kind is float:
        return True
    return kind is not bool and isinstance(value, (int, float))


def operation_of(method: str, url: str) -> Optional[str]:
    """The GenAI operation name of a request (`chat`, `text_completion`), or `None` for any other."""
    if method.lower() != "post":
        return None
    path = url.split("?", 1)[0].rstrip("/")
    if path.endswith("/chat/completions"):
        return "chat"
    if path.endswith("/completions"):
        return "text_completion"
    return None


_PARAMETER_KEYS = frozenset(
    {
        "max_completion_tokens",
        "max_tokens",
        "seed",
        "stop",
        "n",
        "response_format",
        *(key for key, _ in _NUMBER_PARAMETERS),
    }
)
"""The body fields that give `gen_ai.request.*` attributes beyond the model and `stream`."""


def base_attributes(
    operation: str,
    model: object,
    *,
    address: Optional[str],
    port: Optional[int],
    stream: bool,
    legacy: bool,
) -> Attributes:
    """Identity, server, model and `stream`: what every call to one model of one client shares.

    `legacy` also sets the deprecated `gen_ai.system` (off under the latest conventions).
    """
    attributes: Attributes = {GEN_AI_OPERATION_NAME: operation, GEN_AI_PROVIDER_NAME: PROVIDER}
    if legacy:
        attributes[GEN_AI_SYSTEM] = PROVIDER
    if isinstance(model, str):
        attributes[GEN_AI_REQUEST_MODEL] = model
    if address:
        attributes[SERVER_ADDRESS] = address
    if port is not None:
        attributes[SERVER_PORT] = port
    attributes[GEN_AI_REQUEST_STREAM] = stream
    return attributes


def parameter_attributes(body: Mapping[str, object]) -> Attributes:
    """The `gen_ai.request.*` attributes of the sampling parameters in `body` (max tokens,
    temperature, top_p, penalties, seed, stop sequences, choice count, output type)."""
    attributes: Attributes = {}
    if _PARAMETER_KEYS.isdisjoint(body):
        return attributes
    max_tokens = body.get("max_completion_tokens")
    if max_tokens is None:
        max_tokens = body.get("max_tokens")
    if isinstance(max_tokens, int) and not isinstance(max_tokens, bool):
        attributes[GEN_AI_REQUEST_MAX_TOKENS] = max_tokens
    for key, name in _NUMBER_PARAMETERS:
        value = body.get(key)
        if _is_number(value):
            attributes[name] = value
    seed = body.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool):
        attributes[GEN_AI_REQUEST_SEED] = seed
    stop = body.get("stop")
    if isinstance(stop, str):
        attributes[GEN_AI_REQUEST_STOP_SEQUENCES] = (stop,)
    elif _items(stop):
        attributes[GEN_AI_REQUEST_STOP_SEQUENCES] = tuple(str(s) for s in _items(stop))
    n = body.get("n")
    if isinstance(n, int) and not isinstance(n, bool) and n != 1:
        attributes[GEN_AI_REQUEST_CHOICE_COUNT] = n
    kind = field(body.get("response_format"), "type")
    if kind in ("json_object", "json_schema"):
        attributes[GEN_AI_OUTPUT_TYPE] = "json"
    elif kind == "text":
        attributes[GEN_AI_OUTPUT_TYPE] = "text"
    return attributes


def request_attributes(
    operation: str,
    body: Mapping[str, object],
    *,
    address: Optional[str],
    port: Optional[int],
    stream: bool,
    legacy: bool,
) -> Attributes:
    """The attributes known when the call starts: identity, server and `gen_ai.request.*`
    (`base_attributes` and `parameter_attributes` together)."""
    attributes = base_attributes(operation, body.get("model"), address=address, port=port, stream=stream, legacy=legacy)
    attributes.update(parameter_attributes(body))
    return attributes


def finish_reasons(choices: object) -> Tuple[str, ...]:
    """The `finish_reason` of each choice that has one, in choice order."""
    reasons: List[str] = []
    for choice in _items(choices):
        reason = field(choice, "finish_reason")
        if isinstance(reason, str):
            reasons.append(reason)
    return tuple(reasons)


def response_attributes(item: object) -> Attributes:
    """`gen_ai.response.id`, `.model` and `.finish_reasons` of a response body or chunk."""
    attributes: Attributes = {}
    response_id = field(item, "id")
    if isinstance(response_id, str):
        attributes[GEN_AI_RESPONSE_ID] = response_id
    model = field(item, "model")
    if isinstance(model, str):
        attributes[GEN_AI_RESPONSE_MODEL] = model
    reasons = finish_reasons(field(item, "choices"))
    if reasons:
        attributes[GEN_AI_RESPONSE_FINISH_REASONS] = reasons
    return attributes


def _count(value: object) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def usage_attributes(usage: object) -> Attributes:
    """Token counts: input, output, and the cached and reasoning ones when the server reports them."""
    attributes: Attributes = {}
    if usage is None:
        return attributes
    value = _count(field(usage, "prompt_tokens"))
    if value is not None:
        attributes[GEN_AI_USAGE_INPUT_TOKENS] = value
    value = _count(field(usage, "completion_tokens"))
    if value is not None:
        attributes[GEN_AI_USAGE_OUTPUT_TOKENS] = value
    value = _count(field(field(usage, "prompt_tokens_details"), "cached_tokens"))
    if value is not None:
        attributes[GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = value
    value = _count(field(field(usage, "completion_tokens_details"), "reasoning_tokens"))
    if value is not None:
        attributes[GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = value
    return attributes


def time_info_attributes(time_info: object) -> Attributes:
    """The server's `time_info` timings as `cerebras.time_info.*` (seconds)."""
    attributes: Attributes = {}
    if time_info is None:
        return attributes
    for key, name in _TIME_INFO:
        value = field(time_info, key)
        if _is_number(value):
            attributes[name] = float(value)
    return attributes


def is_cerebras_call(attributes: object) -> bool:
    """Whether a span's attributes describe a Cerebras model call (chat or text completion):
    the provider (`gen_ai.provider.name`, or the older `gen_ai.system`) is Cerebras, and the
    operation, if named, is one of those calls (an agent or workflow span is not)."""
    if not isinstance(attributes, _AbcMapping):
        return False
    provider = attributes.get(GEN_AI_PROVIDER_NAME) or attributes.get(GEN_AI_SYSTEM)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    if not isinstance(provider, str) or provider.lower() != PROVIDER:
        return False
    operation = attributes.get(GEN_AI_OPERATION_NAME)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    return operation is None or operation in _CALL_OPERATIONS


# --------------------------------------------------------------------------- message content


def _text_parts(content: object) -> List[Dict[str, object]]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"type": "text", "content": content}]
    parts: List[Dict[str, object]] = []
    for part in _items(content):
        text = field(part, "text")
        if isinstance(text, str):
            parts.append({"type": "text", "content": text})
        else:
            parts.append({"type": str(field(part, "type") or "unknown")})
    return parts


def _tool_call_parts(tool_calls: object) -> List[Dict[str, object]]:
    parts: List[Dict[str, object]] = []
    for call in _items(tool_calls):
        function = field(call, "function")
        parts.append(
            {
                "type": "tool_call",
                "id": field(call, "id"),
                "name": field(function, "name"),
                "arguments": field(function, "arguments"),
            }
        )
    return parts


def _message(message: object) -> Dict[str, object]:
    role = field(message, "role")
    if role == "tool":
        parts: List[Dict[str, object]] = [
            {"type": "tool_call_response", "id": field(message, "tool_call_id"), "response": field(message, "content")}
        ]
    else:
        parts = _text_parts(field(message, "content")) + _tool_call_parts(field(message, "tool_calls"))
    return {"role": role if isinstance(role, str) else "user", "parts": parts}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def input_messages(operation: str, body: Mapping[str, object]) -> Optional[str]:
    """`gen_ai.input.messages` (JSON): the messages sent, or the prompt of a text completion."""
    if operation == "chat":
        messages = _items(body.get("messages"))
        return _dumps([_message(m) for m in messages]) if messages else None
    prompt = body.get("prompt")
    if prompt is None:
        return None
    pieces = _items(prompt)
    parts: List[Dict[str, object]]
    if isinstance(prompt, str):
        parts = _text_parts(prompt)
    elif pieces and all(isinstance(p, str) for p in pieces):
        parts = [{"type": "text", "content": p} for p in pieces]
    else:
        parts = [{"type": "tokens"}]
    return _dumps([{"role": "user", "parts": parts}])


def output_messages(choices: object) -> Optional[str]:
    """`gen_ai.output.messages` (JSON) of a response's choices (a chat `message` or a `text`)."""
    if not _items(choices):
        return None
    messages: List[Dict[str, object]] = []
    for choice in _items(choices):
        message = field(choice, "message")
        if message is not None:
            parts = _text_parts(field(message, "content")) + _tool_call_parts(field(message, "tool_calls"))
        else:
            parts = _text_parts(field(choice, "text"))
        messages.append({"role": "assistant", "parts": parts, "finish_reason": field(choice, "finish_reason")})
    return _dumps(messages)


class OutputCollector:
    """Adds up the text of each choice of a stream, for `gen_ai.output.messages`."""

    def __init__(self) -> None:
        self._texts: Dict[int, List[str]] = {}
        self._reasons: Dict[int, object] = {}

    def add(self, item: object) -> None:
        """Take one chunk's pieces of text (and finish reasons)."""
        for choice in _items(field(item, "choices")):
            index = field(choice, "index")
            key = index if isinstance(index, int) else 0
            delta = field(choice, "delta")
            piece = field(choice, "text") if delta is None else field(delta, "content")
            if isinstance(piece, str):
                self._texts.setdefault(key, []).append(piece)
            reason = field(choice, "finish_reason")
            if reason is not None:
                self._reasons[key] = reason

    def messages(self) -> str:
        """`gen_ai.output.messages` (JSON) of what was collected."""
        keys = sorted(set(self._texts) | set(self._reasons))
        return _dumps(
            [
                {
                    "role": "assistant",
                    "parts": [{"type": "text", "content": "".join(self._texts.get(k, []))}],
                    "finish_reason": self._reasons.get(k),
                }
                for k in keys
            ]
        )
