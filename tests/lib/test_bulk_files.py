"""Bulk input checking and output files: problems with line numbers, result lines, resume scans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk import APIConnectionError, APITimeoutError, BadRequestError, InternalServerError
from cerebras.cloud.sdk.lib.bulk import BulkInputError, BulkOutputError, check_input, iter_requests, scan_output
from cerebras.cloud.sdk.lib.bulk._input import MAX_LINE_BYTES, parse_line
from cerebras.cloud.sdk.lib.bulk._output import ResultWriter, error_object, result_line


def line(custom_id: str = "a", **overrides: Any) -> str:
    value: Dict[str, Any] = {
        "custom_id": custom_id,
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": "llama3.1-8b", "messages": [{"role": "user", "content": "hi"}]},
    }
    value.update(overrides)
    return json.dumps(value)


def write(tmp_path: Path, lines: List[str], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(text + "\n" for text in lines))
    return path


def test_a_good_file_has_no_problems(tmp_path: Path) -> None:
    check = check_input(write(tmp_path, [line("a"), line("b")]))
    assert check.ok
    assert check.requests == 2
    assert check.models == {"llama3.1-8b": 2}


def test_every_kind_of_problem_is_reported_with_its_line_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            line("ok"),
            '{"custom_id": "x", "method": "POST"',  # 2: malformed JSON
            json.dumps({"custom_id": "y", "method": "POST", "body": {}}),  # 3: missing url
            line("z", url="/v1/embeddings"),  # 4: unsupported url
            line("ok"),  # 5: duplicate
            line("w", body=["not", "an", "object"]),  # 6: body not an object
            "[1, 2]",  # 7: not an object
            "",  # 8: blank
            line("v", method="GET"),  # 9
            line(
                "",
            ),  # 10: empty custom_id
            line("u", body={"messages": []}),  # 11: no model
            line("t", body={"model": "m", "stream": True}),  # 12: streaming
        ],
    )
    check = check_input(path)
    assert not check.ok
    found = {problem.line: problem.message for problem in check.problems}
    assert sorted(found) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert found[2].startswith("malformed JSON")
    assert found[3] == "missing field 'url'"
    assert found[4].startswith('unsupported url "/v1/embeddings"')
    assert found[5] == 'duplicate custom_id "ok" (first on line 1)'
    assert found[6] == "'body' must be a JSON object, not list"
    assert found[7] == "a line must be a JSON object, not list"
    assert found[8] == "blank line"
    assert "'method'" in found[9]
    assert "custom_id" in found[10]
    assert "body.model" in found[11]
    assert "stream" in found[12]
    assert check.requests == 1
    message = str(BulkInputError(check))
    assert "11 problems; nothing was sent" in message
    assert "line 2: malformed JSON" in message


def test_the_batch_engine_serves_chat_completions_only(tmp_path: Path) -> None:
    path = write(tmp_path, [line("a", url="/v1/completions", body={"model": "m", "prompt": "x"})])
    assert check_input(path).ok
    check = check_input(path, urls=("/v1/chat/completions",))
    assert [p.line for p in check.problems] == [1]


def test_an_overlong_line_is_reported_without_being_kept(tmp_path: Path) -> None:
    huge = line("big", body={"model": "m", "messages": [{"role": "user", "content": "x" * (MAX_LINE_BYTES + 10)}]})
    path = write(tmp_path, [line("a"), huge, line("b")])
    check = check_input(path)
    assert [(p.line, p.message) for p in check.problems] == [(2, f"line is longer than {MAX_LINE_BYTES} bytes")]
    assert check.requests == 2


def test_problems_beyond_the_cap_are_counted(tmp_path: Path) -> None:
    check = check_input(write(tmp_path, ["nope"] * 30), max_problems=5)
    assert len(check.problems) == 5
    assert check.problem_count == 30
    assert "and 25 more" in str(BulkInputError(check))


def test_crlf_and_a_missing_final_newline_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes((line("a") + "\r\n" + line("b")).encode())
    assert check_input(path).ok
    assert [r.custom_id for r in iter_requests(path)] == ["a", "b"]


def test_iter_requests_is_lazy_and_skips_done_ids(tmp_path: Path) -> None:
    path = write(tmp_path, [line(f"q{i}") for i in range(5)])
    requests = iter_requests(path, skip={"q1", "q3"})
    first = next(requests)
    assert (first.line, first.custom_id, first.model) == (1, "q0", "llama3.1-8b")
    assert [r.line for r in requests] == [3, 5]


def test_iter_requests_refuses_a_line_that_went_bad(tmp_path: Path) -> None:
    path = write(tmp_path, [line("a"), "junk"])
    with pytest.raises(BulkInputError, match="line 2"):
        list(iter_requests(path))


@given(st.binary(max_size=300))
def test_parse_line_never_raises(raw: bytes) -> None:
    value, problem = parse_line(raw)
    assert (value is None) == bool(problem)


_VALUES: List[Any] = [
    "",
    "a",
    "POST",
    "GET",
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/embeddings",
    None,
    3,
    ["x"],
    {},
    {"model": "m"},
    {"model": ""},
    {"model": 1},
    {"model": "m", "stream": True},
    {"model": "m", "stream": False},
]


@given(st.dictionaries(st.sampled_from(["custom_id", "method", "url", "body", "x"]), st.sampled_from(_VALUES)))
def test_parse_line_accepts_exactly_the_documented_shape(value: Dict[str, Any]) -> None:
    parsed, _ = parse_line(json.dumps(value).encode())
    body = value.get("body")
    valid = (
        isinstance(value.get("custom_id"), str)
        and value["custom_id"] != ""
        and value.get("method") == "POST"
        and value.get("url") in ("/v1/chat/completions", "/v1/completions")
        and isinstance(body, dict)
        and isinstance(body.get("model"), str)
        and body["model"] != ""
        and not body.get("stream")
    )
    assert (parsed is not None) == valid


# ---------------------------------------------------------------------- output


def test_result_lines_are_the_documented_shape() -> None:
    ok = json.loads(result_line("a", "succeeded", response={"id": "c", "choices": []}))
    assert ok == {"custom_id": "a", "status": "succeeded", "response": {"id": "c", "choices": []}}
    raw = result_line("b", "failed", error={"code": "x", "message": "multi\nline"})
    assert raw.endswith(b"\n")
    assert raw.count(b"\n") == 1
    assert json.loads(raw)["error"] == {"code": "x", "message": "multi\nline"}


def _status_error(cls: Any, status: int, body: Any) -> Any:
    request = httpx.Request("POST", "http://api.test/v1/chat/completions")
    return cls("boom", response=httpx.Response(status, request=request), body=body)


def test_error_objects_are_typed() -> None:
    request = httpx.Request("POST", "http://api.test/v1/chat/completions")
    bad = error_object(_status_error(BadRequestError, 400, {"message": "bad", "code": "wrong_param"}))
    assert bad["type"] == "BadRequestError"
    assert bad["status_code"] == 400
    assert bad["code"] == "wrong_param"
    server = error_object(_status_error(InternalServerError, 500, None))
    assert server["code"] == "server_error"
    assert server["type"] == "InternalServerError"
    assert error_object(APITimeoutError(request))["code"] == "timeout"
    assert error_object(APIConnectionError(request=request))["code"] == "connection_error"


def test_writer_appends_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with ResultWriter(path) as writer:
        writer.write(result_line("a", "succeeded", response={}))
    with ResultWriter(path) as writer:
        writer.write(result_line("b", "failed", error={"code": "x", "message": "y"}))
    assert [json.loads(text)["custom_id"] for text in path.read_text().splitlines()] == ["a", "b"]
    with pytest.raises(ValueError, match="closed"):
        writer.write(b"x\n")


def test_scan_cuts_a_half_written_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    whole = result_line("a", "succeeded", response={}) + result_line("b", "failed", error={"code": "x", "message": "y"})
    path.write_bytes(whole + result_line("c", "succeeded", response={"big": "x" * 50})[:30])
    scan = scan_output(path)
    assert scan.done == {"a", "b"}
    assert scan.statuses == {"succeeded": 1, "failed": 1}
    assert scan.repaired_bytes == 30
    assert path.read_bytes() == whole


def test_scan_without_repair_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(result_line("a", "succeeded", response={}) + b'{"custom_')
    assert scan_output(path, repair=False).repaired_bytes == 9
    assert path.read_bytes().endswith(b'{"custom_')


def test_scan_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    assert scan_output(tmp_path / "nope.jsonl").done == set()


def test_scan_refuses_a_foreign_or_duplicated_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b"not json\n" + result_line("a", "succeeded", response={}))
    with pytest.raises(BulkOutputError, match="line 1: not a result line"):
        scan_output(path)
    path.write_bytes(result_line("a", "succeeded", response={}) * 2)
    with pytest.raises(BulkOutputError, match="two results"):
        scan_output(path)
