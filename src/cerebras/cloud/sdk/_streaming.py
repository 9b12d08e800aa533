"""`Stream` / `AsyncStream` over a server-sent-event response, and PURE `interpret(event)`.

Both stream classes pull bytes, feed the shared `SSEDecoder`, and hand each event to the one
`Interpreter`, which parses the event's JSON exactly once (straight from bytes) and returns an
item, returns `DONE`, or raises the API error the server sent inside the stream.

What ours does that the official SDK does not (see CHANGELOG.md):

* a read timeout mid-stream raises `APITimeoutError`, a reset or truncated body
  `APIConnectionError` — never a raw httpx error, never a silently short stream;
* invalid JSON in an event raises `APIResponseValidationError` naming the data;
* after `[DONE]` the rest of an HTTP/1.1 body (normally empty) is read, for at most
  `_DRAIN_TIMEOUT_S`, so the connection goes back to the pool for the next request instead of
  being dropped;
* a stream dropped without being iterated to the end (never started, or left with `break`)
  still releases its connection.
"""

from __future__ import annotations

import json
import time
import weakref
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Dict,
    Generator,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Set,
    Type,
    TypeVar,
    cast,
)

import anyio
import httpx

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    make_status_error,
    request_id_of,
)
from ._http_clients import is_timeout
from ._sse import ServerSentEvent, SSEDecoder

if TYPE_CHECKING:
    from ._models import Parser

__all__ = ["DONE", "AsyncStream", "Interpreter", "Stream"]

_T = TypeVar("_T")

DONE: Any = object()
"""Returned by `Interpreter.__call__` for the `[DONE]` event."""

_DRAIN_TIMEOUT_S = 1.0
_DRAIN_MAX_BYTES = 1 << 20
_SHOWN_DATA = 200


def _shown(raw: bytes) -> str:
    text = raw[:_SHOWN_DATA].decode("utf-8", errors="replace")
    return text + ("..." if len(raw) > _SHOWN_DATA else "")


class Interpreter:
    """PURE over its inputs: turns one SSE event into an item, `DONE`, or a raised API error."""

    __slots__ = ("_invalid", "_parser", "_response", "_strict", "_validate")

    def __init__(self, cast_to: Any, *, strict: bool, response: httpx.Response) -> None:
        import pydantic

        from ._models import get_parser

        self._parser: Parser = get_parser(cast_to)
        self._validate = self._parser.validate_json
        self._invalid = pydantic.ValidationError
        self._strict = strict
        self._response = response

    def __call__(self, event: ServerSentEvent) -> Any:
        raw = event.raw_data
        if raw.startswith(b"[DONE]"):
            return DONE
        if event.event is None:
            item = self._parser.fast_json(raw)
            if item is not None and not _carries_error(item):
                return item
            data: Any = self._decode(raw)
            if isinstance(data, Mapping) and cast("Mapping[str, object]", data).get("error"):
                raise self._error(cast("Mapping[str, object]", data))
            return self._convert(data, raw)
        data = self._decode(raw)
        if event.event == "error" and isinstance(data, Mapping):
            mapping = cast("Mapping[str, object]", data)
            if mapping.get("error"):
                raise self._error(mapping)
        return self._convert({"data": data, "event": event.event}, raw)

    def fast(self, raw: bytes) -> Any:
        """The item of a plain event's `raw` data when it is valid and carries no error; `None`
        otherwise (`__call__` then decides: `DONE`, a raised error, a loosely built item)."""
        direct = self._parser.direct
        try:  # `[DONE]` is not JSON: it fails here and goes the full path, once a stream
            item = self._validate(raw) if direct is None else direct(raw)
        except self._invalid:
            return None
        fields: Optional[Dict[str, object]] = getattr(item, "__dict__", None)
        if fields is not None and fields.get("error"):  # `_carries_error`, inline: per chunk
            return None
        extra: Optional[Dict[str, object]] = getattr(item, "__pydantic_extra__", None)
        return None if extra and extra.get("error") else item

    def _decode(self, raw: bytes) -> Any:
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise APIResponseValidationError(
                self._response, _shown(raw), message=f"Invalid JSON in a stream event: {_shown(raw)!r}"
            ) from None

    def _convert(self, data: Any, raw: bytes) -> Any:
        if not self._strict:
            return self._parser.loose(data)
        import pydantic

        try:
            return self._parser.validate_python(data)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                self._response, data, message=f"A stream event does not match its schema: {_shown(raw)!r}"
            ) from exc

    def _error(self, data: Mapping[str, object]) -> Exception:
        error = data.get("error")
        message = None
        if isinstance(error, Mapping):
            candidate = cast("Mapping[str, object]", error).get("message")
            if isinstance(candidate, str) and candidate:
                message = candidate
        return make_status_error(
            message or "An error occurred during streaming", body=dict(data), response=self._response
        )


