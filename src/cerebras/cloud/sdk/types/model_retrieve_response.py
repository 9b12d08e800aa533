"""Response models of `client.models.retrieve`: the `ModelRetrieveResponse` union and its members."""

from __future__ import annotations

from typing import List, Optional, Union

from typing_extensions import Literal

from .._models import BaseModel

__all__ = [
    "HuggingFaceModel",
    "HuggingFaceModelCapabilities",
    "HuggingFaceModelPricing",
    "ModelMetadata",
    "ModelRetrieveResponse",
    "OpenRouterModel",
    "OpenRouterModelDatacenter",
    "OpenRouterModelOpenrouter",
    "OpenRouterModelPricing",
    "PublicModel",
    "PublicModelArchitecture",
    "PublicModelCapabilities",
    "PublicModelLimits",
    "PublicModelPricing",
    "PublicModelSupportedParameters",
]


# --------------------------------------------------------------------------- format "default"


class ModelMetadata(BaseModel):
    """A model in the OpenAI-compatible format."""

    id: str

    created: Optional[int] = None

    object: Optional[Literal["model"]] = None

    owned_by: Optional[str] = None


# --------------------------------------------------------------------------- format "openrouter"


class OpenRouterModelPricing(BaseModel):
    """Prices of a model, in USD per unit, as decimal strings."""

    completion: str

    prompt: str

    image: Optional[str] = None

    input_cache_read: Optional[str] = None

    input_cache_write: Optional[str] = None

    request: Optional[str] = None


class OpenRouterModelDatacenter(BaseModel):
    """A country a model is served from."""

    country_code: str


class OpenRouterModelOpenrouter(BaseModel):
    """OpenRouter-specific identification of a model."""

    slug: str


class OpenRouterModel(BaseModel):
    """A model in the OpenRouter catalogue format."""

    id: str

    context_length: int

    created: int

    max_output_length: int

    name: str

    pricing: OpenRouterModelPricing

    datacenters: Optional[List[OpenRouterModelDatacenter]] = None

    description: Optional[str] = None

    hugging_face_id: Optional[str] = None

    input_modalities: Optional[List[str]] = None

    openrouter: Optional[OpenRouterModelOpenrouter] = None

    output_modalities: Optional[List[str]] = None

    quantization: Optional[str] = None

    supported_features: Optional[List[str]] = None

    supported_sampling_parameters: Optional[List[str]] = None


# --------------------------------------------------------------------------- format "huggingface"


class HuggingFaceModelPricing(BaseModel):
    """Prices of a model, in USD per million tokens."""

    input: float

    output: float


class HuggingFaceModelCapabilities(BaseModel):
    """What a model supports."""

    function_calling: Optional[bool] = None

    streaming: Optional[bool] = None

    structured_outputs: Optional[bool] = None

    vision: Optional[bool] = None


class HuggingFaceModel(BaseModel):
    """A model in the Hugging Face catalogue format."""

    id: str

    context_length: int

    created: int

    owned_by: str

    pricing: HuggingFaceModelPricing

    capabilities: Optional[HuggingFaceModelCapabilities] = None

    hugging_face_id: Optional[str] = None

    object: Optional[Literal["model"]] = None


# --------------------------------------------------------------------------- public model spec


class PublicModelArchitecture(BaseModel):
    """How a model is built: input modality, tokenizer and instruction format."""

    modality: Literal["text", "text+vision", "multimodal"]

    tokenizer: str

    instruct_type: Optional[str] = None


class PublicModelCapabilities(BaseModel):
    """Which features a model supports."""

    function_calling: Optional[bool] = None

    json_mode: Optional[bool] = None

    parallel_tool_calls: Optional[bool] = None

    reasoning: Optional[bool] = None

    response_format: Optional[bool] = None

    streaming: Optional[bool] = None

    structured_outputs: Optional[bool] = None

    tool_choice: Optional[bool] = None

    tools: Optional[bool] = None

    vision: Optional[bool] = None


class PublicModelLimits(BaseModel):
    """Token and rate limits of a model."""

    max_completion_tokens: int

    max_context_length: int

    requests_per_minute: Optional[int] = None

    tokens_per_minute: Optional[int] = None


class PublicModelPricing(BaseModel):
    """Prices of a model, in USD per token, as decimal strings."""

    completion: str

    prompt: str


class PublicModelSupportedParameters(BaseModel):
    """Which sampling and request parameters a model accepts."""

    frequency_penalty: Optional[bool] = None

    logit_bias: Optional[bool] = None

    logprobs: Optional[bool] = None

    max_completion_tokens: Optional[bool] = None

    presence_penalty: Optional[bool] = None

    repetition_penalty: Optional[bool] = None

    seed: Optional[bool] = None

    stop: Optional[bool] = None

    temperature: Optional[bool] = None

    top_logprobs: Optional[bool] = None

    top_p: Optional[bool] = None


class PublicModel(BaseModel):
    """A model described by the full public model specification."""

    id: str

    architecture: PublicModelArchitecture

    capabilities: PublicModelCapabilities

    created: int

    description: str

    limits: PublicModelLimits

    name: str

    owned_by: str

    pricing: PublicModelPricing

    supported_parameters: PublicModelSupportedParameters

    datacenter_locations: Optional[List[str]] = None

    deprecated: Optional[bool] = None

    hugging_face_id: Optional[str] = None

    object: Optional[Literal["model"]] = None

    preview: Optional[bool] = None

    quantization: Optional[str] = None


ModelRetrieveResponse = Union[ModelMetadata, OpenRouterModel, HuggingFaceModel, PublicModel]
"""What `client.models.retrieve` returns; the member depends on the requested `format`."""
