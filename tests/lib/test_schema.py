"""`to_strict_json_schema`: pydantic models, dataclasses, TypedDicts and schema dicts to strict schemas."""

from __future__ import annotations

import copy
import dataclasses
import enum
import json
from typing import Any, Dict, List, Optional, Tuple, Union, cast

import pydantic
import pytest
from typing_extensions import Literal, TypedDict

from cerebras.cloud.sdk import CerebrasError
from cerebras.cloud.sdk.lib.structured import SchemaNotSupportedError, StructuredOutputError, to_strict_json_schema

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NULL = {"type": "null"}


def obj(**properties: Any) -> Dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def walk(node: Any) -> List[Dict[str, Any]]:
    """Every schema object inside `node`."""
    found: List[Dict[str, Any]] = []
    if isinstance(node, dict):
        mapping = cast("Dict[str, Any]", node)
        found.append(mapping)
        for value in mapping.values():
            found.extend(walk(value))
    elif isinstance(node, list):
        for item in cast("List[Any]", node):
            found.extend(walk(item))
    return found


class Address(pydantic.BaseModel):
    """A postal address."""

    street: str = pydantic.Field(description="Street and number", min_length=3)
    zip_code: Optional[str] = None


class Person(pydantic.BaseModel):
    name: str
    age: int = pydantic.Field(ge=0, default=30)
    address: Address
    previous: Optional[Address] = None
    tags: List[str] = pydantic.Field(default_factory=list, max_length=3)


def test_nested_model_is_inlined_with_every_property_required_and_closed() -> None:
    schema = to_strict_json_schema(Person)

    address = obj(street={"description": "Street and number", **STRING}, zip_code={"anyOf": [STRING, NULL]})
    address = {"description": "A postal address.", **address}
    assert schema == obj(
        name=STRING,
        age=INTEGER,
        address=address,
        previous={"anyOf": [address, NULL]},
        tags={"type": "array", "items": STRING},
    )
    assert "$defs" not in schema


def test_no_title_default_or_unenforced_constraint_survives() -> None:
    dumped = json.dumps(to_strict_json_schema(Person))
    for keyword in ("title", "default", "minLength", "maxItems", "minimum"):
        assert f'"{keyword}"' not in dumped


def test_every_object_is_closed_and_requires_all_of_its_properties() -> None:
    for node in walk(to_strict_json_schema(Person)):
        if node.get("type") == "object":
            assert node["additionalProperties"] is False
            assert node["required"] == list(node["properties"])


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Palette(pydantic.BaseModel):
    main: Color
    mode: Literal["light", "dark"]
    version: Literal[2]
    accent: Optional[Color]


def test_enums_and_literals() -> None:
    schema = to_strict_json_schema(Palette)

    assert schema["properties"] == {
        "main": {"type": "string", "enum": ["red", "green"]},
        "mode": {"type": "string", "enum": ["light", "dark"]},
        "version": {"type": "integer", "const": 2},
        "accent": {"anyOf": [{"type": "string", "enum": ["red", "green"]}, NULL]},
    }


class Movie(TypedDict):
    title: str
    year: Optional[int]


def test_typed_dict_is_an_object_with_fixed_keys() -> None:
    assert to_strict_json_schema(Movie) == obj(title=STRING, year={"anyOf": [INTEGER, NULL]})


@dataclasses.dataclass
class Point:
    x: float
    label: str = "origin"


def test_dataclass_defaults_become_required() -> None:
    assert to_strict_json_schema(Point) == obj(x={"type": "number"}, label=STRING)


class Node(pydantic.BaseModel):
    value: int
    children: List[Node] = []


class Tree(pydantic.BaseModel):
    root: Node
    size: int


def test_recursive_model_as_root_keeps_its_definition() -> None:
    node = obj(value=INTEGER, children={"type": "array", "items": {"$ref": "#/$defs/Node"}})

    assert to_strict_json_schema(Node) == {**node, "$defs": {"Node": node}}


