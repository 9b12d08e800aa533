"""The `types` package: module exports, model and TypedDict shapes, and union resolution of doc payloads."""

from __future__ import annotations

import importlib
import json
from typing import Any, Callable, Dict, List, Optional, Sequence, Type, Union, cast

import pydantic
import pytest
from typing_extensions import Annotated, Literal, Required, get_args, get_origin, get_type_hints

from cerebras.cloud.sdk._models import BaseModel, get_parser
from cerebras.cloud.sdk._types import PropertyInfo

PKG = "cerebras.cloud.sdk.types"


def _with_prefix(prefix: str) -> List[str]:
    base = f"Message{prefix}MessageRequestContentUnionMember1"
    return [
        f"Message{prefix}MessageRequest",
        base,
        f"{base}TextContent",
        f"{base}ImageURLContent",
        f"{base}ImageURLContentImageURL",
        f"{base}ImageContent",
    ]


_LOGPROB_SUFFIXES = [
    "Logprobs",
    "LogprobsContent",
    "LogprobsContentTopLogprob",
    "LogprobsRefusal",
    "LogprobsRefusalTopLogprob",
    "ReasoningLogprobs",
    "ReasoningLogprobsContent",
    "ReasoningLogprobsContentTopLogprob",
    "ReasoningLogprobsRefusal",
    "ReasoningLogprobsRefusalTopLogprob",
]

# README §1.4: module -> public names (module `__all__`).
EXPECTED_ALL: Dict[str, List[str]] = {
    "chat.chat_completion": [
        "ChatCompletion",
        "ChatCompletionResponse",
        "ChatCompletionResponseChoice",
        "ChatCompletionResponseChoiceMessage",
        "ChatCompletionResponseChoiceMessageToolCall",
        "ChatCompletionResponseChoiceMessageToolCallFunction",
        *[f"ChatCompletionResponseChoice{s}" for s in _LOGPROB_SUFFIXES],
        "ChatCompletionResponseTimeInfo",
        "ChatCompletionResponseUsage",
        "ChatCompletionResponseUsageCompletionTokensDetails",
        "ChatCompletionResponseUsagePromptTokensDetails",
        "ChatChunkResponse",
        "ChatChunkResponseChoice",
        "ChatChunkResponseChoiceDelta",
        "ChatChunkResponseChoiceDeltaToolCall",
        "ChatChunkResponseChoiceDeltaToolCallFunction",
        *[f"ChatChunkResponseChoice{s}" for s in _LOGPROB_SUFFIXES],
        "ChatChunkResponseTimeInfo",
        "ChatChunkResponseUsage",
        "ChatChunkResponseUsageCompletionTokensDetails",
        "ChatChunkResponseUsagePromptTokensDetails",
        "ErrorChunkResponse",
        "ErrorChunkResponseError",
    ],
    "chat.completion_create_params": [
        "CompletionCreateParams",
        "Message",
        *_with_prefix("System"),
        *_with_prefix("Developer"),
        *_with_prefix("User"),
        "MessageAssistantMessageRequest",
        "MessageAssistantMessageRequestContentUnionMember1",
        "MessageAssistantMessageRequestReasoningUnionMember1",
        "MessageAssistantMessageRequestToolCall",
        "MessageAssistantMessageRequestToolCallFunction",
        "MessageToolMessageRequest",
        "MessageToolMessageRequestContentUnionMember1",
        "Prediction",
        "PredictionContentUnionMember1",
        "ResponseFormat",
        "ResponseFormatResponseFormatText",
        "ResponseFormatResponseFormatJsonObject",
        "ResponseFormatResponseFormatJsonSchema",
        "ResponseFormatResponseFormatJsonSchemaJsonSchema",
        "StreamOptions",
        "ToolChoice",
        "ToolChoiceChoiceObject",
        "ToolChoiceChoiceObjectFunction",
        "Tool",
        "ToolFunction",
    ],
    "completion": [
        "Completion",
        "CompletionResponse",
        "CompletionResponseChoice",
        "CompletionResponseChoiceLogprobs",
        "CompletionResponseTimeInfo",
        "CompletionResponseUsage",
        "CompletionResponseUsageCompletionTokensDetails",
        "CompletionResponseUsagePromptTokensDetails",
        "ErrorChunkResponse",
        "ErrorChunkResponseError",
    ],
    "completion_create_params": ["CompletionCreateParams", "StreamOptions"],
    "model_list_params": ["ModelListParams"],
    "model_list_response": [
        "ModelListResponse",
        "ModelMetadataList",
        "ModelMetadataListData",
        "OpenRouterModelsResponse",
        "OpenRouterModelsResponseData",
        "OpenRouterModelsResponseDataPricing",
        "OpenRouterModelsResponseDataDatacenter",
        "OpenRouterModelsResponseDataOpenrouter",
        "HuggingFaceModelsResponse",
        "HuggingFaceModelsResponseData",
        "HuggingFaceModelsResponseDataPricing",
        "HuggingFaceModelsResponseDataCapabilities",
    ],
    "model_retrieve_params": ["ModelRetrieveParams"],
    "model_retrieve_response": [
        "ModelRetrieveResponse",
        "ModelMetadata",
        "OpenRouterModel",
        "OpenRouterModelPricing",
        "OpenRouterModelDatacenter",
        "OpenRouterModelOpenrouter",
        "HuggingFaceModel",
        "HuggingFaceModelPricing",
        "HuggingFaceModelCapabilities",
        "PublicModel",
        "PublicModelArchitecture",
        "PublicModelCapabilities",
        "PublicModelLimits",
        "PublicModelPricing",
        "PublicModelSupportedParameters",
    ],
    # README §1.2 / §1.3
    "": [
        "Completion",
        "CompletionCreateParams",
        "ModelListParams",
        "ModelListResponse",
        "ModelRetrieveParams",
        "ModelRetrieveResponse",
        "chat",
        # The documented API beyond 1.91.0: files, batches and the public model catalogue.
        "Batch",
        "BatchCreateParams",
        "BatchListParams",
        "BatchRequestCounts",
        "BatchResult",
        "BatchResultError",
        "FileCreateParams",
        "FileDeleted",
        "FileListParams",
        "FileObject",
        "PublicModelList",
        "PublicModelListResponse",
        "PublicModelRetrieveResponse",
    ],
    "chat": ["ChatCompletion", "CompletionCreateResponse", "CompletionCreateParams"],
    "batch": ["BATCH_STATUSES", "BATCH_TERMINAL_STATUSES", "Batch", "BatchRequestCounts"],
    "batch_create_params": ["BatchCreateParams"],
    "batch_list_params": ["BatchListParams"],
    "batch_result": ["BatchResult", "BatchResultError"],
    "file_create_params": ["ExpiresAfter", "FileCreateParams"],
    "file_deleted": ["FileDeleted"],
    "file_list_params": ["FileListParams"],
    "file_object": ["FileObject"],
    "public_model_list_response": ["PublicModelList", "PublicModelListResponse"],
    "public_model_retrieve_response": ["PublicModelRetrieveResponse"],
}

