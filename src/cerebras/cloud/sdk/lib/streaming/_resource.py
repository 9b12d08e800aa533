"""`client.chat.completions.stream(...)`, mixed into the chat completions resources.

`stream()` takes the parameters of `create()` (all but `stream`) and returns a context
manager; entering it sends `create(..., stream=True)`, and the body is the helper of
`_stream`. The sync and async mixins differ only in the manager they return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, Optional, Union, cast

import httpx
from typing_extensions import Literal

from ..._types import Body, Headers, NotGiven, Omit, Query, SequenceNotStr, not_given, omit
from ...types.chat import completion_create_params
from ._stream import AsyncChatCompletionStreamManager, ChatCompletionStreamManager

if TYPE_CHECKING:
    from ..._streaming import AsyncStream, Stream
    from ...resources.chat.completions import AsyncCompletionsResource, CompletionsResource
    from ...types.chat.chat_completion import ChatCompletion

__all__ = ["AsyncStreamMixin", "StreamMixin"]


def _create_arguments(arguments: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in arguments.items() if key != "self"}


class StreamMixin:
    """The `stream()` helper of the sync chat completions resource."""

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
        arguments = _create_arguments(locals())
        resource = cast("CompletionsResource", self)

        def send() -> Stream[ChatCompletion]:
            return resource.create(**arguments, stream=True)

        return ChatCompletionStreamManager(send)


class AsyncStreamMixin:
    """The `stream()` helper of the async chat completions resource."""

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
        arguments = _create_arguments(locals())
        resource = cast("AsyncCompletionsResource", self)

        async def send() -> AsyncStream[ChatCompletion]:
            return await resource.create(**arguments, stream=True)

        return AsyncChatCompletionStreamManager(send)
