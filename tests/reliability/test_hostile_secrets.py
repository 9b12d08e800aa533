"""Hostile servers and careless input versus the API key: it never shows, and bad keys send nothing.

The server here echoes the caller's key everywhere it can (the request id, other headers, the
error body); the key must not reach `str(e)`, tracebacks (also with locals), pickles or any
log record. Keys and base URLs that cannot be used are refused before anything is sent.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import pytest

from _support.sockets import Exchange, FaultServer, refused_url
from cerebras.cloud.sdk import (
    APIConnectionError,
    APIStatusError,
    AsyncCerebras,
    AuthenticationError,
    Cerebras,
    CerebrasError,
    RequestBuildError,
)
from cerebras.cloud.sdk._exceptions import StreamAlreadyConsumed
from cerebras.cloud.sdk._secrets import REDACTED, Secret, redact_field, redact_text

from .hostile import BACKENDS, chat
from .runner import API_KEY
from .scenarios import chunk_json

__all__: List[str] = []


def _echo(exchange: Exchange) -> None:
    """A 401 (or an in-stream error) that quotes the caller's key in every place it can."""
    key = exchange.request.headers.get("authorization", "").removeprefix("Bearer ")
    headers = {"x-request-id": f"req-{key}", "www-authenticate": f'Bearer realm="{key}"'}
    body = json.dumps({"error": {"message": f"bad key {key}", "code": "wrong_api_key"}, "status_code": 401})
    if json.loads(exchange.request.body or b"{}").get("stream"):
        data = b"data: " + chunk_json("hi") + b"\n\ndata: " + body.encode() + b"\n\n"
        exchange.respond(200, data, {**headers, "content-type": "text/event-stream"})
    else:
        exchange.respond(401, body.encode(), headers)


@pytest.fixture
def echo_server() -> Iterator[FaultServer]:
    with FaultServer(_echo) as server:
        yield server


def _library_locals(exception: Optional[traceback.TracebackException]) -> Iterator[str]:
    # The caller's own frames hold the key it passed; every other frame (the SDK's, httpx's,
    # httpcore's, h11's, aiohttp's), in the whole chain of causes, must not.
    while exception is not None:
        for frame in exception.stack:
            if "/tests/" not in frame.filename:
                yield f"{frame.filename}:{frame.name} {frame.locals}"
        exception = exception.__cause__ or exception.__context__


def _everything_shown(error: BaseException, *, with_locals: bool = True) -> str:
    """`str`, `repr`, the full traceback with its chain, and the library frames' locals.

    Locals are left out for errors raised while reading a body that quotes the key: the bytes
    the server sent are data, held wherever they are parsed.
    """
    shown = [str(error), repr(error), "".join(traceback.format_exception(type(error), error, error.__traceback__))]
    if not with_locals:
        return "\n".join(shown)
    captured = traceback.TracebackException(type(error), error, error.__traceback__, capture_locals=True)
    shown.extend(_library_locals(captured))
    return "\n".join(shown)


# ----------------------------------------------------------------------------- 8, 10, 11


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_key_echoed_in_the_request_id_never_shows(echo_server: FaultServer, backend: str, stream: bool) -> None:
    outcome = chat(backend, echo_server.url, stream=stream)
    error = outcome.error
    assert isinstance(error, AuthenticationError)
    assert error.request_id == f"req-{REDACTED}"
    shown = _everything_shown(error, with_locals=not stream)
    assert API_KEY not in shown
    assert error.code == "wrong_api_key"  # masking the key leaves the rest alone
    if not stream:
        assert "wrong_api_key" in str(error)


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_errors_pickle_round_trip_without_the_key(echo_server: FaultServer, backend: str, stream: bool) -> None:
    error = chat(backend, echo_server.url, stream=stream).error
    assert isinstance(error, APIStatusError)
    data = pickle.dumps(error)
    assert API_KEY.encode() not in data
    copy = pickle.loads(data)
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.status_code == 401
    assert copy.request_id == error.request_id
    assert copy.code == "wrong_api_key"
    assert "authorization" not in copy.request.headers


@pytest.mark.parametrize("backend", BACKENDS)
def test_connection_errors_pickle_and_keep_the_key_out_of_locals(backend: str) -> None:
    error = chat(backend, refused_url(), stream=False).error
    assert isinstance(error, APIConnectionError)
    assert API_KEY not in _everything_shown(error)
    data = pickle.dumps(error)
    assert API_KEY.encode() not in data
    assert type(pickle.loads(data)) is type(error)


