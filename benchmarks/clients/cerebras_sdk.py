"""`cerebras.cloud.sdk` as a contender: ours and the official 1.91.0 share this module, since one is
a drop-in replacement for the other (which one runs depends on the virtualenv)."""

from __future__ import annotations

from typing import Any, AsyncIterable, Iterator, Optional

__all__ = ["IMPORT", "achat", "aclose", "astream", "chat", "close", "make_async", "make_sync", "models", "stream"]

IMPORT = "cerebras.cloud.sdk"
MESSAGES = [{"role": "user", "content": "Why is fast inference important?"}]
MODEL = "llama3.1-8b"
API_KEY = "sk-bench-0123456789abcdef"


def make_sync(base_url: str, warm: Optional[bool]) -> Any:
    from cerebras.cloud.sdk import Cerebras

    if warm is None:
        return Cerebras(api_key=API_KEY, base_url=base_url)
    return Cerebras(api_key=API_KEY, base_url=base_url, warm_tcp_connection=warm)


def make_async(base_url: str, aiohttp: bool) -> Any:
    from cerebras.cloud.sdk import AsyncCerebras, DefaultAioHttpClient

    if aiohttp:
        return AsyncCerebras(
            api_key=API_KEY, base_url=base_url, warm_tcp_connection=False, http_client=DefaultAioHttpClient()
        )
    return AsyncCerebras(api_key=API_KEY, base_url=base_url, warm_tcp_connection=False)


def chat(c: Any) -> Any:
    return c.chat.completions.create(messages=MESSAGES, model=MODEL)


def models(c: Any) -> Any:
    return c.models.list()


def stream(c: Any, n: int) -> Iterator[Any]:
    return iter(c.chat.completions.create(messages=MESSAGES, model=MODEL, stream=True, max_tokens=n))


def close(c: Any) -> None:
    c.close()


async def achat(c: Any) -> Any:
    return await c.chat.completions.create(messages=MESSAGES, model=MODEL)


async def astream(c: Any, n: int) -> AsyncIterable[Any]:
    return await c.chat.completions.create(messages=MESSAGES, model=MODEL, stream=True, max_tokens=n)


async def aclose(c: Any) -> None:
    await c.close()
