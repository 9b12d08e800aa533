# This file is generated, do not edit: change
# scripts/templates/completions.py or scripts/signature_spec.py and run `python scripts/generate_signatures.py`.
"""`client.completions`: legacy text completions, plain or streamed."""

from __future__ import annotations

from functools import cached_property
from typing import Dict, Iterable, Optional, Union, overload

import httpx
from typing_extensions import Literal

from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._streaming import AsyncStream, Stream
from .._types import (
    Body,
    Headers,
    NotGiven,
    Omit,
    Query,
    SequenceNotStr,
    not_given,
    omit,
)
from ..types import completion_create_params
from ..types.completion import Completion, CompletionResponse
from ._base import AsyncAPIResource, SyncAPIResource, inference_options

__all__ = [
    "AsyncCompletionsResource",
    "AsyncCompletionsResourceWithRawResponse",
    "AsyncCompletionsResourceWithStreamingResponse",
    "CompletionsResource",
    "CompletionsResourceWithRawResponse",
    "CompletionsResourceWithStreamingResponse",
]


class CompletionsResource(SyncAPIResource):
    """Legacy text completions: `client.completions.create(...)`."""

    @cached_property
    def with_raw_response(self) -> CompletionsResourceWithRawResponse:
        """The same methods, returning the raw `APIResponse` (headers, status, `parse()`)."""
        return CompletionsResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> CompletionsResourceWithStreamingResponse:
        """The same methods as context managers; the body is read only when you ask."""
        return CompletionsResourceWithStreamingResponse(self)

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[Literal[False]] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> CompletionResponse: ...

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Literal[True],
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> Stream[CompletionResponse]: ...

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: bool,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> CompletionResponse | Stream[CompletionResponse]: ...

    def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[bool] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> CompletionResponse | Stream[CompletionResponse]:
        """Create a text completion (legacy); with `stream=True`, a `Stream` of partial completions.

        ```py
        completion = client.completions.create(model="llama3.1-8b", prompt="Roses are red,", max_tokens=12)
        print(completion.choices[0].text)
        ```

        Every optional parameter left out is not sent; `None` is sent as `null`.

        Args:
          model: The model id, e.g. `"llama3.1-8b"`.
          prompt: The text to continue: a string, a list of strings, or token ids (one list or several).
          best_of: Generate this many candidates and return the best (more than `n`; not streamed).
          echo: Return the prompt before the completion.
          frequency_penalty: -2.0 to 2.0; penalises tokens by how often they appeared so far.
          grammar_root: The grammar root for structured output.
          logit_bias: Token id (as a string) to a bias from -100 to 100.
          logprobs: Return log-probabilities for this many most likely tokens per position.
          max_tokens: Upper bound on generated tokens.
          min_tokens: Minimum tokens to generate (`-1`: up to the maximum sequence length).
          n: How many choices to generate.
          presence_penalty: -2.0 to 2.0; penalises tokens that already appeared.
          prompt_cache_key: Groups requests that share a prompt prefix.
          reasoning_format: Where reasoning goes: parsed out (`parsed`), inline (`raw`), or nowhere (`hidden`).
          return_raw_tokens: Return raw tokens instead of text (`choices[].tokens`).
          seed: Best-effort deterministic sampling.
          stop: Up to 4 strings that end generation (not included in the output).
          stream: Stream the answer as server-sent events.
          stream_options: `{"include_usage": True}` for usage in the last chunk.
          suffix: Text that comes after the completion (not supported by the API).
          temperature: 0 to 2; higher is more random.
          top_p: Nucleus sampling.
          user: An end-user id for abuse monitoring.
          cf_ray: Sent as the `CF-RAY` header.
          x_amz_cf_id: Sent as the `X-Amz-Cf-Id` header.
          x_delay_time: Sent as the `X-delay-time` header.
          api_version_patch: Sent as `X-Cerebras-Version-Patch` (overrides the client's, for this call).
          extra_headers: Headers to add (or, with `omit`, remove) for this call.
          extra_query: Query parameters to add for this call.
          extra_body: Keys merged over the JSON body for this call.
          timeout: Overrides the client's timeout for this call (`None`: no timeout).
        """
        return self._client.request(
            Completion,
            inference_options(self._client, "/v1/completions", locals()),
            stream=bool(stream),
            stream_cls=Stream[CompletionResponse],
        )