UNION_ALIASES = {
    "chat.chat_completion": "ChatCompletion",
    "completion": "Completion",
    "model_list_response": "ModelListResponse",
    "model_retrieve_response": "ModelRetrieveResponse",
    "public_model_list_response": "PublicModelListResponse",
    "public_model_retrieve_response": "PublicModelRetrieveResponse",
}


def _mod(name: str) -> Any:
    return importlib.import_module(f"{PKG}.{name}" if name else PKG)


# --------------------------------------------------------------------------- exports


@pytest.mark.parametrize("module", sorted(EXPECTED_ALL))
def test_module_all_matches_readme(module: str) -> None:
    mod = _mod(module)
    assert len(EXPECTED_ALL[module]) == len(set(EXPECTED_ALL[module]))
    assert sorted(mod.__all__) == sorted(EXPECTED_ALL[module])
    for name in mod.__all__:
        assert hasattr(mod, name), name


@pytest.mark.parametrize("module", sorted(m for m in EXPECTED_ALL if m not in ("", "chat")))
def test_module_docstring_and_class_docstrings(module: str) -> None:
    mod = _mod(module)
    assert mod.__doc__
    assert mod.__doc__.strip()
    for name in mod.__all__:
        obj = getattr(mod, name)
        if isinstance(obj, type):
            assert obj.__doc__, name
            assert obj.__doc__.strip(), name
            assert obj.__module__ == mod.__name__, name


def test_package_reexports_are_the_defining_objects() -> None:
    types = _mod("")
    chat = _mod("chat")
    assert types.chat is chat
    assert types.Completion is _mod("completion").Completion
    assert types.CompletionCreateParams is _mod("completion_create_params").CompletionCreateParams
    assert types.ModelListParams is _mod("model_list_params").ModelListParams
    assert types.ModelListResponse is _mod("model_list_response").ModelListResponse
    assert types.ModelRetrieveParams is _mod("model_retrieve_params").ModelRetrieveParams
    assert types.ModelRetrieveResponse is _mod("model_retrieve_response").ModelRetrieveResponse
    assert chat.ChatCompletion is _mod("chat.chat_completion").ChatCompletion
    assert chat.CompletionCreateParams is _mod("chat.completion_create_params").CompletionCreateParams
    # two different TypedDicts share the name
    assert chat.CompletionCreateParams is not types.CompletionCreateParams


def test_completion_create_response_alias() -> None:
    cc = _mod("chat.chat_completion")
    assert "CompletionCreateResponse" not in cc.__all__
    assert cc.CompletionCreateResponse is cc.ChatCompletion
    assert _mod("chat").CompletionCreateResponse is cc.ChatCompletion


def test_union_member_order() -> None:
    cc = _mod("chat.chat_completion")
    comp = _mod("completion")
    ml = _mod("model_list_response")
    mr = _mod("model_retrieve_response")
    assert get_args(cc.ChatCompletion) == (
        cc.ChatCompletionResponse,
        cc.ChatChunkResponse,
        cc.ErrorChunkResponse,
    )
    assert get_args(comp.Completion) == (comp.CompletionResponse, comp.ErrorChunkResponse)
    assert get_args(ml.ModelListResponse) == (
        ml.ModelMetadataList,
        ml.OpenRouterModelsResponse,
        ml.HuggingFaceModelsResponse,
    )
    assert get_args(mr.ModelRetrieveResponse) == (
        mr.ModelMetadata,
        mr.OpenRouterModel,
        mr.HuggingFaceModel,
        mr.PublicModel,
    )


def test_all_models_subclass_sdk_base_model() -> None:
    for module in EXPECTED_ALL:
        if module.endswith("params") or module in ("", "chat"):
            continue
        mod = _mod(module)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if name.isupper():  # a constant, such as BATCH_STATUSES
                continue
            if name == UNION_ALIASES.get(module):
                assert get_origin(obj) is Union
            else:
                assert isinstance(obj, type), name
                assert issubclass(obj, BaseModel), name


# --------------------------------------------------------------------------- model shapes


def _shape(cls: Type[pydantic.BaseModel]) -> Dict[str, bool]:
    """field name -> required."""
    return {name: f.is_required() for name, f in cls.model_fields.items()}


