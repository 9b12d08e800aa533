"""The `cerebras` command's promise: every mistake and failure is a clear message, never a traceback.

Exit statuses and stderr are checked on a real subprocess where they matter; the rest runs
`main()` in-process.
"""

from __future__ import annotations

import argparse
import builtins
import io
import os
import re
import subprocess
import sys
import textwrap
from importlib import metadata
from typing import Dict, Iterator, List, Optional

import httpx
import pytest

from _support.serve import serving
from cerebras.cloud.sdk import APITimeoutError
from cerebras.cloud.sdk.cli import main
from cerebras.cloud.sdk.cli._output import Timing, describe_error, summary_line
from cerebras.cloud.sdk.cli._parser import build_parser
from cerebras.cloud.sdk.cli._serve import client_url
from cerebras.cloud.sdk.lib.streaming._speed import tokens_per_second
from cerebras.cloud.sdk.testing import LocalServer
from cerebras.cloud.sdk.types.chat.completion_create_params import Message


def run(
    *args: str, stdin: Optional[bytes] = None, env: Optional[Dict[str, str]] = None, module: str = "cerebras.cloud.sdk"
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    clean.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        input=stdin,
        capture_output=True,
        env=clean,
        timeout=60,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode("utf-8", "replace")
    )


def last_line(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


def _subcommands() -> Dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


# ---------------------------------------------------------------- usage errors


def test_serve_on_a_port_out_of_range_is_a_usage_error_not_a_traceback() -> None:
    result = run("serve", "--port", "99999")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert last_line(result.stderr) == (
        "cerebras serve: error: argument --port: must be a port number from 0 to 65535, got 99999"
    )


def test_no_option_names_an_internal_function(capsys: pytest.CaptureFixture[str]) -> None:
    checked = 0
    for name, sub in _subcommands().items():
        for action in sub._actions:
            if action.type is None or not action.option_strings:
                continue
            with pytest.raises(SystemExit) as caught:
                main([name, action.option_strings[-1], "not-a-value", *(["x"] if name == "chat" else [])])
            assert caught.value.code == 2
            message = last_line(capsys.readouterr().err)
            assert message.startswith(f"cerebras {name}: error: argument {action.option_strings[0]}"), message
            assert not re.search(r"\b_\w+|invalid \w+ value", message), message
            assert "'not-a-value'" in message
            checked += 1
    assert checked >= 12


@pytest.mark.parametrize("value", ["0", "-3"])
def test_max_tokens_below_one_is_refused_before_any_request(
    value: str, server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["chat", "--base-url", server.base_url, "--api-key", "k", "--max-tokens", value, "Hi"])
    assert caught.value.code == 2
    assert (
        last_line(capsys.readouterr().err) == f"cerebras chat: error: argument --max-tokens: must be >= 1, got {value}"
    )
    assert server.history == []


@pytest.mark.parametrize("url", ["foo", "api.cerebras.ai", "ftp://example.com", "http://", "http://h:99999"])
def test_a_base_url_that_is_not_a_url_is_a_usage_error(url: str) -> None:
    result = run("chat", "--base-url", url, "hello", env={"CEREBRAS_API_KEY": "sk-x"})
    assert result.returncode == 2, result.stderr
    assert "cannot reach" not in result.stderr
    assert last_line(result.stderr).startswith("cerebras chat: error: argument --base-url: ")
    assert repr(url) in result.stderr


def test_a_base_url_setting_that_is_not_a_url_is_a_usage_error() -> None:
    result = run("models", env={"CEREBRAS_API_KEY": "sk-x", "CEREBRAS_BASE_URL": "localhost:8080"})
    assert result.returncode == 2
    assert result.stderr == (
        "cerebras models: error: CEREBRAS_BASE_URL: expected an http:// or https:// URL, got 'localhost:8080'\n"
    )


def test_invalid_utf8_on_stdin_gets_a_clear_message() -> None:
    result = run("chat", "--local", stdin=b"caf\xe9 au lait?\n")
    assert result.returncode == 2
    assert result.stderr == "cerebras chat: error: the prompt on stdin is not UTF-8 text (byte 0xe9 at offset 3)\n"


def test_utf8_on_stdin_is_read_whatever_the_locale() -> None:
    result = run(
        "chat",
        "--local",
        "--json",
        stdin="café, naïve, 東京?".encode(),
        env={"LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", ["chat", "complete", "models", "serve"])
def test_an_unknown_flag_shows_the_usage_of_its_subcommand(command: str) -> None:
    result = run(command, "--bogus")
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: cerebras {command} ")
    assert last_line(result.stderr) == f"cerebras {command}: error: unrecognized arguments: --bogus"


def test_an_extra_argument_after_the_prompt_shows_the_chat_usage() -> None:
    result = run("chat", "--local", "one", "two")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: cerebras chat ")
    assert last_line(result.stderr) == "cerebras chat: error: unrecognized arguments: two"


def test_every_subcommand_has_a_description() -> None:
    for name, sub in _subcommands().items():
        assert sub.description, f"`cerebras {name} --help` has no description"
        assert len(sub.description) > 20, name


# ---------------------------------------------------------------- failures


def test_a_timeout_names_the_timeout_and_the_option(server: LocalServer) -> None:
    result = run(
        "chat",
        "--base-url",
        server.base_url,
        "--timeout",
        "0.4",
        "--max-retries",
        "0",
        "Hi",
        env={"CEREBRAS_API_KEY": "k", "CEREBRAS_CUSTOM_HEADERS": "X-Emulator-Fault: latency=5"},
    )
    assert result.returncode == 4
    assert result.stderr == (
        f"error: no answer from {server.base_url} within --timeout 0.4 s; allow longer with --timeout SECONDS\n"
    )


def test_the_default_timeout_is_named_too() -> None:
    error = APITimeoutError(request=httpx.Request("GET", "https://api.cerebras.ai/v1/models"))
    message, status = describe_error(error, "https://api.cerebras.ai")
    assert status == 4
    assert message == (
        "error: no answer from https://api.cerebras.ai within the default timeout (60 s, 5 s to connect); "
        "allow longer with --timeout SECONDS"
    )


_INTERRUPT_DURING_IMPORT = textwrap.dedent(
    """
    import os, runpy, signal, sys

    # As on a terminal: a parent that ignores SIGINT (a background job) would pass that on.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    class InterruptWhileLoading:
        def find_spec(self, name, path=None, target=None):
            if name == "pydantic":
                os.kill(os.getpid(), signal.SIGINT)
            return None

    sys.meta_path.insert(0, InterruptWhileLoading())
    sys.argv = ["cerebras", "chat", "--local", "Hi"]
    runpy.run_module("cerebras.cloud._sdk_cli", run_name="__main__")
    """
)


def test_ctrl_c_while_the_sdk_loads_exits_130_without_a_traceback() -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_DURING_IMPORT],
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "cerebras.cloud.sdk._client" not in result.stderr
    assert "Traceback" not in result.stderr
    assert (result.returncode, result.stderr, result.stdout) == (130, "\ninterrupted\n", "")


def test_the_cerebras_command_starts_outside_the_sdk_package() -> None:
    entries = metadata.distribution("cerebras_cloud_sdk").entry_points
    (entry,) = [e for e in entries if e.group == "console_scripts" and e.name == "cerebras"]
    assert entry.value == "cerebras.cloud._sdk_cli:main"
    result = run("models", "--local", module="cerebras.cloud._sdk_cli")
    assert result.returncode == 0, result.stderr
    assert "llama3.1-8b" in result.stdout


def test_a_long_rate_limit_wait_is_shown_on_stderr() -> None:
    result = run(
        "chat",
        "--local",
        "--max-tokens",
        "3",
        "Hi",
        env={"CEREBRAS_CUSTOM_HEADERS": "X-Emulator-Fault: status=429;retry_after=1.5;fail_times=1"},
    )
    assert result.returncode == 0, result.stderr
    notice, summary = result.stderr.splitlines()
    assert notice == "waiting 1.5 s for the rate limit"
    assert summary.startswith("[3 tokens in ")


# ---------------------------------------------------------------- interactive


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_slash_commands_are_commands(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = iter(["/help", "/nonsense", "Hello", "/reset", "/etc/hosts is a path, not a command", "/EXIT", "never"])
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(builtins, "input", lambda _prompt="": next(lines))
    assert main(["chat", "--base-url", server.base_url, "--api-key", "k", "--max-tokens", "4"]) == 0
    err = capsys.readouterr().err
    assert "/help for commands" in err.splitlines()[0]
    assert "/reset   forget the conversation" in err
    assert "unknown command /nonsense; /help lists the commands" in err
    assert "(conversation cleared)" in err
    sent: List[List[str]] = []
    for exchange in server.history:
        body = httpx.Response(200, content=exchange.body).json()
        sent.append([m["content"] for m in body["messages"]])
    assert sent == [["Hello"], ["/etc/hosts is a path, not a command"]]  # after /reset: a fresh conversation
    assert next(lines) == "never"


# ---------------------------------------------------------------- serve


def test_a_wildcard_host_is_shown_as_a_url_a_client_can_use() -> None:
    assert client_url("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert client_url("::", 8080) == "http://[::1]:8080"
    assert client_url("127.0.0.1", 1) == "http://127.0.0.1:1"
    assert client_url("::1", 2) == "http://[::1]:2"
    assert client_url("localhost", 3) == "http://localhost:3"


def test_serve_logs_one_line_per_request() -> None:
    with serving("--api-key", "sk-s") as served:
        url = served.url
        assert httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer sk-s"}).status_code == 200
        assert httpx.get(f"{url}/v1/models/nope", headers={"Authorization": "Bearer sk-s"}).status_code == 404
        assert httpx.get(f"{url}/v1/models").status_code == 401
    err = served.stderr
    logged = [line for line in err.splitlines() if re.match(r"\d\d:\d\d:\d\d ", line)]
    assert [line.split()[1:4] for line in logged] == [
        ["GET", "/v1/models", "200"],
        ["GET", "/v1/models/nope", "404"],
        ["GET", "/v1/models", "401"],
    ]
    assert all(line.split()[4].startswith("req_") for line in logged)


# ---------------------------------------------------------------- tok/s


def test_tokens_per_second_has_one_definition() -> None:
    line = summary_line(
        Timing(started=1.0, first_token=1.5, finished=3.0), type("U", (), {"completion_tokens": 100})(), None
    )
    assert line == "[100 tokens in 2.00 s, first token after 500.0 ms, 50 tok/s]"
    assert tokens_per_second(100, 2.0) == 50
    no_stream = summary_line(Timing(started=1.0, finished=3.0), type("U", (), {"completion_tokens": 100})(), None)
    assert no_stream == "[100 tokens in 2.00 s, 50 tok/s]"  # the same figure, streamed or not
    assert tokens_per_second(None, 2.0) is None
    assert tokens_per_second(5, 0.0) is None


def test_the_stream_helper_uses_the_same_definition(server: LocalServer) -> None:
    with server.client() as client:
        messages: List[Message] = [{"role": "user", "content": "Hi"}]
        with client.chat.completions.stream(model="llama3.1-8b", messages=messages, max_completion_tokens=20) as stream:
            completion = stream.get_final_completion()
    assert completion.usage is not None
    assert stream.elapsed is not None
    assert completion.usage.completion_tokens is not None
    assert stream.tokens_per_second == completion.usage.completion_tokens / stream.elapsed
