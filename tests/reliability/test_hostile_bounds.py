"""Hostile servers versus memory, time and framing: every case ends with a typed error, quickly.

Each server here is a raw-socket script (`FaultServer`) that misbehaves without end (bytes that
never finish a line, compression bombs, a drip of one byte at a time, bytes past the declared
`Content-Length`); each is bounded on its own side, so a client that fails to stop it fails the
test instead of hanging. Memory is judged by what the server managed to send before the client
gave up, and by `tracemalloc`'s peak, never by the process size.
"""

from __future__ import annotations

import gzip
import json
import pickle
import sys
import time
import tracemalloc
import zlib
from typing import Any, Callable, Dict, List

import pytest

from _support.sockets import Exchange, FaultServer
from cerebras.cloud.sdk import (
    APIResponseValidationError,
    APITimeoutError,
    Cerebras,
    RateLimitError,
    ResponseTooLargeError,
)
from cerebras.cloud.sdk.testing import set_testing

from .hostile import BACKENDS, chat, client_for
from .runner import API_KEY
from .scenarios import MODEL, answer_ok, chunk_json, completion_body, sse_body, wants_stream

__all__: List[str] = []

MiB = 1024 * 1024
SMALL_LIMITS = {"max_response_bytes": MiB, "max_event_bytes": MiB}
_SSE = {"content-type": "text/event-stream"}


# ----------------------------------------------------------------------------- 1: no end of line


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_body_that_never_ends_stops_at_the_limit(backend: str, stream: bool) -> None:
    head = _SSE if stream else {"content-type": "application/json"}
    piece = b"A" * (64 * 1024)
    sent = [0]

    def script(exchange: Exchange) -> None:
        # One line (or one JSON string) that never ends, up to a ceiling far above the limit.
        exchange.head(200, {**head, "transfer-encoding": "chunked"})
        exchange.chunk(b"data: " if stream else b'{"id": "')
        while not exchange.ended and sent[0] < 96 * MiB and not exchange.server.stopping:
            exchange.chunk(piece)
            sent[0] += len(piece)
        exchange.close()

    with FaultServer(script) as server:
        outcome = chat(backend, server.url, stream=stream, client_options=SMALL_LIMITS)
    assert isinstance(outcome.error, ResponseTooLargeError)
    assert isinstance(outcome.error, APIResponseValidationError)
    assert outcome.error.limit == MiB
    # The client stopped reading soon after the limit: the server could not push the rest.
    assert sent[0] < 24 * MiB, sent[0]


def test_the_default_limits_and_the_option_names() -> None:
    client = Cerebras(api_key=API_KEY, warm_tcp_connection=False)
    assert client.max_response_bytes == 64 * MiB
    assert client.max_event_bytes == 16 * MiB
    assert client.stream_timeout is None
    assert client.stream_idle_timeout is None
    copy = client.with_options(max_response_bytes=MiB, stream_idle_timeout=5.0)
    assert (copy.max_response_bytes, copy.max_event_bytes, copy.stream_idle_timeout) == (MiB, 16 * MiB, 5.0)
    assert client.max_response_bytes == 64 * MiB
    with pytest.raises(ValueError, match="max_event_bytes"):
        client.with_options(max_event_bytes=0)
    with pytest.raises(ValueError, match="stream_timeout"):
        client.with_options(stream_timeout=-1.0)
    client.close()


# ----------------------------------------------------------------------------- 2: bombs


def _bomb(encoding: str, payload: bytes) -> bytes:
    if encoding == "gzip":
        return gzip.compress(payload, 6)
    if encoding == "deflate":
        return zlib.compress(payload, 6)
    import brotli

    return brotli.compress(payload, quality=5)


