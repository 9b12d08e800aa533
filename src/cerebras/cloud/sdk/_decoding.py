"""PURE, bounded decoding of a compressed body: raw bytes in, pieces of at most `PIECE` bytes out.

httpx decompresses each raw chunk in one call, however large the result: 64 KiB of gzip can
become 64 MiB, and a few bytes of brotli far more, before anyone can count them. Here every
decompressor is asked for at most `PIECE` bytes at a time (zlib's `max_length`, brotli's
`output_buffer_limit`; zstd and older brotli releases get their input in small slices), so the
reader above can stop at its limit with only one piece more in memory.

Supported: `gzip` / `x-gzip`, `deflate` (zlib-wrapped or raw), `br`, `zstd` (when the
`zstandard` package is installed, as for httpx), `identity`; several codings are undone in
reverse order. An unknown coding is passed through, as httpx does. Corrupt input raises
`httpx.DecodingError`, as httpx's own decoders do.
"""

from __future__ import annotations

import importlib
import zlib
from typing import TYPE_CHECKING, Iterator, List, Optional, Type

import httpx
from typing_extensions import Protocol

if TYPE_CHECKING:
    from zlib import _Decompress

__all__ = ["PIECE", "BoundedDecoder", "decoder_for"]

PIECE = 64 * 1024
"""The largest piece a decoder hands out at once."""
_SLICE = 1024
"""Input slice for decompressors that cannot bound their output."""


# brotli and zstandard ship no type information: the parts of their decompressors used here.


class _BrotliDecompressor(Protocol):
    def process(self, data: bytes, output_buffer_limit: int = ...) -> bytes: ...


class _ZstdDecompressor(Protocol):
    def decompress(self, data: bytes) -> bytes: ...


class _Stage:
    def feed(self, data: bytes) -> Iterator[bytes]:
        raise NotImplementedError

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Zlib(_Stage):
    def __init__(self, wbits: int, *, deflate: bool) -> None:
        self._wbits = wbits
        self._deflate = deflate  # "deflate" may be zlib-wrapped or raw: decided by the first bytes
        self._started = False
        self._obj: _Decompress = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data:
            return
        obj = self._obj
        if self._deflate and not self._started:
            self._started = True
            try:
                probe = zlib.decompressobj(self._wbits)
                probe.decompress(data[:2], 0)
            except zlib.error:
                obj = self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            piece = obj.decompress(data, PIECE)
            while True:
                if piece:
                    yield piece
                tail = obj.unconsumed_tail
                if not tail:
                    return
                piece = obj.decompress(tail, PIECE)
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc)) from exc

    def flush(self) -> Iterator[bytes]:
        try:
            rest = self._obj.flush(PIECE)
        except zlib.error as exc:  # pragma: no cover - flush of a truncated stream
            raise httpx.DecodingError(str(exc)) from exc
        if rest:
            yield rest


class _Brotli(_Stage):
    def __init__(self) -> None:
        try:
            brotli = importlib.import_module("brotli")
        except ImportError:  # brotlicffi offers the same module interface
            brotli = importlib.import_module("brotlicffi")
        self._error: Type[Exception] = getattr(brotli, "error", Exception)
        self._obj: _BrotliDecompressor = brotli.Decompressor()
        self._bounded = hasattr(self._obj, "can_accept_more_data")  # brotli >= 1.2

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            if self._bounded:
                yield from self._feed_bounded(data)
            else:
                for start in range(0, len(data), _SLICE):
                    piece = self._obj.process(data[start : start + _SLICE])
                    if piece:
                        yield piece
        except self._error as exc:
            raise httpx.DecodingError(str(exc)) from exc

    def _feed_bounded(self, data: bytes) -> Iterator[bytes]:
        obj = self._obj
        piece = obj.process(data, output_buffer_limit=PIECE)
        while piece:  # a full piece may leave more output pending: drain it with empty input
            yield piece
            piece = obj.process(b"", output_buffer_limit=PIECE)


class _Zstd(_Stage):
    def __init__(self) -> None:
        zstandard = importlib.import_module("zstandard")
        self._error: Type[Exception] = zstandard.ZstdError
        self._obj: _ZstdDecompressor = zstandard.ZstdDecompressor().decompressobj()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            for start in range(0, len(data), _SLICE):
                piece = self._obj.decompress(data[start : start + _SLICE])
                if piece:
                    yield piece
        except self._error as exc:
            raise httpx.DecodingError(str(exc)) from exc


def _stage(coding: str) -> Optional[_Stage]:
    if coding in ("gzip", "x-gzip"):
        return _Zlib(zlib.MAX_WBITS | 16, deflate=False)
    if coding == "deflate":
        return _Zlib(zlib.MAX_WBITS, deflate=True)
    if coding == "br":
        try:
            return _Brotli()
        except ImportError:
            return None
    if coding == "zstd":
        try:
            return _Zstd()
        except ImportError:
            return None
    return None  # identity, or a coding httpx would not decode either


class BoundedDecoder:
    """Undoes a `content-encoding` incrementally, handing out pieces of at most `PIECE` bytes."""

    __slots__ = ("_stages",)

    def __init__(self, content_encoding: str) -> None:
        codings = [part.strip().lower() for part in content_encoding.split(",")]
        stages = [_stage(coding) for coding in reversed(codings) if coding]
        self._stages: List[_Stage] = [stage for stage in stages if stage is not None]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces `data` completes (each at most `PIECE` bytes)."""
        return self._through(0, data)

    def flush(self) -> Iterator[bytes]:
        """What the decoders still hold at the end of the body."""
        for index, stage in enumerate(self._stages):
            for piece in stage.flush():
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            for start in range(0, len(data), PIECE):
                yield data[start : start + PIECE]
            return
        for piece in self._stages[index].feed(data):
            yield from self._through(index + 1, piece)


def decoder_for(response: httpx.Response) -> Optional[BoundedDecoder]:
    """The bounded decoder of `response`'s encoding, or `None` for an identity body."""
    encoding = response.headers.get("content-encoding", "")
    if not encoding or encoding.strip().lower() == "identity":
        return None
    return BoundedDecoder(encoding)