def test_recursive_model_inside_another_is_referenced() -> None:
    node = obj(value=INTEGER, children={"type": "array", "items": {"$ref": "#/$defs/Node"}})

    assert to_strict_json_schema(Tree) == {**obj(root={"$ref": "#/$defs/Node"}, size=INTEGER), "$defs": {"Node": node}}


class Cat(pydantic.BaseModel):
    kind: Literal["cat"]
    lives: int


class Dog(pydantic.BaseModel):
    kind: Literal["dog"]
    good: bool


class Owner(pydantic.BaseModel):
    pet: Union[Cat, Dog]
    tagged: Union[Cat, Dog] = pydantic.Field(discriminator="kind")
    maybe: Optional[Union[Cat, Dog, int]]


def test_unions_are_flat_any_of_and_discriminators_dropped() -> None:
    schema = to_strict_json_schema(Owner)
    cat = obj(kind={"type": "string", "const": "cat"}, lives=INTEGER)
    dog = obj(kind={"type": "string", "const": "dog"}, good={"type": "boolean"})

    assert schema["properties"]["pet"] == {"anyOf": [cat, dog]}
    assert schema["properties"]["tagged"] == {"anyOf": [cat, dog]}  # oneOf + discriminator
    assert schema["properties"]["maybe"] == {"anyOf": [cat, dog, INTEGER, NULL]}


def test_type_list_shorthand_becomes_any_of_with_null() -> None:
    schema = {"type": "object", "properties": {"a": {"type": ["string", "null"], "description": "A or nothing"}}}

    assert to_strict_json_schema(schema) == obj(a={"description": "A or nothing", "anyOf": [STRING, NULL]})


def test_openapi_nullable_becomes_any_of_with_null() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer", "nullable": True}}}

    assert to_strict_json_schema(schema) == obj(a={"anyOf": [INTEGER, NULL]})


def test_plain_schema_dict_is_completed_and_not_modified() -> None:
    schema = {
        "type": "object",
        "title": "Answer",
        "properties": {
            "text": {"type": "string", "maxLength": 20, "pattern": "^a"},
            "when": {"type": "string", "format": "date-time"},
            "items": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}},
        },
        "required": ["text"],
        "$defs": {},
    }
    original = copy.deepcopy(schema)

    result = to_strict_json_schema(schema)

    assert result == obj(text=STRING, when=STRING, items={"type": "array", "items": obj(n=INTEGER)})
    assert schema == original


def test_refs_in_a_schema_dict_resolve_from_definitions_too() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"$ref": "#/definitions/A"}, "b": {"allOf": [{"$ref": "#/definitions/A"}]}},
        "definitions": {"A": {"type": "object", "properties": {"x": {"type": "boolean"}}}},
    }
    a = obj(x={"type": "boolean"})

    assert to_strict_json_schema(schema) == obj(a=a, b=a)


def test_description_beside_a_ref_wins_over_the_definitions() -> None:
    class Holder(pydantic.BaseModel):
        home: Address = pydantic.Field(description="Where they live")

    assert to_strict_json_schema(Holder)["properties"]["home"]["description"] == "Where they live"


def test_duplicate_union_branches_are_merged() -> None:
    schema = {"type": "object", "properties": {"a": {"anyOf": [STRING, {"type": "string", "title": "S"}, NULL]}}}

    assert to_strict_json_schema(schema) == obj(a={"anyOf": [STRING, NULL]})


def test_single_branch_union_collapses() -> None:
    schema = {"type": "object", "properties": {"a": {"anyOf": [STRING], "description": "d"}}}

    assert to_strict_json_schema(schema) == obj(a={"type": "string", "description": "d"})


# --------------------------------------------------------------------------- refusals


def refusal(type_or_schema: object, **kwargs: Any) -> SchemaNotSupportedError:
    with pytest.raises(SchemaNotSupportedError) as info:
        to_strict_json_schema(type_or_schema, **kwargs)
    return info.value


class WithDict(pydantic.BaseModel):
    name: str
    scores: Dict[str, int]