def _carries_error(item: object) -> bool:
    if isinstance(item, dict):  # a stream of plain JSON (`Stream[object]`, `Stream[dict]`)
        return bool(cast("Dict[str, object]", item).get("error"))
    fields: Optional[Dict[str, object]] = getattr(item, "__dict__", None)
    if fields is not None and fields.get("error"):
        return True
    extra: Optional[Dict[str, object]] = getattr(item, "__pydantic_extra__", None)
    return bool(extra and extra.get("error"))


def _stream_failure(exc: Exception, response: httpx.Response) -> APIConnectionError:
    if is_timeout(exc):
        return APITimeoutError(request=response.request)
    return APIConnectionError(
        message=f"The stream was interrupted: {str(exc) or type(exc).__name__}", request=response.request
    )


def _truncated(response: httpx.Response) -> APIConnectionError:
    return APIConnectionError(message="The stream ended in the middle of an event.", request=response.request)


_STREAM_ERRORS = (httpx.RequestError, httpx.StreamError)
"""What reading a body can raise: transport failures, timeouts, bad content encodings."""


def _bound_reads(response: httpx.Response) -> Callable[[], None]:
    """Cap every socket read of `response`'s HTTP/1.1 connection at `_DRAIN_TIMEOUT_S`.

    httpcore fixes the read timeout when the body starts streaming, so the wait for the end of
    a body after `[DONE]` cannot be shortened through the request's timeout; instead, the
    connection's network stream (exposed by httpcore as the `network_stream` response
    extension) gets a bounded `read` for the drain only. Returns the function that undoes it.
    Other transports keep their own read timeout.
    """
    network: Any = response.extensions.get("network_stream")
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


def _identity_encoded(response: httpx.Response) -> bool:
    return not response.is_stream_consumed and response.headers.get("content-encoding", "identity") == "identity"


def _body_chunks(response: httpx.Response) -> Iterator[bytes]:
    # Without a content encoding, `iter_bytes` only adds two pass-through layers per chunk.
    return response.iter_raw() if _identity_encoded(response) else response.iter_bytes()


def _abody_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    return response.aiter_raw() if _identity_encoded(response) else response.aiter_bytes()


def _drain(response: httpx.Response, chunks: Iterator[bytes]) -> None:
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


async def _adrain(response: httpx.Response, chunks: AsyncIterator[bytes]) -> None:
    if response.http_version != "HTTP/1.1":
        return
    seen = 0
    try:
        with anyio.move_on_after(_DRAIN_TIMEOUT_S):
            async for chunk in chunks:
                seen += len(chunk)
                if seen > _DRAIN_MAX_BYTES:
                    break
    except Exception:
        pass


