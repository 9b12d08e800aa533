"""Response model of `client.files.create`, `retrieve` and the items of `list`: `FileObject`."""

from __future__ import annotations

from typing import Optional

from .._models import BaseModel

__all__ = ["FileObject"]


class FileObject(BaseModel):
    """A stored file (at present, only batch input and output files)."""

    id: str
    """The file id (opaque: never parse it)."""

    bytes: Optional[int] = None
    """Size in bytes."""

    created_at: Optional[int] = None
    """Unix seconds."""

    expires_at: Optional[int] = None
    """Unix seconds: when the file is deleted automatically."""

    filename: Optional[str] = None

    object: Optional[str] = None
    """Always `"file"`."""

    purpose: Optional[str] = None
    """`"batch"`."""
