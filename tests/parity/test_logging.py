"""Logging: `CEREBRAS_LOG` at import, the logger names and levels, and no secret in any log
line, `repr` or exception message."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
import threading
from typing import Any, Dict, List

import pytest

from cerebras.cloud.sdk import APIStatusError, AsyncCerebras, AuthenticationError, Cerebras
from cerebras.cloud.sdk._logs import REDACTED, redact_headers, redact_text
from cerebras.cloud.sdk.types.chat.completion_create_params import Message

from ._server import API_KEY, LocalServer, Reply, chat_completion, sse

CHAT = "/v1/chat/completions"
MESSAGES: List[Message] = [{"role": "user", "content": "Hi"}]
LINE = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - (?P<name>[\w.]+):\d+ - (?P<level>[A-Z]+)\] (?P<message>.*)$")


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=environ,
        check=False,
    )


# Runs in a fresh interpreter (logging is configured at import), where the test scaffold is not
# importable: its fake API is a plain MockTransport handler.
_REQUEST_SCRIPT = f"""
    import logging, httpx
    from cerebras.cloud.sdk import Cerebras
    from cerebras.cloud.sdk.testing import set_testing
    calls = []
    def handler(request):
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(503, text="busy")
        return httpx.Response(200, json={{"object": "list", "data": []}})
    client = Cerebras(
        api_key="{API_KEY}",
        base_url="http://api.test",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        warm_tcp_connection=False,
    )
    set_testing()
    client.models.list()
    print("levels", logging.getLogger("cerebras.cloud.sdk").level, logging.getLogger("httpx").level)
    print("handlers", len(logging.getLogger().handlers))
"""


def test_cerebras_log_debug_configures_logging_at_import() -> None:
    result = _run(_REQUEST_SCRIPT, CEREBRAS_LOG="debug")
    assert result.returncode == 0, result.stderr
    assert f"levels {logging.DEBUG} {logging.DEBUG}" in result.stdout
    assert "handlers 1" in result.stdout

    lines = [LINE.match(line) for line in result.stderr.splitlines()]
    assert lines, result.stderr
    assert all(lines), result.stderr  # every line in the documented format
    by_name: Dict[str, List[str]] = {}
    for match in lines:
        assert match is not None
        by_name.setdefault(match["name"], []).append(f"{match['level']} {match['message']}")
    requests = by_name["cerebras.cloud.sdk._base_client"]
    assert any(line.startswith("DEBUG Sending HTTP Request: GET http://api.test/v1/models") for line in requests)
    assert any(line.startswith('DEBUG HTTP Response: GET http://api.test/v1/models "503') for line in requests)
    assert any(re.match(r"INFO Retrying request to /v1/models in \d+\.\d{6} seconds", line) for line in requests)
    httpx_lines = [line for name, lines in by_name.items() if name.startswith("httpx") for line in lines]
    assert any("HTTP Request: GET" in line for line in httpx_lines)  # `httpx` (or `httpx._client` before 0.24)
    assert API_KEY not in result.stderr
    assert f"'authorization': '{REDACTED}'" in result.stderr


def test_cerebras_log_info_shows_retries_only() -> None:
    result = _run(_REQUEST_SCRIPT, CEREBRAS_LOG="info")
    assert result.returncode == 0, result.stderr
    assert f"levels {logging.INFO} {logging.INFO}" in result.stdout
    levels = {match["level"] for match in map(LINE.match, result.stderr.splitlines()) if match}
    assert levels == {"INFO"}
    assert "Retrying request to /v1/models" in result.stderr
    assert "Sending HTTP Request" not in result.stderr


@pytest.mark.parametrize("value", [None, "DEBUG", "warning"])
def test_other_values_configure_nothing(value: Any) -> None:
    env = {} if value is None else {"CEREBRAS_LOG": value}
    result = _run(_REQUEST_SCRIPT, **env)
    assert result.returncode == 0, result.stderr
    assert f"levels {logging.NOTSET} {logging.NOTSET}" in result.stdout
    assert "handlers 0" in result.stdout
    assert result.stderr == ""


def test_cerebras_log_is_read_once_at_import() -> None:
    result = _run(
        """
        import logging, os
        import cerebras.cloud.sdk
        os.environ["CEREBRAS_LOG"] = "debug"
        import cerebras.cloud.sdk
        print(logging.getLogger("cerebras.cloud.sdk").level)
        """
    )
    assert result.stdout.strip() == str(logging.NOTSET)


def test_logger_names_form_one_tree() -> None:
    root = logging.getLogger("cerebras.cloud.sdk")
    for name in ("cerebras.cloud.sdk._base_client", "cerebras.cloud.sdk._client"):
        assert logging.getLogger(name).parent is root


# --------------------------------------------------------------------------- secrets


@pytest.fixture
def every_record(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record of every logger (the SDK's, httpx's, httpcore's) at DEBUG: `.records`."""
    caplog.set_level(logging.DEBUG)
    for name in ("cerebras.cloud.sdk", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _rendered(records: List[logging.LogRecord]) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in records)  # messages and tracebacks


