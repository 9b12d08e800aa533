"""The only code that sends requests: `SyncSender` / `AsyncSender`, build -> send -> decide -> sleep.

The two classes are mirror images (the async one differs only by `await`); every decision
they make is a call into the pure core (`_request`, `_retry`, `_exceptions`).
"""

from __future__ import annotations

import logging
import random
import sys
import time
from typing import TYPE_CHECKING, Awaitable, Callable, NoReturn, Optional, Tuple, Union

import httpx
import sniffio

from ._deadline import CALL_DEADLINE, DeadlineGuard, bound_client_by_deadline
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RequestBuildError,
    ResponseTooLargeError,
    error_for_response,
)
from ._framing import guard_framing
from ._http_clients import is_timeout
from ._limits import ResponseLimits, attempt_budget
from ._logs import log_request, log_response, redact_text, register_secret_holder
from ._rate_limits import has_rate_limits, parse_rate_limits, rate_limit_wait_notice
from ._read import aread_body, read_body
from ._request import FinalRequestOptions, RequestBuilder
from ._retry import RETURN, Decision, RetryPolicy, decide
from ._secrets import Secret, forget_locals
from ._wait import async_wait, sync_wait

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = ["AsyncSender", "SyncSender"]

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


_Outcome = Union[httpx.Response, Exception]
"""What one attempt ends with: a response, or the failure that kept it from getting one."""

_UNSENDABLE = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
"""What httpx raises for a request it refuses to send: retrying cannot change the outcome."""


def _unsendable(exc: Exception) -> RequestBuildError:
    # The transport's message may quote a header value (the key's, even): name the kind only.
    return RequestBuildError(f"The request cannot be sent ({type(exc).__name__}); nothing was sent or retried")


def _deadline(request: httpx.Request) -> Optional[float]:
    budget = attempt_budget(request.extensions.get("timeout", {}))
    return None if budget is None else time.monotonic() + budget


class _Sender:
    """State shared by both shells."""

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

    def _decide(self, outcome: _Outcome, retries_taken: int, max_retries: int) -> Decision:
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
        outcome: _Outcome,
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