def _bad_status_line(exchange: Exchange) -> None:
    exchange.send(b"HTTP/1.1 2xx OK\r\nnot a header\r\n\r\n")
    exchange.close()


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_the_errors_a_connection_error_is_chained_from_do_not_show_the_key(backend: str, stream: bool) -> None:
    # aiohttp's error for a malformed response keeps the request headers, whose repr lists them.
    with FaultServer(_bad_status_line) as server:
        error = chat(backend, server.url, stream=stream).error
    assert isinstance(error, APIConnectionError)
    chain: List[str] = []
    cause: Optional[BaseException] = error
    while cause is not None and len(chain) < 20:
        chain.append(repr(cause))
        chain.extend(f"{name}={value!r}" for name, value in vars(cause).items())
        cause = cause.__cause__ or cause.__context__
    assert API_KEY not in "\n".join(chain)
    assert API_KEY not in _everything_shown(error)
    if backend != "sync":  # aiohttp's error is in the chain, its credential masked rather than dropped
        assert any("request_info" in entry and REDACTED in entry for entry in chain)


def test_every_error_class_pickles() -> None:
    for error in (
        CerebrasError("x"),
        RequestBuildError("y"),
        StreamAlreadyConsumed(),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)


def test_a_request_that_fails_to_build_keeps_the_key_out_of_the_locals_of_build() -> None:
    client = Cerebras(api_key=API_KEY, base_url="http://127.0.0.1:9", warm_tcp_connection=False)
    with client, pytest.raises(RequestBuildError) as info:
        client.chat.completions.create(model="m", messages=[], extra_headers={"X-Bad": "a\nb"})
    shown = _everything_shown(info.value)
    assert "_request.py:build" in shown  # the frame with the merged headers is there, locals and all
    assert "authorization" in shown.lower()
    assert API_KEY not in shown


def test_the_key_holder_masks_repr_and_pickle() -> None:
    secret = Secret(API_KEY)
    assert secret == API_KEY
    assert f"{secret}" == API_KEY
    assert repr(secret) == repr(REDACTED)
    assert repr({"Authorization": secret}) == f"{{'Authorization': {REDACTED!r}}}"
    assert API_KEY.encode() not in pickle.dumps(secret)
    client = Cerebras(api_key=API_KEY, warm_tcp_connection=False)
    assert client.api_key == API_KEY
    assert API_KEY not in repr(client.api_key) + repr(client.auth_headers) + repr(client.default_headers)
    client.close()


# ----------------------------------------------------------------------------- 9


_PRELUDE = """
import json, logging, sys
sys.path.insert(0, {tests!r})
import cerebras.cloud.sdk  # applies CEREBRAS_LOG=debug: a stderr handler, DEBUG levels
from _support.sockets import FaultServer
from reliability.hostile import chat
from reliability.runner import API_KEY
from reliability.test_hostile_secrets import _echo
records = []

class Collect(logging.Handler):
    def emit(self, record):
        records.append(logging.Formatter("%(name)s %(message)s").format(record))

root = logging.getLogger()
root.addHandler(Collect())
root.setLevel(logging.DEBUG)
for name in ("httpx", "httpcore", "hpack", "h2", "aiohttp", "asyncio"):
    logging.getLogger(name).setLevel(logging.DEBUG)
"""