def test_no_secret_in_any_log_line(
    server: LocalServer, every_record: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, sleeps: Any
) -> None:
    monkeypatch.delenv("CEREBRAS_WARM_TCP_CONNECTION")  # the warm-up is logged too
    server.reply("/v1/tcp_warming", Reply(401, {"message": f"Incorrect API key provided: {API_KEY}"}))
    server.reply(CHAT, Reply(503, b"busy"), Reply(200, chat_completion()), Reply(200, chunks=sse("a", "b")))
    server.reply(CHAT, Reply(401, {"message": f"Incorrect API key provided: {API_KEY}"}))
    client = Cerebras(
        api_key=API_KEY,
        base_url=server.url,
        default_headers={"X-Api-Key": API_KEY, "X-Auth-Token": API_KEY},
    )
    assert client._warm_thread is not None
    client._warm_thread.join(5)

    client.chat.completions.create(model="m", messages=MESSAGES, extra_headers={"api-key": API_KEY})  # retried once
    for _ in client.chat.completions.create(model="m", messages=MESSAGES, stream=True):
        pass
    with pytest.raises(AuthenticationError) as caught:
        client.chat.completions.create(model="m", messages=MESSAGES)
    client.close()

    text = _rendered(every_record.records)
    names = {record.name for record in every_record.records}
    assert {"cerebras.cloud.sdk._base_client", "cerebras.cloud.sdk._client"} <= names
    assert any(name.startswith("httpx") for name in names)  # httpx's own lines were captured too
    assert "TCP Warming had exception" in text
    assert "Retrying request to /v1/chat/completions" in text
    assert API_KEY not in text
    assert text.count(f"'authorization': '{REDACTED}'") >= 5
    assert f"'x-api-key': '{REDACTED}'" in text
    assert f"'x-auth-token': '{REDACTED}'" in text
    assert f"'api-key': '{REDACTED}'" in text

    error = caught.value
    for shown in (str(error), repr(error), error.message, repr(client)):
        assert API_KEY not in shown
    assert REDACTED in str(error)
    assert client.default_headers["Authorization"] == f"Bearer {API_KEY}"  # the header itself is intact
    assert server.requests[-1].headers["authorization"] == f"Bearer {API_KEY}"


async def test_no_secret_in_async_logs(server: LocalServer, every_record: pytest.LogCaptureFixture) -> None:
    server.reply(CHAT, Reply(500, {"message": f"upstream saw {API_KEY}"}))
    async with AsyncCerebras(api_key=API_KEY, base_url=server.url, max_retries=0) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.chat.completions.create(model="m", messages=MESSAGES)
        assert API_KEY not in repr(client)
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)
    text = _rendered(every_record.records)
    assert "Sending HTTP Request: POST" in text
    assert API_KEY not in text


def test_a_timeout_logged_with_traceback_shows_no_secret(
    server: LocalServer, every_record: pytest.LogCaptureFixture
) -> None:
    server.reply(CHAT, Reply(200, chat_completion(), gate=threading.Event()))
    client = Cerebras(api_key=API_KEY, base_url=server.url, max_retries=0, timeout=0.2)
    with client, pytest.raises(Exception, match="timed out"):
        client.chat.completions.create(model="m", messages=MESSAGES)
    text = _rendered(every_record.records)
    assert "Traceback" in text  # exc_info is attached at DEBUG
    assert API_KEY not in text


def test_redaction_helpers() -> None:
    headers = {
        "Authorization": "Bearer x",
        "Proxy-Authorization": "Basic y",
        "X-Api-Key": "k",
        "api_key": "k",
        "X-Auth-Token": "t",
        "Cookie": "c",
        "X-Client-Secret": "s",
        "Content-Type": "application/json",
        "X-Stainless-Retry-Count": "0",
    }
    redacted = redact_headers(headers)
    assert [name for name, value in redacted.items() if value != REDACTED] == [
        "Content-Type",
        "X-Stainless-Retry-Count",
    ]
    assert redact_text(f"key={API_KEY}; again {API_KEY}", API_KEY) == f"key={REDACTED}; again {REDACTED}"
    assert redact_text("short key abc", "abc") == "short key abc"  # too short to redact safely
    assert redact_text("anything", None) == "anything"
