"""PURE, incremental decoding of a `text/event-stream` body: bytes in, `ServerSentEvent`s out.

Follows the WHATWG HTML "event stream interpretation" rules
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):

* lines end with CR LF, a lone LF or a lone CR, also when the CR and the LF of one CR LF
  arrive in different network chunks;
* a blank line dispatches the event; `data` lines accumulate (joined with LF); lines starting
  with `:` are comments; `event`, `id` (persists across events; ignored if it holds NUL) and
  `retry` (ASCII digits only) set fields; any other field is ignored; one space after the
  colon is dropped;
* an event with no `data` is not dispatched (its `id` persists; its `retry` is reported
  with the next event);
* one leading UTF-8 byte order mark is dropped.

One departure, on purpose: `flush()` at end of body dispatches an event whose closing blank
line never came, instead of dropping it. The stream layer decides what a cut-off event means.

Design: the decoder works on bytes and splits on the ASCII line ends only, so a multi-byte
UTF-8 character split across chunks is never broken (it is decoded as part of a whole line),
and Unicode line separators (U+2028, NEL, ...) inside data never end a line. Chunks are split
with `bytes.split`, not scanned byte by byte; the common chunk with no CR at all takes a
single split, and a `data: ` line takes a single slice. Pieces of a line that has not ended
yet are kept in a list and joined once, so a long line cut into many chunks costs linear
time. `data` is kept as bytes (`raw_data`) so the JSON parser reads it directly.
"""

from __future__ import annotations

from typing import List, Optional

__all__ = ["EventTooLarge", "SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"


class ServerSentEvent:
    """One dispatched event. `data` is text; `raw_data` the same as UTF-8 bytes."""

    __slots__ = ("_data", "event", "id", "raw_data", "retry")

    def __init__(
        self,
        *,
        event: Optional[str] = None,
        data: Optional[str] = None,
        id: Optional[str] = None,
        retry: Optional[int] = None,
        raw_data: Optional[bytes] = None,
    ) -> None:
        self.event = event
        self.id = id
        self.retry = retry
        if raw_data is None:
            raw_data = (data or "").encode("utf-8")
        self.raw_data = raw_data
        self._data = data

    @property
    def data(self) -> str:
        """The event's data as text (invalid UTF-8 is replaced by U+FFFD)."""
        data = self._data
        if data is None:
            data = self._data = self.raw_data.decode("utf-8", errors="replace")
        return data

    def json(self) -> object:
        """The data decoded as JSON."""
        import json

        return json.loads(self.raw_data)

    def _key(self) -> tuple[Optional[str], bytes, Optional[str], Optional[int]]:
        return (self.event, self.raw_data, self.id, self.retry)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.data!r}, id={self.id!r}, retry={self.retry!r})"


class EventTooLarge(ValueError):
    """A line, or the data of one event, grew past the decoder's `max_event_bytes`."""


