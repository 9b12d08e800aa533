"""`client.batches`: create, list, retrieve and cancel batch jobs; `wait` for one and read its `results`.

`AsyncBatchesResource` is written in `_async_batches`; `BatchesResource` is generated from it
into `_sync_batches` (`scripts/unasync.py`). Both are published here, under this module's name.
"""

from __future__ import annotations

from ._async_batches import (
    AsyncBatchesResource,
    AsyncBatchesResourceWithRawResponse,
    AsyncBatchesResourceWithStreamingResponse,
)
from ._base import publish
from ._batch_plan import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT, poll_delay, results_file_id
from ._batch_plan import MAX_POLL_INTERVAL as MAX_POLL_INTERVAL
from ._sync_batches import BatchesResource, BatchesResourceWithRawResponse, BatchesResourceWithStreamingResponse

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

publish(
    __name__,
    AsyncBatchesResource,
    AsyncBatchesResourceWithRawResponse,
    AsyncBatchesResourceWithStreamingResponse,
    BatchesResource,
    BatchesResourceWithRawResponse,
    BatchesResourceWithStreamingResponse,
)
