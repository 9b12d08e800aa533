"""The chunk loop of `AsyncStream`: read the body's chunks, feed them to `StreamFeed`, deliver the items, close.

`AsyncStreamShell` is the part of the stream that differs from its twin only by `await`;
`_streaming.AsyncStream` adds the rest (its iteration protocol, `text()`, finalization).
"""

from __future__ import annotations

import weakref
from types import TracebackType
from typing import TYPE_CHECKING, Any, AsyncIterator, Optional, Tuple, Type, TypeVar

import httpx
from typing_extensions import Self

# unasync: sync-only: from ._late_close import close_dropped, start_closer
from ._limits import ResponseLimits
from ._stream_body import StreamClock, abody_chunks, adrain, atimed_chunks
from ._stream_state import AsyncItemGenerator, StreamState, Track, marking, typed_failure

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = ["AsyncStreamShell"]

_T = TypeVar("_T")


class _AClosing:
    """How a stream's item generator ends, however it ends: a failed read becomes its typed
    error, the response is closed and the observer told. Holds no stream: it runs when a
    dropped stream's generator is finalized too."""

    __slots__ = ("_observer", "_response")

    def __init__(self, response: httpx.Response, observer: Optional[CallObserver]) -> None:
        self._response = response
        self._observer = observer

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(
        self, kind: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        failure = typed_failure(exc, self._response)
        try:
            await self._response.aclose()  # unasync: async-only
            # unasync: sync-only: close_dropped(self._response.close)  # the collector may be finalizing the generator
        finally:
            if self._observer is not None:
                self._observer.on_end(failure)
        if failure is not None and failure is not exc:
            raise failure from exc


def _awith_deadlines(
    chunks: AsyncIterator[bytes], track: Track, limits: ResponseLimits, response: httpx.Response
) -> Tuple[AsyncIterator[bytes], Track]:
    """The chunks and the per-item tracker, under the stream's opt-in deadlines if it has any
    (checked per chunk, renewed per item)."""
    clock = StreamClock.for_limits(limits)
    if clock is None:
        return chunks, track
    return atimed_chunks(chunks, clock, response), marking(track, clock)


class AsyncStreamShell(StreamState[_T]):
    """The items of a streamed response, through one generator (`__stream__`) that each loop resumes."""

    def __init__(self, *, cast_to: Type[_T], response: httpx.Response, client: Any, options: Any = None) -> None:
        super().__init__(cast_to=cast_to, response=response, client=client, options=options)
        # The generator sees the stream through a weak proxy. With no reference cycle, a
        # dropped stream is freed, and its connection released, right where it is dropped.
        # A cycle would leave that to the garbage collector, which may run while httpcore's
        # pool holds its (non-reentrant) lock: closing the response there deadlocks.
        self._iterator = self.__class__.__stream__(weakref.proxy(self))
        # unasync: sync-only: start_closer()  # before this stream can be dropped during a collection

    async def __stream__(self) -> AsyncItemGenerator[_T]:
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

    async def __anext__(self) -> _T:
        try:
            return await self._iterator.__anext__()
        except StopAsyncIteration:
            self._ran_out()
            raise
        except BaseException as exc:
            self._failed(exc)
            raise

    async def close(self) -> None:
        """Stop reading and release the connection."""
        self._closing()
        try:
            await self._iterator.aclose()
            await self.response.aclose()
        finally:
            self._end_observer(None)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
