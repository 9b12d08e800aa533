"""`_strict_response_validation=True` through a fake transport, for both clients."""

from __future__ import annotations

import pydantic
import pytest

from _support import CHAT_COMPLETION, Driver, FakeApi, reply, resolve
from cerebras.cloud.sdk import APIResponseValidationError, InternalServerError
from cerebras.cloud.sdk.types.chat.chat_completion import ChatCompletionResponse
from cerebras.cloud.sdk.types.model_list_response import ModelMetadataList

MESSAGES = [{"role": "user", "content": "hi"}]
BROKEN = {k: v for k, v in CHAT_COMPLETION.items() if k != "system_fingerprint"}


async def test_valid_bodies_parse(api: Driver) -> None:
    server = FakeApi(reply(200, CHAT_COMPLETION))
    client = api.client(server, _strict_response_validation=True)
    result = await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    assert type(result) is ChatCompletionResponse


async def test_mismatch_raises_with_body_and_cause(api: Driver) -> None:
    server = FakeApi(reply(200, BROKEN))
    client = api.client(server, _strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as info:
        await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    error = info.value
    assert error.message == "Data returned by API invalid for expected schema."
    assert error.body == BROKEN
    assert error.status_code == 200
    assert error.response.status_code == 200
    assert error.request is server.last
    assert isinstance(error.__cause__, pydantic.ValidationError)
    assert len(server.requests) == 1  # never retried


async def test_loose_client_constructs_instead(api: Driver) -> None:
    server = FakeApi(reply(200, BROKEN))
    client = api.client(server)
    result = await resolve(client.chat.completions.create(model="m", messages=MESSAGES))
    assert type(result) is ChatCompletionResponse
    assert result.system_fingerprint is None
    assert result.choices[0].message.content == "7"


async def test_wrong_types_in_loose_mode_are_kept(api: Driver) -> None:
    server = FakeApi(reply(200, {"object": "list", "data": "not-a-list", "new": 1}))
    client = api.client(server)
    result = await resolve(client.models.list())
    assert type(result) is ModelMetadataList
    assert result.data == "not-a-list"
    assert result.new == 1  # pyright: ignore[reportAttributeAccessIssue]  # an extra field the server added


async def test_non_json_content_type(api: Driver) -> None:
    server = FakeApi(reply(200, content=b"<html>oops</html>", content_type="text/html"))
    strict = api.client(server, _strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as info:
        await resolve(strict.models.list())
    assert info.value.message == (
        "Expected Content-Type response header to be `application/json` but received `text/html` instead."
    )
    assert info.value.body == "<html>oops</html>"
    loose = api.client(server)
    assert await resolve(loose.models.list()) == "<html>oops</html>"


async def test_error_body_with_200_raises_its_status_error_in_strict_mode(api: Driver) -> None:
    server = FakeApi(reply(200, {"error": {"message": "m"}, "status_code": 500}))
    client = api.client(server, _strict_response_validation=True)
    with pytest.raises(InternalServerError, match="Error code: 500"):
        await resolve(client.chat.completions.create(model="m", messages=MESSAGES))


async def test_copies_stay_strict(api: Driver) -> None:
    server = FakeApi(reply(200, BROKEN))
    client = api.client(server, _strict_response_validation=True)
    with pytest.raises(APIResponseValidationError):
        await resolve(client.with_options(max_retries=0).chat.completions.create(model="m", messages=MESSAGES))


async def test_raw_response_parse_is_strict_too(api: Driver) -> None:
    server = FakeApi(reply(200, BROKEN))
    client = api.client(server, _strict_response_validation=True)
    raw = await resolve(client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES))
    with pytest.raises(APIResponseValidationError):
        await resolve(raw.parse())
