"""`AsyncSender`: sends requests on an `httpx.AsyncClient`: build -> send -> decide -> wait -> retry.

What both senders share is in `_sender`; every decision they make is a call into the pure core.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, NoReturn, Optional, Tuple

import httpx

from ._deadline import CALL_DEADLINE, bound_client_by_deadline
from ._exceptions import ResponseTooLargeError
from ._framing import guard_framing
from ._logs import log_request
from ._read import aread_body
from ._request import FinalRequestOptions, RequestBuilder
from ._retry import RETURN, RetryPolicy
from ._sender import (
    UNSENDABLE,
    Outcome,
    Sender,
    async_library,  # unasync: async-only
    deadline_of,
    guard_suits,  # unasync: async-only
    guarded,  # unasync: async-only
    unsendable,
)
from ._wait import AsyncWait, async_wait

if TYPE_CHECKING:
    from ._observe import CallObserver

__all__ = ["AsyncSender"]

log = logging.getLogger("cerebras.cloud.sdk._base_client")  # `_sender.log`, bound here for method calls


class AsyncSender(Sender):
    """Sends requests on an `httpx.AsyncClient`, retrying per the policy (waits: `_wait.async_wait`)."""

    __slots__ = ("http", "sleep")

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        builder: RequestBuilder,
        policy: RetryPolicy,
        secret: str,
        sleep: AsyncWait = async_wait,
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
        """Send `options` until it succeeds or retries run out; returns the 2xx response and the
        number of retries taken. Raises `APIStatusError`, `APITimeoutError`, `APIConnectionError`.

        Only a 2xx is an answer: any other final status raises, a 3xx too (one not followed,
        because `follow_redirects` is off or httpx cannot follow it), as in the official SDK.
        `observer`, if any, is told of each retry."""
        sent = self.builder.prepare(options)  # the body is encoded once, for every attempt
        retries_taken = 0
        while True:
            request = self._request(sent, options, retries_taken)
            deadline = None if stream else deadline_of(request)
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
        request = self.builder.build(
            sent,
            retries_taken=retries_taken,
            async_library=async_library(),  # unasync: async-only
        )
        if self.http.cookies:
            self.http.cookies.set_cookie_header(request)
        log_request(log, options, request, self.secret)
        return request

    async def _attempt(
        self, request: httpx.Request, follow: Optional[bool], stream: bool, deadline: Optional[float]
    ) -> Outcome:
        """One attempt: the response, with its body read too (by `deadline`) unless `stream`, or
        the failure that may be retried. Raises what no retry can change.

        Every socket operation of the attempt ends by `deadline`, status line and headers
        included: httpx's transport applies `CALL_DEADLINE` (see `_deadline`). On asyncio the
        async sender mostly keeps the deadline with a `DeadlineGuard` instead (`guard_suits`)."""
        if deadline is None:
            return await self._exchange(request, follow, stream, deadline)
        if guard_suits(self.http):  # unasync: async-only
            return await guarded(self._exchange(request, follow, stream, deadline), deadline)  # unasync: async-only
        token = CALL_DEADLINE.set(deadline)
        try:
            return await self._exchange(request, follow, stream, deadline)
        finally:
            CALL_DEADLINE.reset(token)

    async def _exchange(
        self, request: httpx.Request, follow: Optional[bool], stream: bool, deadline: Optional[float]
    ) -> Outcome:
        http = self.http
        try:
            if follow is None:
                response = await http.send(request, stream=True)
            else:
                response = await http.send(request, stream=True, follow_redirects=follow)
            guard_framing(response)
            if not stream and response.is_success:
                await aread_body(response, limit=self.limits.max_response_bytes, deadline=deadline)
        except UNSENDABLE as exc:
            raise unsendable(exc) from None
        except ResponseTooLargeError:
            raise
        except Exception as exc:
            log.debug("Encountered %s", type(exc).__name__, exc_info=log.isEnabledFor(logging.DEBUG))
            return exc
        return self._attempted(request, response)

    async def _raise(
        self,
        request: httpx.Request,
        outcome: Outcome,
        stream: bool,
        deadline: Optional[float],
    ) -> NoReturn:
        """Raise the typed error of a final `outcome` (an error response's body is read first)."""
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

    async def _discard(self, outcome: Outcome) -> None:
        if isinstance(outcome, httpx.Response):
            await outcome.aclose()
