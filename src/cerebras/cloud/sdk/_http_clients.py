"""httpx clients with the SDK's defaults: `DefaultHttpxClient`, `DefaultAsyncHttpxClient`,
`DefaultAioHttpClient`, and the internal clients a `Cerebras` client makes for itself.

(`is_timeout` and `shared_ssl_context` are imported from here too; they live in `_timeouts`
and `_ssl`.)

The client an `AsyncCerebras` makes when given none sends through `AutoAsyncTransport`
(aiohttp on asyncio, httpx's own on trio; see `_transport`). Every httpx pool these classes
build gets the linear request assignment of `_pool`.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any, Dict

import httpx

from ._config import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT
from ._ssl import shared_ssl_context
from ._timeouts import is_timeout

__all__ = [
    "AsyncHttpxClientWrapper",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "SyncHttpxClientWrapper",
    "is_timeout",
    "shared_ssl_context",
]


# `Any` in this module: the keyword arguments of httpx's client constructors, passed through as given.
def _with_defaults(kwargs: Dict[str, Any], *, http2: bool) -> Dict[str, Any]:
    kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
    kwargs.setdefault("limits", DEFAULT_CONNECTION_LIMITS)
    kwargs.setdefault("follow_redirects", True)
    if http2:
        kwargs.setdefault("http2", True)
        # Only the plain default is shared: any TLS choice of the caller's is left to httpx.
        tls_choices = ("verify", "cert", "transport", "trust_env")
        if not any(name in kwargs for name in tls_choices):
            kwargs["verify"] = shared_ssl_context(http2=bool(kwargs["http2"]))
    return kwargs


class _SetCookieCookies(httpx.Cookies):
    """`httpx.Cookies` that hands a response to the cookie jar only when it sets a cookie.

    For every response, httpx wraps the request and the response for `http.cookiejar` (copying
    the request's headers, at a cost quadratic in their number, and re-parsing its URL) before
    the jar looks for `Set-Cookie`: 20-40 µs a request, more than the SDK's own work. Without
    `Set-Cookie` or `Set-Cookie2` the jar does nothing; this skips the wrapping too.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        for name, _ in response.headers.raw:
            if name.lower() in _SET_COOKIE:
                super().extract_cookies(response)
                return


_SET_COOKIE = (b"set-cookie", b"set-cookie2")


def _with_set_cookie_check(client: httpx._client.BaseClient) -> None:
    # The same jar, behind the class above; left alone if httpx ever stores it differently.
    cookies = getattr(client, "_cookies", None)
    if type(cookies) is httpx.Cookies:
        client._cookies = _SetCookieCookies(cookies.jar)


def _with_linear_pools(client: object) -> None:
    # httpcore (and with it trio's, when installed) loads with the first transport, not at import.
    from ._pool import linear_pools

    linear_pools(getattr(client, "_transport", None))
    for transport in getattr(client, "_mounts", {}).values():
        linear_pools(transport)


class _DefaultHttpxClient(httpx.Client):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs, http2=True))
        _with_set_cookie_check(self)
        _with_linear_pools(self)


class _DefaultAsyncHttpxClient(httpx.AsyncClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs, http2=True))
        _with_set_cookie_check(self)
        _with_linear_pools(self)


def _aiohttp_client_class() -> type[httpx.AsyncClient]:
    # aiohttp is heavy to import and optional: load it only when the class is first used.
    try:
        import httpx_aiohttp
    except ImportError:

        class MissingAioHttpClient(httpx.AsyncClient):
            def __init__(self, **_kwargs: Any) -> None:
                raise RuntimeError(
                    "To use the aiohttp client you must have installed the package with the `aiohttp` extra: "
                    "pip install 'cerebras_cloud_sdk[aiohttp]'"
                )

        return MissingAioHttpClient

    base: type[httpx.AsyncClient] = httpx_aiohttp.HttpxAiohttpClient

    class AioHttpClient(base):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**_with_defaults(kwargs, http2=False))
            _with_set_cookie_check(self)

    return AioHttpClient


if TYPE_CHECKING:
    DefaultHttpxClient = httpx.Client
    """An `httpx.Client` with the SDK's defaults (timeouts, limits, redirects, HTTP/2)."""
    DefaultAsyncHttpxClient = httpx.AsyncClient
    """An `httpx.AsyncClient` with the SDK's defaults (timeouts, limits, redirects, HTTP/2)."""
    DefaultAioHttpClient = httpx.AsyncClient
    """An `httpx.AsyncClient` on aiohttp with the SDK's defaults (needs the `aiohttp` extra)."""
else:
    DefaultHttpxClient = _DefaultHttpxClient
    DefaultAsyncHttpxClient = _DefaultAsyncHttpxClient

    def __getattr__(name: str) -> type:
        if name == "DefaultAioHttpClient":
            cls = _aiohttp_client_class()
            cls.__name__ = cls.__qualname__ = "DefaultAioHttpClient"
            globals()["DefaultAioHttpClient"] = cls
            return cls
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _auto_transport(kwargs: Dict[str, Any]) -> httpx.AsyncBaseTransport:
    from ._transport import AutoAsyncTransport, aiohttp_available, make_aiohttp_transport, make_httpx_transport

    verify = kwargs.get("verify", True)
    cert = kwargs.get("cert")
    trust_env = bool(kwargs.get("trust_env", True))
    http2 = bool(kwargs.get("http2", False))
    limits: httpx.Limits = kwargs.get("limits", DEFAULT_CONNECTION_LIMITS)

    def make_httpx() -> httpx.AsyncBaseTransport:
        return make_httpx_transport(verify=verify, cert=cert, trust_env=trust_env, http2=http2, limits=limits)

    # Its own context: httpcore sets HTTP/2 in the ALPN of the one it uses, aiohttp speaks HTTP/1.1.
    aiohttp_verify = shared_ssl_context(http2=False) if isinstance(verify, ssl.SSLContext) else verify

    def make_aiohttp() -> httpx.AsyncBaseTransport:
        return make_aiohttp_transport(verify=aiohttp_verify, cert=cert, trust_env=trust_env, limits=limits)

    contexts = tuple(c for c in (verify, aiohttp_verify) if isinstance(c, ssl.SSLContext))
    return AutoAsyncTransport(
        make_httpx=make_httpx, make_aiohttp=make_aiohttp if aiohttp_available() else None, ssl_contexts=contexts
    )


_closing: set[object] = set()


class SyncHttpxClientWrapper(_DefaultHttpxClient):
    """The client a `Cerebras` makes when none is given; closes itself when collected."""

    def __del__(self) -> None:
        if self.is_closed:
            return
        try:
            self.close()
        except Exception:
            pass


class AsyncHttpxClientWrapper(_DefaultAsyncHttpxClient):
    """The client an `AsyncCerebras` makes when none is given; closed on its loop when collected.

    Sends through `AutoAsyncTransport`: aiohttp on asyncio, httpx's own transport on trio.
    """

    # httpx calls it with keywords only; their set differs between httpx releases.
    def _init_transport(self, **kwargs: Any) -> httpx.AsyncBaseTransport:  # pyright: ignore[reportIncompatibleMethodOverride]
        if kwargs.get("transport") is not None or kwargs.get("app") is not None:
            return super()._init_transport(**kwargs)
        return _auto_transport(kwargs)

    def __del__(self) -> None:
        if self.is_closed:
            return
        try:
            import asyncio

            loop = asyncio.get_running_loop()
            task = loop.create_task(self.aclose())
            _closing.add(task)
            task.add_done_callback(_closing.discard)
        except Exception:
            pass
