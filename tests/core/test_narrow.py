"""`_narrow`: the type guards that stand in for `isinstance` + `cast` on decoded JSON."""

from __future__ import annotations

import json
from collections import OrderedDict
from types import MappingProxyType
from typing import Dict, List, Mapping

from typing_extensions import assert_type

from cerebras.cloud.sdk._narrow import is_dict, is_list, is_mapping


def test_each_guard_is_the_isinstance_check_it_replaces() -> None:
    values: List[object] = [
        {},
        {"a": 1},
        OrderedDict(a=1),
        MappingProxyType({"a": 1}),
        [],
        [1, "x"],
        (1, 2),
        "text",
        b"bytes",
        1,
        1.5,
        True,
        None,
    ]
    for value in values:
        assert is_dict(value) is isinstance(value, dict)
        assert is_mapping(value) is isinstance(value, Mapping)
        assert is_list(value) is isinstance(value, list)


def test_decoded_json_narrows_without_a_cast() -> None:
    decoded: object = json.loads('{"choices": [{"index": 0}], "usage": null}')
    assert is_dict(decoded)
    assert_type(decoded, Dict[str, object])
    choices = decoded["choices"]
    assert is_list(choices)
    assert_type(choices, List[object])
    first = choices[0]
    assert is_mapping(first)
    assert_type(first, Mapping[str, object])
    assert first.get("index") == 0
    assert decoded.get("usage") is None
