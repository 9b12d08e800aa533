"""The instrumentation seam: one slot for a factory of per-call observers, read once per call.

The core knows nothing of any tracing library. When the slot is empty (the default) an API
call reads one module attribute and goes on exactly as before. When a factory is installed
(`set_observer_factory`), every call asks it for a `CallObserver`; a factory returns `None`
for calls it does not watch. An observer only looks: it is told what happens and returns
nothing, and the call's outcome never depends on it.

What an observer is told, in order:

* `on_retry` for each retry (the failed attempt's status code, or the error of a failed
  connection, and the delay before the next attempt);
* `on_response` when a successful (2xx) response's headers arrived;
* for a plain call, `on_result` with the converted body, and that call is over;
* for a stream, `on_chunk` for each item, then `on_end` when the stream is over;
* `on_end(error)` when the call failed (at any point), and `on_end(None)` when a stream was
  exhausted, closed, or dropped (`break` alone leaves it resumable). It may come more than once for one call
  (a stream closed and then collected); an observer acts on the first and ignores the rest.

`request_id_of(headers)` is re-exported for observers: the server's request id of a response.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional

from typing_extensions import Protocol

from ._exceptions import request_id_of

if TYPE_CHECKING:
    import httpx

    from ._request import FinalRequestOptions

__all__ = ["CallObserver", "ObserverFactory", "get_observer_factory", "request_id_of", "set_observer_factory"]


class CallObserver(Protocol):
    """Watches one API call. Methods are called on the caller's thread (or task) and must not raise."""

    def on_retry(
        self, retries_taken: int, delay: float, status_code: Optional[int], error: Optional[BaseException]
    ) -> None:
        """Attempt `retries_taken + 1` failed (with `status_code`, or `error` for a connection
        failure or timeout); the next one starts after `delay` seconds."""

    def on_response(self, response: httpx.Response, retries_taken: int) -> None:
        """A successful response's headers arrived, after `retries_taken` retries."""

    def on_result(self, result: object) -> None:
        """A plain (not streamed) call returned `result`; the call is over."""

    def on_chunk(self, item: object) -> None:
        """A stream produced `item`."""

    def on_end(self, error: Optional[BaseException]) -> None:
        """The call is over: failed with `error`, or a stream ended (`None`)."""


ObserverFactory = Callable[[Any, "FinalRequestOptions", bool], Optional[CallObserver]]
"""`factory(client, options, stream)`: an observer for this call, or `None` to leave it alone."""

factory: Optional[ObserverFactory] = None
"""The installed factory; `None` (nothing observed) by default. Set with `set_observer_factory`."""


def set_observer_factory(new: Optional[ObserverFactory]) -> Optional[ObserverFactory]:
    """Install `new` (or remove the factory with `None`); returns the one it replaces.

    Calls already under way keep the observer they were given.
    """
    global factory
    previous = factory
    factory = new
    return previous


def get_observer_factory() -> Optional[ObserverFactory]:
    """The installed factory, or `None`."""
    return factory