def _check(cls: Type[pydantic.BaseModel], required: List[str], optional: List[str], empty: Sequence[str] = ()) -> None:
    """`optional` fields default to `None`; `empty` ones are always present, empty when left out."""
    shape = _shape(cls)
    assert shape == {**{n: True for n in required}, **{n: False for n in [*optional, *empty]}}, cls.__name__
    for name in optional:
        assert cls.model_fields[name].default is None, (cls.__name__, name)
    for name in empty:
        factory = cls.model_fields[name].default_factory
        assert factory is not None, (cls.__name__, name)
        made = cast(Callable[[], object], factory)()
        assert made == [] or (isinstance(made, pydantic.BaseModel) and made.model_dump(exclude_unset=True) == {})


def _hint(cls: type, name: str) -> Any:
    return get_type_hints(cls, include_extras=True)[name]


def test_chat_response_shapes() -> None:
    cc = _mod("chat.chat_completion")
    for p in ("ChatCompletionResponse", "ChatChunkResponse"):
        usage = getattr(cc, f"{p}Usage")
        _check(
            usage,
            [],
            [
                "completion_tokens",
                "completion_tokens_details",
                "image_tokens",
                "prompt_tokens",
                "prompt_tokens_details",
                "total_tokens",
            ],
        )
        _check(
            getattr(cc, f"{p}UsageCompletionTokensDetails"),
            [],
            ["accepted_prediction_tokens", "reasoning_tokens", "rejected_prediction_tokens"],
        )
        _check(getattr(cc, f"{p}UsagePromptTokensDetails"), [], ["cached_tokens"])
        _check(
            getattr(cc, f"{p}TimeInfo"),
            [],
            ["completion_time", "created", "prompt_time", "queue_time", "total_time"],
        )
        for s in ("Logprobs", "ReasoningLogprobs"):
            _check(getattr(cc, f"{p}Choice{s}"), [], ["content", "refusal"])
            for part in ("Content", "Refusal"):
                _check(getattr(cc, f"{p}Choice{s}{part}"), ["token", "logprob", "top_logprobs"], ["bytes"])
                _check(getattr(cc, f"{p}Choice{s}{part}TopLogprob"), ["token", "logprob"], ["bytes"])
    _check(
        cc.ChatCompletionResponse,
        ["id", "choices", "created", "model", "object", "system_fingerprint"],
        ["service_tier", "time_info", "usage"],
    )
    _check(
        cc.ChatCompletionResponseChoice,
        ["index", "message"],
        ["finish_reason", "logprobs", "reasoning_logprobs"],
    )
    _check(cc.ChatCompletionResponseChoiceMessage, ["role"], ["content", "reasoning", "tool_calls"])
    _check(cc.ChatCompletionResponseChoiceMessageToolCall, ["function", "type"], ["id", "index"])
    _check(cc.ChatCompletionResponseChoiceMessageToolCallFunction, [], ["arguments", "name"])
    _check(
        cc.ChatChunkResponse,
        ["id", "created", "model", "object", "system_fingerprint"],
        ["service_tier", "time_info", "usage"],
        empty=["choices"],
    )
    _check(
        cc.ChatChunkResponseChoice,
        ["index"],
        ["finish_reason", "logprobs", "reasoning_logprobs", "text", "tokens"],
        empty=["delta"],
    )
    _check(cc.ChatChunkResponseChoiceDelta, [], ["content", "reasoning", "role", "tokens", "tool_calls"])
    _check(cc.ChatChunkResponseChoiceDeltaToolCall, ["function", "type"], ["id", "index"])
    _check(cc.ChatChunkResponseChoiceDeltaToolCallFunction, [], ["arguments", "name"])
    _check(cc.ErrorChunkResponse, ["error", "status_code"], [])
    _check(cc.ErrorChunkResponseError, [], ["id", "code", "message", "param", "type"])

    assert _hint(cc.ChatCompletionResponse, "object") == Literal["chat.completion"]
    assert _hint(cc.ChatChunkResponse, "object") == Literal["chat.completion.chunk"]
    assert _hint(cc.ChatChunkResponse, "choices") == List[cc.ChatChunkResponseChoice]
    assert _hint(cc.ChatChunkResponseChoice, "delta") is cc.ChatChunkResponseChoiceDelta
    assert (
        _hint(cc.ChatCompletionResponseChoice, "finish_reason")
        == Optional[Literal["stop", "length", "content_filter", "tool_calls"]]
    )
    assert _hint(cc.ChatCompletionResponseChoiceMessage, "role") == Literal["assistant", "user", "system", "tool"]
    assert _hint(cc.ChatCompletionResponseTimeInfo, "created") == Optional[float]
    assert _hint(cc.ChatCompletionResponseChoiceLogprobsContent, "bytes") == Optional[List[int]]


def test_chat_chunk_submodels_are_distinct_twins() -> None:
    cc = _mod("chat.chat_completion")
    for name in cc.__all__:
        if not name.startswith("ChatCompletionResponse"):
            continue
        twin_name = "ChatChunkResponse" + name[len("ChatCompletionResponse") :]
        if "Message" in name or name == "ChatCompletionResponseChoice" or name == "ChatCompletionResponse":
            continue
        twin = getattr(cc, twin_name)
        original = getattr(cc, name)
        assert twin is not original
        assert twin.__name__ == twin_name
        assert _shape(twin) == _shape(original), name


def test_error_chunk_classes_are_distinct_per_module() -> None:
    cc = _mod("chat.chat_completion")
    comp = _mod("completion")
    assert cc.ErrorChunkResponse is not comp.ErrorChunkResponse
    assert cc.ErrorChunkResponseError is not comp.ErrorChunkResponseError
    assert _shape(cc.ErrorChunkResponse) == _shape(comp.ErrorChunkResponse)
    assert _shape(cc.ErrorChunkResponseError) == _shape(comp.ErrorChunkResponseError)


