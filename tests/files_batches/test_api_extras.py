"""The public model catalogue, API version patches, compressed request bodies and deprecation
warnings: on the wire (transport seam) and against the emulator, for both clients."""

from __future__ import annotations

import gzip
import json
import warnings
from typing import Any, Callable, Dict, List, Optional

import httpx
import pytest

from _support import CHAT_COMPLETION, Driver, FakeApi, Handler, Reply, reply, resolve
from _support import COMPLETION as TEXT_COMPLETION
from cerebras.cloud.sdk import AsyncCerebras, BadRequestError, Cerebras, NotFoundError
from cerebras.cloud.sdk._compression import AUTO_MIN_BYTES, encode_compressed, parse_compression
from cerebras.cloud.sdk.lib.structured import to_strict_json_schema
from cerebras.cloud.sdk.testing import LocalServer
from cerebras.cloud.sdk.testing._emulator.version2 import check_version2
from cerebras.cloud.sdk.types import PublicModelList
from cerebras.cloud.sdk.types.chat.completion_create_params import Message
from cerebras.cloud.sdk.types.model_list_response import HuggingFaceModelsResponse, OpenRouterModelsResponse
from cerebras.cloud.sdk.types.model_retrieve_response import OpenRouterModel, PublicModel

msgpack = pytest.importorskip("msgpack")

PUBLIC = {
    "id": "old-model",
    "object": "model",
    "created": 1,
    "owned_by": "Meta",
    "name": "Old",
    "description": "An old model.",
    "pricing": {"prompt": "0.0000001", "completion": "0.0000001"},
    "capabilities": {},
    "supported_parameters": {},
    "architecture": {"modality": "text", "tokenizer": "Llama3"},
    "limits": {"max_context_length": 8192, "max_completion_tokens": 1024},
    "deprecated": True,
}


def by_path(request: httpx.Request) -> httpx.Response:
    """Answers the public catalogue, a model, text completions, and chat completions, by path."""
    path = request.url.path
    if path == "/public/v1/models":
        fmt = request.url.params.get("format")
        if fmt == "openrouter":
            return httpx.Response(200, json={"data": [{"id": "cerebras/x", "name": "X"}]})
        return httpx.Response(
            200, json={"object": "list", "data": [PUBLIC, {**PUBLIC, "id": "new-model", "deprecated": False}]}
        )
    if path.startswith("/public/v1/models/"):
        return httpx.Response(200, json={**PUBLIC, "id": path.rsplit("/", 1)[1]})
    if path == "/v1/completions":
        return httpx.Response(200, json=TEXT_COMPLETION)
    return httpx.Response(200, json=CHAT_COMPLETION)


def catalogue(*failures: Reply) -> FakeApi:
    """Records requests; answers with `failures` first, then `by_path`."""
    return FakeApi(*failures, then=by_path)


@pytest.fixture
def connect(api: Driver) -> Callable[..., Any]:
    """A client of the test's kind (the shared `api` driver) on `handler`, with these tests' defaults."""

    def factory(handler: Handler, **kwargs: Any) -> Any:
        kwargs.setdefault("api_key", "sk-test-1234567890")
        kwargs.setdefault("base_url", "https://api.test")
        kwargs.setdefault("warm_tcp_connection", False)
        return api.client(handler, **kwargs)

    return factory


MESSAGES: List[Dict[str, Any]] = [{"role": "user", "content": "hi"}]


# --------------------------------------------------------------------------- public catalogue


async def test_the_public_catalogue_is_asked_without_the_api_key(connect: Callable[..., Any]) -> None:
    recorder = catalogue()
    client = connect(recorder)
    listing = await resolve(client.models.list_public())
    assert isinstance(listing, PublicModelList)
    assert [(m.id, m.deprecated) for m in listing.data] == [("old-model", True), ("new-model", False)]
    one = await resolve(client.models.retrieve_public("a/b"))
    assert isinstance(one, PublicModel)
    assert one.id == "b"  # what this fake server answers for the last path segment
    openrouter = await resolve(client.models.list_public(format="openrouter"))
    assert isinstance(openrouter, OpenRouterModelsResponse)
    assert isinstance(await resolve(client.models.retrieve_public("x", format="openrouter")), OpenRouterModel)
    for request in recorder.requests:
        assert "authorization" not in request.headers
    assert recorder.requests[1].url.raw_path == b"/public/v1/models/a%2Fb"
    assert recorder.requests[2].url.params["format"] == "openrouter"


