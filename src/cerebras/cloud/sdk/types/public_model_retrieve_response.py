"""Response model of `client.models.retrieve_public`: one public model, in the shape `format` asks for."""

from __future__ import annotations

from typing import Union

from .model_retrieve_response import HuggingFaceModel, OpenRouterModel, PublicModel

__all__ = ["PublicModelRetrieveResponse"]

PublicModelRetrieveResponse = Union[PublicModel, OpenRouterModel, HuggingFaceModel]
"""`PublicModel` (format omitted or `"default"`), `OpenRouterModel` or `HuggingFaceModel`."""
