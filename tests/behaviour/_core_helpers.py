"""Helpers for the behaviour tests of the core: a scripted fake server and a sync/async call shim.

The same `Server` serves both clients through `httpx.MockTransport`; `resolve()` awaits what
the async client returns and passes the sync client's results through, so one test body
exercises both clients.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Union

import httpx

__all__ = [
    "CHAT_COMPLETION",
    "CHUNK_SSE",
    "COMPLETION",
    "Api",
    "Server",
    "body_of",
    "reply",
    "resolve",
]

Reply = Union[Callable[[httpx.Request], httpx.Response], BaseException]

CHAT_COMPLETION: Dict[str, Any] = {
    "id": "chatcmpl-7d1e2f30",
    "object": "chat.completion",
    "created": 1735689600,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_5a1b2c",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "7"}}],
    "usage": {"prompt_tokens": 21, "completion_tokens": 2, "total_tokens": 23},
    "time_info": {"queue_time": 0.00012, "prompt_time": 0.0009, "completion_time": 0.0011, "total_time": 0.0031},
}

COMPLETION: Dict[str, Any] = {
    "id": "cmpl-41c0",
    "object": "text_completion",
    "created": 1735689700,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_5a1b2c",
    "choices": [{"index": 0, "text": " violets are blue", "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9},
}

CHUNK_SSE = (
    b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"f",'
    b'"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n'
    b"data: [DONE]\n\n"
)


def reply(
    status: int = 200,
    json_body: object = None,
    *,
    content: Optional[bytes] = None,
    headers: Optional[Dict[str, str]] = None,
    content_type: Optional[str] = "application/json",
) -> Callable[[httpx.Request], httpx.Response]:
    """A reply that builds a fresh `httpx.Response` for every request it answers."""

    def make(request: httpx.Request) -> httpx.Response:
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers.setdefault("content-type", content_type)
        data = content if content is not None else json.dumps(json_body).encode()
        # A stream (not `content=`), so the body is read and closed as a network body would be.
        return httpx.Response(status, stream=httpx.ByteStream(data), headers=all_headers, request=request)

    return make


class Server:
    """A `MockTransport` handler answering from a script; the last reply repeats."""

    def __init__(self, *replies: Reply) -> None:
        self.replies: List[Reply] = list(replies) or [reply(200, CHAT_COMPLETION)]
        self.requests: List[httpx.Request] = []
        self.responses: List[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(step, BaseException):
            raise step
        response = step(request)
        self.responses.append(response)
        return response

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def header_values(self, name: str) -> List[Optional[str]]:
        """`name` on every request received, in order."""
        return [r.headers.get(name) for r in self.requests]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


async def resolve(value: Any) -> Any:
    """Await `value` if the async client returned an awaitable; else return it."""
    if inspect.isawaitable(value):
        return await value
    return value


@dataclass
class Api:
    """Makes a sync or an async client (per the test's parameter) on a fake server."""

    is_async: bool
    _make_sync: Callable[..., Any]
    _make_async: Callable[..., Any]

    def client(self, server: Optional[Server] = None, **kwargs: Any) -> Any:
        make = self._make_async if self.is_async else self._make_sync
        return make(server if server is not None else Server(), **kwargs)

    def http_client(self, server: Server, **kwargs: Any) -> Union[httpx.Client, httpx.AsyncClient]:
        transport = httpx.MockTransport(server)
        if self.is_async:
            return httpx.AsyncClient(transport=transport, **kwargs)
        return httpx.Client(transport=transport, **kwargs)

    @property
    def async_header(self) -> str:
        return "async:asyncio" if self.is_async else "false"
