"""Clients on the fake transport: a `Cerebras` or an `AsyncCerebras` whose requests a handler answers in memory.

For tests that cannot take the `make_client` / `api` fixtures (hypothesis tests, tests of the
testing switch itself, helpers shared by a package of tests). The key and base URL default to
`API_KEY` and `BASE_URL`; any other argument goes to the client.
"""

from __future__ import annotations

from typing import Any, Optional

import httpx

from cerebras.cloud.sdk import AsyncCerebras, Cerebras

from .fake import API_KEY, BASE_URL, Handler

__all__ = ["async_client", "sync_client"]


def sync_client(handler: Optional[Handler] = None, **kwargs: Any) -> Cerebras:
    """A `Cerebras` whose requests `handler` answers (with no handler, the client's own transport)."""
    if handler is not None:
        kwargs.setdefault("http_client", httpx.Client(transport=httpx.MockTransport(handler)))
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("base_url", BASE_URL)
    return Cerebras(**kwargs)


def async_client(handler: Optional[Handler] = None, **kwargs: Any) -> AsyncCerebras:
    """An `AsyncCerebras` whose requests `handler` answers (with no handler, the client's own transport)."""
    if handler is not None:
        kwargs.setdefault("http_client", httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("base_url", BASE_URL)
    return AsyncCerebras(**kwargs)
