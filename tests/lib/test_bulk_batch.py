"""The batch bulk engine against the emulator's Batch API: splitting, merging, resuming, and parity with local."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

import anyio
import pytest

from cerebras.cloud.sdk.lib import bulk
from cerebras.cloud.sdk.lib.bulk._batch import normalize_result
from cerebras.cloud.sdk.lib.bulk._plan import (
    BatchLimits,
    load_state,
    part_sizes,
    parts_dir_for,
    state_path_for,
    write_parts,
)
from cerebras.cloud.sdk.testing import LocalServer


def make_input(path: Path, n: int, models: List[str] = ["llama3.1-8b"], tokens: int = 12) -> None:  # noqa: B006
    with path.open("w") as stream:
        for i in range(n):
            body = {
                "model": models[i % len(models)],
                "messages": [{"role": "user", "content": f"Item {i}: say something."}],
                "max_completion_tokens": tokens,
            }
            stream.write(
                json.dumps({"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions", "body": body}) + "\n"
            )


def results(path: Path) -> Dict[str, Dict[str, Any]]:
    found: Dict[str, Dict[str, Any]] = {}
    for text in path.read_text().splitlines():
        value = json.loads(text)
        assert value["custom_id"] not in found, "a custom_id has two results"
        found[value["custom_id"]] = value
    return found


def created_batches(server: LocalServer) -> int:
    return sum(1 for e in server.history if e.method == "POST" and e.path == "/v1/batches")


def comparable(line: Dict[str, Any]) -> Dict[str, Any]:
    """A result line without ids and timings."""
    out: Dict[str, Any] = {"custom_id": line["custom_id"], "status": line["status"]}
    if "response" in line:
        response = line["response"]
        out["choices"] = response["choices"]
        out["model"] = response["model"]
        out["usage"] = {k: response["usage"][k] for k in ("prompt_tokens", "completion_tokens", "total_tokens")}
    else:
        out["error_code"] = line["error"]["code"]
    return out


async def until_batches_exist(output: Path, run: Any) -> None:
    """Run the bulk coroutine `run` until the state file shows every part's batch, then stop it."""
    async with anyio.create_task_group() as group:

        async def watch() -> None:
            while True:
                await anyio.sleep(0.02)
                path = state_path_for(output)
                state = load_state(path) if os.path.exists(path) else None
                if state is not None and all(part.batch_id for part in state.parts):
                    group.cancel_scope.cancel()
                    return

        async def main() -> None:
            await run
            raise AssertionError("the run finished before it could be stopped")

        group.start_soon(watch)
        group.start_soon(main)


# ---------------------------------------------------------------------- pure parts


def test_part_sizes_are_even_and_within_the_limit() -> None:
    assert part_sizes(0, 10) == []
    assert part_sizes(10, 10) == [10]
    assert part_sizes(11, 10) == [6, 5]
    assert part_sizes(50_001, 50_000) == [25_001, 25_000]
    for count in range(1, 200):
        sizes = part_sizes(count, 17)
        assert sum(sizes) == count
        assert max(sizes) <= 17
        assert max(sizes) - min(sizes) <= 1


def test_parts_hold_one_model_within_the_line_and_byte_limits(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 45, models=["llama3.1-8b", "gpt-oss-120b", "llama3.1-8b"])
    counts = {"llama3.1-8b": 30, "gpt-oss-120b": 15}
    parts = write_parts(tmp_path / "in.jsonl", str(tmp_path / "parts"), counts, limits=BatchLimits(max_lines=12))
    by_model: Dict[str, List[int]] = {}
    for part in parts:
        lines = Path(part.path).read_bytes().splitlines(keepends=True)
        assert len(lines) == part.lines
        assert sum(len(line) for line in lines) == part.bytes
        assert {json.loads(line)["body"]["model"] for line in lines} == {part.model}
        by_model.setdefault(part.model, []).append(part.lines)
    assert sorted(by_model["llama3.1-8b"]) == [10, 10, 10]
    assert sorted(by_model["gpt-oss-120b"]) == [7, 8]
    small = write_parts(tmp_path / "in.jsonl", str(tmp_path / "p2"), counts, limits=BatchLimits(max_bytes=2000))
    assert all(part.bytes <= 2000 for part in small)
    assert sum(part.lines for part in small) == 45


def test_normalize_result_accepts_both_documented_shapes() -> None:
    completion = {"object": "chat.completion", "choices": []}
    assert normalize_result({"custom_id": "a", "status": "succeeded", "response": completion}) == {
        "custom_id": "a",
        "status": "succeeded",
        "response": completion,
    }
    wrapped = {"custom_id": "b", "response": {"status_code": 200, "body": completion}}
    assert normalize_result(wrapped) == {"custom_id": "b", "status": "succeeded", "response": completion}
    failed = {"custom_id": "c", "response": {"status_code": 400, "body": {"error": {"code": "bad", "message": "m"}}}}
    assert normalize_result(failed) == {"custom_id": "c", "status": "failed", "error": {"code": "bad", "message": "m"}}
    expired = {"custom_id": "d", "status": "expired", "error": {"code": "timeout", "message": "late"}}
    assert normalize_result(expired) == expired
    assert normalize_result({"status": "succeeded"}) is None
    assert normalize_result(["x"]) is None


# ---------------------------------------------------------------------- end to end


