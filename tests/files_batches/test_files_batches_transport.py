"""`client.files` and `client.batches` through the transport seam (`httpx.MockTransport`), both clients."""

from __future__ import annotations

import email.message
import email.parser
import json
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import httpx
import pytest

from _support import Driver, RecordingStream, resolve
from cerebras.cloud.sdk import BatchError, BatchWaitTimeoutError, Cerebras, NotFoundError
from cerebras.cloud.sdk.pagination import AsyncCursorPage, SyncCursorPage
from cerebras.cloud.sdk.types import Batch, BatchResult, FileObject

Handler = Callable[[httpx.Request], httpx.Response]
LINE = json.dumps(
    {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m", "messages": []}}
).encode()
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "system_fingerprint": "fp",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "positive"}}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}


def batch(status: str, **fields: Any) -> Dict[str, Any]:
    return {"id": "batch_1", "object": "batch", "status": status, "request_counts": None, **fields}


def as_json(value: object, status: int = 200, headers: Optional[Dict[str, str]] = None) -> httpx.Response:
    return httpx.Response(status, json=value, headers=headers)


def form_parts(request: httpx.Request) -> Dict[str, Any]:
    """The multipart fields of a request, parsed by the standard library (not our code)."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser().parsebytes(head + request.read())
    parts: Dict[str, Any] = {}
    payload = message.get_payload()
    assert isinstance(payload, list)
    for part in payload:
        assert isinstance(part, email.message.Message)
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        parts[name] = (part.get_filename(), part.get_payload(decode=True), part.get_content_type())
    return parts


# --------------------------------------------------------------------------- files


async def test_upload_is_multipart_on_the_wire(api: Driver) -> None:
    seen: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return as_json(
            {"id": "file_1", "object": "file", "bytes": len(LINE), "purpose": "batch", "filename": "in.jsonl"}
        )

    client = api.client(handler)
    created = await resolve(
        client.files.create(
            file=("in.jsonl", LINE + b"\n"), purpose="batch", expires_after={"anchor": "created_at", "seconds": 3600}
        )
    )
    assert isinstance(created, FileObject)
    assert created.id == "file_1"
    assert created.bytes == len(LINE)
    (request,) = seen
    assert (request.method, request.url.path) == ("POST", "/v1/files")
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = form_parts(request)
    assert parts["purpose"][1] == b"batch"
    assert parts["expires_after[anchor]"][1] == b"created_at"
    assert parts["expires_after[seconds]"][1] == b"3600"
    assert parts["file"] == ("in.jsonl", LINE + b"\n", "application/jsonl")


async def test_bad_input_is_refused_before_anything_is_sent(api: Driver, tmp_path: Path) -> None:
    sent: List[httpx.Request] = []
    client = api.client(lambda request: sent.append(request) or as_json({}))
    from cerebras.cloud.sdk import BatchInputError, FileInputError

    with pytest.raises(BatchInputError, match="line 2: duplicate"):
        await resolve(client.files.create(file=LINE + b"\n" + LINE + b"\n", purpose="batch"))
    with pytest.raises(FileInputError, match="no such file"):
        await resolve(client.files.create(file=tmp_path / "nope.jsonl", purpose="batch"))
    with pytest.raises(FileInputError, match="unknown purpose"):
        await resolve(client.files.create(file=LINE, purpose="assistants"))
    assert sent == []


def test_a_path_upload_streams_from_disk_in_flat_memory(make_client: Callable[..., Cerebras], tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = LINE.replace(b'"a"', b'"%08d"').replace(b'"messages": []', b'"messages": [], "note": "' + b"n" * 1500 + b'"')
    with open(path, "wb") as out:
        for i in range(45_000):  # about 72 MB
            out.write(line % i + b"\n")
    size = path.stat().st_size
    received = {"bytes": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        for chunk in request.stream:  # type: ignore[union-attr]
            received["bytes"] += len(chunk)
        return as_json({"id": "file_big", "object": "file", "bytes": size})

    class StreamingTransport(httpx.BaseTransport):
        """Unlike `MockTransport`, does not read the request body into memory first."""

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return handler(request)

    client = make_client(http_client=httpx.Client(transport=StreamingTransport()))
    tracemalloc.start()
    try:
        created = client.files.create(file=path, purpose="batch")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert created.id == "file_big"
    assert received["bytes"] > size  # the file plus the multipart framing
    assert peak < size / 4, f"peak {peak} bytes for a {size}-byte upload"


async def test_list_pages_through_every_file_lazily(api: Driver) -> None:
    pages = {
        None: {"object": "list", "data": [{"id": "f1"}, {"id": "f2"}], "has_more": True},
        "f2": {"object": "list", "data": [{"id": "f3"}, {"id": "f4"}], "has_more": True},
        "f4": {"object": "list", "data": [{"id": "f5"}], "has_more": False},
    }
    asked: List[Optional[str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after")
        asked.append(after)
        assert request.url.params.get("limit") == "2"
        return as_json(pages[after])

    client = api.client(handler)
    if not api.is_async:
        page = client.files.list(limit=2)
        assert isinstance(page, SyncCursorPage)
        assert [f.id for f in page.data] == ["f1", "f2"]
        assert page.has_more
        assert page.has_next_page()
        assert asked == [None]  # nothing fetched ahead
        ids = [f.id for f in page]
        assert page.next_page().data[0].id == "f3"
    else:
        first = await client.files.list(limit=2)
        assert isinstance(first, AsyncCursorPage)
        assert [f.id for f in first.data] == ["f1", "f2"]
        asked.clear()
        ids = [f.id async for f in client.files.list(limit=2)]
        assert (await first.next_page()).data[0].id == "f3"
    assert ids == ["f1", "f2", "f3", "f4", "f5"]
    assert asked[-4:-1] == [None, "f2", "f4"] or asked[:3] == [None, "f2", "f4"]


async def test_a_raw_response_page_still_pages(api: Driver) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("after") == "b1":
            assert "x-stainless-raw-response" not in request.headers  # following pages are parsed pages
            return as_json({"object": "list", "data": [{"id": "b2", "status": "completed"}], "has_more": False})
        assert request.headers["x-stainless-raw-response"] == "raw"
        return as_json({"object": "list", "data": [{"id": "b1", "status": "queued"}], "has_more": True})

    client = api.client(handler)
    raw = await resolve(client.batches.with_raw_response.list())
    page = await resolve(raw.parse())
    if not api.is_async:
        assert [b.id for b in page] == ["b1", "b2"]
    else:
        assert [b.id async for b in page] == ["b1", "b2"]


def test_content_streams_a_large_file_in_flat_memory(make_client: Callable[..., Cerebras], tmp_path: Path) -> None:
    chunk = b"x" * 65_536
    total = 64 * 1024 * 1024

    def body() -> Iterator[bytes]:
        for _ in range(total // len(chunk)):
            yield chunk

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.raw_path == b"/v1/files/file%2F1/content"
        return httpx.Response(200, content=body(), headers={"content-type": "application/x-ndjson"})

    client = make_client(handler)
    target = tmp_path / "out.jsonl"
    tracemalloc.start()
    try:
        content = client.files.retrieve_content("file/1")
        assert content.content_type == "application/x-ndjson"
        content.write_to_file(target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert target.stat().st_size == total
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes while downloading {total}"


async def test_content_alias_read_and_iter_bytes(api: Driver) -> None:
    client = api.client(lambda _request: httpx.Response(200, stream=RecordingStream([b"abc\n" * 500, b"abc\n" * 500])))
    assert client.files.content == client.files.retrieve_content
    whole = await resolve(client.files.content("f1"))
    assert await resolve(whole.read()) == b"abc\n" * 1000
    parts = await resolve(client.files.retrieve_content("f1"))
    chunks = list(parts.iter_bytes(100)) if not api.is_async else [c async for c in parts.iter_bytes(100)]
    assert b"".join(chunks) == b"abc\n" * 1000
    assert max(map(len, chunks)) <= 100
    assert parts.response.is_closed


async def test_streaming_response_of_content_is_unread_until_asked(api: Driver) -> None:
    client = api.client(lambda _request: httpx.Response(200, stream=RecordingStream([b"pay", b"load"])))
    if not api.is_async:
        with client.files.with_streaming_response.retrieve_content("f1") as response:
            assert not response.is_closed
            assert b"".join(response.iter_bytes()) == b"payload"
    else:
        async with client.files.with_streaming_response.retrieve_content("f1") as response:
            assert b"".join([c async for c in response.iter_bytes()]) == b"payload"


async def test_retrieve_delete_and_errors(api: Driver) -> None:
    seen: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/gone"):
            return as_json({"message": "No file", "type": "not_found_error"}, status=404)
        if request.method == "DELETE":
            return as_json({"id": "f1", "object": "file", "deleted": True})
        return as_json({"id": "f1", "object": "file", "filename": "a.jsonl", "extra_field": 1})

    client = api.client(handler)
    file = await resolve(client.files.retrieve("f1"))
    assert file.filename == "a.jsonl"
    assert file.to_dict()["extra_field"] == 1
    deleted = await resolve(client.files.delete("f1"))
    assert deleted.deleted is True
    assert deleted.id == "f1"
    assert seen[-1].method == "DELETE"
    assert seen[-1].content == b""
    with pytest.raises(NotFoundError):
        await resolve(client.files.retrieve("gone"))
    with pytest.raises(ValueError, match="file_id"):
        await resolve(client.files.retrieve(""))


# --------------------------------------------------------------------------- batches


async def test_create_sends_the_documented_defaults(api: Driver) -> None:
    bodies: List[Dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.read()))
        return as_json(batch("validating", metadata={"run": "x"}))

    client = api.client(handler)
    created = await resolve(client.batches.create(input_file_id="file_1", metadata={"run": "x"}))
    assert isinstance(created, Batch)
    assert created.status == "validating"
    assert created.request_counts is None
    assert bodies == [
        {
            "input_file_id": "file_1",
            "endpoint": "/v1/chat/completions",
            "completion_window": "24h",
            "metadata": {"run": "x"},
        }
    ]
    assert json.loads(created.to_json()) == batch("validating", metadata={"run": "x"})  # no serializer warnings


async def test_cancel_is_a_delete_without_a_body(api: Driver) -> None:
    seen: List[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return as_json(batch("cancelling", errors="a plain string"))

    client = api.client(handler)
    cancelled = await resolve(client.batches.cancel("batch_1"))
    assert cancelled.status == "cancelling"
    assert cancelled.errors == "a plain string"
    assert (seen[0].method, seen[0].url.path, seen[0].content) == ("DELETE", "/v1/batches/batch_1", b"")
    with pytest.raises(ValueError, match="batch_id"):
        await resolve(client.batches.cancel(""))


async def test_wait_polls_until_terminal_and_backs_off(api: Driver) -> None:
    statuses = iter(["validating", "queued", "in_progress", "finalizing", "completed"])
    times: List[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        times.append(time.monotonic())
        return as_json(batch(next(statuses), output_file_id="file_out"))

    client = api.client(handler)
    done = await resolve(client.batches.wait("batch_1", poll_interval=0.02, timeout=30))
    assert done.status == "completed"
    assert done.output_file_id == "file_out"
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) == 4
    assert gaps[0] >= 0.02
    assert gaps[3] >= 0.02 * 1.5**3 * 0.99


async def test_wait_honours_retry_after(api: Driver) -> None:
    statuses = iter(["in_progress", "completed"])
    client = api.client(lambda _request: as_json(batch(next(statuses)), headers={"retry-after": "0.4"}))
    started = time.monotonic()
    done = await resolve(client.batches.wait("batch_1", poll_interval=0.01, timeout=30))
    assert done.status == "completed"
    assert time.monotonic() - started >= 0.4


async def test_wait_past_its_timeout_raises_with_the_last_batch(api: Driver) -> None:
    client = api.client(lambda _request: as_json(batch("in_progress")))
    started = time.monotonic()
    with pytest.raises(BatchWaitTimeoutError, match=r"still 'in_progress' after waiting 0\.2 s") as caught:
        await resolve(client.batches.wait("batch_1", poll_interval=0.05, timeout=0.2))
    assert 0.2 <= time.monotonic() - started < 5
    assert caught.value.batch.status == "in_progress"
    assert caught.value.timeout == 0.2
    assert isinstance(caught.value, TimeoutError)
    assert isinstance(caught.value, BatchError)
    with pytest.raises(ValueError, match="poll_interval"):
        await resolve(client.batches.wait("batch_1", poll_interval=0))


def output_lines() -> bytes:
    cerebras_shape = {"custom_id": "r1", "status": "succeeded", "response": COMPLETION}
    failed = {"custom_id": "r2", "status": "failed", "error": {"code": "invalid_request", "message": "too long"}}
    openai_ok = {"id": "x", "custom_id": "r3", "response": {"status_code": 200, "request_id": "q", "body": COMPLETION}}
    openai_bad = {
        "custom_id": "r4",
        "response": {"status_code": 400, "body": {"error": {"code": "bad", "message": "no"}}},
    }
    expired = {"custom_id": "r5", "status": "expired", "error": {"code": "timeout", "message": "late"}}
    lines = [cerebras_shape, failed, openai_ok, openai_bad, expired]
    return b"\r\n".join(json.dumps(line).encode() for line in lines)  # no final newline, CRLF endings


async def test_results_stream_typed_lines_of_both_shapes(api: Driver) -> None:
    data = output_lines()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/batches/batch_1":
            return as_json(batch("completed", output_file_id="file_out"))
        assert request.url.path == "/v1/files/file_out/content"
        return httpx.Response(200, stream=RecordingStream([data[i : i + 7] for i in range(0, len(data), 7)]))

    client = api.client(handler)
    stream = client.batches.results("batch_1")
    if not api.is_async:
        results: List[BatchResult] = list(stream)
    else:
        results = [r async for r in stream]
    assert [(r.custom_id, r.status) for r in results] == [
        ("r1", "succeeded"),
        ("r2", "failed"),
        ("r3", "succeeded"),
        ("r4", "failed"),
        ("r5", "expired"),
    ]
    assert results[0].response is not None
    assert results[0].response.choices[0].message.content == "positive"
    assert results[2].response is not None
    assert results[2].response.usage is not None
    assert results[1].error is not None
    assert results[1].error.code == "invalid_request"
    assert results[3].error is not None
    assert results[3].error.message == "no"
    assert results[4].error is not None
    assert results[4].error.code == "timeout"


async def test_results_of_an_unfinished_batch_is_a_batch_error(api: Driver) -> None:
    client = api.client(lambda _request: as_json(batch("in_progress")))

    async def consume() -> None:
        if not api.is_async:
            list(client.batches.results("batch_1"))
        else:
            [r async for r in client.batches.results("batch_1")]

    with pytest.raises(BatchError, match="has no results yet") as caught:
        await consume()
    assert caught.value.batch.status == "in_progress"


async def test_retrieve_results_is_the_legacy_path(api: Driver) -> None:
    seen: List[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, stream=RecordingStream([b'{"custom_id":"a"}\n']))

    client = api.client(handler)
    content = await resolve(client.batches.retrieve_results("batch_1"))
    assert await resolve(content.read()) == b'{"custom_id":"a"}\n'
    assert seen == ["/v1/batches/batch_1/results"]
