"""The hot-path shortcuts give the same results as the general paths they skip.

Covered: the SSE decoder's one-event shortcut (`lone_data`), the models-listing union shortcut
for a repeated body, and the default httpx clients' cookie jar, which only sees responses that
set a cookie.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

import httpx
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk import Cerebras, DefaultAsyncHttpxClient, DefaultHttpxClient
from cerebras.cloud.sdk._models import Parser
from cerebras.cloud.sdk._sse import ServerSentEvent, SSEDecoder
from cerebras.cloud.sdk.types import ModelListResponse
from cerebras.cloud.sdk.types.model_list_response import HuggingFaceModelsResponse, ModelMetadataList

# --------------------------------------------------------------------------- SSE


def _decode_all(chunks: List[bytes], *, shortcut: bool) -> List[Tuple[Optional[str], bytes, Optional[str]]]:
    decoder = SSEDecoder()
    events: List[ServerSentEvent] = []
    for chunk in chunks:
        data = decoder.lone_data(chunk) if shortcut else None
        if data is not None:
            events.append(ServerSentEvent(raw_data=data, id=decoder.last_event_id))
        else:
            events.extend(decoder.decode(chunk))
    events.extend(decoder.flush())
    return [(e.event, e.raw_data, e.id) for e in events]


_pieces = st.sampled_from(
    [
        b'data: {"a":1}\n\n',
        b"data: x\n\n",
        b"data: \n\n",
        b"data: [DONE]\n\n",
        b"data: a\r\n\r\n",
        b"data: a\rb\n\n",
        b"data: 1\ndata: 2\n\n",
        b"event: e\n",
        b"id: 7\n",
        b"retry: 5\n",
        b": note\n",
        b"\n",
        b"data: part",
        b"ial\n\n",
        b"\xef\xbb\xbf",
        b"data:x\n\n",
        b"\r",
        b"data: y\n",
    ]
)


@given(st.lists(_pieces, max_size=12))
def test_lone_data_gives_what_decode_gives(chunks: List[bytes]) -> None:
    assert _decode_all(chunks, shortcut=True) == _decode_all(chunks, shortcut=False)


def test_lone_data_takes_only_a_whole_single_data_event() -> None:
    decoder = SSEDecoder()
    assert decoder.decode(b"data: first\n\n")[0].raw_data == b"first"
    assert decoder.lone_data(b'data: {"a":1}\n\n') == b'{"a":1}'
    assert decoder.lone_data(b"data: a\ndata: b\n\n") is None  # two lines
    assert decoder.lone_data(b"data: a\r\n\r\n") is None  # CR line ends
    assert decoder.lone_data(b"data: a\n") is None  # not finished
    assert decoder.lone_data(b"event: x\ndata: a\n\n") is None
    decoder.decode(b"id: 9\n")  # an id applies at once and lasts: the next event carries it
    assert decoder.lone_data(b"data: a\n\n") == b"a"
    assert decoder.last_event_id == "9"
    decoder.decode(b"retry: 5\n")  # a retry belongs to the next event: the full path handles it
    assert decoder.lone_data(b"data: a\n\n") is None


def test_lone_data_is_refused_before_the_first_chunk_and_mid_event() -> None:
    decoder = SSEDecoder()
    assert decoder.lone_data(b"data: a\n\n") is None  # a byte-order mark may still come
    decoder.decode(b"data: a\n\n")
    decoder.decode(b"data: b\n")
    assert decoder.lone_data(b"data: c\n\n") is None
    assert [e.raw_data for e in decoder.decode(b"\n")] == [b"b"]


# --------------------------------------------------------------------------- models listing

_DEFAULT = b'{"object":"list","data":[{"id":"a","object":"model","created":1,"owned_by":"x"}]}'
_HUGGING_FACE = (
    b'{"object":"list","data":[{"id":"a","object":"model","created":1,"owned_by":"x",'
    b'"context_length":8192,"pricing":{"input":0.1,"output":0.2}}]}'
)


def test_a_repeated_listing_body_parses_as_the_union_does() -> None:
    parser = Parser(ModelListResponse)
    first = parser.validate_json(_DEFAULT)
    again = parser.validate_json(_DEFAULT)
    assert type(first) is type(again) is ModelMetadataList
    assert again == first
    assert again.model_fields_set == first.model_fields_set
    other = parser.validate_json(_HUGGING_FACE)
    assert type(other) is HuggingFaceModelsResponse  # a different body is validated as a whole
    assert type(parser.validate_json(_DEFAULT)) is ModelMetadataList


# --------------------------------------------------------------------------- cookies


# A transport, not a client: the tests are about the cookie jar of the http clients built around it.
def _cookie_server(seen: List[Optional[str]]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        headers = {"set-cookie": "session=abc; Path=/"} if request.url.path == "/login" else {}
        return httpx.Response(200, json={"object": "list", "data": []}, headers=headers)

    return httpx.MockTransport(handle)


def test_default_client_keeps_cookies_that_are_set() -> None:
    seen: List[Optional[str]] = []
    with DefaultHttpxClient(transport=_cookie_server(seen)) as client:
        client.get("http://api.test/plain")
        assert list(client.cookies.jar) == []
        client.get("http://api.test/login")
        assert client.cookies.get("session") == "abc"
        client.get("http://api.test/after")
    assert seen == [None, None, "session=abc"]


async def test_default_async_client_keeps_cookies_that_are_set() -> None:
    seen: List[Optional[str]] = []
    async with DefaultAsyncHttpxClient(transport=_cookie_server(seen)) as client:
        await client.get("http://api.test/plain")
        await client.get("http://api.test/login")
        await client.get("http://api.test/after")
        assert client.cookies.get("session") == "abc"
    assert seen == [None, None, "session=abc"]


def test_sdk_responses_still_reach_the_cookie_jar() -> None:
    seen: List[Optional[str]] = []
    http = DefaultHttpxClient(transport=_cookie_server(seen))
    with Cerebras(api_key="sk-test-0123456789abcdef", base_url="http://api.test", http_client=http) as client:
        client.get("/login", cast_to=object)
        assert http.cookies.get("session") == "abc"
