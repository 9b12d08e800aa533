"""httpx clients with the SDK's defaults: `DefaultHttpxClient`, `DefaultAsyncHttpxClient`,
`DefaultAioHttpClient`, and the internal clients a `Cerebras` client makes for itself."""

from __future__ import annotations

import os
import ssl
import threading
from typing import TYPE_CHECKING, Any, Dict, Tuple

import httpx

from ._config import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT

__all__ = [
    "AsyncHttpxClientWrapper",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "SyncHttpxClientWrapper",
    "is_timeout",
    "shared_ssl_context",
]


_SSL_ENVIRONMENT = ("SSL_CERT_FILE", "SSL_CERT_DIR", "SSLKEYLOGFILE")
_ssl_contexts: Dict[Tuple[object, ...], ssl.SSLContext] = {}
_ssl_lock = threading.Lock()


def shared_ssl_context(*, http2: bool) -> ssl.SSLContext:
    """The verifying SSL context httpx would build by default, built once per process.

    Loading the CA bundle costs tens of milliseconds, which httpx pays for every client it
    makes; sharing one context makes a client's construction (and `copy()`) nearly free, and
    keeps `AsyncCerebras()` from stalling its event loop. An `SSLContext` is safe to share
    between threads and loops. The key holds the variables httpx reads when `trust_env` is
    on, and the HTTP/2 flag, because httpcore sets the ALPN protocols on the context before
    each handshake: clients that share a context always set the same ones.
    """
    key = (http2, *(os.environ.get(name) for name in _SSL_ENVIRONMENT))
    with _ssl_lock:
        context = _ssl_contexts.get(key)
        if context is None:
            context = httpx.create_ssl_context(verify=True, trust_env=True)
            _ssl_contexts[key] = context
    return context


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


def _with_set_cookie_check(client: Any) -> None:
    # The same jar, behind the class above; left alone if httpx ever stores it differently.
    cookies = getattr(client, "_cookies", None)
    if type(cookies) is httpx.Cookies:
        client._cookies = _SetCookieCookies(cookies.jar)


def is_timeout(exc: BaseException) -> bool:
    """Whether a failed send or body read timed out (rather than being refused, reset, ...).

    httpx-aiohttp reports every aiohttp connection failure, a refused connection or a reset
    included, as `httpx.ConnectTimeout`; the aiohttp exception it chains tells the truth.
    """
    if not isinstance(exc, httpx.TimeoutException):
        return False
    cause = exc.__cause__
    if cause is None or not type(cause).__module__.startswith("aiohttp"):
        return True
    import asyncio  # only reached with the aiohttp backend, which runs on asyncio

    return isinstance(cause, (TimeoutError, asyncio.TimeoutError))


class _DefaultHttpxClient(httpx.Client):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs, http2=True))
        _with_set_cookie_check(self)


class _DefaultAsyncHttpxClient(httpx.AsyncClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(kwargs, http2=True))
        _with_set_cookie_check(self)


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

    def __getattr__(name: str) -> Any:
        if name == "DefaultAioHttpClient":
            cls = _aiohttp_client_class()
            cls.__name__ = cls.__qualname__ = "DefaultAioHttpClient"
            globals()["DefaultAioHttpClient"] = cls
            return cls
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_closing: set[Any] = set()


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
    """The client an `AsyncCerebras` makes when none is given; closed on its loop when collected."""

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
