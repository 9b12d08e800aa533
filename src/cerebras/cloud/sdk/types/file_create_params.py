"""Request shape of `client.files.create`: the file, its purpose and an optional expiry policy."""

from __future__ import annotations

from typing import Union

from typing_extensions import Literal, Required, TypedDict

from .._types import FileTypes

__all__ = ["ExpiresAfter", "FileCreateParams"]


class ExpiresAfter(TypedDict, total=False):
    """When the file is deleted automatically: `seconds` after `anchor`."""

    anchor: Required[Literal["created_at"]]
    """The only anchor is the file's creation time."""

    seconds: Required[int]
    """3600 (one hour) to 2592000 (30 days)."""


class FileCreateParams(TypedDict, total=False):
    """The parameters of `client.files.create`."""

    file: Required[Union[str, FileTypes]]
    """A path, bytes, a `(name, bytes_or_file[, content_type])` tuple, or an open binary file."""

    purpose: Required[Literal["batch"]]
    """What the file is for; `"batch"` (input of a batch job) is the only purpose."""

    expires_after: ExpiresAfter
