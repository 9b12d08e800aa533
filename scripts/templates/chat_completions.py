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


class AsyncCompletionsResource(AsyncAPIResource):
    # unasync: sync-only: """Chat completions: `client.chat.completions.create(...)`."""
    """Chat completions: `client.chat.completions.create(...)`. (async)"""  # unasync: async-only

    @cached_property
    def with_raw_response(self) -> AsyncCompletionsResourceWithRawResponse:
        """The same methods, returning the raw `AsyncAPIResponse` (headers, status, `parse()`)."""
        return AsyncCompletionsResourceWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncCompletionsResourceWithStreamingResponse:
        # unasync: sync-only: """The same methods as context managers; the body is read only when you ask."""
        """The same methods as async context managers; the body is read only when you ask."""  # unasync: async-only
        return AsyncCompletionsResourceWithStreamingResponse(self)

    # @generate: overloads chat
    async def create(
        self,
        # @generate: signature chat
    ) -> ChatCompletionResponse | AsyncStream[ChatChunkResponse]:
        # unasync: sync-only: """Create a chat completion; with `stream=True`, a `Stream` of chunks.
        # unasync: async-only
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
          # @generate: args chat
        """
        return await self._client.request(
            ChatCompletion,
            inference_options(self._client, "/v1/chat/completions", locals()),
            stream=bool(stream),
            stream_cls=AsyncStream[ChatChunkResponse],
        )

    def stream(
        self,
        # @generate: signature chat stream=none
    ) -> AsyncChatCompletionStreamManager:
        # unasync: begin sync-only
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
        # unasync: begin async-only
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
        # unasync: end
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
        # unasync: begin sync-only
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
        # unasync: begin async-only
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
        # unasync: end
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
        # unasync: begin sync-only
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
        # unasync: begin async-only
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
        # unasync: end
        return await chat_helpers().async_run_tools(
            self.create, messages=messages, model=model, tools=tools, max_turns=max_turns, options=dict(options)
        )


class AsyncCompletionsResourceWithRawResponse:
    """`create` returning `AsyncAPIResponse`."""

    def __init__(self, completions: AsyncCompletionsResource) -> None:
        self._completions = completions
        self.create = async_to_raw_response_wrapper(completions.create)


class AsyncCompletionsResourceWithStreamingResponse:
    # unasync: sync-only: """`create` as a context manager around an unread `APIResponse`."""
    """`create` as an async context manager around an unread `AsyncAPIResponse`."""  # unasync: async-only

    def __init__(self, completions: AsyncCompletionsResource) -> None:
        self._completions = completions
        self.create = async_to_streamed_response_wrapper(completions.create)