class _StreamState(Generic[_T]):
    """What both stream classes share: the response, the interpreter and the final figures."""

    response: httpx.Response
    """The underlying HTTP response."""

    def __init__(self, *, cast_to: Type[_T], response: httpx.Response, client: Any, options: Any = None) -> None:
        self.response = response
        self._cast_to = cast_to
        self._client = client
        self._options = options
        strict = bool(getattr(client, "_strict_response_validation", False))
        self._interpret = Interpreter(cast_to, strict=strict, response=response)
        self._usage: Any = None
        self._time_info: Any = None
        from ._models import BaseModel

        # Every chunk names its response, as parsed bodies do; the property's setter is
        # called directly because pydantic's `__setattr__` would double the per-chunk cost.
        self._model_base = BaseModel
        self._stamp: Callable[[Any, Optional[str]], None] = cast("Any", BaseModel._request_id).fset
        self._request_id = request_id_of(response.headers)

    def _tracker(self) -> Callable[[object], None]:
        """`_track` as a closure over the stream's constants: per chunk, it reads locals instead
        of attributes (through a weak proxy, for `Stream`). Holds `self` as given."""
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

        return track

    def _track(self, item: object) -> None:
        fields: Optional[Dict[str, object]] = getattr(item, "__dict__", None)
        if self._request_id is not None and isinstance(item, self._model_base):
            self._stamp(item, self._request_id)
        if fields:
            usage = fields.get("usage")
            if usage is not None:
                self._usage = usage
            time_info = fields.get("time_info")
            if time_info is not None:
                self._time_info = time_info

    def _ending(self, decoder: SSEDecoder) -> Iterator[Any]:
        """The items of an event cut off by the end of the body (no `[DONE]` came before it).

        A cut-off event whose data is JSON is delivered; one whose data is not, or a cut-off
        line that makes no event at all, means the body was truncated: `APIConnectionError`.
        """
        if not decoder.has_partial_event:
            return
        events = decoder.flush()
        if not events:
            raise _truncated(self.response)
        for event in events:
            raw = event.raw_data
            if not raw.startswith(b"[DONE]"):
                try:
                    json.loads(raw)
                except (ValueError, RecursionError):
                    raise _truncated(self.response) from None
            item = self._interpret(event)
            if item is not DONE:
                self._track(item)
            yield item

    @property
    def usage(self) -> Any:
        """The token usage the server reported (normally on the last chunk); `None` until then."""
        return self._usage

    @property
    def time_info(self) -> Any:
        """The server's timing figures (normally on the last chunk); `None` until then."""
        return self._time_info


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

    Single-pass: iterate it once. The connection is released when the stream ends, when it
    raises, when you `break` (the generator is closed), on `close()`, and at garbage collection.
    """

    def __init__(self, *, cast_to: Type[_T], response: httpx.Response, client: Any, options: Any = None) -> None:
        super().__init__(cast_to=cast_to, response=response, client=client, options=options)
        # The generator sees the stream through a weak proxy. With no reference cycle, a
        # dropped stream is freed, and its connection released, right where it is dropped.
        # A cycle would leave that to the garbage collector, which may run while httpcore's
        # pool holds its (non-reentrant) lock: closing the response there deadlocks.
        self._iterator = self.__class__.__stream__(weakref.proxy(self))

    def __stream__(self) -> Generator[_T, None, None]:
        response = self.response
        interpret = self._interpret
        track = self.__class__._tracker(self)  # not `self._track`: no strong reference
        decoder = SSEDecoder()
        lone_data = decoder.lone_data
        fast = interpret.fast
        chunks = _body_chunks(response)
        try:
            try:
                for chunk in chunks:
                    raw = lone_data(chunk)
                    if raw is not None:  # the hot path: one whole event, a valid item
                        item = fast(raw)
                        if item is None:
                            item = interpret(ServerSentEvent(raw_data=raw, id=decoder.last_event_id))
                            if item is DONE:
                                _drain(response, chunks)
                                return
                        track(item)
                        yield item
                        continue
                    for event in decoder.decode(chunk):
                        item = interpret(event)
                        if item is DONE:
                            _drain(response, chunks)
                            return
                        track(item)
                        yield item
            except _STREAM_ERRORS as exc:
                raise _stream_failure(exc, response) from exc
            for item in self.__class__._ending(self, decoder):
                if item is DONE:
                    return
                yield item
        finally:
            response.close()

    def __iter__(self) -> Iterator[_T]:
        # A generator of our own, so that a `break` (which drops it) closes the stream at once.
        yield from self._iterator

    def __next__(self) -> _T:
        return next(self._iterator)

    def text(self) -> Iterator[str]:
        """Only the text of the first choice, piece by piece (`delta.content`, or `text`).

        ```py
        for piece in stream.text():
            print(piece, end="", flush=True)
        ```
        """
        iterator = self._iterator
        try:
            for item in iterator:
                piece = _text_of(item)
                if piece:
                    yield piece
        finally:
            iterator.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Stream[_T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            if not self.response.is_closed:
                self.response.close()
        except Exception:
            pass


class AsyncStream(_StreamState[_T]):
    """The async twin of `Stream`: `async for chunk in stream`.

    ```py
    stream = await client.chat.completions.create(model="llama3.1-8b", messages=[...], stream=True)
    async for chunk in stream:
        print(chunk.choices[0].delta.content or "", end="")
    ```

    The connection is released when the stream ends or raises, on `await stream.close()` or
    `async with` exit and, soon after, when a loop that `break`s drops the iterator.
    """

    def __init__(self, *, cast_to: Type[_T], response: httpx.Response, client: Any, options: Any = None) -> None:
        super().__init__(cast_to=cast_to, response=response, client=client, options=options)
        self._iterator = self.__stream__()

    async def __stream__(self) -> AsyncGenerator[_T, None]:
        response = self.response
        interpret = self._interpret
        track = self._tracker()
        decoder = SSEDecoder()
        lone_data = decoder.lone_data
        fast = interpret.fast
        chunks = _abody_chunks(response)
        try:
            try:
                async for chunk in chunks:
                    raw = lone_data(chunk)
                    if raw is not None:  # the hot path, as in `Stream`
                        item = fast(raw)
                        if item is None:
                            item = interpret(ServerSentEvent(raw_data=raw, id=decoder.last_event_id))
                            if item is DONE:
                                await _adrain(response, chunks)
                                return
                        track(item)
                        yield item
                        continue
                    for event in decoder.decode(chunk):
                        item = interpret(event)
                        if item is DONE:
                            await _adrain(response, chunks)
                            return
                        track(item)
                        yield item
            except _STREAM_ERRORS as exc:
                raise _stream_failure(exc, response) from exc
            for item in self._ending(decoder):
                if item is DONE:
                    return
                yield item
        finally:
            await response.aclose()

    async def __aiter__(self) -> AsyncIterator[_T]:
        # A generator of our own: when a loop that `break`s drops it, the event loop closes
        # it, and with it the stream (an `async for` never closes what it iterates).
        iterator = self._iterator
        try:
            async for item in iterator:
                yield item
        finally:
            await iterator.aclose()

    async def __anext__(self) -> _T:
        return await self._iterator.__anext__()

    async def text(self) -> AsyncIterator[str]:
        """Only the text of the first choice, piece by piece (`async for piece in stream.text()`)."""
        iterator = self._iterator
        try:
            async for item in iterator:
                piece = _text_of(item)
                if piece:
                    yield piece
        finally:
            await iterator.aclose()

    async def close(self) -> None:
        """Stop reading and release the connection."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[_T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __del__(self) -> None:
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


_pending_closes: Set[Any] = set()
