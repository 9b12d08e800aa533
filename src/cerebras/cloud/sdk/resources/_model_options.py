"""PURE. The request options of the `client.models` calls, and the types the public catalogue answers with."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Type

from typing_extensions import Literal

from .._models import BaseModel
from .._request import FinalRequestOptions, path_segment
from .._types import NotGiven, Omit, omit
from ..types.model_list_response import HuggingFaceModelsResponse, OpenRouterModelsResponse
from ..types.model_retrieve_response import HuggingFaceModel, OpenRouterModel, PublicModel
from ..types.public_model_list_response import PublicModelList
from ._base import call_options

__all__ = ["Format", "model_options", "public_response_type"]

Format = Literal["default", "openrouter", "huggingface"]

_PUBLIC_LIST: Mapping[str, Type[BaseModel]] = {
    "default": PublicModelList,
    "openrouter": OpenRouterModelsResponse,
    "huggingface": HuggingFaceModelsResponse,
}
_PUBLIC_ONE: Mapping[str, Type[BaseModel]] = {
    "default": PublicModel,
    "openrouter": OpenRouterModel,
    "huggingface": HuggingFaceModel,
}


def public_response_type(fmt: object, *, single: bool) -> Type[BaseModel]:
    """PURE. The response model of the public catalogue for a `format` (the native one when omitted)."""
    table = _PUBLIC_ONE if single else _PUBLIC_LIST
    return table.get(fmt if isinstance(fmt, str) else "default", PublicModel if single else PublicModelList)


def model_options(arguments: Dict[str, Any], *, public: bool = False) -> FinalRequestOptions:
    """PURE. The options of a `client.models` call, from the method's `locals()` (`Any`: typed by its signature).

    With a `model_id` argument it is one model (an empty id raises `ValueError`; the id is
    percent-encoded into the path), without it the list. `format` becomes the query. A `public`
    catalogue request is sent without the `Authorization` header (the endpoint needs none).
    """
    fmt = arguments.pop("format")
    path = "/public/v1/models" if public else "/v1/models"
    if "model_id" in arguments:
        model_id = arguments.pop("model_id")
        if not model_id:
            raise ValueError(f"Expected a non-empty value for `model_id` but received {model_id!r}")
        path = f"{path}/{path_segment(model_id)}"
    options = call_options("get", path, arguments, query=None if isinstance(fmt, Omit) else {"format": fmt})
    if public:
        headers = dict(options.headers) if not isinstance(options.headers, NotGiven) else {}
        options.headers = {"Authorization": omit, **headers}
    return options
