"""Reading a streamed body: its chunks, failures mapped to typed errors, and the bounded drain
after `[DONE]` that returns an HTTP/1.1 connection to the pool."""

from __future__ import annotations

import time
from typing import Any, AsyncIterator, Callable, Dict, Iterator, Optional, cast

import httpx

from ._exceptions import APIConnectionError, APITimeoutError
from ._http_clients import is_timeout
from ._secrets import forget_locals

__all__ = ["STREAM_ERRORS", "abody_chunks", "adrain", "body_chunks", "drain", "stream_failure", "truncated"]

_DRAIN_TIMEOUT_S = 1.0
_DRAIN_MAX_BYTES = 1 << 20


def stream_failure(exc: Exception, response: httpx.Response) -> APIConnectionError:
    forget_locals(exc)  # the transport's frames hold the request headers
    if is_timeout(exc):
        return APITimeoutError(request=response.request)
    return APIConnectionError(
        message=f"The stream was interrupted: {str(exc) or type(exc).__name__}", request=response.request
    )


def truncated(response: httpx.Response) -> APIConnectionError:
    return APIConnectionError(message="The stream ended in the middle of an event.", request=response.request)


STREAM_ERRORS = (httpx.RequestError, httpx.StreamError)
"""What reading a body can raise: transport failures, timeouts, bad content encodings."""


def _bound_reads(response: httpx.Response) -> Callable[[], None]:
    """Cap every socket read of `response`'s HTTP/1.1 connection at `_DRAIN_TIMEOUT_S`.

    httpcore fixes the read timeout when the body starts streaming, so the wait for the end of
    a body after `[DONE]` cannot be shortened through the request's timeout; instead, the
    connection's network stream (exposed by httpcore as the `network_stream` response
    extension) gets a bounded `read` for the drain only. Returns the function that undoes it.
    Other transports keep their own read timeout.
    """
    network: Any = response.extensions.get("network_stream")
    if network is None:
        return _nothing
    try:
        own = cast("Dict[str, Any]", vars(network))
    except TypeError:
        return _nothing
    if "read" in own:
        return _nothing
    read = network.read

    def bounded(max_bytes: int, timeout: Optional[float] = None) -> bytes:
        limit = _DRAIN_TIMEOUT_S if timeout is None else min(timeout, _DRAIN_TIMEOUT_S)
        return read(max_bytes, limit)

    network.read = bounded

    def restore() -> None:
        own.pop("read", None)

    return restore


def _nothing() -> None:
    return None


def _identity_encoded(response: httpx.Response) -> bool:
    return not response.is_stream_consumed and response.headers.get("content-encoding", "identity") == "identity"


def body_chunks(response: httpx.Response) -> Iterator[bytes]:
    # Without a content encoding, `iter_bytes` only adds two pass-through layers per chunk.
    return response.iter_raw() if _identity_encoded(response) else response.iter_bytes()


def abody_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    return response.aiter_raw() if _identity_encoded(response) else response.aiter_bytes()


def drain(response: httpx.Response, chunks: Iterator[bytes]) -> None:
    # After `[DONE]` the body normally ends at once; reading that end lets httpx return the
    # HTTP/1.1 connection to the pool instead of closing it (an HTTP/2 connection survives a
    # closed stream anyway). Bounded in time and size, errors ignored: every item was already
    # delivered.
    if response.http_version != "HTTP/1.1":
        return
    restore = _bound_reads(response)
    deadline = time.monotonic() + _DRAIN_TIMEOUT_S
    seen = 0
    try:
        for chunk in chunks:
            seen += len(chunk)
            if seen > _DRAIN_MAX_BYTES or time.monotonic() > deadline:
                break
    except Exception:
        pass
    finally:
        restore()


async def adrain(response: httpx.Response, chunks: AsyncIterator[bytes]) -> None:
    if response.http_version != "HTTP/1.1":
        return
    import anyio  # only the async client needs it, so not at `import cerebras.cloud.sdk`

    seen = 0
    try:
        with anyio.move_on_after(_DRAIN_TIMEOUT_S):
            async for chunk in chunks:
                seen += len(chunk)
                if seen > _DRAIN_MAX_BYTES:
                    break
    except Exception:
        pass
