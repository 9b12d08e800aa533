"""What both stream classes share: the state of a stream, and the steps of its loop around the I/O.

`StreamState` holds the response, the pure `StreamFeed` under it and the final figures; the
chunk loops themselves are `_async_stream` (written by hand) and `_sync_stream` (generated from
it by `scripts/unasync.py`), which `_streaming` completes into `Stream` and `AsyncStream`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncGenerator, Callable, Dict, Generator, Generic, Optional, Type, TypeVar, cast

import httpx

from ._exceptions import StreamClosedError, request_id_of
from ._interpret import Interpreter
from ._limits import ResponseLimits
from ._stream_body import STREAM_ERRORS, StreamClock, stream_failure
from ._stream_feed import StreamFeed

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = [
    "AsyncItemGenerator",
    "ItemGenerator",
    "StreamState",
    "Track",
    "marking",
    "typed_failure",
]

_T = TypeVar("_T")

ItemGenerator = Generator[_T, None, None]
"""The generator of a `Stream`'s items (`StreamShell.__stream__`)."""

AsyncItemGenerator = AsyncGenerator[_T, None]
"""The generator of an `AsyncStream`'s items (`AsyncStreamShell.__stream__`)."""

Track = Callable[[object], None]
"""What each item is handed to as it is delivered (see `StreamState._tracker`)."""


class StreamState(Generic[_T]):
    """What both stream classes share: the response, the interpreter and the final figures."""

    response: httpx.Response
    """The underlying HTTP response."""

    _observer: Optional[CallObserver] = None
    """Told of each item and of the end (see `_observe`); set by `hand_over` before iteration."""

    def __init__(self, *, cast_to: Type[_T], response: httpx.Response, client: Any, options: Any = None) -> None:
        self.response = response
        self._cast_to = cast_to
        self._client = client
        self._options = options
        strict = bool(getattr(client, "_strict_response_validation", False))
        limits = getattr(client, "_response_limits", None)
        self._limits: ResponseLimits = limits if isinstance(limits, ResponseLimits) else ResponseLimits()
        interpret = Interpreter(cast_to, strict=strict, response=response)
        self._parser: StreamFeed[_T] = StreamFeed(
            interpret, max_event_bytes=self._limits.max_event_bytes, response=response
        )
        """The pure step: bytes in, items out (the shells below only read, deliver and close)."""
        self._usage: Any = None
        self._time_info: Any = None
        from ._models import BaseModel

        # Every chunk names its response, as parsed bodies do; the property's setter is
        # called directly because pydantic's `__setattr__` would double the per-chunk cost.
        self._model_base = BaseModel
        self._stamp: Callable[[Any, Optional[str]], None] = cast("Any", BaseModel._request_id).fset
        self._request_id = request_id_of(response.headers)
        self._finished = False
        """The items ran out after the end of the answer: iterating again yields nothing."""
        self._stopped: Optional[str] = None
        """Why the items ran out before the end (a close, an error): iterating again raises."""

    def _ran_out(self) -> None:
        """The item generator stopped: fine after the end of the answer, an error before it."""
        if self._stopped is not None:
            raise StreamClosedError(self._stopped)
        self._finished = True

    def _failed(self, exc: BaseException) -> None:
        if self._stopped is None:
            self._stopped = f"it ended with {type(exc).__name__}"

    def _closing(self) -> None:
        if not self._finished and self._stopped is None:
            self._stopped = "it was closed"

    def _tracker(self) -> Track:
        """What each item updates (its request id stamp, the final usage and time info), as a
        closure over the stream's constants: per chunk it reads locals instead of attributes
        (through a weak proxy, for `Stream`). Holds `self` as given."""
        request_id = self._request_id
        stamp = self._stamp
        model_base = self._model_base

        def track(item: object) -> None:
            if request_id is not None and isinstance(item, model_base):
                stamp(item, request_id)
            fields: Optional[Dict[str, object]] = getattr(item, "__dict__", None)
            if fields:
                usage = fields.get("usage")
                if usage is not None:
                    self._usage = usage
                time_info = fields.get("time_info")
                if time_info is not None:
                    self._time_info = time_info

        observer = self._observer
        if observer is None:
            return track
        on_chunk = observer.on_chunk

        def track_observed(item: object) -> None:
            track(item)
            on_chunk(item)

        return track_observed

    def _end_observer(self, error: Optional[BaseException]) -> None:
        observer = self._observer
        if observer is not None:
            observer.on_end(error)

    @property
    def usage(self) -> Any:
        """The token usage the server reported (normally on the last chunk); `None` until then."""
        return self._usage

    @property
    def time_info(self) -> Any:
        """The server's timing figures (normally on the last chunk); `None` until then."""
        return self._time_info


def typed_failure(exc: Optional[BaseException], response: httpx.Response) -> Optional[BaseException]:
    """The typed error of a failed read of the body (`exc` as it is if it is not one)."""
    return stream_failure(exc, response) if isinstance(exc, STREAM_ERRORS) else exc


def marking(track: Track, clock: StreamClock) -> Track:
    """`track`, that also renews the stream's per-item deadline."""

    def marked(item: object) -> None:
        clock.mark()
        track(item)

    return marked
