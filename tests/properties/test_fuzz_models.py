"""Fuzzing response parsing: any JSON, any bytes, against every response type, both modes.

Loose mode (the default) must never raise for JSON of any shape: it returns what it can
build. Strict mode must raise nothing but `APIResponseValidationError` for a body that does
not fit. A body that is not JSON at all raises `APIResponseValidationError` in both modes.
The same holds for the items of a stream.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

import httpx
import pytest
from _fuzz import FUZZ, json_values, mutations
from hypothesis import given
from hypothesis import strategies as st

from _support import CHAT_COMPLETION
from cerebras.cloud.sdk import APIResponseValidationError, APIStatusError
from cerebras.cloud.sdk._cast import parse_body
from cerebras.cloud.sdk._interpret import DONE, Interpreter
from cerebras.cloud.sdk._models import BaseModel
from cerebras.cloud.sdk._sse import ServerSentEvent
from cerebras.cloud.sdk.types import Completion, ModelListResponse, ModelRetrieveResponse
from cerebras.cloud.sdk.types.chat import ChatCompletion

__all__: list[str] = []


pytestmark = pytest.mark.fuzz

REQUEST = httpx.Request("POST", "http://api.test/v1/chat/completions")

CHAT = CHAT_COMPLETION
CHUNK: Dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion.chunk",
    "created": 1700000000,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_1",
    "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hi"}, "finish_reason": None}],
}
TEXT: Dict[str, Any] = {
    "id": "cmpl-1",
    "object": "text_completion",
    "created": 1700000000,
    "model": "llama3.1-8b",
    "choices": [{"index": 0, "text": "Hi", "finish_reason": "stop"}],
}
MODELS: Dict[str, Any] = {"object": "list", "data": [{"id": "llama3.1-8b", "object": "model", "owned_by": "Cerebras"}]}
MODEL: Dict[str, Any] = {"id": "llama3.1-8b", "object": "model", "created": 0, "owned_by": "Cerebras"}

CASES: List[Any] = [(ChatCompletion, CHAT), (ChatCompletion, CHUNK), (Completion, TEXT), (ModelListResponse, MODELS)]
CASES.append((ModelRetrieveResponse, MODEL))
types_and_bodies = st.sampled_from(CASES)


def _response(content: bytes) -> httpx.Response:
    return httpx.Response(200, content=content, headers={"content-type": "application/json"}, request=REQUEST)


def _check_loose(result: object) -> None:
    # A loosely built result is still usable: it can be shown and dumped.
    repr(result)
    if isinstance(result, BaseModel):
        result.to_dict(warnings=False)
        result.to_json(warnings=False)


@FUZZ
@given(case=types_and_bodies, data=st.data())
def test_loose_parsing_never_raises_for_any_json(case: Any, data: st.DataObject) -> None:
    cast_to, valid = case
    kind = data.draw(st.sampled_from(["any JSON", "mutated", "valid"]))
    body = {"any JSON": lambda: data.draw(json_values), "mutated": lambda: mutations(valid, data)}.get(
        kind, lambda: valid
    )()
    _check_loose(parse_body(_response(json.dumps(body).encode()), cast_to, strict=False))


@FUZZ
@given(case=types_and_bodies, data=st.data())
def test_strict_parsing_raises_only_validation_errors(case: Any, data: st.DataObject) -> None:
    cast_to, valid = case
    body = mutations(valid, data) if data.draw(st.booleans()) else data.draw(json_values)
    try:
        result: object = parse_body(_response(json.dumps(body).encode()), cast_to, strict=True)
    except APIResponseValidationError as exc:
        result = exc
    assert isinstance(result, (BaseModel, APIResponseValidationError)) or result is None


@FUZZ
@given(case=types_and_bodies, content=st.binary(max_size=200), strict=st.booleans())
def test_bytes_that_are_not_json_raise_only_validation_errors(case: Any, content: bytes, strict: bool) -> None:
    cast_to, _ = case
    try:
        json.loads(content)
    except (ValueError, RecursionError):
        with pytest.raises(APIResponseValidationError):
            parse_body(_response(content), cast_to, strict=strict)
    else:
        try:
            parse_body(_response(content), cast_to, strict=strict)
        except APIResponseValidationError:
            assert strict


@FUZZ
@given(depth=st.integers(min_value=1, max_value=50_000), opener=st.sampled_from([b"[", b'{"a":']), strict=st.booleans())
def test_deeply_nested_json_never_escapes_as_a_recursion_error(depth: int, opener: bytes, strict: bool) -> None:
    closer = b"]" if opener == b"[" else b"}"
    content = opener * depth + (b"1" if opener != b"[" else b"") + closer * depth
    try:
        parse_body(_response(content), ChatCompletion, strict=strict)
    except APIResponseValidationError:
        pass


@FUZZ
@given(data=st.data(), strict=st.booleans())
def test_stream_items_raise_only_sdk_errors(data: st.DataObject, strict: bool) -> None:
    valid = data.draw(st.sampled_from([CHUNK, CHAT]))
    payload = data.draw(
        st.one_of(
            st.builds(lambda: mutations(valid, data)).map(lambda v: json.dumps(v).encode()),
            json_values.map(lambda v: json.dumps(v).encode()),
            st.binary(max_size=100),
            st.sampled_from([b"[DONE]", b"[DONE] trailing", b'{"error": {"message": "x"}}', b'{"error": 1}']),
        )
    )
    name = data.draw(st.none() | st.sampled_from(["error", "message", "ping"]))
    interpret = Interpreter(ChatCompletion, strict=strict, response=httpx.Response(200, request=REQUEST))
    try:
        item = interpret(ServerSentEvent(event=name, raw_data=payload))
    except (APIResponseValidationError, APIStatusError):
        return
    assert item is DONE or item is not None or payload.strip() == b"null"
