"""`client.models.list` and `client.models.retrieve` through a fake transport, for both clients."""

from __future__ import annotations

import pytest

from _support import Driver, FakeApi, reply, resolve
from cerebras.cloud.sdk.types.model_list_response import HuggingFaceModelsResponse, ModelMetadataList
from cerebras.cloud.sdk.types.model_retrieve_response import HuggingFaceModel, ModelMetadata

LISTING = {
    "object": "list",
    "data": [
        {"id": "llama3.1-8b", "object": "model", "created": 1721692800, "owned_by": "Meta"},
        {"id": "gpt-oss-120b", "object": "model", "created": 1754352000, "owned_by": "OpenAI"},
    ],
}
HF_MODEL = {
    "id": "llama3.1-8b",
    "object": "model",
    "created": 1721692800,
    "owned_by": "cerebras",
    "context_length": 32768,
    "pricing": {"input": 0.1, "output": 0.1},
    "capabilities": {"function_calling": True, "streaming": True, "structured_outputs": True, "vision": False},
    "hugging_face_id": "meta-llama/Llama-3.1-8B-Instruct",
}


async def test_list(api: Driver) -> None:
    server = FakeApi(reply(200, LISTING))
    client = api.client(server)
    result = await resolve(client.models.list())
    request = server.last
    assert request.method == "GET"
    assert str(request.url) == "http://api.test/v1/models"
    assert request.content == b""
    assert "content-type" not in request.headers
    assert request.headers["accept"] == "application/json"
    assert type(result) is ModelMetadataList
    assert [m.id for m in result.data] == ["llama3.1-8b", "gpt-oss-120b"]


async def test_list_format_extra_query_and_extra_body(api: Driver) -> None:
    server = FakeApi(reply(200, {"object": "list", "data": [HF_MODEL]}))
    client = api.client(server, default_query={"client": "1", "format": "default"})
    result = await resolve(client.models.list(format="huggingface", extra_body={"ignored": True}))
    assert server.last.url.params.multi_items() == [("client", "1"), ("format", "huggingface")]
    assert server.last.content == b""
    assert type(result) is HuggingFaceModelsResponse
    await resolve(client.models.list(format="huggingface", extra_query={"format": "openrouter"}))
    assert server.last.url.params["format"] == "openrouter"


async def test_retrieve_encodes_the_id(api: Driver) -> None:
    server = FakeApi(reply(200, HF_MODEL))
    client = api.client(server)
    result = await resolve(client.models.retrieve("a/b c", format="huggingface"))
    assert server.last.url.raw_path == b"/v1/models/a%2Fb%20c?format=huggingface"
    assert type(result) is HuggingFaceModel
    await resolve(client.models.retrieve(model_id="%2e"))
    assert server.last.url.raw_path == b"/v1/models/%252e"


async def test_retrieve_minimal_payload(api: Driver) -> None:
    server = FakeApi(reply(200, {"id": "a", "object": "model", "created": 1, "owned_by": "o"}))
    client = api.client(server)
    result = await resolve(client.models.retrieve("a"))
    assert type(result) is ModelMetadata
    assert str(server.last.url) == "http://api.test/v1/models/a"


@pytest.mark.parametrize("model_id", ["", ".", ".."])
async def test_retrieve_refuses_bad_ids_before_any_request(api: Driver, model_id: str) -> None:
    server = FakeApi()
    client = api.client(server)
    with pytest.raises(ValueError) as info:
        await resolve(client.models.retrieve(model_id))
    assert server.requests == []
    if model_id == "":
        assert str(info.value) == "Expected a non-empty value for `model_id` but received ''"


async def test_header_parameters(api: Driver) -> None:
    server = FakeApi(reply(200, LISTING))
    client = api.client(server, default_headers={"CF-RAY": "client"})
    await resolve(client.models.list(x_amz_cf_id="amz"))
    assert server.last.headers.get_list("CF-RAY") == ["client"]
    assert server.last.headers.get_list("X-Amz-Cf-Id") == ["amz"]
    await resolve(client.models.retrieve("m", cf_ray="call", extra_headers={"X-Extra": "1"}))
    assert server.last.headers.get_list("CF-RAY") == ["call"]
    assert server.last.headers["X-Extra"] == "1"


async def test_models_take_no_delay_parameter(api: Driver) -> None:
    client = api.client()
    with pytest.raises(TypeError):
        await resolve(client.models.list(x_delay_time=1))


async def test_unknown_listing_is_constructed_loosely(api: Driver) -> None:
    server = FakeApi(reply(200, {"items": []}))
    client = api.client(server)
    result = await resolve(client.models.list())
    assert type(result) is ModelMetadataList
    assert result.data is None
    assert result.items == []
