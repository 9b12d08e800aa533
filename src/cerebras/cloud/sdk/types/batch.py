"""Response model of the batch endpoints: `Batch`, its `request_counts`, and the statuses."""

from __future__ import annotations

from typing import Dict, FrozenSet, Optional, Union

from .._models import BaseModel

__all__ = ["BATCH_STATUSES", "BATCH_TERMINAL_STATUSES", "Batch", "BatchRequestCounts"]

BATCH_STATUSES = (
    "validating",
    "queued",
    "in_progress",
    "finalizing",
    "completed",
    "expired",
    "failed",
    "cancelling",
    "cancelled",
)
"""The documented values of `Batch.status` (the server may add others: the field is a plain `str`)."""

_Value = object
"""Any JSON value (an alias: inside `Batch`, the name `object` is one of its fields)."""

BATCH_TERMINAL_STATUSES: FrozenSet[str] = frozenset({"completed", "failed", "expired", "cancelled"})
"""The statuses a batch never leaves."""


class BatchRequestCounts(BaseModel):
    """How many of the batch's requests there are, and how many finished so far."""

    total: Optional[int] = None
    """Requests in the batch (0 until validation has counted them)."""

    completed: Optional[int] = None
    """Requests that succeeded."""

    failed: Optional[int] = None
    """Requests that failed."""


class Batch(BaseModel):
    """A batch job: chat completion requests read from an uploaded file and answered in the background.

    Read `status`, never the timestamps, to know where a batch is: the API leaves intermediate
    timestamps `null` even for finished batches.
    """

    id: str
    """The batch id (opaque)."""

    status: str
    """`validating`, `queued`, `in_progress`, `finalizing`, `completed`, `failed`, `expired`,
    `cancelling` or `cancelled` (see `BATCH_STATUSES`; new values may appear)."""

    object: Optional[str] = None
    """Always `"batch"`."""

    endpoint: Optional[str] = None
    """`"/v1/chat/completions"`."""

    errors: Union[str, Dict[str, _Value], None] = None
    """Why the batch failed: a message (what the API sends), an object, or `None`."""

    input_file_id: Optional[str] = None

    completion_window: Optional[str] = None
    """`"24h"`."""

    output_file_id: Optional[str] = None
    """The file holding the results, once there are any (also partial ones after a cancel or expiry)."""

    error_file_id: Optional[str] = None
    """The file holding the failed requests, when some failed."""

    created_at: Optional[int] = None
    in_progress_at: Optional[int] = None
    expires_at: Optional[int] = None
    finalizing_at: Optional[int] = None
    completed_at: Optional[int] = None
    failed_at: Optional[int] = None
    expired_at: Optional[int] = None
    cancelling_at: Optional[int] = None
    cancelled_at: Optional[int] = None

    request_counts: Optional[BatchRequestCounts] = None

    metadata: Optional[Dict[str, _Value]] = None
    """The key/value pairs given at creation."""
