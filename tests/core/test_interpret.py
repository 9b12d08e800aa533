"""`Interpreter`: one SSE event in, an item, `DONE`, or the API error sent inside the stream."""

from __future__ import annotations

import json
from typing import Any, List, Optional

import httpx
import pytest

from _support import chat_chunk
from cerebras.cloud.sdk import (
    APIResponseValidationError,
    APIStatusError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
)
from cerebras.cloud.sdk._interpret import DONE, Interpreter
from cerebras.cloud.sdk._sse import ServerSentEvent
from cerebras.cloud.sdk.types.chat.chat_completion import (
    ChatChunkResponse,
    ChatCompletion,
    ChatCompletionResponse,
)
from cerebras.cloud.sdk.types.completion import Completion, CompletionResponse

__all__: List[str] = []

CHUNK = chat_chunk("Seven")


def stream_response(status: int = 200) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("POST", "http://api.test/v1/chat/completions"))


def interpreter(
    cast_to: Any = ChatCompletion, *, strict: bool = False, response: Optional[httpx.Response] = None
) -> Interpreter:
    return Interpreter(cast_to, strict=strict, response=response or stream_response())


def event(data: Any, name: Optional[str] = None) -> ServerSentEvent:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return ServerSentEvent(raw_data=raw, event=name)


# --------------------------------------------------------------------------- items and [DONE]


def test_done_stops() -> None:
    assert interpreter()(event(b"[DONE]")) is DONE
    assert interpreter()(event(b"[DONE] and anything after")) is DONE


def test_a_chunk_becomes_the_chunk_model() -> None:
    item = interpreter()(event(CHUNK))
    assert isinstance(item, ChatChunkResponse)
    assert item.choices is not None
    assert item.choices[0].delta is not None
    assert item.choices[0].delta.content == "Seven"


def test_a_text_completion_event_becomes_a_completion() -> None:
    data = {**CHUNK, "object": "text_completion", "choices": [{"index": 0, "text": " violets"}]}
    item = interpreter(Completion)(event(data))
    assert isinstance(item, CompletionResponse)
    assert item.choices[0].text == " violets"


def test_a_falsy_error_member_is_not_an_error() -> None:
    for value in (None, "", {}, 0):
        item = interpreter()(event({**CHUNK, "error": value}))
        assert isinstance(item, ChatChunkResponse), value


# --------------------------------------------------------------------------- errors in the stream


def test_streaming_md_error_example_with_status_code() -> None:
    response = stream_response()
    data = b'{"error":{"message":"too long","type":"invalid","code":"ctx"},"status_code":400}'
    with pytest.raises(BadRequestError) as caught:
        interpreter(response=response)(event(data))
    error = caught.value
    assert type(error) is BadRequestError
    assert error.status_code == 400
    assert error.message == "too long"
    assert str(error) == "too long"
    assert error.body == {"message": "too long", "type": "invalid", "code": "ctx"}
    assert error.response is response


def test_streaming_md_error_example_plain() -> None:
    with pytest.raises(APIStatusError) as caught:
        interpreter()(event(b'{"error":"plain"}'))
    error = caught.value
    assert type(error) is APIStatusError
    assert error.status_code == 200
    assert error.message == "An error occurred during streaming"
    assert error.body == "plain"


@pytest.mark.parametrize(
    ("data", "cls", "status"),
    [
        ({"error": {"message": "slow down"}, "status_code": 429}, RateLimitError, 429),
        ({"error": {"message": "boom"}, "status_code": 500}, InternalServerError, 500),
        ({"error": {"message": "x"}, "status_code": "400"}, APIStatusError, 200),
        ({"error": {"message": "x"}}, APIStatusError, 200),
    ],
)
def test_the_embedded_status_code_chooses_the_class(data: Any, cls: type, status: int) -> None:
    with pytest.raises(APIStatusError) as caught:
        interpreter()(event(data))
    assert type(caught.value) is cls
    assert caught.value.status_code == status


@pytest.mark.parametrize("error", [{"message": ""}, {"message": 3}, {"code": "x"}, ["a"], 1, True])
def test_without_a_usable_message_the_default_one(error: Any) -> None:
    with pytest.raises(APIStatusError, match=r"^An error occurred during streaming$"):
        interpreter()(event({"error": error}))


def test_text_completion_streams_raise_errors_too() -> None:
    with pytest.raises(BadRequestError, match="too long"):
        interpreter(Completion)(event({"error": {"message": "too long"}, "status_code": 400}))


def test_an_error_event_raises() -> None:
    with pytest.raises(BadRequestError, match="nope"):
        interpreter()(event({"error": {"message": "nope"}, "status_code": 400}, "error"))


def test_an_error_event_without_error_member_is_an_item() -> None:
    item = interpreter()(event({"message": "hi"}, "error"))
    assert isinstance(item, ChatCompletionResponse)
    assert item.model_extra == {"data": {"message": "hi"}, "event": "error"}


def test_other_named_events_are_loose_items_with_data_and_event() -> None:
    item = interpreter()(event({"error": {"message": "not raised"}}, "status"))
    assert isinstance(item, ChatCompletionResponse)
    assert item.id is None
    assert item.choices is None
    assert item.model_extra == {"data": {"error": {"message": "not raised"}}, "event": "status"}


# --------------------------------------------------------------------------- validation


MALFORMED = {k: v for k, v in CHUNK.items() if k != "system_fingerprint"}


def test_loose_mode_builds_a_malformed_chunk_without_validating() -> None:
    item = interpreter()(event(MALFORMED))
    # As the official SDK does: the first union member, built loosely.
    assert isinstance(item, ChatCompletionResponse)
    assert item.system_fingerprint is None
    assert item.choices[0].model_extra == {"delta": {"content": "Seven"}}


def test_strict_mode_rejects_a_malformed_chunk() -> None:
    with pytest.raises(APIResponseValidationError, match="does not match its schema") as caught:
        interpreter(strict=True)(event(MALFORMED))
    assert caught.value.body == MALFORMED
    assert caught.value.status_code == 200


def test_strict_mode_accepts_a_good_chunk() -> None:
    assert isinstance(interpreter(strict=True)(event(CHUNK)), ChatChunkResponse)


@pytest.mark.parametrize("name", [None, "message"])
def test_invalid_json_names_the_data(name: Optional[str]) -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        interpreter()(event(b'{"id": "chatcmpl-9a", oops', name))
    error = caught.value
    assert error.message == """Invalid JSON in a stream event: '{"id": "chatcmpl-9a", oops'"""
    assert error.body == '{"id": "chatcmpl-9a", oops'
    assert error.status_code == 200


def test_invalid_json_is_shown_truncated() -> None:
    raw = b"x" * 1000
    with pytest.raises(APIResponseValidationError) as caught:
        interpreter()(event(raw))
    assert caught.value.message == f"Invalid JSON in a stream event: '{'x' * 200}...'"


def test_invalid_utf8_is_invalid_json() -> None:
    with pytest.raises(APIResponseValidationError, match="Invalid JSON"):
        interpreter()(event(b'"\xff\xfe"'))
