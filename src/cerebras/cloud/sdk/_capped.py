"""The caller's own reads of a response (`.with_streaming_response`): bytes, text and lines within
the client's limits, sync and async.

The body is decoded by the SDK's bounded decoder (`_decoding`, through `_stream_body`), so a
compression bomb never expands in one piece:

* the body of a non-streamed call may not pass `max_response_bytes` in all, whether read
  whole (`read()`, `text()`, `json()`) or piece by piece (`iter_bytes()`, `iter_text()`,
  `iter_lines()`); the whole body of a streamed call read at once, neither;
* one line of `iter_lines()` may not pass `max_event_bytes`.

Past a limit: `ResponseTooLargeError`, and the response is closed.
"""

from __future__ import annotations

import codecs
import re
from typing import AsyncIterator, Iterator, List, Optional

import httpx

from ._exceptions import ResponseTooLargeError
from ._stream_body import abody_chunks, body_chunks

__all__ = [
    "LineSplitter",
    "LineTooLong",
    "acapped_bytes",
    "acapped_lines",
    "acapped_text",
    "capped_bytes",
    "capped_lines",
    "capped_text",
]

_EOL = re.compile(rb"\r\n|\r|\n")


class LineTooLong(ValueError):
    """A line passed the limit of a `LineSplitter`."""


class LineSplitter:
    """PURE. Bytes in, whole lines out (without their `\\n`, `\\r\\n` or `\\r`), each at most
    `limit` bytes: a longer line raises `LineTooLong` as soon as it passes the limit. Linear in
    the bytes fed, however they are split."""

    __slots__ = ("_cr", "_limit", "_parts", "_size")

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._parts: List[bytes] = []
        self._size = 0
        self._cr = False  # the last piece ended with `\r`: a `\n` first in the next one ends nothing

    def feed(self, data: bytes) -> List[bytes]:
        if self._cr and data[:1] == b"\n":
            data = data[1:]
        self._cr = data[-1:] == b"\r"
        lines: List[bytes] = []
        start = 0
        for match in _EOL.finditer(data):
            self._add(data[start : match.start()])
            lines.append(b"".join(self._parts))
            self._parts = []
            self._size = 0
            start = match.end()
        if start < len(data):
            self._add(data[start:])
        return lines

    def flush(self) -> List[bytes]:
        """The last line, if the body did not end with a line break."""
        line = b"".join(self._parts)
        self._parts = []
        self._size = 0
        return [line] if line else []

    def _add(self, piece: bytes) -> None:
        self._size += len(piece)
        if self._size > self._limit:
            raise LineTooLong(f"a line is longer than {self._limit} bytes")
        if piece:
            self._parts.append(piece)


def _too_large(response: httpx.Response, limit: int, what: str) -> ResponseTooLargeError:
    response.close()  # not read to its end: its connection is not reused
    return ResponseTooLargeError(response, limit=limit, what=what)


async def _atoo_large(response: httpx.Response, limit: int, what: str) -> ResponseTooLargeError:
    await response.aclose()
    return ResponseTooLargeError(response, limit=limit, what=what)


def _sized(data: bytes, size: int, buffer: bytearray) -> Iterator[bytes]:
    """Pieces of exactly `size` bytes taken from `buffer` + `data` (the rest stays in `buffer`)."""
    buffer += data
    while len(buffer) >= size:
        yield bytes(buffer[:size])
        del buffer[:size]


def capped_bytes(response: httpx.Response, limit: Optional[int], chunk_size: Optional[int] = None) -> Iterator[bytes]:
    """The decoded body, in pieces of `chunk_size` bytes (any size if `None`), at most `limit` in all."""
    size = 0
    buffer = bytearray()
    for piece in body_chunks(response):
        size += len(piece)
        if limit is not None and size > limit:
            raise _too_large(response, limit, "response body")
        if chunk_size is None:
            if piece:
                yield piece
        else:
            yield from _sized(piece, chunk_size, buffer)
    if buffer:
        yield bytes(buffer)


async def acapped_bytes(
    response: httpx.Response, limit: Optional[int], chunk_size: Optional[int] = None
) -> AsyncIterator[bytes]:
    """Async twin of `capped_bytes`."""
    size = 0
    buffer = bytearray()
    async for piece in abody_chunks(response):
        size += len(piece)
        if limit is not None and size > limit:
            raise await _atoo_large(response, limit, "response body")
        if chunk_size is None:
            if piece:
                yield piece
        else:
            for sized in _sized(piece, chunk_size, buffer):
                yield sized
    if buffer:
        yield bytes(buffer)


def _decoder(response: httpx.Response) -> codecs.IncrementalDecoder:
    return codecs.getincrementaldecoder(response.encoding or "utf-8")(errors="replace")


def capped_text(response: httpx.Response, limit: Optional[int], chunk_size: Optional[int] = None) -> Iterator[str]:
    """The body as text (the response's encoding, invalid bytes replaced), within `limit` bytes."""
    decoder = _decoder(response)
    for chunk in capped_bytes(response, limit, chunk_size):
        text = decoder.decode(chunk)
        if text:
            yield text
    text = decoder.decode(b"", final=True)
    if text:
        yield text


async def acapped_text(
    response: httpx.Response, limit: Optional[int], chunk_size: Optional[int] = None
) -> AsyncIterator[str]:
    """Async twin of `capped_text`."""
    decoder = _decoder(response)
    async for chunk in acapped_bytes(response, limit, chunk_size):
        text = decoder.decode(chunk)
        if text:
            yield text
    text = decoder.decode(b"", final=True)
    if text:
        yield text


def capped_lines(response: httpx.Response, limit: Optional[int], line_limit: int) -> Iterator[str]:
    """The body's lines, each within `line_limit` bytes, the body within `limit` bytes."""
    splitter = LineSplitter(line_limit)
    encoding = response.encoding or "utf-8"
    try:
        for chunk in capped_bytes(response, limit):
            for line in splitter.feed(chunk):
                yield line.decode(encoding, errors="replace")
    except LineTooLong:
        raise _too_large(response, line_limit, "line") from None
    for line in splitter.flush():
        yield line.decode(encoding, errors="replace")


async def acapped_lines(response: httpx.Response, limit: Optional[int], line_limit: int) -> AsyncIterator[str]:
    """Async twin of `capped_lines`."""
    splitter = LineSplitter(line_limit)
    encoding = response.encoding or "utf-8"
    try:
        async for chunk in acapped_bytes(response, limit):
            for line in splitter.feed(chunk):
                yield line.decode(encoding, errors="replace")
    except LineTooLong:
        raise await _atoo_large(response, line_limit, "line") from None
    for line in splitter.flush():
        yield line.decode(encoding, errors="replace")
