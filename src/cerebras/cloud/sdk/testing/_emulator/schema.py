"""PURE JSON Schema -> a seeded example value that validates against it (tool arguments, structured output).

Supported keywords: `type` (one or a list), `nullable`, `enum`, `const`, `properties`,
`required`, `additionalProperties`, `items`, `prefixItems`, `minItems`/`maxItems`,
`uniqueItems`, `anyOf`, `oneOf`, `allOf`, `$ref` to `#/...` (`$defs`, `definitions`),
`minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`/`multipleOf`,
`minLength`/`maxLength` and the common string `format`s. `pattern` is not honoured.

Recursive schemas terminate: below `max_depth` nesting levels, optional properties are left
out, arrays get their minimum length and `anyOf`/`oneOf`/type lists pick their simplest branch.
A schema whose *required* structure recurses without end raises `SchemaError`.
"""

from __future__ import annotations

import json
import math
import random
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, cast

from ..._narrow import is_dict, is_list, is_mapping
from .hints import enum_from_prompt, number_hint, string_hint

__all__ = ["SchemaError", "example_for", "matches"]

Schema = Mapping[str, Any]
"""A JSON schema as a caller or a request sent it. Its values stay `Any`: the generator reads
them as the JSON Schema keywords say they are (a `minimum` is a number...), and the schemas it
serves come from this package's own tests and users, not from an untrusted network peer."""

_HARD_DEPTH = 48
_SIMPLEST_FIRST = ("null", "boolean", "integer", "number", "string", "array", "object")
_WORDS = ("swift", "bright", "quiet", "amber", "river", "token", "cloud", "signal", "north", "maple", "orbit", "delta")
_HINTS: Dict[str, Sequence[str]] = {
    "city": ("Paris", "Tokyo", "Sunnyvale", "Toronto", "Nairobi", "Lisbon"),
    "country": ("France", "Japan", "Canada", "Kenya", "Portugal"),
    "name": ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson"),
    "color": ("red", "green", "blue", "amber"),
    "language": ("English", "French", "Japanese"),
    "title": ("A quick answer", "Notes on speed", "The short version"),
}


class SchemaError(ValueError):
    """The schema cannot be satisfied by the generator (bad `$ref`, endless required recursion...)."""


def _as_schema(value: object) -> Schema:
    if value is True or value is None:
        return {}
    if is_mapping(value):
        return value
    raise SchemaError(f"not a schema: {value!r}")


def _resolve(root: Schema, ref: object) -> Schema:
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise SchemaError(f"unsupported $ref: {ref!r} (only local '#/...' references)")
    node: object = root
    for part in ref[1:].split("/")[1:] if ref != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if is_mapping(node) and part in node:
            node = node[part]
        elif is_list(node) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise SchemaError(f"unresolvable $ref: {ref}")
    return _as_schema(node)


def _merge_all_of(schema: Schema) -> Schema:
    merged: Dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for part in cast(List[Any], schema["allOf"]):
        sub = _as_schema(part)
        for key, value in sub.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **cast(Schema, value)}
            elif key == "required":
                merged["required"] = sorted({*merged.get("required", []), *cast(List[str], value)})
            else:
                merged.setdefault(key, value)
    return merged


