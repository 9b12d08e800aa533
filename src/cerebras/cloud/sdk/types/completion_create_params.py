"""Request shape of `client.completions.create` (legacy text completions): the body TypedDict."""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Union

from typing_extensions import Annotated, Literal, Required, TypedDict

from .._types import PropertyInfo, SequenceNotStr

__all__ = ["CompletionCreateParams", "StreamOptions"]


class StreamOptions(TypedDict, total=False):
    """Options of a streamed response."""

    include_usage: Optional[bool]


class CompletionCreateParams(TypedDict, total=False):
    """The parameters of `client.completions.create`."""

    # Generated from scripts/signature_spec.py up to `@end-generate`: do not edit, run scripts/generate_signatures.py.
    # @generate: fields completions body
    model: Required[str]

    prompt: Required[Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]]]

    best_of: Optional[int]

    echo: Optional[bool]

    frequency_penalty: Optional[float]

    grammar_root: Optional[str]

    logit_bias: Optional[Dict[str, float]]

    logprobs: Optional[int]

    max_tokens: Optional[int]

    min_tokens: Optional[int]

    n: Optional[int]

    presence_penalty: Optional[float]

    prompt_cache_key: Optional[str]

    reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]]

    return_raw_tokens: Optional[bool]

    seed: Optional[int]

    stop: Union[str, SequenceNotStr[str], None]

    stream: Optional[bool]

    stream_options: Optional[StreamOptions]

    suffix: Optional[str]

    temperature: Optional[float]

    top_p: Optional[float]

    user: Optional[str]

    cf_ray: Annotated[str, PropertyInfo(alias="CF-RAY")]

    x_amz_cf_id: Annotated[str, PropertyInfo(alias="X-Amz-Cf-Id")]

    x_delay_time: Annotated[float, PropertyInfo(alias="X-delay-time")]
    # @end-generate