async def test_the_public_catalogue_needs_no_key_from_the_emulator(api: Driver) -> None:
    with LocalServer(api_key="sk-only-this-one") as server:
        if not api.is_async:
            with Cerebras(base_url=server.base_url, api_key="", warm_tcp_connection=False) as client:
                listing = client.models.list_public()
                hf = client.models.list_public(format="huggingface")
                with pytest.raises(NotFoundError):
                    client.models.retrieve_public("no-such-model")
        else:
            async with AsyncCerebras(base_url=server.base_url, api_key="", warm_tcp_connection=False) as client:
                listing = await client.models.list_public()
                hf = await client.models.list_public(format="huggingface")
                with pytest.raises(NotFoundError):
                    await client.models.retrieve_public("no-such-model")
    assert isinstance(listing, PublicModelList)
    assert isinstance(hf, HuggingFaceModelsResponse)
    by_id = {m.id: m for m in listing.data}
    assert by_id["gpt-oss-120b"].deprecated is False
    assert by_id["llama3.1-8b"].deprecated is True
    assert by_id["gpt-oss-120b"].limits.max_context_length > 0


# --------------------------------------------------------------------------- deprecations


async def test_disable_reasoning_warns_towards_reasoning_effort(connect: Callable[..., Any]) -> None:
    client = connect(catalogue())
    with pytest.warns(DeprecationWarning, match='reasoning_effort="none"'):
        await resolve(client.chat.completions.create(model="m", messages=MESSAGES, disable_reasoning=True))


