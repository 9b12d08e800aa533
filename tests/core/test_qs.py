"""Query-string encoding: repeated keys for lists, brackets for nesting, sentinels dropped."""

from __future__ import annotations

from typing import List, Mapping, Tuple

import pytest

from cerebras.cloud.sdk import Cerebras, not_given, omit
from cerebras.cloud.sdk._request import QueryString, encode_query


@pytest.mark.parametrize(
    ("params", "pairs"),
    [
        ({"format": "default"}, [("format", "default")]),
        ({"x": [1, 2]}, [("x", "1"), ("x", "2")]),
        ({"x": (1, "b")}, [("x", "1"), ("x", "b")]),
        ({"a": {"b": 1, "c": {"d": "e"}}}, [("a[b]", "1"), ("a[c][d]", "e")]),
        ({"a": {"b": [1, 2]}}, [("a[b]", "1"), ("a[b]", "2")]),
        ({"t": True, "f": False}, [("t", "true"), ("f", "false")]),
        ({"n": 1.5, "i": 0}, [("n", "1.5"), ("i", "0")]),
        ({"gone": omit, "also": not_given, "none": None, "kept": "k"}, [("kept", "k")]),
        ({}, []),
    ],
)
def test_encode_query(params: Mapping[str, object], pairs: List[Tuple[str, str]]) -> None:
    assert encode_query(params) == pairs


def test_query_string_serializer() -> None:
    qs = QueryString()
    assert qs.array_format == "repeat"
    assert qs.nested_format == "brackets"
    assert qs.stringify({"x": [1, 2], "a": {"b": "c d"}}) == "x=1&x=2&a%5Bb%5D=c+d"
    assert qs.stringify_items({"x": [1, 2]}) == [("x", "1"), ("x", "2")]


def test_client_exposes_the_serializer() -> None:
    client = Cerebras(api_key="k", base_url="http://api.test", warm_tcp_connection=False)
    try:
        assert isinstance(client.qs, QueryString)
        assert client.qs.stringify({"x": [1, 2]}) == "x=1&x=2"
    finally:
        client.close()
