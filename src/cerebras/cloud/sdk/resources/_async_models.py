"""`client.models` of `AsyncCerebras`: list the available models or retrieve one, and the public
catalogue (no key needed)."""

from __future__ import annotations

from functools import cached_property
from typing import Optional, Union

import httpx

from .._deprecations import remember_models
from .._response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from .._types import Body, Headers, NotGiven, Omit, Query, not_given, omit
from ..types.model_list_response import ModelListResponse
from ..types.model_retrieve_response import ModelRetrieveResponse
from ..types.public_model_list_response import PublicModelListResponse
from ..types.public_model_retrieve_response import PublicModelRetrieveResponse
from ._base import AsyncAPIResource
from ._model_options import Format, model_options, public_response_type

__all__ = [
    "AsyncModelsResource",
    "AsyncModelsResourceWithRawResponse",
    "AsyncModelsResourceWithStreamingResponse",
]


class AsyncModelsResource(AsyncAPIResource):
    """`client.models`: `list()` and `retrieve(model_id)`, and the public catalogue:
    `list_public()` and `retrieve_public(model_id)`."""

    @cached_property
    def with_raw_response(self) -> AsyncModelsResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse`."""
        return AsyncModelsResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncModelsResourceWithStreamingResponse:
        """The same methods as context managers; the body is read only when you ask."""
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
        """The models available to this API key.

        Args:
          format: `"default"` (OpenAI-style), `"openrouter"` or `"huggingface"` catalogue shapes.
        """
        return await self._client.request(ModelListResponse, model_options(locals()))

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
        """One model by id (percent-encoded into the path; an empty id raises `ValueError`).

        Args:
          format: `"default"`, `"openrouter"` or `"huggingface"` catalogue shape.
        """
        return await self._client.request(ModelRetrieveResponse, model_options(locals()))

    async def list_public(
        self,
        *,
        format: Format | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> PublicModelListResponse:
        """The public model catalogue (`GET /public/v1/models`), sent without the API key.

        The native format lists full `PublicModel`s: pricing, capabilities, limits, and whether a
        model is `deprecated` (the client remembers that, and warns when a chat request uses a
        deprecated model). A client made with `api_key=""` can call it.

        Args:
          format: `"default"` (`PublicModelList`), `"openrouter"` or `"huggingface"`.
        """
        options = model_options(locals(), public=True)
        result = await self._client.request(public_response_type(format, single=False), options)
        return remember_models(self._client, result)

    async def retrieve_public(
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
    ) -> PublicModelRetrieveResponse:
        """One model of the public catalogue (`GET /public/v1/models/{id}`), sent without the API key."""
        options = model_options(locals(), public=True)
        result = await self._client.request(public_response_type(format, single=True), options)
        return remember_models(self._client, result)


class AsyncModelsResourceWithRawResponse:
    """`list`/`retrieve` (and the public ones) returning `AsyncAPIResponse`."""

    def __init__(self, models: AsyncModelsResource) -> None:
        self._models = models
        self.list = async_to_raw_response_wrapper(models.list)
        self.retrieve = async_to_raw_response_wrapper(models.retrieve)
        self.list_public = async_to_raw_response_wrapper(models.list_public)
        self.retrieve_public = async_to_raw_response_wrapper(models.retrieve_public)


class AsyncModelsResourceWithStreamingResponse:
    """`list`/`retrieve` (and the public ones) as context managers around unread `AsyncAPIResponse`s."""

    def __init__(self, models: AsyncModelsResource) -> None:
        self._models = models
        self.list = async_to_streamed_response_wrapper(models.list)
        self.retrieve = async_to_streamed_response_wrapper(models.retrieve)
        self.list_public = async_to_streamed_response_wrapper(models.list_public)
        self.retrieve_public = async_to_streamed_response_wrapper(models.retrieve_public)
