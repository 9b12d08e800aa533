"""The benchmark server over TLS, speaking HTTP/2 or HTTP/1.1 as the client's ALPN asks.

    python benchmarks/tls_server.py --cafile CA.pem [--port 0]

Makes a throwaway certificate authority and a certificate for 127.0.0.1 and localhost with
`trustme`, writes the authority to `--cafile` (clients trust it through `SSL_CERT_FILE` or
their `verify=`), and serves what `server.py` serves, paced streams included. An HTTP/1.1
connection is handled by `server.BenchServer` itself; an HTTP/2 connection by `H2Server`
below (the `h2` state machine, which httpx's HTTP/2 support installs), which announces at most
100 concurrent streams per connection, as public HTTP/2 front ends commonly do. Prints
`PORT <n>` once listening; `GET /_stats` (over HTTP/1.1) as in `server.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import DEFAULT_CHUNKS, BenchServer, chat_body, stream_events

__all__ = ["H2Server", "main"]

MAX_CONCURRENT_STREAMS = 100
_SSE_HEADERS = [
    (b":status", b"200"),
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"x-request-id", b"req-0123456789abcdef"),
    (b"x-ratelimit-limit-requests-day", b"14400"),
    (b"x-ratelimit-remaining-requests-day", b"14399"),
]
_JSON_HEADERS = [(b":status", b"200"), (b"content-type", b"application/json"), (b"x-request-id", b"req-0123")]


def _events(chunks: int) -> List[bytes]:
    # The SSE events of a stream, without HTTP/1.1 chunked framing (HTTP/2 frames them itself).
    out = []
    for piece in stream_events(chunks):
        at = 0
        while at < len(piece):
            size_end = piece.index(b"\r\n", at)
            size = int(piece[at:size_end], 16)
            if size == 0:
                break
            out.append(piece[size_end + 2 : size_end + 2 + size])
            at = size_end + 2 + size + 2
    return out


class H2Server(asyncio.Protocol):
    """One HTTP/2 connection: answers chat requests, streams paced SSE events."""

    _events: Dict[int, List[bytes]] = {}  # noqa: RUF012

    def __init__(self) -> None:
        import h2.config
        import h2.connection
        import h2.settings

        config = h2.config.H2Configuration(client_side=False, header_encoding=None)
        self.conn = h2.connection.H2Connection(config=config)
        self.conn.local_settings = h2.settings.Settings(
            client=False,
            initial_values={h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: MAX_CONCURRENT_STREAMS},
        )
        self.transport: Optional[asyncio.Transport] = None
        self.bodies: Dict[int, bytearray] = {}
        self.paths: Dict[int, bytes] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        BenchServer.stats.connections += 1
        self.conn.initiate_connection()
        self.conn.increment_flow_control_window(1 << 24)
        self._flush()

    def _flush(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(self.conn.data_to_send())

    def data_received(self, data: bytes) -> None:
        import h2.events

        try:
            events = self.conn.receive_data(data)
        except Exception:
            if self.transport is not None:
                self.transport.close()
            return
        for event in events:
            if isinstance(event, h2.events.RequestReceived):
                headers = dict(event.headers)
                self.paths[event.stream_id] = headers.get(b":path", b"/")
                self.bodies[event.stream_id] = bytearray()
            elif isinstance(event, h2.events.DataReceived):
                self.bodies.setdefault(event.stream_id, bytearray()).extend(event.data)
                self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                self._answer(event.stream_id)
            elif isinstance(event, h2.events.StreamReset):
                self.bodies.pop(event.stream_id, None)
        self._flush()

    def _answer(self, stream_id: int) -> None:
        path = self.paths.pop(stream_id, b"/").split(b"?", 1)[0]
        body = bytes(self.bodies.pop(stream_id, b""))
        pace_s = 0.0
        if path.startswith(b"/pace/"):
            _, _, value, rest = path.split(b"/", 3)
            pace_s = float(value) / 1000
            path = b"/" + rest
        BenchServer.stats.requests += 1
        request: Dict[str, Any] = json.loads(body) if body else {}
        if path.endswith(b"/chat/completions") and request.get("stream"):
            chunks = int(request.get("max_tokens") or DEFAULT_CHUNKS)
            events = self._events.get(chunks)
            if events is None:
                events = self._events[chunks] = _events(chunks)
            BenchServer.stats.chunks += chunks
            self.conn.send_headers(stream_id, _SSE_HEADERS)
            self.conn.send_data(stream_id, events[0])
            loop = asyncio.get_running_loop()
            self._later(loop, stream_id, events, 1, loop.time(), pace_s)
        else:
            payload = chat_body() if path.endswith(b"/chat/completions") else b"{}"
            self.conn.send_headers(stream_id, [*_JSON_HEADERS, (b"content-length", str(len(payload)).encode())])
            self.conn.send_data(stream_id, payload, end_stream=True)

    def _later(
        self,
        loop: asyncio.AbstractEventLoop,
        stream_id: int,
        events: List[bytes],
        index: int,
        start: float,
        pace_s: float,
    ) -> None:
        if pace_s <= 0:
            for event in events[index:]:
                self.conn.send_data(stream_id, event)
            self.conn.end_stream(stream_id)
            return
        loop.call_at(start + index * pace_s, self._send, loop, stream_id, events, index, start, pace_s)

    def _send(
        self,
        loop: asyncio.AbstractEventLoop,
        stream_id: int,
        events: List[bytes],
        index: int,
        start: float,
        pace_s: float,
    ) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        try:
            last = index == len(events) - 1
            self.conn.send_data(stream_id, events[index], end_stream=last)
        except Exception:
            return  # the client reset the stream
        self._flush()
        if not last:
            self._later(loop, stream_id, events, index + 1, start, pace_s)

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self.transport = None


class _Dispatch(asyncio.Protocol):
    """Picks HTTP/2 or HTTP/1.1 once the TLS handshake told which one the client chose."""

    def __init__(self) -> None:
        self.inner: Optional[asyncio.Protocol] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        ssl_object = transport.get_extra_info("ssl_object")
        protocol = ssl_object.selected_alpn_protocol() if ssl_object is not None else None
        self.inner = H2Server() if protocol == "h2" else BenchServer()
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        assert self.inner is not None
        self.inner.data_received(data)

    def connection_lost(self, exc: Optional[Exception]) -> None:
        if self.inner is not None:
            self.inner.connection_lost(exc)


def _context(cafile: Path) -> ssl.SSLContext:
    import trustme

    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(cafile))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    context.set_alpn_protocols(["h2", "http/1.1"])
    return context


async def _serve(port: int, cafile: Path) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Dispatch, "127.0.0.1", port, ssl=_context(cafile), backlog=2048)
    sys.stdout.write(f"PORT {server.sockets[0].getsockname()[1]}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


def main(argv: Optional[List[str]] = None) -> None:
    """Serve on 127.0.0.1 until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cafile", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args.port, args.cafile))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
