"""`Stream` / `AsyncStream`: the items of a server-sent-event response, as they arrive.

Both stream classes are thin shells: they read the body's chunks, hand each to the pure
`StreamFeed` (which decodes the events and parses each event's JSON exactly once, straight
from bytes, into an item, the end, or the API error the server sent inside the stream),
deliver the items, and close the response however the stream ends. That loop is written once,
async (`_async_stream`), and generated for `Stream` (`_sync_stream`); this module adds what
differs between the two: the iteration protocol, `text()`, and the release of a dropped stream.

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

from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Generic,
    Iterator,
    List,
    Optional,
    Set,
    TypeVar,
    cast,
)

from ._async_stream import AsyncStreamShell
from ._late_close import close_dropped
from ._stream_state import StreamState
from ._sync_stream import StreamShell

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = ["AsyncStream", "Stream", "hand_over"]

_T = TypeVar("_T")


def _text_of(item: object) -> Optional[str]:
    # Loosely built items (a chunk off its schema) may hold anything: text is a `str` or nothing.
    choices = getattr(item, "choices", None)
    if not isinstance(choices, list) or not choices:
        return None
    choice: object = cast("List[object]", choices)[0]
    delta = getattr(choice, "delta", None)
    piece = getattr(choice, "text", None) if delta is None else getattr(delta, "content", None)
    return piece if isinstance(piece, str) else None


class Stream(StreamShell[_T]):
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

    def __del__(self) -> None:
        close_dropped(self._release)

    def _release(self) -> None:
        try:
            if not self.response.is_closed:
                self.response.close()
        except Exception:
            pass
        if self._observer is not None:
            self._end_observer(None)


class AsyncStream(AsyncStreamShell[_T]):
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

    def __aiter__(self) -> AsyncIterator[_T]:
        # A plain iterator over the stream (not an async generator, unlike `Stream.__iter__`):
        # a `break` leaves nothing behind for the event loop to finalize, which trio would
        # report, and the loop holds the stream while it runs. Not the stream itself: a tracer
        # that wraps `__aiter__` and loops over what the original returns must not loop back
        # into its own wrapper.
        return _AsyncItems(self)

    def text(self) -> AsyncIterator[str]:
        """Only the text of the first choice, piece by piece (`async for piece in stream.text()`)."""
        return _AsyncTexts(self)

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
    if not isinstance(stream, StreamState):
        return False
    stream._observer = observer
    return True
