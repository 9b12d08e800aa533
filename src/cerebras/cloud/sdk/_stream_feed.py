"""PURE step under both stream classes: the bytes of a server-sent-event body in, items out.

`StreamFeed.feed(chunk)` returns the items the chunk completes, sets `done` once `[DONE]` arrives,
and raises the typed error an event means (an API error the server sent inside the stream,
invalid JSON, an event over the size limit). `end()` is the end of the body: the items of an
event it cut off, or `APIConnectionError` for a truncated one. No I/O: the shells read the
chunks, deliver the items and close the response.
"""

from __future__ import annotations

import json
from typing import Any, Generic, Iterable, Iterator, List, TypeVar

import httpx

from ._exceptions import APIConnectionError, ResponseTooLargeError
from ._interpret import DONE, Interpreter
from ._sse import EventTooLarge, ServerSentEvent, SSEDecoder

__all__ = ["StreamFeed", "too_large", "truncated"]

_T = TypeVar("_T")


def too_large(response: httpx.Response, limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(response, limit=limit, what="stream line or event")


def truncated(response: httpx.Response) -> APIConnectionError:
    return APIConnectionError(message="The stream ended in the middle of an event.", request=response.request)


class StreamFeed(Generic[_T]):
    """The items of one event stream, chunk by chunk: `feed(chunk)`, then `end()` at the end of the body.

    The items of a chunk holding several events are interpreted as they are taken, so an
    error event raises after the items before it were delivered; `done` is set once the
    items of the chunk that held `[DONE]` are taken (the events after it are ignored).
    """

    __slots__ = ("_decoder", "_fast", "_interpret", "_limit", "_lone_data", "_response", "done")

    def __init__(self, interpret: Interpreter, *, max_event_bytes: int, response: httpx.Response) -> None:
        self._decoder = SSEDecoder(max_event_bytes)
        self._lone_data = self._decoder.lone_data
        self._interpret = interpret
        self._fast = interpret.fast
        self._limit = max_event_bytes
        self._response = response
        self.done = False
        """`[DONE]` came: the answer is complete, feed nothing more."""

    def feed(self, chunk: bytes) -> Iterable[_T]:
        """The items `chunk` completes (often none, or one)."""
        if self.done:
            return ()
        raw = self._lone_data(chunk)
        if raw is None:
            return self._events(self._decode(chunk))
        item = self._fast(raw)  # the hot path: one whole event, a valid item
        if item is None:
            item = self._interpret(ServerSentEvent(raw_data=raw, id=self._decoder.last_event_id))
            if item is DONE:
                self.done = True
                return ()
        return (item,)

    def _decode(self, chunk: bytes) -> List[ServerSentEvent]:
        try:
            return self._decoder.decode(chunk)
        except EventTooLarge as exc:
            raise too_large(self._response, self._limit) from exc

    def _events(self, events: List[ServerSentEvent]) -> Iterator[_T]:
        interpret = self._interpret
        for event in events:
            item = interpret(event)
            if item is DONE:
                self.done = True
                return
            yield item

    def end(self) -> List[_T]:
        """The end of the body: the items of an event cut off by it (no `[DONE]` came first).

        A cut-off event whose data is JSON is delivered; one whose data is not, or a cut-off
        line that makes no event at all, means the body was truncated: `APIConnectionError`.
        """
        decoder = self._decoder
        if self.done or not decoder.has_partial_event:
            return []
        try:
            events = decoder.flush()
        except EventTooLarge:
            raise too_large(self._response, self._limit) from None
        if not events:
            raise truncated(self._response)
        items: List[Any] = []
        for event in events:
            raw = event.raw_data
            if not raw.startswith(b"[DONE]"):
                try:
                    json.loads(raw)
                except (ValueError, RecursionError):
                    raise truncated(self._response) from None
            item = self._interpret(event)
            if item is DONE:
                self.done = True
                break
            items.append(item)
        return items
