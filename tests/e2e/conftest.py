"""The shared socket server on 127.0.0.1 streaming server-sent events, for end-to-end tests.

Each request picks its behaviour with an `X-Scenario` header, `"<name> <count>"`:

| scenario | the server sends |
|---|---|
| `chunks N` (default 3) | N chat chunks, a final chunk with `usage`/`time_info`, `[DONE]`; keeps the connection |
| `stall N` | N chunks, then nothing until the client hangs up or the test ends |
| `drop N` | N chunks, then closes the connection without ending the chunked body |
| `reset N` | N chunks, then resets the connection (RST) |
| `cut N` | a `Connection: close` body of N events and half an event, then closes |
| `bad_json N` | N chunks, then an event whose data is not JSON |
| `hold N` | N chunks and `[DONE]`, then holds the body open until the client hangs up or the test ends |

Every event travels as its own HTTP chunk; the whole body is written at once, so TCP splits it
wherever it likes. `server.accepted` counts accepted connections, `server.requests` records
what was asked.
"""

from __future__ import annotations

import json
from typing import Iterator

import pytest

from _support import chat_chunk
from _support.sockets import Exchange, FaultServer

__all__ = ["answer_scenario", "chunk_json", "final_json", "sse_server"]

_STREAM_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
_TERMINATOR = b"0\r\n\r\n"


_E2E = {"id": "chatcmpl-e2e", "system_fingerprint": "fp_e2e"}


def _compact(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def chunk_json(index: int) -> bytes:
    """The `index`-th chat chunk; its content is `"<index> "`."""
    return _compact(chat_chunk(f"{index} ", **_E2E))


def final_json(count: int) -> bytes:
    """The last chunk of a stream of `count` chunks: no content, `usage` and `time_info`."""
    usage = {"prompt_tokens": 7, "completion_tokens": count, "total_tokens": count + 7}
    final = [{"index": 0, "delta": {}, "finish_reason": "stop"}]
    return _compact(
        chat_chunk(None, **_E2E, choices=final, usage=usage, time_info={"total_time": 0.25, "completion_time": 0.2})
    )


def _http_chunk(payload: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(payload), payload)


def _event(data: bytes) -> bytes:
    return _http_chunk(b"data: " + data + b"\n\n")


def _events(count: int) -> bytes:
    return b"".join(_event(chunk_json(i)) for i in range(count))


def answer_scenario(exchange: Exchange) -> None:
    """Answer one request as its `X-Scenario` header asks (see the module docstring)."""
    scenario = exchange.request.headers.get("x-scenario", "chunks 3")
    name, _, arg = scenario.partition(" ")
    count = int(arg or 3)
    if name == "chunks":
        exchange.send(_STREAM_HEAD + _events(count) + _event(final_json(count)) + _event(b"[DONE]") + _TERMINATOR)
    elif name == "stall":
        exchange.send(_STREAM_HEAD + _events(count))
        exchange.stall(10)
        exchange.close()
    elif name == "drop":
        exchange.send(_STREAM_HEAD + _events(count))
        exchange.close()
    elif name == "reset":
        exchange.send(_STREAM_HEAD + _events(count))
        exchange.reset()
    elif name == "cut":
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
        events = b"".join(b"data: " + chunk_json(i) + b"\n\n" for i in range(count))
        exchange.send(head + events + b"data: " + chunk_json(count)[:20])
        exchange.close()
    elif name == "bad_json":
        exchange.send(_STREAM_HEAD + _events(count) + _event(b"{not json") + _event(b"[DONE]") + _TERMINATOR)
    elif name == "hold":
        exchange.send(_STREAM_HEAD + _events(count) + _event(b"[DONE]"))
        exchange.stall(10)
        exchange.close()
    else:
        raise AssertionError(f"unknown scenario {scenario!r}")


@pytest.fixture
def sse_server() -> Iterator[FaultServer]:
    """The shared socket server (`_support.sockets`), answering by scenario."""
    with FaultServer(answer_scenario) as server:
        yield server