def test_completion_shapes() -> None:
    comp = _mod("completion")
    _check(
        comp.CompletionResponse,
        ["id", "choices", "created", "model", "object", "system_fingerprint"],
        ["time_info", "usage"],
    )
    assert _hint(comp.CompletionResponse, "object") == Literal["text_completion"]
    _check(comp.CompletionResponseChoice, ["index"], ["finish_reason", "logprobs", "text", "tokens"])
    _check(
        comp.CompletionResponseChoiceLogprobs,
        [],
        ["text_offset", "token_logprobs", "tokens", "top_logprobs"],
    )
    assert _hint(comp.CompletionResponseChoiceLogprobs, "top_logprobs") == Optional[List[Dict[str, float]]]
    _check(
        comp.CompletionResponseTimeInfo,
        [],
        ["completion_time", "created", "prompt_time", "queue_time", "total_time"],
    )
    _check(
        comp.CompletionResponseUsage,
        [],
        [
            "completion_tokens",
            "completion_tokens_details",
            "image_tokens",
            "prompt_tokens",
            "prompt_tokens_details",
            "total_tokens",
        ],
    )


def test_model_shapes() -> None:
    ml = _mod("model_list_response")
    mr = _mod("model_retrieve_response")
    _check(ml.ModelMetadataList, ["data"], ["object"])
    _check(ml.ModelMetadataListData, ["id"], ["created", "object", "owned_by"])
    _check(mr.ModelMetadata, ["id"], ["created", "object", "owned_by"])
    _check(ml.OpenRouterModelsResponse, ["data"], [])
    _check(ml.HuggingFaceModelsResponse, ["data"], ["object"])
    openrouter_req = ["id", "context_length", "created", "max_output_length", "name", "pricing"]
    openrouter_opt = [
        "datacenters",
        "description",
        "hugging_face_id",
        "input_modalities",
        "openrouter",
        "output_modalities",
        "quantization",
        "supported_features",
        "supported_sampling_parameters",
    ]
    _check(ml.OpenRouterModelsResponseData, openrouter_req, openrouter_opt)
    _check(mr.OpenRouterModel, openrouter_req, openrouter_opt)
    pricing_opt = ["image", "input_cache_read", "input_cache_write", "request"]
    _check(ml.OpenRouterModelsResponseDataPricing, ["completion", "prompt"], pricing_opt)
    _check(mr.OpenRouterModelPricing, ["completion", "prompt"], pricing_opt)
    _check(ml.OpenRouterModelsResponseDataDatacenter, ["country_code"], [])
    _check(mr.OpenRouterModelDatacenter, ["country_code"], [])
    _check(ml.OpenRouterModelsResponseDataOpenrouter, ["slug"], [])
    _check(mr.OpenRouterModelOpenrouter, ["slug"], [])
    hf_req = ["id", "context_length", "created", "owned_by", "pricing"]
    hf_opt = ["capabilities", "hugging_face_id", "object"]
    _check(ml.HuggingFaceModelsResponseData, hf_req, hf_opt)
    _check(mr.HuggingFaceModel, hf_req, hf_opt)
    _check(ml.HuggingFaceModelsResponseDataPricing, ["input", "output"], [])
    _check(mr.HuggingFaceModelPricing, ["input", "output"], [])
    assert _hint(mr.HuggingFaceModelPricing, "input") is float
    caps = ["function_calling", "streaming", "structured_outputs", "vision"]
    _check(ml.HuggingFaceModelsResponseDataCapabilities, [], caps)
    _check(mr.HuggingFaceModelCapabilities, [], caps)
    _check(
        mr.PublicModel,
        [
            "id",
            "architecture",
            "capabilities",
            "created",
            "description",
            "limits",
            "name",
            "owned_by",
            "pricing",
            "supported_parameters",
        ],
        ["datacenter_locations", "deprecated", "hugging_face_id", "object", "preview", "quantization"],
    )
    _check(mr.PublicModelArchitecture, ["modality", "tokenizer"], ["instruct_type"])
    assert _hint(mr.PublicModelArchitecture, "modality") == Literal["text", "text+vision", "multimodal"]
    _check(
        mr.PublicModelCapabilities,
        [],
        [
            "function_calling",
            "json_mode",
            "parallel_tool_calls",
            "reasoning",
            "response_format",
            "streaming",
            "structured_outputs",
            "tool_choice",
            "tools",
            "vision",
        ],
    )
    _check(
        mr.PublicModelLimits,
        ["max_completion_tokens", "max_context_length"],
        ["requests_per_minute", "tokens_per_minute"],
    )
    _check(mr.PublicModelPricing, ["completion", "prompt"], [])
    _check(
        mr.PublicModelSupportedParameters,
        [],
        [
            "frequency_penalty",
            "logit_bias",
            "logprobs",
            "max_completion_tokens",
            "presence_penalty",
            "repetition_penalty",
            "seed",
            "stop",
            "temperature",
            "top_logprobs",
            "top_p",
        ],
    )


# --------------------------------------------------------------------------- TypedDict shapes


def _keys(td: Any) -> Dict[str, bool]:
    """key -> required, read from the `Required[...]` wrappers of the evaluated hints.

    With `from __future__ import annotations` the annotations are strings when the class is
    created, so `__required_keys__` cannot see `Required` and lists every key as optional.
    """
    hints = get_type_hints(td, include_extras=True)
    assert set(hints) == set(td.__required_keys__) | set(td.__optional_keys__)
    return {k: get_origin(h) is Required for k, h in hints.items()}


def _alias(td: Any, key: str) -> Optional[str]:
    hint = _hint(td, key)
    assert get_origin(hint) is Annotated
    infos = [m for m in hint.__metadata__ if isinstance(m, PropertyInfo)]
    assert len(infos) == 1
    return infos[0].alias


