"""The one sync/async driver: a test body written once runs against `Cerebras` and `AsyncCerebras`.

The `api` fixture (`tests/conftest.py`) is parametrised `sync`/`async` and hands a `Driver`;
`await resolve(client.x.y(...))` awaits what the async client returns and passes the sync
client's results through, and `drain`, `text`, `next` and `close` do the same for streams.
"""

from __future__ import annotations

import inspect
from typing import Any, Awaitable, Callable, List, Optional, Union

import httpx

from .fake import FakeApi, Handler

__all__ = ["Driver", "Method", "close", "drain", "resolve"]

Method = Callable[..., Awaitable[Any]]
"""A client method as `Driver.method` hands it: a coroutine function for either client kind."""


async def resolve(value: Any) -> Any:
    """Await `value` if the async client returned an awaitable; else return it."""
    if inspect.isawaitable(value):
        return await value
    return value


async def drain(stream: Any) -> List[Any]:
    """Every item of a sync or an async iterable."""
    if hasattr(stream, "__aiter__"):
        return [item async for item in stream]
    return list(stream)


async def close(closable: Any) -> None:
    """`close()` a sync or an async client, stream or response."""
    await resolve(closable.close())


class Driver:
    """Makes a sync or an async client (per the test's parameter) on a fake API, and drives it."""

    def __init__(
        self,
        is_async: bool,
        make_sync: Callable[..., Any],
        make_async: Callable[..., Any],
    ) -> None:
        self.is_async = is_async
        self._make_sync = make_sync
        self._make_async = make_async

    def client(self, handler: Optional[Handler] = None, **kwargs: Any) -> Any:
        """A client of this driver's kind on `handler` (a new `FakeApi()` if none)."""
        make = self._make_async if self.is_async else self._make_sync
        return make(handler if handler is not None else FakeApi(), **kwargs)

    def http_client(self, handler: Handler, **kwargs: Any) -> Union[httpx.Client, httpx.AsyncClient]:
        """An httpx client of this driver's kind on `handler`."""
        transport = httpx.MockTransport(handler)
        if self.is_async:
            return httpx.AsyncClient(transport=transport, **kwargs)
        return httpx.Client(transport=transport, **kwargs)

    def method(self, handler: Handler, path: str, **defaults: Any) -> Method:
        """`client.<path>` (dotted) of a new client of this kind on `handler`, as a coroutine function
        whatever the kind, calling with `defaults` unless the caller overrides them."""
        target: Any = self.client(handler)
        for name in path.split("."):
            target = getattr(target, name)

        async def call(**kwargs: Any) -> Any:
            return await resolve(target(**{**defaults, **kwargs}))

        return call

    @property
    def async_header(self) -> str:
        """The `x-stainless-async` header this driver's client sends."""
        return "async:asyncio" if self.is_async else "false"

    async def items(self, stream: Any) -> List[Any]:
        """Every item of a stream."""
        if self.is_async:
            return [item async for item in stream]
        return list(stream)

    async def text(self, stream: Any) -> List[str]:
        """Every piece of a stream's `text()`."""
        if self.is_async:
            return [piece async for piece in stream.text()]
        return list(stream.text())

    async def next(self, stream: Any) -> Any:
        """The next item of a stream."""
        return await stream.__anext__() if self.is_async else next(stream)

    async def close(self, closable: Any) -> None:
        """Close a stream, response or client."""
        if self.is_async:
            await closable.close()
        else:
            closable.close()
