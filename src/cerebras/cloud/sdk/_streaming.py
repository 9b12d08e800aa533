"""`Stream` / `AsyncStream`: the items of a server-sent-event response, as they arrive.

Both stream classes are thin shells: they read the body's chunks, hand each to the pure
`StreamFeed` (which decodes the events and parses each event's JSON exactly once, straight
from bytes, into an item, the end, or the API error the server sent inside the stream),
deliver the items, and close the response however the stream ends.

What ours does that the official SDK does not (see CHANGELOG.md):

* a read timeout mid-stream raises `APITimeoutError`, a reset or truncated body
  `APIConnectionError` — never a raw httpx error, never a silently short stream;
* invalid JSON in an event raises `APIResponseValidationError` naming the data;
* after `[DONE]` the rest of an HTTP/1.1 body (normally empty) is read, for at most
  `_DRAIN_TIMEOUT_S`, so the connection goes back to the pool for the next request instead of
  being dropped;
* a stream dropped without being iterated to the end (never started, or left with `break`)
  still releases its connection, at once (no reference cycle holds it);
* a stream closed or failed before its end raises `StreamClosedError` when iterated again,
  instead of looking like an empty answer.

As in the official SDK, `break` leaves a stream where it was: iterating it again goes on with
the remaining chunks, and a stream read to its end yields nothing more.
"""

from __future__ import annotations

import gc
import queue
import threading
import weakref
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Generator,
    Generic,
    Iterator,
    List,
    Optional,
    Set,
    Tuple,
    Type,
    TypeVar,
    cast,
)

import httpx

from ._exceptions import StreamClosedError, request_id_of
from ._interpret import Interpreter
from ._limits import ResponseLimits
from ._stream_body import (
    STREAM_ERRORS,
    StreamClock,
    abody_chunks,
    adrain,
    atimed_chunks,
    body_chunks,
    drain,
    stream_failure,
    timed_chunks,
)
from ._stream_feed import StreamFeed

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = ["AsyncStream", "Stream", "hand_over"]

_T = TypeVar("_T")


class _Collection(threading.local):
    running = False


_collection = _Collection()


def _track_collection(phase: str, _info: Dict[str, int]) -> None:
    _collection.running = phase == "start"


gc.callbacks.append(_track_collection)

_late_closes: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
_closer: Optional[threading.Thread] = None


def _close_late() -> None:
    while True:
        close = _late_closes.get()
        try:
            close()
        except Exception:
            pass


def _start_closer() -> None:
    """Start the thread that closes streams the garbage collector finds (again after a fork)."""
    global _closer
    if _closer is None or not _closer.is_alive():
        _closer = threading.Thread(target=_close_late, name="cerebras-stream-closer", daemon=True)
        _closer.start()


def _close_dropped(close: Callable[[], None]) -> None:
    """Run `close` now, unless the cyclic garbage collector is running in this thread.

    The collector runs wherever an allocation triggers it, for instance inside the connection
    pool while this thread holds the pool's lock; closing a response there would wait for that
    lock forever. Such closes are handed to a daemon thread, which waits for the lock instead.
    """
    if _collection.running:
        _late_closes.put(close)
    else:
        close()


class _StreamState(Generic[_T]):
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

    def _tracker(self) -> Callable[[object], None]:
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


class _Closing:
    """How a `Stream`'s generator ends, however it ends: a failed read becomes its typed error,
    the response is closed and the observer told. Holds no stream: it runs when a dropped
    stream's generator is finalized too."""

    __slots__ = ("_observer", "_response")

    def __init__(self, response: httpx.Response, observer: Optional[CallObserver]) -> None:
        self._response = response
        self._observer = observer

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        failure = _typed(exc, self._response)
        try:
            _close_dropped(self._response.close)  # the collector may be finalizing this generator
        finally:
            if self._observer is not None:
                self._observer.on_end(failure)
        if failure is not None and failure is not exc:
            raise failure from exc


