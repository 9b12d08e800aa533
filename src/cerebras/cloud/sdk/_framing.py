"""Keep a connection whose response was framed wrongly out of the pool, so it cannot smuggle.

A server (or a proxy) that sends more bytes than its `Content-Length` declares leaves them on
the connection; HTTP/1.1 keep-alive would hand that connection to the next request, which
would read those bytes as its own response. `guard_framing(response)` wraps the body stream of
a response on httpx's own HTTP/1.1 transport: when the response is closed (read to the end,
after the drain that follows a stream's `[DONE]`, or abandoned), a connection with bytes left
over past the body, or whose headers frame the body inconsistently (both `Content-Length`
and `Transfer-Encoding`, or several different `Content-Length`s), is closed instead of being
reused. Bytes that arrive later, while the connection waits in the pool, make httpcore drop
it before reuse. Other transports (HTTP/2, aiohttp, mocks) are left as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, AsyncIterator, Iterator, Optional

import httpx

if TYPE_CHECKING:
    import h11

__all__ = ["framing_is_inconsistent", "guard_framing"]


def framing_is_inconsistent(headers: httpx.Headers) -> bool:
    """PURE. Whether `headers` frame the body ambiguously (RFC 9112, section 6.3)."""
    lengths = {value.strip() for value in headers.get_list("content-length", split_commas=True)}
    if len(lengths) > 1:
        return True
    return bool(lengths) and "transfer-encoding" in headers


_LINKS = ("_stream", "_httpcore_stream", "_connection")
"""How the body stream leads to the connection: httpx's client stream -> its transport's
stream -> httpcore's pool stream -> the HTTP/1.1 connection's stream -> the connection."""


def _h11_state(response: httpx.Response) -> Optional[h11.Connection]:
    node: object = response.stream
    for _ in range(8):
        state = getattr(node, "_h11_state", None)
        if state is not None:
            return state
        node = next((getattr(node, link) for link in _LINKS if getattr(node, link, None) is not None), None)
        if node is None:
            return None
    return None


def _condemn_if_unclean(state: h11.Connection, inconsistent: bool) -> None:
    try:
        leftover, _closed = state.trailing_data
        if leftover or inconsistent:
            # Marks our side of the exchange failed: httpcore then closes the connection
            # when the response is closed, instead of starting the next cycle on it.
            state.send_failed()
    except Exception:  # an h11 without these (never seen): leave the connection as it is
        pass


class _SyncGuard(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, state: h11.Connection, inconsistent: bool) -> None:
        self._inner = inner
        self._state = state
        self._inconsistent = inconsistent

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._inner)

    def close(self) -> None:
        _condemn_if_unclean(self._state, self._inconsistent)
        self._inner.close()


class _AsyncGuard(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, state: h11.Connection, inconsistent: bool) -> None:
        self._inner = inner
        self._state = state
        self._inconsistent = inconsistent

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._inner.__aiter__()

    async def aclose(self) -> None:
        _condemn_if_unclean(self._state, self._inconsistent)
        await self._inner.aclose()


def guard_framing(response: httpx.Response) -> None:
    """Close `response`'s connection when it is released, if its framing was not clean."""
    if response.http_version != "HTTP/1.1":
        return
    inconsistent = framing_is_inconsistent(response.headers)
    state = _h11_state(response)
    if state is None:
        return
    stream = response.stream
    if isinstance(stream, httpx.AsyncByteStream):
        response.stream = _AsyncGuard(stream, state, inconsistent)
    else:
        response.stream = _SyncGuard(stream, state, inconsistent)
