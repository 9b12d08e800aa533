"""The emulator's JSON Schema example generator: every value it makes validates (checked independently)."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema_lite import errors

from cerebras.cloud.sdk.testing._emulator.schema import SchemaError, example_for, matches

TREE: Dict[str, Any] = {
    "$defs": {
        "node": {
            "type": "object",
            "properties": {
                "label": {"type": "string", "minLength": 2, "maxLength": 12},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
            "required": ["label", "children"],
            "additionalProperties": False,
        }
    },
    "$ref": "#/$defs/node",
}
LINKED_LIST: Dict[str, Any] = {
    "type": "object",
    "properties": {"value": {"type": "integer"}, "next": {"anyOf": [{"$ref": "#"}, {"type": "null"}]}},
    "required": ["value", "next"],
    "additionalProperties": False,
}
EVERYTHING: Dict[str, Any] = {
    "type": "object",
    "definitions": {"unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    "properties": {
        "city": {"type": "string"},
        "unit": {"$ref": "#/definitions/unit"},
        "when": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "email": {"type": "string", "format": "email"},
        "id": {"type": "string", "format": "uuid"},
        "site": {"type": "string", "format": "uri"},
        "kind": {"const": "forecast"},
        "count": {"type": "integer", "minimum": 3, "maximum": 5},
        "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "step": {"type": "integer", "multipleOf": 5, "minimum": 1, "maximum": 99},
        "maybe": {"type": ["string", "null"]},
        "legacy": {"type": "integer", "nullable": True},
        "pick": {"oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string", "maxLength": 3}]},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b", "c", "d"]}, "minItems": 2, "maxItems": 3, "uniqueItems": True},
        "pair": {"type": "array", "prefixItems": [{"type": "boolean"}, {"type": "null"}], "items": False, "minItems": 2},
        "both": {"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"properties": {"b": {"type": "boolean"}}, "required": ["b"]}]},
        "free": {"type": "object", "additionalProperties": {"type": "number"}},
        "anything": {},
    },
    "required": ["city", "unit", "kind", "count", "ratio", "step", "pick", "tags", "pair", "both", "free"],
    "additionalProperties": False,
}  # fmt: skip


@pytest.mark.parametrize("schema", [TREE, LINKED_LIST, EVERYTHING], ids=["tree", "linked-list", "everything"])
@pytest.mark.parametrize("seed", range(25))
def test_values_validate(schema: Dict[str, Any], seed: int) -> None:
    value = example_for(schema, seed)
    assert errors(schema, value) == []
    assert matches(schema, value)


def test_same_seed_same_value_and_seeds_vary() -> None:
    assert example_for(EVERYTHING, 7) == example_for(EVERYTHING, 7)
    assert len({json.dumps(example_for(EVERYTHING, s), sort_keys=True) for s in range(10)}) > 5


def test_recursion_is_bounded_yet_optional_branches_are_used() -> None:
    depths = []
    for seed in range(30):
        node, depth = example_for(TREE, seed), 0
        while node["children"]:
            node, depth = node["children"][0], depth + 1
        depths.append(depth)
    assert max(depths) <= 4
    assert max(depths) >= 1


def test_empty_schema_gives_an_object() -> None:
    value = example_for({}, 1)
    assert isinstance(value, dict)
    assert value


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"me": {"$ref": "#"}}, "required": ["me"]},
        {"type": "integer", "minimum": 5, "maximum": 4},
        {"type": "array", "minItems": 3, "maxItems": 1},
        {"type": "object", "required": ["x"], "additionalProperties": False},
        {"$ref": "#/$defs/missing"},
        {"$ref": "https://example.com/remote.json"},
    ],
    ids=[
        "endless-required-recursion",
        "empty-range",
        "min-over-max",
        "required-but-forbidden",
        "dangling-ref",
        "remote-ref",
    ],
)
def test_unsatisfiable_schemas_raise(schema: Dict[str, Any]) -> None:
    with pytest.raises(SchemaError):
        example_for(schema, 0)


# ---------------------------------------------------------------- random schemas

_PRIMITIVES = st.one_of(
    st.just({"type": "string"}),
    st.just({"type": "boolean"}),
    st.just({"type": "null"}),
    st.builds(lambda lo, span: {"type": "integer", "minimum": lo, "maximum": lo + span}, st.integers(-50, 50), st.integers(0, 20)),
    st.builds(lambda lo, span: {"type": "number", "minimum": lo, "maximum": lo + span}, st.integers(-50, 50), st.integers(1, 20)),
    st.builds(lambda n, m: {"type": "string", "minLength": n, "maxLength": n + m}, st.integers(0, 5), st.integers(0, 10)),
    st.lists(st.one_of(st.integers(-5, 5), st.text(max_size=4), st.booleans()), min_size=1, max_size=4, unique=True).map(lambda v: {"enum": v}),
    st.one_of(st.integers(), st.text(max_size=5)).map(lambda v: {"const": v}),
)  # fmt: skip


def _compound(children: st.SearchStrategy[Dict[str, Any]]) -> st.SearchStrategy[Dict[str, Any]]:
    names = st.text(alphabet="abcdefgh", min_size=1, max_size=4)
    objects = st.dictionaries(names, children, max_size=4).flatmap(
        lambda props: st.builds(
            lambda required, closed: {
                "type": "object",
                "properties": props,
                "required": sorted(required),
                "additionalProperties": not closed,
            },
            st.sets(st.sampled_from(sorted(props))) if props else st.just(set()),
            st.booleans(),
        )
    )
    arrays = st.builds(
        lambda items, low, extra: {"type": "array", "items": items, "minItems": low, "maxItems": low + extra},
        children,
        st.integers(0, 2),
        st.integers(0, 3),
    )
    nullable = children.map(lambda s: {"anyOf": [s, {"type": "null"}]})
    unions = st.lists(children, min_size=1, max_size=3).map(lambda branches: {"anyOf": branches})
    return st.one_of(objects, arrays, nullable, unions)


SCHEMAS = st.recursive(_PRIMITIVES, _compound, max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=SCHEMAS, seed=st.integers(0, 2**32))
def test_random_schemas_yield_valid_values(schema: Dict[str, Any], seed: int) -> None:
    value = example_for(schema, seed)
    assert errors(schema, value) == [], (schema, value)
    json.dumps(value)  # always JSON


@settings(max_examples=60, deadline=None)
@given(schema=SCHEMAS, seed=st.integers(0, 2**32))
def test_random_schemas_behind_refs_and_wrappers(schema: Dict[str, Any], seed: int) -> None:
    wrapped = {
        "type": "object",
        "$defs": {"inner": schema},
        "properties": {"x": {"$ref": "#/$defs/inner"}, "y": {"oneOf": [{"type": "null"}, {"type": "boolean"}]}},
        "required": ["x", "y"],
        "additionalProperties": False,
    }
    value = example_for(wrapped, seed)
    assert errors(wrapped, value) == [], (wrapped, value)
