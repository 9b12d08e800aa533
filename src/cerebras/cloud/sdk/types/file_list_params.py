"""Request shape of `client.files.list`: the page size and the cursor."""

from __future__ import annotations

from typing_extensions import TypedDict

__all__ = ["FileListParams"]


class FileListParams(TypedDict, total=False):
    """The parameters of `client.files.list`."""

    limit: int
    """Files per page (the API's default is 20, its maximum 100)."""

    after: str
    """A file id: the page starts after that file."""