def test_chat_params_shape() -> None:
    p = _mod("chat.completion_create_params")
    body_optional = [
        "clear_thinking",
        "disable_reasoning",
        "frequency_penalty",
        "logit_bias",
        "logprobs",
        "max_completion_tokens",
        "max_tokens",
        "min_completion_tokens",
        "min_tokens",
        "model_parameters",
        "n",
        "parallel_tool_calls",
        "prediction",
        "presence_penalty",
        "prompt_cache_key",
        "reasoning_effort",
        "reasoning_format",
        "response_format",
        "seed",
        "service_tier",
        "stop",
        "stream",
        "stream_options",
        "temperature",
        "tool_choice",
        "tools",
        "top_logprobs",
        "top_p",
        "user",
    ]
    assert _keys(p.CompletionCreateParams) == {
        "messages": True,
        "model": True,
        **{k: False for k in body_optional},
        "cf_ray": False,
        "x_amz_cf_id": False,
        "x_delay_time": False,
    }
    assert _alias(p.CompletionCreateParams, "cf_ray") == "CF-RAY"
    assert _alias(p.CompletionCreateParams, "x_amz_cf_id") == "X-Amz-Cf-Id"
    assert _alias(p.CompletionCreateParams, "x_delay_time") == "X-delay-time"
    hints = get_type_hints(p.CompletionCreateParams)
    assert hints["reasoning_format"] == Literal["none", "parsed", "text_parsed", "raw", "hidden"]
    assert hints["reasoning_effort"] == Optional[Literal["none", "low", "medium", "high"]]
    assert hints["service_tier"] == Optional[Literal["auto", "default", "flex", "priority"]]
    assert hints["logit_bias"] == Optional[Dict[str, float]]

    for x in ("System", "Developer", "User"):
        assert _keys(getattr(p, f"Message{x}MessageRequest")) == {
            "content": True,
            "name": False,
            "role": False,
        }
        base = f"Message{x}MessageRequestContentUnionMember1"
        assert get_args(getattr(p, base)) == (
            getattr(p, f"{base}TextContent"),
            getattr(p, f"{base}ImageURLContent"),
            getattr(p, f"{base}ImageContent"),
        )
        assert _keys(getattr(p, f"{base}TextContent")) == {"text": True, "type": True}
        assert _keys(getattr(p, f"{base}ImageURLContent")) == {"image_url": True, "type": True}
        assert _keys(getattr(p, f"{base}ImageURLContentImageURL")) == {"url": True, "detail": False}
        assert _keys(getattr(p, f"{base}ImageContent")) == {"image": True, "type": True}
    assert _keys(p.MessageAssistantMessageRequest) == {
        "content": False,
        "name": False,
        "reasoning": False,
        "role": False,
        "tool_calls": False,
    }
    assert _keys(p.MessageToolMessageRequest) == {
        "content": True,
        "tool_call_id": True,
        "name": False,
        "role": False,
    }
    for name in (
        "MessageAssistantMessageRequestContentUnionMember1",
        "MessageAssistantMessageRequestReasoningUnionMember1",
        "MessageToolMessageRequestContentUnionMember1",
        "PredictionContentUnionMember1",
    ):
        assert _keys(getattr(p, name)) == {"text": True, "type": True}
    assert _keys(p.MessageAssistantMessageRequestToolCall) == {
        "id": True,
        "function": True,
        "type": True,
        "index": False,
    }
    assert _keys(p.MessageAssistantMessageRequestToolCallFunction) == {"arguments": True, "name": True}
    assert get_args(p.Message) == (
        p.MessageSystemMessageRequest,
        p.MessageDeveloperMessageRequest,
        p.MessageUserMessageRequest,
        p.MessageAssistantMessageRequest,
        p.MessageToolMessageRequest,
    )
    assert _keys(p.Prediction) == {"content": True, "type": True}
    assert get_args(p.ResponseFormat) == (
        p.ResponseFormatResponseFormatText,
        p.ResponseFormatResponseFormatJsonObject,
        p.ResponseFormatResponseFormatJsonSchema,
    )
    assert _keys(p.ResponseFormatResponseFormatJsonSchema) == {"json_schema": True, "type": True}
    assert _keys(p.ResponseFormatResponseFormatJsonSchemaJsonSchema) == {
        "name": True,
        "description": False,
        "schema": False,
        "strict": False,
    }
    assert _keys(p.Tool) == {"function": True, "type": True}
    assert get_type_hints(p.Tool)["type"] is str
    assert _keys(p.ToolFunction) == {"name": True, "description": False, "parameters": False, "strict": False}
    assert get_type_hints(p.ToolFunction)["strict"] is bool
    assert get_args(p.ToolChoice) == (Literal["none", "auto", "required"], p.ToolChoiceChoiceObject)
    assert _keys(p.ToolChoiceChoiceObject) == {"function": True, "type": True}
    assert _keys(p.ToolChoiceChoiceObjectFunction) == {"name": True}
    assert _keys(p.StreamOptions) == {"include_usage": False}


