"""The floor: hand-written httpx calls doing the same HTTP requests and JSON parsing as an SDK.

One `httpx.Client` (or `AsyncClient`) and its pool is reused for every call. Bodies go out with
`json=`; answers are checked for status and decoded with `json.loads`; streams are read with
`iter_lines()` and one `json.loads` per `data:` line. A stream is read to the end of its body
(past `[DONE]`) so that its connection goes back to the pool, as a careful hand-written loop does.

The contract every contender module follows:

* `IMPORT` - the module whose import time is measured;
* `make_sync(base_url, warm)` / `make_async(base_url, aiohttp)` - a client (`warm`: `False` for
  warming off, `None` for the library's default);
* `chat(c)`, `models(c)`, `stream(c, n)` (an iterator of parsed chunks), `close(c)`, and the
  async twins `achat(c)`, `astream(c, n)` (awaited, gives an async iterable), `aclose(c)`.
"""

from __future__ import annotations

import json
from typing import Any, AsyncIterable, AsyncIterator, Iterator, Optional

import httpx

__all__ = ["IMPORT", "achat", "aclose", "astream", "chat", "close", "make_async", "make_sync", "models", "stream"]

IMPORT = "httpx"
MESSAGES = [{"role": "user", "content": "Why is fast inference important?"}]
MODEL = "llama3.1-8b"
_HEADERS = {"Authorization": "Bearer sk-bench-0123456789abcdef"}


class _Raw:
    def __init__(self, http: Any, base_url: str) -> None:
        self.http = http
        self.chat_url = base_url + "/v1/chat/completions"
        self.models_url = base_url + "/v1/models"


def make_sync(base_url: str, warm: Optional[bool]) -> _Raw:  # noqa: ARG001 (no warming to turn off)
    return _Raw(httpx.Client(headers=_HEADERS), base_url)


def make_async(base_url: str, aiohttp: bool) -> _Raw:
    if aiohttp:
        from httpx_aiohttp import HttpxAiohttpClient

        return _Raw(HttpxAiohttpClient(headers=_HEADERS), base_url)
    return _Raw(httpx.AsyncClient(headers=_HEADERS), base_url)


def _check(response: httpx.Response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")


def chat(c: _Raw) -> Any:
    response = c.http.post(c.chat_url, json={"messages": MESSAGES, "model": MODEL})
    _check(response)
    return json.loads(response.content)


def models(c: _Raw) -> Any:
    response = c.http.get(c.models_url)
    _check(response)
    return json.loads(response.content)


def stream(c: _Raw, n: int) -> Iterator[Any]:
    body = {"messages": MESSAGES, "model": MODEL, "stream": True, "max_tokens": n}
    with c.http.stream("POST", c.chat_url, json=body) as response:
        _check(response)
        for line in response.iter_lines():
            if line.startswith("data: "):
                data = line[6:]
                if data != "[DONE]":
                    yield json.loads(data)


def close(c: _Raw) -> None:
    c.http.close()


async def achat(c: _Raw) -> Any:
    response = await c.http.post(c.chat_url, json={"messages": MESSAGES, "model": MODEL})
    _check(response)
    return json.loads(response.content)


async def astream(c: _Raw, n: int) -> AsyncIterable[Any]:
    return _astream(c, n)


async def _astream(c: _Raw, n: int) -> AsyncIterator[Any]:
    body = {"messages": MESSAGES, "model": MODEL, "stream": True, "max_tokens": n}
    async with c.http.stream("POST", c.chat_url, json=body) as response:
        _check(response)
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                data = line[6:]
                if data != "[DONE]":
                    yield json.loads(data)


async def aclose(c: _Raw) -> None:
    await c.http.aclose()
