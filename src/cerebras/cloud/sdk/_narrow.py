"""PURE type guards: a decoded JSON value (typed `object`) narrowed to a dict or a list without a cast.

`isinstance(value, dict)` alone leaves the key and value types unknown to a type checker; these
say what decoded JSON holds. Each is one `isinstance` call, so they cost what the check they
replace costs.
"""

from __future__ import annotations

from typing import Dict, List, Mapping

from typing_extensions import TypeGuard

__all__ = ["is_dict", "is_list", "is_mapping"]


def is_dict(value: object) -> TypeGuard[Dict[str, object]]:
    """`value` is a dict (a JSON object: its keys are strings)."""
    return isinstance(value, dict)


def is_mapping(value: object) -> TypeGuard[Mapping[str, object]]:
    """`value` is a mapping (a JSON object or a caller's mapping with string keys)."""
    return isinstance(value, Mapping)


def is_list(value: object) -> TypeGuard[List[object]]:
    """`value` is a list (a JSON array)."""
    return isinstance(value, list)
