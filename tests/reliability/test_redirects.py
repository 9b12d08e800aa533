"""Redirects against a real server: a 3xx that is not followed raises, as in the official SDK.

With `follow_redirects=False` (the client's or a request option) httpx hands back the 3xx
itself; it must raise `APIStatusError` (status 3xx, not retried), never come back as if it were
the answer. The same holds for a 3xx that httpx does not follow at all (300, 304, a 3xx without
`location`). Checked on the sync client, the async one on asyncio and trio, and aiohttp.
"""

from __future__ import annotations

from typing import Any, List, Optional

import anyio
import httpx
import pytest

from _support.sockets import Exchange, FaultServer
from cerebras.cloud.sdk import (
    APIStatusError,
    AsyncCerebras,
    Cerebras,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
)
from cerebras.cloud.sdk._types import RequestOptions

from .runner import API_KEY, MESSAGES
from .scenarios import MODEL, answer_ok

__all__: List[str] = []

BACKENDS = ["sync", "asyncio", "trio", "aiohttp"]


def _moving(status: int, *, location: bool = True) -> Any:
    def script(exchange: Exchange) -> None:
        if exchange.request.path.startswith("/v1/"):
            headers = {"location": "/moved" + exchange.request.path} if location else {}
            body = b"" if status == 304 else b"moved elsewhere"  # a 304 never has a body
            exchange.respond(status, body, {**headers, "content-type": "text/plain"})
        else:
            answer_ok(exchange)

    return script


def _call(backend: str, url: str, *, client_follows: bool, option: Optional[bool], stream: bool = False) -> object:
    """One chat call (or, with `option` set, a low-level POST carrying `follow_redirects`)."""
    kwargs: dict[str, Any] = {"follow_redirects": client_follows}
    options: RequestOptions = {} if option is None else {"follow_redirects": option}
    body = {"model": MODEL, "messages": MESSAGES, "stream": stream}
    if backend == "sync":
        with Cerebras(
            api_key=API_KEY, base_url=url, http_client=DefaultHttpxClient(**kwargs), warm_tcp_connection=False
        ) as client:
            if option is None:
                result: Any = client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=stream)
            else:
                result = client.post("/v1/chat/completions", cast_to=object, body=body, options=options)
            return list(result) if stream else result

    async def main() -> object:
        if backend == "aiohttp":
            from cerebras.cloud.sdk import DefaultAioHttpClient

            http_client: httpx.AsyncClient = DefaultAioHttpClient(**kwargs)
        else:
            http_client = DefaultAsyncHttpxClient(**kwargs)
        async with AsyncCerebras(
            api_key=API_KEY, base_url=url, http_client=http_client, warm_tcp_connection=False
        ) as client:
            if option is None:
                result: Any = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=stream)
            else:
                result = await client.post("/v1/chat/completions", cast_to=object, body=body, options=options)
            return [item async for item in result] if stream else result

    return anyio.run(main, backend="trio" if backend == "trio" else "asyncio")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_the_client_does_not_follow_raises(backend: str, status: int) -> None:
    with FaultServer(_moving(status)) as server:
        with pytest.raises(APIStatusError) as caught:
            _call(backend, server.url, client_follows=False, option=None)
        assert type(caught.value) is APIStatusError
        assert caught.value.status_code == status
        assert str(caught.value) == "moved elsewhere"
        assert caught.value.response.headers["location"] == "/moved/v1/chat/completions"
        assert [r.path for r in server.requests] == ["/v1/chat/completions"]  # not retried, not followed


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_request_option_wins_over_the_client(backend: str) -> None:
    with FaultServer(_moving(307)) as server:
        with pytest.raises(APIStatusError) as caught:
            _call(backend, server.url, client_follows=True, option=False)
        assert caught.value.status_code == 307
        assert [r.path for r in server.requests] == ["/v1/chat/completions"]
    with FaultServer(_moving(307)) as server:
        answer = _call(backend, server.url, client_follows=False, option=True)
        assert isinstance(answer, dict)
        assert [r.path for r in server.requests] == ["/v1/chat/completions", "/moved/v1/chat/completions"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_streamed_call_that_is_redirected_raises_before_any_chunk(backend: str) -> None:
    with FaultServer(_moving(302)) as server:
        with pytest.raises(APIStatusError) as caught:
            _call(backend, server.url, client_follows=False, option=None, stream=True)
        assert caught.value.status_code == 302
        assert str(caught.value) == "moved elsewhere"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("status", "location"), [(300, True), (304, False), (302, False)])
def test_a_3xx_that_cannot_be_followed_raises_even_when_following(backend: str, status: int, location: bool) -> None:
    with FaultServer(_moving(status, location=location)) as server:
        with pytest.raises(APIStatusError) as caught:
            _call(backend, server.url, client_follows=True, option=None)
        assert caught.value.status_code == status


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_followed_redirect_still_answers(backend: str) -> None:
    with FaultServer(_moving(307)) as server:
        answer: Any = _call(backend, server.url, client_follows=True, option=None)
        assert answer.choices[0].message.content == "Hello!"
