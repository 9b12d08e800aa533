"""`LineSplitter`: the lines of any body, however it is split into pieces, within a limit."""

from __future__ import annotations

from typing import List

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk._capped import LineSplitter, LineTooLong

__all__: List[str] = []

_bodies = st.lists(st.sampled_from([b"a", b"bc", b"\n", b"\r", b"\r\n", b"\xc3\xa9", b"data: x"]), max_size=60).map(
    b"".join
)


@given(body=_bodies, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8))
def test_lines_match_splitlines_however_the_body_is_cut(body: bytes, cuts: List[int]) -> None:
    splitter = LineSplitter(limit=10_000)
    lines: List[bytes] = []
    start = 0
    for cut in sorted(set(cut for cut in cuts if cut < len(body))):
        lines += splitter.feed(body[start:cut])
        start = cut
    lines += splitter.feed(body[start:])
    lines += splitter.flush()
    assert lines == body.splitlines()


@given(size=st.integers(min_value=11, max_value=200), piece=st.integers(min_value=1, max_value=7))
def test_a_line_over_the_limit_fails_as_soon_as_it_passes(size: int, piece: int) -> None:
    splitter = LineSplitter(limit=10)
    body = b"x" * size
    fed = 0

    def feed_all() -> None:
        nonlocal fed
        while fed < len(body):
            fed += piece
            splitter.feed(body[fed - piece : fed])

    with pytest.raises(LineTooLong):
        feed_all()
    assert fed <= 10 + piece  # stopped at the first piece past the limit


def test_lines_at_the_limit_pass() -> None:
    splitter = LineSplitter(limit=3)
    assert splitter.feed(b"abc\nde") == [b"abc"]
    assert splitter.feed(b"f\r") == [b"def"]
    assert splitter.feed(b"\ng") == []
    assert splitter.flush() == [b"g"]