class SSEDecoder:
    """Incremental event-stream decoder: `decode(chunk)` as bytes arrive, `flush()` at the end.

    With `max_event_bytes`, a line or an event's data longer than that raises `EventTooLarge`
    as soon as it is seen (a body that never ends its line cannot use memory without bound).
    """

    __slots__ = (
        "_data",
        "_data_size",
        "_event",
        "_head",
        "_last_id",
        "_limit",
        "_parts",
        "_pending",
        "_retry",
        "_skip_lf",
        "_started",
    )

    def __init__(self, max_event_bytes: Optional[int] = None) -> None:
        self._limit = max_event_bytes if max_event_bytes is not None else -1
        self._pending = 0  # bytes in `_parts`
        self._data_size = 0  # bytes in `_data`
        self._parts: List[bytes] = []  # the current, unfinished line, as received
        self._skip_lf = False
        self._started = False
        self._head = b""
        self._event: Optional[str] = None
        self._data: List[bytes] = []
        self._last_id: Optional[str] = None
        self._retry: Optional[int] = None

    @property
    def last_event_id(self) -> Optional[str]:
        """The last `id` seen (it persists from event to event)."""
        return self._last_id

    @property
    def has_partial_event(self) -> bool:
        """Whether bytes or fields of an event not yet dispatched are held."""
        return bool(self._parts or self._head or self._data or self._event is not None)

    def decode(self, chunk: bytes) -> List[ServerSentEvent]:
        """Feed the next bytes of the body; returns the events they complete."""
        if not self._started:
            chunk = self._strip_bom(chunk)
        elif self._skip_lf:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        if not chunk:
            return []
        if b"\n" not in chunk and b"\r" not in chunk:
            # No line end: keep the piece aside instead of re-joining a growing buffer, so a
            # long line arriving in many small chunks costs linear, not quadratic, time.
            self._parts.append(chunk)
            self._pending += len(chunk)
            if 0 <= self._limit < self._pending:
                raise EventTooLarge(f"a line of the event stream is longer than {self._limit} bytes")
            return []
        if self._parts:
            self._parts.append(chunk)
            buffer = b"".join(self._parts)
            self._parts = []
            self._pending = 0
        else:
            buffer = chunk
        if b"\r" in buffer:
            # A CR at the very end may be the first half of a CR LF: the LF, if it comes,
            # starts the next chunk and must not count as a second line end.
            self._skip_lf = buffer.endswith(b"\r")
            buffer = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = buffer.split(b"\n")
        rest = lines.pop()
        limit = self._limit
        if rest:
            self._parts.append(rest)
            self._pending = len(rest)
        if limit >= 0 and (len(buffer) > limit or self._pending > limit):
            self._check_lines(lines)
        events: List[ServerSentEvent] = []
        data = self._data
        for line in lines:
            if line[:6] == b"data: ":  # the hot path: one slice, no field parsing
                data.append(line[6:])
                if limit >= 0:
                    self._grow(len(line) - 6)
            elif line:
                self._field(line)
            else:
                event = self._dispatch()
                if event is not None:
                    events.append(event)
                    data = self._data
        return events

    def _check_lines(self, lines: List[bytes]) -> None:
        if self._pending > self._limit or any(len(line) > self._limit for line in lines):
            raise EventTooLarge(f"a line of the event stream is longer than {self._limit} bytes")

    def _grow(self, size: int) -> None:
        self._data_size += size
        if self._data_size > self._limit:
            raise EventTooLarge(f"the data of one event is longer than {self._limit} bytes")

    def lone_data(self, chunk: bytes) -> Optional[bytes]:
        """The data of `chunk` when it is exactly one whole event of one `data: ` line (how an
        API server sends each event) and nothing earlier is pending; else `None`.

        Never changes the decoder: for such a chunk, `decode` would return just that event (with
        `last_event_id` as its id) and leave every other field as it was. Streams try this first.
        """
        if (
            chunk.startswith(b"data: ")
            and chunk.endswith(b"\n\n")
            and chunk.find(b"\n") == len(chunk) - 2
            and self._started
            and not (self._skip_lf or self._parts or self._data)
            and self._event is None
            and self._retry is None
            and chunk.find(b"\r") < 0  # `find` scans with memchr, `in` does not
        ):
            return chunk[6:-2]
        return None

    def flush(self) -> List[ServerSentEvent]:
        """End of body: the last line, and an event left without its closing blank line."""
        self._skip_lf = False
        line = self._head + b"".join(self._parts)
        self._head = b""
        self._parts = []
        self._pending = 0
        if line:
            self._field(line)
        event = self._dispatch()
        return [] if event is None else [event]

    def _strip_bom(self, chunk: bytes) -> bytes:
        # WHATWG: one leading U+FEFF (UTF-8 BOM) is dropped; it may arrive split across chunks.
        head = self._head + chunk
        if len(head) < len(_BOM) and _BOM.startswith(head):
            self._head = head
            return b""
        self._started = True
        self._head = b""
        return head[len(_BOM) :] if head.startswith(_BOM) else head

    def _field(self, line: bytes) -> None:
        if line[0] == 0x3A:  # ":" starts a comment
            return
        name, colon, value = line.partition(b":")
        if colon and value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._data.append(value)
            if self._limit >= 0:
                self._grow(len(value))
        elif name == b"event":
            self._event = value.decode("utf-8", errors="replace") or None
        elif name == b"id":
            if b"\x00" not in value:
                self._last_id = value.decode("utf-8", errors="replace")
        elif name == b"retry" and value.isdigit():
            self._retry = int(value)

    def _dispatch(self) -> Optional[ServerSentEvent]:
        data = self._data
        event = self._event
        self._event = None
        if not data:
            return None
        self._data = []
        self._data_size = 0
        retry, self._retry = self._retry, None
        raw = data[0] if len(data) == 1 else b"\n".join(data)
        return ServerSentEvent(event=event, raw_data=raw, id=self._last_id, retry=retry)
