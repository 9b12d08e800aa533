"""`ChatCompletionStream` / `AsyncChatCompletionStream`: events, text and the final completion.

Thin shells over `Stream` / `AsyncStream` (from `create(stream=True)`): every chunk goes
through the pure `ChatCompletionAccumulator`, which returns the chunk's typed events and
builds the final `ChatCompletionResponse`. The shells only pull chunks, read the clock for
the client-side timings, and close the HTTP response.

A `break` leaves a helper where it was (the next loop, `text_stream` or
`get_final_completion()` goes on from there). Once it was closed (leaving the `with` block) or
failed before the end of the answer, the final results and further iteration raise
`StreamClosedError` rather than pass a partial answer off as whole.
"""

from __future__ import annotations

import time
import weakref
from typing import (
    TYPE_CHECKING,
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    List,
    Optional,
    cast,
)

from ..._lib_interface import RateLimits, StreamClosedError, parse_rate_limits, request_id_of
from ...types.chat.chat_completion import ChatCompletionResponse
from ._accumulator import ChatCompletionAccumulator
from ._events import (
    ChatCompletionStreamEvent,
    ContentDeltaEvent,
    ReasoningDeltaEvent,
    ToolCallArgumentsDeltaEvent,
)
from ._speed import tokens_per_second

if TYPE_CHECKING:
    import httpx

    from ..._lib_interface import AsyncStream, Stream
    from ...types.chat.chat_completion import ChatChunkResponse, ChatCompletion

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "ChatCompletionStream",
    "ChatCompletionStreamManager",
]

_clock: Callable[[], float] = time.perf_counter
"""The clock of the client-side timings (monotonic, in seconds)."""

_OUTPUT_EVENTS = (ContentDeltaEvent, ReasoningDeltaEvent, ToolCallArgumentsDeltaEvent)


class _Timings:
    """The client-side clock readings of one streamed request, and what follows from them."""

    def __init__(self, started_at: float) -> None:
        self.started_at = started_at
        self.first_output_at: Optional[float] = None
        self.ended_at: Optional[float] = None
        self.output_chunks = 0

    def saw(self, events: List[ChatCompletionStreamEvent]) -> None:
        if any(isinstance(event, _OUTPUT_EVENTS) for event in events):
            self.output_chunks += 1
            if self.first_output_at is None:
                self.first_output_at = _clock()


class _StreamBase:
    """What both helpers share: the accumulator, the timings and the derived figures."""

    def __init__(self, response: httpx.Response, *, started_at: float) -> None:
        self._response = response
        self._accumulator = ChatCompletionAccumulator()
        self._timings = _Timings(started_at)
        self._ended = False
        """The whole answer arrived (the accumulator is finished)."""
        self._stopped: Optional[str] = None
        """Why the events stopped before the end of the answer, if they did."""

    @property
    def response(self) -> httpx.Response:
        """The underlying HTTP response (headers, status)."""
        return self._response

    @property
    def request_id(self) -> Optional[str]:
        """The server's request id (`x-request-id`), to quote to support."""
        return request_id_of(self._response.headers)

    @property
    def rate_limits(self) -> RateLimits:
        """The `x-ratelimit-*` figures sent with the response."""
        return parse_rate_limits(self._response.headers)

    @property
    def current_completion_snapshot(self) -> ChatCompletionResponse:
        """The completion assembled from the chunks received so far."""
        return self._completion()

    @property
    def time_to_first_token(self) -> Optional[float]:
        """Seconds from the start of the request to the first generated text, measured here.

        The start is when the `stream(...)` context was entered, just before the request was
        sent (so connecting, retries and queueing count); the first generated text is the
        first chunk carrying content, reasoning or tool-call arguments. `None` until then.
        """
        first = self._timings.first_output_at
        return None if first is None else first - self._timings.started_at

    @property
    def elapsed(self) -> Optional[float]:
        """Seconds from the start of the request to the end of the stream; `None` until it ends."""
        ended = self._timings.ended_at
        return None if ended is None else ended - self._timings.started_at

    @property
    def tokens_per_second(self) -> Optional[float]:
        """Generated tokens per second of `elapsed` (end to end, from the start of the request).

        Tokens are the `usage.completion_tokens` the server reported with the final chunk;
        without it, the number of chunks that carried generated text (an estimate). `None`
        until the stream has ended. For the server-side speed, see `usage` and `time_info`
        of `get_final_completion()`. The `cerebras` command's summary line uses the same
        definition.
        """
        elapsed = self.elapsed
        if elapsed is None:
            return None
        usage = self._accumulator.usage
        tokens = usage.get("completion_tokens") if usage is not None else None
        if not isinstance(tokens, int):
            tokens = self._timings.output_chunks
        return tokens_per_second(tokens, elapsed)

    def _completion(self) -> ChatCompletionResponse:
        completion = self._accumulator.completion()
        request_id = self.request_id
        if request_id is not None:
            completion._request_id = request_id
        return completion

    def _on_chunk(self, item: object) -> List[ChatCompletionStreamEvent]:
        events = self._accumulator.add(cast("ChatCompletion", item))
        self._timings.saw(events)
        return events

    def _on_end(self) -> List[ChatCompletionStreamEvent]:
        if self._timings.ended_at is None:
            self._timings.ended_at = _clock()
        events = self._accumulator.finish()
        self._ended = True
        return events

    def _ran_out(self) -> None:
        """The events stopped: fine after the end of the answer, an error before it."""
        if not self._ended:
            raise StreamClosedError(self._stopped or "it was closed")

    def _failed(self, exc: BaseException) -> None:
        if self._stopped is None:
            self._stopped = f"it ended with {type(exc).__name__}"

    def _closing(self) -> None:
        if not self._ended and self._stopped is None:
            self._stopped = "it was closed"


