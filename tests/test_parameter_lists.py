"""Every copy of the chat and text completion parameter lists agrees with `create()`'s.

`create()` is the reference: `stream()` takes the same keyword parameters (but `stream`),
`parse()` and `run_tools()` pass the rest through `**options` typed by `CreateOptions` /
`RunToolsOptions`, and the `CompletionCreateParams` TypedDicts name the body parameters.
A parameter added to one of them and not the others fails here.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, List, Set

import pytest

from _support import FakeApi, sync_client
from cerebras.cloud.sdk.resources.chat.completions import AsyncCompletionsResource, CompletionsResource
from cerebras.cloud.sdk.resources.completions import AsyncCompletionsResource as AsyncTextResource
from cerebras.cloud.sdk.resources.completions import CompletionsResource as TextResource
from cerebras.cloud.sdk.types.chat._helper_params import CreateOptions, RunToolsOptions
from cerebras.cloud.sdk.types.chat.completion_create_params import CompletionCreateParams as ChatParams
from cerebras.cloud.sdk.types.completion_create_params import CompletionCreateParams as TextParams

REQUEST_OPTIONS = {"extra_headers", "extra_query", "extra_body", "timeout"}
NOT_IN_PARAMS = {"api_version_patch"}
"""A per-call override of a client option (sent as a header); the params TypedDicts mirror the API's body and header parameters only."""


def _names(method: Callable[..., Any]) -> List[str]:
    return [name for name in inspect.signature(method).parameters if name != "self"]


@pytest.mark.parametrize("resource", [CompletionsResource, AsyncCompletionsResource])
def test_stream_takes_every_create_parameter_but_stream(resource: Any) -> None:
    create = [name for name in _names(resource.create) if name != "stream"]
    assert _names(resource.stream) == create
    create_sig = inspect.signature(resource.create).parameters
    for name, parameter in inspect.signature(resource.stream).parameters.items():
        if name != "self":
            assert parameter.annotation == create_sig[name].annotation, name
            assert parameter.default is create_sig[name].default, name


@pytest.mark.parametrize("resource", [CompletionsResource, AsyncCompletionsResource])
def test_parse_and_run_tools_pass_every_other_create_parameter(resource: Any) -> None:
    create: Set[str] = set(_names(resource.create))
    named_by_parse = {"messages", "model", "response_format", "tools"}
    assert set(CreateOptions.__annotations__) == create - named_by_parse - {"stream", "stream_options"}
    assert set(RunToolsOptions.__annotations__) == set(CreateOptions.__annotations__) | {"response_format"}
    assert set(_names(resource.parse)) == {"messages", "model", "response_format", "tools", "options"}
    assert set(_names(resource.run_tools)) == {"messages", "model", "tools", "max_turns", "options"}


@pytest.mark.parametrize(
    ("resource", "params"),
    [
        (CompletionsResource, ChatParams),
        (AsyncCompletionsResource, ChatParams),
        (TextResource, TextParams),
        (AsyncTextResource, TextParams),
    ],
)
def test_the_params_typeddict_names_every_body_parameter(resource: Any, params: Any) -> None:
    body = set(_names(resource.create)) - REQUEST_OPTIONS - NOT_IN_PARAMS
    assert set(params.__annotations__) == body


@pytest.mark.parametrize(
    ("sync", "async_"), [(CompletionsResource, AsyncCompletionsResource), (TextResource, AsyncTextResource)]
)
def test_sync_and_async_create_take_the_same_parameters(sync: Any, async_: Any) -> None:
    assert inspect.signature(sync.create).parameters.keys() == inspect.signature(async_.create).parameters.keys()
    assert _names(sync.create) == _names(async_.create)


def test_stream_sends_a_parameter_added_to_create() -> None:
    server = FakeApi([b"data: [DONE]\n\n"])
    with sync_client(server) as client:
        messages: Any = [{"role": "user", "content": "Hi"}]
        with client.chat.completions.stream(model="m", messages=messages, api_version_patch=2) as stream:
            assert list(stream) == []
    assert server.last.headers["x-cerebras-version-patch"] == "2"
