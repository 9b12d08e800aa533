"""The caller's own reads of `.with_streaming_response` stay within the client's limits.

`read()`, `text()`, `json()`, `iter_bytes()`, `iter_text()` and `iter_lines()` of a non-streamed
call stop at `max_response_bytes` (decoded: a compression bomb too); `iter_lines()` stops at
`max_event_bytes` for one line, on a streamed call too. Each ends with `ResponseTooLargeError`
soon after the limit, on the sync client, the default async client and `DefaultAioHttpClient`.
"""

from __future__ import annotations

import gzip
from typing import Any, Dict, List, Optional

import anyio
import pytest

from _support.sockets import Exchange, FaultServer
from cerebras.cloud.sdk import ResponseTooLargeError

from .hostile import BACKENDS, client_for
from .runner import MESSAGES
from .scenarios import MODEL, answer_ok

__all__: List[str] = []

MiB = 1024 * 1024
LIMITS = {"max_response_bytes": MiB, "max_event_bytes": MiB}
READS = ["read", "text", "json", "iter_bytes", "iter_text", "iter_lines"]


def user_read(backend: str, url: str, how: str, *, stream: bool = False) -> Any:
    """Read the body of one call through `.with_streaming_response` by `how`; the result or the error."""
    params: Dict[str, Any] = {"model": MODEL, "messages": MESSAGES, "stream": stream}
    if backend == "sync":
        client = client_for(backend, url, timeout=10.0, **LIMITS)
        with client, client.chat.completions.with_streaming_response.create(**params) as response:
            try:
                method = getattr(response, how)
                return method() if how in ("read", "text", "json") else list(method())
            except Exception as exc:
                return exc

    async def main() -> Any:
        client = client_for(backend, url, timeout=10.0, **LIMITS)
        async with client, client.chat.completions.with_streaming_response.create(**params) as response:
            try:
                method = getattr(response, how)
                if how in ("read", "text", "json"):
                    return await method()
                return [piece async for piece in method()]
            except Exception as exc:
                return exc

    return anyio.run(main)


def _endless(sent: List[int], *, content_type: str, start: bytes) -> Any:
    def script(exchange: Exchange) -> None:
        # One line (one JSON string) that never ends, up to a ceiling far above the limit.
        exchange.head(200, {"content-type": content_type, "transfer-encoding": "chunked"})
        exchange.chunk(start)
        piece = b"A" * (64 * 1024)
        while not exchange.ended and sent[0] < 96 * MiB and not exchange.server.stopping:
            exchange.chunk(piece)
            sent[0] += len(piece)
        exchange.close()

    return script


@pytest.mark.parametrize("how", READS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_reading_a_body_that_never_ends_stops_at_the_limit(backend: str, how: str) -> None:
    sent = [0]
    with FaultServer(_endless(sent, content_type="application/json", start=b'{"id": "')) as server:
        outcome = user_read(backend, server.url, how)
    assert isinstance(outcome, ResponseTooLargeError), repr(outcome)[:200]
    assert outcome.limit == MiB
    assert sent[0] < 24 * MiB, sent[0]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_lines_of_a_stream_stop_at_the_event_limit(backend: str) -> None:
    sent = [0]
    with FaultServer(_endless(sent, content_type="text/event-stream", start=b"data: ")) as server:
        outcome = user_read(backend, server.url, "iter_lines", stream=True)
    assert isinstance(outcome, ResponseTooLargeError), repr(outcome)[:200]
    assert outcome.limit == MiB
    assert sent[0] < 24 * MiB, sent[0]


_BOMB: List[bytes] = []


def _bomb() -> bytes:
    if not _BOMB:
        _BOMB.append(gzip.compress(b'{"id": "' + b"A" * (64 * MiB), 6))
    return _BOMB[0]


@pytest.mark.parametrize("how", ["read", "iter_bytes", "iter_lines"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_compression_bomb_stops_at_the_decoded_limit(backend: str, how: str) -> None:
    body = _bomb()

    def script(exchange: Exchange) -> None:
        exchange.respond(200, body, {"content-encoding": "gzip"})

    with FaultServer(script) as server:
        outcome = user_read(backend, server.url, how)
    assert isinstance(outcome, ResponseTooLargeError), repr(outcome)[:200]


@pytest.mark.parametrize("backend", BACKENDS)
def test_reads_within_the_limits_see_the_whole_body(backend: str) -> None:
    with FaultServer(answer_ok) as server:
        whole: Optional[bytes] = user_read(backend, server.url, "read")
        assert isinstance(whole, bytes)
        assert b"".join(user_read(backend, server.url, "iter_bytes")) == whole
        assert "".join(user_read(backend, server.url, "iter_text")) == whole.decode()
        assert user_read(backend, server.url, "iter_lines") == whole.decode().splitlines()
        assert user_read(backend, server.url, "json")["choices"][0]["message"]["content"] == "Hello!"
        lines = user_read(backend, server.url, "iter_lines", stream=True)
    assert [line for line in lines if line.startswith("data: ")][-1] == "data: [DONE]"
