"""`client.batches`: create, list, retrieve and cancel batch jobs; `wait` for one and read its `results`."""

from __future__ import annotations

import time
from functools import cached_property
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Union

import anyio
import httpx
from typing_extensions import Literal, Protocol

from .._batch_errors import BatchError, BatchWaitTimeoutError
from .._batch_results import AsyncBatchResultStream, BatchResultStream
from .._binary import AsyncBinaryResponse, BinaryResponse
from .._request import FinalRequestOptions, path_segment
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._retry import parse_retry_after
from .._types import Body, Headers, NotGiven, Omit, Query, not_given, omit
from ..pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..types.batch import BATCH_TERMINAL_STATUSES, Batch
from ._base import AsyncAPIResource, AsyncRequester, SyncAPIResource, SyncRequester, call_options

if TYPE_CHECKING:
    from .files import AsyncFilesResource, FilesResource


class _SyncClientWithFiles(SyncRequester, Protocol):
    """A sync client that also has `files` (the results of a batch are a file)."""

    @cached_property
    def files(self) -> FilesResource: ...


class _AsyncClientWithFiles(AsyncRequester, Protocol):
    """An async client that also has `files`."""

    @cached_property
    def files(self) -> AsyncFilesResource: ...


__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "AsyncBatchesResource",
    "AsyncBatchesResourceWithRawResponse",
    "AsyncBatchesResourceWithStreamingResponse",
    "BatchesResource",
    "BatchesResourceWithRawResponse",
    "BatchesResourceWithStreamingResponse",
    "poll_delay",
    "results_file_id",
]

DEFAULT_POLL_INTERVAL = 5.0
"""Seconds before the second poll of `wait()`; later polls back off from there."""
DEFAULT_WAIT_TIMEOUT = 25 * 3600.0
"""How long `wait()` waits by default: the 24 h completion window plus time to cancel or finalize."""
MAX_POLL_INTERVAL = 60.0
"""The longest `wait()` sleeps between two polls (unless `poll_interval` or `retry-after` ask for more)."""
_POLL_BACKOFF = 1.5


def poll_delay(polls: int, poll_interval: float, retry_after: Optional[float]) -> float:
    """PURE. Seconds to sleep after the `polls`-th poll (0-based) of `wait()`.

    The interval grows by half each poll, from `poll_interval` up to 60 s (or `poll_interval`
    if larger); a `retry-after` from the server is honoured when it asks for longer.
    """
    cap = max(poll_interval, MAX_POLL_INTERVAL)
    delay = min(poll_interval * _POLL_BACKOFF ** min(polls, 64), cap)
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    return delay


def results_file_id(batch: Batch) -> str:
    """PURE. The file holding `batch`'s results; `BatchError` when it has none (yet)."""
    if batch.output_file_id:
        return batch.output_file_id
    if batch.status in BATCH_TERMINAL_STATUSES:
        reason = f": {batch.errors}" if batch.errors else ""
        raise BatchError(f"Batch {batch.id} ended {batch.status!r} without an output file{reason}", batch=batch)
    raise BatchError(f"Batch {batch.id} is {batch.status!r} and has no results yet; `wait()` for it first", batch=batch)


def _timed_out(batch: Batch, timeout: float) -> BatchWaitTimeoutError:
    return BatchWaitTimeoutError(
        f"Batch {batch.id} is still {batch.status!r} after waiting {timeout:g} s", batch=batch, timeout=timeout
    )


def _check_wait(poll_interval: float, timeout: float) -> None:
    if not poll_interval > 0:
        raise ValueError(f"`poll_interval` must be > 0 seconds, got {poll_interval!r}")
    if not timeout >= 0:
        raise ValueError(f"`timeout` must be >= 0 seconds, got {timeout!r}")


def _batch_path(batch_id: str, suffix: str = "") -> str:
    if not batch_id:
        raise ValueError(f"Expected a non-empty value for `batch_id` but received {batch_id!r}")
    return f"/v1/batches/{path_segment(batch_id)}{suffix}"


def _list_options(arguments: Dict[str, Any]) -> FinalRequestOptions:
    query = {key: arguments.pop(key) for key in ("limit", "after")}
    return call_options(
        "get", "/v1/batches", arguments, query={k: v for k, v in query.items() if not isinstance(v, Omit)}
    )


def _id_options(method: str, arguments: Dict[str, Any], suffix: str = "") -> FinalRequestOptions:
    return call_options(method, _batch_path(arguments.pop("batch_id"), suffix), arguments)


