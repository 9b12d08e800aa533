"""`client.files` of `AsyncCerebras`: upload, list, retrieve, download and delete files (the
inputs and outputs of batches)."""

from __future__ import annotations

from functools import cached_property
from typing import Optional, Union

import httpx

from .._binary import AsyncBinaryResponse
from .._response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from .._types import Body, FileTypes, Headers, NotGiven, Omit, Query, not_given, omit
from .._uploads import open_upload_in_thread
from ..pagination import AsyncPaginator
from ..types.file_create_params import ExpiresAfter
from ..types.file_deleted import FileDeleted
from ..types.file_object import FileObject
from ._base import AsyncAPIResource, cursor_page_async, id_options, list_options
from ._file_options import create_options

__all__ = [
    "AsyncFilesResource",
    "AsyncFilesResourceWithRawResponse",
    "AsyncFilesResourceWithStreamingResponse",
]


class AsyncFilesResource(AsyncAPIResource):
    """`client.files`: `create`, `list`, `retrieve`, `retrieve_content` (alias `content`), `delete`."""

    @cached_property
    def with_raw_response(self) -> AsyncFilesResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse`."""
        return AsyncFilesResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncFilesResourceWithStreamingResponse:
        """The same methods as context managers; the body is read only when you ask."""
        return AsyncFilesResourceWithStreamingResponse(self)

    async def create(
        self,
        *,
        file: Union[str, FileTypes],
        purpose: str,
        expires_after: ExpiresAfter | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> FileObject:
        """Upload a file (streamed from disk: a path or an open file is never read whole).

        ```py
        batch_input = await client.files.create(file="requests.jsonl", purpose="batch")
        ```

        Batch input (`purpose="batch"`) is checked line by line first (by the async client, in a
        worker thread); a file that the API would refuse raises `BatchInputError` (with the line
        number) or `FileInputError` (missing, a directory, over 200 MB, unknown purpose) before
        anything is sent.

        Args:
          file: A path, bytes, an open binary file, or a `(name, content[, content_type])` tuple.
          purpose: `"batch"`, the only purpose.
          expires_after: `{"anchor": "created_at", "seconds": 3600..2592000}` (default: 7 days).
          timeout: Overrides the upload timeout (default 600 s to write the body).
        """
        with await open_upload_in_thread(file, purpose) as upload:
            return await self._client.request(FileObject, create_options(locals(), upload))

    def list(
        self,
        *,
        limit: int | Omit = omit,
        after: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> AsyncPaginator[FileObject]:
        """A page of files (`await` it, with the async client); iterating it (`async for`) yields
        every file, fetching further pages as needed.

        Args:
          limit: Files per page (server default 20, maximum 100).
          after: A file id: list the files after it.
        """
        return cursor_page_async(self._client, FileObject, list_options("/v1/files", locals()))

    async def retrieve(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> FileObject:
        """A file's metadata."""
        return await self._client.request(FileObject, id_options("get", "/v1/files", "file_id", locals()))

    async def retrieve_content(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> AsyncBinaryResponse:
        """A file's bytes, streamed: `.iter_bytes()`, `.write_to_file(path)` or `.read()`."""
        options = id_options("get", "/v1/files", "file_id", locals(), "/content")
        return await self._client.request(AsyncBinaryResponse, options, stream=True, stream_cls=AsyncBinaryResponse)

    content = retrieve_content

    async def delete(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> FileDeleted:
        """Delete a file now, before it expires."""
        return await self._client.request(FileDeleted, id_options("delete", "/v1/files", "file_id", locals()))


class AsyncFilesResourceWithRawResponse:
    """The `files` methods returning `AsyncAPIResponse`."""

    def __init__(self, files: AsyncFilesResource) -> None:
        self._files = files
        self.create = async_to_raw_response_wrapper(files.create)
        self.list = async_to_raw_response_wrapper(files.list)
        self.retrieve = async_to_raw_response_wrapper(files.retrieve)
        self.retrieve_content = async_to_raw_response_wrapper(files.retrieve_content)
        self.content = self.retrieve_content
        self.delete = async_to_raw_response_wrapper(files.delete)


class AsyncFilesResourceWithStreamingResponse:
    """The `files` methods as context managers around unread `AsyncAPIResponse`s."""

    def __init__(self, files: AsyncFilesResource) -> None:
        self._files = files
        self.create = async_to_streamed_response_wrapper(files.create)
        self.list = async_to_streamed_response_wrapper(files.list)
        self.retrieve = async_to_streamed_response_wrapper(files.retrieve)
        self.retrieve_content = async_to_streamed_response_wrapper(files.retrieve_content)
        self.content = self.retrieve_content
        self.delete = async_to_streamed_response_wrapper(files.delete)
