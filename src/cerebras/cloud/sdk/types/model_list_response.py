"""Response models of `client.models.list`: the `ModelListResponse` union, one member per format."""

from __future__ import annotations

from typing import List, Optional, Union

from typing_extensions import Literal

from .._models import BaseModel

__all__ = [
    "HuggingFaceModelsResponse",
    "HuggingFaceModelsResponseData",
    "HuggingFaceModelsResponseDataCapabilities",
    "HuggingFaceModelsResponseDataPricing",
    "ModelListResponse",
    "ModelMetadataList",
    "ModelMetadataListData",
    "OpenRouterModelsResponse",
    "OpenRouterModelsResponseData",
    "OpenRouterModelsResponseDataDatacenter",
    "OpenRouterModelsResponseDataOpenrouter",
    "OpenRouterModelsResponseDataPricing",
]


# --------------------------------------------------------------------------- format "default"


class ModelMetadataListData(BaseModel):
    """One model in the OpenAI-compatible listing."""

    id: str

    created: Optional[int] = None

    object: Optional[Literal["model"]] = None

    owned_by: Optional[str] = None


class ModelMetadataList(BaseModel):
    """The OpenAI-compatible model listing (format `default`)."""

    data: List[ModelMetadataListData]

    object: Optional[Literal["list"]] = None


# --------------------------------------------------------------------------- format "openrouter"


class OpenRouterModelsResponseDataPricing(BaseModel):
    """Prices of a model, in USD per unit, as decimal strings."""

    completion: str

    prompt: str

    image: Optional[str] = None

    input_cache_read: Optional[str] = None

    input_cache_write: Optional[str] = None

    request: Optional[str] = None


class OpenRouterModelsResponseDataDatacenter(BaseModel):
    """A country a model is served from."""

    country_code: str


class OpenRouterModelsResponseDataOpenrouter(BaseModel):
    """OpenRouter-specific identification of a model."""

    slug: str


class OpenRouterModelsResponseData(BaseModel):
    """One model in the OpenRouter catalogue format."""

    id: str

    context_length: int

    created: int

    max_output_length: int

    name: str

    pricing: OpenRouterModelsResponseDataPricing

    datacenters: Optional[List[OpenRouterModelsResponseDataDatacenter]] = None

    description: Optional[str] = None

    hugging_face_id: Optional[str] = None

    input_modalities: Optional[List[str]] = None

    openrouter: Optional[OpenRouterModelsResponseDataOpenrouter] = None

    output_modalities: Optional[List[str]] = None

    quantization: Optional[str] = None

    supported_features: Optional[List[str]] = None

    supported_sampling_parameters: Optional[List[str]] = None


class OpenRouterModelsResponse(BaseModel):
    """The model listing in the OpenRouter catalogue format (format `openrouter`)."""

    data: List[OpenRouterModelsResponseData]


# --------------------------------------------------------------------------- format "huggingface"


class HuggingFaceModelsResponseDataPricing(BaseModel):
    """Prices of a model, in USD per million tokens."""

    input: float

    output: float


class HuggingFaceModelsResponseDataCapabilities(BaseModel):
    """What a model supports."""

    function_calling: Optional[bool] = None

    streaming: Optional[bool] = None

    structured_outputs: Optional[bool] = None

    vision: Optional[bool] = None


class HuggingFaceModelsResponseData(BaseModel):
    """One model in the Hugging Face catalogue format."""

    id: str

    context_length: int

    created: int

    owned_by: str

    pricing: HuggingFaceModelsResponseDataPricing

    capabilities: Optional[HuggingFaceModelsResponseDataCapabilities] = None

    hugging_face_id: Optional[str] = None

    object: Optional[Literal["model"]] = None


class HuggingFaceModelsResponse(BaseModel):
    """The model listing in the Hugging Face catalogue format (format `huggingface`)."""

    data: List[HuggingFaceModelsResponseData]

    object: Optional[Literal["list"]] = None


ModelListResponse = Union[ModelMetadataList, OpenRouterModelsResponse, HuggingFaceModelsResponse]
"""What `client.models.list` returns; the member depends on the requested `format`."""
