"""A TLS HTTP/2 server on 127.0.0.1 for the hostile tests: the `h2` state machine behind a
throwaway certificate authority (`trustme`), one thread per connection.

`with H2Server(script) as server:` ... `server.url`, `server.client_context()` (an SSL context
that trusts the server, for `DefaultHttpxClient(verify=...)`). `script(request)` answers each
request: it gets an `H2Request` and returns `(status, headers, body)`.
"""

from __future__ import annotations

import json
import select
import socket
import ssl
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ["H2Request", "H2Server", "echo_key"]

_POLL_S = 0.05


@dataclass
class H2Request:
    """A request as the server received it (header names in lower case)."""

    headers: Dict[str, str]
    body: bytearray = field(default_factory=bytearray)


Answer = Tuple[int, Dict[str, str], bytes]
H2Script = Callable[[H2Request], Answer]


def echo_key(request: H2Request) -> Answer:
    """A 401 (or, for a stream, an error inside the stream) quoting the caller's key in its
    headers and body, as a hostile or careless server might."""
    key = request.headers.get("authorization", "").replace("Bearer ", "", 1)
    headers = {"x-request-id": f"req-{key}", "www-authenticate": f'Bearer realm="{key}"'}
    error = json.dumps({"error": {"message": f"bad key {key}", "code": "wrong_api_key"}, "status_code": 401})
    if json.loads(bytes(request.body) or b"{}").get("stream"):
        chunk = json.dumps(
            {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "m",
                "choices": [{"index": 0, "delta": {"content": "hi"}}],
            }
        )
        data = f"data: {chunk}\n\ndata: {error}\n\n".encode()
        return 200, {**headers, "content-type": "text/event-stream"}, data
    return 401, {**headers, "content-type": "application/json"}, error.encode()


class H2Server:
    """Serves HTTP/2 over TLS (ALPN `h2` only) until stopped; see the module docstring."""

    def __init__(self, script: H2Script = echo_key) -> None:
        import trustme

        self.script = script
        self.requests: List[H2Request] = []
        self.stopping = False
        self._ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        context.set_alpn_protocols(["h2"])
        self._context = context
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(_POLL_S)
        self._threads: List[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, name="h2-server", daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._listener.getsockname()[1]}"

    def client_context(self) -> ssl.SSLContext:
        """An SSL context that trusts this server's certificate."""
        context = ssl.create_default_context()
        self._ca.configure_trust(context)
        return context

    def __enter__(self) -> H2Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopping = True
        self._acceptor.join(5)
        self._listener.close()
        for thread in list(self._threads):
            thread.join(5)

    def _accept_loop(self) -> None:
        while not self.stopping:
            try:
                sock, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            sock.settimeout(5.0)
            tls = self._context.wrap_socket(sock, server_side=True)
        except (OSError, ssl.SSLError):
            sock.close()
            return
        try:
            self._converse(tls)
        except (OSError, ssl.SSLError):
            pass
        finally:
            tls.close()

    def _converse(self, tls: ssl.SSLSocket) -> None:
        import h2.config
        import h2.connection
        import h2.events

        connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        connection.initiate_connection()
        tls.sendall(connection.data_to_send())
        pending: Dict[int, H2Request] = {}
        while not self.stopping:
            if not tls.pending():
                readable, _, _ = select.select([tls], [], [], _POLL_S)
                if not readable:
                    continue
            data = tls.recv(65536)
            if not data:
                return
            for event in connection.receive_data(data):
                if isinstance(event, h2.events.RequestReceived):
                    headers: Any = event.headers or []
                    pending[event.stream_id] = H2Request({str(k).lower(): str(v) for k, v in headers})
                elif isinstance(event, h2.events.DataReceived):
                    pending[event.stream_id].body += event.data or b""
                    connection.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    self._answer(connection, event.stream_id, pending.pop(event.stream_id))
                elif isinstance(event, h2.events.ConnectionTerminated):
                    tls.sendall(connection.data_to_send())
                    return
            tls.sendall(connection.data_to_send())

    def _answer(self, connection: Any, stream_id: Optional[int], request: H2Request) -> None:
        self.requests.append(request)
        status, headers, body = self.script(request)
        head = [(":status", str(status)), ("content-length", str(len(body))), *headers.items()]
        connection.send_headers(stream_id, head)
        connection.send_data(stream_id, body, end_stream=True)
