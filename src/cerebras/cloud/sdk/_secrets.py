"""PURE handling of the API key: a holder whose `repr` masks it, redaction, and validation.

* `Secret` is the key (or the `Authorization` value made from it) as a `str` whose `repr`
  is `'<redacted>'` and whose pickle holds only that mask, so that tracebacks captured with
  locals, debuggers and pickles never show it.
* `redact_text` replaces whole occurrences of a key long enough to be a secret
  (`MIN_SECRET_LENGTH` characters) in free text, such as an error message; a short key like
  `"wrong"` is left alone there, so that a server's `wrong_api_key` code stays readable.
* `redact_field` is for header values and URLs, where the key is masked whatever its length:
  a short key only where it stands alone (between characters that cannot be part of a token).
* `api_key_problem` names what makes a key impossible to send as a header value.
* `bearer_token` reads the credential a request carries.
"""

from __future__ import annotations

import re
import traceback
from typing import TYPE_CHECKING, Any, Optional, Set, Tuple

if TYPE_CHECKING:
    import httpx

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "Secret",
    "api_key_problem",
    "bearer_token",
    "forget_locals",
    "header_value_problem",
    "redact_field",
    "redact_text",
]

REDACTED = "<redacted>"

MIN_SECRET_LENGTH = 8
"""Shorter keys are not secrets worth masking in free text (and masking them corrupts it)."""


class Secret(str):
    """A `str` that never shows itself in `repr` (nor in a pickle)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(REDACTED)

    def __reduce__(self) -> Tuple[object, ...]:
        return (str, (REDACTED,))


def redact_text(text: str, secret: Optional[str]) -> str:
    """`text` with every occurrence of `secret` replaced, when `secret` is long enough to be one."""
    if secret and len(secret) >= MIN_SECRET_LENGTH and secret in text:
        return text.replace(secret, REDACTED)
    return text


_TOKEN = r"A-Za-z0-9_\-.~"


def redact_field(text: str, secret: Optional[str]) -> str:
    """`text` (a header value or a URL) with `secret` masked whatever its length.

    A key shorter than `MIN_SECRET_LENGTH` is masked where it stands alone (`Bearer wrong`,
    `?key=wrong`), not inside a longer word (`wrong_api_key`).
    """
    if not secret or secret not in text:
        return text
    if len(secret) >= MIN_SECRET_LENGTH:
        return text.replace(secret, REDACTED)
    pattern = f"(?<![{_TOKEN}]){re.escape(secret)}(?![{_TOKEN}])"
    return re.sub(pattern, REDACTED, text)


_LINE_BREAK = re.compile(r"[\r\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def header_value_problem(value: str) -> Optional[str]:
    """What makes `value` impossible to send as an HTTP header value, or `None` if nothing."""
    if _LINE_BREAK.search(value):
        return "contains a line break"
    if not value.isascii():
        return "contains non-ASCII characters"
    if _CONTROL.search(value):
        return "contains a control character"
    return None


def api_key_problem(api_key: str) -> Optional[str]:
    """The message for a key that cannot be sent as a header value (never quoting it), or `None`."""
    problem = header_value_problem(api_key)
    if problem is None and api_key != api_key.strip(" \t"):
        problem = "starts or ends with whitespace"
    return None if problem is None else f"The API key {problem}; check how it was copied or loaded."


def forget_locals(error: Optional[BaseException]) -> None:
    """Clear the local variables of the finished frames of `error` and of its chain.

    The transports' own frames hold the request headers, the key among them, in their locals
    (aiohttp's request function, for one): a traceback printed with `capture_locals=True`, or a
    debugger, would show it. The frames (file, line, function) stay; only their locals go.
    """
    seen: Set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if error.__traceback__ is not None:
            traceback.clear_frames(error.__traceback__)
        _mask_request_info(error)
        error = error.__cause__ or error.__context__


_CREDENTIAL_HEADERS = ("Authorization", "Proxy-Authorization")


def _mask_request_info(error: BaseException) -> None:
    """Mask the credentials in the request headers an exception carries for its `repr`.

    aiohttp's `ClientResponseError` (raised for a malformed status line or header, among
    others) keeps a `request_info` whose `repr` lists every request header; the error is
    chained under the SDK's own, so `repr(e.__cause__)` would show the key. The headers are
    replaced by a copy with the credential headers masked; anything unexpected is left alone.
    """
    info: object = getattr(error, "request_info", None)
    replace: object = getattr(info, "_replace", None)
    headers: object = getattr(info, "headers", None)
    copy: object = getattr(headers, "copy", None)
    if not callable(replace) or not callable(copy):
        return
    try:
        masked: Any = copy()  # aiohttp's header multidict (found by duck typing)
        if not any(name in masked for name in _CREDENTIAL_HEADERS):
            return
        for name in _CREDENTIAL_HEADERS:
            if name in masked:
                masked[name] = REDACTED
        error.request_info = replace(headers=type(headers)(masked))  # type: ignore[attr-defined]
    except Exception:  # a shape this does not know: keep the error as it is
        return


def bearer_token(request: httpx.Request) -> Optional[str]:
    """The credential `request` carries in its `Authorization` header, if any."""
    _scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None