def _records_of(code: str) -> Tuple[List[str], str]:
    """Every log record `code` makes with `CEREBRAS_LOG=debug` and a root logger at DEBUG,
    formatted, and the stderr the SDK's own handler wrote (a fresh interpreter: levels and
    handlers stay out of this one)."""
    tests = str(Path(__file__).resolve().parents[1])
    script = _PRELUDE.format(tests=tests) + textwrap.dedent(code) + "\nprint(json.dumps(records))\n"
    env = {**os.environ, "CEREBRAS_LOG": "debug"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_log_record_of_any_logger_contains_the_key(backend: str) -> None:
    records, stderr = _records_of(
        f"""
        with FaultServer(_echo) as server:
            for stream in (False, True):
                assert type(chat({backend!r}, server.url, stream=stream).error).__name__ == "AuthenticationError"
        """
    )
    names = {line.split(" ", 1)[0] for line in records}
    assert "cerebras.cloud.sdk._base_client" in names
    if backend == "sync":
        assert "httpcore.http11" in names  # the logger that printed the echoed headers
    assert [line for line in records if API_KEY in line] == []
    assert API_KEY not in stderr
    assert REDACTED in stderr


def test_http2_hpack_and_any_other_records_are_masked_too() -> None:
    records, stderr = _records_of(
        """
        from cerebras.cloud.sdk import Cerebras
        client = Cerebras(api_key=API_KEY, warm_tcp_connection=False)
        # What those loggers print when a server echoes the key (header tuples, frames, tracebacks).
        logging.getLogger("hpack.hpack").debug("Decoded %s", (b"x-request-id", f"req-{API_KEY}".encode()))
        logging.getLogger("httpcore.http2").debug("receive_response_headers.complete return_value=%r", [API_KEY])
        try:
            raise ValueError(f"bad {API_KEY}")
        except ValueError:
            logging.getLogger("some.library").exception("failed")
        client.close()
        """
    )
    assert len(records) == 3
    assert all(API_KEY not in line for line in records)
    assert REDACTED in records[0]
    assert REDACTED in records[1]
    assert API_KEY not in stderr


def test_a_short_key_in_the_url_is_masked_in_the_debug_log() -> None:
    records, _ = _records_of(
        """
        from cerebras.cloud.sdk import Cerebras
        with FaultServer(_echo) as server:
            client = Cerebras(api_key="k3y", base_url=server.url, warm_tcp_connection=False, max_retries=0)
            try:
                client.models.list(extra_query={"key": "k3y"})
            except Exception as exc:
                assert type(exc).__name__ == "AuthenticationError"
            client.close()
        """
    )
    lines = [line for line in records if "HTTP Re" in line]
    assert lines
    assert all("key=k3y" not in line for line in lines)
    assert any(f"key={REDACTED}" in line for line in lines)


# ----------------------------------------------------------------------------- 12


BAD_KEYS = {
    "newline": ("sk-abcdefgh12345\n", "line break"),
    "crlf-injection": ("sk-abcdefgh12345\r\nX-Evil: 1", "line break"),
    "non-ascii": ("sk-abcdéfgh12345", "non-ASCII"),
    "control": ("sk-abcdefgh\x0012345", "control character"),
    "whitespace": (" sk-abcdefgh12345", "whitespace"),
}


@pytest.mark.parametrize("case", sorted(BAD_KEYS))
@pytest.mark.parametrize("client_class", [Cerebras, AsyncCerebras])
def test_keys_that_are_not_header_values_are_refused_at_construction(case: str, client_class: Any) -> None:
    key, problem = BAD_KEYS[case]
    with FaultServer(_echo) as server:
        with pytest.raises(CerebrasError) as info:
            client_class(api_key=key, base_url=server.url, warm_tcp_connection=False)
        assert problem in str(info.value)
        # The message and the traceback; the locals of the constructor are the caller's own argument.
        assert key not in _everything_shown(info.value, with_locals=False)
        good = Cerebras(api_key="sk-good-key-123", base_url=server.url, warm_tcp_connection=False)
        with pytest.raises(CerebrasError, match=problem):
            good.with_options(api_key=key)
        good.close()
        assert server.count == 0  # nothing was sent


def test_a_bad_key_from_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_API_KEY", "sk-abcdefgh12345\n")
    with pytest.raises(CerebrasError, match="line break"):
        Cerebras(warm_tcp_connection=False)


# ----------------------------------------------------------------------------- 13


@pytest.mark.parametrize("url", ["http://user:hunter2pass@127.0.0.1:9", "https://:hunter2pass@api.example"])
@pytest.mark.parametrize("client_class", [Cerebras, AsyncCerebras])
def test_credentials_in_the_base_url_are_refused_and_never_shown(
    url: str, client_class: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CerebrasError, match="user name or password") as info:
        client_class(api_key=API_KEY, base_url=url, warm_tcp_connection=False)
    assert "hunter2pass" not in "\n".join(_everything_shown(info.value).split("\n")[:3])
    client = client_class(api_key=API_KEY, base_url="http://127.0.0.1:9", warm_tcp_connection=False)
    with pytest.raises(CerebrasError, match="user name or password"):
        client.with_options(base_url=url)
    with pytest.raises(CerebrasError, match="user name or password"):
        client.base_url = url
    assert "hunter2pass" not in repr(client)
    monkeypatch.setenv("CEREBRAS_BASE_URL", url)
    with pytest.raises(CerebrasError, match="user name or password"):
        client_class(api_key=API_KEY, warm_tcp_connection=False)


# ----------------------------------------------------------------------------- 13.10 (redaction)


def test_a_short_key_does_not_corrupt_the_servers_text() -> None:
    with FaultServer(_echo) as server:
        error = chat("sync", server.url, stream=False, api_key="wrong").error
    assert isinstance(error, AuthenticationError)
    assert "wrong_api_key" in str(error)
    assert "<redacted>_api_key" not in str(error)
    assert error.code == "wrong_api_key"


def test_redaction_rules() -> None:
    long_key = "sk-0123456789abcdef"
    assert redact_text(f"a {long_key}b {long_key}", long_key) == f"a {REDACTED}b {REDACTED}"
    assert redact_text("wrong_api_key: wrong", "wrong") == "wrong_api_key: wrong"  # too short for free text
    # Headers and URLs: masked whatever the length, where the key stands alone.
    assert redact_field("Bearer wrong", "wrong") == f"Bearer {REDACTED}"
    assert redact_field("http://h/v1?key=wrong&x=1", "wrong") == f"http://h/v1?key={REDACTED}&x=1"
    assert redact_field("wrong_api_key", "wrong") == "wrong_api_key"
    assert redact_field(f"id-{long_key}x", long_key) == f"id-{REDACTED}x"
    assert redact_field("anything", None) == "anything"


@pytest.mark.parametrize("client_class", [Cerebras, AsyncCerebras], ids=["Cerebras", "AsyncCerebras"])
def test_the_key_stays_masked_after_the_client_is_closed_or_collected(client_class: Any) -> None:
    # A record made later (an error kept and logged after its client is gone, a late transport
    # record) may still hold the key: closing or dropping the client must not unmask it.
    import gc
    import logging
    import secrets

    key = "csk-" + secrets.token_hex(20)
    records: List[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    logger = logging.getLogger("httpcore.http11")
    handler = Keep(logging.DEBUG)
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        client = client_class(api_key=key, base_url="http://127.0.0.1:9", warm_tcp_connection=False)
        logger.debug("while open: %s", key)
        if client_class is Cerebras:
            client.close()
        logger.debug("after close: %s", key)
        del client
        gc.collect()
        logger.debug("after collection: %s", key)
        try:
            raise ValueError(f"kept error {key}")
        except ValueError:
            logger.exception("an error logged late")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert len(records) == 4
    assert not [record for record in records if key in record], records


_H2_CALLS = """
import anyio
from cerebras.cloud.sdk import AsyncCerebras, Cerebras, DefaultAsyncHttpxClient, DefaultHttpxClient
from reliability.h2server import H2Server

MESSAGES = [{{"role": "user", "content": "x"}}]

def options(server, http_client):
    return dict(api_key=API_KEY, base_url=server.url, max_retries=0, warm_tcp_connection=False,
                http_client=http_client(verify=server.client_context()))

async def acalls(server):
    async with AsyncCerebras(**options(server, DefaultAsyncHttpxClient)) as client:
        for stream in (False, True):
            try:
                raw = await client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=stream)
                assert raw.http_version == "HTTP/2"
                async for _ in await raw.parse():
                    pass
            except Exception as exc:
                assert type(exc).__name__ == "AuthenticationError", exc

def calls(server):
    with Cerebras(**options(server, DefaultHttpxClient)) as client:
        for stream in (False, True):
            try:
                raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES, stream=stream)
                assert raw.http_version == "HTTP/2"
                list(raw.parse())
            except Exception as exc:
                assert type(exc).__name__ == "AuthenticationError", exc

with H2Server() as server:
    if {backend!r} == "sync":
        calls(server)
    else:
        anyio.run(acalls, server, backend={loop!r})
    assert len(server.requests) == 2
"""


@pytest.mark.parametrize("backend", ["sync", "httpx_asyncio", "httpx_trio"])
def test_a_key_echoed_over_a_real_http2_connection_reaches_no_log_record(backend: str) -> None:
    # A TLS HTTP/2 server echoes the key in its headers and body; with CEREBRAS_LOG=debug and the
    # root logger at DEBUG, hpack, h2 and httpcore.http2 log those headers and frames.
    loop = "trio" if backend.endswith("trio") else "asyncio"
    records, stderr = _records_of(_H2_CALLS.format(backend=backend, loop=loop))
    names = {line.split(" ", 1)[0] for line in records}
    assert {"httpcore.http2", "hpack.hpack"} <= names, sorted(names)
    assert any(REDACTED in line for line in records if line.startswith("hpack"))  # the echo was logged, masked
    assert [line for line in records if API_KEY in line] == []
    assert API_KEY not in stderr


def test_the_http2_check_sees_the_key_when_nothing_masks_it() -> None:
    # The control of the test above: with the SDK's masking of log records switched off, the
    # same run logs the key, so that test would catch a leak.
    unmasked = "import cerebras.cloud.sdk._logs as logs\nlogs._redact_record = lambda record: None\n"
    records, _ = _records_of(unmasked + _H2_CALLS.format(backend="sync", loop="asyncio"))
    assert any(API_KEY in line for line in records if line.startswith(("hpack", "httpcore.http2")))
