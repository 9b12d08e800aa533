"""PURE file storage of the emulator: uploads held in memory until deleted or expired."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Dict, List, Optional

from .errors import ApiError

__all__ = ["FileStore", "StoredFile"]


@dataclass
class StoredFile:
    """A stored file and its metadata."""

    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: float
    expires_at: float

    def body(self) -> Dict[str, object]:
        """The File object."""
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": int(self.created_at),
            "expires_at": int(self.expires_at),
            "filename": self.filename,
            "purpose": self.purpose,
        }


class FileStore:
    """Files by id, in creation order; an expired file is gone (as if deleted) from its `expires_at` on."""

    def __init__(self) -> None:
        self._files: Dict[str, StoredFile] = {}

    def add(self, *, filename: str, purpose: str, data: bytes, now: float, ttl_s: float) -> StoredFile:
        """Store `data`; it expires `ttl_s` seconds from `now`."""
        stored = StoredFile(f"file-{uuid.uuid4().hex[:24]}", filename, purpose, data, now, now + ttl_s)
        self._files[stored.id] = stored
        return stored

    def expire(self, now: float) -> None:
        """Drop every file whose time is up."""
        for file_id in [f.id for f in self._files.values() if f.expires_at <= now]:
            del self._files[file_id]

    def get(self, file_id: str) -> Optional[StoredFile]:
        """The file, or `None` when there is no such file (or it expired)."""
        return self._files.get(file_id)

    def require(self, file_id: str) -> StoredFile:
        """The file, or a 404."""
        stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(404, f"No file with id {file_id!r}.", code="file_not_found", param="file_id")
        return stored

    def delete(self, file_id: str) -> StoredFile:
        """Remove the file (404 when there is none)."""
        stored = self.require(file_id)
        del self._files[file_id]
        return stored

    def all(self) -> List[StoredFile]:
        """Every file, oldest first."""
        return list(self._files.values())
