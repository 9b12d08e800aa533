"""The one socket server of the suite: raw HTTP/1.1 on 127.0.0.1, answering each request with a script.

Well-behaved scripts (the parity tests' routes, the end-to-end SSE scenarios) and hostile ones
(the reliability matrix) run on the same server.

Each request the server parses is handed to the scenario's script as an `Exchange`; the script
writes whatever bytes it likes (a valid answer, half a body, garbage), pauses, stalls, or ends
the connection with a FIN (`close`) or a RST (`reset`). The server records every request, counts
the connections it accepted and those still open, and never blocks longer than its bounds:
every stall ends when the client hangs up or the server stops.

Threads, not an event loop: the same server serves the sync client, asyncio, trio and aiohttp
without caring which loop the client runs on.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Callable, Dict, List, Optional, Tuple

__all__ = ["Exchange", "FaultServer", "Recorded", "Script", "refused_url"]

_MAX_HEAD = 64 * 1024
_POLL_S = 0.05


@dataclass
class Recorded:
    """A request as the server parsed it."""

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    connection: int
    """Sequence number of the TCP connection it came on (1 for the first accepted one)."""
    peer: Tuple[str, int] = ("", 0)
    answered: threading.Event = field(default_factory=threading.Event)
    """Set once the script has returned (the answer, if any, was written)."""


class _Hangup(Exception):
    """The client closed the connection, or the server is stopping."""


class Exchange:
    """One request and the raw socket to answer it on."""

    def __init__(self, server: FaultServer, sock: socket.socket, attempt: int, request: Recorded) -> None:
        self.server = server
        self.attempt = attempt
        """0 for the first request this server received, 1 for the second, ..."""
        self.request = request
        self._sock = sock
        self.ended = False
        """Set once the script closed or reset the connection."""

    # -------------------------------------------------------------- writing

    def send(self, data: bytes) -> None:
        """Write raw bytes (the client may have gone: that is not the script's problem)."""
        try:
            self._sock.sendall(data)
        except OSError:
            self.ended = True

    def head(self, status: int, headers: Optional[Dict[str, str]] = None, *, reason: str = "") -> None:
        """The status line and headers (no body)."""
        lines = [f"HTTP/1.1 {status} {reason or _reason(status)}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def respond(
        self, status: int, body: bytes = b"", headers: Optional[Dict[str, str]] = None, *, content_type: str = ""
    ) -> None:
        """A complete answer framed by `content-length`."""
        all_headers = {"content-type": content_type or "application/json", "content-length": str(len(body))}
        all_headers.update(headers or {})
        self.head(status, all_headers)
        self.send(body)

    def chunk(self, data: bytes) -> None:
        """One chunk of a `transfer-encoding: chunked` body (`b""` is the terminating chunk)."""
        self.send(b"%x\r\n%s\r\n" % (len(data), data))

    def pause(self, seconds: float = 0.02) -> None:
        """Wait a little, so the next write reaches the client as a separate packet."""
        time.sleep(seconds)

    def stall(self, seconds: float) -> None:
        """Send nothing for up to `seconds`; returns early when the client hangs up."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.server.stopping:
            try:
                readable, _, _ = select.select([self._sock], [], [], _POLL_S)
                if readable and not self._sock.recv(1, socket.MSG_PEEK):
                    self.ended = True
                    return
            except (OSError, ValueError):
                self.ended = True
                return

    # -------------------------------------------------------------- ending

    def close(self) -> None:
        """End the connection with a FIN."""
        self.ended = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def reset(self) -> None:
        """End the connection with a RST (SO_LINGER 0), as a crashed peer or a middlebox does."""
        self.ended = True
        try:
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self._sock.close()
        except OSError:
            pass


Script = Callable[[Exchange], None]
"""Answers one request. Returning without `close`/`reset` keeps the connection alive."""


class FaultServer:
    """`with FaultServer(script) as server:` ... `server.url`, `server.requests`, `server.open_connections`."""

    def __init__(self, script: Script, *, record: bool = True) -> None:
        self.script = script
        self.record = record
        """`False`: count requests without keeping them (long runs stay flat in memory)."""
        self.requests: List[Recorded] = []
        self.count = 0
        """Requests parsed so far."""
        self.accepted = 0
        self.stopping = False
        self.context: Dict[str, str] = {}
        """Free-form values for scripts (e.g. the URL of a second server to redirect to)."""
        self._open: Dict[int, socket.socket] = {}
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=1024)
        self._listener.settimeout(_POLL_S)
        self._threads: List[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, name="fault-server", daemon=True)
        self._acceptor.start()

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def open_connections(self) -> int:
        """Connections accepted and not yet closed (by either side)."""
        with self._lock:
            return len(self._open)

    def wait_closed(self, timeout_s: float = 2.0) -> int:
        """Wait until every accepted connection is closed; returns how many are still open."""
        deadline = time.monotonic() + timeout_s
        while self.open_connections and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.open_connections

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop accepting, end every connection, and join the threads."""
        self.stopping = True
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked `accept`
        except OSError:
            pass
        self._acceptor.join(5)
        self._listener.close()
        with self._lock:
            sockets = list(self._open.values())
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in list(self._threads):
            thread.join(5)

    # -------------------------------------------------------------- serving

    def _accept_loop(self) -> None:
        while not self.stopping:
            try:
                sock, peer = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self.accepted += 1
                number = self.accepted
                self._open[number] = sock
            thread = threading.Thread(target=self._serve, args=(sock, number, peer), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, number: int, peer: Tuple[str, int]) -> None:
        buffer = b""
        try:
            while not self.stopping:
                try:
                    request, buffer = self._read_request(sock, buffer, number, peer)
                except _Hangup:
                    return
                with self._lock:
                    attempt = self.count
                    self.count += 1
                    if self.record:
                        self.requests.append(request)
                exchange = Exchange(self, sock, attempt, request)
                try:
                    self.script(exchange)
                finally:
                    request.answered.set()
                if exchange.ended:
                    return
        finally:
            with self._lock:
                self._open.pop(number, None)
            try:
                sock.close()
            except OSError:
                pass

    def _recv(self, sock: socket.socket) -> bytes:
        while not self.stopping:
            try:
                readable, _, _ = select.select([sock], [], [], _POLL_S)
            except (OSError, ValueError):
                raise _Hangup() from None
            if readable:
                try:
                    data = sock.recv(65536)
                except OSError:
                    raise _Hangup() from None
                if not data:
                    raise _Hangup()
                return data
        raise _Hangup()

    def _read_request(
        self, sock: socket.socket, buffer: bytes, number: int, peer: Tuple[str, int]
    ) -> Tuple[Recorded, bytes]:
        while b"\r\n\r\n" not in buffer:
            if len(buffer) > _MAX_HEAD:
                raise _Hangup()
            buffer += self._recv(sock)
        head, _, buffer = buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers: Dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        while len(buffer) < length:
            buffer += self._recv(sock)
        body, buffer = buffer[:length], buffer[length:]
        return Recorded(method, target, headers, body, number, peer), buffer


_REASONS = {
    200: "OK",
    307: "Temporary Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def _reason(status: int) -> str:
    if status in _REASONS:
        return _REASONS[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"


def refused_url() -> str:
    """A 127.0.0.1 URL on which nothing listens, so connecting is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"
