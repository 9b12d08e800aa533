"""Upload checks that run before anything is sent: batch JSONL rules, sizes, paths and purposes."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cerebras.cloud.sdk import BatchInputError, CerebrasError, FileInputError
from cerebras.cloud.sdk._uploads import (
    MAX_BATCH_LINE_BYTES,
    MAX_BATCH_REQUESTS,
    MAX_FILE_BYTES,
    check_batch_lines,
    open_upload,
)


def request(custom_id: str, model: str = "llama3.1-8b", **overrides: Any) -> Dict[str, Any]:
    line: Dict[str, Any] = {
        "custom_id": custom_id,
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": model, "messages": [{"role": "user", "content": "hi"}]},
    }
    line.update(overrides)
    return line


def jsonl(*lines: Dict[str, Any]) -> bytes:
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def lines_of(data: bytes) -> List[bytes]:
    return io.BytesIO(data).readlines()


def test_a_valid_file_counts_its_requests() -> None:
    assert check_batch_lines(lines_of(jsonl(request("a"), request("b"), request("c")))) == 3


def test_windows_line_endings_and_a_missing_final_newline_are_accepted() -> None:
    data = json.dumps(request("a")).encode() + b"\r\n" + json.dumps(request("b")).encode()
    assert check_batch_lines(lines_of(data)) == 2


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b"\xff\xfe", "not UTF-8"),
        (json.dumps(request("")).encode(), "custom_id"),
        (json.dumps({**request("x"), "custom_id": 7}).encode(), "custom_id"),
        (json.dumps(request("x", method="GET")).encode(), "method"),
        (json.dumps(request("x", url="/v1/completions")).encode(), "url"),
        (json.dumps(request("x", body="hello")).encode(), "body"),
        (json.dumps(request("x", body={"messages": []})).encode(), "body.model"),
    ],
)
def test_a_bad_line_is_reported_with_its_number(line: bytes, fragment: str) -> None:
    data = jsonl(request("a"), request("b")) + line + b"\n" + jsonl(request("z"))
    with pytest.raises(BatchInputError) as caught:
        check_batch_lines(lines_of(data))
    assert caught.value.line_number == 3
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("line 3: ")
    assert isinstance(caught.value, (FileInputError, ValueError, CerebrasError))


def test_duplicate_custom_ids_name_both_lines() -> None:
    with pytest.raises(BatchInputError, match=r"line 3: duplicate custom_id 'a' \(first used on line 1\)") as caught:
        check_batch_lines(lines_of(jsonl(request("a"), request("b"), request("a"))))
    assert caught.value.line_number == 3


def test_every_line_must_use_the_same_model() -> None:
    with pytest.raises(BatchInputError, match="same model") as caught:
        check_batch_lines(lines_of(jsonl(request("a"), request("b", model="gpt-oss-120b"))))
    assert caught.value.line_number == 2


def test_a_blank_line_inside_the_file_is_refused_but_trailing_ones_are_not() -> None:
    assert check_batch_lines(lines_of(jsonl(request("a")) + b"\n\n")) == 1
    with pytest.raises(BatchInputError, match="blank line") as caught:
        check_batch_lines(lines_of(jsonl(request("a")) + b"\n" + jsonl(request("b"))))
    assert caught.value.line_number == 2


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(BatchInputError, match="no requests") as caught:
        check_batch_lines([])
    assert caught.value.line_number is None


def test_more_than_the_request_limit_is_refused_at_the_first_line_over() -> None:
    line = json.dumps(request("x")).encode()
    lines = (line.replace(b'"x"', f'"r{i}"'.encode()) for i in range(MAX_BATCH_REQUESTS + 5))
    with pytest.raises(BatchInputError, match="more than 50,000 requests") as caught:
        check_batch_lines(lines)
    assert caught.value.line_number == MAX_BATCH_REQUESTS + 1


def test_an_overlong_line_is_refused() -> None:
    long = json.dumps(request("a", padding="x" * MAX_BATCH_LINE_BYTES)).encode()
    with pytest.raises(BatchInputError, match="longer than") as caught:
        check_batch_lines([long])
    assert caught.value.line_number == 1


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=30, unique=True))
def test_any_set_of_unique_ids_is_accepted_and_counted(ids: List[str]) -> None:
    assert check_batch_lines(lines_of(jsonl(*(request(i) for i in ids)))) == len(ids)


@given(st.lists(st.text(min_size=1, max_size=6), min_size=2, max_size=20))
def test_a_repeated_id_is_always_caught_at_its_second_use(ids: List[str]) -> None:
    ids = [*ids, ids[0]]
    with pytest.raises(BatchInputError) as caught:
        check_batch_lines(lines_of(jsonl(*(request(i) for i in ids))))
    first_repeat = next(i for i, value in enumerate(ids) if value in ids[:i])
    assert caught.value.line_number == first_repeat + 1


# --------------------------------------------------------------------------- the `file` argument


def test_a_missing_path_is_a_file_input_error(tmp_path: Path) -> None:
    with pytest.raises(FileInputError, match="no such file"):
        open_upload(str(tmp_path / "absent.jsonl"), "batch")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileInputError, match="is a directory"):
        open_upload(tmp_path, "batch")


def test_a_file_over_200_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as out:
        out.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk and no time
    with pytest.raises(FileInputError, match="209,715,201 bytes"):
        open_upload(big, "batch")


def test_an_open_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with open(big, "wb") as out:
        out.truncate(MAX_FILE_BYTES + 10)
    with open(big, "rb") as stream, pytest.raises(FileInputError, match="at most"):
        open_upload(("big.jsonl", stream), "batch")


def test_an_unknown_purpose_is_refused() -> None:
    with pytest.raises(FileInputError, match="unknown purpose 'fine-tune'"):
        open_upload(b"", "fine-tune")


def test_a_path_is_opened_checked_and_closed(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(request("a")))
    upload = open_upload(str(path), "batch")
    name, stream, content_type = upload.files["file"]
    assert (name, content_type) == ("in.jsonl", "application/jsonl")
    assert stream.read() == path.read_bytes()
    upload.close()
    assert stream.closed


def test_a_bad_path_file_is_closed_when_its_check_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(request("a"), request("a")))
    opened: List[Any] = []
    real_open = open

    def spy(*args: Any, **kwargs: Any) -> Any:
        handle = real_open(*args, **kwargs)
        opened.append(handle)
        return handle

    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(BatchInputError, match="duplicate"):
        open_upload(os.fspath(path), "batch")
    assert opened
    assert all(handle.closed for handle in opened)


def test_a_caller_file_is_checked_rewound_and_left_open() -> None:
    stream = io.BytesIO(jsonl(request("a"), request("b")))
    upload = open_upload(("x.jsonl", stream, "application/x-ndjson"), "batch")
    assert upload.files["file"] == ("x.jsonl", stream, "application/x-ndjson")
    assert stream.tell() == 0
    upload.close()
    assert not stream.closed


def test_bytes_with_a_bad_line_fail_before_sending() -> None:
    with pytest.raises(BatchInputError) as caught:
        open_upload(jsonl(request("a")) + b"oops\n", "batch")
    assert caught.value.line_number == 2
