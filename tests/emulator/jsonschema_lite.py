"""A small, independent JSON Schema validator for the tests (the `jsonschema` package is not a dependency).

Written separately from the emulator's generator so that one cannot hide the other's mistakes.
Covers the keywords the emulator promises to honour; `errors(schema, value)` lists every
violation with a JSON-pointer-ish path.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, List, Mapping

__all__ = ["errors"]

_FORMATS = {
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}:\d{2}"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    "uuid": re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
    "uri": re.compile(r"^[a-z][a-z0-9+.-]*://\S+$"),
    "ipv4": re.compile(r"^(\d{1,3}\.){3}\d{1,3}$"),
}


def _is(kind: str, value: Any) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    raise AssertionError(f"unknown type {kind}")


def _pointer(root: Mapping[str, Any], ref: str) -> Any:
    assert ref.startswith("#"), ref
    node: Any = root
    for part in [p for p in ref[1:].split("/") if p]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def errors(schema: Any, value: Any, root: Any = None, path: str = "$") -> List[str]:
    """Every way `value` violates `schema` (empty list: valid)."""
    root = schema if root is None else root
    if schema is True or schema == {}:
        return []
    if schema is False:
        return [f"{path}: no value is allowed here"]
    out: List[str] = []
    if "$ref" in schema:
        out += errors(_pointer(root, schema["$ref"]), value, root, path)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if schema.get("nullable") is True:
            kinds = [*kinds, "null"]
        if not any(_is(k, value) for k in kinds):
            return [*out, f"{path}: {value!r} is not of type {kinds}"]
    elif schema.get("nullable") is True and value is None:
        return out
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: {value!r} != const {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in enum")
    for sub in schema.get("allOf", []):
        out += errors(sub, value, root, path)
    if "anyOf" in schema and all(errors(b, value, root, path) for b in schema["anyOf"]):
        out.append(f"{path}: matches no anyOf branch")
    if "oneOf" in schema:
        hits = sum(not errors(b, value, root, path) for b in schema["oneOf"])
        if hits != 1:
            out.append(f"{path}: matches {hits} oneOf branches")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                out.append(f"{path}: missing required {name!r}")
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in props:
                out += errors(props[name], item, root, f"{path}.{name}")
            elif extra is False:
                out.append(f"{path}: unexpected property {name!r}")
            elif isinstance(extra, dict):
                out += errors(extra, item, root, f"{path}.{name}")
        if len(value) < schema.get("minProperties", 0):
            out.append(f"{path}: fewer than minProperties")
    if isinstance(value, list):
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(value):
            if i < len(prefix):
                out += errors(prefix[i], item, root, f"{path}[{i}]")
            elif "items" in schema:
                out += errors(schema["items"], item, root, f"{path}[{i}]")
        if len(value) < schema.get("minItems", 0):
            out.append(f"{path}: fewer than minItems")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(f"{path}: more than maxItems")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            out.append(f"{path}: items not unique")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            out.append(f"{path}: {value} < minimum")
        if "maximum" in schema and value > schema["maximum"]:
            out.append(f"{path}: {value} > maximum")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            out.append(f"{path}: {value} <= exclusiveMinimum")
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            out.append(f"{path}: {value} >= exclusiveMaximum")
        if "multipleOf" in schema:
            ratio = value / schema["multipleOf"]
            if abs(ratio - round(ratio)) > 1e-9:
                out.append(f"{path}: {value} is not a multiple of {schema['multipleOf']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            out.append(f"{path}: shorter than minLength")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(f"{path}: longer than maxLength")
        pattern = _FORMATS.get(schema.get("format", ""))
        if pattern is not None and not pattern.match(value):
            out.append(f"{path}: {value!r} is not a {schema['format']}")
    return out