def _types_of(schema: Schema) -> List[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        types = [declared]
    elif is_list(declared):
        types = [t for t in declared if isinstance(t, str)]
    elif "properties" in schema or "required" in schema or "additionalProperties" in schema:
        types = ["object"]
    elif "items" in schema or "prefixItems" in schema:
        types = ["array"]
    elif any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")):
        types = ["number"]
    else:
        types = ["string"]
    if schema.get("nullable") is True and "null" not in types:
        types.append("null")
    return types


def _cost(schema: object) -> int:
    """How expensive a branch is to build; the cheapest one ends a recursion."""
    if not isinstance(schema, Mapping):
        return 1
    s = cast(Schema, schema)
    if "const" in s or "enum" in s:
        return 0
    if "$ref" in s or "anyOf" in s or "oneOf" in s or "allOf" in s:
        return 4
    types = _types_of(s)
    if "null" in types:
        return 0
    if "object" in types or "array" in types:
        return 3 if s.get("required") or s.get("minItems") else 2
    return 1


class _Generator:
    def __init__(self, root: Schema, rng: random.Random, max_depth: int, prompt: str = "") -> None:
        self.root = root
        self.rng = rng
        self.max_depth = max_depth
        self.prompt = prompt

    def value(self, schema: Schema, depth: int, hint: str = "") -> object:
        if depth > _HARD_DEPTH:
            raise SchemaError("the schema's required structure recurses without end")
        if "$ref" in schema:
            return self.value(_resolve(self.root, schema["$ref"]), depth + 1, hint)
        if "allOf" in schema:
            return self.value(_merge_all_of(schema), depth, hint)
        if "const" in schema:
            return schema["const"]
        enum = schema.get("enum")
        if is_list(enum) and enum:
            values = enum
            named = enum_from_prompt(values, self.prompt) if self.prompt else None
            return named if named is not None else self.rng.choice(values)
        for keyword in ("oneOf", "anyOf"):
            branches = schema.get(keyword)
            if is_list(branches) and branches:
                return self._branch(schema, keyword, [_as_schema(b) for b in branches], depth, hint)
        types = [t for t in _types_of(schema) if t in _SIMPLEST_FIRST] or ["string"]
        shallow = depth >= self.max_depth
        if shallow:
            kind = min(types, key=_SIMPLEST_FIRST.index)
        else:
            kind = "null" if "null" in types and len(types) > 1 and self.rng.random() < 0.2 else None
            kind = kind or self.rng.choice([t for t in types if t != "null"] or types)
        return self._typed(kind, schema, depth, hint, shallow)

    def _branch(self, schema: Schema, keyword: str, branches: List[Schema], depth: int, hint: str) -> object:
        base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
        order = list(range(len(branches)))
        if depth >= self.max_depth:
            order.sort(key=lambda i: _cost(branches[i]))
        else:
            self.rng.shuffle(order)
        for i in order:
            candidate = self.value({**base, **branches[i]} if base else branches[i], depth + 1, hint)
            if keyword == "anyOf" or sum(matches(b, candidate, self.root) for b in branches) == 1:
                return candidate
        raise SchemaError(f"no {keyword} branch yields a value matching exactly one branch")

    def _typed(self, kind: str, schema: Schema, depth: int, hint: str, shallow: bool) -> object:
        rng = self.rng
        if kind == "null":
            return None
        if kind == "boolean":
            return rng.random() < 0.5
        if kind in ("integer", "number"):
            return self._number(schema, integer=kind == "integer", hint=hint)
        if kind == "array":
            return self._array(schema, depth, hint, shallow)
        if kind == "object":
            return self._object(schema, depth, shallow)
        return self._string(schema, hint)

    def _number(self, schema: Schema, *, integer: bool, hint: str = "") -> Any:
        low = float(schema.get("minimum", -math.inf))
        high = float(schema.get("maximum", math.inf))
        step = 1.0 if integer else 0.01
        exclusive_low, exclusive_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if isinstance(exclusive_low, bool):  # draft-04: a flag on `minimum`
            low += step if exclusive_low else 0.0
        elif isinstance(exclusive_low, (int, float)):
            low = max(low, float(exclusive_low) + step)
        if isinstance(exclusive_high, bool):
            high -= step if exclusive_high else 0.0
        elif isinstance(exclusive_high, (int, float)):
            high = min(high, float(exclusive_high) - step)
        multiple = schema.get("multipleOf")
        hinted = number_hint(hint, self.prompt, low, high, integer, self.rng) if hint and multiple is None else None
        if hinted is not None:
            return int(hinted) if integer else hinted
        if math.isinf(low) and math.isinf(high):
            low, high = 0.0, 100.0
        elif math.isinf(low):
            low = high - 100.0
        elif math.isinf(high):
            high = low + 100.0
        if low > high:
            raise SchemaError("empty numeric range")
        if isinstance(multiple, (int, float)) and multiple > 0:
            first, last = math.ceil(low / multiple), math.floor(high / multiple)
            if first > last:
                raise SchemaError("no multiple of multipleOf in range")
            value = self.rng.randint(int(first), int(last)) * multiple
            return int(value) if integer else round(value, 10)
        if integer:
            first, last = math.ceil(low), math.floor(high)
            if first > last:
                raise SchemaError("no integer in range")
            return self.rng.randint(int(first), int(last))
        value = round(self.rng.uniform(low, high), 2)
        return min(max(value, low), high)

    def _string(self, schema: Schema, hint: str) -> str:
        rng = self.rng
        fmt = schema.get("format")
        day = rng.randint(1, 28)
        if fmt == "date-time":
            text = f"2025-{rng.randint(1, 12):02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
        elif fmt == "date":
            text = f"2025-{rng.randint(1, 12):02d}-{day:02d}"
        elif fmt == "time":
            text = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
        elif fmt == "email":
            text = f"{rng.choice(_WORDS)}@example.com"
        elif fmt in ("uri", "url", "iri"):
            text = f"https://example.com/{rng.choice(_WORDS)}"
        elif fmt == "uuid":
            text = f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-8{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}"
        elif fmt == "ipv4":
            text = f"192.0.2.{rng.randint(1, 254)}"
        elif fmt == "hostname":
            text = f"{rng.choice(_WORDS)}.example.com"
        else:
            hinted = string_hint(hint, str(schema.get("description") or ""), self.prompt, rng) if hint else None
            key = next((k for k in _HINTS if k in hint.lower()), None)
            if hinted is not None:
                text = hinted
            elif key is not None:
                text = rng.choice(_HINTS[key])
            else:
                text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3)))
        min_length = int(schema.get("minLength", 0))
        max_length = schema.get("maxLength")
        while len(text) < min_length:
            text += " " + rng.choice(_WORDS)
        if isinstance(max_length, int):
            text = text[:max_length]
            if len(text) < min_length:
                raise SchemaError("minLength exceeds maxLength")
        return text

    def _array(self, schema: Schema, depth: int, hint: str, shallow: bool) -> List[object]:
        prefix: object = schema.get("prefixItems")
        items: object = schema.get("items")
        if is_list(items):  # draft-04 tuple form
            prefix, items = items, schema.get("additionalItems", False)
        fixed = [_as_schema(s) for s in prefix] if is_list(prefix) else []
        low = int(schema.get("minItems", 0))
        high_declared = schema.get("maxItems")
        high = len(fixed) if items is False else max(low, len(fixed)) + 3
        if isinstance(high_declared, int):
            high = min(high, high_declared)
        if low > high:
            raise SchemaError("minItems cannot be met")
        count = low if shallow else self.rng.randint(max(low, min(1, high)), high)
        values: List[object] = []
        seen: Set[str] = set()
        attempts = 0
        while len(values) < count:
            index = len(values)
            sub = fixed[index] if index < len(fixed) else _as_schema(items)
            value = self.value(sub, depth + 1, hint)
            if schema.get("uniqueItems") is True:
                key = json.dumps(value, sort_keys=True)
                if key in seen:
                    attempts += 1
                    if attempts > 50:
                        raise SchemaError("uniqueItems cannot be met")
                    continue
                seen.add(key)
            values.append(value)
        return values

    def _object(self, schema: Schema, depth: int, shallow: bool) -> Dict[str, object]:
        properties = cast(Schema, schema.get("properties") or {})
        required = [k for k in cast(List[Any], schema.get("required") or []) if isinstance(k, str)]
        result: Dict[str, object] = {}
        for name, sub in properties.items():
            if name in required or (not shallow and self.rng.random() < 0.7):
                result[name] = self.value(_as_schema(sub), depth + 1, name)
        additional: object = schema.get("additionalProperties", True)
        for name in required:
            if name not in result:
                if additional is False:
                    raise SchemaError(f"required property {name!r} is not allowed by additionalProperties")
                result[name] = self.value(_as_schema(additional), depth + 1, name)
        wanted = int(schema.get("minProperties", 0))
        if not properties and is_dict(additional) and not shallow:
            wanted = max(wanted, self.rng.randint(1, 2))
        index = 1
        while len(result) < wanted:
            if additional is False:
                raise SchemaError("minProperties cannot be met")
            name = f"{self.rng.choice(_WORDS)}_{index}"
            index += 1
            if name not in result:
                result[name] = self.value(_as_schema(additional), depth + 1, name)
        return result


