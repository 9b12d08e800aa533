"""Logging: `CEREBRAS_LOG` set-up, and request/response lines with every secret redacted.

Loggers: `cerebras.cloud.sdk` (the root, whose level `CEREBRAS_LOG` sets), its children
`cerebras.cloud.sdk._base_client` (requests, responses, retries) and `cerebras.cloud.sdk._client`
(TCP warming). No handler is installed unless `CEREBRAS_LOG` is `debug` or `info`. Credential
headers are shown as `<redacted>`, and the client's API key is replaced wherever it appears.
"""

from __future__ import annotations

import logging
import os
from typing import Dict, Mapping, Optional, Tuple, cast

import httpx

__all__ = [
    "REDACTED",
    "bearer_token",
    "log_request",
    "log_response",
    "redact_headers",
    "redact_text",
    "setup_logging",
]

REDACTED = "<redacted>"

_SENSITIVE = frozenset({"cookie", "set-cookie"})
_SENSITIVE_PARTS = ("auth", "api-key", "api_key", "apikey", "token", "secret", "password")
"""A header whose lower-cased name contains one of these carries a credential (`Authorization`,
`Proxy-Authorization`, `X-Api-Key`, `X-Auth-Token`, `X-Client-Secret`, ...)."""


def _is_sensitive(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SENSITIVE or any(part in lowered for part in _SENSITIVE_PARTS)


def redact_headers(headers: Mapping[str, object]) -> Dict[str, object]:
    """A copy of `headers` with the values of credential-bearing headers replaced."""
    return {name: (REDACTED if _is_sensitive(name) else value) for name, value in headers.items()}


def redact_text(text: str, secret: Optional[str]) -> str:
    """`text` with every occurrence of `secret` replaced (short secrets are left alone)."""
    if secret and len(secret) >= 4 and secret in text:
        return text.replace(secret, REDACTED)
    return text


class _HeaderTupleFilter(logging.Filter):
    """Masks credential header values in `(name, value)` log arguments of the HTTP/2 stack.

    The HPACK encoder under httpx's HTTP/2 support logs every header it adds as a
    `(name, value)` tuple at DEBUG; releases before hpack 4.2 (the newest available on
    Python 3.9) print the `Authorization` value as it is. Records are only built when that
    logger is enabled, so this costs nothing otherwise.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(_is_credential_pair(arg) for arg in args):
            record.args = tuple(_masked_pair(arg) if _is_credential_pair(arg) else arg for arg in args)
        return True


def _is_credential_pair(value: object) -> bool:
    if not isinstance(value, tuple):
        return False
    pair = cast("Tuple[object, ...]", value)
    if len(pair) != 2:
        return False
    name = pair[0]
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return isinstance(name, str) and _is_sensitive(name)


def _masked_pair(value: object) -> object:
    name, secret = cast("Tuple[object, object]", value)
    return (name, REDACTED.encode() if isinstance(secret, bytes) else REDACTED)


for _name in ("hpack", "hpack.hpack", "h2"):
    logging.getLogger(_name).addFilter(_HeaderTupleFilter())


def setup_logging() -> None:
    """Apply `CEREBRAS_LOG` (`debug` or `info`): a basic handler, and the SDK and httpx levels."""
    env = os.environ.get("CEREBRAS_LOG")
    if env not in ("debug", "info"):
        return
    logging.basicConfig(
        format="[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
    )
    level = logging.DEBUG if env == "debug" else logging.INFO
    logging.getLogger("cerebras.cloud.sdk").setLevel(level)
    logging.getLogger("httpx").setLevel(level)


def log_request(log: logging.Logger, options: object, request: httpx.Request, secret: Optional[str]) -> None:
    """DEBUG lines for one attempt: its options and the request line (secrets redacted)."""
    if not log.isEnabledFor(logging.DEBUG):
        return
    from ._request import FinalRequestOptions

    if isinstance(options, FinalRequestOptions):
        shown: Dict[str, object] = {"method": options.method, "url": options.url}
        if options.params:
            shown["params"] = dict(options.params)
        if isinstance(options.headers, Mapping):
            shown["headers"] = redact_headers(options.headers)
        if options.json_data is not None:
            shown["json_data"] = options.json_data
        if options.extra_json:
            shown["extra_json"] = dict(options.extra_json)
        log.debug("Request options: %s", redact_text(repr(shown), secret), stacklevel=2)
    log.debug(
        "Sending HTTP Request: %s %s headers=%s",
        request.method,
        redact_text(str(request.url), secret),
        redact_text(repr(redact_headers(dict(request.headers))), secret),
        stacklevel=2,
    )


def log_response(log: logging.Logger, request: httpx.Request, response: httpx.Response) -> None:
    """The DEBUG line for a response: status, headers (redacted) and the server's request id."""
    if not log.isEnabledFor(logging.DEBUG):
        return
    from ._exceptions import request_id_of

    token = bearer_token(request)
    log.debug(
        'HTTP Response: %s %s "%i %s" request_id=%s %s',
        request.method,
        redact_text(str(request.url), token),
        response.status_code,
        response.reason_phrase,
        request_id_of(response.headers),
        # A server may echo the key back in any header (`www-authenticate`, ...): mask it too.
        redact_text(str(redact_headers(dict(response.headers))), token),
        stacklevel=2,
    )


def bearer_token(request: httpx.Request) -> Optional[str]:
    """The credential `request` carries in its `Authorization` header, if any."""
    _scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None