class SyncSender(_Sender):
    """Sends requests on an `httpx.Client`, retrying per the policy (waits: `_wait.sync_wait`)."""

    __slots__ = ("http", "sleep")

    def __init__(
        self,
        *,
        http: httpx.Client,
        builder: RequestBuilder,
        policy: RetryPolicy,
        secret: str,
        sleep: Callable[[float], None] = sync_wait,
    ) -> None:
        super().__init__(builder=builder, policy=policy, secret=secret)
        self.http = http
        self.sleep = sleep
        bound_client_by_deadline(http)  # each non-streamed attempt ends by its deadline

    def send(
        self,
        options: FinalRequestOptions,
        *,
        stream: bool,
        max_retries: int,
        observer: Optional[CallObserver] = None,
    ) -> Tuple[httpx.Response, int]:
        """Send `options` until it succeeds or retries run out; returns the 2xx response and the
        number of retries taken. Raises `APIStatusError`, `APITimeoutError`, `APIConnectionError`.

        Only a 2xx is an answer: any other final status raises, a 3xx too (one not followed,
        because `follow_redirects` is off or httpx cannot follow it), as in the official SDK.
        `observer`, if any, is told of each retry."""
        sent = self.builder.prepare(options)  # the body is encoded once, for every attempt
        retries_taken = 0
        while True:
            request = self._request(sent, options, retries_taken)
            deadline = None if stream else _deadline(request)
            outcome = self._attempt(request, options.follow_redirects, stream, deadline)
            decision = self._decide(outcome, retries_taken, max_retries)
            if decision is RETURN and isinstance(outcome, httpx.Response):
                return outcome, retries_taken
            if decision.action == "raise":
                self._raise(request, outcome, stream, deadline)
            self._discard(outcome)
            self._retrying(options, outcome, decision.delay, (retries_taken, max_retries), observer)
            self.sleep(decision.delay)
            retries_taken += 1

    def _request(self, sent: FinalRequestOptions, options: FinalRequestOptions, retries_taken: int) -> httpx.Request:
        """The request of one attempt, with the client's cookies (as `httpx.Client.build_request`)."""
        request = self.builder.build(sent, retries_taken=retries_taken)
        if self.http.cookies:
            self.http.cookies.set_cookie_header(request)
        log_request(log, options, request, self.secret)
        return request

    def _attempt(
        self, request: httpx.Request, follow: Optional[bool], stream: bool, deadline: Optional[float]
    ) -> _Outcome:
        """One attempt: the response, with its body read too (by `deadline`) unless `stream`, or
        the failure that may be retried. Raises what no retry can change.

        Every socket operation of the attempt ends by `deadline`, status line and headers
        included: httpx's transport applies `CALL_DEADLINE` (see `_deadline`)."""
        token = CALL_DEADLINE.set(deadline)
        try:
            return self._exchange(request, follow, stream, deadline)
        finally:
            CALL_DEADLINE.reset(token)

    def _exchange(
        self, request: httpx.Request, follow: Optional[bool], stream: bool, deadline: Optional[float]
    ) -> _Outcome:
        http = self.http
        try:
            if follow is None:
                response = http.send(request, stream=True)
            else:
                response = http.send(request, stream=True, follow_redirects=follow)
            guard_framing(response)
            if not stream and response.is_success:
                read_body(response, limit=self.limits.max_response_bytes, deadline=deadline)
        except _UNSENDABLE as exc:
            raise _unsendable(exc) from None
        except ResponseTooLargeError:
            raise
        except Exception as exc:
            log.debug("Encountered %s", type(exc).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
            return exc
        return self._attempted(request, response)

    def _raise(self, request: httpx.Request, outcome: _Outcome, stream: bool, deadline: Optional[float]) -> NoReturn:
        """Raise the typed error of a final `outcome` (an error response's body is read first)."""
        if not isinstance(outcome, httpx.Response):
            raise self._connection_error(request, outcome) from outcome
        try:
            read_body(outcome, limit=self.limits.max_response_bytes, deadline=deadline)
        except ResponseTooLargeError:
            raise
        except Exception as exc:
            outcome.close()
            if stream:
                raise self._connection_error(request, exc) from exc
            # The status is known: it is the error, even if its body cannot be read.
        raise self._status_error(outcome) from None

    def _discard(self, outcome: _Outcome) -> None:
        if isinstance(outcome, httpx.Response):
            outcome.close()


_UNCANCEL = sys.version_info >= (3, 11)
"""`Task.uncancel` exists: the guard can take its own cancellation back, whatever the transport."""


def _guard_suits(http: httpx.AsyncClient) -> bool:
    """Whether an asyncio attempt is bounded by a `DeadlineGuard` rather than `CALL_DEADLINE`.

    Before Python 3.11 a task cannot take a cancellation back, and httpcore's shielded cleanup
    (through anyio) may deliver the guard's cancellation again after the attempt ended, as a
    bare `CancelledError` in the caller. httpx's own transport is given the deadline socket
    operation by socket there instead (as on trio); other transports (aiohttp) keep the guard.
    """
    return _UNCANCEL or not isinstance(getattr(http, "_transport", None), httpx.AsyncHTTPTransport)


class AsyncSender(_Sender):
    """Sends requests on an `httpx.AsyncClient`, retrying per the policy (waits: `_wait.async_wait`)."""

    __slots__ = ("http", "sleep")

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        builder: RequestBuilder,
        policy: RetryPolicy,
        secret: str,
        sleep: Callable[[float], Awaitable[None]] = async_wait,
    ) -> None:
        super().__init__(builder=builder, policy=policy, secret=secret)
        self.http = http
        self.sleep = sleep
        bound_client_by_deadline(http)  # each non-streamed attempt ends by its deadline

    async def send(
        self,
        options: FinalRequestOptions,
        *,
        stream: bool,
        max_retries: int,
        observer: Optional[CallObserver] = None,
    ) -> Tuple[httpx.Response, int]:
        """Async twin of `SyncSender.send`."""
        sent = self.builder.prepare(options)  # the body is encoded once, for every attempt
        retries_taken = 0
        while True:
            request = self._request(sent, options, retries_taken)
            deadline = None if stream else _deadline(request)
            outcome = await self._attempt(request, options.follow_redirects, stream, deadline)
            decision = self._decide(outcome, retries_taken, max_retries)
            if decision is RETURN and isinstance(outcome, httpx.Response):
                return outcome, retries_taken
            if decision.action == "raise":
                await self._raise(request, outcome, stream, deadline)
            await self._discard(outcome)
            self._retrying(options, outcome, decision.delay, (retries_taken, max_retries), observer)
            await self.sleep(decision.delay)
            retries_taken += 1

    def _request(self, sent: FinalRequestOptions, options: FinalRequestOptions, retries_taken: int) -> httpx.Request:
        """The request of one attempt, with the client's cookies (as `httpx.AsyncClient.build_request`)."""
        try:
            library = sniffio.current_async_library()
        except sniffio.AsyncLibraryNotFoundError:
            library = None
        request = self.builder.build(sent, retries_taken=retries_taken, async_library=library)
        if self.http.cookies:
            self.http.cookies.set_cookie_header(request)
        log_request(log, options, request, self.secret)
        return request

    async def _attempt(
        self, request: httpx.Request, follow: Optional[bool], stream: bool, deadline: Optional[float]
    ) -> _Outcome:
        """Async twin of `SyncSender._attempt`. On asyncio a `DeadlineGuard` keeps the deadline,
        whatever the transport (aiohttp's included), and no context variable is set: asyncio
        copies the context into every timer it schedules. Elsewhere (trio), `CALL_DEADLINE`."""
        if deadline is None:
            return await self._exchange(request, follow, stream, deadline)
        if sniffio.current_async_library() == "asyncio" and _guard_suits(self.http):
            try:
                with DeadlineGuard(deadline):
                    return await self._exchange(request, follow, stream, deadline)
            except httpx.ReadTimeout as exc:  # the guard's: the attempt outlived its deadline
                return exc
        token = CALL_DEADLINE.set(deadline)
        try:
            return await self._exchange(request, follow, stream, deadline)
        finally:
            CALL_DEADLINE.reset(token)

    async def _exchange(
        self, request: httpx.Request, follow: Optional[bool], stream: bool, deadline: Optional[float]
    ) -> _Outcome:
        http = self.http
        try:
            if follow is None:
                response = await http.send(request, stream=True)
            else:
                response = await http.send(request, stream=True, follow_redirects=follow)
            guard_framing(response)
            if not stream and response.is_success:
                await aread_body(response, limit=self.limits.max_response_bytes, deadline=deadline)
        except _UNSENDABLE as exc:
            raise _unsendable(exc) from None
        except ResponseTooLargeError:
            raise
        except Exception as exc:
            log.debug("Encountered %s", type(exc).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
            return exc
        return self._attempted(request, response)

    async def _raise(
        self, request: httpx.Request, outcome: _Outcome, stream: bool, deadline: Optional[float]
    ) -> NoReturn:
        """Async twin of `SyncSender._raise`."""
        if not isinstance(outcome, httpx.Response):
            raise self._connection_error(request, outcome) from outcome
        try:
            await aread_body(outcome, limit=self.limits.max_response_bytes, deadline=deadline)
        except ResponseTooLargeError:
            raise
        except Exception as exc:
            await outcome.aclose()
            if stream:
                raise self._connection_error(request, exc) from exc
            # The status is known: it is the error, even if its body cannot be read.
        raise self._status_error(outcome) from None

    async def _discard(self, outcome: _Outcome) -> None:
        if isinstance(outcome, httpx.Response):
            await outcome.aclose()
