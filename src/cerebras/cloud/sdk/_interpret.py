"""PURE interpretation of one server-sent event of an API stream: an item, `DONE`, or a raised error.

Each event's JSON is parsed once, straight from its bytes, against the stream's item type
(`Interpreter.fast` is the common case: a plain `data:` line that validates). Errors the server
sends inside the stream raise the matching `APIStatusError` subclass; invalid JSON raises
`APIResponseValidationError` naming the data (truncated).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional

import httpx

from ._exceptions import APIResponseValidationError, make_status_error
from ._narrow import is_dict, is_mapping
from ._sse import ServerSentEvent

if TYPE_CHECKING:
    from ._models import Parser, TypeExpression

__all__ = ["DONE", "Interpreter"]

DONE = object()
"""Returned by `Interpreter.__call__` for the `[DONE]` event."""

_SHOWN_DATA = 200


def _shown(raw: bytes) -> str:
    text = raw[:_SHOWN_DATA].decode("utf-8", errors="replace")
    return text + ("..." if len(raw) > _SHOWN_DATA else "")


class Interpreter:
    """PURE over its inputs: turns one SSE event into an item, `DONE`, or a raised API error.

    An item is returned as `Any`: it has the type `cast_to` names, which the stream declares.
    """

    __slots__ = ("_invalid", "_parser", "_response", "_strict", "_validate")

    def __init__(self, cast_to: TypeExpression, *, strict: bool, response: httpx.Response) -> None:
        import pydantic

        from ._models import get_parser

        self._parser: Parser = get_parser(cast_to)
        self._validate = self._parser.validate_json
        self._invalid = pydantic.ValidationError
        self._strict = strict
        self._response = response

    def __call__(self, event: ServerSentEvent) -> Any:
        raw = event.raw_data
        if raw.startswith(b"[DONE]"):
            return DONE
        if event.event is None:
            item = self._parser.fast_json(raw)
            if item is not None and not _carries_error(item):
                return item
            data = self._decode(raw)
            if is_mapping(data) and data.get("error"):
                raise self._error(data)
            return self._convert(data, raw)
        data = self._decode(raw)
        if event.event == "error" and is_mapping(data) and data.get("error"):
            raise self._error(data)
        return self._convert({"data": data, "event": event.event}, raw)

    def fast(self, raw: bytes) -> Any:
        """The item of a plain event's `raw` data when it is valid and carries no error; `None`
        otherwise (`__call__` then decides: `DONE`, a raised error, a loosely built item)."""
        direct = self._parser.direct
        try:  # `[DONE]` is not JSON: it fails here and goes the full path, once a stream
            item = self._validate(raw) if direct is None else direct(raw)
        except self._invalid:
            return None
        fields: Optional[Dict[str, object]] = getattr(item, "__dict__", None)
        if fields is not None and fields.get("error"):  # `_carries_error`, inline: per chunk
            return None
        extra: Optional[Dict[str, object]] = getattr(item, "__pydantic_extra__", None)
        return None if extra and extra.get("error") else item

    def _decode(self, raw: bytes) -> object:
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise APIResponseValidationError(
                self._response, _shown(raw), message=f"Invalid JSON in a stream event: {_shown(raw)!r}"
            ) from None

    def _convert(self, data: object, raw: bytes) -> Any:
        if not self._strict:
            return self._parser.loose(data)
        import pydantic

        try:
            return self._parser.validate_python(data)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                self._response, data, message=f"A stream event does not match its schema: {_shown(raw)!r}"
            ) from exc

    def _error(self, data: Mapping[str, object]) -> Exception:
        error = data.get("error")
        message = None
        if is_mapping(error):
            candidate = error.get("message")
            if isinstance(candidate, str) and candidate:
                message = candidate
        return make_status_error(
            message or "An error occurred during streaming", body=dict(data), response=self._response
        )


def _carries_error(item: object) -> bool:
    if is_dict(item):  # a stream of plain JSON (`Stream[object]`, `Stream[dict]`)
        return bool(item.get("error"))
    fields: Optional[Dict[str, object]] = getattr(item, "__dict__", None)
    if fields is not None and fields.get("error"):
        return True
    extra: Optional[Dict[str, object]] = getattr(item, "__pydantic_extra__", None)
    return bool(extra and extra.get("error"))
