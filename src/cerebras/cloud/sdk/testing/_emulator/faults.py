"""PURE fault specs: parse `X-Emulator-Fault` / `--fault` text, and count attempts for `fail_times`.

A spec is `key=value` pairs separated by `;` (or `,`):

| Key | Effect |
| --- | --- |
| `status=503` | answer with that HTTP status and an API error body (`429` gets rate-limit headers) |
| `retry_after=1.5` | add `retry-after: 1.5` to the injected error |
| `should_retry=false` | add `x-should-retry: false` (or `true`) to the injected error |
| `latency=2.5` | wait that many seconds before sending the response headers |
| `stall_after=3` | stream 3 events, then send nothing more (a non-streaming answer never comes) |
| `stall_for=2` | with `stall_after`: give up stalling after 2 s and drop the connection |
| `drop_after=3` | stream 3 events, then drop the connection (non-streaming: drop before answering) |
| `malformed_after=2` | stream 2 events, then one whose JSON is cut short (non-streaming: a truncated body) |
| `error_after=2` | stream 2 events, then an in-stream error event (non-streaming: a 200 error body) |
| `fail_times=2` | apply the fault only to the first 2 attempts of a request, then answer normally |

Attempts of "the same request" are matched by the client's `X-Request-Id` (or
`X-Client-Request-Id`) header, else by the fault spec itself (retries resend the same headers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

__all__ = ["FAULT_HEADER", "AttemptCounter", "Fault", "FaultSpecError", "parse_fault"]

FAULT_HEADER = "x-emulator-fault"
"""The request header that injects a fault into one request."""


class FaultSpecError(ValueError):
    """A fault spec that cannot be parsed."""


@dataclass(frozen=True)
class Fault:
    """One parsed fault spec (see the module docstring for each field)."""

    status: Optional[int] = None
    retry_after: Optional[str] = None
    should_retry: Optional[str] = None
    latency_s: float = 0.0
    stall_after: Optional[int] = None
    stall_for_s: Optional[float] = None
    drop_after: Optional[int] = None
    malformed_after: Optional[int] = None
    error_after: Optional[int] = None
    fail_times: Optional[int] = None
    spec: str = ""

    @property
    def cuts_stream(self) -> bool:
        """Whether the fault interrupts the body (stall, drop, malformed or error event)."""
        return any(v is not None for v in (self.stall_after, self.drop_after, self.malformed_after, self.error_after))


_INT_KEYS = ("status", "stall_after", "drop_after", "malformed_after", "error_after", "fail_times")


def _number(key: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FaultSpecError(f"{key}: expected a number, got {text!r}") from None
    if not value >= 0:
        raise FaultSpecError(f"{key}: must be >= 0, got {text!r}")
    return value


def parse_fault(spec: str) -> Fault:
    """Parse `spec` (e.g. `"status=429;retry_after=1"`); raises `FaultSpecError` if malformed."""
    values: Dict[str, object] = {}
    for part in spec.replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        key, eq, text = part.partition("=")
        key, text = key.strip().lower().replace("-", "_"), text.strip()
        if not eq or not text:
            raise FaultSpecError(f"expected key=value, got {part!r}")
        if key in _INT_KEYS:
            number = _number(key, text)
            if not number.is_integer():
                raise FaultSpecError(f"{key}: expected an integer, got {text!r}")
            values[key] = int(number)
        elif key == "latency":
            values["latency_s"] = _number(key, text)
        elif key == "stall_for":
            values["stall_for_s"] = _number(key, text)
        elif key == "retry_after":
            _number(key, text)
            values[key] = text
        elif key == "should_retry":
            if text.lower() not in ("true", "false"):
                raise FaultSpecError(f"should_retry: expected true or false, got {text!r}")
            values[key] = text.lower()
        else:
            raise FaultSpecError(f"unknown fault key {key!r}")
    status = values.get("status")
    if isinstance(status, int) and not 400 <= status <= 599:
        raise FaultSpecError(f"status: expected an error status (400-599), got {status}")
    fault = Fault(spec=spec.strip(), **values)  # pyright: ignore[reportArgumentType]
    if fault == Fault(spec=fault.spec):
        raise FaultSpecError("empty fault spec")
    return fault


class AttemptCounter:
    """Counts attempts per key, so a `fail_times=N` fault hits only the first N attempts."""

    __slots__ = ("_counts", "_limit")

    def __init__(self, limit: int = 100_000) -> None:
        self._counts: Dict[str, int] = {}
        self._limit = limit

    def hit(self, key: str, times: int) -> bool:
        """Record one attempt under `key`; whether it is among the first `times`."""
        count = self._counts.get(key, 0)
        if count >= times:
            return False
        if len(self._counts) >= self._limit:  # bounded memory on a long-running server
            self._counts.clear()
        self._counts[key] = count + 1
        return True
