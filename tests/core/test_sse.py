"""The event-stream decoder, replaying the WHATWG examples and the framing edge cases."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import pytest

from cerebras.cloud.sdk._sse import ServerSentEvent, SSEDecoder

__all__: List[str] = []

FIXTURES = Path(__file__).parent.parent / "fixtures"

Event = Tuple[Optional[str], str, Optional[str], Optional[int]]


def as_tuples(events: Sequence[ServerSentEvent]) -> List[Event]:
    return [(e.event, e.data, e.id, e.retry) for e in events]


def decode(*chunks: bytes, flush: bool = True) -> List[Event]:
    decoder = SSEDecoder()
    events: List[ServerSentEvent] = []
    for chunk in chunks:
        events += decoder.decode(chunk)
    if flush:
        events += decoder.flush()
    return as_tuples(events)


# --------------------------------------------------------------------------- WHATWG examples


def test_whatwg_stock_example_joins_data_lines() -> None:
    assert decode(b"data: YHOO\ndata: +2\ndata: 10\n\n") == [(None, "YHOO\n+2\n10", None, None)]


def test_whatwg_comment_and_id_example() -> None:
    body = b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n"
    # Without a closing blank line, the third event only comes out at flush.
    assert decode(body, flush=False) == [(None, "first event", "1", None), (None, "second event", "", None)]
    assert decode(body)[2] == (None, " third event", "", None)


def test_whatwg_empty_data_example() -> None:
    # `data` with no colon is a data line with an empty value: the event fires with "".
    assert decode(b"data\n\ndata\ndata\n\ndata:", flush=False) == [(None, "", None, None), (None, "\n", None, None)]
    assert decode(b"data\n\ndata\ndata\n\ndata:")[2] == (None, "", None, None)


def test_whatwg_one_space_after_the_colon_is_optional() -> None:
    assert decode(b"data:test\n\ndata: test\n\n") == [(None, "test", None, None)] * 2


# --------------------------------------------------------------------------- fields


def test_event_type_is_set_and_reset_after_each_event() -> None:
    assert decode(b"event: add\ndata: 73857293\n\ndata: 2\n\n") == [
        ("add", "73857293", None, None),
        (None, "2", None, None),
    ]


def test_an_empty_event_type_means_none() -> None:
    assert decode(b"event:\ndata: x\n\n") == [(None, "x", None, None)]


def test_an_event_without_data_is_not_dispatched_and_its_type_does_not_leak() -> None:
    assert decode(b"event: ping\n\ndata: x\n\n") == [(None, "x", None, None)]


def test_the_last_event_id_persists_until_changed() -> None:
    body = b"id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\nid:\ndata: d\n\n"
    assert [e[2] for e in decode(body)] == ["7", "7", "8", ""]


def test_an_id_set_by_an_event_without_data_still_persists() -> None:
    assert decode(b"id: 3\n\ndata: x\n\n") == [(None, "x", "3", None)]


def test_an_id_containing_nul_is_ignored() -> None:
    assert decode(b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n") == [(None, "a", "1", None), (None, "b", "1", None)]


def test_retry_takes_ascii_digits_only_and_belongs_to_one_event() -> None:
    body = b"retry: 3000\ndata: a\n\nretry: 3s\ndata: b\n\nretry: -1\ndata: c\n\nretry:\ndata: d\n\n"
    assert [e[3] for e in decode(body)] == [3000, None, None, None]


def test_unknown_fields_and_fields_without_colon_are_ignored() -> None:
    assert decode(b"foo: bar\nfoo\nDATA: upper\nevent\ndata: x\n\n") == [(None, "x", None, None)]


def test_only_one_leading_space_is_stripped() -> None:
    assert decode(b"data:   three\n\n") == [(None, "  three", None, None)]
    assert decode(b"event:  spaced\ndata: x\n\n") == [(" spaced", "x", None, None)]


def test_a_value_may_contain_colons() -> None:
    assert decode(b'data: {"a": "b:c"}\n\n') == [(None, '{"a": "b:c"}', None, None)]


def test_comments_are_ignored_anywhere() -> None:
    assert decode(b": ping\n\n:\ndata: x\n: inside\ndata: y\n\n") == [(None, "x\ny", None, None)]


# --------------------------------------------------------------------------- line ends


@pytest.mark.parametrize("end", [b"\n", b"\r", b"\r\n"])
def test_every_line_end_is_accepted(end: bytes) -> None:
    body = end.join([b"event: e", b"data: a", b"data: b", b"", b"data: c", b"", b""])
    assert decode(body) == [("e", "a\nb", None, None), (None, "c", None, None)]


def test_mixed_line_ends_in_one_body() -> None:
    assert decode(b"data: a\rdata: b\r\n\ndata: c\n\r") == [(None, "a\nb", None, None), (None, "c", None, None)]


def test_a_crlf_split_across_chunks_is_one_line_end() -> None:
    # Were the LF counted again, "a" and "b" would be two events.
    assert decode(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n") == [(None, "a\nb", None, None)]


def test_a_lone_cr_at_a_chunk_end_followed_by_text_is_a_line_end() -> None:
    assert decode(b"data: a\r", b"data: b\r\r") == [(None, "a\nb", None, None)]


def test_a_lone_lf_chunk_after_a_cr_chunk_is_swallowed_once_only() -> None:
    assert decode(b"data: a\r", b"\n", b"\n") == [(None, "a", None, None)]


def test_unicode_line_separators_inside_data_do_not_end_lines() -> None:
    text = "a\u2028b\u2029c\x85d\x0be\x0cf\x1cg\x1dh\x1ei"
    assert decode(f"data: {text}\n\n".encode()) == [(None, text, None, None)]


# --------------------------------------------------------------------------- chunking


def test_a_multibyte_character_split_across_chunks() -> None:
    body = "data: café 🚀\n\n".encode()
    for cut in range(1, len(body)):
        assert decode(body[:cut], body[cut:]) == [(None, "café 🚀", None, None)], cut


def test_byte_by_byte_feeding_gives_the_same_events() -> None:
    body = b"id: 1\nevent: e\ndata: x\r\ndata: y\r\n\r\n: c\rdata: z\r\r"
    assert decode(*[body[i : i + 1] for i in range(len(body))]) == decode(body)


def test_a_long_line_in_many_small_chunks() -> None:
    line = b"data: " + b"x" * 200_000
    pieces = [line[i : i + 100] for i in range(0, len(line), 100)]
    assert decode(*pieces, b"\n\n", flush=False) == [(None, "x" * 200_000, None, None)]


def test_empty_chunks_are_harmless() -> None:
    assert decode(b"", b"data: a", b"", b"\n", b"", b"\n", b"") == [(None, "a", None, None)]


# --------------------------------------------------------------------------- end of body


def test_flush_dispatches_a_final_event_without_its_blank_line() -> None:
    assert decode(b"data: a\n\ndata: b\n", flush=False) == [(None, "a", None, None)]
    assert decode(b"data: a\n\ndata: b\n") == [(None, "a", None, None), (None, "b", None, None)]
    assert decode(b"data: a\n\ndata: b") == [(None, "a", None, None), (None, "b", None, None)]


def test_flush_after_a_trailing_cr_does_not_lose_or_duplicate() -> None:
    assert decode(b"data: a\r") == [(None, "a", None, None)]


def test_flush_without_pending_event_returns_nothing() -> None:
    decoder = SSEDecoder()
    assert as_tuples(decoder.decode(b"data: a\n\n")) == [(None, "a", None, None)]
    assert decoder.flush() == []
    assert not decoder.has_partial_event


def test_has_partial_event_and_last_event_id() -> None:
    decoder = SSEDecoder()
    assert not decoder.has_partial_event
    decoder.decode(b"id: 9\n")
    assert decoder.last_event_id == "9"
    assert not decoder.has_partial_event
    decoder.decode(b"da")
    assert decoder.has_partial_event
    decoder.decode(b"ta: x\n")
    assert decoder.has_partial_event
    decoder.decode(b"\n")
    assert not decoder.has_partial_event
    decoder.decode(b"event: e\n")
    assert decoder.has_partial_event


# --------------------------------------------------------------------------- byte order mark


def test_one_leading_bom_is_dropped_even_split() -> None:
    bom = b"\xef\xbb\xbf"
    assert decode(bom + b"data: a\n\n") == [(None, "a", None, None)]
    assert decode(bom[:1], bom[1:2], bom[2:] + b"data: a\n\n") == [(None, "a", None, None)]
    # A second BOM belongs to the field name, so the line is an unknown field.
    assert decode(bom + bom + b"data: a\n\ndata: b\n\n") == [(None, "b", None, None)]
    # Not at the start: kept.
    assert decode(b"data: " + bom + b"\n\n") == [(None, "\ufeff", None, None)]


def test_a_body_shorter_than_a_bom() -> None:
    assert decode(b"\xef") == []
    assert decode(b"\xef", b"x") == []
    assert decode(b"d", b"ata: a\n\n") == [(None, "a", None, None)]


# --------------------------------------------------------------------------- ServerSentEvent


def test_server_sent_event_data_json_and_equality() -> None:
    event = ServerSentEvent(raw_data=b'{"a": [1, "\xc3\xa9"]}', event="e", id="1", retry=5)
    assert event.data == '{"a": [1, "é"]}'
    assert event.json() == {"a": [1, "é"]}
    assert event == ServerSentEvent(data='{"a": [1, "é"]}', event="e", id="1", retry=5)
    assert hash(event) == hash(ServerSentEvent(data='{"a": [1, "é"]}', event="e", id="1", retry=5))
    assert event != ServerSentEvent(data="x")
    assert event != "not an event"
    assert repr(ServerSentEvent(data="x")) == "ServerSentEvent(event=None, data='x', id=None, retry=None)"


def test_server_sent_event_defaults_and_invalid_utf8() -> None:
    assert ServerSentEvent().data == ""
    assert ServerSentEvent().raw_data == b""
    assert ServerSentEvent(raw_data=b"\xff").data == "\ufffd"


# --------------------------------------------------------------------------- recorded bodies


def test_the_chat_fixture_decodes_to_its_events() -> None:
    events = decode((FIXTURES / "chat_stream.sse").read_bytes())
    assert len(events) == 4
    assert events[-1] == (None, "[DONE]", None, None)
    assert all(e[0] is None for e in events)


def test_the_error_fixture_skips_the_comment() -> None:
    events = decode((FIXTURES / "chat_stream_error.sse").read_bytes())
    assert [e[1][:9] for e in events] == ['{"id":"ch', '{"error":', "[DONE]"]
