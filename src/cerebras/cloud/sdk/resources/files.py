"""`client.files`: upload, list, retrieve, download and delete files (the inputs and outputs of batches).

`AsyncFilesResource` is written in `_async_files`; `FilesResource` is generated from it into
`_sync_files` (`scripts/unasync.py`). Both are published here, under this module's name.
"""

from __future__ import annotations

from ._async_files import AsyncFilesResource, AsyncFilesResourceWithRawResponse, AsyncFilesResourceWithStreamingResponse
from ._base import publish
from ._file_options import UPLOAD_TIMEOUT as UPLOAD_TIMEOUT
from ._file_options import form_fields as form_fields
from ._sync_files import FilesResource, FilesResourceWithRawResponse, FilesResourceWithStreamingResponse

__all__ = [
    "AsyncFilesResource",
    "AsyncFilesResourceWithRawResponse",
    "AsyncFilesResourceWithStreamingResponse",
    "FilesResource",
    "FilesResourceWithRawResponse",
    "FilesResourceWithStreamingResponse",
]

publish(
    __name__,
    AsyncFilesResource,
    AsyncFilesResourceWithRawResponse,
    AsyncFilesResourceWithStreamingResponse,
    FilesResource,
    FilesResourceWithRawResponse,
    FilesResourceWithStreamingResponse,
)