class BatchesResource(SyncAPIResource):
    """`client.batches`: `create`, `retrieve`, `list`, `cancel`, `retrieve_results`, and the
    helpers `wait` and `results`."""

    def __init__(self, client: _SyncClientWithFiles) -> None:
        super().__init__(client)
        self._with_files = client

    @cached_property
    def with_raw_response(self) -> BatchesResourceWithRawResponse:
        """The same methods, returning the raw `APIResponse`."""
        return BatchesResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> BatchesResourceWithStreamingResponse:
        """The same methods as context managers; the body is read only when you ask."""
        return BatchesResourceWithStreamingResponse(self)

    def create(
        self,
        *,
        input_file_id: str,
        endpoint: Literal["/v1/chat/completions"] = "/v1/chat/completions",
        completion_window: Literal["24h"] = "24h",
        metadata: Mapping[str, str] | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> Batch:
        """Start a batch job over an uploaded input file (`files.create(..., purpose="batch")`).

        ```py
        batch = client.batches.create(input_file_id=batch_input.id, metadata={"run": "nightly"})
        batch = client.batches.wait(batch.id)
        for result in client.batches.results(batch.id):
            print(result.custom_id, result.status)
        ```

        Creating is not idempotent: a retried create after a timeout may start two batches.

        Args:
          input_file_id: The uploaded JSONL file of requests.
          endpoint: `"/v1/chat/completions"`, the only endpoint.
          completion_window: `"24h"`, the only window.
          metadata: Key/value pairs stored with the batch and echoed back.
        """
        return self._client.request(Batch, call_options("post", "/v1/batches", locals()))

    def retrieve(
        self,
        batch_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> Batch:
        """A batch, with its current `status` and `request_counts`."""
        return self._client.request(Batch, _id_options("get", locals()))

    def list(
        self,
        *,
        limit: int | Omit = omit,
        after: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> SyncCursorPage[Batch]:
        """A page of batches; iterating it yields every batch, fetching further pages as needed.

        Args:
          limit: Batches per page (server default 20, maximum 100).
          after: A batch id: list the batches after it.
        """
        return self._client.request(SyncCursorPage[Batch], _list_options(locals()))

    def cancel(
        self,
        batch_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> Batch:
        """Cancel a batch (`DELETE /v1/batches/{id}`): it is `cancelling`, then `cancelled`.

        Requests that already finished stay in the output file.
        """
        return self._client.request(Batch, _id_options("delete", locals()))

    def retrieve_results(
        self,
        batch_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> BinaryResponse:
        """The raw JSONL results of a finished batch (`GET /v1/batches/{id}/results`, an older path
        that may be withdrawn; `results()` reads the output file instead)."""
        return self._client.request(
            BinaryResponse, _id_options("get", locals(), "/results"), stream=True, stream_cls=BinaryResponse
        )

    def wait(
        self, batch_id: str, *, poll_interval: float = DEFAULT_POLL_INTERVAL, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> Batch:
        """Poll a batch until it is `completed`, `failed`, `expired` or `cancelled`, and return it.

        Polls back off from `poll_interval` up to 60 s and honour the server's `retry-after`;
        after `timeout` seconds `BatchWaitTimeoutError` is raised (its `.batch` is the last seen).
        """
        _check_wait(poll_interval, timeout)
        deadline = time.monotonic() + timeout
        polls = 0
        while True:
            raw = self.with_raw_response.retrieve(batch_id)
            batch = raw.parse()
            if batch.status in BATCH_TERMINAL_STATUSES:
                return batch
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timed_out(batch, timeout)
            time.sleep(min(poll_delay(polls, poll_interval, parse_retry_after(raw.headers, time.time())), remaining))
            polls += 1

    def results(self, batch_id: str) -> BatchResultStream:
        """The batch's results as `BatchResult`s, read from its output file line by line as you iterate.

        `BatchError` (on the first iteration) when the batch has no output file yet.
        """
        return BatchResultStream(
            lambda: self._with_files.files.retrieve_content(results_file_id(self.retrieve(batch_id)))
        )


class AsyncBatchesResource(AsyncAPIResource):
    """`client.batches` of `AsyncCerebras`."""

    def __init__(self, client: _AsyncClientWithFiles) -> None:
        super().__init__(client)
        self._with_files = client

    @cached_property
    def with_raw_response(self) -> AsyncBatchesResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse`."""
        return AsyncBatchesResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncBatchesResourceWithStreamingResponse:
        """The same methods as async context managers."""
        return AsyncBatchesResourceWithStreamingResponse(self)

    async def create(
        self,
        *,
        input_file_id: str,
        endpoint: Literal["/v1/chat/completions"] = "/v1/chat/completions",
        completion_window: Literal["24h"] = "24h",
        metadata: Mapping[str, str] | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> Batch:
        """Start a batch job over an uploaded input file (see `Cerebras.batches.create`)."""
        return await self._client.request(Batch, call_options("post", "/v1/batches", locals()))

    async def retrieve(
        self,
        batch_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> Batch:
        """A batch, with its current `status` and `request_counts`."""
        return await self._client.request(Batch, _id_options("get", locals()))

    def list(
        self,
        *,
        limit: int | Omit = omit,
        after: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> AsyncPaginator[Batch]:
        """`await` it for a page of batches, or `async for` over every batch (pages fetched as needed)."""
        options = _list_options(locals())
        return AsyncPaginator(lambda: self._client.request(AsyncCursorPage[Batch], options))

    async def cancel(
        self,
        batch_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> Batch:
        """Cancel a batch (`DELETE /v1/batches/{id}`): it is `cancelling`, then `cancelled`."""
        return await self._client.request(Batch, _id_options("delete", locals()))

    async def retrieve_results(
        self,
        batch_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> AsyncBinaryResponse:
        """The raw JSONL results of a finished batch (the older `/results` path)."""
        return await self._client.request(
            AsyncBinaryResponse, _id_options("get", locals(), "/results"), stream=True, stream_cls=AsyncBinaryResponse
        )

    async def wait(
        self, batch_id: str, *, poll_interval: float = DEFAULT_POLL_INTERVAL, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> Batch:
        """Poll a batch until it is finished and return it (see `Cerebras.batches.wait`)."""
        _check_wait(poll_interval, timeout)
        deadline = time.monotonic() + timeout
        polls = 0
        while True:
            raw = await self.with_raw_response.retrieve(batch_id)
            batch = await raw.parse()
            if batch.status in BATCH_TERMINAL_STATUSES:
                return batch
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timed_out(batch, timeout)
            await anyio.sleep(
                min(poll_delay(polls, poll_interval, parse_retry_after(raw.headers, time.time())), remaining)
            )
            polls += 1

    def results(self, batch_id: str) -> AsyncBatchResultStream:
        """The batch's results, read line by line: `async for result in client.batches.results(id)`."""

        async def open_file() -> AsyncBinaryResponse:
            return await self._with_files.files.retrieve_content(results_file_id(await self.retrieve(batch_id)))

        return AsyncBatchResultStream(open_file)


class BatchesResourceWithRawResponse:
    """The `batches` API methods returning `APIResponse`."""

    def __init__(self, batches: BatchesResource) -> None:
        self._batches = batches
        self.create = to_raw_response_wrapper(batches.create)
        self.retrieve = to_raw_response_wrapper(batches.retrieve)
        self.list = to_raw_response_wrapper(batches.list)
        self.cancel = to_raw_response_wrapper(batches.cancel)
        self.retrieve_results = to_raw_response_wrapper(batches.retrieve_results)


class AsyncBatchesResourceWithRawResponse:
    """The `batches` API methods returning `AsyncAPIResponse`."""

    def __init__(self, batches: AsyncBatchesResource) -> None:
        self._batches = batches
        self.create = async_to_raw_response_wrapper(batches.create)
        self.retrieve = async_to_raw_response_wrapper(batches.retrieve)
        self.list = async_to_raw_response_wrapper(batches.list)
        self.cancel = async_to_raw_response_wrapper(batches.cancel)
        self.retrieve_results = async_to_raw_response_wrapper(batches.retrieve_results)


class BatchesResourceWithStreamingResponse:
    """The `batches` API methods as context managers around unread `APIResponse`s."""

    def __init__(self, batches: BatchesResource) -> None:
        self._batches = batches
        self.create = to_streamed_response_wrapper(batches.create)
        self.retrieve = to_streamed_response_wrapper(batches.retrieve)
        self.list = to_streamed_response_wrapper(batches.list)
        self.cancel = to_streamed_response_wrapper(batches.cancel)
        self.retrieve_results = to_streamed_response_wrapper(batches.retrieve_results)


class AsyncBatchesResourceWithStreamingResponse:
    """The `batches` API methods as async context managers around unread `AsyncAPIResponse`s."""

    def __init__(self, batches: AsyncBatchesResource) -> None:
        self._batches = batches
        self.create = async_to_streamed_response_wrapper(batches.create)
        self.retrieve = async_to_streamed_response_wrapper(batches.retrieve)
        self.list = async_to_streamed_response_wrapper(batches.list)
        self.cancel = async_to_streamed_response_wrapper(batches.cancel)
        self.retrieve_results = async_to_streamed_response_wrapper(batches.retrieve_results)
