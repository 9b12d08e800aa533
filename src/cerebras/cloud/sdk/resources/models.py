"""`client.models`: list the available models, or retrieve one."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Dict, Optional, Union

import httpx
from typing_extensions import Literal

from .._request import FinalRequestOptions, path_segment
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import Body, Headers, NotGiven, Omit, Query, not_given, omit
from ..types.model_list_response import ModelListResponse
from ..types.model_retrieve_response import ModelRetrieveResponse
from ._base import AsyncAPIResource, SyncAPIResource, call_options

__all__ = [
    "AsyncModelsResource",
    "AsyncModelsResourceWithRawResponse",
    "AsyncModelsResourceWithStreamingResponse",
    "ModelsResource",
    "ModelsResourceWithRawResponse",
    "ModelsResourceWithStreamingResponse",
]

Format = Literal["default", "openrouter", "huggingface"]


def _list_options(arguments: Dict[str, Any]) -> FinalRequestOptions:
    fmt = arguments.pop("format")
    return call_options("get", "/v1/models", arguments, query=None if isinstance(fmt, Omit) else {"format": fmt})


def _retrieve_options(arguments: Dict[str, Any]) -> FinalRequestOptions:
    model_id = arguments.pop("model_id")
    if not model_id:
        raise ValueError(f"Expected a non-empty value for `model_id` but received {model_id!r}")
    fmt = arguments.pop("format")
    return call_options(
        "get",
        f"/v1/models/{path_segment(model_id)}",
        arguments,
        query=None if isinstance(fmt, Omit) else {"format": fmt},
    )


class ModelsResource(SyncAPIResource):
    """`client.models`: `list()` and `retrieve(model_id)`."""

    @cached_property
    def with_raw_response(self) -> ModelsResourceWithRawResponse:
        """The same methods, returning the raw `APIResponse`."""
        return ModelsResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ModelsResourceWithStreamingResponse:
        """The same methods as context managers; the body is read only when you ask."""
        return ModelsResourceWithStreamingResponse(self)

    def list(
        self,
        *,
        format: Format | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> ModelListResponse:
        """The models available to this API key.

        Args:
          format: `"default"` (OpenAI-style), `"openrouter"` or `"huggingface"` catalogue shapes.
        """
        return self._client.request(ModelListResponse, _list_options(locals()))

    def retrieve(
        self,
        model_id: str,
        *,
        format: Format | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> ModelRetrieveResponse:
        """One model by id (percent-encoded into the path; an empty id raises `ValueError`).

        Args:
          format: `"default"`, `"openrouter"` or `"huggingface"` catalogue shape.
        """
        return self._client.request(ModelRetrieveResponse, _retrieve_options(locals()))


class AsyncModelsResource(AsyncAPIResource):
    """`client.models` of `AsyncCerebras`."""

    @cached_property
    def with_raw_response(self) -> AsyncModelsResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse`."""
        return AsyncModelsResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncModelsResourceWithStreamingResponse:
        """The same methods as async context managers."""
        return AsyncModelsResourceWithStreamingResponse(self)

    async def list(
        self,
        *,
        format: Format | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> ModelListResponse:
        """The models available to this API key."""
        return await self._client.request(ModelListResponse, _list_options(locals()))

    async def retrieve(
        self,
        model_id: str,
        *,
        format: Format | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> ModelRetrieveResponse:
        """One model by id."""
        return await self._client.request(ModelRetrieveResponse, _retrieve_options(locals()))


class ModelsResourceWithRawResponse:
    """`list`/`retrieve` returning `APIResponse`."""

    def __init__(self, models: ModelsResource) -> None:
        self._models = models
        self.list = to_raw_response_wrapper(models.list)
        self.retrieve = to_raw_response_wrapper(models.retrieve)


class AsyncModelsResourceWithRawResponse:
    """`list`/`retrieve` returning `AsyncAPIResponse`."""

    def __init__(self, models: AsyncModelsResource) -> None:
        self._models = models
        self.list = async_to_raw_response_wrapper(models.list)
        self.retrieve = async_to_raw_response_wrapper(models.retrieve)


class ModelsResourceWithStreamingResponse:
    """`list`/`retrieve` as context managers around unread `APIResponse`s."""

    def __init__(self, models: ModelsResource) -> None:
        self._models = models
        self.list = to_streamed_response_wrapper(models.list)
        self.retrieve = to_streamed_response_wrapper(models.retrieve)


class AsyncModelsResourceWithStreamingResponse:
    """`list`/`retrieve` as async context managers around unread `AsyncAPIResponse`s."""

    def __init__(self, models: AsyncModelsResource) -> None:
        self._models = models
        self.list = async_to_streamed_response_wrapper(models.list)
        self.retrieve = async_to_streamed_response_wrapper(models.retrieve)
