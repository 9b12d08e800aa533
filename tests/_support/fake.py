"""The one fake transport: a scripted API behind `httpx.MockTransport`, recording every request.

`FakeApi(*replies)` answers request N with reply N; once the script runs out, `then` answers
(if given), else the last reply repeats; with neither, every request gets `CHAT_COMPLETION`.
With `once=True` each reply answers one request and a request past the script is an error.
A reply is a handler (`request -> response`), a ready `httpx.Response`, an exception to raise
(as the transport would), an `int` status with a small JSON error body, or the chunks of a
server-sent-event body (a list of bytes, or a `RecordingStream`). Every reply body that is a
`RecordingStream` is kept in `bodies`.
"""

from __future__ import annotations

import json
from typing import Any, AsyncIterator, Callable, Dict, Iterator, List, Optional, Sequence, Union

import httpx

__all__ = [
    "API_KEY",
    "BASE_URL",
    "CHAT_COMPLETION",
    "CHUNK_SSE",
    "COMPLETION",
    "FakeApi",
    "Handler",
    "RecordingStream",
    "Reply",
    "body_of",
    "chat_chunk",
    "reply",
    "split_json",
    "sse_event",
]

API_KEY = "sk-test-0123456789abcdef"
BASE_URL = "http://api.test"

Handler = Callable[[httpx.Request], httpx.Response]

CHAT_COMPLETION: Dict[str, Any] = {
    "id": "chatcmpl-7d1e2f30",
    "object": "chat.completion",
    "created": 1735689600,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_5a1b2c",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "7"}}],
    "usage": {"prompt_tokens": 21, "completion_tokens": 2, "total_tokens": 23},
    "time_info": {"queue_time": 0.00012, "prompt_time": 0.0009, "completion_time": 0.0011, "total_time": 0.0031},
}

COMPLETION: Dict[str, Any] = {
    "id": "cmpl-41c0",
    "object": "text_completion",
    "created": 1735689700,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_5a1b2c",
    "choices": [{"index": 0, "text": " violets are blue", "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9},
}

CHUNK_SSE = (
    b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"f",'
    b'"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n'
    b"data: [DONE]\n\n"
)


def chat_chunk(content: Optional[str] = "hi", **extra: Any) -> Dict[str, Any]:
    """A `chat.completion.chunk` whose one choice's delta carries `content` (an empty delta for `None`);
    `extra` adds or replaces top-level fields."""
    delta: Dict[str, Any] = {} if content is None else {"content": content}
    return {
        "id": "chatcmpl-9a",
        "object": "chat.completion.chunk",
        "created": 1735689601,
        "model": "llama3.1-8b",
        "system_fingerprint": "fp_5a1b2c",
        "choices": [{"index": 0, "delta": delta}],
        **extra,
    }


def sse_event(data: object) -> bytes:
    """One server-sent event whose `data:` line is `data` as JSON."""
    return b"data: " + json.dumps(data).encode() + b"\n\n"


class RecordingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that yields `chunks` (then raises `error`), recording pulls and close.

    It is never pre-read, for either client, so the client reads it as it would a network body;
    `closed` tells whether the transport saw the body closed (what releases a pooled connection).
    """

    def __init__(self, chunks: Sequence[bytes], error: Optional[Exception] = None) -> None:
        self.chunks = list(chunks)
        self.error = error
        self.pulled = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.chunks:
            self.pulled += 1
            yield piece
        if self.error is not None:
            raise self.error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.chunks:
            self.pulled += 1
            yield piece
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


Reply = Union[Handler, httpx.Response, BaseException, int, Sequence[bytes], RecordingStream]


def reply(
    status: int = 200,
    json_body: object = None,
    *,
    content: Optional[bytes] = None,
    headers: Optional[Dict[str, str]] = None,
    content_type: Optional[str] = "application/json",
) -> Handler:
    """A reply that builds a fresh `httpx.Response` for every request it answers."""

    def make(request: httpx.Request) -> httpx.Response:
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers.setdefault("content-type", content_type)
        data = content if content is not None else json.dumps(json_body).encode()
        # A stream (not `content=`), so the body is read and closed as a network body would be.
        return httpx.Response(status, stream=httpx.ByteStream(data), headers=all_headers, request=request)

    return make


def split_json(data: object, status: int = 200) -> Handler:
    """A reply whose JSON body arrives in two chunks, as a fresh `RecordingStream` each time."""
    raw = json.dumps(data).encode()

    def make(request: httpx.Request) -> httpx.Response:
        body = RecordingStream([raw[: len(raw) // 2], raw[len(raw) // 2 :]])
        return httpx.Response(status, stream=body, headers={"content-type": "application/json"})

    return make


class FakeApi:
    """A `MockTransport` handler answering from a script (see the module docstring)."""

    def __init__(self, *replies: Reply, then: Optional[Handler] = None, once: bool = False) -> None:
        self.replies: List[Reply] = list(replies)
        self.then = then
        self.once = once
        self.requests: List[httpx.Request] = []
        self.responses: List[httpx.Response] = []
        self.bodies: List[RecordingStream] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = self._answer(self._next(), request)
        self.responses.append(response)
        if isinstance(response.stream, RecordingStream):
            self.bodies.append(response.stream)
        return response

    def _next(self) -> Reply:
        if self.once:
            if not self.replies:
                raise AssertionError(f"no scripted reply left for request {len(self.requests)}")
            return self.replies.pop(0)
        if len(self.replies) > 1 or (self.replies and self.then is not None):
            return self.replies.pop(0)
        if self.replies:
            return self.replies[0]
        if self.then is not None:
            return self.then
        return reply(200, CHAT_COMPLETION)

    def _answer(self, step: Reply, request: httpx.Request) -> httpx.Response:
        if isinstance(step, BaseException):
            raise step
        if isinstance(step, httpx.Response):
            return step
        if isinstance(step, int):
            body = RecordingStream([json.dumps({"message": f"status {step}"}).encode()])
            return httpx.Response(step, stream=body, headers={"content-type": "application/json"})
        if callable(step):
            return step(request)
        body = step if isinstance(step, RecordingStream) else RecordingStream(step)
        return httpx.Response(200, stream=body, headers={"content-type": "text/event-stream"})

    @property
    def last(self) -> httpx.Request:
        """The last request received."""
        return self.requests[-1]

    @property
    def body(self) -> RecordingStream:
        """The body of the last reply whose body is a `RecordingStream`."""
        return self.bodies[-1]

    def header_values(self, name: str) -> List[Optional[str]]:
        """`name` on every request received, in order."""
        return [r.headers.get(name) for r in self.requests]

    def json_bodies(self) -> List[Any]:
        """The JSON body of every request received, in order."""
        return [body_of(r) for r in self.requests]


def body_of(request: httpx.Request) -> Any:
    """The JSON body of a request."""
    return json.loads(request.content)