def test_open_dict_field_is_refused_with_its_path() -> None:
    error = refusal(WithDict)

    assert error.path == "#/properties/scores/additionalProperties"
    assert "Dict[str, X]" in error.reason
    assert str(error).startswith("#/properties/scores/additionalProperties: ")


def test_open_dict_deep_inside_a_list_is_refused_with_its_path() -> None:
    class Outer(pydantic.BaseModel):
        rows: List[WithDict]

    assert refusal(Outer).path == "#/properties/rows/items/properties/scores/additionalProperties"


def test_bare_object_without_properties_is_refused() -> None:
    assert refusal({"type": "object", "properties": {"meta": {"type": "object"}}}).path == "#/properties/meta"


def test_extra_allow_model_is_refused() -> None:
    class Loose(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="allow")
        a: int

    assert refusal(Loose).path == "#/additionalProperties"


def test_any_is_refused() -> None:
    class Anything(pydantic.BaseModel):
        payload: Any

    error = refusal(Anything)
    assert error.path == "#/properties/payload"
    assert "Any" in error.reason


def test_tuple_is_refused() -> None:
    class Pair(pydantic.BaseModel):
        pair: Tuple[int, str]

    error = refusal(Pair)
    assert error.path == "#/properties/pair/prefixItems"
    assert "tuple" in error.reason


def test_too_many_union_branches_are_refused() -> None:
    class Wide(pydantic.BaseModel):
        value: Union[int, str, bool, float, List[int], None]

    error = refusal(Wide)
    assert error.path == "#/properties/value/anyOf"
    assert "6 alternatives" in error.reason
    assert to_strict_json_schema(Wide, max_union_branches=6)["properties"]["value"]["anyOf"][-1] == NULL


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("not", {"type": "string"}),
        ("patternProperties", {"^x": STRING}),
        ("if", STRING),
        ("unevaluatedProperties", False),
    ],
)
def test_unsupported_keywords_are_refused(keyword: str, value: object) -> None:
    schema: Dict[str, Any] = {
        "type": "object",
        "properties": {"a": {"type": "object", "properties": {}, keyword: value}},
    }

    assert refusal(schema).path == f"#/properties/a/{keyword}"


def test_non_object_root_is_refused() -> None:
    assert "root" in refusal(List[int]).reason
    assert refusal({"type": "string"}).path == "#"


def test_external_ref_is_refused() -> None:
    error = refusal({"type": "object", "properties": {"a": {"$ref": "https://example.com/a.json"}}})

    assert error.path == "#/properties/a/$ref"


