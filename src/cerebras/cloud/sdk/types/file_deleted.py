"""Response model of `client.files.delete`: `FileDeleted`."""

from __future__ import annotations

from typing import Optional

from .._models import BaseModel

__all__ = ["FileDeleted"]


class FileDeleted(BaseModel):
    """The answer to a file deletion."""

    id: str
    """The deleted file's id."""

    deleted: bool
    """`True` when the file was deleted."""

    object: Optional[str] = None
    """Always `"file"`."""
