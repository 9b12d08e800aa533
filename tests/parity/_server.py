"""A real HTTP/1.1 server on 127.0.0.1, scripted per path, that counts TCP connections.

The parity tests talk to it through the real network stack (sockets, keep-alive, chunked
SSE), which is what TCP warming, connection reuse and the aiohttp backend are about.
Every handler wait is bounded, and the server closes every socket it accepted on teardown.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional, Tuple, Union

__all__ = ["API_KEY", "LocalServer", "Recorded", "Reply", "chat_completion", "refused_url", "sse"]

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


@dataclass
class Recorded:
    """A request as the server saw it."""

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    connection: int
    """Sequence number of the TCP connection it came on (1 for the first accepted one)."""
    answered: threading.Event = field(default_factory=threading.Event)


def chat_completion(content: str = "Hello!", **extra: object) -> Dict[str, object]:
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
    """Scripted replies per path (a queue, then the path's default), recorded requests,
    and a count of accepted TCP connections."""

    def __init__(self) -> None:
        self.requests: List[Recorded] = []
        self.connections = 0
        self._queues: Dict[str, List[Reply]] = {}
        self._defaults: Dict[str, Union[Reply, Route]] = {}
        self._lock = threading.Lock()
        self._sockets: List[socket.socket] = []
        self._gates: List[threading.Event] = []
        self._httpd = self._make_httpd()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

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

    def _make_httpd(self) -> ThreadingHTTPServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10

            def setup(self) -> None:
                super().setup()
                with server._lock:
                    server.connections += 1
                    self.connection_number = server.connections
                    server._sockets.append(self.connection)

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorded = Recorded(self.command, self.path, dict(self.headers.items()), body, self.connection_number)
                with server._lock:
                    server.requests.append(recorded)
                reply = server._next_reply(recorded)
                if reply.gate is not None:
                    with server._lock:
                        server._gates.append(reply.gate)
                    reply.gate.wait(5)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                try:
                    self._send(reply)
                except OSError:
                    self.close_connection = True
                recorded.answered.set()

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                headers = dict(reply.headers)
                if reply.chunks is not None:
                    headers.setdefault("Content-Type", "text/event-stream")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for chunk in reply.chunks:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                    return
                raw = reply.body
                if isinstance(raw, str):
                    raw = raw.encode()
                elif not isinstance(raw, bytes):
                    raw = json.dumps(raw).encode()
                    headers.setdefault("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128  # bursts of clients connect at once
            block_on_close = False  # keep-alive handler threads end when their sockets are closed

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hung up (a timed-out warm-up, a closed pool) is expected here

        return Server(("127.0.0.1", 0), Handler)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
            gates, self._gates = self._gates, []
        for gate in gates:
            gate.set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


def refused_url() -> Tuple[str, int]:
    """A 127.0.0.1 URL on which nothing listens (connections are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}", port
