"""PURE. Whether a failed send or body read timed out, whichever transport (httpx's or aiohttp's) failed."""

from __future__ import annotations

import httpx

__all__ = ["is_timeout"]


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
