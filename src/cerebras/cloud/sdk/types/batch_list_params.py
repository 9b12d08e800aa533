"""Request shape of `client.batches.list`: the page size and the cursor."""

from __future__ import annotations

from typing_extensions import TypedDict

__all__ = ["BatchListParams"]


class BatchListParams(TypedDict, total=False):
    """The parameters of `client.batches.list`."""

    limit: int
    """Batches per page (the API's default is 20, its maximum 100)."""

    after: str
    """A batch id: the page starts after that batch."""