def test_completion_params_shape() -> None:
    p = _mod("completion_create_params")
    optional = [
        "best_of",
        "echo",
        "frequency_penalty",
        "grammar_root",
        "logit_bias",
        "logprobs",
        "max_tokens",
        "min_tokens",
        "n",
        "presence_penalty",
        "prompt_cache_key",
        "reasoning_format",
        "return_raw_tokens",
        "seed",
        "stop",
        "stream",
        "stream_options",
        "suffix",
        "temperature",
        "top_p",
        "user",
        "cf_ray",
        "x_amz_cf_id",
        "x_delay_time",
    ]
    assert _keys(p.CompletionCreateParams) == {"model": True, "prompt": True, **{k: False for k in optional}}
    assert _alias(p.CompletionCreateParams, "cf_ray") == "CF-RAY"
    assert _alias(p.CompletionCreateParams, "x_amz_cf_id") == "X-Amz-Cf-Id"
    assert _alias(p.CompletionCreateParams, "x_delay_time") == "X-delay-time"
    hints = get_type_hints(p.CompletionCreateParams)
    assert hints["logprobs"] == Optional[int]
    assert hints["reasoning_format"] == Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]]
    assert _hint(p.CompletionCreateParams, "model") == Required[str]
    assert _keys(p.StreamOptions) == {"include_usage": False}
    assert p.StreamOptions is not _mod("chat.completion_create_params").StreamOptions


@pytest.mark.parametrize("module", ["model_list_params", "model_retrieve_params"])
def test_model_params_shape(module: str) -> None:
    mod = _mod(module)
    td = getattr(mod, mod.__all__[0])
    assert _keys(td) == {"format": False, "cf_ray": False, "x_amz_cf_id": False}
    assert get_type_hints(td)["format"] == Literal["default", "openrouter", "huggingface"]
    assert _alias(td, "cf_ray") == "CF-RAY"
    assert _alias(td, "x_amz_cf_id") == "X-Amz-Cf-Id"


# --------------------------------------------------------------------------- parsing doc examples

CHAT_RESPONSE = b"""
{
  "id": "chatcmpl-7d1e2f30",
  "object": "chat.completion",
  "created": 1735689600,
  "model": "llama3.1-8b",
  "system_fingerprint": "fp_5a1b2c",
  "choices": [
    {
      "index": 0,
      "finish_reason": "stop",
      "message": {"role": "assistant", "content": "7"}
    }
  ],
  "usage": {
    "prompt_tokens": 21,
    "completion_tokens": 2,
    "total_tokens": 23,
    "prompt_tokens_details": {"cached_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0}
  },
  "time_info": {"queue_time": 0.00012, "prompt_time": 0.0009, "completion_time": 0.0011, "total_time": 0.0031, "created": 1735689600.12}
}
"""

CHAT_CHUNKS = [
    b'{"id":"chatcmpl-9a","object":"chat.completion.chunk","created":1735689601,"model":"llama3.1-8b","system_fingerprint":"fp_5a1b2c","choices":[{"index":0,"delta":{"role":"assistant"}}]}',
    b'{"id":"chatcmpl-9a","object":"chat.completion.chunk","created":1735689601,"model":"llama3.1-8b","system_fingerprint":"fp_5a1b2c","choices":[{"index":0,"delta":{"content":"Seven"}}]}',
    b'{"id":"chatcmpl-9a","object":"chat.completion.chunk","created":1735689601,"model":"llama3.1-8b","system_fingerprint":"fp_5a1b2c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":21,"completion_tokens":1,"total_tokens":22},"time_info":{"total_time":0.004}}',
]

ERROR_BODY = b'{"error": {"id": "e-1", "code": "bad_request", "message": "nope", "param": "model", "type": "invalid_request_error"}, "status_code": 400}'

TEXT_RESPONSE = b"""
{
  "id": "cmpl-41c0",
  "object": "text_completion",
  "created": 1735689700,
  "model": "llama3.1-8b",
  "system_fingerprint": "fp_5a1b2c",
  "choices": [{"index": 0, "text": " violets are blue", "finish_reason": "stop"}],
  "usage": {"prompt_tokens": 5, "completion_tokens": 4, "total_tokens": 9},
  "time_info": {"queue_time": 0.0001, "prompt_time": 0.0004, "completion_time": 0.0007, "total_time": 0.002}
}
"""

TEXT_CHUNKS = [
    b'{"id":"cmpl-41c1","object":"text_completion","created":1735689701,"model":"llama3.1-8b","system_fingerprint":"fp_5a1b2c","choices":[{"index":0,"text":" violets"}]}',
    b'{"id":"cmpl-41c1","object":"text_completion","created":1735689701,"model":"llama3.1-8b","system_fingerprint":"fp_5a1b2c","choices":[{"index":0,"text":" are blue","finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}',
]

MODELS_DEFAULT = b'{"object": "list", "data": [{"id": "llama3.1-8b", "object": "model", "created": 1721692800, "owned_by": "Meta"}, {"id": "gpt-oss-120b", "object": "model", "created": 1754352000, "owned_by": "OpenAI"}]}'

MODEL_HF = b'{"id": "llama3.1-8b", "object": "model", "created": 1721692800, "owned_by": "cerebras", "context_length": 32768, "pricing": {"input": 0.1, "output": 0.1}, "capabilities": {"function_calling": true, "streaming": true, "structured_outputs": true, "vision": false}, "hugging_face_id": "meta-llama/Llama-3.1-8B-Instruct"}'

MODEL_OPENROUTER = {
    "id": "cerebras/llama3.1-8b",
    "name": "Llama 3.1 8B",
    "created": 1721692800,
    "context_length": 32768,
    "max_output_length": 8192,
    "pricing": {"prompt": "0.0000001", "completion": "0.0000001"},
    "datacenters": [{"country_code": "US"}],
    "openrouter": {"slug": "meta-llama/llama-3.1-8b-instruct"},
    "input_modalities": ["text"],
    "output_modalities": ["text"],
    "quantization": "fp16",
    "hugging_face_id": "meta-llama/Llama-3.1-8B-Instruct",
}

