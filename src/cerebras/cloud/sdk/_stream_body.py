"""Reading a streamed body: its chunks, failures mapped to typed errors, and the bounded drain
after `[DONE]` that returns an HTTP/1.1 connection to the pool."""

from __future__ import annotations

import time
from typing import Any, AsyncIterator, Callable, Dict, Iterator, Optional, cast

import httpx

from ._deadline import CALL_DEADLINE
from ._decoding import BoundedDecoder, decoder_for
from ._exceptions import APIConnectionError, APITimeoutError
from ._http_clients import is_timeout
from ._limits import ResponseLimits
from ._secrets import forget_locals

__all__ = [
    "STREAM_ERRORS",
    "StreamClock",
    "abody_chunks",
    "adrain",
    "atimed_chunks",
    "body_chunks",
    "drain",
    "stream_failure",
    "timed_chunks",
]

_DRAIN_TIMEOUT_S = 1.0
_DRAIN_MAX_BYTES = 1 << 20


def stream_failure(exc: Exception, response: httpx.Response) -> APIConnectionError:
    forget_locals(exc)  # the transport's frames hold the request headers
    if is_timeout(exc):
        return APITimeoutError(request=response.request)
    return APIConnectionError(
        message=f"The stream was interrupted: {str(exc) or type(exc).__name__}", request=response.request
    )


STREAM_ERRORS = (httpx.RequestError, httpx.StreamError)
"""What reading a body can raise: transport failures, timeouts, bad content encodings."""


def _bound_reads(response: httpx.Response) -> Callable[[], None]:
    """Cap every socket read of `response`'s HTTP/1.1 connection at `_DRAIN_TIMEOUT_S`.

    httpcore fixes the read timeout when the body starts streaming, so the wait for the end of
    a body after `[DONE]` cannot be shortened through the request's timeout; instead, the
    connection's network stream (exposed by httpcore as the `network_stream` response
    extension) gets a bounded `read` for the drain only. Returns the function that undoes it.
    Other transports keep their own read timeout.
    """
    network: Any = response.extensions.get("network_stream")  # httpcore's stream, patched by duck typing
    if network is None:
        return _nothing
    try:
        own = cast("Dict[str, Any]", vars(network))
    except TypeError:
        return _nothing
    if "read" in own:
        return _nothing
    read = network.read

    def bounded(max_bytes: int, timeout: Optional[float] = None) -> bytes:
        limit = _DRAIN_TIMEOUT_S if timeout is None else min(timeout, _DRAIN_TIMEOUT_S)
        return read(max_bytes, limit)

    network.read = bounded

    def restore() -> None:
        own.pop("read", None)

    return restore


def _nothing() -> None:
    return None


def body_chunks(response: httpx.Response) -> Iterator[bytes]:
    """The decoded body in pieces of bounded size (a compressed body is decoded here, in
    pieces of at most `_decoding.PIECE` bytes, never a whole bomb at once)."""
    if hasattr(response, "_content"):  # already read
        return response.iter_bytes()
    decoder = decoder_for(response)
    if decoder is None:
        return response.iter_raw()
    return _decoded(response.iter_raw(), decoder)


def abody_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """Async twin of `body_chunks`."""
    if hasattr(response, "_content"):
        return response.aiter_bytes()
    decoder = decoder_for(response)
    if decoder is None:
        return response.aiter_raw()
    return _adecoded(response.aiter_raw(), decoder)


def _decoded(raw: Iterator[bytes], decoder: BoundedDecoder) -> Iterator[bytes]:
    for chunk in raw:
        yield from decoder.feed(chunk)
    yield from decoder.flush()


async def _adecoded(raw: AsyncIterator[bytes], decoder: BoundedDecoder) -> AsyncIterator[bytes]:
    async for chunk in raw:
        for piece in decoder.feed(chunk):
            yield piece
    for piece in decoder.flush():
        yield piece


class StreamClock:
    """The opt-in deadlines of one stream: overall (`stream_timeout`) and between items
    (`stream_idle_timeout`), as monotonic times. `mark()` when an item arrives."""

    __slots__ = ("_end", "_idle", "_last")

    def __init__(self, total: Optional[float], idle: Optional[float]) -> None:
        now = time.monotonic()
        self._end = None if total is None else now + total
        self._idle = idle
        self._last = now

    @staticmethod
    def for_limits(limits: ResponseLimits) -> Optional[StreamClock]:
        if limits.stream_timeout is None and limits.stream_idle_timeout is None:
            return None
        return StreamClock(limits.stream_timeout, limits.stream_idle_timeout)

    def mark(self) -> None:
        self._last = time.monotonic()

    def deadline(self) -> float:
        """The nearer deadline, as a monotonic time."""
        ends = [end for end in (self._end, None if self._idle is None else self._last + self._idle) if end is not None]
        return min(ends)

    def remaining(self) -> float:
        """Seconds until the nearer deadline (negative once it has passed)."""
        return self.deadline() - time.monotonic()


def timed_chunks(chunks: Iterator[bytes], clock: StreamClock, response: httpx.Response) -> Iterator[bytes]:
    """`chunks`, raising `APITimeoutError` once a deadline of `clock` has passed: checked as data
    arrives, and each read waits at most until the deadline (`_deadline.CALL_DEADLINE`, which
    httpx's own transport applies to the socket; it fails as a read timeout)."""
    iterator = iter(chunks)
    while True:
        # Set for the read only: the variable must not stay set while the caller holds a chunk.
        token = CALL_DEADLINE.set(clock.deadline())
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            CALL_DEADLINE.reset(token)
        if clock.remaining() < 0:
            raise APITimeoutError(request=response.request)
        yield chunk


async def atimed_chunks(
    chunks: AsyncIterator[bytes], clock: StreamClock, response: httpx.Response
) -> AsyncIterator[bytes]:
    """Async twin of `timed_chunks`; here the deadline also interrupts a read in progress."""
    import anyio

    iterator = chunks.__aiter__()
    while True:
        try:
            with anyio.fail_after(max(clock.remaining(), 0.0)):
                chunk = await iterator.__anext__()
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise APITimeoutError(request=response.request) from None
        yield chunk


def drain(response: httpx.Response, chunks: Iterator[bytes]) -> None:
    # After `[DONE]` the body normally ends at once; reading that end lets httpx return the
    # HTTP/1.1 connection to the pool instead of closing it (an HTTP/2 connection survives a
    # closed stream anyway). Bounded in time and size, errors ignored: every item was already
    # delivered.
    if response.http_version != "HTTP/1.1":
        return
    restore = _bound_reads(response)
    deadline = time.monotonic() + _DRAIN_TIMEOUT_S
    seen = 0
    try:
        for chunk in chunks:
            seen += len(chunk)
            if seen > _DRAIN_MAX_BYTES or time.monotonic() > deadline:
                break
    except Exception:
        pass
    finally:
        restore()


async def adrain(response: httpx.Response, chunks: AsyncIterator[bytes]) -> None:
    if response.http_version != "HTTP/1.1":
        return
    import anyio  # only the async client needs it, so not at `import cerebras.cloud.sdk`

    seen = 0
    try:
        with anyio.move_on_after(_DRAIN_TIMEOUT_S):
            async for chunk in chunks:
                seen += len(chunk)
                if seen > _DRAIN_MAX_BYTES:
                    break
    except Exception:
        pass
