"""What both senders share: their state and their steps around the I/O (`Sender`).

Every decision is a call into the pure core (`_request`, `_retry`, `_exceptions`). The async
sender's deadline guard (`guard_suits`, `guarded`) is here too, so that its own module
(`_async_sender`) is exactly the source of the sync one (`_sync_sender`, `scripts/unasync.py`).
"""

from __future__ import annotations

import logging
import random
import sys
import time
from typing import TYPE_CHECKING, Awaitable, Optional, Tuple, Union

import httpx
import sniffio

from ._deadline import DeadlineGuard
from ._exceptions import APIConnectionError, APIStatusError, APITimeoutError, RequestBuildError, error_for_response
from ._http_clients import is_timeout
from ._limits import ResponseLimits, attempt_budget
from ._logs import log_response, redact_text, register_secret_holder
from ._rate_limits import has_rate_limits, parse_rate_limits, rate_limit_wait_notice
from ._request import FinalRequestOptions, RequestBuilder
from ._retry import Decision, RetryPolicy, decide
from ._secrets import Secret, forget_locals

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = ["UNSENDABLE", "Outcome", "Sender", "deadline_of", "guard_suits", "guarded", "unsendable"]

log = logging.getLogger("cerebras.cloud.sdk._base_client")
wait_log = logging.getLogger("cerebras.cloud.sdk.rate_limits")
"""INFO: one record per wait after a 429 (`waiting 57 s for the requests-per-minute limit`)."""


def _retry_log(path: str, delay: float, retries_left: int) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug("%d retr%s left", retries_left, "y" if retries_left == 1 else "ies")
    log.info("Retrying request to %s in %f seconds", path, delay)


def _rate_limit_wait_log(response: httpx.Response, delay: float) -> None:
    if response.status_code == 429 and wait_log.isEnabledFor(logging.INFO):
        wait_log.info(rate_limit_wait_notice(parse_rate_limits(response.headers), delay))


def _jitter() -> float:
    return 1 - 0.25 * random.random()


Outcome = Union[httpx.Response, Exception]
"""What one attempt ends with: a response, or the failure that kept it from getting one."""

UNSENDABLE = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
"""What httpx raises for a request it refuses to send: retrying cannot change the outcome."""


def unsendable(exc: Exception) -> RequestBuildError:
    """The error of a request httpx refuses to send."""
    # The transport's message may quote a header value (the key's, even): name the kind only.
    return RequestBuildError(f"The request cannot be sent ({type(exc).__name__}); nothing was sent or retried")


def deadline_of(request: httpx.Request) -> Optional[float]:
    """When a non-streamed attempt of `request` must end (`None`: no timeout bounds it)."""
    budget = attempt_budget(request.extensions.get("timeout", {}))
    return None if budget is None else time.monotonic() + budget


class Sender:
    """State, and the steps without I/O, shared by both senders."""

    __slots__ = ("__weakref__", "builder", "last_rate_limit_headers", "limits", "policy", "secret")

    def __init__(self, *, builder: RequestBuilder, policy: RetryPolicy, secret: str) -> None:
        self.builder = builder
        self.policy = policy
        self.limits = ResponseLimits()
        """Size limits and stream deadlines (the client sets its own)."""
        self.secret = Secret(secret)
        self.last_rate_limit_headers: Optional[httpx.Headers] = None
        register_secret_holder(self)  # masked in every log record while this client lives

    def _observe(self, response: httpx.Response) -> None:
        if has_rate_limits(response.headers.raw):
            self.last_rate_limit_headers = response.headers

    def _connection_error(self, request: httpx.Request, exc: Exception) -> APIConnectionError:
        forget_locals(exc)  # the transport's frames hold the request headers
        if is_timeout(exc):
            log.debug("Raising timeout error")
            return APITimeoutError(request=request)
        log.debug("Raising connection error")
        return APIConnectionError(request=request)

    def _decide(self, outcome: Outcome, retries_taken: int, max_retries: int) -> Decision:
        """The pure decision (`_retry.decide`) for `outcome`, with the time and jitter it needs."""
        response = outcome if isinstance(outcome, httpx.Response) else None
        decision = decide(
            None if response is None else response.status_code,
            None if response is None else response.headers,
            retries_taken=retries_taken,
            max_retries=max_retries,
            policy=self.policy,
            now=time.time,
            jitter=_jitter,
        )
        if decision.final:
            log.debug("Not retrying")
        return decision

    @staticmethod
    def _retrying(
        options: FinalRequestOptions,
        outcome: Outcome,
        delay: float,
        retries: Tuple[int, int],
        observer: Optional[CallObserver],
    ) -> None:
        """Log, and tell `observer` of, the retry after `outcome`; `retries` is (taken, allowed)."""
        retries_taken, max_retries = retries
        _retry_log(options.url, delay, max_retries - retries_taken)
        if isinstance(outcome, httpx.Response):
            _rate_limit_wait_log(outcome, delay)
            if observer is not None:
                observer.on_retry(retries_taken, delay, outcome.status_code, None)
        elif observer is not None:
            observer.on_retry(retries_taken, delay, None, outcome)

    def _attempted(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        log_response(log, request, response)
        self._observe(response)
        return response

    def _status_error(self, response: httpx.Response) -> APIStatusError:
        log.debug("Re-raising status error")
        error = error_for_response(response)
        if self.secret and self.secret in error.message:
            error.message = redact_text(error.message, self.secret)
            error.args = (error.message,)
        return error


_UNCANCEL = sys.version_info >= (3, 11)
"""`Task.uncancel` exists: the guard can take its own cancellation back, whatever the transport."""


def guard_suits(http: httpx.AsyncClient) -> bool:
    """Whether an attempt of the async sender is bounded by a `DeadlineGuard` (see `guarded`)
    rather than by `CALL_DEADLINE`: on asyncio, yes, except in one case.

    Before Python 3.11 a task cannot take a cancellation back, and httpcore's shielded cleanup
    (through anyio) may deliver the guard's cancellation again after the attempt ended, as a
    bare `CancelledError` in the caller. httpx's own transport is given the deadline socket
    operation by socket there instead (as on trio); other transports (aiohttp) keep the guard.
    No context variable is set under the guard: asyncio copies the context into every timer
    it schedules.
    """
    if sniffio.current_async_library() != "asyncio":
        return False
    return _UNCANCEL or not isinstance(getattr(http, "_transport", None), httpx.AsyncHTTPTransport)


async def guarded(attempt: Awaitable[Outcome], deadline: float) -> Outcome:
    """The outcome of `attempt`, run inside a `DeadlineGuard`: whatever the transport (aiohttp's
    included), it is cancelled at `deadline`, and then ends with `httpx.ReadTimeout`."""
    try:
        with DeadlineGuard(deadline):
            return await attempt
    except httpx.ReadTimeout as exc:  # the guard's: the attempt outlived its deadline
        return exc


def async_library() -> Optional[str]:
    """The running async library's name (`X-Stainless-Async`), `None` outside of one."""
    try:
        return sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return None
