"""`cerebras bulk` as a subprocess against the emulator: input errors, output, engines, Ctrl-C, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from cerebras.cloud.sdk.testing import LocalServer


def lines(n: int, *, tokens: int = 10, url: str = "/v1/chat/completions") -> List[str]:
    out = []
    for i in range(n):
        body: Dict[str, Any] = {"model": "llama3.1-8b", "max_completion_tokens": tokens}
        if url == "/v1/completions":
            body["prompt"] = f"Once upon a time {i}"
        else:
            body["messages"] = [{"role": "user", "content": f"Tell me about {i}."}]
        out.append(json.dumps({"custom_id": f"q{i}", "method": "POST", "url": url, "body": body}))
    return out


def write(path: Path, content: List[str]) -> Path:
    path.write_text("".join(line + "\n" for line in content))
    return path


def bulk(*args: str, server: LocalServer, **kwargs: Any) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEREBRAS_")}
    env.update(server.env())
    return subprocess.Popen(
        [sys.executable, "-m", "cerebras.cloud.sdk", "bulk", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        **kwargs,
    )


def finish(process: subprocess.Popen[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def results(path: Path) -> Dict[str, Dict[str, Any]]:
    found: Dict[str, Dict[str, Any]] = {}
    for text in path.read_text().splitlines():
        value = json.loads(text)
        assert value["custom_id"] not in found
        found[value["custom_id"]] = value
    return found


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


def test_bad_input_exits_2_with_line_numbers_and_sends_nothing(tmp_path: Path, server: LocalServer) -> None:
    good = lines(3)
    path = write(tmp_path / "in.jsonl", [good[0], "{oops", good[1], good[1], '{"custom_id": "x"}'])
    done = finish(bulk(str(path), "-o", str(tmp_path / "out.jsonl"), "--no-progress", server=server))
    assert done.returncode == 2
    assert "line 2: malformed JSON" in done.stderr
    assert 'line 4: duplicate custom_id "q1" (first on line 3)' in done.stderr
    assert "line 5: missing fields 'method', 'url', 'body'" in done.stderr
    assert "nothing was sent" in done.stderr
    assert list(server.history) == []
    assert not (tmp_path / "out.jsonl").exists()


def test_json_summary_and_result_lines(tmp_path: Path, server: LocalServer) -> None:
    path = write(tmp_path / "in.jsonl", lines(12))
    out = tmp_path / "out.jsonl"
    done = finish(bulk(str(path), "-o", str(out), "--json", "--no-progress", "--concurrency", "3", server=server))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["engine"] == "local"
    assert summary["statuses"] == {"succeeded": 12}
    assert summary["tokens_out"] > 0
    assert summary["interrupted"] is False
    assert set(summary["effective"]) == {"rpm", "tpm", "limit_rpm", "limit_tpm"}
    found = results(out)
    assert sorted(found) == sorted(f"q{i}" for i in range(12))
    assert {v["status"] for v in found.values()} == {"succeeded"}
    assert done.stderr == ""  # --no-progress and --json: nothing for people


def test_existing_output_needs_resume(tmp_path: Path, server: LocalServer) -> None:
    path = write(tmp_path / "in.jsonl", lines(3))
    out = tmp_path / "out.jsonl"
    assert finish(bulk(str(path), "-o", str(out), "--no-progress", server=server)).returncode == 0
    again = finish(bulk(str(path), "-o", str(out), "--no-progress", server=server))
    assert again.returncode == 2
    assert "--resume" in again.stderr
    resumed = finish(bulk(str(path), "-o", str(out), "--no-progress", "--resume", server=server))
    assert resumed.returncode == 0
    assert "already in the output from an earlier run: 3 succeeded" in resumed.stderr


def test_failed_lines_make_exit_status_1(tmp_path: Path, server: LocalServer) -> None:
    bad = json.loads(lines(1)[0])
    bad["body"]["model"] = "no-such-model"
    bad["custom_id"] = "bad"
    path = write(tmp_path / "in.jsonl", [*lines(2), json.dumps(bad)])
    done = finish(bulk(str(path), "-o", str(tmp_path / "out.jsonl"), "--no-progress", server=server))
    assert done.returncode == 1
    assert "1 failed, 2 succeeded" in done.stderr
    assert results(tmp_path / "out.jsonl")["bad"]["error"]["type"] == "NotFoundError"


def test_the_engine_switch_changes_what_is_accepted(tmp_path: Path, server: LocalServer) -> None:
    path = write(tmp_path / "in.jsonl", lines(2, url="/v1/completions"))
    batch = finish(
        bulk(str(path), "-o", str(tmp_path / "b.jsonl"), "--engine", "batch", "--no-progress", server=server)
    )
    assert batch.returncode == 2
    assert 'line 1: unsupported url "/v1/completions" (this engine serves /v1/chat/completions)' in batch.stderr
    local = finish(
        bulk(str(path), "-o", str(tmp_path / "l.jsonl"), "--engine", "local", "--no-progress", server=server)
    )
    assert local.returncode == 0, local.stderr


def test_progress_lines_on_a_pipe(tmp_path: Path, server: LocalServer) -> None:
    path = write(tmp_path / "in.jsonl", lines(5))
    done = finish(bulk(str(path), "-o", str(tmp_path / "out.jsonl"), server=server))
    assert done.returncode == 0
    assert "bulk: 5/5 done" in done.stderr
    assert "bulk (local): 5 succeeded" in done.stderr


@pytest.mark.slow
def test_ctrl_c_stops_within_seconds_and_the_output_resumes(tmp_path: Path) -> None:
    path = write(tmp_path / "in.jsonl", lines(60, tokens=30))
    out = tmp_path / "out.jsonl"
    with LocalServer(tokens_per_second=40, count_answers=True) as slow:  # each answer takes about 1 s
        process = bulk(str(path), "-o", str(out), "--concurrency", "4", server=slow)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 4):
            time.sleep(0.05)
        assert process.poll() is None, "finished before it could be interrupted"
        process.send_signal(signal.SIGINT)
        stopped = time.monotonic()
        done = finish(process, timeout=30)
        took = time.monotonic() - stopped
        assert done.returncode == 130, done.stderr
        assert took < 8.0  # in-flight requests finish (about 1 s) or are cancelled after 5 s
        assert "--resume" in done.stderr
        first = results(out)
        assert 4 <= len(first) < 60
        assert out.read_bytes().endswith(b"\n")

        resumed = finish(bulk(str(path), "-o", str(out), "--resume", "--concurrency", "30", "--json", server=slow))
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["statuses"] == {"succeeded": 60 - len(first)}
        answered = dict(slow.emulator.answered)
    found = results(out)
    assert sorted(found) == sorted(f"q{i}" for i in range(60))
    from cerebras.cloud.sdk.testing import body_digest

    by_id = {json.loads(text)["custom_id"]: json.loads(text)["body"] for text in path.read_text().splitlines()}
    assert all(answered[body_digest(by_id[custom_id])] == 1 for custom_id in first)


def test_batch_engine_ctrl_c_cancels_nothing_and_resume_reuses_the_batch(tmp_path: Path) -> None:
    from cerebras.cloud.sdk.lib.bulk._plan import load_state, state_path_for

    path = write(tmp_path / "in.jsonl", lines(20))
    out = tmp_path / "out.jsonl"
    with LocalServer(batch_stage_delay_s=0.01, batch_request_delay_s=0.2) as server:
        process = bulk(str(path), "-o", str(out), "--engine", "batch", "--poll-interval", "0.05", server=server)
        state_path = state_path_for(out)
        deadline = time.monotonic() + 60
        state = None
        while time.monotonic() < deadline:
            state = load_state(state_path) if os.path.exists(state_path) else None
            if state is not None and state.parts[0].batch_id:
                break
            time.sleep(0.05)
        assert state is not None
        process.send_signal(signal.SIGINT)
        stopped = time.monotonic()
        done = finish(process, timeout=30)
        assert done.returncode == 130, done.stderr
        assert time.monotonic() - stopped < 5.0
        assert "--engine batch --resume" in done.stderr
        assert os.path.exists(state_path)
        assert not [e for e in server.history if e.method == "DELETE"]  # the batch was left running
        created = [e for e in server.history if e.method == "POST" and e.path == "/v1/batches"]
        assert len(created) == 1

        resumed = finish(
            bulk(
                str(path),
                "-o",
                str(out),
                "--engine",
                "batch",
                "--resume",
                "--poll-interval",
                "0.05",
                "--json",
                server=server,
            )
        )
        assert resumed.returncode == 0, resumed.stderr
        summary = json.loads(resumed.stdout)
        assert summary["engine"] == "batch"
        assert summary["batches"] == [state.parts[0].batch_id]
        assert len([e for e in server.history if e.method == "POST" and e.path == "/v1/batches"]) == 1
    assert sorted(results(out)) == sorted(f"q{i}" for i in range(20))
    assert not os.path.exists(state_path)


def test_bulk_retries_default_to_8_and_the_help_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    from cerebras.cloud.sdk.cli._parser import build_parser

    parser = build_parser()
    assert parser.parse_args(["bulk", "in.jsonl", "-o", "out.jsonl"]).max_retries == 8
    assert parser.parse_args(["chat", "hi"]).max_retries == 2
    with pytest.raises(SystemExit):
        parser.parse_args(["bulk", "--help"])
    assert "connection errors (default 8)" in " ".join(capsys.readouterr().out.split())