@pytest.fixture(scope="module")
def bombs() -> Dict[tuple[str, bool], bytes]:
    made: Dict[tuple[str, bool], bytes] = {}
    for stream in (False, True):
        # 64 MiB once decoded: a JSON string, or one SSE line, that never ends.
        payload = (b"data: " if stream else b'{"id": "') + b"A" * (64 * MiB)
        for encoding in ("gzip", "deflate", "br"):
            made[encoding, stream] = _bomb(encoding, payload)
    return made


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_compression_bombs_stop_at_the_decoded_limit(
    bombs: Dict[tuple[str, bool], bytes], backend: str, stream: bool, encoding: str
) -> None:
    body = bombs[encoding, stream]
    headers = {**(_SSE if stream else {}), "content-encoding": encoding}

    def script(exchange: Exchange) -> None:
        exchange.respond(200, body, headers, content_type=headers.get("content-type", ""))

    with FaultServer(script) as server:
        tracemalloc.start()
        try:
            outcome = chat(backend, server.url, stream=stream, client_options=SMALL_LIMITS)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert isinstance(outcome.error, ResponseTooLargeError)
    # httpx alone inflates a whole 64 KiB network chunk at once (64 MiB here); bounded pieces
    # keep the peak near the 1 MiB limit.
    assert peak < 16 * MiB, f"peak {peak / MiB:.1f} MiB"


def test_compressed_answers_within_the_limits_still_decode() -> None:
    def script(exchange: Exchange) -> None:
        plain = sse_body("Hel", "lo!") if wants_stream(exchange) else completion_body("Hello!")
        headers = {**(_SSE if wants_stream(exchange) else {}), "content-encoding": "gzip"}
        exchange.respond(200, gzip.compress(plain), headers, content_type=headers.get("content-type", ""))

    with FaultServer(script) as server:
        for backend in BACKENDS:
            for stream in (False, True):
                outcome = chat(backend, server.url, stream=stream)
                assert outcome.error is None
                texts = [
                    (item.choices[0].delta.content if stream else item.choices[0].message.content) or ""
                    for item in outcome.items
                ]
                assert "".join(texts) == "Hello!"


# ----------------------------------------------------------------------------- 3: headers, end to end


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_crafted_rate_limit_reset_header_is_parsed_in_bounded_time(backend: str, stream: bool) -> None:
    # About 6 s per parse before, parsed twice here (aiohttp refuses fields over 8190 bytes).
    crafted = "1" * 8_000 + "x"

    def script(exchange: Exchange) -> None:
        exchange.respond(
            429,
            b'{"error": {"message": "slow down"}}',
            {"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": crafted},
        )

    with FaultServer(script) as server, set_testing():
        started = time.monotonic()
        outcome = chat(backend, server.url, stream=stream, max_retries=1)
        error = outcome.error
        assert isinstance(error, RateLimitError)
        assert error.rate_limits.reset_tokens_minute is None
        assert time.monotonic() - started < 5.0
        assert server.count == 2


# ----------------------------------------------------------------------------- 5: deep nesting


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("backend", BACKENDS)
def test_deeply_nested_replies_raise_typed_errors(backend: str) -> None:
    from cerebras.cloud.sdk.lib.structured import OutputValidationError, ToolArgumentsError, ToolCallError

    deep = _deep(100_000)

    def script(exchange: Exchange) -> None:
        body = json.loads(completion_body("x"))
        message = body["choices"][0]["message"]
        if exchange.request.path.endswith("/completions") and b"tools" in exchange.request.body:
            message["content"] = None
            message["tool_calls"] = [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": deep}}]
        else:
            message["content"] = deep
        exchange.respond(200, json.dumps(body).encode())

    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}
    with FaultServer(script) as server:
        reply = _parse(backend, server.url, response_format={"type": "json_object"})
        assert isinstance(reply, OutputValidationError), reply
        arguments = _parse(backend, server.url, tools=[tool])
        # The typed error the issue names, and the one callers already catch.
        assert isinstance(arguments, OutputValidationError), arguments
        assert isinstance(arguments, ToolCallError), arguments
        assert isinstance(arguments, ToolArgumentsError), arguments
        assert arguments.content == arguments.arguments == deep
        assert (arguments.name, arguments.tool_call_id, arguments.choice_index) == ("f", "c1", 0)
        assert type(pickle.loads(pickle.dumps(arguments))) is ToolArgumentsError

    def nested_body(exchange: Exchange) -> None:
        exchange.respond(200, b'{"id": "x", "choices": ' + _deep(50_000).encode() + b"}")

    with FaultServer(nested_body) as server:
        assert isinstance(chat(backend, server.url, stream=False).error, APIResponseValidationError)


