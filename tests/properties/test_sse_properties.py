"""Properties of the event-stream decoder: chunking, line ends and end of body never change events."""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from _fuzz import split_at
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk._sse import SSEDecoder

__all__: List[str] = []

Event = Tuple[Optional[str], str, Optional[str], Optional[int]]
Spec = Tuple[Optional[str], List[str], Optional[str], Optional[int]]

SEPARATORS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"

# Any character but the three that end lines, weighted towards separators and multi-byte ones.
line_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_characters="\r\n"),
        st.sampled_from(SEPARATORS + "é🚀: \x00"),
    ),
    max_size=12,
)
event_specs = st.lists(
    st.tuples(
        st.none() | line_text.filter(bool),  # event type
        st.lists(line_text, min_size=1, max_size=3),  # data lines
        st.none() | line_text.filter(lambda s: "\x00" not in s),  # id
        st.none() | st.integers(0, 10**6),  # retry
    ),
    max_size=6,
)
line_ends = st.sampled_from(["\n", "\r", "\r\n"])


def encode(specs: Sequence[Spec], end: str, *, last_blank: bool = True) -> bytes:
    lines: List[str] = []
    for name, data, id_, retry in specs:
        if name is not None:
            lines.append(f"event: {name}")
        if id_ is not None:
            lines.append(f"id: {id_}")
        if retry is not None:
            lines.append(f"retry: {retry}")
        lines.extend(f"data: {line}" for line in data)
        lines.append("")
    body = "".join(line + end for line in lines)
    if not last_blank and specs:
        body = body[: -len(end)]
    return body.encode("utf-8")


def expected(specs: Sequence[Spec]) -> List[Event]:
    events: List[Event] = []
    last_id: Optional[str] = None
    for name, data, id_, retry in specs:
        if id_ is not None:
            last_id = id_
        events.append((name, "\n".join(data), last_id, retry))
    return events


def decode(pieces: Sequence[bytes]) -> List[Event]:
    decoder = SSEDecoder()
    events = []
    for piece in pieces:
        events += decoder.decode(piece)
    events += decoder.flush()
    return [(e.event, e.data, e.id, e.retry) for e in events]


@given(event_specs, line_ends, st.data())
def test_any_split_decodes_like_the_whole_body(specs: List[Spec], end: str, data: st.DataObject) -> None:
    body = encode(specs, end)
    cuts = data.draw(st.lists(st.integers(0, len(body)), max_size=len(body) + 1))
    assert decode(split_at(body, cuts)) == decode([body]) == expected(specs)


@given(event_specs)
def test_byte_by_byte_decodes_like_the_whole_body(specs: List[Spec]) -> None:
    body = encode(specs, "\r\n")
    assert decode([body[i : i + 1] for i in range(len(body))]) == expected(specs)


@given(event_specs)
def test_cr_lf_and_crlf_give_identical_events(specs: List[Spec]) -> None:
    assert decode([encode(specs, "\n")]) == decode([encode(specs, "\r")]) == decode([encode(specs, "\r\n")])


@given(event_specs, line_ends, st.data())
def test_nothing_is_lost_at_flush_without_the_last_blank_line(specs: List[Spec], end: str, data: st.DataObject) -> None:
    body = encode(specs, end, last_blank=False)
    cuts = data.draw(st.lists(st.integers(0, len(body)), max_size=8))
    assert decode(split_at(body, cuts)) == expected(specs)


@given(st.lists(st.text(alphabet=SEPARATORS + "ab", min_size=1, max_size=10), min_size=1, max_size=4), line_ends)
def test_unicode_separators_never_split_a_line(data_lines: List[str], end: str) -> None:
    body = encode([(None, data_lines, None, None)], end)
    assert decode([body]) == [(None, "\n".join(data_lines), None, None)]
