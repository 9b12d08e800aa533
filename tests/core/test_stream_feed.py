"""`StreamFeed`: the pure step under both stream classes (chunks of an SSE body in, items out)."""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Optional

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import chat_chunk
from cerebras.cloud.sdk import (
    APIConnectionError,
    APIResponseValidationError,
    BadRequestError,
    RateLimitError,
    ResponseTooLargeError,
)
from cerebras.cloud.sdk._interpret import Interpreter
from cerebras.cloud.sdk._stream_feed import StreamFeed
from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse, ChatCompletion

__all__: List[str] = []


def chunk(content: str, **extra: Any) -> bytes:
    return json.dumps(chat_chunk(content, **extra)).encode()


def data_event(payload: bytes) -> bytes:
    return b"data: " + payload + b"\n\n"


RATE_LIMITED = b'{"error":{"message":"slow down"},"status_code":429}'


def new_feed(*, max_event_bytes: int = 1 << 20) -> StreamFeed[Any]:
    response = httpx.Response(200, request=httpx.Request("POST", "http://api.test/v1/chat/completions"))
    interpret = Interpreter(ChatCompletion, strict=False, response=response)
    return StreamFeed(interpret, max_event_bytes=max_event_bytes, response=response)


def texts(items: Iterable[Any]) -> List[Optional[str]]:
    out: List[Optional[str]] = []
    for item in items:
        assert isinstance(item, ChatChunkResponse)
        assert item.choices is not None
        assert item.choices[0].delta is not None
        out.append(item.choices[0].delta.content)
    return out


# --------------------------------------------------------------------------- items and the end


def test_one_whole_event_per_chunk_gives_one_item_each() -> None:
    parser = new_feed()
    assert texts(parser.feed(data_event(chunk("Hel")))) == ["Hel"]
    assert texts(parser.feed(data_event(chunk("lo")))) == ["lo"]
    assert parser.done is False


def test_done_ends_the_answer_and_nothing_after_it_counts() -> None:
    parser = new_feed()
    assert list(parser.feed(data_event(b"[DONE]"))) == []
    assert parser.done is True
    assert list(parser.feed(data_event(chunk("late")))) == []
    assert parser.end() == []


def test_several_events_in_one_chunk_stop_at_done() -> None:
    parser = new_feed()
    body = data_event(chunk("a")) + data_event(chunk("b")) + data_event(b"[DONE]") + data_event(chunk("c"))
    assert texts(parser.feed(body)) == ["a", "b"]
    assert parser.done is True


def test_an_event_split_across_chunks_comes_out_once_whole() -> None:
    parser = new_feed()
    body = data_event(chunk("split"))
    assert list(parser.feed(body[:10])) == []
    assert list(parser.feed(body[10:-1])) == []
    assert texts(parser.feed(body[-1:])) == ["split"]


def test_comments_ids_and_crlf_take_the_decoder_path() -> None:
    parser = new_feed()
    body = b": keep-alive\r\nid: 7\r\ndata: " + chunk("x") + b"\r\n\r\n"
    assert texts(parser.feed(body)) == ["x"]


# --------------------------------------------------------------------------- typed errors


def test_an_error_event_raises_its_status_error() -> None:
    with pytest.raises(RateLimitError, match="slow down"):
        list(new_feed().feed(data_event(RATE_LIMITED)))


def test_an_error_after_an_item_in_the_same_chunk_comes_after_that_item() -> None:
    items = iter(new_feed().feed(data_event(chunk("first")) + data_event(RATE_LIMITED)))
    assert texts([next(items)]) == ["first"]
    with pytest.raises(RateLimitError):
        next(items)


def test_a_named_error_event_raises() -> None:
    body = b"event: error\ndata: " + b'{"error":{"message":"nope"},"status_code":400}' + b"\n\n"
    with pytest.raises(BadRequestError, match="nope"):
        list(new_feed().feed(body))


def test_invalid_json_raises_a_validation_error() -> None:
    with pytest.raises(APIResponseValidationError, match="Invalid JSON"):
        list(new_feed().feed(data_event(b"{not json")))


def test_an_event_over_the_limit_raises_response_too_large() -> None:
    parser = new_feed(max_event_bytes=64)
    with pytest.raises(ResponseTooLargeError):
        list(parser.feed(b"data: " + b"x" * 100))


# --------------------------------------------------------------------------- end of the body


def test_the_end_of_a_clean_body_gives_nothing() -> None:
    parser = new_feed()
    assert texts(parser.feed(data_event(chunk("a")))) == ["a"]
    assert parser.end() == []


def test_an_event_cut_off_by_the_end_is_delivered_when_its_json_is_whole() -> None:
    parser = new_feed()
    assert list(parser.feed(b"data: " + chunk("tail"))) == []
    assert texts(parser.end()) == ["tail"]


def test_a_cut_off_done_ends_the_answer() -> None:
    parser = new_feed()
    assert list(parser.feed(b"data: [DONE]")) == []
    assert parser.end() == []
    assert parser.done is True


@pytest.mark.parametrize("tail", [b"data: " + chunk("tail")[:-5], b"event: x\n", b"id: 3\ndata"])
def test_a_truncated_body_raises_a_connection_error(tail: bytes) -> None:
    parser = new_feed()
    assert list(parser.feed(tail)) == []
    with pytest.raises(APIConnectionError, match="middle of an event"):
        parser.end()


def test_a_cut_off_line_over_the_limit_raises_response_too_large_at_the_end() -> None:
    parser = new_feed(max_event_bytes=64)
    assert list(parser.feed(b"data: " + b"y" * 40 + b"\n")) == []
    assert list(parser.feed(b"data: " + b"z" * 30)) == []  # the event's data is 70 bytes with its last line
    with pytest.raises(ResponseTooLargeError):
        parser.end()


# --------------------------------------------------------------------------- any split, same items


def feed_all(chunks: Iterable[bytes]) -> List[Optional[str]]:
    parser = new_feed()
    out: List[Optional[str]] = []
    for piece in chunks:
        out += texts(parser.feed(piece))
        if parser.done:
            return out
    return out + texts(parser.end())


contents = st.lists(st.text(max_size=12), max_size=8)


@settings(deadline=None)  # feeds every body byte by byte too: slow on a loaded machine, and not a timing test
@given(
    contents=contents,
    line_end=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    comments=st.booleans(),
    done=st.booleans(),
    cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=20),
)
def test_any_split_of_a_body_gives_the_same_items(
    contents: List[str], line_end: bytes, comments: bool, done: bool, cuts: List[int]
) -> None:
    events = [b"data: " + chunk(text) + line_end + line_end for text in contents]
    if comments:
        events = [b": ping" + line_end + event for event in events]
    body = b"".join(events) + (b"data: [DONE]" + line_end + line_end + data_event(chunk("after")) if done else b"")
    points = sorted({cut % (len(body) + 1) for cut in cuts})
    pieces = [body[start:end] for start, end in zip([0, *points], [*points, len(body)])]
    assert feed_all(pieces) == contents
    assert feed_all([body]) == contents
    assert feed_all([body[i : i + 1] for i in range(len(body))]) == contents
