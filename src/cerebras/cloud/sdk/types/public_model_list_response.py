"""Response models of `client.models.list_public`: the native `PublicModelList` and the union by `format`."""

from __future__ import annotations

from typing import List, Optional, Union

from typing_extensions import Literal

from .._models import BaseModel
from .model_list_response import HuggingFaceModelsResponse, OpenRouterModelsResponse
from .model_retrieve_response import PublicModel

__all__ = ["PublicModelList", "PublicModelListResponse"]


class PublicModelList(BaseModel):
    """The public catalogue in its native format: full `PublicModel` entries."""

    data: List[PublicModel]

    object: Optional[Literal["list"]] = None


PublicModelListResponse = Union[PublicModelList, OpenRouterModelsResponse, HuggingFaceModelsResponse]
"""What `list_public` returns for `format` omitted or `"default"`, `"openrouter"` and `"huggingface"`."""
