"""Helpers of the hostile-server tests: chat calls on a chosen backend, collecting what came back.

Backends (`BACKENDS`): `sync` (`Cerebras`), `asyncio` (`AsyncCerebras` with its default
transport: aiohttp on asyncio) and `aiohttp` (`AsyncCerebras` with `DefaultAioHttpClient`).
`ALL_BACKENDS` adds `trio` (the default transport on trio: httpx's own) and `httpx_asyncio` /
`httpx_trio` (`DefaultAsyncHttpxClient` on either loop). Each helper call gets a fresh client,
closed before returning; the items a stream yielded before failing are kept with the exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

import anyio

from cerebras.cloud.sdk import AsyncCerebras, Cerebras

from .runner import API_KEY, MESSAGES
from .scenarios import MODEL

__all__ = ["ALL_BACKENDS", "BACKENDS", "Outcome", "chat", "chats", "client_for"]

BACKENDS = ("sync", "asyncio", "aiohttp")
ALL_BACKENDS = ("sync", "asyncio", "trio", "httpx_asyncio", "httpx_trio", "aiohttp")


@dataclass
class Outcome:
    """What one call returned: its items (the completion, or the stream's chunks), or its error."""

    items: List[Any] = field(default_factory=lambda: [])
    error: Optional[BaseException] = None


def client_for(backend: str, url: str, **options: Any) -> Any:
    """A client of `backend` on `url`: the key `API_KEY`, no retries and no warm-up unless `options`
    say otherwise. For an async backend, make it inside the event loop it will run on."""
    options = {"api_key": API_KEY, "max_retries": 0, "warm_tcp_connection": False, **options}
    if backend == "sync":
        return Cerebras(base_url=url, **options)
    if backend == "aiohttp":
        from cerebras.cloud.sdk import DefaultAioHttpClient

        options.setdefault("http_client", DefaultAioHttpClient())
    elif backend.startswith("httpx_"):
        from cerebras.cloud.sdk import DefaultAsyncHttpxClient

        options.setdefault("http_client", DefaultAsyncHttpxClient())
    return AsyncCerebras(base_url=url, **options)


def _params(params: Dict[str, Any]) -> Dict[str, Any]:
    params.setdefault("model", MODEL)
    params.setdefault("messages", MESSAGES)
    return params


def chat(
    backend: str,
    url: str,
    *,
    stream: bool,
    api_key: str = API_KEY,
    max_retries: int = 0,
    timeout: float = 5.0,
    client_options: Optional[Mapping[str, Any]] = None,
    **params: Any,
) -> Outcome:
    """One `chat.completions.create` call on `backend` against `url`."""
    return chats(
        backend,
        url,
        stream=stream,
        api_key=api_key,
        max_retries=max_retries,
        timeout=timeout,
        client_options=client_options,
        **params,
    )[0]


def chats(
    backend: str,
    url: str,
    *,
    stream: bool,
    calls: int = 1,
    api_key: str = API_KEY,
    max_retries: int = 0,
    timeout: float = 5.0,
    client_options: Optional[Mapping[str, Any]] = None,
    **params: Any,
) -> List[Outcome]:
    """`calls` successive `chat.completions.create` calls on one client of `backend` (so a later
    call may reuse the connection of an earlier one); one `Outcome` each."""
    options: Dict[str, Any] = {
        "api_key": api_key,
        "max_retries": max_retries,
        "timeout": timeout,
        **(client_options or {}),
    }
    params = _params(params)
    if backend == "sync":
        outcomes: List[Outcome] = []
        with client_for(backend, url, **options) as client:
            for _ in range(calls):
                outcome = Outcome()
                outcomes.append(outcome)
                try:
                    if stream:
                        for item in client.chat.completions.create(stream=True, **params):
                            outcome.items.append(item)
                    else:
                        outcome.items.append(client.chat.completions.create(**params))
                except Exception as exc:
                    outcome.error = exc
        return outcomes
    loop = "trio" if backend.endswith("trio") else "asyncio"
    return anyio.run(_achats, backend, url, stream, calls, options, params, backend=loop)


async def _achats(
    backend: str, url: str, stream: bool, calls: int, options: Dict[str, Any], params: Dict[str, Any]
) -> List[Outcome]:
    outcomes: List[Outcome] = []
    async with client_for(backend, url, **options) as client:
        for _ in range(calls):
            outcome = Outcome()
            outcomes.append(outcome)
            try:
                if stream:
                    async for item in await client.chat.completions.create(stream=True, **params):
                        outcome.items.append(item)
                else:
                    outcome.items.append(await client.chat.completions.create(**params))
            except Exception as exc:
                outcome.error = exc
    return outcomes
