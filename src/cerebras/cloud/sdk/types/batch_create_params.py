"""Request shape of `client.batches.create`."""

from __future__ import annotations

from typing import Dict

from typing_extensions import Literal, Required, TypedDict

__all__ = ["BatchCreateParams"]


class BatchCreateParams(TypedDict, total=False):
    """The parameters of `client.batches.create`."""

    input_file_id: Required[str]
    """A file uploaded with `purpose="batch"`."""

    endpoint: Required[Literal["/v1/chat/completions"]]
    """The only endpoint batches can call."""

    completion_window: Required[Literal["24h"]]
    """The only window."""

    metadata: Dict[str, str]
    """Free key/value pairs, stored with the batch and echoed back (send strings)."""
