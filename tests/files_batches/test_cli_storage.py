"""`cerebras files ...`, `cerebras batches ...` and `cerebras models --public`, run in-process against the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest

from cerebras.cloud.sdk.cli import main
from cerebras.cloud.sdk.cli._parser import EXIT_API_ERROR, EXIT_OK, EXIT_USAGE
from cerebras.cloud.sdk.testing import LocalServer


def jsonl(count: int) -> str:
    lines: List[str] = []
    for i in range(count):
        body = {"model": "gpt-oss-120b", "messages": [{"role": "user", "content": f"Q{i}"}], "max_completion_tokens": 8}
        lines.append(json.dumps({"custom_id": f"q{i}", "method": "POST", "url": "/v1/chat/completions", "body": body}))
    return "\n".join(lines) + "\n"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    with LocalServer(batch_stage_delay_s=0.01) as running:
        for name, value in running.env().items():
            monkeypatch.setenv(name, value)
        yield running


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_whole_batch_from_the_command_line(server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_text(jsonl(4))
    status, out, _ = cli(capsys, "files", "upload", str(path))
    assert status == EXIT_OK
    assert "filename: questions.jsonl" in out
    assert "purpose: batch" in out
    status, out, _ = cli(capsys, "batches", "create", str(path), "--metadata", "run=cli", "--json")
    assert status == EXIT_OK
    created = json.loads(out)
    assert created["status"] == "validating"
    assert created["metadata"] == {"run": "cli"}
    status, out, _ = cli(capsys, "batches", "wait", created["id"], "--poll-interval", "0.02")
    assert status == EXIT_OK
    assert "status: completed" in out
    assert "request_counts: 4/4 done, 0 failed" in out
    status, out, _ = cli(capsys, "batches", "results", created["id"])
    rows = [line.split("\t") for line in out.splitlines()]
    assert sorted(row[0] for row in rows) == ["q0", "q1", "q2", "q3"]
    assert all(row[1] == "succeeded" and row[2] for row in rows)
    target = tmp_path / "results.jsonl"
    status, _, err = cli(capsys, "batches", "results", created["id"], "-o", str(target))
    assert status == EXIT_OK
    assert "wrote 4 results" in err
    assert {json.loads(line)["custom_id"] for line in target.read_text().splitlines()} == {"q0", "q1", "q2", "q3"}
    status, out, _ = cli(capsys, "batches", "list")
    assert out.splitlines()[0].split() == ["ID", "STATUS", "REQUESTS", "CREATED"]
    assert created["id"] in out
    assert "completed" in out
    status, out, _ = cli(capsys, "files", "list", "--limit", "1", "--json")
    files = json.loads(out)
    assert [f["filename"] for f in files][:2] == ["questions.jsonl", "questions.jsonl"]
    assert len(files) == 3
    copy = tmp_path / "copy.jsonl"
    status, _, _ = cli(capsys, "files", "download", files[0]["id"], "-o", str(copy))
    assert status == EXIT_OK
    assert copy.read_text() == jsonl(4)
    status, out, _ = cli(capsys, "files", "delete", files[0]["id"])
    assert (status, out) == (EXIT_OK, f"deleted {files[0]['id']}\n")
    status, out, _ = cli(capsys, "batches", "get", created["id"], "--json")
    assert json.loads(out)["status"] == "completed"


def test_errors_are_one_line_with_the_usual_exit_codes(
    server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = cli(capsys, "files", "get", "file-missing")
    assert (status, out) == (EXIT_API_ERROR, "")
    assert err.count("\n") == 1
    assert "404" in err
    status, _, err = cli(capsys, "files", "upload", str(tmp_path / "absent.jsonl"))
    assert status == EXIT_USAGE
    assert "no such file" in err
    assert err.count("\n") == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text(jsonl(2) + "not json\n")
    status, _, err = cli(capsys, "batches", "create", str(bad))
    assert status == EXIT_USAGE
    assert "line 3: not valid JSON" in err
    status, _, err = cli(capsys, "batches", "create", "file-x", "--metadata", "novalue")
    assert status == EXIT_USAGE
    assert "KEY=VALUE" in err
    status, _, err = cli(capsys, "batches", "cancel", "batch_missing")
    assert status == EXIT_API_ERROR
    assert "404" in err


def test_models_public_needs_no_key(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with LocalServer(api_key="sk-something-else") as running:
        monkeypatch.setenv("CEREBRAS_BASE_URL", running.base_url)
        monkeypatch.delenv("CEREBRAS_API_KEY", raising=False)
        status, out, err = cli(capsys, "models", "--public")
        assert status == EXIT_OK, err
        lines = dict(line.split(None, 1) for line in out.splitlines())
        assert "deprecated" in lines["llama3.1-8b"]
        assert "deprecated" not in lines["gpt-oss-120b"]
        status, out, _ = cli(capsys, "models", "--public", "gpt-oss-120b")
        assert status == EXIT_OK
        assert json.loads(out)["limits"]["max_context_length"] > 0
        status, _, err = cli(capsys, "models")
        assert status != EXIT_OK
        assert "API key" in err