class _AClosing:
    """Async twin of `_Closing`, for an `AsyncStream`'s generator."""

    __slots__ = ("_observer", "_response")

    def __init__(self, response: httpx.Response, observer: Optional[CallObserver]) -> None:
        self._response = response
        self._observer = observer

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(
        self, kind: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        failure = _typed(exc, self._response)
        try:
            await self._response.aclose()
        finally:
            if self._observer is not None:
                self._observer.on_end(failure)
        if failure is not None and failure is not exc:
            raise failure from exc


def _typed(exc: Optional[BaseException], response: httpx.Response) -> Optional[BaseException]:
    """The typed error of a failed read of the body (`exc` as it is if it is not one)."""
    return stream_failure(exc, response) if isinstance(exc, STREAM_ERRORS) else exc


_Track = Callable[[object], None]


def _with_deadlines(
    chunks: Iterator[bytes], track: _Track, limits: ResponseLimits, response: httpx.Response
) -> Tuple[Iterator[bytes], _Track]:
    """The chunks and the per-item tracker, under the stream's opt-in deadlines if it has any
    (checked per chunk, renewed per item)."""
    clock = StreamClock.for_limits(limits)
    if clock is None:
        return chunks, track
    return timed_chunks(chunks, clock, response), _marking(track, clock)


def _awith_deadlines(
    chunks: AsyncIterator[bytes], track: _Track, limits: ResponseLimits, response: httpx.Response
) -> Tuple[AsyncIterator[bytes], _Track]:
    """Async twin of `_with_deadlines` (there the deadline also interrupts a read)."""
    clock = StreamClock.for_limits(limits)
    if clock is None:
        return chunks, track
    return atimed_chunks(chunks, clock, response), _marking(track, clock)


def _marking(track: Callable[[object], None], clock: StreamClock) -> Callable[[object], None]:
    def marking(item: object) -> None:
        clock.mark()
        track(item)

    return marking


def _text_of(item: object) -> Optional[str]:
    # Loosely built items (a chunk off its schema) may hold anything: text is a `str` or nothing.
    choices = getattr(item, "choices", None)
    if not isinstance(choices, list) or not choices:
        return None
    choice: object = cast("List[object]", choices)[0]
    delta = getattr(choice, "delta", None)
    piece = getattr(choice, "text", None) if delta is None else getattr(delta, "content", None)
    return piece if isinstance(piece, str) else None


class Stream(_StreamState[_T]):
    """The items of a streamed response, parsed one event at a time.

    ```py
    stream = client.chat.completions.create(model="llama3.1-8b", messages=[...], stream=True)
    for chunk in stream:
        print(chunk.choices[0].delta.content or "", end="")
    print(stream.usage)
    ```

    `break` leaves it where it was: the next loop goes on with the remaining chunks. The
    connection is released when the stream ends or raises, on `close()` (or leaving `with`),
    and as soon as the stream is dropped. Iterating a stream that was closed or failed before
    its end raises `StreamClosedError`; one read to its end yields nothing more.
    """

    def __init__(self, *, cast_to: Type[_T], response: httpx.Response, client: Any, options: Any = None) -> None:
        super().__init__(cast_to=cast_to, response=response, client=client, options=options)
        # The generator sees the stream through a weak proxy. With no reference cycle, a
        # dropped stream is freed, and its connection released, right where it is dropped.
        # A cycle would leave that to the garbage collector, which may run while httpcore's
        # pool holds its (non-reentrant) lock: closing the response there deadlocks.
        self._iterator = self.__class__.__stream__(weakref.proxy(self))
        _start_closer()

    def __stream__(self) -> Generator[_T, None, None]:
        response, parser = self.response, self._parser
        chunks, track = _with_deadlines(body_chunks(response), self.__class__._tracker(self), self._limits, response)
        with _Closing(response, self._observer):
            for chunk in chunks:
                for item in parser.feed(chunk):
                    track(item)
                    yield item
                if parser.done:
                    drain(response, chunks)
                    return
            for item in parser.end():
                track(item)
                yield item

    def __iter__(self) -> Iterator[_T]:
        # A generator of our own holds the stream while a loop runs. A `break` drops only this
        # one (a `for` over the items would close them): the next loop resumes the items.
        try:
            for item in self._iterator:  # noqa: UP028 - `yield from` would close them on `break`
                yield item
        except GeneratorExit:
            raise
        except BaseException as exc:
            self._failed(exc)
            raise
        self._ran_out()

    def __next__(self) -> _T:
        try:
            return next(self._iterator)
        except StopIteration:
            self._ran_out()
            raise
        except BaseException as exc:
            self._failed(exc)
            raise

    def text(self) -> Iterator[str]:
        """Only the text of the first choice, piece by piece (`delta.content`, or `text`).

        ```py
        for piece in stream.text():
            print(piece, end="", flush=True)
        ```
        """
        for item in self:
            piece = _text_of(item)
            if piece:
                yield piece

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._closing()
        try:
            self._iterator.close()
            self.response.close()
        finally:
            self._end_observer(None)

    def __enter__(self) -> Stream[_T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        _close_dropped(self._release)

    def _release(self) -> None:
        try:
            if not self.response.is_closed:
                self.response.close()
        except Exception:
            pass
        if self._observer is not None:
            self._end_observer(None)


class AsyncStream(_StreamState[_T]):
    """The async twin of `Stream`: `async for chunk in stream`.

    ```py
    stream = await client.chat.completions.create(model="llama3.1-8b", messages=[...], stream=True)
    async for chunk in stream:
        print(chunk.choices[0].delta.content or "", end="")
    ```

    `break` leaves it where it was, as for `Stream`. The connection is released when the stream
    ends or raises, on `await stream.close()` or `async with` exit and, soon after (on the
    running event loop), when the stream is dropped.
    """

    def __init__(self, *, cast_to: Type[_T], response: httpx.Response, client: Any, options: Any = None) -> None:
        super().__init__(cast_to=cast_to, response=response, client=client, options=options)
        # A weak proxy, as in `Stream`: a stream dropped after a `break` is freed where it is
        # dropped, and its response closed on the loop, without waiting for a collection.
        self._iterator = self.__class__.__stream__(weakref.proxy(self))

    async def __stream__(self) -> AsyncGenerator[_T, None]:
        response, parser = self.response, self._parser
        chunks, track = _awith_deadlines(abody_chunks(response), self.__class__._tracker(self), self._limits, response)
        async with _AClosing(response, self._observer):
            async for chunk in chunks:
                for item in parser.feed(chunk):
                    track(item)
                    yield item
                if parser.done:
                    await adrain(response, chunks)
                    return
            for item in parser.end():
                track(item)
                yield item

    def __aiter__(self) -> AsyncIterator[_T]:
        # A plain iterator over the stream (not an async generator, unlike `Stream.__iter__`):
        # a `break` leaves nothing behind for the event loop to finalize, which trio would
        # report, and the loop holds the stream while it runs. Not the stream itself: a tracer
        # that wraps `__aiter__` and loops over what the original returns must not loop back
        # into its own wrapper.
        return _AsyncItems(self)

    async def __anext__(self) -> _T:
        try:
            return await self._iterator.__anext__()
        except StopAsyncIteration:
            self._ran_out()
            raise
        except BaseException as exc:
            self._failed(exc)
            raise

    def text(self) -> AsyncIterator[str]:
        """Only the text of the first choice, piece by piece (`async for piece in stream.text()`)."""
        return _AsyncTexts(self)

    async def close(self) -> None:
        """Stop reading and release the connection."""
        self._closing()
        try:
            await self._iterator.aclose()
            await self.response.aclose()
        finally:
            self._end_observer(None)

    async def __aenter__(self) -> AsyncStream[_T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __del__(self) -> None:
        if self._observer is not None:
            self._end_observer(None)
        # An async response can only be closed on its event loop; when a stream is dropped
        # unread inside a running asyncio loop, schedule the close there.
        try:
            if self.response.is_closed:
                return
            import asyncio

            loop = asyncio.get_running_loop()
            task = loop.create_task(self.response.aclose())
            _pending_closes.add(task)
            task.add_done_callback(_pending_closes.discard)
        except Exception:
            pass


class _AsyncTexts:
    """`AsyncStream.text()`: an iterator object rather than an async generator, for the same
    reason as `AsyncStream.__aiter__`."""

    __slots__ = ("_stream",)

    def __init__(self, stream: AsyncStream[Any]) -> None:
        self._stream = stream

    def __aiter__(self) -> _AsyncTexts:
        return self

    async def __anext__(self) -> str:
        stream = self._stream
        while True:  # ends with the stream's own `StopAsyncIteration`
            piece = _text_of(await stream.__anext__())
            if piece:
                return piece


class _AsyncItems(Generic[_T]):
    """What `AsyncStream.__aiter__` returns: the stream's items, read through its `__anext__`."""

    __slots__ = ("_next",)

    def __init__(self, stream: AsyncStream[_T]) -> None:
        self._next = stream.__anext__

    def __aiter__(self) -> _AsyncItems[_T]:
        return self

    def __anext__(self) -> Awaitable[_T]:
        return self._next()


_pending_closes: Set[Any] = set()


def hand_over(stream: object, observer: CallObserver) -> bool:
    """Make `stream` tell `observer` of its items and its end; `False` if it is not one of ours
    (a custom `stream_cls`), so that the caller ends the observation itself."""
    if not isinstance(stream, _StreamState):
        return False
    stream._observer = observer
    return True
