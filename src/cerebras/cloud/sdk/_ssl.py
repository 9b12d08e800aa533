"""One verifying SSL context per process (per HTTP/2 flag and SSL environment), shared by every client."""

from __future__ import annotations

import os
import ssl
import threading
from typing import Dict, Tuple

import httpx

__all__ = ["shared_ssl_context"]

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