class AsyncCompletionsResource(AsyncAPIResource):
    """Legacy text completions: `client.completions.create(...)`. (async)"""

    @cached_property
    def with_raw_response(self) -> AsyncCompletionsResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse` (headers, status, `parse()`)."""
        return AsyncCompletionsResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncCompletionsResourceWithStreamingResponse:
        """The same methods as async context managers; the body is read only when you ask."""
        return AsyncCompletionsResourceWithStreamingResponse(self)

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[Literal[False]] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> CompletionResponse: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Literal[True],
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> AsyncStream[CompletionResponse]: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: bool,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> CompletionResponse | AsyncStream[CompletionResponse]: ...

    async def create(
        self,
        *,
        model: str,
        prompt: Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]],
        best_of: Optional[int] | Omit = omit,
        echo: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        grammar_root: Optional[str] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        n: Optional[int] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_format: Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]] | Omit = omit,
        return_raw_tokens: Optional[bool] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[bool] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        suffix: Optional[str] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        top_p: Optional[float] | Omit = omit,
        user: Optional[str] | Omit = omit,
        cf_ray: str | Omit = omit,
        x_amz_cf_id: str | Omit = omit,
        x_delay_time: float | Omit = omit,
        api_version_patch: int | str | Omit = omit,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Body] = None,
        timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,
    ) -> CompletionResponse | AsyncStream[CompletionResponse]:
        """Create a text completion (legacy); with `stream=True`, an `AsyncStream` of partial completions.

        ```py
        completion = await client.completions.create(model="llama3.1-8b", prompt="Roses are red,", max_tokens=12)
        print(completion.choices[0].text)
        ```

        Every optional parameter left out is not sent; `None` is sent as `null`.

        Args:
          model: The model id, e.g. `"llama3.1-8b"`.
          prompt: The text to continue: a string, a list of strings, or token ids (one list or several).
          best_of: Generate this many candidates and return the best (more than `n`; not streamed).
          echo: Return the prompt before the completion.
          frequency_penalty: -2.0 to 2.0; penalises tokens by how often they appeared so far.
          grammar_root: The grammar root for structured output.
          logit_bias: Token id (as a string) to a bias from -100 to 100.
          logprobs: Return log-probabilities for this many most likely tokens per position.
          max_tokens: Upper bound on generated tokens.
          min_tokens: Minimum tokens to generate (`-1`: up to the maximum sequence length).
          n: How many choices to generate.
          presence_penalty: -2.0 to 2.0; penalises tokens that already appeared.
          prompt_cache_key: Groups requests that share a prompt prefix.
          reasoning_format: Where reasoning goes: parsed out (`parsed`), inline (`raw`), or nowhere (`hidden`).
          return_raw_tokens: Return raw tokens instead of text (`choices[].tokens`).
          seed: Best-effort deterministic sampling.
          stop: Up to 4 strings that end generation (not included in the output).
          stream: Stream the answer as server-sent events.
          stream_options: `{"include_usage": True}` for usage in the last chunk.
          suffix: Text that comes after the completion (not supported by the API).
          temperature: 0 to 2; higher is more random.
          top_p: Nucleus sampling.
          user: An end-user id for abuse monitoring.
          cf_ray: Sent as the `CF-RAY` header.
          x_amz_cf_id: Sent as the `X-Amz-Cf-Id` header.
          x_delay_time: Sent as the `X-delay-time` header.
          api_version_patch: Sent as `X-Cerebras-Version-Patch` (overrides the client's, for this call).
          extra_headers: Headers to add (or, with `omit`, remove) for this call.
          extra_query: Query parameters to add for this call.
          extra_body: Keys merged over the JSON body for this call.
          timeout: Overrides the client's timeout for this call (`None`: no timeout).
        """
        return await self._client.request(
            Completion,
            inference_options(self._client, "/v1/completions", locals()),
            stream=bool(stream),
            stream_cls=AsyncStream[CompletionResponse],
        )


class CompletionsResourceWithRawResponse:
    """`create` returning `APIResponse`."""

    def __init__(self, completions: CompletionsResource) -> None:
        self._completions = completions
        self.create = to_raw_response_wrapper(completions.create)


class AsyncCompletionsResourceWithRawResponse:
    """`create` returning `AsyncAPIResponse`."""

    def __init__(self, completions: AsyncCompletionsResource) -> None:
        self._completions = completions
        self.create = async_to_raw_response_wrapper(completions.create)


class CompletionsResourceWithStreamingResponse:
    """`create` as a context manager around an unread `APIResponse`."""

    def __init__(self, completions: CompletionsResource) -> None:
        self._completions = completions
        self.create = to_streamed_response_wrapper(completions.create)


class AsyncCompletionsResourceWithStreamingResponse:
    """`create` as an async context manager around an unread `AsyncAPIResponse`."""

    def __init__(self, completions: AsyncCompletionsResource) -> None:
        self._completions = completions
        self.create = async_to_streamed_response_wrapper(completions.create)
