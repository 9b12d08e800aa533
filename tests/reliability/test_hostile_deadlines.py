"""The timeout of a non-streamed call bounds the whole attempt, headers included, on every backend.

A hostile server may accept the connection and then drip the status line and headers one byte
at a time, each byte well within the read timeout, so that no single read ever times out. The
servers here do exactly that, for far longer than the timeout; each call must end with
`APITimeoutError` soon after its timeout, the connection must not be reused, and a retry (a
timeout is retried, per the retry policy) gets a whole new budget of its own.
"""

from __future__ import annotations

import time
from typing import Callable, Dict, List

import pytest

from _support.sockets import Exchange, FaultServer
from cerebras.cloud.sdk import APITimeoutError
from cerebras.cloud.sdk.testing import set_testing

from .hostile import ALL_BACKENDS, chats
from .scenarios import answer_ok, chunk_json, completion_body

__all__: List[str] = []

_TIMEOUT = 0.5
_SLACK = 2.0
"""How long past its timeout a call may take to stop (a loaded machine is slow to wake up)."""


def _head() -> bytes:
    body = completion_body("x")
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
        + b"x-padding: "
        + b"p" * 200
        + b"\r\ncontent-length: %d\r\n\r\n" % len(body)
        + body
    )


def _dripping(interval: float) -> Callable[[Exchange], None]:
    """A script that sends its answer one byte every `interval` seconds (the head alone takes
    tens of seconds), and stops when the client hangs up."""

    def script(exchange: Exchange) -> None:
        for byte in _head():
            exchange.stall(interval)
            if exchange.ended:
                return
            exchange.send(bytes([byte]))
        exchange.close()

    return script


@pytest.mark.parametrize("interval", [0.1, 0.3], ids=["byte-per-0.1s", "byte-per-0.3s"])
@pytest.mark.parametrize("backend", ALL_BACKENDS)
def test_drip_fed_headers_cannot_outlast_the_timeout(backend: str, interval: float) -> None:
    with FaultServer(_dripping(interval)) as server:
        started = time.monotonic()
        (outcome,) = chats(backend, server.url, stream=False, timeout=_TIMEOUT)
        elapsed = time.monotonic() - started
        assert server.wait_closed(5.0) == 0  # the client closed the connection
    assert isinstance(outcome.error, APITimeoutError), repr(outcome.error)
    assert elapsed < _TIMEOUT + _SLACK, elapsed


def _drip_first_then_answer(exchange: Exchange) -> None:
    if exchange.attempt == 0:
        _dripping(0.1)(exchange)
    else:
        answer_ok(exchange)


@pytest.mark.parametrize("backend", ALL_BACKENDS)
def test_a_connection_whose_deadline_expired_is_not_reused(backend: str) -> None:
    with FaultServer(_drip_first_then_answer) as server:
        first, second = chats(backend, server.url, stream=False, calls=2, timeout=_TIMEOUT)
        assert isinstance(first.error, APITimeoutError), repr(first.error)
        assert second.error is None, repr(second.error)
        assert second.items[0].choices[0].message.content == "Hello!"
        one, two = server.requests
        assert one.connection != two.connection


@pytest.mark.parametrize("backend", ALL_BACKENDS)
def test_each_retry_gets_a_deadline_of_its_own(backend: str) -> None:
    # A timeout is retried (as any timeout is); the deadline bounds each attempt, not all of them.
    with set_testing(), FaultServer(_dripping(0.1)) as server:
        started = time.monotonic()
        (outcome,) = chats(backend, server.url, stream=False, max_retries=2, timeout=_TIMEOUT)
        elapsed = time.monotonic() - started
    assert isinstance(outcome.error, APITimeoutError), repr(outcome.error)
    assert server.count == 3
    assert 3 * _TIMEOUT <= elapsed < 3 * _TIMEOUT + _SLACK, elapsed


# ----------------------------------------------------------------------------- opt-in stream deadlines


def _one_event_then_silence(exchange: Exchange) -> None:
    exchange.head(200, {"content-type": "text/event-stream", "transfer-encoding": "chunked"})
    exchange.chunk(b"data: " + chunk_json("hi") + b"\n\n")
    exchange.stall(30.0)  # nothing at all, far past the deadline and the read timeout


@pytest.mark.parametrize("option", [{"stream_idle_timeout": 0.5}, {"stream_timeout": 0.8}], ids=["idle", "overall"])
@pytest.mark.parametrize("backend", ALL_BACKENDS)
def test_a_stream_that_goes_silent_ends_at_its_deadline(backend: str, option: Dict[str, float]) -> None:
    # The read timeout (10 s) is far away: the deadline itself must interrupt the wait.
    with FaultServer(_one_event_then_silence) as server:
        started = time.monotonic()
        (outcome,) = chats(backend, server.url, stream=True, timeout=10.0, client_options=option)
        elapsed = time.monotonic() - started
    assert isinstance(outcome.error, APITimeoutError), repr(outcome.error)
    assert len(outcome.items) == 1  # the event before the silence was delivered
    assert elapsed < 0.8 + _SLACK, elapsed
