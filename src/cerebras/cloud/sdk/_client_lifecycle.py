"""What the two clients do differently around their requests: warming, fork safety, closing.

Everything else in `Cerebras` is `AsyncCerebras` without `await` (and is generated from it);
these two mixins are not. A sync client warms its pool on a worker thread and gives its pool
a fresh start in a forked child; an async client warms as a task of the running event loop
(or, built outside one, when it is entered), and cancels that task before closing its pool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional, TypeVar

import httpx

from ._fork import survive_fork
from ._sender import async_library
from ._warming import WarmUp, start_async_warm_up, start_warm_up, stop_async_warm_up

if TYPE_CHECKING:
    from ._http import AsyncSender, SyncSender

__all__ = ["AsyncClientLifecycle", "ClientLifecycle"]

_SyncT = TypeVar("_SyncT", bound="ClientLifecycle")
_AsyncT = TypeVar("_AsyncT", bound="AsyncClientLifecycle")


class ClientLifecycle:
    """`Cerebras`'s warm-up (a worker thread), fork safety and `close()`."""

    _client: httpx.Client
    _sender: SyncSender

    def _start(self, warm: bool) -> None:
        """Called by the constructor once `_client` and `_sender` are set."""
        survive_fork(self._client)  # a forked child starts with an empty pool (see `_fork`)
        self._warm_thread: Optional[WarmUp] = None  # `client._warm_thread.join()` waits for it
        if warm:
            self._warm_thread = start_warm_up(self._sender)

    def close(self) -> None:
        """Close the underlying httpx client (also when it was passed in, and for its copies)."""
        if not hasattr(self, "_client"):
            return
        warm_up: Optional[WarmUp] = getattr(self, "_warm_thread", None)
        warming = warm_up is not None and warm_up.is_alive()
        try:
            self._client.close()
        except RuntimeError:
            # httpcore < 1.0 closes every connection and then refuses, because a request is in
            # flight: when that request is this client's own warm-up, the pool is closed all the same.
            if not warming:
                raise

    def __enter__(self: _SyncT) -> _SyncT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClientLifecycle:
    """`AsyncCerebras`'s warm-up (a task on the running event loop, asyncio or trio), `close()`,
    and the event loop library named in the `X-Stainless-Async` header.

    A client built outside a running loop warms when it is entered with `async with` (or
    simply opens the connection on its first request); warming never blocks.
    """

    _client: httpx.AsyncClient
    _sender: AsyncSender

    def _start(self, warm: bool) -> None:
        """Called by the constructor once `_client` and `_sender` are set."""
        self._warm_task: object = None
        self._warm_cancel: Optional[Callable[[], object]] = None
        self._warm_pending = warm
        if warm:
            self._start_warming()

    def _async_marker(self) -> str:
        library = async_library()
        return "false" if library is None else f"async:{library}"

    def _start_warming(self) -> None:
        """Warm as a background task of the running event loop; without one, stay pending."""
        started = start_async_warm_up(self._sender)
        if started is not None:
            self._warm_task, self._warm_cancel = started
            self._warm_pending = False

    async def close(self) -> None:
        """Close the underlying httpx client (also when it was passed in, and for its copies)."""
        await self._stop_warming()
        if hasattr(self, "_client"):
            await self._client.aclose()

    async def _stop_warming(self) -> None:
        # A warm-up still in flight must not race the pool's shutdown.
        cancel = getattr(self, "_warm_cancel", None)
        if cancel is not None:
            self._warm_cancel = None
            await stop_async_warm_up(self._warm_task, cancel)

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        if self._warm_pending:
            self._start_warming()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
