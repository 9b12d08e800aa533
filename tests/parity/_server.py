"""Routes per path for the shared socket server (`_support.sockets`), which counts TCP connections.

The parity tests talk to it through the real network stack (sockets, keep-alive, chunked
SSE), which is what TCP warming, connection reuse and the aiohttp backend are about.
Every handler wait is bounded, and the server closes every socket it accepted on teardown.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from _support.sockets import Exchange, FaultServer, Recorded
from _support.sockets import refused_url as refused_url_of_shared_server
from cerebras.cloud.sdk import AsyncCerebras

__all__ = ["API_KEY", "LocalServer", "Recorded", "Reply", "chat_completion", "refused_url", "sse", "warm_task"]

API_KEY = "sk-parity-5a0b1c2d3e4f5a6b7c8d9e0f"
"""A recognisable key: tests assert it never leaks into logs, reprs or error messages."""


@dataclass
class Reply:
    """One scripted answer: status, headers, and a body sent whole or as chunks (SSE)."""

    status: int = 200
    body: Union[bytes, str, object] = b""
    headers: Dict[str, str] = field(default_factory=dict)
    chunks: Optional[List[bytes]] = None
    delay_s: float = 0.0
    gate: Optional[threading.Event] = None
    """When set, the answer waits (at most 5 s) until the test sets the event."""


def chat_completion(content: Optional[str] = "Hello!", **extra: object) -> Dict[str, object]:
    """A valid non-streaming chat completion body."""
    message: Dict[str, object] = {"role": "assistant", "content": content}
    message.update(extra)
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "llama3.1-8b",
        "system_fingerprint": "fp_1",
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


def sse(*pieces: str) -> List[bytes]:
    """Chat chunks for `pieces` followed by `[DONE]`, one SSE event per network chunk."""
    events: List[bytes] = []
    for index, piece in enumerate(pieces):
        chunk = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": "llama3.1-8b",
            "system_fingerprint": "fp_1",
            "choices": [{"index": 0, "delta": {"content": piece, **({"role": "assistant"} if index == 0 else {})}}],
        }
        events.append(f"data: {json.dumps(chunk)}\n\n".encode())
    events.append(b"data: [DONE]\n\n")
    return events


Route = Callable[["Recorded"], Reply]


class LocalServer:
    """Scripted replies per path (a queue, then the path's default) on the shared socket server,
    which records the requests and counts accepted TCP connections."""

    def __init__(self) -> None:
        self._queues: Dict[str, List[Reply]] = {}
        self._defaults: Dict[str, Union[Reply, Route]] = {}
        self._lock = threading.Lock()
        self._gates: List[threading.Event] = []
        self._server = FaultServer(self._answer)

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def requests(self) -> List[Recorded]:
        return self._server.requests

    @property
    def connections(self) -> int:
        return self._server.accepted

    def reply(self, path: str, *replies: Reply) -> None:
        """Queue `replies` for `path`, consumed one per request."""
        with self._lock:
            self._queues.setdefault(path, []).extend(replies)

    def default(self, path: str, reply: Union[Reply, Route]) -> None:
        """The reply (or a function of the request) once the queue for `path` is empty."""
        with self._lock:
            self._defaults[path] = reply

    def paths(self) -> List[str]:
        return [request.path for request in self.requests]

    def wait_for(self, count: int, timeout_s: float = 5.0) -> None:
        """Block until at least `count` requests arrived."""
        deadline = time.monotonic() + timeout_s
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} requests, got {self.paths()}")
            time.sleep(0.005)

    def _next_reply(self, recorded: Recorded) -> Reply:
        path = recorded.path.split("?", 1)[0]
        with self._lock:
            queue = self._queues.get(path)
            if queue:
                return queue.pop(0)
            fallback = self._defaults.get(path)
        if fallback is None:
            return Reply(404, {"error": {"message": f"no route for {path}"}})
        return fallback(recorded) if callable(fallback) else fallback

    def _answer(self, exchange: Exchange) -> None:
        reply = self._next_reply(exchange.request)
        if reply.gate is not None:
            with self._lock:
                self._gates.append(reply.gate)
            reply.gate.wait(5)
        if reply.delay_s:
            time.sleep(reply.delay_s)
        headers = dict(reply.headers)
        if reply.chunks is not None:
            headers.setdefault("Content-Type", "text/event-stream")
            headers["Transfer-Encoding"] = "chunked"
            exchange.head(reply.status, headers)
            for chunk in reply.chunks:
                exchange.chunk(chunk)
            exchange.chunk(b"")
            return
        raw = reply.body
        if isinstance(raw, str):
            raw = raw.encode()
        elif not isinstance(raw, bytes):
            raw = json.dumps(raw).encode()
            headers.setdefault("Content-Type", "application/json")
        headers["Content-Length"] = str(len(raw))
        exchange.head(reply.status, headers)
        exchange.send(raw)

    def close(self) -> None:
        with self._lock:
            gates, self._gates = self._gates, []
        for gate in gates:
            gate.set()
        self._server.stop()


def refused_url() -> Tuple[str, int]:
    """A 127.0.0.1 URL on which nothing listens (connections are refused), and its port."""
    url = refused_url_of_shared_server()
    return url, int(url.rsplit(":", 1)[1])


def warm_task(client: AsyncCerebras) -> Any:
    """An async client's warm-up task, read afresh: an `asyncio.Task`, under trio a `trio.Event`
    (the client types it `object`), or `None` before it starts."""
    return client._warm_task