MODEL_PUBLIC = {
    "id": "llama3.1-8b",
    "object": "model",
    "created": 1721692800,
    "owned_by": "Meta",
    "name": "Llama 3.1 8B",
    "description": "A small, fast model.",
    "architecture": {"modality": "text", "tokenizer": "llama3", "instruct_type": "llama3"},
    "capabilities": {"function_calling": True, "streaming": True, "vision": False},
    "limits": {"max_completion_tokens": 8192, "max_context_length": 32768, "requests_per_minute": 30},
    "pricing": {"prompt": "0.0000001", "completion": "0.0000001"},
    "supported_parameters": {"temperature": True, "top_p": True, "seed": True},
    "datacenter_locations": ["us-west"],
    "deprecated": False,
    "preview": False,
    "quantization": "FP16",
    "hugging_face_id": "meta-llama/Llama-3.1-8B-Instruct",
}


def _both_modes(type_: Any, raw: bytes) -> List[Any]:
    parser = get_parser(type_)
    return [parser.loose_json(raw), parser.validate_json(raw)]


def test_chat_response_example() -> None:
    cc = _mod("chat.chat_completion")
    for r in _both_modes(cc.ChatCompletion, CHAT_RESPONSE):
        assert type(r) is cc.ChatCompletionResponse
        assert r.choices[0].message.content == "7"
        assert type(r.choices[0].message) is cc.ChatCompletionResponseChoiceMessage
        assert r.choices[0].finish_reason == "stop"
        assert type(r.usage) is cc.ChatCompletionResponseUsage
        assert r.usage.completion_tokens_details.reasoning_tokens == 0
        assert r.usage.prompt_tokens_details.cached_tokens == 0
        assert r.time_info.created == 1735689600.12
        assert r.service_tier is None
        assert "service_tier" not in r.to_dict()


def test_chat_stream_examples() -> None:
    cc = _mod("chat.chat_completion")
    contents: List[Optional[str]] = []
    for raw in CHAT_CHUNKS:
        loose, strict = _both_modes(cc.ChatCompletion, raw)
        for r in (loose, strict):
            assert type(r) is cc.ChatChunkResponse
            assert type(r.choices[0]) is cc.ChatChunkResponseChoice
            assert type(r.choices[0].delta) is cc.ChatChunkResponseChoiceDelta
        contents.append(loose.choices[0].delta.content)
    assert contents == [None, "Seven", None]
    last = get_parser(cc.ChatCompletion).loose_json(CHAT_CHUNKS[-1])
    assert type(last.usage) is cc.ChatChunkResponseUsage
    assert type(last.time_info) is cc.ChatChunkResponseTimeInfo
    assert last.usage.total_tokens == 22
    assert last.time_info.total_time == 0.004
    assert last.choices[0].finish_reason == "stop"


def test_chat_usage_only_chunk_without_choices() -> None:
    cc = _mod("chat.chat_completion")
    raw = b'{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp","usage":{"total_tokens":3}}'
    for r in _both_modes(cc.ChatCompletion, raw):
        assert type(r) is cc.ChatChunkResponse
        assert r.choices == []
        assert "choices" not in r.model_fields_set
        assert r.usage.total_tokens == 3


def test_chat_error_body_is_error_chunk() -> None:
    cc = _mod("chat.chat_completion")
    for r in _both_modes(cc.ChatCompletion, ERROR_BODY):
        assert type(r) is cc.ErrorChunkResponse
        assert type(r.error) is cc.ErrorChunkResponseError
        assert r.status_code == 400
        assert (r.error.id, r.error.code, r.error.message, r.error.param, r.error.type) == (
            "e-1",
            "bad_request",
            "nope",
            "model",
            "invalid_request_error",
        )


def test_chat_chunk_missing_fingerprint_loose_and_strict() -> None:
    cc = _mod("chat.chat_completion")
    data = json.loads(CHAT_CHUNKS[1])
    del data["system_fingerprint"]
    raw = json.dumps(data).encode()
    parser = get_parser(cc.ChatCompletion)
    r = parser.loose_json(raw)
    assert type(r) is cc.ChatCompletionResponse
    assert r.system_fingerprint is None
    assert r.object == "chat.completion.chunk"
    choice = r.choices[0]
    assert type(choice) is cc.ChatCompletionResponseChoice
    assert choice.message is None
    assert choice.delta == {"content": "Seven"}
    assert choice.model_extra == {"delta": {"content": "Seven"}}
    with pytest.raises(pydantic.ValidationError):
        parser.validate_json(raw)


def test_chat_unknown_payload_loose_is_first_member() -> None:
    cc = _mod("chat.chat_completion")
    r = get_parser(cc.ChatCompletion).loose_json(b'{"hello": "world"}')
    assert type(r) is cc.ChatCompletionResponse
    assert r.id is None
    assert r.choices is None
    assert r.hello == "world"
    with pytest.raises(pydantic.ValidationError):
        get_parser(cc.ChatCompletion).validate_json(b'{"hello": "world"}')


def test_null_vs_missing_and_extras() -> None:
    cc = _mod("chat.chat_completion")
    data = json.loads(CHAT_RESPONSE)
    data["usage"] = None
    del data["time_info"]
    data["brand_new"] = {"x": 1}
    data["choices"][0]["message"]["surprise"] = [1, 2]
    raw = json.dumps(data).encode()
    for r in _both_modes(cc.ChatCompletion, raw):
        assert type(r) is cc.ChatCompletionResponse
        assert r.usage is None
        assert r.time_info is None
        assert "usage" in r.model_fields_set
        assert "time_info" not in r.model_fields_set
        d = r.to_dict()
        assert "usage" in d
        assert d["usage"] is None
        assert "time_info" not in d
        assert r.brand_new == {"x": 1}
        assert d["brand_new"] == {"x": 1}
        assert r.choices[0].message.surprise == [1, 2]
        assert cast(List[Any], d["choices"])[0]["message"]["surprise"] == [1, 2]


