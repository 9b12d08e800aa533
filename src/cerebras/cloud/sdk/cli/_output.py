"""PURE text for the command line: the summary line after an answer, and one-line error messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from .._config import DEFAULT_TIMEOUT
from .._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    CerebrasError,
    PermissionDeniedError,
    RateLimitError,
)
from .._narrow import is_mapping
from ..lib.streaming._speed import tokens_per_second
from ._parser import EXIT_API_ERROR, EXIT_AUTH, EXIT_CONNECTION, EXIT_NO_API_KEY, EXIT_RATE_LIMITED

__all__ = ["Timing", "describe_error", "summary_line"]


@dataclass
class Timing:
    """What the command saw of one answer: when it started, its first token came, and it ended."""

    started: float
    first_token: Optional[float] = None
    finished: Optional[float] = None


def _ms(seconds: object) -> str:
    return f"{seconds * 1000:.1f} ms" if isinstance(seconds, (int, float)) else "?"


def summary_line(timing: Timing, usage: object, time_info: object) -> str:
    """`[42 tokens in 0.05 s, first token after 3 ms, 840 tok/s | server: queue 0.2 ms, ...]`.

    tok/s is the tokens over the seconds shown (see `tokens_per_second`), as for the stream helper.
    """
    finished = timing.finished if timing.finished is not None else timing.started
    tokens = getattr(usage, "completion_tokens", None)
    count = f"{tokens} tokens" if tokens is not None else "? tokens"
    parts = [f"{count} in {finished - timing.started:.2f} s"]
    if timing.first_token is not None:
        parts.append(f"first token after {_ms(timing.first_token - timing.started)}")
    speed = tokens_per_second(tokens, finished - timing.started)
    if speed is not None:
        parts.append(f"{speed:.0f} tok/s")
    line = ", ".join(parts)
    if time_info is not None:
        server = ", ".join(
            f"{name} {_ms(getattr(time_info, f'{name}_time', None))}"
            for name in ("queue", "prompt", "completion", "total")
        )
        line += f" | server: {server}"
    return f"[{line}]"


def _detail(error: APIStatusError) -> str:
    body = error.body
    if is_mapping(body):
        message = body.get("message")
        if isinstance(message, str) and message:
            return message
    text = error.message
    return text.split(" - ", 1)[-1] if text.startswith("Error code:") else text


def _seconds(value: Optional[float]) -> str:
    return "?" if value is None else f"{value:g}"


def describe_error(error: BaseException, base_url: str, *, timeout: Optional[float] = None) -> Tuple[str, int]:
    """The one line to print for `error`, and the exit status (`timeout`: the `--timeout` given, if any)."""
    if isinstance(error, APITimeoutError):
        if timeout is None:
            limit = f"the default timeout ({_seconds(DEFAULT_TIMEOUT.read)} s, {_seconds(DEFAULT_TIMEOUT.connect)} s to connect)"
        else:
            limit = f"--timeout {_seconds(timeout)} s"
        return (
            f"error: no answer from {base_url} within {limit}; allow longer with --timeout SECONDS",
            EXIT_CONNECTION,
        )
    if isinstance(error, APIConnectionError):
        cause = error.__cause__
        reason = f": {cause}" if cause is not None and str(cause) else ""
        return f"error: cannot reach {base_url}{reason}", EXIT_CONNECTION
    if isinstance(error, (AuthenticationError, PermissionDeniedError)):
        return f"error: authentication failed ({error.status_code}): {_detail(error)}", EXIT_AUTH
    if isinstance(error, RateLimitError):
        reset = error.rate_limits.soonest_reset()
        hint = f"; limits reset in {reset:.1f} s" if reset is not None else ""
        return f"error: rate limited (429): {_detail(error)}{hint}", EXIT_RATE_LIMITED
    if isinstance(error, APIStatusError):
        return f"error: the API answered {error.status_code}: {_detail(error)}", EXIT_API_ERROR
    if isinstance(error, APIResponseValidationError):
        return f"error: unexpected response from {base_url}: {error.message}", EXIT_API_ERROR
    if isinstance(error, CerebrasError) and "api_key" in str(error):
        return (
            "error: no API key: set CEREBRAS_API_KEY, pass --api-key, or add --local to use the built-in emulator",
            EXIT_NO_API_KEY,
        )
    return f"error: {error}", EXIT_API_ERROR
