"""`client.chat.completions`: chat completions, plain or streamed."""

from __future__ import annotations

from functools import cached_property
from typing import Dict, Iterable, Optional, Union, overload

import httpx
from typing_extensions import Literal

from ..._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from ..._streaming import AsyncStream, Stream
from ..._types import (
    Body,
    Headers,
    NotGiven,
    Omit,
    Query,
    SequenceNotStr,
    not_given,
    omit,
)
from ...lib.streaming._resource import AsyncStreamMixin, StreamMixin
from ...lib.structured._resource import AsyncStructuredMixin, StructuredMixin
from ...types.chat import completion_create_params
from ...types.chat.chat_completion import ChatCompletion
from .._base import AsyncAPIResource, SyncAPIResource, inference_options

__all__ = [
    "AsyncCompletionsResource",
    "AsyncCompletionsResourceWithRawResponse",
    "AsyncCompletionsResourceWithStreamingResponse",
    "CompletionsResource",
    "CompletionsResourceWithRawResponse",
    "CompletionsResourceWithStreamingResponse",
]


class CompletionsResource(StructuredMixin, StreamMixin, SyncAPIResource):
    """Chat completions: `client.chat.completions.create(...)`."""

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
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[Literal[False]] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> ChatCompletion: ...

    @overload
    def create(
        self,
        *,
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Literal[True],
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> Stream[ChatCompletion]: ...

    @overload
    def create(
        self,
        *,
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: bool,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> ChatCompletion | Stream[ChatCompletion]: ...

    def create(
        self,
        *,
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[bool] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> ChatCompletion | Stream[ChatCompletion]:
        """Create a chat completion; with `stream=True`, a `Stream` of chunks.

        ```py
        completion = client.chat.completions.create(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Name a prime."}],
        )
        print(completion.choices[0].message.content)
        ```

        Every optional parameter left out is not sent; `None` is sent as `null`.

        Args:
          messages: The conversation so far: a list of message dicts (`role` and `content`).
          model: The model id, e.g. `"llama3.1-8b"`.
          clear_thinking: Strip reasoning from messages before the latest user message.
          disable_reasoning: Answer without reasoning (reasoning models).
          frequency_penalty: -2.0 to 2.0; penalises tokens by how often they appeared so far.
          logit_bias: Token id (as a string) to a bias from -100 to 100.
          logprobs: Return the log-probabilities of the output tokens.
          max_completion_tokens: Upper bound on generated tokens, reasoning included.
          max_tokens: Older name for a cap on generated tokens (prefer `max_completion_tokens`).
          min_completion_tokens: Minimum tokens to generate (`-1`: up to the maximum sequence length).
          min_tokens: Same as `min_completion_tokens`.
          model_parameters: Model-specific settings, as the model's schema allows.
          n: How many choices to generate.
          parallel_tool_calls: Allow several tool calls in one turn.
          prediction: Predicted output, to speed up generation of known text.
          presence_penalty: -2.0 to 2.0; penalises tokens that already appeared.
          prompt_cache_key: Groups requests that share a prompt prefix.
          reasoning_effort: How hard a reasoning model thinks (`"none"`: not at all).
          reasoning_format: Where reasoning goes: `message.reasoning` (`parsed`), inline (`raw`), or nowhere (`hidden`).
          response_format: `{"type": "json_object"}` or a `json_schema` for structured output.
          seed: Best-effort deterministic sampling.
          service_tier: The service tier to run on.
          stop: Up to 4 strings that end generation (not included in the output).
          stream: Stream the answer as server-sent events.
          stream_options: `{"include_usage": True}` for usage in the last chunk.
          temperature: 0 to 2; higher is more random.
          tool_choice: `"none"`, `"auto"`, `"required"` or a specific function.
          tools: Functions the model may call.
          top_logprobs: 0 to 20 alternatives per position (with `logprobs=True`).
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
            ChatCompletion,
            inference_options(self._client, "/v1/chat/completions", locals()),
            stream=bool(stream),
            stream_cls=Stream[ChatCompletion],
        )


class AsyncCompletionsResource(AsyncStructuredMixin, AsyncStreamMixin, AsyncAPIResource):
    """Chat completions: `client.chat.completions.create(...)`. (async)"""

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
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[Literal[False]] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> ChatCompletion: ...

    @overload
    async def create(
        self,
        *,
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Literal[True],
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> AsyncStream[ChatCompletion]: ...

    @overload
    async def create(
        self,
        *,
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: bool,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> ChatCompletion | AsyncStream[ChatCompletion]: ...

    async def create(
        self,
        *,
        messages: Iterable[completion_create_params.Message],
        model: str,
        clear_thinking: Optional[bool] | Omit = omit,
        disable_reasoning: Optional[bool] | Omit = omit,
        frequency_penalty: Optional[float] | Omit = omit,
        logit_bias: Optional[Dict[str, float]] | Omit = omit,
        logprobs: Optional[bool] | Omit = omit,
        max_completion_tokens: Optional[int] | Omit = omit,
        max_tokens: Optional[int] | Omit = omit,
        min_completion_tokens: Optional[int] | Omit = omit,
        min_tokens: Optional[int] | Omit = omit,
        model_parameters: Optional[Dict[str, object]] | Omit = omit,
        n: Optional[int] | Omit = omit,
        parallel_tool_calls: Optional[bool] | Omit = omit,
        prediction: Optional[completion_create_params.Prediction] | Omit = omit,
        presence_penalty: Optional[float] | Omit = omit,
        prompt_cache_key: Optional[str] | Omit = omit,
        reasoning_effort: Optional[Literal["none", "low", "medium", "high"]] | Omit = omit,
        reasoning_format: Literal["none", "parsed", "text_parsed", "raw", "hidden"] | Omit = omit,
        response_format: Optional[completion_create_params.ResponseFormat] | Omit = omit,
        seed: Optional[int] | Omit = omit,
        service_tier: Optional[Literal["auto", "default", "flex", "priority"]] | Omit = omit,
        stop: str | SequenceNotStr[str] | Omit | None = omit,
        stream: Optional[bool] | Omit = omit,
        stream_options: Optional[completion_create_params.StreamOptions] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        tool_choice: Optional[completion_create_params.ToolChoice] | Omit = omit,
        tools: Optional[Iterable[completion_create_params.Tool]] | Omit = omit,
        top_logprobs: Optional[int] | Omit = omit,
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
    ) -> ChatCompletion | AsyncStream[ChatCompletion]:
        """Create a chat completion; with `stream=True`, an `AsyncStream` of chunks.

        ```py
        completion = await client.chat.completions.create(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Name a prime."}],
        )
        print(completion.choices[0].message.content)
        ```

        Every optional parameter left out is not sent; `None` is sent as `null`.

        Args:
          messages: The conversation so far: a list of message dicts (`role` and `content`).
          model: The model id, e.g. `"llama3.1-8b"`.
          clear_thinking: Strip reasoning from messages before the latest user message.
          disable_reasoning: Answer without reasoning (reasoning models).
          frequency_penalty: -2.0 to 2.0; penalises tokens by how often they appeared so far.
          logit_bias: Token id (as a string) to a bias from -100 to 100.
          logprobs: Return the log-probabilities of the output tokens.
          max_completion_tokens: Upper bound on generated tokens, reasoning included.
          max_tokens: Older name for a cap on generated tokens (prefer `max_completion_tokens`).
          min_completion_tokens: Minimum tokens to generate (`-1`: up to the maximum sequence length).
          min_tokens: Same as `min_completion_tokens`.
          model_parameters: Model-specific settings, as the model's schema allows.
          n: How many choices to generate.
          parallel_tool_calls: Allow several tool calls in one turn.
          prediction: Predicted output, to speed up generation of known text.
          presence_penalty: -2.0 to 2.0; penalises tokens that already appeared.
          prompt_cache_key: Groups requests that share a prompt prefix.
          reasoning_effort: How hard a reasoning model thinks (`"none"`: not at all).
          reasoning_format: Where reasoning goes: `message.reasoning` (`parsed`), inline (`raw`), or nowhere (`hidden`).
          response_format: `{"type": "json_object"}` or a `json_schema` for structured output.
          seed: Best-effort deterministic sampling.
          service_tier: The service tier to run on.
          stop: Up to 4 strings that end generation (not included in the output).
          stream: Stream the answer as server-sent events.
          stream_options: `{"include_usage": True}` for usage in the last chunk.
          temperature: 0 to 2; higher is more random.
          tool_choice: `"none"`, `"auto"`, `"required"` or a specific function.
          tools: Functions the model may call.
          top_logprobs: 0 to 20 alternatives per position (with `logprobs=True`).
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
            ChatCompletion,
            inference_options(self._client, "/v1/chat/completions", locals()),
            stream=bool(stream),
            stream_cls=AsyncStream[ChatCompletion],
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
