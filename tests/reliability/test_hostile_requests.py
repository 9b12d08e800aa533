"""Requests that must not change between attempts, nor misfire: iterables, unsendable input, bad URLs.

* A generator (of messages, tools, stop sequences) is read once: every attempt sends the same bytes.
* A request that cannot be sent (a header value HTTP cannot carry, a body JSON cannot encode)
  raises `RequestBuildError` at once: nothing is sent, nothing retried.
* A base URL that cannot work raises `CerebrasError` at construction, not httpx's `InvalidURL` later.
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, Iterator, List

import pytest

from _support.sockets import Exchange, FaultServer
from cerebras.cloud.sdk import AsyncCerebras, Cerebras, CerebrasError, RequestBuildError

from .hostile import BACKENDS, chat
from .runner import API_KEY
from .scenarios import answer_ok

__all__: List[str] = []


def _fail_twice_then_answer(exchange: Exchange) -> None:
    if exchange.attempt < 2:
        exchange.respond(503, b'{"error": {"message": "busy"}}', {"retry-after-ms": "1"})
    else:
        answer_ok(exchange)


def _messages() -> Iterator[Dict[str, str]]:
    yield {"role": "system", "content": "Be brief."}
    yield {"role": "user", "content": "Hi"}
    yield {"role": "user", "content": "Again"}


def _tools() -> Iterator[Dict[str, Any]]:
    yield {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_every_attempt_sends_the_same_bytes_for_iterable_parameters(backend: str, stream: bool) -> None:
    with FaultServer(_fail_twice_then_answer) as server:
        outcome = chat(
            backend,
            server.url,
            stream=stream,
            max_retries=2,
            messages=_messages(),
            tools=_tools(),
            stop=iter(["END", "STOP"]),
        )
        assert outcome.error is None
        bodies = [request.body for request in server.requests]
    assert len(bodies) == 3
    assert bodies[0] == bodies[1] == bodies[2]
    sent = json.loads(bodies[2])
    assert [m["content"] for m in sent["messages"]] == ["Be brief.", "Hi", "Again"]
    assert sent["stop"] == ["END", "STOP"]
    assert len(sent["tools"]) == 1


UNSENDABLE: Dict[str, Dict[str, Any]] = {
    "header with a line break": {"extra_headers": {"X-Trace": "a\r\nX-Injected: 1"}},
    "non-ASCII header value": {"extra_headers": {"X-Name": "Zoë"}},
    "invalid header name": {"extra_headers": {"Bad Name": "x"}},
    "body JSON cannot encode": {"extra_body": {"seed": object()}},
    "NaN in the body": {"temperature": float("nan")},
}


@pytest.mark.parametrize("case", sorted(UNSENDABLE))
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_request_that_cannot_be_sent_fails_at_once_without_retries(backend: str, stream: bool, case: str) -> None:
    with FaultServer(answer_ok) as server:
        started = time.monotonic()
        # Retries would back off for 0.5 s and more: the error must come before any of that.
        outcome = chat(backend, server.url, stream=stream, max_retries=5, **UNSENDABLE[case])
        elapsed = time.monotonic() - started
        assert isinstance(outcome.error, RequestBuildError)
        assert isinstance(outcome.error, (TypeError, ValueError))
        assert server.accepted == 0
        assert server.count == 0
    assert elapsed < 0.5 + 0.5  # under the first backoff plus a generous allowance for a loaded machine


def test_a_default_header_that_cannot_be_sent_is_refused_at_construction() -> None:
    with pytest.raises(RequestBuildError, match="X-Team header contains a line break"):
        Cerebras(api_key=API_KEY, default_headers={"X-Team": "a\nb"}, warm_tcp_connection=False)


BAD_URLS = {
    "port out of range": ("http://127.0.0.1:99999", "invalid port"),
    "unsupported scheme": ("ftp://api.example", "http:// or https://"),
    "no scheme": ("localhost:8080", "http:// or https://"),
    "no host": ("http://", "no host"),
    "unparsable": ("http://[::1", "not a valid URL"),
}


@pytest.mark.parametrize("case", sorted(BAD_URLS))
@pytest.mark.parametrize("client_class", [Cerebras, AsyncCerebras])
def test_a_malformed_base_url_is_a_clear_error_at_construction(client_class: Any, case: str) -> None:
    url, problem = BAD_URLS[case]
    with pytest.raises(CerebrasError, match=problem):
        client_class(api_key=API_KEY, base_url=url, warm_tcp_connection=False)
    client = client_class(api_key=API_KEY, base_url="http://127.0.0.1:9", warm_tcp_connection=False)
    before = client.base_url
    with pytest.raises(CerebrasError, match=problem):
        client.with_options(base_url=url)
    with pytest.raises(CerebrasError, match=problem):
        client.base_url = url
    assert client.base_url == before  # unchanged by the refused assignment