async def test_a_deprecated_model_warns_only_once_the_catalogue_is_at_hand(connect: Callable[..., Any]) -> None:
    recorder = catalogue()
    client = connect(recorder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await resolve(client.chat.completions.create(model="old-model", messages=MESSAGES))  # nothing known: silent
    assert [r.url.path for r in recorder.requests] == ["/v1/chat/completions"]  # and nothing fetched
    await resolve(client.models.list_public())
    copy = client.with_options(max_retries=0)
    with pytest.warns(DeprecationWarning, match="'old-model' is marked deprecated"):
        await resolve(copy.chat.completions.create(model="old-model", messages=MESSAGES))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await resolve(client.chat.completions.create(model="new-model", messages=MESSAGES))
        await resolve(client.chat.completions.create(model="old-model", messages=MESSAGES))  # once per client
    assert [r.url.path for r in recorder.requests].count("/public/v1/models") == 1


# --------------------------------------------------------------------------- version patch


async def test_version_patch_from_constructor_env_options_and_call(
    connect: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = catalogue()
    plain = connect(recorder)
    await resolve(plain.chat.completions.create(model="m", messages=MESSAGES))
    assert "x-cerebras-version-patch" not in recorder.requests[-1].headers
    assert plain.api_version_patch is None

    patched = connect(recorder, api_version_patch=2)
    await resolve(patched.chat.completions.create(model="m", messages=MESSAGES))
    assert recorder.requests[-1].headers["x-cerebras-version-patch"] == "2"
    await resolve(patched.models.list())
    assert recorder.requests[-1].headers["x-cerebras-version-patch"] == "2"

    await resolve(patched.chat.completions.create(model="m", messages=MESSAGES, api_version_patch=3))
    assert recorder.requests[-1].headers["x-cerebras-version-patch"] == "3"
    await resolve(patched.completions.create(model="m", prompt="x", api_version_patch="4"))
    assert recorder.requests[-1].headers["x-cerebras-version-patch"] == "4"

    copied = patched.with_options(api_version_patch=5)
    assert (copied.api_version_patch, patched.with_options().api_version_patch) == ("5", "2")

    monkeypatch.setenv("CEREBRAS_API_VERSION_PATCH", "2")
    from_env = connect(recorder)
    await resolve(from_env.chat.completions.create(model="m", messages=MESSAGES))
    assert recorder.requests[-1].headers["x-cerebras-version-patch"] == "2"
    with pytest.raises(ValueError, match="api_version_patch"):
        connect(recorder, api_version_patch="2\r\nX: y")


def test_the_emulator_applies_version_2_only_when_asked() -> None:
    unanswered: List[Message] = [
        {"role": "user", "content": "Weather in Oslo and Rome?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "w", "arguments": "{}"}},
                {"id": "call_2", "type": "function", "function": {"name": "w", "arguments": "{}"}},
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "4C"},
    ]
    with LocalServer() as server:
        with server.client() as client:
            assert client.chat.completions.create(model="gpt-oss-120b", messages=unanswered, max_completion_tokens=5)
        with server.client(api_version_patch=2) as client:
            with pytest.raises(BadRequestError, match="call_2") as caught:
                client.chat.completions.create(model="gpt-oss-120b", messages=unanswered, max_completion_tokens=5)
            assert caught.value.code == "wrong_api_format"


@pytest.mark.parametrize(
    "body",
    [
        {"messages": [{"role": "tool", "tool_call_id": "nope", "content": "x"}]},
        {"messages": [], "tool_choice": "auto"},
        {
            "messages": [
                {"role": "assistant", "tool_calls": [{"id": "a"}]},
                {"role": "tool", "tool_call_id": "a"},
                {"role": "assistant", "tool_calls": [{"id": "a"}]},
                {"role": "tool", "tool_call_id": "a"},
            ]
        },
        {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"strict": True, "schema": {"type": "object", "properties": {}}},
            }
        },
        {"response_format": {"type": "json_schema", "json_schema": {"strict": True, "schema": {"definitions": {}}}}},
        {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"strict": True, "schema": {"type": ["string", "null"]}},
            }
        },
    ],
)
def test_each_version_2_rule_is_enforced(body: Dict[str, Any]) -> None:
    from cerebras.cloud.sdk.testing._emulator.errors import ApiError

    with pytest.raises(ApiError) as caught:
        check_version2(body)
    assert caught.value.status == 400


def test_the_strict_schema_converter_emits_version_2_schemas() -> None:
    import pydantic

    class Leaf(pydantic.BaseModel):
        value: int

    class Tree(pydantic.BaseModel):
        name: str
        children: List[Tree]
        leaf: Optional[Leaf]
        leaves: List[Leaf]

    legacy = {
        "type": "object",
        "properties": {"a": {"$ref": "#/definitions/A"}},
        "definitions": {"A": {"type": "object", "properties": {"b": {"type": ["string", "null"]}}}},
    }
    for source in (Tree, Leaf, legacy):
        schema = to_strict_json_schema(source)
        body = {"response_format": {"type": "json_schema", "json_schema": {"strict": True, "schema": schema}}}
        check_version2(body)  # raises if any object lacks additionalProperties: false, or uses definitions
        assert "definitions" not in json.dumps(schema)


# --------------------------------------------------------------------------- compression


def test_compression_modes_are_parsed_and_checked() -> None:
    assert parse_compression(None).mode == "none"
    auto = parse_compression("auto")
    assert (auto.gzip, auto.msgpack, auto.min_bytes) == (True, False, AUTO_MIN_BYTES)
    both = parse_compression("msgpack+gzip")
    assert (both.gzip, both.msgpack, both.min_bytes) == (True, True, 0)
    with pytest.raises(ValueError, match="request_compression"):
        parse_compression("brotli")


