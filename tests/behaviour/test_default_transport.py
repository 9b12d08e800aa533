"""The default async transport, end to end against the local emulator: aiohttp on asyncio (one
session per event loop), httpx's own transport on trio, and both closed by `close()`."""

from __future__ import annotations

import asyncio
from typing import Any, Iterator, List

import anyio
import pytest

from cerebras.cloud.sdk import AsyncCerebras
from cerebras.cloud.sdk.testing import LocalServer

MODEL = "llama3.1-8b"
MESSAGES: List[Any] = [{"role": "user", "content": "Hi"}]


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


async def _ask(client: AsyncCerebras) -> str:
    completion = await client.chat.completions.create(model=MODEL, messages=MESSAGES, max_tokens=4)
    stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, max_tokens=4, stream=True)
    streamed = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])
    assert streamed == completion.choices[0].message.content
    return type(client._client._transport.active).__name__  # type: ignore[attr-defined]


@pytest.mark.parametrize(("backend", "expected"), [("asyncio", "AiohttpTransport"), ("trio", "AsyncHTTPTransport")])
def test_the_transport_follows_the_event_loop(server: LocalServer, backend: str, expected: str) -> None:
    async def main() -> str:
        async with server.async_client(max_retries=0) as client:
            return await _ask(client)

    assert anyio.run(main, backend=backend) == expected


def test_one_client_on_two_event_loops_in_turn(server: LocalServer) -> None:
    # aiohttp's session belongs to the loop it was made on: a second `asyncio.run` gets its own.
    client = server.async_client(max_retries=0)
    sessions: List[Any] = []

    async def use() -> None:
        await _ask(client)
        sessions.append(client._client._transport.active.client)  # type: ignore[attr-defined]

    asyncio.run(use())
    asyncio.run(use())
    assert sessions[0] is not sessions[1]
    assert sessions[0].closed  # let go of, quietly, when the second loop took over
    asyncio.run(client.close())
    assert sessions[1].closed


async def test_an_http_client_given_is_used_as_is(server: LocalServer) -> None:
    from cerebras.cloud.sdk import DefaultAsyncHttpxClient

    http_client = DefaultAsyncHttpxClient()
    async with AsyncCerebras(
        api_key=server.api_key, base_url=server.base_url, http_client=http_client, max_retries=0
    ) as client:
        assert client._client is http_client
        assert type(http_client._transport).__name__ == "AsyncHTTPTransport"
        completion = await client.chat.completions.create(model=MODEL, messages=MESSAGES, max_tokens=4)
        assert completion.choices[0].message.content