def _parse(backend: str, url: str, **params: Any) -> BaseException:
    import anyio

    messages: List[Any] = [{"role": "user", "content": "Hi"}]
    if backend == "sync":
        with client_for(backend, url) as client:
            try:
                client.chat.completions.parse(model=MODEL, messages=messages, **params)
            except Exception as exc:
                return exc
        raise AssertionError("no error")

    async def main() -> BaseException:
        async with client_for(backend, url) as client:
            try:
                await client.chat.completions.parse(model=MODEL, messages=messages, **params)
            except Exception as exc:
                return exc
        raise AssertionError("no error")

    return anyio.run(main)


# ----------------------------------------------------------------------------- 4: many tool calls


def _accumulator_lines(calls: int, *, indexed: bool) -> int:
    """Lines of the accumulator executed to merge `calls` tool calls (deterministic, unlike time)."""
    from cerebras.cloud.sdk._models import get_parser
    from cerebras.cloud.sdk.lib.streaming._accumulator import ChatCompletionAccumulator
    from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse

    parser = get_parser(ChatChunkResponse)
    chunks = []
    for index in range(calls):
        call: Dict[str, Any] = {"id": f"c{index}", "type": "function", "function": {"name": "f", "arguments": "{}"}}
        if indexed:
            call["index"] = index
        delta = {"tool_calls": [call]}
        chunks.append(parser.loose({**json.loads(chunk_json("")), "choices": [{"index": 0, "delta": delta}]}))
    accumulator = ChatCompletionAccumulator()
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if frame.f_code.co_filename.endswith("_accumulator.py"):
            if event == "line":
                count += 1
            return tracer
        return None

    sys.settrace(tracer)
    try:
        for chunk in chunks:
            accumulator.add(chunk)
    finally:
        sys.settrace(None)
    assert len(accumulator.completion_dict()["choices"][0]["message"]["tool_calls"]) == calls
    return count


@pytest.mark.parametrize("indexed", [True, False], ids=["indexed", "unindexed"])
def test_accumulating_many_tool_calls_costs_linear_work(indexed: bool) -> None:
    small, large = _accumulator_lines(300, indexed=indexed), _accumulator_lines(1200, indexed=indexed)
    # Linear work quadruples; scanning every earlier call for each new one would be ~16 times.
    assert large < 5 * small, (small, large)


def test_the_stream_helper_merges_thousands_of_tool_calls_quickly() -> None:
    calls = 4000

    def script(exchange: Exchange) -> None:
        events = []
        for index in range(calls):
            call = {"index": index, "id": f"c{index}", "type": "function", "function": {"name": "f", "arguments": "{}"}}
            chunk = {**json.loads(chunk_json("")), "choices": [{"index": 0, "delta": {"tool_calls": [call]}}]}
            events.append(b"data: " + json.dumps(chunk).encode() + b"\n\n")
        exchange.respond(200, b"".join(events) + b"data: [DONE]\n\n", _SSE)

    with FaultServer(script) as server:
        client = Cerebras(api_key=API_KEY, base_url=server.url, max_retries=0, warm_tcp_connection=False)
        with client, client.chat.completions.stream(model=MODEL, messages=[{"role": "user", "content": "x"}]) as s:
            completion = s.get_final_completion()
    assert len(completion.choices[0].message.tool_calls or []) == calls


# ----------------------------------------------------------------------------- 6: deadlines


def _drip(exchange: Exchange) -> None:
    """Headers, then one byte every 0.05 s (each read well within the 0.5 s read timeout)."""
    body = completion_body("x")
    exchange.head(200, {"content-type": "application/json", "content-length": str(len(body))})
    for byte in body:
        exchange.send(bytes([byte]))
        exchange.stall(0.05)
        if exchange.ended:
            return


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_drip_fed_body_cannot_outlast_the_timeout(backend: str) -> None:
    with FaultServer(_drip) as server:
        started = time.monotonic()
        outcome = chat(backend, server.url, stream=False, timeout=0.5)
        elapsed = time.monotonic() - started
    assert isinstance(outcome.error, APITimeoutError)
    # The body would take ~10 s to arrive; the timeout bounds the whole call (plus slack for load).
    assert elapsed < 3.0, elapsed


