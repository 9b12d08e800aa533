"""A real HTTP/1.1 server on 127.0.0.1 that streams server-sent events, for end-to-end tests.

Each request picks its behaviour with an `X-Scenario` header, `"<name> <count>"`:

| scenario | the server sends |
|---|---|
| `chunks N` (default 3) | N chat chunks, a final chunk with `usage`/`time_info`, `[DONE]`; keeps the connection |
| `stall N` | N chunks, then nothing until the test ends |
| `drop N` | N chunks, then closes the connection without ending the chunked body |
| `reset N` | N chunks, then resets the connection (RST) |
| `cut N` | a `Connection: close` body of N events and half an event, then closes |
| `bad_json N` | N chunks, then an event whose data is not JSON |
| `hold N` | N chunks and `[DONE]`, then holds the body open until the test ends |

Every event travels as its own HTTP chunk; the whole body is written at once, so TCP splits it
wherever it likes. `server.connections` counts accepted connections, `server.requests` records
what was asked.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from dataclasses import dataclass
from typing import Dict, Iterator, List

import pytest

__all__ = ["Recorded", "SSEServer", "chunk_json", "final_json", "sse_server"]

_STREAM_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
_TERMINATOR = b"0\r\n\r\n"


def chunk_json(index: int) -> bytes:
    """The `index`-th chat chunk; its content is `"<index> "`."""
    return json.dumps(
        {
            "id": "chatcmpl-e2e",
            "object": "chat.completion.chunk",
            "created": 1735689601,
            "model": "llama3.1-8b",
            "system_fingerprint": "fp_e2e",
            "choices": [{"index": 0, "delta": {"content": f"{index} "}}],
        },
        separators=(",", ":"),
    ).encode()


def final_json(count: int) -> bytes:
    """The last chunk of a stream of `count` chunks: no content, `usage` and `time_info`."""
    return json.dumps(
        {
            "id": "chatcmpl-e2e",
            "object": "chat.completion.chunk",
            "created": 1735689601,
            "model": "llama3.1-8b",
            "system_fingerprint": "fp_e2e",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 7, "completion_tokens": count, "total_tokens": count + 7},
            "time_info": {"total_time": 0.25, "completion_time": 0.2},
        },
        separators=(",", ":"),
    ).encode()


def _http_chunk(payload: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(payload), payload)


def _event(data: bytes) -> bytes:
    return _http_chunk(b"data: " + data + b"\n\n")


def _events(count: int) -> bytes:
    return b"".join(_event(chunk_json(i)) for i in range(count))


@dataclass
class Recorded:
    """One request the server received."""

    request_line: str
    headers: Dict[str, str]
    body: bytes


class SSEServer:
    """A threaded, keep-alive HTTP/1.1 server on an ephemeral 127.0.0.1 port."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.connections = 0
        self.requests: List[Recorded] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._sockets: List[socket.socket] = []
        self._threads: List[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.release.set()
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        self._acceptor.join(5)
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for conn in sockets:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in threads:
            thread.join(5)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self._lock:
                self.connections += 1
                self._sockets.append(conn)
                self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while not self.release.is_set():
                request_line = reader.readline()
                if not request_line:
                    return
                headers: Dict[str, str] = {}
                while True:
                    line = reader.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = reader.read(int(headers.get("content-length") or 0))
                with self._lock:
                    self.requests.append(Recorded(request_line.decode("latin-1").strip(), headers, body))
                if not self._respond(conn, headers.get("x-scenario", "chunks 3")):
                    return
        except OSError:
            return
        finally:
            reader.close()
            conn.close()

    def _respond(self, conn: socket.socket, scenario: str) -> bool:
        """Send one response; returns whether the connection stays open for another request."""
        name, _, arg = scenario.partition(" ")
        count = int(arg or 3)
        if name == "chunks":
            conn.sendall(_STREAM_HEAD + _events(count) + _event(final_json(count)) + _event(b"[DONE]") + _TERMINATOR)
            return True
        if name == "stall":
            conn.sendall(_STREAM_HEAD + _events(count))
            self.release.wait(10)
            return False
        if name == "drop":
            conn.sendall(_STREAM_HEAD + _events(count))
            conn.shutdown(socket.SHUT_WR)
            return False
        if name == "reset":
            conn.sendall(_STREAM_HEAD + _events(count))
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if name == "cut":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
            events = b"".join(b"data: " + chunk_json(i) + b"\n\n" for i in range(count))
            conn.sendall(head + events + b"data: " + chunk_json(count)[:20])
            return False
        if name == "bad_json":
            conn.sendall(_STREAM_HEAD + _events(count) + _event(b"{not json") + _event(b"[DONE]") + _TERMINATOR)
            return True
        if name == "hold":
            conn.sendall(_STREAM_HEAD + _events(count) + _event(b"[DONE]"))
            self.release.wait(10)
            return False
        raise AssertionError(f"unknown scenario {scenario!r}")


@pytest.fixture
def sse_server() -> Iterator[SSEServer]:
    server = SSEServer()
    yield server
    server.close()