def test_text_completion_examples() -> None:
    comp = _mod("completion")
    for r in _both_modes(comp.Completion, TEXT_RESPONSE):
        assert type(r) is comp.CompletionResponse
        assert type(r.choices[0]) is comp.CompletionResponseChoice
        assert r.choices[0].text == " violets are blue"
        assert type(r.usage) is comp.CompletionResponseUsage
        assert type(r.time_info) is comp.CompletionResponseTimeInfo
    texts: List[Optional[str]] = []
    for raw in TEXT_CHUNKS:
        loose, strict = _both_modes(comp.Completion, raw)
        for r in (loose, strict):
            assert type(r) is comp.CompletionResponse
        texts.append(loose.choices[0].text)
    assert texts == [" violets", " are blue"]


def test_text_completion_error_body() -> None:
    comp = _mod("completion")
    for r in _both_modes(comp.Completion, ERROR_BODY):
        assert type(r) is comp.ErrorChunkResponse
        assert type(r.error) is comp.ErrorChunkResponseError
        assert r.error.message == "nope"


def test_models_list_default() -> None:
    ml = _mod("model_list_response")
    for r in _both_modes(ml.ModelListResponse, MODELS_DEFAULT):
        assert type(r) is ml.ModelMetadataList
        assert [type(d) for d in r.data] == [ml.ModelMetadataListData] * 2
        assert [d.id for d in r.data] == ["llama3.1-8b", "gpt-oss-120b"]
    for r in _both_modes(ml.ModelListResponse, b'{"object":"list","data":[{"id":"a"}]}'):
        assert type(r) is ml.ModelMetadataList


def test_models_list_huggingface() -> None:
    ml = _mod("model_list_response")
    raw = b'{"object": "list", "data": [' + MODEL_HF + b"]}"
    for r in _both_modes(ml.ModelListResponse, raw):
        assert type(r) is ml.HuggingFaceModelsResponse
        item = r.data[0]
        assert type(item) is ml.HuggingFaceModelsResponseData
        assert type(item.pricing) is ml.HuggingFaceModelsResponseDataPricing
        assert type(item.capabilities) is ml.HuggingFaceModelsResponseDataCapabilities
        assert item.pricing.input == 0.1
        assert item.capabilities.vision is False


def test_models_list_openrouter() -> None:
    ml = _mod("model_list_response")
    raw = json.dumps({"data": [MODEL_OPENROUTER]}).encode()
    for r in _both_modes(ml.ModelListResponse, raw):
        assert type(r) is ml.OpenRouterModelsResponse
        item = r.data[0]
        assert type(item) is ml.OpenRouterModelsResponseData
        assert type(item.pricing) is ml.OpenRouterModelsResponseDataPricing
        assert type(item.datacenters[0]) is ml.OpenRouterModelsResponseDataDatacenter
        assert type(item.openrouter) is ml.OpenRouterModelsResponseDataOpenrouter
        assert item.pricing.prompt == "0.0000001"


def test_models_list_unknown_loose_is_first_member() -> None:
    ml = _mod("model_list_response")
    r = get_parser(ml.ModelListResponse).loose_json(b'{"models": []}')
    assert type(r) is ml.ModelMetadataList
    assert r.data is None
    assert r.models == []


def test_model_retrieve_minimal_is_metadata() -> None:
    mr = _mod("model_retrieve_response")
    raw = b'{"id": "llama3.1-8b", "object": "model", "created": 1721692800, "owned_by": "Meta"}'
    for r in _both_modes(mr.ModelRetrieveResponse, raw):
        assert type(r) is mr.ModelMetadata
        assert r.owned_by == "Meta"


def test_model_retrieve_huggingface() -> None:
    mr = _mod("model_retrieve_response")
    for r in _both_modes(mr.ModelRetrieveResponse, MODEL_HF):
        assert type(r) is mr.HuggingFaceModel
        assert type(r.pricing) is mr.HuggingFaceModelPricing
        assert type(r.capabilities) is mr.HuggingFaceModelCapabilities
        assert r.context_length == 32768


def test_model_retrieve_openrouter() -> None:
    mr = _mod("model_retrieve_response")
    for r in _both_modes(mr.ModelRetrieveResponse, json.dumps(MODEL_OPENROUTER).encode()):
        assert type(r) is mr.OpenRouterModel
        assert type(r.pricing) is mr.OpenRouterModelPricing
        assert type(r.datacenters[0]) is mr.OpenRouterModelDatacenter
        assert type(r.openrouter) is mr.OpenRouterModelOpenrouter


def test_model_retrieve_public_model() -> None:
    mr = _mod("model_retrieve_response")
    for r in _both_modes(mr.ModelRetrieveResponse, json.dumps(MODEL_PUBLIC).encode()):
        assert type(r) is mr.PublicModel
        assert type(r.architecture) is mr.PublicModelArchitecture
        assert type(r.capabilities) is mr.PublicModelCapabilities
        assert type(r.limits) is mr.PublicModelLimits
        assert type(r.pricing) is mr.PublicModelPricing
        assert type(r.supported_parameters) is mr.PublicModelSupportedParameters
        assert r.limits.max_context_length == 32768
        assert r.supported_parameters.seed is True
        assert r.supported_parameters.stop is None
        assert "stop" not in r.supported_parameters.to_dict()


def test_model_retrieve_unknown_loose_is_first_member() -> None:
    mr = _mod("model_retrieve_response")
    r = get_parser(mr.ModelRetrieveResponse).loose_json(b'{"name": "x"}')
    assert type(r) is mr.ModelMetadata
    assert r.id is None
    assert r.name == "x"
    with pytest.raises(pydantic.ValidationError):
        get_parser(mr.ModelRetrieveResponse).validate_json(b'{"name": "x"}')
