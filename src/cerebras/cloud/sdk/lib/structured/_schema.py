"""PURE. Python types and JSON schemas to the strict JSON schema Cerebras structured outputs accept.

Cerebras strict mode (`"strict": true` in a `json_schema` response format or a tool) constrains
generation to the schema, and so accepts a narrower schema language than JSON Schema:

* every object lists all of its properties in `required` and has `additionalProperties: false`
  (an optional field is one that may be `null`, not one that may be missing);
* a nullable value is an `anyOf` with `{"type": "null"}`, never the `"type": [..., "null"]` form;
* unions are `anyOf` with a small number of branches;
* validation-only keywords (`pattern`, `format`, `minLength`, `minItems`, `minimum`, ...) are not
  enforced while generating, so they are dropped rather than silently ignored by the server;
* the root is an object.

`to_strict_json_schema` rewrites a schema into that form, and refuses, with a
`SchemaNotSupportedError` naming the JSON path, what strict mode cannot express: open-ended
objects (`Dict[str, X]`), tuples, untyped values (`Any`), large unions and keywords such as
`not` or `patternProperties`. References to `$defs` are inlined, except for recursive
definitions, which stay in `$defs` and are referenced with `$ref`.
"""

from __future__ import annotations

import inspect
import json
from typing import Any, Dict, List, Mapping, Optional, Set, cast

from ..._lib_interface import is_list, is_mapping
from ._errors import SchemaNotSupportedError

__all__ = ["DEFAULT_MAX_UNION_BRANCHES", "source_schema", "to_strict_json_schema"]

DEFAULT_MAX_UNION_BRANCHES = 5
"""The most `anyOf` branches a strict schema may have at one place (a `null` branch counts)."""

_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})

# Annotations and validation-only constraints: not enforced while generating, so dropped.
# fmt: off
_DROPPED = frozenset({
    "title", "default", "examples", "example", "$schema", "$id", "$comment", "format", "pattern",
    "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minProperties", "maxProperties",
    "readOnly", "writeOnly", "deprecated", "contentEncoding", "contentMediaType", "contentSchema",
    "discriminator",
})

# Keywords handled below.
_HANDLED = frozenset({
    "type", "description", "enum", "const", "properties", "required", "additionalProperties",
    "items", "anyOf", "oneOf", "allOf", "$ref", "$defs", "definitions", "nullable",
})
# fmt: on

_UNTYPED = "a value without a type (Any, an empty or boolean schema) cannot be served in strict mode; give it a type"

_REFUSED: Mapping[str, str] = {
    "prefixItems": "tuples (prefixItems) cannot be served in strict mode; use a list or a model",
    "additionalItems": "tuples (additionalItems) cannot be served in strict mode; use a list or a model",
    "patternProperties": "objects with pattern-named keys cannot be served in strict mode; use fixed keys",
    "propertyNames": "objects with open-ended keys cannot be served in strict mode; use fixed keys",
    "not": "'not' cannot be served in strict mode",
    "if": "conditional schemas (if/then/else) cannot be served in strict mode",
    "then": "conditional schemas (if/then/else) cannot be served in strict mode",
    "else": "conditional schemas (if/then/else) cannot be served in strict mode",
}


def source_schema(type_or_schema: object) -> Dict[str, object]:
    """The JSON schema pydantic derives for a type, or the given schema dict itself (not copied).

    Pydantic models use their own `model_json_schema()`; any other type (a dataclass, a
    `TypedDict`, ...) goes through `pydantic.TypeAdapter`.
    """
    if is_mapping(type_or_schema):
        return dict(type_or_schema)
    import pydantic

    try:
        if isinstance(type_or_schema, type) and issubclass(type_or_schema, pydantic.BaseModel):
            return type_or_schema.model_json_schema()
        # `Any`: a runtime type expression, which pydantic takes as a `TypeForm` (no spelling here).
        return pydantic.TypeAdapter(cast(Any, type_or_schema)).json_schema()
    except pydantic.PydanticUserError as exc:
        raise SchemaNotSupportedError("#", f"no JSON schema can be derived from {type_or_schema!r}: {exc}") from exc