def test_encoded_bodies_decode_to_the_request_and_refuse_nan() -> None:
    body = {"model": "m", "prompt": list(range(1000)), "temperature": 0.5, "nested": {"ok": [True, None, "x"]}}
    content, headers = encode_compressed(body, parse_compression("msgpack+gzip"))
    assert headers == {"Content-Type": "application/vnd.msgpack", "Content-Encoding": "gzip"}
    assert msgpack.unpackb(gzip.decompress(content)) == body
    content, headers = encode_compressed(body, parse_compression("gzip"))
    assert json.loads(gzip.decompress(content)) == body
    small, headers = encode_compressed({"model": "m"}, parse_compression("auto"))
    assert (small, headers) == (b'{"model":"m"}', {})
    for mode in ("msgpack", "gzip"):
        with pytest.raises(ValueError, match="not JSON compliant"):
            encode_compressed({"x": [float("nan")]}, parse_compression(mode))


async def test_large_chat_bodies_are_gzipped_by_default_and_small_ones_are_not(connect: Callable[..., Any]) -> None:
    recorder = catalogue()
    client = connect(recorder)
    assert client.request_compression == "auto"
    await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    small = recorder.requests[-1]
    assert "content-encoding" not in small.headers
    assert json.loads(small.content)["model"] == "m"
    big = [{"role": "user", "content": "word " * 10_000}]
    await resolve(client.chat.completions.create(model="m", messages=big))
    sent = recorder.requests[-1]
    assert sent.headers["content-encoding"] == "gzip"
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(gzip.decompress(sent.content))["messages"] == big
    assert int(sent.headers["content-length"]) == len(sent.content) < 2000
    await resolve(client.models.list())
    assert "content-encoding" not in recorder.requests[-1].headers


async def test_retries_resend_identical_compressed_bytes(connect: Callable[..., Any]) -> None:
    busy = reply(503, {"message": "busy"})
    recorder = catalogue(busy, busy)
    client = connect(recorder, request_compression="msgpack+gzip")
    await resolve(client.completions.create(model="m", prompt=list(range(5000))))
    bodies = [r.content for r in recorder.requests]
    assert len(bodies) == 3
    assert len(set(bodies)) == 1
    assert recorder.requests[0].headers["content-type"] == "application/vnd.msgpack"
    assert msgpack.unpackb(gzip.decompress(bodies[0]))["prompt"] == list(range(5000))


async def test_compression_can_be_turned_off_or_overridden_per_call(connect: Callable[..., Any]) -> None:
    recorder = catalogue()
    client = connect(recorder, request_compression=None)
    big = [{"role": "user", "content": "word " * 10_000}]
    await resolve(client.chat.completions.create(model="m", messages=big))
    assert "content-encoding" not in recorder.requests[-1].headers
    gz = client.with_options(request_compression="gzip")
    assert gz.request_compression == "gzip"
    assert client.request_compression == "none"
    await resolve(
        gz.chat.completions.create(model="m", messages=MESSAGES, extra_headers={"Content-Type": "application/json"})
    )
    assert "content-encoding" not in recorder.requests[-1].headers  # the call chose its own encoding
    await resolve(gz.chat.completions.create(model="m", messages=MESSAGES))
    assert recorder.requests[-1].headers["content-encoding"] == "gzip"


@pytest.mark.parametrize("compression", ["gzip", "msgpack", "msgpack+gzip", "auto"])
def test_the_emulator_reads_every_encoding(compression: str) -> None:
    with LocalServer() as server, server.client(request_compression=compression) as client:
        answer = client.chat.completions.create(
            model="llama3.1-8b", messages=[{"role": "user", "content": "long " * 8000}], max_completion_tokens=5
        )
        assert answer.choices[0].message.content
        text = client.completions.create(model="llama3.1-8b", prompt="Once", max_tokens=3)
        assert text.choices[0].text is not None


def test_the_emulator_refuses_a_corrupt_gzip_body() -> None:
    with LocalServer() as server:
        response = httpx.post(
            f"{server.base_url}/v1/chat/completions",
            content=b"\x1f\x8bnot gzip",
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json", "Authorization": "Bearer x"},
        )
        assert response.status_code == 400
        response = httpx.post(
            f"{server.base_url}/v1/chat/completions",
            content=b"{}",
            headers={"Content-Encoding": "br", "Authorization": "Bearer x"},
        )
        assert response.status_code == 415
