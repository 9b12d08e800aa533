"""Files and batches against the emulator (a real HTTP server on 127.0.0.1), both clients.

Batch time is configured short (`batch_stage_delay_s`, `batch_request_delay_s`,
`batch_completion_window_s`) so every status transition, cancellation and expiry happens in
well under a second; the assertions do not depend on how fast the machine is.
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Dict, List

import httpx
import pytest

from cerebras.cloud.sdk import (
    APIConnectionError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
)
from cerebras.cloud.sdk.testing import LocalServer
from cerebras.cloud.sdk.types import Batch

MODEL = "llama3.1-8b"


def jsonl(count: int, *, model: str = MODEL, prefix: str = "r") -> bytes:
    lines: List[bytes] = []
    for i in range(count):
        body: Dict[str, Any] = {"model": model, "messages": [{"role": "user", "content": f"Question {i}"}]}
        line = {"custom_id": f"{prefix}{i}", "method": "POST", "url": "/v1/chat/completions", "body": body}
        lines.append(json.dumps(line).encode() + b"\n")
    return b"".join(lines)


@pytest.fixture
def make_server(make_server: Callable[..., LocalServer]) -> Callable[..., LocalServer]:
    """The shared `make_server`, with batch stages 10 ms apart unless a test says otherwise."""

    def factory(**settings: Any) -> LocalServer:
        settings.setdefault("batch_stage_delay_s", 0.01)
        return make_server(**settings)

    return factory


def watch(client: Any, batch_id: str, timeout: float = 20.0) -> List[Batch]:
    """Every distinct state a batch goes through, polled quickly until it is terminal."""
    seen: List[Batch] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = client.batches.retrieve(batch_id)
        if not seen or seen[-1].status != current.status:
            seen.append(current)
        if current.status in ("completed", "failed", "expired", "cancelled"):
            return seen
        time.sleep(0.005)
    raise AssertionError(f"batch still {seen[-1].status} after {timeout} s")


def test_a_batch_goes_through_every_status_and_answers_each_request(make_server: Any) -> None:
    server = make_server(batch_stage_delay_s=0.15, batch_request_delay_s=0.02)
    with server.client() as client:
        uploaded = client.files.create(file=("questions.jsonl", jsonl(12)), purpose="batch")
        assert (uploaded.filename, uploaded.purpose, uploaded.bytes) == ("questions.jsonl", "batch", len(jsonl(12)))
        created = client.batches.create(input_file_id=uploaded.id, metadata={"run": "t1"})
        assert created.status == "validating"
        assert created.expires_at is None
        assert created.request_counts is not None
        assert created.request_counts.total == 0
        assert created.metadata == {"run": "t1"}
        states = watch(client, created.id)
        assert [b.status for b in states] == ["validating", "queued", "in_progress", "finalizing", "completed"]
        done = states[-1]
        assert done.request_counts is not None
        assert (done.request_counts.total, done.request_counts.completed, done.request_counts.failed) == (12, 12, 0)
        assert done.created_at is not None
        assert done.expires_at == done.created_at + 86400
        for stamp in ("in_progress_at", "finalizing_at", "completed_at"):
            assert getattr(done, stamp) is not None
        assert done.error_file_id is None
        assert done.output_file_id is not None
        results = list(client.batches.results(created.id))
        assert sorted(r.custom_id for r in results) == sorted(f"r{i}" for i in range(12))
        assert [r.custom_id for r in results] != [f"r{i}" for i in range(12)]  # not in input order
        assert all(r.status == "succeeded" and r.response is not None for r in results)
        assert all(r.response.model == MODEL for r in results if r.response)
        listing = [f.id for f in client.files.list(limit=1)]
        assert listing == [uploaded.id, done.output_file_id]


def test_failed_requests_land_in_the_output_and_the_error_file(make_server: Any) -> None:
    server = make_server()
    bad = json.dumps(
        {"custom_id": "bad", "method": "POST", "url": "/v1/chat/completions", "body": {"model": MODEL, "messages": "x"}}
    ).encode()
    with server.client() as client:
        uploaded = client.files.create(file=jsonl(3) + bad + b"\n", purpose="batch")
        done = client.batches.wait(client.batches.create(input_file_id=uploaded.id).id, poll_interval=0.01, timeout=20)
        assert done.status == "completed"
        assert done.request_counts is not None
        assert (done.request_counts.completed, done.request_counts.failed) == (3, 1)
        assert done.error_file_id is not None
        errors = client.files.content(done.error_file_id).read().splitlines()
        assert [json.loads(line)["custom_id"] for line in errors] == ["bad"]
        by_id = {r.custom_id: r for r in client.batches.results(done.id)}
        assert by_id["bad"].status == "failed"
        assert by_id["bad"].error is not None
        assert by_id["bad"].error.code == "invalid_request"


def test_cancel_keeps_the_finished_requests(make_server: Any) -> None:
    server = make_server(batch_request_delay_s=0.05, batch_stage_delay_s=0.05)
    with server.client() as client:
        uploaded = client.files.create(file=jsonl(200), purpose="batch")
        created = client.batches.create(input_file_id=uploaded.id)
        while client.batches.retrieve(created.id).status != "in_progress":
            time.sleep(0.01)
        time.sleep(0.2)
        cancelling = client.batches.cancel(created.id)
        assert cancelling.status == "cancelling"
        assert cancelling.cancelling_at is not None
        assert client.batches.cancel(created.id).status == "cancelling"  # asking again is harmless
        done = client.batches.wait(created.id, poll_interval=0.01, timeout=20)
        assert done.status == "cancelled"
        assert done.cancelled_at is not None
        assert done.request_counts is not None
        assert 0 < done.request_counts.completed < 200
        results = list(client.batches.results(created.id))
        assert len(results) == done.request_counts.completed
        with pytest.raises(BadRequestError, match="Cannot cancel"):
            client.batches.cancel(created.id)


def test_expiry_marks_the_unprocessed_requests_expired(make_server: Any) -> None:
    server = make_server(batch_request_delay_s=0.05, batch_completion_window_s=0.5)
    with server.client() as client:
        uploaded = client.files.create(file=jsonl(100), purpose="batch")
        done = client.batches.wait(client.batches.create(input_file_id=uploaded.id).id, poll_interval=0.02, timeout=20)
        assert done.status == "expired"
        assert done.expired_at is not None
        results = list(client.batches.results(done.id))
        assert len(results) == 100
        expired = [r for r in results if r.status == "expired"]
        assert expired
        assert all(r.error is not None and r.error.code == "timeout" for r in expired)
        assert done.request_counts is not None
        assert done.request_counts.completed == 100 - len(expired)


@pytest.mark.parametrize(
    ("settings", "data", "reason"),
    [
        ({"max_batch_requests": 5}, jsonl(6), "more than 5 requests"),
        ({}, jsonl(2) + jsonl(1, model="gpt-oss-120b", prefix="g"), "same model"),
        ({}, jsonl(2, model="no-such-model"), "not supported for batch processing"),
    ],
)
def test_a_batch_that_fails_validation_says_why(
    make_server: Any, settings: Dict[str, Any], data: bytes, reason: str
) -> None:
    server = make_server(**settings)
    with server.client() as client:
        # `files.create` would refuse the mixed models itself; send such a file as an opaque upload.
        uploaded = client.files.create(file=("in.jsonl", data), purpose="batch") if "model" not in reason else None
        if uploaded is None:
            raw = httpx.post(
                f"{server.base_url}/v1/files",
                files={"file": ("in.jsonl", data)},
                data={"purpose": "batch"},
                headers={"Authorization": f"Bearer {server.api_key}"},
            )
            file_id = raw.json()["id"]
        else:
            file_id = uploaded.id
        done = client.batches.wait(client.batches.create(input_file_id=file_id).id, poll_interval=0.01, timeout=20)
        assert done.status == "failed"
        assert done.failed_at is not None
        assert isinstance(done.errors, str)
        assert reason in done.errors
        assert done.output_file_id is None


def test_ten_batches_may_run_at_once_and_the_eleventh_is_refused(make_server: Any) -> None:
    server = make_server(batch_stage_delay_s=30)
    with server.client(max_retries=2) as client:
        uploaded = client.files.create(file=jsonl(1), purpose="batch")
        for _ in range(10):
            client.batches.create(input_file_id=uploaded.id)
        before = len(server.history)
        with pytest.raises(RateLimitError, match="at most 10"):
            client.batches.create(input_file_id=uploaded.id)
        assert len(server.history) == before + 1  # refused for good, not retried
        client.batches.cancel(client.batches.list().data[0].id)


def test_a_file_over_the_size_limit_is_refused_with_413(make_server: Any) -> None:
    server = make_server(max_file_bytes=1000)
    with server.client() as client:
        from cerebras.cloud.sdk import APIStatusError

        with pytest.raises(APIStatusError) as caught:
            client.files.create(file=jsonl(20), purpose="batch")
        assert caught.value.status_code == 413
        assert client.files.list().data == []


def test_files_expire_and_can_be_deleted(make_server: Any) -> None:
    server = make_server(file_ttl_s=0.3)
    with server.client() as client:
        kept = client.files.create(file=jsonl(1), purpose="batch")
        assert kept.expires_at is not None
        assert kept.created_at is not None
        assert client.files.retrieve(kept.id).id == kept.id
        doomed = client.files.create(
            file=jsonl(1), purpose="batch", expires_after={"anchor": "created_at", "seconds": 3600}
        )
        assert doomed.expires_at == doomed.created_at + 3600
        assert client.files.delete(doomed.id).deleted is True
        with pytest.raises(NotFoundError):
            client.files.retrieve(doomed.id)
        time.sleep(0.4)
        with pytest.raises(NotFoundError):
            client.files.retrieve(kept.id)
        assert client.files.list().data == []
        with pytest.raises(BadRequestError, match="between 3600"):
            client.files.create(file=jsonl(1), purpose="batch", expires_after={"anchor": "created_at", "seconds": 5})


def test_an_interrupted_upload_registers_nothing(make_server: Any) -> None:
    server = make_server()

    class Breaks:
        """An open file whose disk fails half-way through sending it (after the SDK's check passed)."""

        def __init__(self, data: bytes) -> None:
            self.data, self.position, self.rewinds = data, 0, 0

        def read(self, size: int = -1) -> bytes:
            if self.rewinds >= 1 and self.position > len(self.data) // 2:
                raise OSError("disk went away")
            chunk = self.data[self.position : self.position + (size if size > 0 else len(self.data))]
            self.position += len(chunk)
            return chunk

        def readline(self, size: int = -1) -> bytes:
            end = self.data.find(b"\n", self.position)
            end = len(self.data) if end < 0 else end + 1
            line = self.data[self.position : end]
            self.position = end
            return line

        def seek(self, offset: int, whence: int = 0) -> int:
            if whence == 0 and offset == 0 and self.position:
                self.rewinds += 1
            self.position = offset if whence == 0 else len(self.data)
            return self.position

        def tell(self) -> int:
            return self.position

    with server.client(max_retries=1) as client:
        with pytest.raises(APIConnectionError):
            client.files.create(file=("in.jsonl", Breaks(jsonl(3000))), purpose="batch")
        assert client.files.list().data == []


def test_pages_of_batches_and_unknown_ids(make_server: Any) -> None:
    server = make_server(batch_stage_delay_s=30)
    with server.client() as client:
        uploaded = client.files.create(file=jsonl(1), purpose="batch")
        ids = [client.batches.create(input_file_id=uploaded.id).id for _ in range(5)]
        page = client.batches.list(limit=2)
        assert [b.id for b in page.data] == ids[:2]
        assert page.has_more
        assert [b.id for b in page] == ids
        with pytest.raises(NotFoundError):
            client.batches.retrieve("batch_missing")
        with pytest.raises(NotFoundError):
            client.batches.create(input_file_id="file-missing")
        for batch_id in ids:
            client.batches.cancel(batch_id)


async def test_the_async_client_runs_a_whole_batch(make_server: Any) -> None:
    server = make_server()
    async with server.async_client() as client:
        uploaded = await client.files.create(file=jsonl(10), purpose="batch")
        created = await client.batches.create(input_file_id=uploaded.id)
        done = await client.batches.wait(created.id, poll_interval=0.01, timeout=20)
        assert done.status == "completed"
        results = [r async for r in client.batches.results(created.id)]
        assert len(results) == 10
        assert all(r.status == "succeeded" for r in results)
        assert [f.id async for f in client.files.list(limit=1)] == [uploaded.id, done.output_file_id]
        content = await client.files.retrieve_content(uploaded.id)
        assert await content.read() == jsonl(10)
