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
from cerebras.cloud.sdk.types.chat import ChatCompletion, CompletionCreateParams
from cerebras.cloud.sdk.types.chat.chat_completion import ChatCompletionResponse
from cerebras.cloud.sdk.types.chat.completion_create_params import MessageUserMessageRequest

__all__ = ["async_usage", "sync_usage"]

MESSAGES: List[MessageUserMessageRequest] = [{"role": "user", "content": "Name a prime."}]


def sync_usage(client: Cerebras, flag: bool) -> None:
    completion = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert_type(completion, ChatCompletion)
    assert_type(client.chat.completions.create(model="m", messages=MESSAGES, stream=False), ChatCompletion)
    stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    assert_type(stream, Stream[ChatCompletion])
    for chunk in stream:
        assert_type(chunk, ChatCompletion)
    either = client.chat.completions.create(model="m", messages=MESSAGES, stream=flag)
    assert_type(either, Union[ChatCompletion, Stream[ChatCompletion]])

    if isinstance(completion, ChatCompletionResponse):
        content: Optional[str] = completion.choices[0].message.content
        _ = content

    assert_type(client.completions.create(model="m", prompt="p"), Completion)
    assert_type(client.completions.create(model="m", prompt="p", stream=True), Stream[Completion])

    assert_type(client.models.list(), ModelListResponse)
    assert_type(client.models.retrieve("llama3.1-8b", format="huggingface"), ModelRetrieveResponse)

    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    assert_type(raw, APIResponse[ChatCompletion])
    assert_type(raw.parse(), ChatCompletion)
    raw_stream = client.chat.with_raw_response.completions.create(model="m", messages=MESSAGES, stream=True)
    assert_type(raw_stream, APIResponse[Stream[ChatCompletion]])
    assert_type(raw_stream.parse(), Stream[ChatCompletion])
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
    assert_type(completion, ChatCompletion)
    stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    assert_type(stream, AsyncStream[ChatCompletion])
    async for chunk in stream:
        assert_type(chunk, ChatCompletion)
    either = await client.chat.completions.create(model="m", messages=MESSAGES, stream=flag)
    assert_type(either, Union[ChatCompletion, AsyncStream[ChatCompletion]])

    assert_type(await client.completions.create(model="m", prompt="p"), Completion)
    assert_type(await client.completions.create(model="m", prompt="p", stream=True), AsyncStream[Completion])
    assert_type(await client.models.list(), ModelListResponse)
    assert_type(await client.models.retrieve("m"), ModelRetrieveResponse)

    raw_chat = await client.with_raw_response.chat.completions.create(model="m", messages=MESSAGES)
    assert_type(raw_chat, AsyncAPIResponse[ChatCompletion])
    assert_type(await raw_chat.parse(), ChatCompletion)
    raw = await client.models.with_raw_response.retrieve("m")
    assert_type(raw, AsyncAPIResponse[ModelRetrieveResponse])
    assert_type(await raw.parse(), ModelRetrieveResponse)
    assert_type(await raw.read(), bytes)

    assert_type(client.with_options(max_retries=1), AsyncCerebras)
    assert_type(client.is_closed(), bool)
    async with AsyncCerebras(api_key="k") as entered:
        assert_type(entered, AsyncCerebras)
    await client.close()


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
