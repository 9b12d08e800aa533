"""A fast local stand-in for the inference API, for benchmarks: one asyncio process, standard library only.

Answers, over HTTP/1.1 with keep-alive:

* `POST /v1/chat/completions` - a chat completion as JSON, or with `"stream": true` a
  `text/event-stream` of `max_tokens` chunks (default 16) and `data: [DONE]`, sent with chunked
  transfer encoding, one event per HTTP chunk;
* the same under a `/pace/<ms>` prefix (`base_url=http://HOST:PORT/pace/5`): a stream's events
  then go out one by one, `<ms>` milliseconds apart (the first at once), as a model generating
  tokens sends them;
* `GET /v1/models` - a small model listing;
* `GET /v1/tcp_warming` - an empty 200 (the official SDK's constructor waits for it);
* `GET /_stats` - this server's own counters as JSON: accepted API connections, requests and
  stream chunks served, and the process CPU time spent so far (`time.process_time()`).
  The `/_stats` connection itself is not counted.

Every response body is built once and cached, and the request parser does no more than find
the end of the head, the `content-length` and, for a chat request, the two body fields it needs,
so the server's CPU time per request stays small next to a Python client's.

Run: `python benchmarks/server.py [--port 0]`; it prints `PORT <n>` on stdout once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import ClassVar, Dict, List, Optional, Tuple

__all__ = ["BenchServer", "chat_body", "main", "models_body", "stream_body", "stream_events"]

CREATED = 1735689600
MODEL = "llama3.1-8b"
DEFAULT_CHUNKS = 16

# The rate-limit and request-id headers the API sends with every answer.
_COMMON_HEADERS = (
    b"x-request-id: req-0123456789abcdef\r\n"
    b"x-ratelimit-limit-requests-day: 14400\r\n"
    b"x-ratelimit-limit-tokens-minute: 60000\r\n"
    b"x-ratelimit-remaining-requests-day: 14399\r\n"
    b"x-ratelimit-remaining-tokens-minute: 59900\r\n"
    b"x-ratelimit-reset-requests-day: 33011.4\r\n"
    b"x-ratelimit-reset-tokens-minute: 11.4\r\n"
)


def chat_body() -> bytes:
    """The JSON of one (realistic, short) chat completion."""
    return json.dumps(
        {
            "id": "chatcmpl-0123456789",
            "object": "chat.completion",
            "created": CREATED,
            "model": MODEL,
            "system_fingerprint": "fp_5a1b2c",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Fast inference keeps people in the flow."},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {"prompt_tokens": 21, "completion_tokens": 9, "total_tokens": 30},
            "time_info": {
                "queue_time": 0.0001,
                "prompt_time": 0.0002,
                "completion_time": 0.004,
                "total_time": 0.0045,
                "created": CREATED,
            },
        },
        separators=(",", ":"),
    ).encode()


def models_body() -> bytes:
    """The JSON of `GET /v1/models` (the default, OpenAI-compatible listing)."""
    names = ["llama3.1-8b", "llama-3.3-70b", "qwen-3-32b", "gpt-oss-120b", "zai-glm-4.6"]
    data = [{"id": n, "object": "model", "created": CREATED, "owned_by": "Cerebras"} for n in names]
    return json.dumps({"object": "list", "data": data}, separators=(",", ":")).encode()


def _chunk_event(delta: Dict[str, object], finish: Optional[str] = None, last: bool = False) -> bytes:
    chunk: Dict[str, object] = {
        "id": "chatcmpl-0123456789",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL,
        "system_fingerprint": "fp_5a1b2c",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if last:
        chunk["usage"] = {"prompt_tokens": 21, "completion_tokens": 9, "total_tokens": 30}
        chunk["time_info"] = {"queue_time": 0.0001, "prompt_time": 0.0002, "completion_time": 0.004}
    return b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"


def _http_chunk(payload: bytes) -> bytes:
    return b"%x\r\n%b\r\n" % (len(payload), payload)


def stream_body(chunks: int) -> Tuple[bytes, bytes]:
    """The chunked-encoded body of a stream of `chunks` chat chunks (the first carries the role,
    the last the finish reason and usage), then `[DONE]`: returned as (first event, the rest)."""
    events: List[bytes] = [_chunk_event({"role": "assistant", "content": ""})]
    word = _chunk_event({"content": " token"})
    events.extend(word for _ in range(max(0, chunks - 2)))
    if chunks >= 2:
        events.append(_chunk_event({}, finish="stop", last=True))
    events.append(b"data: [DONE]\n\n")
    encoded = [_http_chunk(e) for e in events]
    return encoded[0], b"".join(encoded[1:]) + b"0\r\n\r\n"


def stream_events(chunks: int) -> List[bytes]:
    """The chunked-encoded body of a stream as one HTTP chunk per event (the last also carries
    the terminating zero-length chunk), for paced sending."""
    first, rest = stream_body(chunks)
    pieces = [first]
    at = 0
    while at < len(rest):
        size_end = rest.index(b"\r\n", at)
        size = int(rest[at:size_end], 16)
        end = size_end + 2 + size + 2
        if size == 0:
            pieces[-1] += rest[at:end]
            break
        pieces.append(rest[at:end])
        at = end
    return pieces


def _response(status: bytes, content_type: bytes, body: bytes) -> bytes:
    return (
        b"HTTP/1.1 "
        + status
        + b"\r\ncontent-type: "
        + content_type
        + b"\r\ncontent-length: %d\r\n" % len(body)
        + _COMMON_HEADERS
        + b"\r\n"
        + body
    )


_STREAM_HEAD = (
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n"
    + _COMMON_HEADERS
    + b"\r\n"
)


class Stats:
    """What the server has done since it started."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0
        self.chunks = 0
        self.by_path: Dict[str, int] = {}

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "connections": self.connections,
                "requests": self.requests,
                "chunks": self.chunks,
                "by_path": self.by_path,
                "cpu_s": time.process_time(),
            }
        ).encode()


