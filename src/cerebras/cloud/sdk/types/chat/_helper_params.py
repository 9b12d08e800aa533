# This file is generated, do not edit: change
# scripts/templates/chat_helper_params.py or scripts/signature_spec.py and run `python scripts/generate_signatures.py`.
"""The keyword arguments `parse()` and `run_tools()` pass through to `create()`, and `run_tools()`' turn limit.

`client.chat.completions.parse(...)` / `.run_tools(...)` declare them as `**options`.
"""

from __future__ import annotations

from typing import Dict, Optional, Union

import httpx
from typing_extensions import Literal, TypedDict

from ..._types import Body, Headers, NotGiven, Query, SequenceNotStr
from . import completion_create_params

__all__ = ["DEFAULT_MAX_TURNS", "CreateOptions", "RunToolsOptions"]

DEFAULT_MAX_TURNS = 10
"""How many requests `run_tools` sends at most, unless told otherwise."""


class CreateOptions(TypedDict, total=False):
    """Every optional `create()` argument except `response_format`, `tools`, `stream` and `stream_options`."""

    clear_thinking: Optional[bool]
    disable_reasoning: Optional[bool]
    frequency_penalty: Optional[float]
    logit_bias: Optional[Dict[str, float]]
    logprobs: Optional[bool]
    max_completion_tokens: Optional[int]
    max_tokens: Optional[int]
    min_completion_tokens: Optional[int]
    min_tokens: Optional[int]
    model_parameters: Optional[Dict[str, object]]
    n: Optional[int]
    parallel_tool_calls: Optional[bool]
    prediction: Optional[completion_create_params.Prediction]
    presence_penalty: Optional[float]
    prompt_cache_key: Optional[str]
    reasoning_effort: Optional[Literal["none", "low", "medium", "high"]]
    reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"]
    seed: Optional[int]
    service_tier: Optional[Literal["auto", "default", "flex", "priority"]]
    stop: Union[str, SequenceNotStr[str], None]
    temperature: Optional[float]
    tool_choice: Optional[completion_create_params.ToolChoice]
    top_logprobs: Optional[int]
    top_p: Optional[float]
    user: Optional[str]
    cf_ray: str
    x_amz_cf_id: str
    x_delay_time: float
    api_version_patch: Union[int, str]
    extra_headers: Optional[Headers]
    extra_query: Optional[Query]
    extra_body: Optional[Body]
    timeout: Union[float, httpx.Timeout, NotGiven, None]


class RunToolsOptions(CreateOptions, total=False):
    """`CreateOptions` plus `response_format` (it shapes the final answer of a tool loop)."""

    response_format: Optional[completion_create_params.ResponseFormat]
