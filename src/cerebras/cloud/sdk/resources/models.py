"""`client.models`: list the available models, or retrieve one; and the public catalogue (no key needed)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Dict, Optional, Union

import httpx
from typing_extensions import Literal

from .._deprecations import remember_models
from .._request import FinalRequestOptions, path_segment
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import Body, Headers, NotGiven, Omit, Query, not_given, omit
from ..types.model_list_response import HuggingFaceModelsResponse, ModelListResponse, OpenRouterModelsResponse
from ..types.model_retrieve_response import HuggingFaceModel, ModelRetrieveResponse, OpenRouterModel, PublicModel
from ..types.public_model_list_response import PublicModelList, PublicModelListResponse
from ..types.public_model_retrieve_response import PublicModelRetrieveResponse
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


_PUBLIC_LIST: Dict[str, Any] = {
    "default": PublicModelList,
    "openrouter": OpenRouterModelsResponse,
    "huggingface": HuggingFaceModelsResponse,
}
_PUBLIC_ONE: Dict[str, Any] = {"default": PublicModel, "openrouter": OpenRouterModel, "huggingface": HuggingFaceModel}


def public_response_type(fmt: object, *, single: bool) -> Any:
    """PURE. The response model of the public catalogue for a `format` (the native one when omitted)."""
    table = _PUBLIC_ONE if single else _PUBLIC_LIST
    return table.get(fmt if isinstance(fmt, str) else "default", PublicModel if single else PublicModelList)


def _public_options(arguments: Dict[str, Any], path: str) -> FinalRequestOptions:
    """PURE. A public catalogue request: no `Authorization` header (the endpoint needs none)."""
    fmt = arguments.pop("format")
    options = call_options("get", path, arguments, query=None if isinstance(fmt, Omit) else {"format": fmt})
    headers = dict(options.headers) if not isinstance(options.headers, NotGiven) else {}
    options.headers = {"Authorization": omit, **headers}
    return options


def _list_public_options(arguments: Dict[str, Any]) -> FinalRequestOptions:
    return _public_options(arguments, "/public/v1/models")


def _retrieve_public_options(arguments: Dict[str, Any]) -> FinalRequestOptions:
    model_id = arguments.pop("model_id")
    if not model_id:
        raise ValueError(f"Expected a non-empty value for `model_id` but received {model_id!r}")
    return _public_options(arguments, f"/public/v1/models/{path_segment(model_id)}")


class ModelsResource(SyncAPIResource):
    """`client.models`: `list()` and `retrieve(model_id)`, and the public catalogue:
    `list_public()` and `retrieve_public(model_id)`."""

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

    def list_public(
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
        return remember_models(
            self._client,
            self._client.request(public_response_type(format, single=False), _list_public_options(locals())),
        )

    def retrieve_public(
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
        return remember_models(
            self._client,
            self._client.request(public_response_type(format, single=True), _retrieve_public_options(locals())),
        )


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
        """The public model catalogue, sent without the API key (see `Cerebras.models.list_public`)."""
        return remember_models(
            self._client,
            await self._client.request(public_response_type(format, single=False), _list_public_options(locals())),
        )

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
        """One model of the public catalogue, sent without the API key."""
        return remember_models(
            self._client,
            await self._client.request(public_response_type(format, single=True), _retrieve_public_options(locals())),
        )


class ModelsResourceWithRawResponse:
    """`list`/`retrieve` (and the public ones) returning `APIResponse`."""

    def __init__(self, models: ModelsResource) -> None:
        self._models = models
        self.list = to_raw_response_wrapper(models.list)
        self.retrieve = to_raw_response_wrapper(models.retrieve)
        self.list_public = to_raw_response_wrapper(models.list_public)
        self.retrieve_public = to_raw_response_wrapper(models.retrieve_public)


class AsyncModelsResourceWithRawResponse:
    """`list`/`retrieve` (and the public ones) returning `AsyncAPIResponse`."""

    def __init__(self, models: AsyncModelsResource) -> None:
        self._models = models
        self.list = async_to_raw_response_wrapper(models.list)
        self.retrieve = async_to_raw_response_wrapper(models.retrieve)
        self.list_public = async_to_raw_response_wrapper(models.list_public)
        self.retrieve_public = async_to_raw_response_wrapper(models.retrieve_public)


class ModelsResourceWithStreamingResponse:
    """`list`/`retrieve` (and the public ones) as context managers around unread `APIResponse`s."""

    def __init__(self, models: ModelsResource) -> None:
        self._models = models
        self.list = to_streamed_response_wrapper(models.list)
        self.retrieve = to_streamed_response_wrapper(models.retrieve)
        self.list_public = to_streamed_response_wrapper(models.list_public)
        self.retrieve_public = to_streamed_response_wrapper(models.retrieve_public)


class AsyncModelsResourceWithStreamingResponse:
    """`list`/`retrieve` (and the public ones) as async context managers around unread `AsyncAPIResponse`s."""

    def __init__(self, models: AsyncModelsResource) -> None:
        self._models = models
        self.list = async_to_streamed_response_wrapper(models.list)
        self.retrieve = async_to_streamed_response_wrapper(models.retrieve)
        self.list_public = async_to_streamed_response_wrapper(models.list_public)
        self.retrieve_public = async_to_streamed_response_wrapper(models.retrieve_public)