class BenchServer(asyncio.Protocol):
    """One connection: parse pipelined HTTP/1.1 requests, answer each from cached bytes."""

    stats = Stats()
    _cache: ClassVar[Dict[object, bytes]] = {}
    _streams: ClassVar[Dict[int, Tuple[bytes, bytes]]] = {}
    _paced: ClassVar[Dict[int, List[bytes]]] = {}

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: Optional[asyncio.Transport] = None
        self._counted = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data if self._buffer else data
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = buffer[:end]
            length = 0
            lowered = head.lower()
            at = lowered.find(b"\r\ncontent-length:")
            if at >= 0:
                stop = lowered.find(b"\r\n", at + 2)
                length = int(lowered[at + 17 : stop if stop >= 0 else len(lowered)])
            if len(buffer) < end + 4 + length:
                break
            body = buffer[end + 4 : end + 4 + length]
            buffer = buffer[end + 4 + length :]
            self._handle(head, body)
        self._buffer = buffer

    def _handle(self, head: bytes, body: bytes) -> None:
        transport = self._transport
        assert transport is not None
        line_end = head.find(b"\r\n")
        method, path, _ = head[: line_end if line_end >= 0 else len(head)].split(b" ", 2)
        path = path.split(b"?", 1)[0]
        pace_ms = 0.0
        if path.startswith(b"/pace/"):
            _, _, value, path = path.split(b"/", 3)
            pace_ms = float(value)
            path = b"/" + path
        stats = self.stats
        if path == b"/_stats":
            transport.write(_response(b"200 OK", b"application/json", stats.as_json()))
            return
        if not self._counted:
            self._counted = True
            stats.connections += 1
        stats.requests += 1
        key = path.decode("latin-1")
        stats.by_path[key] = stats.by_path.get(key, 0) + 1
        if method == b"POST" and path.endswith(b"/chat/completions"):
            if b'"stream"' in body:
                request = json.loads(body)
                if request.get("stream"):
                    chunks = int(request.get("max_tokens") or DEFAULT_CHUNKS)
                    if pace_ms > 0:
                        self._paced_stream(chunks, pace_ms / 1000)
                    else:
                        self._stream(chunks)
                    return
            self._send_cached("chat", b"200 OK", b"application/json", chat_body)
        elif path.endswith(b"/models"):
            self._send_cached("models", b"200 OK", b"application/json", models_body)
        elif path.endswith(b"/tcp_warming"):
            self._send_cached("warm", b"200 OK", b"text/plain", lambda: b"")
        else:
            self._send_cached("404", b"404 Not Found", b"application/json", lambda: b'{"message":"not found"}')

    def _send_cached(self, key: str, status: bytes, content_type: bytes, make: object) -> None:
        response = self._cache.get(key)
        if response is None:
            response = self._cache[key] = _response(status, content_type, make())  # type: ignore[operator]
        assert self._transport is not None
        self._transport.write(response)

    def _stream(self, chunks: int) -> None:
        parts = self._streams.get(chunks)
        if parts is None:
            parts = self._streams[chunks] = stream_body(chunks)
        first, rest = parts
        transport = self._transport
        assert transport is not None
        self.stats.chunks += chunks
        # The head and the first event go out at once (time to first chunk); the rest is queued
        # in one write, which the event loop flushes as fast as the client reads.
        transport.write(_STREAM_HEAD + first)
        transport.write(rest)

    def _paced_stream(self, chunks: int, pace_s: float) -> None:
        events = self._paced.get(chunks)
        if events is None:
            events = self._paced[chunks] = stream_events(chunks)
        transport = self._transport
        assert transport is not None
        self.stats.chunks += chunks
        transport.write(_STREAM_HEAD + events[0])
        loop = asyncio.get_running_loop()
        start = loop.time()
        # Each event at its own time on the clock (not `pace_s` after the previous one was sent),
        # so a busy moment delays an event without pushing every later one back.
        self._send_later(loop, events, 1, start, pace_s)

    def _send_later(
        self, loop: asyncio.AbstractEventLoop, events: List[bytes], index: int, start: float, pace_s: float
    ) -> None:
        if index >= len(events):
            return
        loop.call_at(start + index * pace_s, self._send_event, loop, events, index, start, pace_s)

    def _send_event(
        self, loop: asyncio.AbstractEventLoop, events: List[bytes], index: int, start: float, pace_s: float
    ) -> None:
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        transport.write(events[index])
        self._send_later(loop, events, index + 1, start, pace_s)

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self._transport = None


async def _serve(host: str, port: int, prebuild: List[int]) -> None:
    for chunks in prebuild:
        BenchServer._streams[chunks] = stream_body(chunks)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(BenchServer, host, port, backlog=1024, reuse_address=True)
    bound = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"PORT {bound}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


def main(argv: Optional[List[str]] = None) -> None:
    """Serve on 127.0.0.1 until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--prebuild",
        default=f"{DEFAULT_CHUNKS},10000",
        help="stream lengths to build before listening (comma-separated)",
    )
    args = parser.parse_args(argv)
    prebuild = [int(n) for n in args.prebuild.split(",") if n]
    try:
        asyncio.run(_serve(args.host, args.port, prebuild))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
