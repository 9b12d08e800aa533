"""Logging: `CEREBRAS_LOG` set-up, and request/response lines with every secret redacted.

Loggers: `cerebras.cloud.sdk` (the root, whose level `CEREBRAS_LOG` sets), its children
`cerebras.cloud.sdk._base_client` (requests, responses, retries) and `cerebras.cloud.sdk._client`
(TCP warming). No handler is installed unless `CEREBRAS_LOG` is `debug` or `info`. Credential
headers are shown as `<redacted>`, and the client's API key is replaced wherever it appears.

Once a client exists, every log record made in the process, by any logger (httpx, httpcore's
HTTP/1.1 and HTTP/2 loggers, hpack, aiohttp, the application's own), has the API keys of the
live clients masked in its message and its formatted traceback: a server that echoes the key
in a header cannot make it reach a log through a third-party DEBUG line.
"""

from __future__ import annotations

import logging
import os
import threading
import traceback
import weakref
from typing import Dict, List, Mapping, Optional, Tuple, cast

import httpx

from ._secrets import REDACTED, bearer_token, redact_field, redact_text

__all__ = [
    "REDACTED",
    "bearer_token",
    "log_request",
    "log_response",
    "redact_headers",
    "redact_text",
    "register_secret_holder",
    "setup_logging",
]

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


_holders: weakref.WeakSet[object] = weakref.WeakSet()
"""Live objects with a `secret` attribute (the clients' senders): the keys to mask in records."""
_retired: Dict[str, None] = {}
"""The keys of holders since collected, most recent last: still masked, as a record made later
(an error kept and logged after its client is gone, say) may hold one. At most `_RETIRED_MAX`."""
_RETIRED_MAX = 64
_install_lock = threading.Lock()
_installed = False


def register_secret_holder(holder: object) -> None:
    """Mask `holder.secret` in every log record made while `holder` is alive, and after it is
    collected too (among the `_RETIRED_MAX` keys of holders collected last)."""
    global _installed
    _holders.add(holder)
    secret = getattr(holder, "secret", None)
    if secret:
        weakref.finalize(holder, _retire, secret)
    if not _installed:
        with _install_lock:
            if not _installed:
                _installed = True
                _chain_record_factory()


def _retire(secret: str) -> None:
    with _install_lock:
        _retired.pop(secret, None)
        _retired[secret] = None
        while len(_retired) > _RETIRED_MAX:
            del _retired[next(iter(_retired))]


def _live_secrets() -> List[str]:
    live = [secret for holder in list(_holders) if (secret := getattr(holder, "secret", None))]
    return live + [secret for secret in list(_retired) if secret not in live]


def _redact_all(text: str, secrets: List[str]) -> str:
    for secret in secrets:
        text = redact_field(text, secret)
    return text


def _redact_record(record: logging.LogRecord) -> None:
    secrets = _live_secrets()
    if not secrets:
        return
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: the handler reports it, without our help
        return
    redacted = _redact_all(message, secrets)
    if redacted != message:
        record.msg, record.args = redacted, None
    exc_info = record.exc_info
    if exc_info and exc_info[1] is not None and not record.exc_text:
        text = "".join(traceback.format_exception(*exc_info)).rstrip("\n")
        masked = _redact_all(text, secrets)
        if masked != text:
            record.exc_text = masked  # what `Formatter.format` prints instead of formatting again


def _chain_record_factory() -> None:
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _holders or _retired:
            _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)


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
        redact_field(str(request.url), secret),
        redact_field(repr(redact_headers(dict(request.headers))), secret),
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
        redact_field(str(request.url), token),
        response.status_code,
        response.reason_phrase,
        redact_field(str(request_id_of(response.headers)), token),
        # A server may echo the key back in any header (`www-authenticate`, ...): mask it too.
        redact_field(str(redact_headers(dict(response.headers))), token),
        stacklevel=2,
    )
