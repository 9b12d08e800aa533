"""What agent, structured-output and tracing libraries written for the official SDK rely on.

Each test mirrors a pattern such libraries use: nested type imports, telling the two clients
apart, telling sync from async, reading tool calls from `model_dump()`, probing optional
fields with `getattr`, building clients from the environment, introspecting signatures, and
wrapping resource methods on their classes.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any, Callable, Dict, List

import pytest

from _support import FakeApi, async_client, body_of, reply, sync_client
from cerebras.cloud.sdk import AsyncCerebras, Cerebras, CerebrasError

from ._server import chat_completion

KEY = "sk-env-0123456789abcdef"
TOOL_CALLS = [
    {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}
]


def _sync(server: FakeApi, **kwargs: Any) -> Cerebras:
    kwargs.setdefault("api_key", KEY)
    return sync_client(server, **kwargs)


def _async(server: FakeApi, **kwargs: Any) -> AsyncCerebras:
    kwargs.setdefault("api_key", KEY)
    return async_client(server, **kwargs)


def _answering(body: Dict[str, Any]) -> FakeApi:
    return FakeApi(reply(200, body))


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            "cerebras.cloud.sdk.types.chat.chat_completion",
            [
                "ChatChunkResponse",
                "ChatChunkResponseChoice",
                "ChatChunkResponseChoiceDelta",
                "ChatChunkResponseChoiceDeltaToolCall",
                "ChatCompletionResponse",
                "ChatCompletionResponseChoiceMessage",
                "ChatCompletionResponseChoiceMessageToolCall",
                "ChatCompletionResponseUsage",
                "ErrorChunkResponse",
                "CompletionCreateResponse",
            ],
        ),
        (
            "cerebras.cloud.sdk.types.chat.completion_create_params",
            ["Message", "Tool", "ToolFunction", "ResponseFormatResponseFormatJsonSchema", "ToolChoiceChoiceObject"],
        ),
        ("cerebras.cloud.sdk.types.chat", ["ChatCompletion", "CompletionCreateParams"]),
        ("cerebras.cloud.sdk.types", ["Completion", "ModelListResponse", "ModelRetrieveResponse"]),
        ("cerebras.cloud.sdk.types.completion", ["CompletionResponse", "CompletionResponseChoice"]),
        ("cerebras.cloud.sdk.resources.chat.completions", ["CompletionsResource", "AsyncCompletionsResource"]),
        ("cerebras.cloud.sdk", ["Cerebras", "AsyncCerebras", "APIError", "RateLimitError", "APIStatusError"]),
    ],
)
def test_nested_imports(module: str, names: List[str]) -> None:
    namespace: Dict[str, Any] = {}
    exec(f"from {module} import {', '.join(names)}", namespace)
    loaded = importlib.import_module(module)
    assert all(namespace[name] is getattr(loaded, name) for name in names)


async def test_isinstance_tells_the_clients_apart() -> None:
    sync_side = _sync(FakeApi())
    async_side = _async(FakeApi())
    try:
        assert isinstance(sync_side, (Cerebras, AsyncCerebras))
        assert isinstance(async_side, (Cerebras, AsyncCerebras))
        assert not isinstance(async_side, Cerebras)
        assert not isinstance(sync_side, AsyncCerebras)
        assert not issubclass(AsyncCerebras, Cerebras)
        assert not issubclass(Cerebras, AsyncCerebras)
    finally:
        sync_side.close()
        await async_side.close()


async def test_iscoroutinefunction_tells_sync_from_async() -> None:
    sync_side = _sync(FakeApi())
    async_side = _async(FakeApi())
    try:
        pairs: List[Callable[[Any], Any]] = [
            lambda c: c.chat.completions.create,
            lambda c: c.completions.create,
            lambda c: c.models.list,
            lambda c: c.models.retrieve,
            lambda c: c.with_raw_response.chat.completions.create,
            lambda c: c.chat.completions.with_raw_response.create,
            lambda c: c.close,
        ]
        for method in pairs:
            assert inspect.iscoroutinefunction(method(async_side)), method(async_side)
            assert not inspect.iscoroutinefunction(method(sync_side)), method(sync_side)
    finally:
        sync_side.close()
        await async_side.close()


def test_tool_calls_through_model_dump() -> None:
    server = _answering(chat_completion(None, tool_calls=TOOL_CALLS))
    with _sync(server) as client:
        message = (
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "?"}]).choices[0].message
        )
        dumped = message.model_dump()
        assert dumped["tool_calls"] == [{**TOOL_CALLS[0], "index": None}]  # `index` is a field of the model
        assert message.model_dump(exclude_unset=True)["tool_calls"] == TOOL_CALLS
        assert dumped["role"] == "assistant"
        # The dump goes straight back into the next request, as agent loops do.
        client.chat.completions.create(model="m", messages=[dumped])  # type: ignore[list-item]
        assert body_of(server.requests[1])["messages"][0]["tool_calls"] == dumped["tool_calls"]


def test_model_dump_has_tool_calls_key_even_without_calls() -> None:
    with _sync(_answering(chat_completion("plain"))) as client:
        message = client.chat.completions.create(model="m", messages=[]).choices[0].message
    assert message.model_dump()["tool_calls"] is None
    assert "tool_calls" not in message.model_dump(exclude_none=True)


def test_optional_fields_probe_with_getattr() -> None:
    with _sync(_answering(chat_completion("plain"))) as client:
        message = client.chat.completions.create(model="m", messages=[]).choices[0].message
    assert getattr(message, "refusal", None) is None
    assert getattr(message, "audio", None) is None
    assert getattr(message, "reasoning", None) is None

    with _sync(_answering(chat_completion("no", refusal="I can't help with that."))) as client:
        message = client.chat.completions.create(model="m", messages=[]).choices[0].message
    assert getattr(message, "refusal", None) == "I can't help with that."  # unknown fields are kept


async def test_api_key_none_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEREBRAS_API_KEY", KEY)
    server = _answering({"object": "list", "data": []})
    with _sync(server, api_key=None) as client:
        assert client.api_key == KEY
        client.models.list()
    assert server.last.headers["Authorization"] == f"Bearer {KEY}"
    async_side = _async(FakeApi(), api_key=None)
    assert async_side.api_key == KEY
    await async_side.close()

    monkeypatch.delenv("CEREBRAS_API_KEY")
    with pytest.raises(CerebrasError, match="CEREBRAS_API_KEY"):
        Cerebras(api_key=None)
    with pytest.raises(CerebrasError, match="CEREBRAS_API_KEY"):
        AsyncCerebras(api_key=None)


async def test_wrapped_methods_keep_their_signatures() -> None:
    sync_side = _sync(FakeApi())
    async_side = _async(FakeApi())
    try:
        for client in (sync_side, async_side):
            for resource, method in (
                (client.chat.completions, "create"),
                (client.completions, "create"),
                (client.models, "list"),
                (client.models, "retrieve"),
            ):
                expected = inspect.signature(getattr(resource, method))
                assert "extra_headers" in expected.parameters
                for wrapper in (resource.with_raw_response, resource.with_streaming_response):
                    assert inspect.signature(getattr(wrapper, method)) == expected
        params = inspect.signature(sync_side.chat.completions.create).parameters
        assert {"model", "messages", "stream", "tools", "response_format", "timeout"} <= set(params)
    finally:
        sync_side.close()
        await async_side.close()


def test_tracing_libraries_can_wrap_the_class_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from cerebras.cloud.sdk.resources.chat.completions import CompletionsResource

    assert inspect.isfunction(CompletionsResource.__dict__["create"])
    original = CompletionsResource.create
    calls: List[str] = []

    def traced(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["model"])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CompletionsResource, "create", traced)
    with _sync(_answering(chat_completion())) as client:
        client.chat.completions.create(model="llama3.1-8b", messages=[])
    assert calls == ["llama3.1-8b"]