def test_unresolvable_ref_is_refused() -> None:
    assert "does not resolve" in refusal({"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}}).reason


def test_path_escapes_slashes_and_tildes_in_property_names() -> None:
    schema = {"type": "object", "properties": {"a/b~c": {"type": "object"}}}

    assert refusal(schema).path == "#/properties/a~1b~0c"


def test_types_pydantic_cannot_describe_are_refused() -> None:
    error = refusal(object())

    assert error.path == "#"


def test_refusal_is_a_cerebras_error_and_a_value_error() -> None:
    error = refusal(WithDict)

    assert isinstance(error, StructuredOutputError)
    assert isinstance(error, CerebrasError)
    assert isinstance(error, ValueError)


def prop(schema: Dict[str, Any]) -> Dict[str, Any]:
    """A root object with one property `a` of `schema`."""
    return {"type": "object", "properties": {"a": schema}}


@pytest.mark.parametrize(
    ("schema", "path", "words"),
    [
        (prop({"allOf": [STRING, INTEGER]}), "#/properties/a/allOf", "merge"),
        (prop({"anyOf": [STRING], "oneOf": [INTEGER]}), "#/properties/a/oneOf", "together"),
        (prop({"anyOf": []}), "#/properties/a/anyOf", "non-empty"),
        (prop({"enum": []}), "#/properties/a/enum", "non-empty"),
        (prop({"type": "date"}), "#/properties/a/type", "unknown type"),
        (prop({"type": "array"}), "#/properties/a", "item type"),
        (prop({"type": "array", "items": {}}), "#/properties/a/items", "without a type"),
        (prop({"description": "no type"}), "#/properties/a", "without a type"),
        (prop(cast(Any, True)), "#/properties/a", "without a type"),
        (prop({"type": "object", "properties": ["x"]}), "#/properties/a/properties", "must be an object"),
        ({**prop(STRING), "$defs": ["x"]}, "#/$defs", "must be an object"),
        (prop({"$ref": "#/$defs/A", "minimum": 1, "nullable": True}), "#/properties/a/$ref", "does not resolve"),
    ],
)
def test_malformed_or_unservable_schemas_are_refused(schema: Dict[str, Any], path: str, words: str) -> None:
    error = refusal(schema)

    assert error.path == path
    assert words in error.reason


def test_keywords_beside_a_recursive_ref_are_refused_unless_annotations() -> None:
    node = {"type": "object", "properties": {"next": {"anyOf": [{"$ref": "#/$defs/N"}, NULL]}}}
    annotated = {**prop({"$ref": "#/$defs/N", "description": "d", "title": "t"}), "$defs": {"N": node}}
    constrained = {**prop({"$ref": "#/$defs/N", "type": "object"}), "$defs": {"N": node}}

    assert to_strict_json_schema(annotated)["properties"]["a"] == {"$ref": "#/$defs/N"}
    assert refusal(constrained).path == "#/properties/a/type"


def test_single_type_in_a_list_and_keywords_shared_by_union_branches() -> None:
    shared = prop({"type": "object", "anyOf": [{"properties": {"x": STRING}}, {"properties": {"y": INTEGER}}]})

    assert to_strict_json_schema(prop({"type": ["string"]})) == obj(a=STRING)
    assert to_strict_json_schema(shared) == obj(a={"anyOf": [obj(x=STRING), obj(y=INTEGER)]})


def test_recursion_through_two_definitions_keeps_both() -> None:
    schema = {
        **prop({"$ref": "#/$defs/A"}),
        "$defs": {
            "A": {"type": "object", "properties": {"b": {"anyOf": [{"$ref": "#/$defs/B"}, NULL]}}},
            "B": {"type": "object", "properties": {"a": {"anyOf": [{"$ref": "#/$defs/A"}, NULL]}}},
            "Unused": {"type": "object", "properties": {"z": {"type": "boolean"}}},
        },
    }

    result = to_strict_json_schema(schema)

    assert result["properties"]["a"] == {"$ref": "#/$defs/A"}
    assert result["$defs"] == {
        "A": obj(b={"anyOf": [{"$ref": "#/$defs/B"}, NULL]}),
        "B": obj(a={"anyOf": [{"$ref": "#/$defs/A"}, NULL]}),
    }


def test_enum_and_const_without_a_type_get_the_type_of_their_values() -> None:
    schema = {
        "type": "object",
        "properties": {
            "word": {"const": "x"},
            "flag": {"enum": [True, False]},
            "ratio": {"enum": [0.5, 1.5]},
            "mixed": {"enum": [1, "a"]},
            "nothing": {"enum": [None]},
        },
    }

    assert to_strict_json_schema(schema)["properties"] == {
        "word": {"type": "string", "const": "x"},
        "flag": {"type": "boolean", "enum": [True, False]},
        "ratio": {"type": "number", "enum": [0.5, 1.5]},
        "mixed": {"enum": [1, "a"]},
        "nothing": {"enum": [None]},
    }


def test_root_reference_wrapped_in_all_of_and_indented_descriptions() -> None:
    node = {
        "type": "object",
        "description": "A node.\n\n    With details.\n    ",
        "properties": {"next": {"anyOf": [{"$ref": "#/$defs/Node"}, NULL], "description": "\n    Next one.\n"}},
    }
    expected = {
        "description": "A node.\n\nWith details.",
        **obj(next={"description": "Next one.", "anyOf": [{"$ref": "#/$defs/Node"}, NULL]}),
    }

    result = to_strict_json_schema({"allOf": [{"$ref": "#/$defs/Node"}], "$defs": {"Node": node}})

    assert result == {**expected, "$defs": {"Node": expected}}
