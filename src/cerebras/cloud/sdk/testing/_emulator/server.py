"""The emulator's only I/O: an HTTP/1.1 server on asyncio streams, with h11 doing the protocol.

Each connection reads one request at a time (keep-alive, no pipelining), hands it to
`Emulator.handle`, and writes the `Reply`. Streams are written in batches: every event that
is due goes out in one chunk of the chunked body, and the connection sleeps until the next one
is due, at most every `_TICK_S` while pacing, so a few hundred paced streams cost a few
thousand wake-ups per second, not one per token. Without pacing a whole stream is one write.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
from http import HTTPStatus
from typing import Any, Optional, Set, Union

import h11

from .app import Emulator, Reply, Request
from .errors import ApiError, error_body

__all__ = ["EmulatorServer"]

_TICK_S = 0.02
"""While pacing, the shortest sleep between two writes of one stream (a 50 Hz refresh)."""
_HIGH_WATER = 256 * 1024
_READ_SIZE = 65_536
_UPLOAD_OVERHEAD = 1024 * 1024
"""Room for the multipart framing and form fields around an uploaded file."""
_WRITE_CHUNK = 1024 * 1024


async def _sleep(seconds: float) -> None:
    await asyncio.sleep(seconds)  # noqa: TID251 - the emulator runs on its own asyncio loop, never on trio


def _reason(status: int) -> bytes:
    try:
        return HTTPStatus(status).phrase.encode()
    except ValueError:
        return b""


class EmulatorServer:
    """Serves an `Emulator` on `host:port` (port 0 picks a free port; see `port` once started)."""

    def __init__(self, emulator: Emulator, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.emulator = emulator
        self.host = host
        self.port = port
        self._server: Optional[asyncio.AbstractServer] = None
        self._tasks: Set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        """Bind and start accepting connections."""
        self._server = await asyncio.start_server(self._connection, self.host, self.port, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        """Stop accepting, cut every open connection (stalled ones included) and wait for them."""
        if self._server is not None:
            self._server.close()
        # A few rounds: a connection accepted just before `close()` starts its task only on the
        # next loop turn, and a closed transport finishes closing (`connection_lost`) one turn
        # after that; stopping the loop earlier would leave sockets open.
        for _ in range(3):
            await _sleep(0)
            tasks = list(self._tasks)
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
        await _sleep(0)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        conn = h11.Connection(h11.SERVER)
        keep = True
        try:
            while keep:
                request = await self._read(conn, reader)
                if request is None:
                    break
                reply = request if isinstance(request, Reply) else self.emulator.handle(request)
                keep = await self._write(conn, reader, writer, reply) and conn.our_state is h11.DONE
                if keep:
                    conn.start_next_cycle()
        except (ConnectionError, h11.ProtocolError, asyncio.CancelledError):
            keep = False
        finally:
            if task is not None:
                self._tasks.discard(task)
            if keep:
                writer.close()
            else:
                writer.transport.abort()

    async def _read(self, conn: h11.Connection, reader: asyncio.StreamReader) -> Union[Request, Reply, None]:
        """The next request, a ready-made error reply (bad or too large request), or `None` at EOF."""
        head: Optional[h11.Request] = None
        chunks: list[bytes] = []
        size = 0
        limit = self.emulator.config.max_body_bytes
        while True:
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError:
                if conn.their_state is h11.IDLE and head is None and conn.our_state is h11.IDLE:
                    return None
                error = ApiError(400, "Malformed HTTP request.", code="bad_request")
                return Reply(
                    400, [(b"content-type", b"application/json"), (b"connection", b"close")], error_body(error)
                )
            if event is h11.NEED_DATA:
                conn.receive_data(await reader.read(_READ_SIZE))
            elif isinstance(event, h11.Request):
                head = event
                if head.target.startswith(b"/v1/files"):  # uploads are allowed the Files API's size
                    limit = max(limit, self.emulator.config.max_file_bytes + _UPLOAD_OVERHEAD)
            elif isinstance(event, h11.Data):
                size += len(event.data)
                if size > limit:
                    error = ApiError(413, f"Request body larger than {limit} bytes.", code="request_too_large")
                    return Reply(
                        413, [(b"content-type", b"application/json"), (b"connection", b"close")], error_body(error)
                    )
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage) and head is not None:
                headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in head.headers}
                return Request(head.method.decode("ascii"), head.target.decode("latin-1"), headers, b"".join(chunks))
            else:  # ConnectionClosed, PAUSED
                return None

    async def _write(
        self, conn: h11.Connection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, reply: Reply
    ) -> bool:
        """Send `reply`; whether the connection can carry another request."""
        if reply.latency_s > 0:
            await _sleep(reply.latency_s)
        if reply.drop_after == 0:
            return False
        if reply.stall_after == 0:
            await self._stall(reader, reply.stall_for_s)
            return False
        events = reply.events
        if events is None:
            headers = [*reply.headers, (b"content-length", str(len(reply.body)).encode())]
            data = conn.send(h11.Response(status_code=reply.status, headers=headers, reason=_reason(reply.status)))
            body = memoryview(reply.body)
            if len(body) > _WRITE_CHUNK:  # a large file: written in slices, never copied whole
                writer.write(data or b"")
                for start in range(0, len(body), _WRITE_CHUNK):
                    writer.write(conn.send(h11.Data(data=bytes(body[start : start + _WRITE_CHUNK]))) or b"")
                    await writer.drain()
                data = b""
            elif reply.body:
                data += conn.send(h11.Data(data=reply.body)) or b""
            writer.write((data or b"") + (conn.send(h11.EndOfMessage()) or b""))
            await writer.drain()
            return True
        transport = writer.transport
        writer.write(
            conn.send(h11.Response(status_code=reply.status, headers=reply.headers, reason=_reason(reply.status)))
            or b""
        )
        limit = len(events)
        for cut in (reply.stall_after, reply.drop_after):
            if cut is not None:
                limit = min(limit, cut)
        times = reply.times
        loop = asyncio.get_running_loop()
        start = loop.time()
        last_write = start - _TICK_S
        sent = 0
        while sent < limit:
            due = limit
            if times is not None:
                now = loop.time()
                # At most one write per tick, carrying every event due within the next half tick.
                due = min(bisect.bisect_right(times, now - start + _TICK_S / 2), limit)
                if due == sent:
                    await _sleep(max(start + times[sent] - _TICK_S / 2, last_write + _TICK_S) - now)
                    continue
                last_write = now
            writer.write(conn.send(h11.Data(data=b"".join(events[sent:due]))) or b"")
            sent = due
            if transport.is_closing():
                return False
            if transport.get_write_buffer_size() > _HIGH_WATER:
                await writer.drain()
        if limit < len(events):
            await writer.drain()
            if reply.stall_after is not None and sent == reply.stall_after:
                await self._stall(reader, reply.stall_for_s)
            return False
        writer.write(conn.send(h11.EndOfMessage()) or b"")
        await writer.drain()
        return True

    @staticmethod
    async def _stall(reader: asyncio.StreamReader, seconds: Optional[float]) -> None:
        """Send nothing until the client hangs up (or `seconds` pass)."""

        async def until_closed() -> None:
            while await reader.read(_READ_SIZE):
                pass

        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(until_closed(), seconds)
