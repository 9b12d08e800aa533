"""The default async transport: aiohttp's pool on asyncio, httpx's own everywhere else.

`AsyncCerebras()` with no `http_client` sends through `AutoAsyncTransport`. Each request goes
to the transport that suits the event loop it runs on:

* asyncio, with `aiohttp` and `httpx-aiohttp` installed (they are dependencies): an
  `httpx_aiohttp.AiohttpTransport` over one aiohttp session per event loop. aiohttp parses
  HTTP/1.1 in C and its pool costs the same per request at any concurrency; with hundreds of
  concurrent streams it spends a fraction of the CPU httpcore does.
* trio (aiohttp runs only on asyncio), or aiohttp missing: httpx's `AsyncHTTPTransport`
  (httpcore, HTTP/2 when the server offers it), with the linear pool of `_pool`.

Both are built lazily, with the same limits, TLS settings and timeouts (httpx passes the
request's timeouts to either). aiohttp speaks HTTP/1.1 only: on asyncio the default client
never negotiates HTTP/2.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Tuple, Union

import httpx

if TYPE_CHECKING:
    from httpx._types import CertTypes
import sniffio

__all__ = ["AutoAsyncTransport", "aiohttp_available", "make_aiohttp_transport", "make_httpx_transport"]


_found: List[bool] = []


def aiohttp_available() -> bool:
    """Whether `aiohttp` and `httpx-aiohttp` can be imported (found once, without importing them)."""
    if not _found:
        from importlib.util import find_spec

        _found.append(find_spec("aiohttp") is not None and find_spec("httpx_aiohttp") is not None)
    return _found[0]


class AutoAsyncTransport(httpx.AsyncBaseTransport):
    """Sends on aiohttp under asyncio (one session per loop), on httpcore under trio."""

    def __init__(
        self,
        *,
        make_httpx: Callable[[], httpx.AsyncBaseTransport],
        make_aiohttp: Optional[Callable[[], httpx.AsyncBaseTransport]],
        ssl_contexts: Tuple[ssl.SSLContext, ...] = (),
    ) -> None:
        self.ssl_contexts = ssl_contexts
        """The TLS contexts the two transports verify servers with (before they are built)."""
        self._make_httpx = make_httpx
        self._make_aiohttp = make_aiohttp
        self._httpx: Optional[httpx.AsyncBaseTransport] = None
        self._aiohttp: Optional[httpx.AsyncBaseTransport] = None
        self._aiohttp_loop: Optional[object] = None

    @property
    def active(self) -> Optional[httpx.AsyncBaseTransport]:
        """The aiohttp transport if one was made, else httpx's (`None` before the first request)."""
        return self._aiohttp if self._aiohttp is not None else self._httpx

    def _pick(self) -> httpx.AsyncBaseTransport:
        if self._make_aiohttp is not None and sniffio.current_async_library() == "asyncio":
            import asyncio

            loop = asyncio.get_running_loop()
            transport = self._aiohttp
            if transport is not None and self._aiohttp_loop is loop:
                return transport
            if transport is not None:
                _abandon(transport)
            transport = self._aiohttp = self._make_aiohttp()
            self._aiohttp_loop = loop
            return transport
        transport = self._httpx
        if transport is None:
            transport = self._httpx = self._make_httpx()
        return transport

    def _on_its_loop(self) -> bool:
        if sniffio.current_async_library() != "asyncio":
            return False
        import asyncio

        return asyncio.get_running_loop() is self._aiohttp_loop

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pick().handle_async_request(request)

    async def aclose(self) -> None:
        aiohttp_transport, self._aiohttp = self._aiohttp, None
        httpx_transport, self._httpx = self._httpx, None
        if aiohttp_transport is not None:
            if self._on_its_loop():
                await aiohttp_transport.aclose()
            else:  # made on another event loop, which may be closed by now: let go of it
                _abandon(aiohttp_transport)
        if httpx_transport is not None:
            await httpx_transport.aclose()

    def __del__(self) -> None:
        # Never closed (a client left open at exit, or dropped): close what can be closed now,
        # quietly, instead of aiohttp reporting an unclosed session through the event loop.
        transport = self._aiohttp
        if transport is not None:
            self._aiohttp = None
            _abandon(transport)


def _abandon(transport: httpx.AsyncBaseTransport) -> None:
    """Let go of an aiohttp transport made on another event loop (one that is not running
    here, and may be closed): its connections are closed as far as that loop allows, and its
    session counts as closed, so nothing warns about it later."""
    # Private attributes of aiohttp's session and connector, found by duck typing: `Any`.
    session: Any = getattr(transport, "client", None)
    connector: Any = getattr(session, "_connector", None)
    if connector is None:
        return
    loop: Any = getattr(connector, "_loop", None)
    if loop is not None and loop.is_closed():
        # A closed loop cannot close its transports: close their sockets directly.
        protocols = [protocol for idle in connector._conns.values() for protocol, _ in idle]
        for protocol in [*protocols, *connector._acquired]:
            _close_socket(getattr(protocol, "transport", None))
    try:
        connector._close()
    except Exception:
        pass
    session._connector = None


def _close_socket(transport: object) -> None:
    inner = getattr(getattr(transport, "_ssl_protocol", None), "_transport", None)
    raw: Any = inner if inner is not None else transport  # an asyncio transport: its private `_sock`
    sock = getattr(raw, "_sock", None)
    if sock is not None:
        try:
            sock.close()
            raw._sock = None
        except Exception:
            pass


def make_aiohttp_transport(
    *, verify: Union[ssl.SSLContext, bool, str], cert: Optional[CertTypes], trust_env: bool, limits: httpx.Limits
) -> httpx.AsyncBaseTransport:
    """An `httpx_aiohttp.AiohttpTransport` with these settings (needs the package)."""
    from httpx_aiohttp import AiohttpTransport

    return AiohttpTransport(verify=verify, cert=cert, trust_env=trust_env, limits=limits)


def make_httpx_transport(
    *,
    verify: Union[ssl.SSLContext, bool, str],
    cert: Optional[CertTypes],
    trust_env: bool,
    http2: bool,
    limits: httpx.Limits,
) -> httpx.AsyncBaseTransport:
    """httpx's own transport with these settings, on the linear pool."""
    from ._deadline import bound_by_deadline
    from ._pool import linear_pools  # loads httpcore: only once this transport is needed

    transport = httpx.AsyncHTTPTransport(verify=verify, cert=cert, trust_env=trust_env, http2=http2, limits=limits)
    linear_pools(transport)
    bound_by_deadline(transport)
    return transport
