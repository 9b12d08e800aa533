"""PURE. Compressed request bodies for chat and text completions: gzip, msgpack, or both.

The API accepts a chat or completion request encoded as MessagePack (`Content-Type:
application/vnd.msgpack`) and/or gzip-compressed (`Content-Encoding: gzip`). Which one a client
uses is its `request_compression` option:

* `"auto"` (the default): gzip, level 1, for bodies of at least `AUTO_MIN_BYTES`; smaller bodies
  go as plain JSON (the measurements behind this are in `benchmarks/bench_compression.py`);
* `"gzip"`: gzip every body; `"msgpack"`: MessagePack every body (the `msgpack` extra);
  `"msgpack+gzip"`: both, MessagePack first;
* `None` or `"none"`: plain JSON, as the official SDK sends.

Only the two inference endpoints are ever compressed; the body is encoded once per call, so a
retried request sends identical bytes.
"""

from __future__ import annotations

import gzip
import importlib
import math
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Tuple, Union, cast

from ._exceptions import CerebrasError
from ._json import encode_json, to_jsonable
from ._types import NotGiven

__all__ = [
    "AUTO_MIN_BYTES",
    "COMPRESSION_MODES",
    "GZIP_LEVEL",
    "RequestCompression",
    "encode_compressed",
    "parse_compression",
]

AUTO_MIN_BYTES = 16 * 1024
"""`"auto"` gzips bodies from this size on: about a TCP initial congestion window (10 x 1460
bytes), below which a smaller body saves no round trip but still costs the compression."""
GZIP_LEVEL = 1
"""Level 1 keeps most of the saving of level 6 at under half its CPU (see the benchmark)."""
COMPRESSION_MODES = ("auto", "none", "gzip", "msgpack", "msgpack+gzip")
MSGPACK_TYPE = "application/vnd.msgpack"

CompressionArg = Union[str, None, NotGiven]


@dataclass(frozen=True)
class RequestCompression:
    """How a client encodes chat and completion bodies."""

    mode: str
    msgpack: bool
    gzip: bool
    min_bytes: int

    def __str__(self) -> str:
        return self.mode


def parse_compression(value: CompressionArg) -> RequestCompression:
    """The `request_compression` option (`NotGiven`: the default, `"auto"`); `ValueError` for an unknown mode."""
    if isinstance(value, NotGiven):
        value = "auto"
    if value is None:
        value = "none"
    if value not in COMPRESSION_MODES:
        raise ValueError(
            f"`request_compression` must be one of {', '.join(map(repr, COMPRESSION_MODES))} or None, got {value!r}"
        )
    use_msgpack = value.startswith("msgpack")
    if use_msgpack:
        try:
            importlib.import_module("msgpack")
        except ImportError:
            raise CerebrasError(
                f"request_compression={value!r} needs the msgpack package: pip install 'cerebras_cloud_sdk[msgpack]'"
            ) from None
    return RequestCompression(
        mode=value,
        msgpack=use_msgpack,
        gzip=value in ("auto", "gzip", "msgpack+gzip"),
        min_bytes=AUTO_MIN_BYTES if value == "auto" else 0,
    )


_SCALARS = (int, str, bool, type(None))


def _check_finite(value: object) -> None:
    """Refuse NaN and infinities anywhere in a body, as the JSON encoding does (no recursion:
    a list of 50,000 token ids costs one type check per id)."""
    pending: List[object] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                raise ValueError("Out of range float values are not JSON compliant")
        elif isinstance(item, Mapping):
            pending.extend(cast("Mapping[str, object]", item).values())
        elif isinstance(item, (list, tuple)):
            pending.extend(element for element in cast("Tuple[object, ...]", item) if type(element) not in _SCALARS)


def _msgpack(body: object) -> bytes:
    packb: Callable[..., bytes] = importlib.import_module("msgpack").packb  # an optional dependency
    _check_finite(body)
    return packb(body, default=to_jsonable, use_bin_type=True)


def encode_compressed(body: object, compression: RequestCompression) -> Tuple[bytes, Dict[str, str]]:
    """The bytes of `body` and the headers that describe them (`Content-Type`, `Content-Encoding`)."""
    headers: Dict[str, str] = {}
    if compression.msgpack:
        content = _msgpack(body)
        headers["Content-Type"] = MSGPACK_TYPE
    else:
        content = encode_json(body)
    if compression.gzip and len(content) >= compression.min_bytes:
        content = gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return content, headers
