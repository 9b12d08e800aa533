"""PURE JSON encoding of request bodies: compact UTF-8, NaN refused, models and iterables converted."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Iterable, cast

from ._narrow import is_mapping
from ._types import NotGiven, Omit

__all__ = ["encode_json", "to_jsonable"]


def to_jsonable(value: object) -> object:
    """`json.dumps` fallback for request bodies: models, iterables, mappings, dates."""
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode="json", by_alias=True, exclude_unset=True)
    if is_mapping(value):
        return {k: v for k, v in value.items() if not isinstance(v, (Omit, NotGiven))}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "__iter__") and not isinstance(value, (str, bytes, bytearray)):
        return list(cast("Iterable[object]", value))  # `hasattr` does not narrow the type
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=to_jsonable)


def encode_json(body: object) -> bytes:
    """Compact UTF-8 JSON, as the API expects. NaN and infinities are refused (`ValueError`)."""
    return _encoder.encode(body).encode("utf-8")