def test_batch_output_matches_the_local_engine_line_for_line(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 40, models=["llama3.1-8b", "gpt-oss-120b"])
    with LocalServer(batch_stage_delay_s=0.01) as server:
        local = bulk.run(tmp_path / "in.jsonl", tmp_path / "local.jsonl", client=server.client(), concurrency=8)
        batch = bulk.run(
            tmp_path / "in.jsonl",
            tmp_path / "batch.jsonl",
            client=server.client(),
            engine="batch",
            poll_interval=0.02,
            batch_limits=BatchLimits(max_lines=15),
        )
        assert created_batches(server) == 4  # 20 + 20 lines, at most 15 per file, one model per file
    local_lines = {k: comparable(v) for k, v in results(tmp_path / "local.jsonl").items()}
    batch_lines = {k: comparable(v) for k, v in results(tmp_path / "batch.jsonl").items()}
    assert len(batch_lines) == 40
    assert batch_lines == local_lines
    assert batch.statuses == local.statuses == {"succeeded": 40}
    assert (batch.tokens_in, batch.tokens_out) == (local.tokens_in, local.tokens_out)
    assert len(batch.batches) == 4
    assert not os.path.exists(state_path_for(tmp_path / "batch.jsonl"))
    assert not os.path.exists(parts_dir_for(tmp_path / "batch.jsonl"))


def test_the_concurrent_batch_limit_is_respected(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 30)
    with LocalServer(batch_stage_delay_s=0.01, max_active_batches=2) as server:
        stats = bulk.run(
            tmp_path / "in.jsonl",
            tmp_path / "out.jsonl",
            client=server.client(),
            engine="batch",
            poll_interval=0.02,
            batch_limits=BatchLimits(max_lines=10, max_active=2),
        )
        refused = [e for e in server.history if e.path == "/v1/batches" and e.status == 429]
    assert refused == []
    assert stats.statuses == {"succeeded": 30}
    assert len(stats.batches) == 3


async def test_an_interrupted_run_resumes_without_creating_a_batch_again(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 30)
    out = tmp_path / "out.jsonl"
    limits = BatchLimits(max_lines=10)
    with LocalServer(batch_stage_delay_s=0.01, batch_request_delay_s=0.1) as server:
        async with server.async_client() as client:
            # Stopped once every batch exists, as Ctrl-C does: nothing is cancelled on the server.
            await until_batches_exist(
                out,
                bulk.arun(
                    tmp_path / "in.jsonl", out, client=client, engine="batch", poll_interval=0.02, batch_limits=limits
                ),
            )
            state = load_state(state_path_for(out))
            assert state is not None
            first_ids = [part.batch_id for part in state.parts]
            assert all(first_ids)
            assert created_batches(server) == 3
            assert not [e for e in server.history if e.method == "DELETE"]
            with pytest.raises(bulk.BulkOutputError, match="resume"):
                await bulk.arun(tmp_path / "in.jsonl", out, client=client, engine="batch", batch_limits=limits)
            stats = await bulk.arun(
                tmp_path / "in.jsonl",
                out,
                client=client,
                engine="batch",
                resume=True,
                poll_interval=0.02,
                batch_limits=limits,
            )
        assert created_batches(server) == 3
    assert sorted(stats.batches) == sorted(i for i in first_ids if i is not None)
    found = results(out)
    assert sorted(found) == sorted(f"r{i}" for i in range(30))


async def test_a_batch_whose_create_was_cut_off_is_adopted(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 10)
    out = tmp_path / "out.jsonl"
    with LocalServer(batch_stage_delay_s=0.01) as server:
        async with server.async_client() as client:
            await until_batches_exist(
                out, bulk.arun(tmp_path / "in.jsonl", out, client=client, engine="batch", poll_interval=10)
            )
            state_path = state_path_for(out)
            state = load_state(state_path)
            assert state is not None
            assert state.parts[0].batch_id is not None
            state.parts[0].batch_id = None  # as if the process died before recording it
            from cerebras.cloud.sdk.lib.bulk._plan import save_state

            save_state(state_path, state)
            stats = await bulk.arun(
                tmp_path / "in.jsonl", out, client=client, engine="batch", resume=True, poll_interval=0.02
            )
        assert created_batches(server) == 1
    assert stats.statuses == {"succeeded": 10}


async def test_a_cancelled_batch_leaves_no_line_without_a_result(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 20)
    out = tmp_path / "out.jsonl"
    with LocalServer(batch_stage_delay_s=0.01, batch_request_delay_s=0.05) as server:
        async with server.async_client() as client:

            async def cancel_soon() -> None:
                while True:
                    await anyio.sleep(0.05)
                    state = load_state(state_path_for(out)) if os.path.exists(state_path_for(out)) else None
                    if state and state.parts[0].batch_id and state.parts[0].status == "in_progress":
                        await client.batches.cancel(state.parts[0].batch_id)
                        return

            stats: Optional[bulk.BulkStats] = None
            async with anyio.create_task_group() as group:
                group.start_soon(cancel_soon)
                stats = await bulk.arun(tmp_path / "in.jsonl", out, client=client, engine="batch", poll_interval=0.02)
    assert stats is not None
    found = results(out)
    assert sorted(found) == sorted(f"r{i}" for i in range(20))
    failed = [v for v in found.values() if v["status"] == "failed"]
    assert failed
    assert all(v["error"]["code"] == "batch_cancelled" for v in failed)
    assert stats.statuses.get("failed") == len(failed)


def test_too_few_requests_for_a_batch_is_an_input_problem(tmp_path: Path) -> None:
    make_input(tmp_path / "in.jsonl", 12, models=["llama3.1-8b"] * 5 + ["gpt-oss-120b"])
    with LocalServer() as server:
        with pytest.raises(bulk.BulkInputError, match="'gpt-oss-120b' has 2 requests; a batch needs at least 10"):
            bulk.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=server.client(), engine="batch")
        assert created_batches(server) == 0