def example_for(schema: Optional[Mapping[str, Any]], seed: int, *, max_depth: int = 4, prompt: str = "") -> Any:
    """A value valid against `schema`, fixed by `seed` (and `prompt`). `None`/`{}` schemas give a short object.

    Returns `Any`: the JSON value `schema` describes, which the caller reads as its schema says.

    With `prompt`, named properties take plausible values and the values the prompt names
    (see `hints`): a `city` in "weather in Paris" is `"Paris"`.
    """
    rng = random.Random(seed)
    if not schema:
        return {"answer": " ".join(rng.choice(_WORDS) for _ in range(3)), "confidence": round(rng.random(), 2)}
    return _Generator(schema, rng, max_depth, prompt).value(schema, 0)


def _type_ok(kind: str, value: object) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def matches(schema: object, value: object, root: Optional[Schema] = None, _depth: int = 0) -> bool:
    """Whether `value` satisfies `schema` for the keywords the generator uses (to settle `oneOf`)."""
    if schema is True or schema is None:
        return True
    if schema is False or not is_mapping(schema) or _depth > _HARD_DEPTH:
        return False
    s: Schema = schema
    root = root if root is not None else s
    if "$ref" in s and not matches(_resolve(root, s["$ref"]), value, root, _depth + 1):
        return False
    if "const" in s and value != s["const"]:
        return False
    if isinstance(s.get("enum"), list) and value not in cast(List[Any], s["enum"]):
        return False
    if "type" in s and not any(_type_ok(t, value) for t in _types_of(s)):
        return False
    for sub in cast(List[Any], s.get("allOf") or []):
        if not matches(sub, value, root, _depth + 1):
            return False
    if isinstance(s.get("anyOf"), list) and not any(matches(b, value, root, _depth + 1) for b in s["anyOf"]):
        return False
    if isinstance(s.get("oneOf"), list) and sum(matches(b, value, root, _depth + 1) for b in s["oneOf"]) != 1:
        return False
    if is_dict(value):
        obj = value
        props = cast(Schema, s.get("properties") or {})
        if any(k not in obj for k in cast(List[Any], s.get("required") or [])):
            return False
        additional = s.get("additionalProperties", True)
        for key, item in obj.items():
            sub = props.get(key, additional)
            if not matches(sub, item, root, _depth + 1):
                return False
    if is_list(value) and isinstance(s.get("items"), Mapping):
        return all(matches(s["items"], item, root, _depth + 1) for item in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return not (("minimum" in s and value < s["minimum"]) or ("maximum" in s and value > s["maximum"]))
    return True
