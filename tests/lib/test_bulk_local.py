"""The local bulk engine end to end against the emulator on 127.0.0.1: results, failures, 429s, resume."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest

from _support import FakeApi, async_client
from cerebras.cloud.sdk import AuthenticationError
from cerebras.cloud.sdk.lib import bulk
from cerebras.cloud.sdk.lib.bulk._output import result_line
from cerebras.cloud.sdk.lib.bulk._progress import BarProgress, LineProgress, TerminalProgress, make_progress
from cerebras.cloud.sdk.lib.bulk._stats import BulkStats
from cerebras.cloud.sdk.testing import LocalServer, body_digest


def body(i: int, **extra: Any) -> Dict[str, Any]:
    value: Dict[str, Any] = {
        "model": "llama3.1-8b",
        "messages": [{"role": "user", "content": f"Question number {i}?"}],
        "max_completion_tokens": 20,
    }
    value.update(extra)
    return value


def make_input(path: Path, n: int, **extra: Any) -> List[Dict[str, Any]]:
    bodies = [body(i, **extra) for i in range(n)]
    with path.open("w") as stream:
        for i, value in enumerate(bodies):
            line = {"custom_id": f"q{i}", "method": "POST", "url": "/v1/chat/completions", "body": value}
            stream.write(json.dumps(line) + "\n")
    return bodies


def results(path: Path) -> Dict[str, Dict[str, Any]]:
    out: Dict[str, Dict[str, Any]] = {}
    for text in path.read_text().splitlines():
        value = json.loads(text)
        assert value["custom_id"] not in out, "a custom_id has two results"
        out[value["custom_id"]] = value
    return out


def test_every_line_gets_a_result_in_the_documented_shape(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 25)
    with LocalServer() as server:
        stats = bulk.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=server.client(), concurrency=4)
    found = results(tmp_path / "out.jsonl")
    assert sorted(found) == sorted(f"q{i}" for i in range(25))
    for value in found.values():
        assert set(value) == {"custom_id", "status", "response"}
        assert value["status"] == "succeeded"
        assert value["response"]["object"] == "chat.completion"
        assert value["response"]["choices"][0]["message"]["content"]
    assert stats.statuses == {"succeeded": 25}
    assert stats.tokens_out == sum(v["response"]["usage"]["completion_tokens"] for v in found.values())
    assert stats.limits is not None
    assert stats.limits.limit_requests_minute is not None
    assert stats.cost_usd is not None
    assert stats.cost_usd > 0
    assert "25 succeeded" in stats.summary_text()


async def test_failed_lines_get_a_typed_error_and_nothing_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        {"custom_id": "good", "method": "POST", "url": "/v1/chat/completions", "body": body(1)},
        {"custom_id": "no-model", "method": "POST", "url": "/v1/chat/completions", "body": body(2, model="nope-1b")},
        {"custom_id": "bad-param", "method": "POST", "url": "/v1/chat/completions", "body": body(3, temperature="hot")},
        {
            "custom_id": "text",
            "method": "POST",
            "url": "/v1/completions",
            "body": {"model": "llama3.1-8b", "prompt": "Once", "max_tokens": 5},
        },
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with LocalServer() as server:
        async with server.async_client() as client:
            stats = await bulk.arun(path, tmp_path / "out.jsonl", client=client)
    found = results(tmp_path / "out.jsonl")
    assert found["good"]["status"] == "succeeded"
    assert found["text"]["response"]["object"] == "text_completion"
    assert found["no-model"]["status"] == "failed"
    assert found["no-model"]["error"]["type"] == "NotFoundError"
    assert found["no-model"]["error"]["status_code"] == 404
    assert found["no-model"]["error"]["code"] == "model_not_found"
    assert found["bad-param"]["error"]["type"] in ("BadRequestError", "UnprocessableEntityError")
    assert "response" not in found["bad-param"]
    assert stats.statuses == {"succeeded": 2, "failed": 2}
    assert stats.errors == 2


def test_429s_are_absorbed_and_no_line_fails(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 30)
    with LocalServer(fault="status=429;retry_after=0.05", fault_rate=0.3, seed=3) as server:
        stats = bulk.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=server.client(), concurrency=8)
        refused = sum(1 for exchange in server.history if exchange.status == 429)
    assert refused > 0
    assert stats.rate_limited == refused
    assert stats.statuses == {"succeeded": 30}
    assert all(v["status"] == "succeeded" for v in results(tmp_path / "out.jsonl").values())


def test_a_line_fails_only_when_its_retries_run_out(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 3)
    with LocalServer(fault="status=429;retry_after=0.01") as server:
        stats = bulk.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=server.client(), max_retries=2)
        sent = len(server.history)
    assert sent == 9  # 3 lines x (1 + 2 retries)
    found = results(tmp_path / "out.jsonl")
    assert {v["error"]["type"] for v in found.values()} == {"RateLimitError"}
    assert stats.statuses == {"failed": 3}


def one_second_window(limit: int) -> FakeApi:
    """A fake API with a 1-second window of `limit` requests, reported in `x-ratelimit-*` headers."""
    start: List[float] = []
    used = [0]

    def answer(request: httpx.Request) -> httpx.Response:
        now = time.monotonic()
        if not start or now >= start[0] + 1.0:
            start[:] = [now]
            used[0] = 0
        reset = f"{start[0] + 1.0 - now:.3f}"
        status = 429 if used[0] >= limit else 200
        used[0] += status == 200
        headers = {
            "x-ratelimit-limit-requests-minute": str(limit),
            "x-ratelimit-remaining-requests-minute": str(limit - used[0]),
            "x-ratelimit-reset-requests-minute": reset,
        }
        answer = {
            "id": "c",
            "object": "chat.completion",
            "choices": [],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        return httpx.Response(status, headers=headers, json=answer if status == 200 else {"message": "slow down"})

    return FakeApi(then=answer)


def test_pacing_waits_for_the_window_instead_of_hitting_it(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 9)
    api = one_second_window(limit=3)
    client = async_client(api)
    started = time.monotonic()
    stats = bulk.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, concurrency=9, price=False)
    elapsed = time.monotonic() - started
    assert [r.status_code for r in api.responses] == [200] * 9  # paced: never refused
    assert stats.rate_limited == 0
    assert elapsed >= 1.9  # three windows of three requests
    assert stats.waited_s >= 1.5
    assert stats.statuses == {"succeeded": 9}


def test_an_authentication_failure_stops_the_run(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 5)
    with LocalServer(api_key="sk-right") as server, pytest.raises(AuthenticationError):
        bulk.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=server.client(api_key="sk-wrong"))
    assert results(tmp_path / "out.jsonl") == {}


def test_resume_after_a_crash_sends_no_line_twice(tmp_path: Path) -> None:
    bodies = make_input(tmp_path / "in.jsonl", 20)
    out = tmp_path / "out.jsonl"
    with LocalServer(count_answers=True) as server:
        client = server.client()
        # A first run "crashed" after 7 results, the last of them half-written.
        with (tmp_path / "in.jsonl").open() as stream:
            first = [json.loads(next(stream)) for _ in range(8)]
        with out.open("ab") as sink:
            for line in first[:7]:
                answer = client.post("/v1/chat/completions", cast_to=object, body=line["body"])
                sink.write(result_line(line["custom_id"], "succeeded", response=answer))
            sink.write(result_line(first[7]["custom_id"], "succeeded", response={"x": 1})[:25])
        with pytest.raises(bulk.BulkOutputError, match="resume"):
            bulk.run(tmp_path / "in.jsonl", out, client=client)
        stats = bulk.run(tmp_path / "in.jsonl", out, client=client, resume=True)
        answered = dict(server.emulator.answered)
    found = results(out)
    assert sorted(found) == sorted(f"q{i}" for i in range(20))
    assert stats.previous == {"succeeded": 7}
    assert stats.total == 13
    assert all(answered[body_digest(value)] == 1 for value in bodies)
    # Resuming a finished run sends nothing.
    with LocalServer() as server:
        again = bulk.run(tmp_path / "in.jsonl", out, client=server.client(), resume=True)
        assert not [e for e in server.history if e.path == "/v1/chat/completions"]
    assert again.total == 0
    assert again.done == 0


def test_a_bad_input_sends_nothing(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    make_input(path, 3)
    with path.open("a") as stream:
        stream.write('{"custom_id": "q0", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m"}}\n')
    with LocalServer() as server:
        with pytest.raises(bulk.BulkInputError, match="line 4: duplicate custom_id"):
            bulk.run(path, tmp_path / "out.jsonl", client=server.client())
        assert list(server.history) == []
    assert not (tmp_path / "out.jsonl").exists()


# ---------------------------------------------------------------------- progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 10)
    stream = io.StringIO()
    with LocalServer() as server:
        bulk.run(
            tmp_path / "in.jsonl",
            tmp_path / "out.jsonl",
            client=server.client(),
            progress=True,
            progress_stream=stream,
            progress_interval=0.0,
        )
    lines = stream.getvalue().splitlines()
    assert lines
    assert all(line.startswith("bulk: ") for line in lines)
    last = lines[-1]
    for part in ("10/10 done", "req/s", "tok/s", "0 errors", "waited on rate limits", "ETA"):
        assert part in last


def test_progress_bar_on_a_terminal_with_tqdm() -> None:
    pytest.importorskip("tqdm")
    display = make_progress(True, 5, FakeTerminal())
    assert isinstance(display, BarProgress)
    stats = BulkStats("local", total=5)
    stats.record("succeeded", "m", {"prompt_tokens": 3, "completion_tokens": 4})
    display.update(stats)
    display.close(stats)
    assert "1/5" in display.stream.getvalue()  # type: ignore[attr-defined]


def test_plain_terminal_fallback_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    stream = FakeTerminal()
    display = make_progress(True, 5, stream)
    assert isinstance(display, TerminalProgress)
    stats = BulkStats("local", total=5)
    stats.record("failed")
    display.update(stats)
    display.close(stats)
    text = stream.getvalue()
    assert text.startswith("\r")
    assert text.endswith("\n")
    assert "1/5 done" in text
    assert "1 errors" in text


def test_no_progress_when_disabled() -> None:
    assert make_progress(False, 5, FakeTerminal()) is None
    assert isinstance(make_progress(True, 5, io.StringIO()), LineProgress)
