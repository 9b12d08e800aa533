# This file is generated, do not edit: change
# scripts/templates/chat_completions.py or scripts/signature_spec.py and run `python scripts/generate_signatures.py`.
"""`client.chat.completions`: chat completions, plain or streamed, and the `stream`/`parse`/`run_tools` helpers.

The helpers are declared here and implemented in `lib/` (see `_helpers_slot`)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, Optional, TypeVar, Union, overload

import httpx
from typing_extensions import Literal, Unpack

from ..._helpers_slot import chat_helpers
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
from ...types.chat import completion_create_params
from ...types.chat._helper_params import DEFAULT_MAX_TURNS, CreateOptions, RunToolsOptions
from ...types.chat.chat_completion import ChatChunkResponse, ChatCompletion, ChatCompletionResponse
from ...types.chat.completion_create_params import Message, Tool
from .._base import AsyncAPIResource, SyncAPIResource, inference_options

if TYPE_CHECKING:
    from ...lib.streaming import AsyncChatCompletionStreamManager, ChatCompletionStreamManager
    from ...lib.structured import ParsedChatCompletion, ToolRunResult, ToolSource

_T = TypeVar("_T")

__all__ = [
    "AsyncCompletionsResource",
    "AsyncCompletionsResourceWithRawResponse",
    "AsyncCompletionsResourceWithStreamingResponse",
    "CompletionsResource",
    "CompletionsResourceWithRawResponse",
    "CompletionsResourceWithStreamingResponse",
]


class CompletionsResource(SyncAPIResource):
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
    ) -> ChatCompletionResponse: ...

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
    ) -> Stream[ChatChunkResponse]: ...

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
    ) -> ChatCompletionResponse | Stream[ChatChunkResponse]: ...

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
    ) -> ChatCompletionResponse | Stream[ChatChunkResponse]:
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
            stream_cls=Stream[ChatChunkResponse],
        )

    def stream(
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
    ) -> ChatCompletionStreamManager:
        """Stream a chat completion as typed events, text, and a final completion.

        Takes the parameters of `create()` (but not `stream`); the request is sent when the
        `with` block is entered, and the connection released when it is left.

        ```py
        with client.chat.completions.stream(model="llama3.1-8b", messages=messages) as stream:
            for text in stream.text_stream:
                print(text, end="", flush=True)
            completion = stream.get_final_completion()  # a ChatCompletionResponse
        print(stream.time_to_first_token, stream.tokens_per_second)
        ```

        Iterating the stream itself yields events instead: `ChunkEvent`, `ContentDeltaEvent`,
        `ReasoningDeltaEvent`, `ToolCallArgumentsDeltaEvent`, and `ContentDoneEvent`,
        `ReasoningDoneEvent`, `ToolCallDoneEvent` once a choice finishes.
        """
        arguments = {key: value for key, value in locals().items() if key != "self"}

        def send() -> Stream[ChatChunkResponse]:
            return self.create(**arguments, stream=True)

        return chat_helpers().stream(send)

    @overload
    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: type[_T],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[_T]: ...

    @overload
    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: Mapping[str, object],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Dict[str, Any]]: ...

    @overload
    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[Tool],
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[None]: ...

    def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: object = omit,
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Any]:
        """Create a completion whose output is validated as `response_format`.

        ```py
        class Person(pydantic.BaseModel):
            name: str
            age: int

        completion = client.chat.completions.parse(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Invent a person."}],
            response_format=Person,
        )
        person = completion.choices[0].message.parsed  # a Person
        ```

        The type is sent as a strict `json_schema` response format (see
        `to_strict_json_schema`). Tools made with `pydantic_function_tool` or `function_tool` give
        each tool call `parsed_arguments`. Every other keyword argument goes to `create()`.

        Args:
          messages: The conversation so far.
          model: The model id.
          response_format: A pydantic model, dataclass or `TypedDict` (`parsed` is an instance),
            or a JSON schema dict (`parsed` is the decoded JSON).
          tools: Tools the model may call; `parsed_arguments` is validated for typed tools.

        Raises:
          SchemaNotSupportedError: The type cannot be served in strict mode.
          OutputValidationError: The reply does not validate; `.content` has the raw text.
          LengthFinishReasonError: The reply was cut at the token limit.
          ToolCallError: A tool call names an unknown tool or its arguments do not validate.
          APIStatusError: The API answered with an error, including an error body sent with a 2xx.
        """
        return chat_helpers().parse(
            self.create,
            messages=messages,
            model=model,
            response_format=response_format,
            tools=tools,
            options=dict(options),
        )

    def run_tools(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[ToolSource],
        max_turns: int = DEFAULT_MAX_TURNS,
        **options: Unpack[RunToolsOptions],
    ) -> ToolRunResult:
        """Let the model call Python functions until it answers with text.

        ```py
        def get_weather(city: str) -> dict:
            '''Current weather in a city.'''
            return {"city": city, "temp_c": 21}

        result = client.chat.completions.run_tools(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Weather in Paris?"}],
            tools=[get_weather],
        )
        print(result.content)
        ```

        Each turn sends the conversation, runs the functions the model asks for (in order), and
        appends the assistant message and one `tool` message per call: the return value (a
        string as is, anything else as JSON), or `{"error": ...}` when the function raised, the
        tool is unknown or the arguments do not validate, so the model can correct itself.

        Args:
          messages: The conversation so far (not modified; see `ToolRunResult.messages`).
          model: The model id.
          tools: Functions (described by `function_tool`) or `function_tool(fn, ...)` results.
          max_turns: The most requests to send. When the model still calls tools on the last
            one, the calls are run and the result has `max_turns_reached=True` (always the case
            with `tool_choice="required"`, which never lets the model answer with text).

        Raises:
          TypeError: A tool has no function to run, or is async (use `AsyncCerebras`).
          UnexpectedResponseError: The API answered with something other than a completion.
        """
        return chat_helpers().run_tools(
            self.create, messages=messages, model=model, tools=tools, max_turns=max_turns, options=dict(options)
        )


class AsyncCompletionsResource(AsyncAPIResource):
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
    ) -> ChatCompletionResponse: ...

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
    ) -> AsyncStream[ChatChunkResponse]: ...

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
    ) -> ChatCompletionResponse | AsyncStream[ChatChunkResponse]: ...

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
    ) -> ChatCompletionResponse | AsyncStream[ChatChunkResponse]:
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
            stream_cls=AsyncStream[ChatChunkResponse],
        )

    def stream(
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
    ) -> AsyncChatCompletionStreamManager:
        """Stream a chat completion as typed events, text, and a final completion (async).

        Not a coroutine: it returns an async context manager, which sends the request when
        entered.

        ```py
        async with client.chat.completions.stream(model="llama3.1-8b", messages=messages) as stream:
            async for text in stream.text_stream:
                print(text, end="", flush=True)
            completion = await stream.get_final_completion()
        ```
        """
        arguments = {key: value for key, value in locals().items() if key != "self"}

        async def send() -> AsyncStream[ChatChunkResponse]:
            return await self.create(**arguments, stream=True)

        return chat_helpers().async_stream(send)

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: type[_T],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[_T]: ...

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: Mapping[str, object],
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Dict[str, Any]]: ...

    @overload
    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[Tool],
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[None]: ...

    async def parse(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        response_format: object = omit,
        tools: Iterable[Tool] | Omit = omit,
        **options: Unpack[CreateOptions],
    ) -> ParsedChatCompletion[Any]:
        """Create a completion whose output is validated as `response_format` (see the sync `parse`).

        ```py
        completion = await client.chat.completions.parse(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Invent a person."}],
            response_format=Person,
        )
        person = completion.choices[0].message.parsed
        ```
        """
        return await chat_helpers().async_parse(
            self.create,
            messages=messages,
            model=model,
            response_format=response_format,
            tools=tools,
            options=dict(options),
        )

    async def run_tools(
        self,
        *,
        messages: Iterable[Message],
        model: str,
        tools: Iterable[ToolSource],
        max_turns: int = DEFAULT_MAX_TURNS,
        **options: Unpack[RunToolsOptions],
    ) -> ToolRunResult:
        """Let the model call Python functions until it answers with text (see the sync `run_tools`).

        The calls of one turn run concurrently: async functions are awaited in a task group,
        sync functions run in worker threads. Tool messages keep the order of the calls.

        ```py
        async def get_weather(city: str) -> dict:
            '''Current weather in a city.'''
            return {"city": city, "temp_c": 21}

        result = await client.chat.completions.run_tools(
            model="llama3.1-8b",
            messages=[{"role": "user", "content": "Weather in Paris and Rome?"}],
            tools=[get_weather],
        )
        ```
        """
        return await chat_helpers().async_run_tools(
            self.create, messages=messages, model=model, tools=tools, max_turns=max_turns, options=dict(options)
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
