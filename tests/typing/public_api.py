"""The public API's static contract, checked by pyright (strict) and never executed.

Run: `pyright tests/typing/public_api.py`. Each `assert_type` pins a return type users rely on:
the `stream=` overloads, raw responses, models, errors and client options.
"""

from __future__ import annotations

from typing import List, Optional, Union

import httpx
from typing_extensions import Literal, assert_type

from cerebras.cloud.sdk import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    APIConnectionError,
    APIResponse,
    APIStatusError,
    APITimeoutError,
    AsyncAPIResponse,
    AsyncCerebras,
    AsyncStream,
    BadRequestError,
    Cerebras,
    CerebrasError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    Stream,
    not_given,
    omit,
)
from cerebras.cloud.sdk.types import Completion, ModelListResponse, ModelRetrieveResponse
from cerebras.cloud.sdk.types.chat import ChatCompletion, CompletionCreateParams, CompletionCreateResponse
from cerebras.cloud.sdk.types.chat.chat_completion import (
    ChatChunkResponse,
    ChatChunkResponseChoice,
    ChatChunkResponseChoiceDelta,
    ChatCompletionResponse,
    ErrorChunkResponse,
)
from cerebras.cloud.sdk.types.chat.completion_create_params import MessageUserMessageRequest
from cerebras.cloud.sdk.types.completion import CompletionResponse
from cerebras.cloud.sdk.types.completion import ErrorChunkResponse as CompletionErrorChunkResponse

__all__ = ["async_usage", "sync_usage"]

MESSAGES: List[MessageUserMessageRequest] = [{"role": "user", "content": "Name a prime."}]


def sync_usage(client: Cerebras, flag: bool) -> None:
    completion = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert_type(completion, ChatCompletionResponse)
    assert_type(client.chat.completions.create(model="m", messages=MESSAGES, stream=False), ChatCompletionResponse)
    assert_type(client.chat.completions.create(model="m", messages=MESSAGES, stream=None), ChatCompletionResponse)
    stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    assert_type(stream, Stream[ChatChunkResponse])
    for chunk in stream:
        assert_type(chunk, ChatChunkResponse)
        assert_type(chunk.choices, List[ChatChunkResponseChoice])
        assert_type(chunk.choices[0].delta, ChatChunkResponseChoiceDelta)
        assert_type(chunk.choices[0].delta.content or "", str)
    either = client.chat.completions.create(model="m", messages=MESSAGES, stream=flag)
    assert_type(either, Union[ChatCompletionResponse, Stream[ChatChunkResponse]])

    content: Optional[str] = completion.choices[0].message.content
    _ = content
    # Every member of the union of the bodies the endpoint can send is still accepted where it is.
    union: ChatCompletion = completion
    _ = union

    text_completion = client.completions.create(model="m", prompt="p")
    assert_type(text_completion, CompletionResponse)
    assert_type(text_completion.choices[0].text, Optional[str])
    text_stream = client.completions.create(model="m", prompt="p", stream=True)
    assert_type(text_stream, Stream[CompletionResponse])
    text_union: Completion = text_completion
    _ = text_union

    assert_type(client.models.list(), ModelListResponse)
    assert_type(client.models.retrieve("llama3.1-8b", format="huggingface"), ModelRetrieveResponse)

    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    assert_type(raw, APIResponse[ChatCompletionResponse])
    assert_type(raw.parse(), ChatCompletionResponse)
    raw_stream = client.chat.with_raw_response.completions.create(model="m", messages=MESSAGES, stream=True)
    assert_type(raw_stream, APIResponse[Stream[ChatChunkResponse]])
    assert_type(raw_stream.parse(), Stream[ChatChunkResponse])
    with client.chat.completions.with_streaming_response.create(model="m", messages=MESSAGES) as streamed:
        assert_type(streamed.parse(), ChatCompletionResponse)
    with client.chat.completions.stream(model="m", messages=MESSAGES) as helper:
        assert_type(helper.get_final_completion(), ChatCompletionResponse)
    assert_type(raw.status_code, int)
    assert_type(raw.headers, httpx.Headers)
    assert_type(raw.retries_taken, int)
    assert_type(raw.is_closed, bool)
    raw_models = client.models.with_raw_response.list()
    assert_type(raw_models, APIResponse[ModelListResponse])
    assert_type(raw_models.parse(), ModelListResponse)
    assert_type(client.with_raw_response.models.retrieve("m"), APIResponse[ModelRetrieveResponse])

    client.chat.completions.create(
        model="m",
        messages=MESSAGES,
        temperature=None,
        stop=["\n"],
        cf_ray="ray",
        x_delay_time=1.5,
        extra_headers={"User-Agent": omit},
        extra_query={"a": 1},
        extra_body={"b": 2},
        timeout=httpx.Timeout(10.0),
    )
    params: CompletionCreateParams = {"model": "m", "messages": MESSAGES}
    _ = params

    copied = client.with_options(max_retries=0, timeout=not_given)
    assert_type(copied, Cerebras)
    assert_type(client.copy(timeout=NOT_GIVEN, default_headers={"X": "y"}), Cerebras)
    assert_type(client.is_closed(), bool)
    assert_type(client.base_url, httpx.URL)
    assert_type(client.max_retries, int)

    with Cerebras(api_key="k", timeout=DEFAULT_TIMEOUT, max_retries=DEFAULT_MAX_RETRIES) as entered:
        assert_type(entered, Cerebras)


