"""The fault scenarios: what the server does wrong, and what the client must do about it.

Each `Scenario` pairs a `FaultServer` script with the documented outcome for a streaming and a
non-streaming chat completion: the exception class (or `ok`), how many attempts the client
makes, and how many stream items arrive before the outcome. The same table drives the tests
(`test_fault_matrix.py`) and the generated report (`docs/reliability.md`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from _support.sockets import Exchange, Script

__all__ = [
    "BACKENDS",
    "MODEL",
    "SCENARIOS",
    "Expect",
    "Scenario",
    "completion_body",
    "event",
    "sse_body",
    "wants_stream",
]

MODEL = "llama3.1-8b"
BACKENDS = ("sync", "asyncio", "trio", "aiohttp")
"""`Cerebras`; `AsyncCerebras` on asyncio and on trio (anyio); `AsyncCerebras` on `DefaultAioHttpClient`."""

_SSE = {"content-type": "text/event-stream"}
_CHUNKED_SSE = {"content-type": "text/event-stream", "transfer-encoding": "chunked"}


def completion_body(content: str = "Hello!") -> bytes:
    """A valid chat completion, as UTF-8 JSON."""
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1700000000,
            "model": MODEL,
            "system_fingerprint": "fp_1",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
        },
        ensure_ascii=False,
    ).encode("utf-8")


def chunk_json(piece: str) -> bytes:
    """One chat completion chunk carrying `piece`, as UTF-8 JSON."""
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": MODEL,
            "system_fingerprint": "fp_1",
            "choices": [{"index": 0, "delta": {"content": piece}}],
        },
        ensure_ascii=False,
    ).encode("utf-8")


def event(piece: str) -> bytes:
    """`data: <chunk>` and the blank line that dispatches it."""
    return b"data: " + chunk_json(piece) + b"\n\n"


def sse_body(*pieces: str, done: bool = True) -> bytes:
    """A whole event stream for `pieces`, ending in `[DONE]`."""
    return b"".join(event(piece) for piece in pieces) + (b"data: [DONE]\n\n" if done else b"")


def wants_stream(exchange: Exchange) -> bool:
    """Whether the request asked for `stream: true`."""
    try:
        return bool(json.loads(exchange.request.body).get("stream"))
    except ValueError:
        return False


def answer_ok(exchange: Exchange, pieces: Tuple[str, ...] = ("Hel", "lo!")) -> None:
    """A correct answer in the mode the request asked for."""
    if wants_stream(exchange):
        exchange.respond(200, sse_body(*pieces), _SSE)
    else:
        exchange.respond(200, completion_body("".join(pieces)))


# ------------------------------------------------------------------------- the scripts


def _reset_before_status(ex: Exchange) -> None:
    ex.reset()


def _reset_after_headers(ex: Exchange) -> None:
    if wants_stream(ex):
        ex.head(200, _CHUNKED_SSE)
    else:
        ex.head(200, {"content-type": "application/json", "content-length": "400"})
    ex.pause()
    ex.reset()


def _half_answer(ex: Exchange, *, chunked: bool = False) -> None:
    """The head and the first half of an answer: two events of a stream, or half a JSON body
    (sized with content-length, or in chunks with `chunked`)."""
    if wants_stream(ex):
        ex.head(200, _CHUNKED_SSE)
        ex.chunk(event("Hel"))
        ex.chunk(event("lo"))
        return
    body = completion_body()
    if chunked:
        ex.head(200, {"content-type": "application/json", "transfer-encoding": "chunked"})
        ex.chunk(body[: len(body) // 2])
    else:
        ex.head(200, {"content-type": "application/json", "content-length": str(len(body))})
        ex.send(body[: len(body) // 2])


def _reset_mid_body(ex: Exchange) -> None:
    _half_answer(ex)
    ex.pause()
    ex.reset()


def _slow_headers(ex: Exchange) -> None:
    ex.stall(2.0)
    ex.close()


def _stall_mid_body(ex: Exchange) -> None:
    _half_answer(ex)
    ex.stall(2.0)
    ex.close()


def _truncated_chunked(ex: Exchange) -> None:
    _half_answer(ex, chunked=True)
    ex.pause()
    ex.close()  # a clean FIN, but the terminating zero-length chunk never came


_CORRUPT_GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"this is not deflate data" * 8


def _corrupt_gzip(ex: Exchange) -> None:
    content_type = "text/event-stream" if wants_stream(ex) else "application/json"
    ex.respond(200, _CORRUPT_GZIP, {"content-encoding": "gzip"}, content_type=content_type)


def _invalid_utf8(ex: Exchange) -> None:
    if wants_stream(ex):
        body = event("Hel") + event("lo").replace(b'"lo"', b'"l\xff\xfeo"') + b"data: [DONE]\n\n"
        ex.respond(200, body, _SSE)
    else:
        ex.respond(200, completion_body("Hello!").replace(b'"Hello!"', b'"Hel\xff\xfelo!"'))


SPLIT_PIECES = ("h\u00e9llo ", "w\u00f6rld ", "\U0001f389 ", "\u65e5\u672c")
"""Two-, three- and four-byte UTF-8 characters; each is cut across two packets."""
SPLIT_TEXT = "".join(SPLIT_PIECES)


def _utf8_split(ex: Exchange) -> None:
    body = sse_body(*SPLIT_PIECES) if wants_stream(ex) else completion_body(SPLIT_TEXT)
    headers = {"content-type": "text/event-stream" if wants_stream(ex) else "application/json"}
    headers["content-length"] = str(len(body))
    ex.head(200, headers)
    # Cut inside every multi-byte character: a packet ends after its first byte.
    start = 0
    for index, byte in enumerate(body):
        if byte >= 0xC0:
            ex.send(body[start : index + 1])
            ex.pause(0.005)
            start = index + 1
    ex.send(body[start:])


HUGE_LEN = 4 * 1024 * 1024
"""A 4 MiB SSE line (and JSON body): one event, no line break inside."""


def _huge_line(ex: Exchange) -> None:
    text = "x" * HUGE_LEN
    if wants_stream(ex):
        ex.respond(200, sse_body(text), _SSE)
    else:
        ex.respond(200, completion_body(text))


def _no_trailing_blank_line(ex: Exchange) -> None:
    if wants_stream(ex):
        # The last event ends with its data line: no blank line, no [DONE], then EOF.
        body = event("Hel") + b"data: " + chunk_json("lo!")
        ex.respond(200, body, _SSE)
    else:
        ex.respond(200, completion_body("Hello!").rstrip())
    ex.close()


def _malformed_json(ex: Exchange) -> None:
    if wants_stream(ex):
        ex.respond(200, event("Hel") + b'data: {"id": "chatcmpl-1", "object": \n\n', _SSE)
    else:
        ex.respond(200, b'{"id": "chatcmpl-1", "object": "chat.completion", "choices": [')


_BAD_GATEWAY = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><h1>502 Bad Gateway</h1></body>\r\n</html>\r\n"
)


def _html_502(ex: Exchange) -> None:
    ex.respond(502, _BAD_GATEWAY, content_type="text/html")


def _error(message: str) -> bytes:
    return json.dumps({"error": {"message": message, "type": "error"}}).encode()


def _storm_429_retry_after(ex: Exchange) -> None:
    ex.respond(429, _error("slow down"), {"retry-after": "2"})


def _storm_503(ex: Exchange) -> None:
    ex.respond(503, _error("overloaded"))


def _storm_then_ok(ex: Exchange) -> None:
    if ex.attempt == 0:
        ex.respond(429, _error("slow down"), {"retry-after-ms": "250"})
    elif ex.attempt == 1:
        ex.respond(503, _error("overloaded"))
    else:
        answer_ok(ex)


def _should_retry_true(ex: Exchange) -> None:
    ex.respond(400, _error("try again"), {"x-should-retry": "true"})


def _should_retry_false(ex: Exchange) -> None:
    ex.respond(503, _error("do not retry"), {"x-should-retry": "false"})


def _redirect_307(ex: Exchange) -> None:
    target = ex.server.context["second_url"] + ex.request.path
    ex.respond(307, b"", {"location": target})


# ------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Expect:
    """The documented outcome of one cell."""

    outcome: str
    """`ok`, or the exact class name of the exception raised."""
    attempts: int
    """Attempts the client makes (the first one plus its retries)."""
    items: int = 0
    """Stream items received before the outcome (streaming cells only)."""


@dataclass(frozen=True)
class Scenario:
    """One row of the fault matrix."""

    name: str
    fault: str
    """What the server does, for the report."""
    script: Optional[Script]
    """`None`: nothing listens, the connection is refused."""
    stream: Expect
    plain: Expect
    timeout_s: float = 5.0
    text: Optional[str] = None
    """On success, the exact text the caller must see (stream pieces joined)."""
    delays: Optional[List[Tuple[float, float]]] = None
    """`(low, high)` bounds of each retry wait; by default the exponential backoff's."""
    second_server: bool = False
    """Whether the script redirects to a second server (`context["second_url"]`)."""
    overrides: Dict[Tuple[str, bool], Expect] = field(default_factory=dict)
    """`(backend, streaming) -> Expect` where a backend differs, with the reason in `fault`."""

    def expect(self, backend: str, streaming: bool) -> Expect:
        return self.overrides.get((backend, streaming)) or (self.stream if streaming else self.plain)

    def delay_bounds(self, backend: str, streaming: bool) -> List[Tuple[float, float]]:
        """Bounds of the waits before retries 1, 2, ...: the server's hint, or backoff with jitter."""
        retries = self.expect(backend, streaming).attempts - 1
        if self.delays is not None:
            return self.delays[:retries]
        return [(0.375 * 2**k, 0.5 * 2**k) for k in range(retries)]

    def server_requests(self, backend: str, streaming: bool) -> int:
        """Requests the server(s) must see: one per attempt (none when refused; A and B on redirect)."""
        if self.script is None:
            return 0
        attempts = self.expect(backend, streaming).attempts
        return 2 * attempts if self.second_server else attempts


