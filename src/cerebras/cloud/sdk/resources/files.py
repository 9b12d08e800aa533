"""`client.files`: upload, list, retrieve, download and delete files (the inputs and outputs of batches)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Dict, Mapping, Optional, Union, cast

import anyio
import httpx

from .._binary import AsyncBinaryResponse, BinaryResponse
from .._request import FinalRequestOptions, path_segment
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import Body, FileTypes, Headers, NotGiven, Omit, Query, not_given, omit
from .._uploads import Upload, open_upload
from ..pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ..types.file_create_params import ExpiresAfter
from ..types.file_deleted import FileDeleted
from ..types.file_object import FileObject
from ._base import AsyncAPIResource, SyncAPIResource, call_options

__all__ = [
    "AsyncFilesResource",
    "AsyncFilesResourceWithRawResponse",
    "AsyncFilesResourceWithStreamingResponse",
    "FilesResource",
    "FilesResourceWithRawResponse",
    "FilesResourceWithStreamingResponse",
]

UPLOAD_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
"""The default timeout of an upload: 200 MB take a while to write on a slow link."""


def _file_path(file_id: str, suffix: str = "") -> str:
    if not file_id:
        raise ValueError(f"Expected a non-empty value for `file_id` but received {file_id!r}")
    return f"/v1/files/{path_segment(file_id)}{suffix}"


def _create_options(arguments: Dict[str, Any], upload: Upload) -> FinalRequestOptions:
    """PURE. The upload request: `purpose` (and `expires_after[...]`) as form fields, the file as a part."""
    arguments.pop("file")
    arguments.pop("upload")
    options = call_options("post", "/v1/files", arguments)
    options.json_data = form_fields(options.json_data)
    options.files = upload.files
    if isinstance(options.timeout, NotGiven):
        options.timeout = UPLOAD_TIMEOUT
    return options


def form_fields(body: object) -> Dict[str, str]:
    """PURE. A JSON-like body as multipart form fields: nested mappings flattened with brackets
    (`expires_after[seconds]`), values as text."""
    fields: Dict[str, str] = {}

    def add(key: str, value: object) -> None:
        if isinstance(value, Mapping):
            for sub_key, sub_value in cast("Mapping[str, object]", value).items():
                add(f"{key}[{sub_key}]", sub_value)
        elif isinstance(value, bool):
            fields[key] = "true" if value else "false"
        elif value is not None:
            fields[key] = str(value)

    if isinstance(body, Mapping):
        for key, value in cast("Mapping[str, object]", body).items():
            add(key, value)
    return fields


def _list_options(arguments: Dict[str, Any]) -> FinalRequestOptions:
    query = {key: arguments.pop(key) for key in ("limit", "after")}
    return call_options(
        "get", "/v1/files", arguments, query={k: v for k, v in query.items() if not isinstance(v, Omit)}
    )


def _id_options(method: str, arguments: Dict[str, Any], suffix: str = "") -> FinalRequestOptions:
    return call_options(method, _file_path(arguments.pop("file_id"), suffix), arguments)


class FilesResource(SyncAPIResource):
    """`client.files`: `create`, `list`, `retrieve`, `retrieve_content` (alias `content`), `delete`."""

    @cached_property
    def with_raw_response(self) -> FilesResourceWithRawResponse:
        """The same methods, returning the raw `APIResponse`."""
        return FilesResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> FilesResourceWithStreamingResponse:
        """The same methods as context managers; the body is read only when you ask."""
        return FilesResourceWithStreamingResponse(self)

    def create(
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
        batch_input = client.files.create(file="requests.jsonl", purpose="batch")
        ```

        Batch input (`purpose="batch"`) is checked line by line first; a file that the API would
        refuse raises `BatchInputError` (with the line number) or `FileInputError` (missing,
        a directory, over 200 MB, unknown purpose) before anything is sent.

        Args:
          file: A path, bytes, an open binary file, or a `(name, content[, content_type])` tuple.
          purpose: `"batch"`, the only purpose.
          expires_after: `{"anchor": "created_at", "seconds": 3600..2592000}` (default: 7 days).
          timeout: Overrides the upload timeout (default 600 s to write the body).
        """
        with open_upload(file, purpose) as upload:
            return self._client.request(FileObject, _create_options(locals(), upload))

    def list(
        self,
        *,
        limit: int | Omit = omit,
        after: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> SyncCursorPage[FileObject]:
        """A page of files; iterating it yields every file, fetching further pages as needed.

        Args:
          limit: Files per page (server default 20, maximum 100).
          after: A file id: list the files after it.
        """
        return self._client.request(SyncCursorPage[FileObject], _list_options(locals()))

    def retrieve(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> FileObject:
        """A file's metadata."""
        return self._client.request(FileObject, _id_options("get", locals()))

    def retrieve_content(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> BinaryResponse:
        """A file's bytes, streamed: `.iter_bytes()`, `.write_to_file(path)` or `.read()`.

        ```py
        client.files.retrieve_content(batch.output_file_id).write_to_file("results.jsonl")
        ```
        """
        return self._client.request(
            BinaryResponse, _id_options("get", locals(), "/content"), stream=True, stream_cls=BinaryResponse
        )

    content = retrieve_content

    def delete(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> FileDeleted:
        """Delete a file now, before it expires."""
        return self._client.request(FileDeleted, _id_options("delete", locals()))


class AsyncFilesResource(AsyncAPIResource):
    """`client.files` of `AsyncCerebras`."""

    @cached_property
    def with_raw_response(self) -> AsyncFilesResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse`."""
        return AsyncFilesResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncFilesResourceWithStreamingResponse:
        """The same methods as async context managers."""
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
        """Upload a file (see `Cerebras.files.create`); the checks run in a worker thread."""
        with await anyio.to_thread.run_sync(open_upload, file, purpose) as upload:
            return await self._client.request(FileObject, _create_options(locals(), upload))

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
        """`await` it for a page of files, or `async for` over every file (pages fetched as needed)."""
        options = _list_options(locals())
        return AsyncPaginator(lambda: self._client.request(AsyncCursorPage[FileObject], options))

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
        return await self._client.request(FileObject, _id_options("get", locals()))

    async def retrieve_content(
        self,
        file_id: str,
        *,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> AsyncBinaryResponse:
        """A file's bytes, streamed: `async for chunk in (await ...).iter_bytes()`, `write_to_file(path)`."""
        return await self._client.request(
            AsyncBinaryResponse, _id_options("get", locals(), "/content"), stream=True, stream_cls=AsyncBinaryResponse
        )

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
        return await self._client.request(FileDeleted, _id_options("delete", locals()))


class FilesResourceWithRawResponse:
    """The `files` methods returning `APIResponse`."""

    def __init__(self, files: FilesResource) -> None:
        self._files = files
        self.create = to_raw_response_wrapper(files.create)
        self.list = to_raw_response_wrapper(files.list)
        self.retrieve = to_raw_response_wrapper(files.retrieve)
        self.retrieve_content = to_raw_response_wrapper(files.retrieve_content)
        self.content = self.retrieve_content
        self.delete = to_raw_response_wrapper(files.delete)


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


class FilesResourceWithStreamingResponse:
    """The `files` methods as context managers around unread `APIResponse`s."""

    def __init__(self, files: FilesResource) -> None:
        self._files = files
        self.create = to_streamed_response_wrapper(files.create)
        self.list = to_streamed_response_wrapper(files.list)
        self.retrieve = to_streamed_response_wrapper(files.retrieve)
        self.retrieve_content = to_streamed_response_wrapper(files.retrieve_content)
        self.content = self.retrieve_content
        self.delete = to_streamed_response_wrapper(files.delete)


class AsyncFilesResourceWithStreamingResponse:
    """The `files` methods as async context managers around unread `AsyncAPIResponse`s."""

    def __init__(self, files: AsyncFilesResource) -> None:
        self._files = files
        self.create = async_to_streamed_response_wrapper(files.create)
        self.list = async_to_streamed_response_wrapper(files.list)
        self.retrieve = async_to_streamed_response_wrapper(files.retrieve)
        self.retrieve_content = async_to_streamed_response_wrapper(files.retrieve_content)
        self.content = self.retrieve_content
        self.delete = async_to_streamed_response_wrapper(files.delete)
