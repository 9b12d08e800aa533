"""openai-python as a contender, pointed at the local server (`base_url` ends in `/v1`)."""

from __future__ import annotations

from typing import Any, AsyncIterable, Iterator, Optional

__all__ = ["IMPORT", "achat", "aclose", "astream", "chat", "close", "make_async", "make_sync", "models", "stream"]

IMPORT = "openai"
MESSAGES = [{"role": "user", "content": "Why is fast inference important?"}]
MODEL = "llama3.1-8b"
API_KEY = "sk-bench-0123456789abcdef"


def make_sync(base_url: str, warm: Optional[bool]) -> Any:  # noqa: ARG001 (no warming to turn off)
    from openai import OpenAI

    return OpenAI(api_key=API_KEY, base_url=base_url + "/v1")


def make_async(base_url: str, aiohttp: bool) -> Any:
    from openai import AsyncOpenAI, DefaultAioHttpClient

    if aiohttp:
        return AsyncOpenAI(api_key=API_KEY, base_url=base_url + "/v1", http_client=DefaultAioHttpClient())
    return AsyncOpenAI(api_key=API_KEY, base_url=base_url + "/v1")


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