def to_strict_json_schema(
    type_or_schema: object, *, max_union_branches: int = DEFAULT_MAX_UNION_BRANCHES
) -> Dict[str, Any]:
    """A Cerebras-strict JSON schema for a pydantic model, dataclass, `TypedDict` or schema dict.

    The input is not modified; the result is a new dict, ready for a `json_schema` response
    format or a tool's `parameters` with `"strict": True`.

    ```py
    class Person(pydantic.BaseModel):
        name: str
        nickname: Optional[str] = None

    to_strict_json_schema(Person)
    # {"type": "object",
    #  "properties": {"name": {"type": "string"},
    #                 "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
    #  "required": ["name", "nickname"], "additionalProperties": False}
    ```

    Args:
      type_or_schema: The type the output must validate as, or a JSON schema dict.
      max_union_branches: The most `anyOf` branches allowed at one place.

    Raises:
      SchemaNotSupportedError: The schema uses something strict mode cannot serve; the error's
        `path` points at it.
    """
    return _Converter(source_schema(type_or_schema), max_union_branches).convert()


def _pointer(path: str, *keys: str) -> str:
    for key in keys:
        path += "/" + key.replace("~", "~0").replace("/", "~1")
    return path


def _ref_name(ref: object, path: str) -> str:
    if isinstance(ref, str):
        for prefix in ("#/$defs/", "#/definitions/"):
            if ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
                return ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
    raise SchemaNotSupportedError(
        path, f"only references to local definitions (#/$defs/...) are supported, not {ref!r}"
    )


def _refs_in(node: object, found: Set[str]) -> Set[str]:
    if is_mapping(node):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                try:
                    found.add(_ref_name(value, "#"))
                except SchemaNotSupportedError:
                    pass  # reported where it is used
            else:
                _refs_in(value, found)
    elif is_list(node):
        for item in node:
            _refs_in(item, found)
    return found


def _recursive(defs: Mapping[str, object]) -> Set[str]:
    """The definitions that reach themselves through references: these cannot be inlined."""
    edges = {name: _refs_in(schema, set()) for name, schema in defs.items()}
    cyclic: Set[str] = set()
    for start in edges:
        stack = list(edges[start])
        seen: Set[str] = set()
        while stack:
            name = stack.pop()
            if name == start:
                cyclic.add(start)
                break
            if name not in seen:
                seen.add(name)
                stack.extend(edges.get(name, ()))
    return cyclic


def _type_of_values(source: Mapping[str, object]) -> Optional[str]:
    """The JSON type shared by every `enum`/`const` value (older pydantic versions leave it out)."""
    values: List[object] = []
    enum = source.get("enum")
    if is_list(enum):
        values.extend(enum)
    if "const" in source:
        values.append(source["const"])
    kinds: Set[str] = set()
    for value in values:
        if isinstance(value, bool):
            kinds.add("boolean")
        elif isinstance(value, int):
            kinds.add("integer")
        elif isinstance(value, float):
            kinds.add("number")
        elif isinstance(value, str):
            kinds.add("string")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 else None