def _keepalive_only(exchange: Exchange) -> None:
    exchange.head(200, {**_SSE, "transfer-encoding": "chunked"})
    exchange.chunk(b"data: " + chunk_json("hi") + b"\n\n")
    for _ in range(400):  # 20 s of comments, never an event
        exchange.chunk(b": keep-alive\n\n")
        exchange.stall(0.05)
        if exchange.ended:
            return


def _endless_events(exchange: Exchange) -> None:
    exchange.head(200, {**_SSE, "transfer-encoding": "chunked"})
    for _ in range(400):  # 20 s of events
        exchange.chunk(b"data: " + chunk_json("x") + b"\n\n")
        exchange.stall(0.05)
        if exchange.ended:
            return


@pytest.mark.parametrize(
    ("script", "option"),
    [(_keepalive_only, {"stream_idle_timeout": 0.5}), (_endless_events, {"stream_timeout": 0.8})],
    ids=["idle", "overall"],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_streams_have_opt_in_deadlines(backend: str, script: Callable[[Exchange], None], option: Any) -> None:
    with FaultServer(script) as server:
        started = time.monotonic()
        outcome = chat(backend, server.url, stream=True, timeout=5.0, client_options=option)
        elapsed = time.monotonic() - started
    assert isinstance(outcome.error, APITimeoutError)
    assert outcome.items  # what came before the deadline was delivered
    assert elapsed < 4.0, elapsed


# ----------------------------------------------------------------------------- 7: framing


def _smuggler(exchange: Exchange) -> None:
    """The first answer declares a `Content-Length` shorter than what follows it: the rest is a
    whole second response, which a reused connection would hand to the next request."""
    if exchange.attempt == 0:
        body = sse_body("Hel", "lo!") if wants_stream(exchange) else completion_body("Hello!")
        head = {"content-type": _SSE["content-type"] if wants_stream(exchange) else "application/json"}
        smuggled = b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 8\r\n\r\nSMUGGLED"
        lines = ["HTTP/1.1 200 OK", *(f"{k}: {v}" for k, v in head.items()), f"content-length: {len(body)}"]
        exchange.send(("\r\n".join(lines) + "\r\n\r\n").encode() + body + smuggled)
    else:
        answer_ok(exchange)


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_bytes_past_the_declared_length_never_reach_the_next_request(backend: str, stream: bool) -> None:
    with FaultServer(_smuggler) as server:
        errors = _two_calls(backend, server.url, stream)
        assert errors == [None, None]  # the second call got its own answer, not `SMUGGLED`
        assert server.count == 2
        first, second = server.requests
        assert second.connection != first.connection  # the tainted connection was not reused


def _two_calls(backend: str, url: str, stream: bool) -> List[Any]:
    """Two calls on one client (so the second may reuse the first's connection); their errors."""
    import anyio

    errors: List[Any] = []
    messages: List[Any] = [{"role": "user", "content": "Hi"}]

    def text_of(result: Any) -> str:
        if stream:
            return "".join(chunk.choices[0].delta.content or "" for chunk in result)
        return str(result.choices[0].message.content)

    if backend == "sync":
        with client_for(backend, url) as client:
            for _ in range(2):
                try:
                    result = client.chat.completions.create(model=MODEL, messages=messages, stream=stream)
                    assert text_of(result) == "Hello!"
                    errors.append(None)
                except Exception as exc:
                    errors.append(exc)
        return errors

    async def main() -> None:
        async with client_for(backend, url) as client:
            for _ in range(2):
                try:
                    result: Any = await client.chat.completions.create(model=MODEL, messages=messages, stream=stream)
                    if stream:
                        text = "".join([chunk.choices[0].delta.content or "" async for chunk in result])
                    else:
                        text = text_of(result)
                    assert text == "Hello!"
                    errors.append(None)
                except Exception as exc:
                    errors.append(exc)

    anyio.run(main)
    return errors