_CONN = "APIConnectionError"
_TIMEOUT = "APITimeoutError"
_INVALID = "APIResponseValidationError"

SCENARIOS: List[Scenario] = [
    Scenario("connection refused", "nothing listens on the port", None, Expect(_CONN, 3), Expect(_CONN, 3)),
    Scenario(
        "reset before status line",
        "reads the request, answers with a TCP RST",
        _reset_before_status,
        Expect(_CONN, 3),
        Expect(_CONN, 3),
    ),
    Scenario(
        "reset after headers",
        "sends `200` headers, then a RST",
        _reset_after_headers,
        Expect(_CONN, 1),
        Expect(_CONN, 3),
    ),
    Scenario(
        "reset mid-body / mid-stream",
        "sends half the JSON (or two SSE events), then a RST",
        _reset_mid_body,
        Expect(_CONN, 1, items=2),
        Expect(_CONN, 3),
    ),
    Scenario(
        "slow headers",
        "sends nothing for 2 s (client read timeout 0.4 s)",
        _slow_headers,
        Expect(_TIMEOUT, 3),
        Expect(_TIMEOUT, 3),
        timeout_s=0.4,  # long enough for a loaded server to read each request before the client gives up
    ),
    Scenario(
        "stall mid-body / mid-stream",
        "sends half the JSON (or two SSE events), then nothing for 2 s (read timeout 0.5 s)",
        _stall_mid_body,
        Expect(_TIMEOUT, 1, items=2),
        Expect(_TIMEOUT, 3),
        timeout_s=0.5,
    ),
    Scenario(
        "truncated chunked body",
        "chunked body cut after some chunks by a clean FIN (no terminating chunk)",
        _truncated_chunked,
        Expect(_CONN, 1, items=2),
        Expect(_CONN, 3),
    ),
    Scenario(
        "corrupt gzip body",
        "`content-encoding: gzip` with a gzip header and garbage after it",
        _corrupt_gzip,
        Expect(_CONN, 1),
        Expect(_CONN, 3),
    ),
    Scenario(
        "invalid UTF-8",
        "bytes `FF FE` inside a JSON string (the second SSE event for streams)",
        _invalid_utf8,
        Expect(_INVALID, 1, items=1),
        Expect(_INVALID, 1),
    ),
    Scenario(
        "UTF-8 split across packets",
        "2-, 3- and 4-byte characters, each cut between two TCP packets",
        _utf8_split,
        Expect("ok", 1, items=4),
        Expect("ok", 1),
        text=SPLIT_TEXT,
    ),
    Scenario(
        "several-MB SSE line",
        "one 4 MiB `data:` line (a 4 MiB JSON body when not streaming)",
        _huge_line,
        Expect("ok", 1, items=1),
        Expect("ok", 1),
        text="x" * HUGE_LEN,
    ),
    Scenario(
        "event without trailing blank line",
        "the last event ends at EOF with no blank line and no `[DONE]`",
        _no_trailing_blank_line,
        Expect("ok", 1, items=2),
        Expect("ok", 1),
        text="Hello!",
    ),
    Scenario(
        "malformed JSON",
        "a `200` whose JSON (or an event's JSON) is cut off",
        _malformed_json,
        Expect(_INVALID, 1, items=1),
        Expect(_INVALID, 1),
    ),
    Scenario(
        "HTML 502 from a proxy",
        "`502` with a `text/html` page",
        _html_502,
        Expect("InternalServerError", 3),
        Expect("InternalServerError", 3),
    ),
    Scenario(
        "429 storm with retry-after",
        "`429` with `retry-after: 2`, every time",
        _storm_429_retry_after,
        Expect("RateLimitError", 3),
        Expect("RateLimitError", 3),
        delays=[(2.0, 2.0), (2.0, 2.0)],
    ),
    Scenario(
        "503 storm without retry-after",
        "`503` with no hint, every time (exponential backoff)",
        _storm_503,
        Expect("InternalServerError", 3),
        Expect("InternalServerError", 3),
    ),
    Scenario(
        "429, 503, then success",
        "`429` (`retry-after-ms: 250`), then `503`, then a correct answer",
        _storm_then_ok,
        Expect("ok", 3, items=2),
        Expect("ok", 3),
        text="Hello!",
        delays=[(0.25, 0.25), (0.75, 1.0)],
    ),
    Scenario(
        "x-should-retry: true",
        "`400` with `x-should-retry: true`, every time",
        _should_retry_true,
        Expect("BadRequestError", 3),
        Expect("BadRequestError", 3),
    ),
    Scenario(
        "x-should-retry: false",
        "`503` with `x-should-retry: false`",
        _should_retry_false,
        Expect("InternalServerError", 1),
        Expect("InternalServerError", 1),
    ),
    Scenario(
        "307 to another origin",
        "`307` to a second server on another port, which answers correctly",
        _redirect_307,
        Expect("ok", 1, items=2),
        Expect("ok", 1),
        text="Hello!",
        second_server=True,
    ),
]
