"""The `cerebras` command end to end: as a subprocess (`python -m cerebras.cloud.sdk`), and in-process for the rest."""

from __future__ import annotations

import builtins
import io
import json
import os
import re
import socket
import subprocess
import sys
from typing import Any, Dict, Iterator, List, Optional

import pytest

from _support.serve import serving
from cerebras.cloud.sdk.cli import main
from cerebras.cloud.sdk.cli._output import Timing, summary_line
from cerebras.cloud.sdk.testing import LocalServer

SUMMARY = re.compile(
    r"^\[(\d+) tokens in \d+\.\d\d s(, first token after [\d.]+ ms)?(, \d+ tok/s)? \| server: queue [\d.]+ ms, "
    r"prompt [\d.]+ ms, completion [\d.]+ ms, total [\d.]+ ms\]$"
)


def run(
    *args: str, stdin: Optional[str] = None, env: Optional[Dict[str, str]] = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cerebras.cloud.sdk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


# ---------------------------------------------------------------- subprocess


def test_chat_local_streams_then_prints_a_summary() -> None:
    result = run("chat", "--local", "--max-tokens", "25", "Why is fast inference important?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n")
    assert len(result.stdout.split()) >= 10
    (line,) = result.stderr.splitlines()
    match = SUMMARY.match(line)
    assert match is not None, line
    assert match.group(1) == "25"
    assert match.group(2)


def test_chat_json_prints_the_full_response() -> None:
    result = run("chat", "--local", "--json", "-s", "Be brief.", "--temperature", "0.2", "Hello")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["object"] == "chat.completion"
    assert data["model"] == "llama3.1-8b"
    assert data["choices"][0]["message"]["content"]
    assert set(data["time_info"]) >= {"queue_time", "prompt_time", "completion_time", "total_time"}


@pytest.mark.parametrize("args", [("chat", "--local"), ("chat", "--local", "-")])
def test_chat_reads_the_prompt_from_stdin(args: List[str]) -> None:
    piped = run(*args, "--json", stdin="Summarise this text, please.\n")
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["usage"]["prompt_tokens"] > 5
    direct = run("chat", "--local", "--json", "Summarise this text, please.")
    assert json.loads(direct.stdout)["choices"] == json.loads(piped.stdout)["choices"]  # same request, same answer


def test_missing_api_key() -> None:
    result = run("chat", "hello")
    assert result.returncode == 3
    assert result.stderr.startswith("error: no API key")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_unreachable_host() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(
        "chat",
        "--base-url",
        f"http://127.0.0.1:{port}",
        "--max-retries",
        "0",
        "hello",
        env={"CEREBRAS_API_KEY": "sk-x"},
    )
    assert result.returncode == 4
    assert result.stderr.startswith(f"error: cannot reach http://127.0.0.1:{port}")
    assert len(result.stderr.splitlines()) == 1


def test_wrong_api_key() -> None:
    with LocalServer(api_key="sk-right") as server:
        result = run("models", "--base-url", server.base_url, "--api-key", "sk-wrong")
    assert result.returncode == 5
    assert result.stderr == "error: authentication failed (401): Wrong API Key\n"


def test_rate_limited() -> None:
    with LocalServer(requests_per_minute=0) as server:
        result = run(
            "chat", "--base-url", server.base_url, "--max-retries", "0", "hi", env={"CEREBRAS_API_KEY": "sk-x"}
        )
    assert result.returncode == 6
    assert result.stderr.startswith("error: rate limited (429): Requests per minute limit exceeded")
    assert "limits reset in" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_serve_answers_until_stopped() -> None:
    import httpx

    with serving("--api-key", "sk-s", "--rpm", "5") as served:
        assert served.url.startswith("http://127.0.0.1:")
        response = httpx.get(f"{served.url}/v1/models", headers={"Authorization": "Bearer sk-s"})
        assert response.status_code == 200
        assert response.headers["x-ratelimit-limit-requests-minute"] == "5"
        assert httpx.get(f"{served.url}/v1/models").status_code == 401


# ---------------------------------------------------------------- in-process


def test_no_stream_and_complete_and_models(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEREBRAS_API_KEY", "sk-x")
    base = ["--base-url", server.base_url]
    assert main(["chat", *base, "--no-stream", "--max-tokens", "5", "Hi"]) == 0
    out, err = capsys.readouterr()
    assert len(out.split()) >= 3
    assert SUMMARY.match(err.strip())
    assert main(["complete", *base, "--max-tokens", "4", "Roses are red"]) == 0
    out, err = capsys.readouterr()
    assert out.strip()
    summary = SUMMARY.match(err.strip())
    assert summary is not None
    assert summary.group(1) == "4"
    assert main(["complete", *base, "--json", "--max-tokens", "4", "Roses"]) == 0
    assert json.loads(capsys.readouterr().out)["object"] == "text_completion"
    assert main(["models", *base]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["llama3.1-8b", "Meta"]
    assert main(["models", *base, "gpt-oss-120b", "--format", "huggingface"]) == 0
    assert json.loads(capsys.readouterr().out)["hugging_face_id"] == "openai/gpt-oss-120b"
    assert main(["models", *base, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["object"] == "list"
    assert main(["models", *base, "no-such-model"]) == 1
    assert capsys.readouterr().err.startswith("error: the API answered 404: Model 'no-such-model' does not exist")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_chat_keeps_the_conversation(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = iter(["Hello", "", "And again?", "/exit"])
    prompts: List[str] = []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(lines)

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(builtins, "input", fake_input)
    assert main(["chat", "--base-url", server.base_url, "--api-key", "k", "--max-tokens", "6"]) == 0
    _out, err = capsys.readouterr()
    assert err.startswith("Chatting with llama3.1-8b on http://127.0.0.1:")
    assert len([line for line in err.splitlines() if SUMMARY.match(line)]) == 2
    assert prompts == ["> "] * 4
    second = server.emulator.history[-1].body
    assert [m["role"] for m in json.loads(second)["messages"]] == ["user", "assistant", "user"]


def test_interactive_ends_on_eof(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def eof(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(builtins, "input", eof)
    assert main(["chat", "--local"]) == 0
    assert "Chatting with llama3.1-8b on the local emulator" in capsys.readouterr().err


def test_usage_errors(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("   \n"))
    with pytest.raises(SystemExit) as caught:
        main(["chat", "--local"])
    assert caught.value.code == 2
    assert "the prompt is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--fault", "bogus"])
    assert caught.value.code == 2
    assert "key=value" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["chat", "--max-tokens", "-3", "x"])
    assert caught.value.code == 2


def test_stream_error_mid_answer(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEREBRAS_CUSTOM_HEADERS", "X-Emulator-Fault: error_after=3")
    assert main(["chat", "--base-url", server.base_url, "--api-key", "k", "Hi"]) == 1
    out, err = capsys.readouterr()
    assert out.endswith("\n")
    assert out.strip()
    assert err.startswith("error: the API answered 500: Injected fault")


def test_summary_line_without_server_timing() -> None:
    usage: Any = type("U", (), {"completion_tokens": 10})()
    line = summary_line(Timing(started=1.0, first_token=1.5, finished=2.0), usage, None)
    assert line == "[10 tokens in 1.00 s, first token after 500.0 ms, 10 tok/s]"
