"""PURE model catalogue: the emulated models and their listings in the three `?format=` shapes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

__all__ = [
    "FORMATS",
    "MODELS",
    "Model",
    "find_model",
    "list_body",
    "public_list_body",
    "public_retrieve_body",
    "retrieve_body",
]


@dataclass(frozen=True)
class Model:
    """One emulated model."""

    id: str
    name: str
    owned_by: str
    created: int
    hugging_face_id: str
    context_length: int
    max_output: int
    speed_tps: float
    """Nominal generation speed (tokens/s), reported in `time_info` when pacing is off."""
    price_in: float
    """USD per million input tokens."""
    price_out: float
    reasoning: bool = False
    preview: bool = False
    deprecated: bool = False
    """Marked deprecated in the public catalogue (the API has announced its removal)."""


MODELS: Tuple[Model, ...] = (
    Model("llama3.1-8b", "Llama 3.1 8B", "Meta", 1721692800, "meta-llama/Llama-3.1-8B-Instruct", 32768, 8192, 2200.0, 0.10, 0.10, deprecated=True),
    Model("llama-3.3-70b", "Llama 3.3 70B", "Meta", 1733443200, "meta-llama/Llama-3.3-70B-Instruct", 65536, 8192, 2100.0, 0.85, 1.20, deprecated=True),
    Model("gpt-oss-120b", "OpenAI GPT OSS", "OpenAI", 1754352000, "openai/gpt-oss-120b", 131072, 32768, 3000.0, 0.35, 0.75, reasoning=True),
    Model("qwen-3-32b", "Qwen 3 32B", "Qwen", 1746057600, "Qwen/Qwen3-32B", 65536, 8192, 2400.0, 0.40, 0.80, reasoning=True, deprecated=True),
    Model("qwen-3-235b-a22b-instruct-2507", "Qwen 3 235B Instruct", "Qwen", 1753401600, "Qwen/Qwen3-235B-A22B-Instruct-2507", 131072, 32768, 1400.0, 0.60, 1.20, preview=True, deprecated=True),
    Model("zai-glm-4.6", "Z.ai GLM 4.6", "Z.ai", 1761955200, "zai-org/GLM-4.6", 131072, 40000, 1000.0, 2.25, 2.75, reasoning=True, preview=True, deprecated=True),
)  # fmt: skip

_BY_ID: Dict[str, Model] = {m.id: m for m in MODELS}


def find_model(model_id: str) -> Optional[Model]:
    """The model with `model_id` (an OpenRouter-style `cerebras/<id>` also matches), or `None`."""
    if model_id.startswith("cerebras/"):
        model_id = model_id[len("cerebras/") :]
    return _BY_ID.get(model_id)


def _per_token(usd_per_million: float) -> str:
    return f"{usd_per_million / 1_000_000:.10f}".rstrip("0")


def _default(m: Model) -> Dict[str, object]:
    return {"id": m.id, "object": "model", "created": m.created, "owned_by": m.owned_by}


def _openrouter(m: Model) -> Dict[str, object]:
    return {
        "id": f"cerebras/{m.id}",
        "name": f"Cerebras: {m.name}",
        "created": m.created,
        "description": f"{m.name} served on Cerebras wafer-scale hardware.",
        "context_length": m.context_length,
        "max_output_length": m.max_output,
        "hugging_face_id": m.hugging_face_id,
        "input_modalities": ["text"],
        "output_modalities": ["text"],
        "quantization": "fp16",
        "pricing": {"prompt": _per_token(m.price_in), "completion": _per_token(m.price_out)},
        "supported_features": ["tools", "json_mode", "structured_outputs"] + (["reasoning"] if m.reasoning else []),
        "supported_sampling_parameters": ["temperature", "top_p", "max_tokens", "stop", "seed"],
        "datacenters": [{"country_code": "US"}],
        "openrouter": {"slug": f"cerebras/{m.id}"},
    }


def _huggingface(m: Model) -> Dict[str, object]:
    return {
        "id": m.id,
        "object": "model",
        "created": m.created,
        "owned_by": "cerebras",
        "context_length": m.context_length,
        "pricing": {"input": m.price_in, "output": m.price_out},
        "capabilities": {"function_calling": True, "streaming": True, "structured_outputs": True, "vision": False},
        "hugging_face_id": m.hugging_face_id,
    }


_RENDER = {"default": _default, "openrouter": _openrouter, "huggingface": _huggingface}
FORMATS = tuple(_RENDER)


def list_body(fmt: str) -> Dict[str, object]:
    """`GET /v1/models?format=fmt` (`fmt` already validated)."""
    data: List[Dict[str, object]] = [_RENDER[fmt](m) for m in MODELS]
    if fmt == "openrouter":
        return {"data": data}
    return {"object": "list", "data": data}


def retrieve_body(model: Model, fmt: str) -> Dict[str, object]:
    """`GET /v1/models/{id}?format=fmt` (`fmt` already validated)."""
    return _RENDER[fmt](model)


def _public(m: Model) -> Dict[str, object]:
    """The full `PublicModel` of the public catalogue."""
    return {
        "id": m.id,
        "object": "model",
        "created": m.created,
        "owned_by": m.owned_by,
        "name": m.name,
        "description": f"{m.name} served on Cerebras wafer-scale hardware.",
        "hugging_face_id": m.hugging_face_id,
        "pricing": {"prompt": _per_token(m.price_in), "completion": _per_token(m.price_out)},
        "capabilities": {
            "function_calling": True,
            "json_mode": True,
            "parallel_tool_calls": False,
            "reasoning": m.reasoning,
            "response_format": True,
            "streaming": True,
            "structured_outputs": True,
            "tool_choice": True,
            "tools": True,
            "vision": False,
        },
        "supported_parameters": {
            "frequency_penalty": False,
            "logit_bias": False,
            "logprobs": False,
            "max_completion_tokens": True,
            "presence_penalty": False,
            "repetition_penalty": False,
            "seed": True,
            "stop": True,
            "temperature": True,
            "top_logprobs": False,
            "top_p": True,
        },
        "architecture": {
            "modality": "text",
            "tokenizer": "GPT" if m.owned_by == "OpenAI" else m.owned_by,
            "instruct_type": None,
        },
        "limits": {
            "max_context_length": m.context_length,
            "max_completion_tokens": m.max_output,
            "requests_per_minute": None,
            "tokens_per_minute": None,
        },
        "datacenter_locations": [],
        "deprecated": m.deprecated,
        "preview": m.preview,
        "quantization": "FP16",
    }


_PUBLIC_RENDER = {"default": _public, "openrouter": _openrouter, "huggingface": _huggingface}


def public_list_body(fmt: str) -> Dict[str, object]:
    """`GET /public/v1/models?format=fmt` (`fmt` already validated)."""
    data: List[Dict[str, object]] = [_PUBLIC_RENDER[fmt](m) for m in MODELS]
    if fmt == "openrouter":
        return {"data": data}
    return {"object": "list", "data": data}


def public_retrieve_body(model: Model, fmt: str) -> Dict[str, object]:
    """`GET /public/v1/models/{id}?format=fmt` (`fmt` already validated)."""
    return _PUBLIC_RENDER[fmt](model)
