"""PURE. The stricter rules of API version 2 (`X-Cerebras-Version-Patch: 2`) for chat requests.

Tool conversations: every `tool_calls` id of an assistant message is answered by `tool`
messages directly after it; no `tool` message answers an unknown id; ids are unique in the
request; `tool_choice` needs `tools`. Strict schemas (`json_schema` with `strict: true`): no
`definitions` (use `$defs`), no type arrays, and `additionalProperties: false` on every object.
Each violation is a 400 with code `wrong_api_format`.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Set

from ..._narrow import is_dict, is_list
from .errors import ApiError

__all__ = ["check_version2"]


def _reject(message: str, param: str) -> ApiError:
    return ApiError(400, message, code="wrong_api_format", param=param)


def _calls(message: Mapping[str, Any]) -> List[str]:
    ids: List[str] = []
    calls: List[object] = message.get("tool_calls") or []
    for call in calls:
        if is_dict(call):
            call_id = call.get("id")
            if isinstance(call_id, str):
                ids.append(call_id)
    return ids


def _check_messages(messages: List[object]) -> None:
    seen: Set[str] = set()
    known: Set[str] = set()
    for index, raw in enumerate(messages):
        if not is_dict(raw):
            continue
        message = raw
        if message.get("role") == "assistant":
            ids = _calls(message)
            for call_id in ids:
                if call_id in seen:
                    raise _reject(f"Tool call id {call_id!r} is used more than once.", f"messages[{index}].tool_calls")
                seen.add(call_id)
            known.update(ids)
            answered: Set[str] = set()
            for follower in messages[index + 1 :]:
                if not is_dict(follower) or follower.get("role") != "tool":
                    break
                answered.add(str(follower.get("tool_call_id")))
            missing = [call_id for call_id in ids if call_id not in answered]
            if missing:
                raise _reject(
                    f"Tool calls {missing} of message {index} are not answered by tool messages right after it.",
                    f"messages[{index}]",
                )
        elif message.get("role") == "tool" and message.get("tool_call_id") not in known:
            raise _reject(
                f"Tool message {index} answers {message.get('tool_call_id')!r}, which no earlier assistant message called.",
                f"messages[{index}]",
            )


def _check_schema(node: object, path: str) -> None:
    if is_list(node):
        for i, item in enumerate(node):
            _check_schema(item, f"{path}/{i}")
        return
    if not is_dict(node):
        return
    schema = node
    if "definitions" in schema:
        raise _reject(f"{path}: 'definitions' is not supported; put reusable schemas under '$defs'.", "response_format")
    if isinstance(schema.get("type"), list):
        raise _reject(f"{path}: type arrays are not supported; use anyOf.", "response_format")
    if (schema.get("type") == "object" or "properties" in schema) and schema.get("additionalProperties") is not False:
        raise _reject(f"{path}: every object needs 'additionalProperties': false.", "response_format")
    for key, value in schema.items():
        if key not in ("enum", "const", "default", "examples"):
            _check_schema(value, f"{path}/{key}")


def check_version2(body: Mapping[str, Any]) -> None:
    """Raise the 400 a version-2 server answers for `body`, or return when it complies."""
    messages = body.get("messages")
    if is_list(messages):
        _check_messages(messages)
    if body.get("tool_choice") is not None and not body.get("tools"):
        raise _reject("'tool_choice' is set but no 'tools' are given.", "tool_choice")
    response_format = body.get("response_format")
    if is_dict(response_format) and response_format.get("type") == "json_schema":
        json_schema = response_format.get("json_schema")
        if is_dict(json_schema) and json_schema.get("strict"):
            _check_schema(json_schema.get("schema"), "#")
