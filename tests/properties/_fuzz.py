"""Shared settings of the fuzz tests: how many examples, and JSON strategies.

Every fuzz test runs in the normal suite with a short budget (150 examples); the nox `fuzz`
session runs the same tests (`-m fuzz`) with `CEREBRAS_FUZZ_EXAMPLES=20000`.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

__all__ = ["FUZZ", "json_values", "mutations", "split_at"]

EXAMPLES = int(os.environ.get("CEREBRAS_FUZZ_EXAMPLES", "150"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
"""`@FUZZ` on a test: `EXAMPLES` examples, no per-example deadline."""

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "chat.completion", "chat.completion.chunk", "text_completion", "list", "model", "stop"])
)

json_values: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "object", "choices", "message", "delta", "content", "usage", "data", "error"])
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)
"""Any JSON value, with keys the response models know mixed in."""


def _mutate(value: Any, data: st.DataObject, depth: int = 0) -> Any:
    if isinstance(value, dict) and depth < 6:
        result: Dict[str, Any] = {}
        for key, item in value.items():
            action = data.draw(st.sampled_from(["keep", "keep", "keep", "drop", "replace", "recurse"]))
            if action == "keep":
                result[key] = item
            elif action == "replace":
                result[key] = data.draw(json_values)
            elif action == "recurse":
                result[key] = _mutate(item, data, depth + 1)
        if data.draw(st.booleans()):
            result[data.draw(st.text(max_size=6))] = data.draw(json_values)
        return result
    if isinstance(value, list) and depth < 6:
        items: List[Any] = [_mutate(item, data, depth + 1) for item in value]
        return items + data.draw(st.lists(json_values, max_size=1))
    return data.draw(st.just(value) | json_values)


def mutations(valid: Dict[str, Any], data: st.DataObject) -> Any:
    """`valid` with random keys dropped, replaced by any JSON, or added, at any depth."""
    return _mutate(valid, data)


def split_at(body: bytes, cuts: Sequence[int]) -> List[bytes]:
    """`body` cut at every offset in `cuts` (offsets past the end cut there; empty pieces kept)."""
    points = sorted({min(c, len(body)) for c in cuts})
    pieces, start = [], 0
    for point in points:
        pieces.append(body[start:point])
        start = point
    pieces.append(body[start:])
    return pieces
