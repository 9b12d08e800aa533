"""`client.batches` of `AsyncCerebras`: create, list, retrieve and cancel batch jobs; `wait` for
one and read its `results`."""

from __future__ import annotations

import time
from functools import cached_property
from typing import TYPE_CHECKING, Mapping, Optional, Union

import anyio
import httpx
from typing_extensions import Literal, Protocol

from .._batch_results import AsyncBatchResultStream
from .._binary import AsyncBinaryResponse
from .._response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from .._retry import parse_retry_after
from .._types import Body, Headers, NotGiven, Omit, Query, not_given, omit
from ..pagination import AsyncPaginator
from ..types.batch import BATCH_TERMINAL_STATUSES, Batch
from ._base import AsyncAPIResource, AsyncRequester, call_options, cursor_page_async, id_options, list_options
from ._batch_plan import (
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    check_wait,
    poll_delay,
    results_file_id,
    timed_out,
)

if TYPE_CHECKING:
    from .files import AsyncFilesResource

__all__ = [
    "AsyncBatchesResource",
    "AsyncBatchesResourceWithRawResponse",
    "AsyncBatchesResourceWithStreamingResponse",
]


class _AsyncClientWithFiles(AsyncRequester, Protocol):
    """A client that also has `files` (the results of a batch are a file)."""

    @cached_property
    def files(self) -> AsyncFilesResource: ...


class AsyncBatchesResource(AsyncAPIResource):
    """`client.batches`: `create`, `retrieve`, `list`, `cancel`, `retrieve_results`, and the
    helpers `wait` and `results`."""

    def __init__(self, client: _AsyncClientWithFiles) -> None:
        super().__init__(client)
        self._with_files = client

    @cached_property
    def with_raw_response(self) -> AsyncBatchesResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse`."""
        return AsyncBatchesResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncBatchesResourceWithStreamingResponse:
        """The same methods as context managers; the body is read only when you ask."""
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
        """Start a batch job over an uploaded input file (`files.create(..., purpose="batch")`).

        ```py
        batch = await client.batches.create(input_file_id=batch_input.id, metadata={"run": "nightly"})
        batch = await client.batches.wait(batch.id)
        ```

        Then `client.batches.results(batch.id)` iterates the results (`async for` with the async
        client). Creating is not idempotent: a retried create after a timeout may start two batches.

        Args:
          input_file_id: The uploaded JSONL file of requests.
          endpoint: `"/v1/chat/completions"`, the only endpoint.
          completion_window: `"24h"`, the only window.
          metadata: Key/value pairs stored with the batch and echoed back.
        """
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
        return await self._client.request(Batch, id_options("get", "/v1/batches", "batch_id", locals()))

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
        """A page of batches (`await` it, with the async client); iterating it (`async for`)
        yields every batch, fetching further pages as needed.

        Args:
          limit: Batches per page (server default 20, maximum 100).
          after: A batch id: list the batches after it.
        """
        return cursor_page_async(self._client, Batch, list_options("/v1/batches", locals()))

    async def cancel(
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
        return await self._client.request(Batch, id_options("delete", "/v1/batches", "batch_id", locals()))

    async def retrieve_results(
        self,
        batch_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> AsyncBinaryResponse:
        """The raw JSONL results of a finished batch (`GET /v1/batches/{id}/results`, an older path
        that may be withdrawn; `results()` reads the output file instead)."""
        options = id_options("get", "/v1/batches", "batch_id", locals(), "/results")
        return await self._client.request(AsyncBinaryResponse, options, stream=True, stream_cls=AsyncBinaryResponse)

    async def wait(
        self, batch_id: str, *, poll_interval: float = DEFAULT_POLL_INTERVAL, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> Batch:
        """Poll a batch until it is `completed`, `failed`, `expired` or `cancelled`, and return it.

        Polls back off from `poll_interval` up to 60 s and honour the server's `retry-after`;
        after `timeout` seconds `BatchWaitTimeoutError` is raised (its `.batch` is the last seen).
        """
        check_wait(poll_interval, timeout)
        deadline = time.monotonic() + timeout
        polls = 0
        while True:
            raw = await self.with_raw_response.retrieve(batch_id)
            batch = await raw.parse()
            if batch.status in BATCH_TERMINAL_STATUSES:
                return batch
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise timed_out(batch, timeout)
            delay = poll_delay(polls, poll_interval, parse_retry_after(raw.headers, time.time()))
            await anyio.sleep(min(delay, remaining))
            polls += 1

    def results(self, batch_id: str) -> AsyncBatchResultStream:
        """The batch's results as `BatchResult`s, read from its output file line by line as you
        iterate (`async for` with the async client).

        `BatchError` (on the first iteration) when the batch has no output file yet.
        """

        async def open_file() -> AsyncBinaryResponse:
            return await self._with_files.files.retrieve_content(results_file_id(await self.retrieve(batch_id)))

        return AsyncBatchResultStream(open_file)


class AsyncBatchesResourceWithRawResponse:
    """The `batches` API methods returning `AsyncAPIResponse`."""

    def __init__(self, batches: AsyncBatchesResource) -> None:
        self._batches = batches
        self.create = async_to_raw_response_wrapper(batches.create)
        self.retrieve = async_to_raw_response_wrapper(batches.retrieve)
        self.list = async_to_raw_response_wrapper(batches.list)
        self.cancel = async_to_raw_response_wrapper(batches.cancel)
        self.retrieve_results = async_to_raw_response_wrapper(batches.retrieve_results)


class AsyncBatchesResourceWithStreamingResponse:
    """The `batches` API methods as context managers around unread `AsyncAPIResponse`s."""

    def __init__(self, batches: AsyncBatchesResource) -> None:
        self._batches = batches
        self.create = async_to_streamed_response_wrapper(batches.create)
        self.retrieve = async_to_streamed_response_wrapper(batches.retrieve)
        self.list = async_to_streamed_response_wrapper(batches.list)
        self.cancel = async_to_streamed_response_wrapper(batches.cancel)
        self.retrieve_results = async_to_streamed_response_wrapper(batches.retrieve_results)
