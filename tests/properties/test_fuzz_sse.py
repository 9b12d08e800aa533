"""Fuzzing the event-stream path: hostile bytes, cut anywhere, through the decoder and streams.

Whatever the server sends and however the network cuts it, the decoder never raises and
decodes a cut body exactly like the whole one, and iterating a `Stream` / `AsyncStream`
yields items or raises an SDK error (`CerebrasError`), never a bare `JSONDecodeError`,
`UnicodeDecodeError` or `RecursionError`. A well-formed stream arrives whole, in order.
"""

from __future__ import annotations

import json
from typing import Any, AsyncIterator, Iterator, List, Optional, Tuple

import anyio
import httpx
import pytest
from _fuzz import FUZZ, json_values, split_at
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk import AsyncStream, CerebrasError, Stream
from cerebras.cloud.sdk._sse import ServerSentEvent, SSEDecoder
from cerebras.cloud.sdk.types.chat import ChatCompletion

__all__: list[str] = []

pytestmark = pytest.mark.fuzz

REQUEST = httpx.Request("POST", "http://api.test/v1/chat/completions")

_TOKENS = [
    b"data: ",
    b"data:",
    b"event: error\n",
    b"id: 7\n",
    b"id: \x00\n",
    b"retry: 10\n",
    b"retry: x\n",
    b": comment\n",
    b"\n",
    b"\r",
    b"\r\n",
    b"\n\n",
    b"[DONE]",
    b'{"error": {"message": "boom"}}',
    b'{"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "x"}}]}',
    "\u00e9\U0001f680\u2028".encode(),
    b"\xff\xfe",
    b"[" * 3000,
    b"x" * 5000,
]
hostile_bodies = st.lists(st.sampled_from(_TOKENS) | st.binary(max_size=30), max_size=25).map(b"".join)


def _cuts(body: bytes, data: st.DataObject) -> List[bytes]:
    return split_at(body, data.draw(st.lists(st.integers(0, len(body)), max_size=8)))


def _decode(pieces: List[bytes]) -> List[Tuple[Optional[str], bytes, Optional[str], Optional[int]]]:
    decoder = SSEDecoder()
    events: List[ServerSentEvent] = []
    for piece in pieces:
        events += decoder.decode(piece)
    events += decoder.flush()
    return [(e.event, e.raw_data, e.id, e.retry) for e in events]


@FUZZ
@given(body=hostile_bodies, data=st.data())
def test_the_decoder_never_raises_and_ignores_where_bytes_are_cut(body: bytes, data: st.DataObject) -> None:
    whole = _decode([body])
    assert _decode(_cuts(body, data)) == whole
    if len(body) < 2000:
        assert _decode([body[i : i + 1] for i in range(len(body))]) == whole
    for _event, raw, _id, _retry in whole:
        assert b"\r" not in raw  # a CR always ends a line: it is never part of the data


class _Chunks(httpx.SyncByteStream):
    def __init__(self, pieces: List[bytes]) -> None:
        self.pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces


class _AsyncChunks(httpx.AsyncByteStream):
    def __init__(self, pieces: List[bytes]) -> None:
        self.pieces = pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            yield piece


class _Strict:
    _strict_response_validation = True


def _client(strict: bool) -> Any:
    return _Strict() if strict else None


def _sync_items(pieces: List[bytes], strict: bool) -> List[Any]:
    response = httpx.Response(200, stream=_Chunks(pieces), request=REQUEST)
    # `create(stream=True)` builds its streams with the `ChatCompletion` union as `cast_to`.
    stream = Stream(cast_to=ChatCompletion, response=response, client=_client(strict))  # pyright: ignore[reportArgumentType]
    try:
        return list(stream)
    finally:
        assert response.is_closed


def _async_items(pieces: List[bytes], strict: bool) -> List[Any]:
    async def main() -> List[Any]:
        response = httpx.Response(200, stream=_AsyncChunks(pieces), request=REQUEST)
        stream = AsyncStream(cast_to=ChatCompletion, response=response, client=_client(strict))  # pyright: ignore[reportArgumentType]
        try:
            return [item async for item in stream]
        finally:
            assert response.is_closed

    return anyio.run(main)


@FUZZ
@given(body=hostile_bodies, data=st.data(), strict=st.booleans(), use_async=st.booleans())
def test_streams_raise_only_sdk_errors(body: bytes, data: st.DataObject, strict: bool, use_async: bool) -> None:
    pieces = _cuts(body, data)
    try:
        (_async_items if use_async else _sync_items)(pieces, strict)
    except CerebrasError:
        pass


def _chunk(text: str) -> bytes:
    chunk = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "system_fingerprint": "fp",
        "choices": [{"index": 0, "delta": {"content": text}}],
    }
    return json.dumps(chunk, ensure_ascii=False).encode()


@FUZZ
@given(
    texts=st.lists(st.text(max_size=30), max_size=8),
    end=st.sampled_from([b"\n", b"\r", b"\r\n"]),
    done=st.booleans(),
    extra=st.lists(json_values.map(lambda v: b": " + json.dumps(v).encode().replace(b"\n", b"")), max_size=2),
    data=st.data(),
    use_async=st.booleans(),
)
def test_a_well_formed_stream_arrives_whole_and_in_order_however_it_is_cut(
    texts: List[str], end: bytes, done: bool, extra: List[bytes], data: st.DataObject, use_async: bool
) -> None:
    events = [*(comment + end for comment in extra), *(b"data: " + _chunk(t) + end + end for t in texts)]
    body = b"".join(events) + (b"data: [DONE]" + end + end if done else b"")
    items = (_async_items if use_async else _sync_items)(_cuts(body, data), False)
    assert [item.choices[0].delta.content for item in items] == texts
