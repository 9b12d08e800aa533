"""Helpers of the hostile-server tests: one chat call on a chosen backend, collecting what came back.

Backends: `sync` (`Cerebras`), `asyncio` (`AsyncCerebras` on httpx's own transport) and
`aiohttp` (`AsyncCerebras` with `DefaultAioHttpClient`). Each call gets a fresh client, closed
before returning; the items a stream yielded before failing are kept with the exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

import anyio

from cerebras.cloud.sdk import AsyncCerebras, Cerebras

from .runner import API_KEY, MESSAGES
from .scenarios import MODEL

__all__ = ["BACKENDS", "Outcome", "chat"]

BACKENDS = ("sync", "asyncio", "aiohttp")


@dataclass
class Outcome:
    """What one call returned: its items (the completion, or the stream's chunks), or its error."""

    items: List[Any] = field(default_factory=lambda: [])
    error: Optional[BaseException] = None


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
    options = dict(client_options or {})
    params = _params(params)
    if backend == "sync":
        outcome = Outcome()
        with Cerebras(
            api_key=api_key,
            base_url=url,
            max_retries=max_retries,
            timeout=timeout,
            warm_tcp_connection=False,
            **options,
        ) as client:
            try:
                if stream:
                    for item in client.chat.completions.create(stream=True, **params):
                        outcome.items.append(item)
                else:
                    outcome.items.append(client.chat.completions.create(**params))
            except Exception as exc:
                outcome.error = exc
        return outcome
    return anyio.run(_achat, backend, url, stream, api_key, max_retries, timeout, options, params)


async def _achat(
    backend: str,
    url: str,
    stream: bool,
    api_key: str,
    max_retries: int,
    timeout: float,
    options: Dict[str, Any],
    params: Dict[str, Any],
) -> Outcome:
    if backend == "aiohttp":
        from cerebras.cloud.sdk import DefaultAioHttpClient

        options.setdefault("http_client", DefaultAioHttpClient())
    outcome = Outcome()
    async with AsyncCerebras(
        api_key=api_key,
        base_url=url,
        max_retries=max_retries,
        timeout=timeout,
        warm_tcp_connection=False,
        **options,
    ) as client:
        try:
            if stream:
                async for item in await client.chat.completions.create(stream=True, **params):
                    outcome.items.append(item)
            else:
                outcome.items.append(await client.chat.completions.create(**params))
        except Exception as exc:
            outcome.error = exc
    return outcome