async def async_usage(client: AsyncCerebras, flag: bool) -> None:
    completion = await client.chat.completions.create(model="m", messages=MESSAGES)
    assert_type(completion, ChatCompletionResponse)
    assert_type(completion.choices[0].message.content, Optional[str])
    stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    assert_type(stream, AsyncStream[ChatChunkResponse])
    async for chunk in stream:
        assert_type(chunk, ChatChunkResponse)
        assert_type(chunk.choices[0].delta.content or "", str)
    either = await client.chat.completions.create(model="m", messages=MESSAGES, stream=flag)
    assert_type(either, Union[ChatCompletionResponse, AsyncStream[ChatChunkResponse]])

    assert_type(await client.completions.create(model="m", prompt="p"), CompletionResponse)
    assert_type(await client.completions.create(model="m", prompt="p", stream=False), CompletionResponse)
    assert_type(await client.completions.create(model="m", prompt="p", stream=True), AsyncStream[CompletionResponse])
    assert_type(await client.models.list(), ModelListResponse)
    assert_type(await client.models.retrieve("m"), ModelRetrieveResponse)

    raw_chat = await client.with_raw_response.chat.completions.create(model="m", messages=MESSAGES)
    assert_type(raw_chat, AsyncAPIResponse[ChatCompletionResponse])
    assert_type(await raw_chat.parse(), ChatCompletionResponse)
    raw = await client.models.with_raw_response.retrieve("m")
    assert_type(raw, AsyncAPIResponse[ModelRetrieveResponse])
    assert_type(await raw.parse(), ModelRetrieveResponse)
    assert_type(await raw.read(), bytes)

    assert_type(client.with_options(max_retries=1), AsyncCerebras)
    assert_type(client.is_closed(), bool)
    async with AsyncCerebras(api_key="k") as entered:
        assert_type(entered, AsyncCerebras)
    await client.close()


def union_aliases(chat: ChatCompletion, old_name: CompletionCreateResponse, text: Completion) -> None:
    """The union aliases stay importable and keep their members."""
    assert_type(chat, Union[ChatCompletionResponse, ChatChunkResponse, ErrorChunkResponse])
    assert_type(old_name, Union[ChatCompletionResponse, ChatChunkResponse, ErrorChunkResponse])
    assert_type(text, Union[CompletionResponse, CompletionErrorChunkResponse])


def errors(client: Cerebras) -> None:
    try:
        client.models.list()
    except RateLimitError as e:
        assert_type(e.status_code, Literal[429])
        assert_type(e.response, httpx.Response)
        assert_type(e.request_id, Optional[str])
        assert_type(e.code, Optional[str])
    except (InternalServerError, NotFoundError, BadRequestError) as e:
        assert_type(e.body, Optional[object])
        assert_type(e.message, str)
    except APIStatusError as e:
        assert_type(e.type, Optional[str])
        assert_type(e.param, Optional[str])
    except APITimeoutError as e:
        assert_type(e.request, httpx.Request)
    except APIConnectionError as e:
        assert_type(e.message, str)
    except CerebrasError:
        pass
