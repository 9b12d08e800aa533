"""`file_from_path`: a file on disk as a `(name, bytes)` value for multipart uploads."""

from __future__ import annotations

import os
from typing import Tuple

__all__ = ["file_from_path"]


def file_from_path(path: str) -> Tuple[str, bytes]:
    """Read the file at `path`; returns `(basename, contents)` for a low-level `files=` argument."""
    with open(path, "rb") as file:
        contents = file.read()
    return os.path.basename(path), contents