class _Converter:
    """One conversion: the source definitions, and the recursive ones kept in the output."""

    def __init__(self, root: Dict[str, object], max_union_branches: int) -> None:
        defs: object = root.get("$defs", root.get("definitions")) or {}
        if not is_mapping(defs):
            raise SchemaNotSupportedError("#/$defs", "definitions must be an object")
        self.root = {k: v for k, v in root.items() if k not in ("$defs", "definitions")}
        self.defs = defs
        self.recursive = _recursive(self.defs)
        self.kept: Dict[str, Dict[str, object]] = {}
        self.max_union_branches = max_union_branches

    def convert(self) -> Dict[str, Any]:
        root: Dict[str, object] = self.root
        parts = root.get("allOf")
        if is_list(parts) and len(parts) == 1 and "$ref" not in root:
            # Older pydantic versions wrap a root reference in a one-element allOf.
            part = parts[0]
            if is_mapping(part) and "$ref" in part:
                root = {**{k: v for k, v in root.items() if k != "allOf"}, **part}
        if "$ref" in root:  # a recursive root model: inline it here, keep it in $defs for its children
            name = _ref_name(root["$ref"], "#")
            root = {**self._definition(name, "#"), **{k: v for k, v in root.items() if k != "$ref"}}
        result = self.node(root, "#")
        if result.get("type") != "object":
            raise SchemaNotSupportedError(
                "#", "the root of a strict schema must be an object; wrap the value in a model"
            )
        if self.kept:
            result["$defs"] = {name: self.kept[name] for name in sorted(self.kept)}
        return result

    def _definition(self, name: str, path: str) -> Mapping[str, object]:
        schema = self.defs.get(name)
        if not is_mapping(schema):
            raise SchemaNotSupportedError(path, f"the reference to {name!r} does not resolve to a schema")
        return schema

    def node(self, schema: object, path: str) -> Dict[str, object]:
        if not is_mapping(schema) or not schema:
            raise SchemaNotSupportedError(path, _UNTYPED)
        source = schema
        for key in source:
            if key in _REFUSED:
                raise SchemaNotSupportedError(_pointer(path, key), _REFUSED[key])
            if key not in _HANDLED and key not in _DROPPED:
                raise SchemaNotSupportedError(
                    _pointer(path, key), f"the keyword {key!r} is not supported in strict mode"
                )
        if "$ref" in source:
            return self._reference(source, path)
        if "allOf" in source:
            return self._all_of(source, path)
        if "anyOf" in source or "oneOf" in source:
            return self._union(source, path)
        kind = source.get("type")
        if is_list(kind) and len(kind) != 1:
            plain = {k: v for k, v in source.items() if k != "description"}
            branches = [{**plain, "type": one} for one in kind]
            rest = {k: v for k, v in source.items() if k in ("description",)}
            return self._union({**rest, "anyOf": branches}, path, inherit=False)
        if is_list(kind):
            kind = kind[0]
        if source.get("nullable") is True:
            plain = {k: v for k, v in source.items() if k not in ("nullable", "description")}
            rest = {k: v for k, v in source.items() if k == "description"}
            return self._union({**rest, "anyOf": [plain, {"type": "null"}]}, path, inherit=False)
        return self._single(source, kind, path)

    def _single(self, source: Mapping[str, object], kind: object, path: str) -> Dict[str, object]:
        out: Dict[str, object] = {}
        description = source.get("description")
        if isinstance(description, str):
            # Older pydantic versions keep a docstring's indentation.
            out["description"] = inspect.cleandoc(description)
        if kind is None and "properties" in source:
            kind = "object"
        if kind is None and "items" in source:
            kind = "array"
        if kind is None:
            kind = _type_of_values(source)
        if kind is not None:
            if kind not in _TYPES:
                raise SchemaNotSupportedError(_pointer(path, "type"), f"unknown type {kind!r}")
            out["type"] = kind
        elif "enum" not in source and "const" not in source:
            raise SchemaNotSupportedError(path, _UNTYPED)
        if "enum" in source:
            values = source["enum"]
            if not is_list(values) or not values:
                raise SchemaNotSupportedError(_pointer(path, "enum"), "enum must be a non-empty list")
            out["enum"] = list(values)
        if "const" in source:
            out["const"] = source["const"]
        if kind == "object":
            self._object(source, path, out)
        elif kind == "array":
            if "items" not in source:
                raise SchemaNotSupportedError(path, "a list needs an item type in strict mode")
            out["items"] = self.node(source["items"], _pointer(path, "items"))
        return out

    def _object(self, source: Mapping[str, object], path: str, out: Dict[str, object]) -> None:
        extra = source.get("additionalProperties")
        if (extra is not None and extra is not False) or ("properties" not in source and extra is None):
            raise SchemaNotSupportedError(
                _pointer(path, "additionalProperties") if extra is not None else path,
                "open-ended objects (Dict[str, X], additionalProperties) cannot be served in strict mode; "
                "list the keys in a model or TypedDict",
            )
        properties: object = source.get("properties") or {}
        if not is_mapping(properties):
            raise SchemaNotSupportedError(_pointer(path, "properties"), "properties must be an object")
        props = properties
        out["properties"] = {key: self.node(value, _pointer(path, "properties", key)) for key, value in props.items()}
        out["required"] = list(props)
        out["additionalProperties"] = False

    def _reference(self, source: Mapping[str, object], path: str) -> Dict[str, object]:
        name = _ref_name(source["$ref"], _pointer(path, "$ref"))
        definition = self._definition(name, _pointer(path, "$ref"))
        siblings = {k: v for k, v in source.items() if k != "$ref"}
        if name not in self.recursive:
            merged = {**definition, **siblings}
            return self.node(merged, path)
        for key in siblings:
            if key not in _DROPPED and key != "description":
                raise SchemaNotSupportedError(
                    _pointer(path, key), "keywords next to a recursive $ref are not supported"
                )
        if name not in self.kept:
            self.kept[name] = {}  # placeholder: the definition refers to itself
            self.kept[name] = self.node(definition, _pointer("#/$defs", name))
        return {"$ref": _pointer("#/$defs", name)}

    def _all_of(self, source: Mapping[str, object], path: str) -> Dict[str, object]:
        parts = source["allOf"]
        if not is_list(parts) or len(parts) != 1:
            raise SchemaNotSupportedError(
                _pointer(path, "allOf"), "allOf with several schemas is not supported; merge them"
            )
        part = parts[0]
        if not is_mapping(part):
            raise SchemaNotSupportedError(_pointer(path, "allOf", "0"), "not a schema")
        rest = {k: v for k, v in source.items() if k != "allOf"}
        return self.node({**part, **rest}, path)

    def _union(self, source: Mapping[str, object], path: str, inherit: bool = True) -> Dict[str, object]:
        key = "anyOf" if "anyOf" in source else "oneOf"
        if "anyOf" in source and "oneOf" in source:
            raise SchemaNotSupportedError(_pointer(path, "oneOf"), "anyOf and oneOf together are not supported")
        members = source[key]
        if not is_list(members) or not members:
            raise SchemaNotSupportedError(_pointer(path, key), f"{key} must be a non-empty list")
        # Keywords beside anyOf apply to every branch (e.g. a `type` shared by all of them).
        shared = (
            {k: v for k, v in source.items() if k not in (key, "description") and k not in _DROPPED} if inherit else {}
        )
        branches: List[Dict[str, object]] = []
        seen: Set[str] = set()
        for index, member in enumerate(members):
            if shared and is_mapping(member):
                member = {**shared, **member}
            converted = self.node(member, _pointer(path, key, str(index)))
            nested = converted.get("anyOf")
            # A converted union's `anyOf` is the `branches` list this method built for it.
            for branch in cast("List[Dict[str, object]]", nested) if nested is not None else [converted]:
                fingerprint = json.dumps(branch, sort_keys=True)
                if fingerprint not in seen:
                    seen.add(fingerprint)
                    branches.append(branch)
        if len(branches) > self.max_union_branches:
            raise SchemaNotSupportedError(
                _pointer(path, key),
                f"a union of {len(branches)} alternatives is more than the {self.max_union_branches} "
                "strict mode allows; use fewer alternatives or a model with an enum field",
            )
        raw = source.get("description")
        description = inspect.cleandoc(raw) if isinstance(raw, str) else None
        if len(branches) == 1:
            result = dict(branches[0])
            if description is not None:
                result["description"] = description
            return result
        out: Dict[str, object] = {"description": description} if description is not None else {}
        out["anyOf"] = branches
        return out