class ChatCompletionStream(_StreamBase):
    """A streamed chat completion, as typed events (see `client.chat.completions.stream`).

    Iterate it for events, or use `text_stream` for the answer text only; either way
    `get_final_completion()` then returns the whole `ChatCompletionResponse`. The events,
    `text_stream` and `get_final_completion()` all consume the same stream, each going on
    where the last stopped. After the `with` block, the final results are there only if the
    stream was read to its end inside it; otherwise they raise `StreamClosedError`.
    """

    def __init__(self, raw: Stream[ChatChunkResponse], *, started_at: float) -> None:
        super().__init__(raw.response, started_at=started_at)
        self._raw = raw
        # The generator sees this object through a weak proxy: without a reference cycle a
        # dropped stream is freed (and its connection released) at once, not by a later garbage
        # collection that could run while the connection pool holds its lock.
        self._iterator = ChatCompletionStream._events(weakref.proxy(self))

    def _events(self) -> Generator[ChatCompletionStreamEvent, None, None]:
        for item in self._raw:
            yield from self._on_chunk(item)
        yield from self._on_end()

    def __iter__(self) -> Iterator[ChatCompletionStreamEvent]:
        # A generator of our own: a `break` drops it and leaves the events where they were.
        try:
            for event in self._iterator:  # noqa: UP028 - `yield from` would close them on `break`
                yield event
        except GeneratorExit:
            raise
        except BaseException as exc:
            self._failed(exc)
            raise
        self._ran_out()

    def __next__(self) -> ChatCompletionStreamEvent:
        try:
            return next(self._iterator)
        except StopIteration:
            self._ran_out()
            raise
        except BaseException as exc:
            self._failed(exc)
            raise

    @property
    def text_stream(self) -> Iterator[str]:
        """The answer text of the first choice, piece by piece."""
        for event in self:
            if isinstance(event, ContentDeltaEvent) and event.choice_index == 0:
                yield event.delta

    def until_done(self) -> ChatCompletionStream:
        """Read the rest of the stream; returns the stream.

        Raises `StreamClosedError` if the stream was closed or failed before its end.
        """
        for _ in self:
            pass
        return self

    def get_final_completion(self) -> ChatCompletionResponse:
        """Read the rest of the stream and return the completion it adds up to.

        Equal (`to_dict()`) to what the same request returns without streaming, and stamped
        with the server's request id (`_request_id`). Raises `StreamClosedError` if the stream
        was closed (e.g. by leaving its `with` block) or failed before its end: the completion
        would not be whole. `current_completion_snapshot` has what arrived.
        """
        return self.until_done()._completion()

    def get_final_text(self) -> str:
        """Read the rest of the stream and return the first choice's answer text.

        Raises `StreamClosedError` as `get_final_completion()` does.
        """
        self.until_done()
        return self._accumulator.text(0)

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._closing()
        self._iterator.close()
        self._raw.close()

    def __enter__(self) -> ChatCompletionStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncChatCompletionStream(_StreamBase):
    """The async twin of `ChatCompletionStream`: `async for event in stream`."""

    def __init__(self, raw: AsyncStream[ChatChunkResponse], *, started_at: float) -> None:
        super().__init__(raw.response, started_at=started_at)
        self._raw = raw
        # A weak proxy, as in `ChatCompletionStream`: a dropped helper is freed at once.
        self._iterator = AsyncChatCompletionStream._events(weakref.proxy(self))

    async def _events(self) -> AsyncGenerator[ChatCompletionStreamEvent, None]:
        async for item in self._raw:
            for event in self._on_chunk(item):
                yield event
        for event in self._on_end():
            yield event

    def __aiter__(self) -> AsyncChatCompletionStream:
        # Its own iterator, as `AsyncStream`: a `break` leaves nothing for the loop to finalize.
        return self

    async def __anext__(self) -> ChatCompletionStreamEvent:
        try:
            return await self._iterator.__anext__()
        except StopAsyncIteration:
            self._ran_out()
            raise
        except BaseException as exc:
            self._failed(exc)
            raise

    @property
    def text_stream(self) -> AsyncIterator[str]:
        """The answer text of the first choice, piece by piece (`async for`)."""
        return _AsyncTextDeltas(self)

    async def until_done(self) -> AsyncChatCompletionStream:
        """Read the rest of the stream; returns the stream (raises as `ChatCompletionStream`'s)."""
        async for _ in self:
            pass
        return self

    async def get_final_completion(self) -> ChatCompletionResponse:
        """Read the rest of the stream and return the completion it adds up to.

        Raises `StreamClosedError` if the stream was closed or failed before its end.
        """
        await self.until_done()
        return self._completion()

    async def get_final_text(self) -> str:
        """Read the rest of the stream and return the first choice's answer text."""
        await self.until_done()
        return self._accumulator.text(0)

    async def close(self) -> None:
        """Stop reading and release the connection."""
        self._closing()
        await self._iterator.aclose()
        await self._raw.close()

    async def __aenter__(self) -> AsyncChatCompletionStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class _AsyncTextDeltas:
    """`AsyncChatCompletionStream.text_stream`: an iterator object, not an async generator."""

    __slots__ = ("_stream",)

    def __init__(self, stream: AsyncChatCompletionStream) -> None:
        self._stream = stream

    def __aiter__(self) -> _AsyncTextDeltas:
        return self

    async def __anext__(self) -> str:
        stream = self._stream
        while True:  # ends with the stream's own `StopAsyncIteration`
            event = await stream.__anext__()
            if isinstance(event, ContentDeltaEvent) and event.choice_index == 0:
                return event.delta


class ChatCompletionStreamManager:
    """`with client.chat.completions.stream(...) as stream:` — sends the request on entry
    and closes the stream (releasing the connection) on exit, even after an error."""

    def __init__(self, create: Callable[[], Stream[ChatChunkResponse]]) -> None:
        self._create = create
        self._stream: Optional[ChatCompletionStream] = None

    def __enter__(self) -> ChatCompletionStream:
        started_at = _clock()
        self._stream = ChatCompletionStream(self._create(), started_at=started_at)
        return self._stream

    def __exit__(self, *exc_info: object) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncChatCompletionStreamManager:
    """`async with client.chat.completions.stream(...) as stream:` — the async twin."""

    def __init__(self, create: Callable[[], Awaitable[AsyncStream[ChatChunkResponse]]]) -> None:
        self._create = create
        self._stream: Optional[AsyncChatCompletionStream] = None

    async def __aenter__(self) -> AsyncChatCompletionStream:
        started_at = _clock()
        self._stream = AsyncChatCompletionStream(await self._create(), started_at=started_at)
        return self._stream

    async def __aexit__(self, *exc_info: object) -> None:
        if self._stream is not None:
            await self._stream.close()
