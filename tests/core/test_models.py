"""Response models and conversion without HTTP: `BaseModel`, `construct_type`, `get_parser`, `parse_body`."""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, List, Optional, Union

import httpx
import pydantic
import pytest

from _support import chat_chunk
from cerebras.cloud.sdk import (
    APIResponseValidationError,
    APIStatusError,
    BadRequestError,
    BaseModel,
    InternalServerError,
)
from cerebras.cloud.sdk._cast import parse_body
from cerebras.cloud.sdk._models import construct_type, get_parser
from cerebras.cloud.sdk.types import Completion, ModelListResponse, ModelRetrieveResponse
from cerebras.cloud.sdk.types.chat import ChatCompletion
from cerebras.cloud.sdk.types.chat.chat_completion import (
    ChatChunkResponse,
    ChatCompletionResponse,
    ChatCompletionResponseChoice,
    ChatCompletionResponseUsage,
    ErrorChunkResponse,
)
from cerebras.cloud.sdk.types.completion import CompletionResponse
from cerebras.cloud.sdk.types.completion import ErrorChunkResponse as CompletionErrorChunk
from cerebras.cloud.sdk.types.model_list_response import (
    HuggingFaceModelsResponse,
    ModelMetadataList,
    OpenRouterModelsResponse,
)
from cerebras.cloud.sdk.types.model_retrieve_response import HuggingFaceModel, ModelMetadata, PublicModel


class Item(BaseModel):
    name: str
    score: Optional[float] = None


class Holder(BaseModel):
    id: str
    count: int
    ratio: float
    item: Item
    items: List[Item]
    by_key: Dict[str, Item]
    maybe: Optional[Item] = None
    tags: List[str] = pydantic.Field(default_factory=list)


COMPLETION = {
    "id": "chatcmpl-7d1e2f30",
    "object": "chat.completion",
    "created": 1735689600,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_5a1b2c",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "7"}}],
    "usage": {
        "prompt_tokens": 21,
        "completion_tokens": 2,
        "total_tokens": 23,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    },
    "time_info": {"queue_time": 0.00012, "prompt_time": 0.0009, "completion_time": 0.0011, "total_time": 0.0031},
}
CHUNK = chat_chunk("Seven")


def dumps(value: object) -> bytes:
    return json.dumps(value).encode()


# --------------------------------------------------------------------------- loose construction


def test_construct_type_builds_nested_models() -> None:
    data = {
        "id": "x",
        "count": 3,
        "ratio": 2,
        "item": {"name": "a"},
        "items": [{"name": "b", "score": 1}],
        "by_key": {"k": {"name": "c"}},
        "extra_key": {"nested": True},
    }
    holder = construct_type(Holder, data)
    assert isinstance(holder, Holder)
    assert isinstance(holder.item, Item)
    assert isinstance(holder.items[0], Item)
    assert isinstance(holder.by_key["k"], Item)
    assert holder.ratio == 2.0
    assert isinstance(holder.ratio, float)
    assert holder.items[0].score == 1.0
    assert isinstance(holder.items[0].score, float)
    assert holder.extra_key == {"nested": True}  # type: ignore[attr-defined]
    assert holder.model_extra == {"extra_key": {"nested": True}}
    assert holder.model_fields_set == {"id", "count", "ratio", "item", "items", "by_key"}


def test_construct_type_missing_required_fields_become_none_and_defaults_apply() -> None:
    holder = construct_type(Holder, {"id": "x"})
    assert holder.count is None
    assert holder.item is None
    assert holder.maybe is None
    assert holder.tags == []
    assert holder.model_fields_set == {"id"}


def test_construct_type_keeps_wrong_types() -> None:
    holder = construct_type(Holder, {"id": 5, "count": "many", "item": "not a dict", "items": {"x": 1}, "ratio": "r"})
    assert holder.id == 5
    assert holder.count == "many"
    assert holder.item == "not a dict"
    assert holder.items == {"x": 1}
    assert holder.ratio == "r"


def test_construct_type_int_to_float_only_when_lossless() -> None:
    assert construct_type(float, 3) == 3.0
    assert isinstance(construct_type(float, 3), float)
    big = 2**63 + 1
    assert construct_type(float, big) == big
    assert isinstance(construct_type(float, big), int)
    assert construct_type(float, True) is True


def test_construct_type_unions_and_scalars() -> None:
    assert construct_type(Optional[Item], None) is None
    built = construct_type(Union[Item, Holder], {"id": "x"})
    assert isinstance(built, Item)  # the first model member, for a mapping
    assert construct_type(Union[str, int], 5) == 5
    assert construct_type(List[int], [1, 2]) == [1, 2]
    assert construct_type(str, 5) == 5
    assert construct_type(Dict[str, float], {"a": 1}) == {"a": 1.0}


def test_construct_explicit_none_counts_as_set_and_takes_the_default() -> None:
    holder = Holder.construct(id="x", tags=None)
    assert holder.tags == []
    assert "tags" in holder.model_fields_set
    assert "maybe" not in holder.model_fields_set


def test_construct_recurses_and_accepts_fields_set() -> None:
    holder = Holder.construct(item={"name": "n"}, items=[{"name": "m"}])
    assert isinstance(holder.item, Item)
    assert isinstance(holder.items[0], Item)
    forced = Holder.model_construct(_fields_set={"id"}, id="x", count=1)
    assert forced.model_fields_set == {"id"}
    assert forced.count == 1


# --------------------------------------------------------------------------- parser


def test_parser_validates_matching_documents() -> None:
    parser = get_parser(ChatCompletion)
    strict = parser.validate_json(dumps(COMPLETION))
    loose = parser.loose_json(dumps(COMPLETION))
    for result in (strict, loose):
        assert isinstance(result, ChatCompletionResponse)
        assert isinstance(result.choices[0], ChatCompletionResponseChoice)
        assert result.choices[0].message.content == "7"
        assert isinstance(result.usage, ChatCompletionResponseUsage)
    assert isinstance(parser.loose(CHUNK), ChatChunkResponse)
    assert isinstance(parser.validate_python(CHUNK), ChatChunkResponse)


def test_parser_is_cached_per_type() -> None:
    assert get_parser(ChatCompletion) is get_parser(ChatCompletion)


def test_union_picks_the_matching_member_in_any_order() -> None:
    parser = get_parser(ChatCompletion)
    for _ in range(2):  # the second round goes through the remembered member first
        assert type(parser.loose_json(dumps(CHUNK))) is ChatChunkResponse
        assert type(parser.loose_json(dumps(COMPLETION))) is ChatCompletionResponse
        error = parser.loose_json(b'{"error":{"message":"m","type":"t"},"status_code":400}')
        assert type(error) is ErrorChunkResponse
        assert error.error.message == "m"
        assert error.status_code == 400


def test_union_fallback_constructs_the_first_member() -> None:
    broken_chunk = {k: v for k, v in CHUNK.items() if k != "system_fingerprint"}
    result = get_parser(ChatCompletion).loose_json(dumps(broken_chunk))
    assert type(result) is ChatCompletionResponse
    assert result.system_fingerprint is None
    assert result.object == "chat.completion.chunk"
    assert result.choices[0].message is None
    assert result.choices[0].delta == {"content": "Seven"}
    unknown = get_parser(ChatCompletion).loose_json(b'{"foo":1}')
    assert type(unknown) is ChatCompletionResponse
    assert unknown.id is None
    assert unknown.model_extra == {"foo": 1}


def test_strict_validation_raises_for_a_mismatch() -> None:
    with pytest.raises(pydantic.ValidationError):
        get_parser(ChatCompletion).validate_json(b'{"foo":1}')
    with pytest.raises(pydantic.ValidationError):
        get_parser(Holder).validate_python({"id": "x"})


def test_loose_json_raises_only_for_invalid_json() -> None:
    with pytest.raises(ValueError):
        get_parser(Holder).loose_json(b"{nope")


def test_completion_union() -> None:
    parser = get_parser(Completion)
    body = {
        "id": "cmpl-1",
        "object": "text_completion",
        "created": 1,
        "model": "m",
        "system_fingerprint": "f",
        "choices": [{"index": 0, "text": " violets", "finish_reason": "stop"}],
    }
    assert type(parser.loose_json(dumps(body))) is CompletionResponse
    assert type(parser.loose_json(b'{"error":{"message":"x"},"status_code":500}')) is CompletionErrorChunk


@pytest.mark.parametrize(
    ("body", "cls"),
    [
        ({"object": "list", "data": [{"id": "a"}]}, ModelMetadataList),
        (
            {
                "object": "list",
                "data": [
                    {
                        "id": "a",
                        "context_length": 1,
                        "created": 1,
                        "owned_by": "o",
                        "pricing": {"input": 0.1, "output": 0.2},
                    }
                ],
            },
            HuggingFaceModelsResponse,
        ),
        (
            {
                "data": [
                    {
                        "id": "cerebras/a",
                        "context_length": 1,
                        "created": 1,
                        "max_output_length": 2,
                        "name": "n",
                        "pricing": {"prompt": "1", "completion": "2"},
                    }
                ]
            },
            OpenRouterModelsResponse,
        ),
        ({"junk": True}, ModelMetadataList),
    ],
)
def test_model_list_union(body: Dict[str, Any], cls: type) -> None:
    assert type(get_parser(ModelListResponse).loose_json(dumps(body))) is cls


def test_model_retrieve_union() -> None:
    parser = get_parser(ModelRetrieveResponse)
    minimal = {"id": "a", "object": "model", "created": 1, "owned_by": "o"}
    assert type(parser.loose_json(dumps(minimal))) is ModelMetadata
    hf = {**minimal, "context_length": 1, "pricing": {"input": 0.1, "output": 0.2}}
    assert type(parser.loose_json(dumps(hf))) is HuggingFaceModel
    public = {
        **minimal,
        "name": "Llama",
        "description": "d",
        "architecture": {"modality": "text", "tokenizer": "t"},
        "capabilities": {"streaming": True},
        "limits": {"max_completion_tokens": 1, "max_context_length": 2},
        "pricing": {"prompt": "0.1", "completion": "0.2"},
        "supported_parameters": {"seed": True},
    }
    assert type(parser.loose_json(dumps(public))) is PublicModel
    weird = parser.loose_json(b'{"name":"x"}')
    assert type(weird) is ModelMetadata
    assert weird.id is None


# --------------------------------------------------------------------------- BaseModel helpers


def test_none_versus_missing() -> None:
    body = {**COMPLETION, "usage": None}
    del body["time_info"]
    result = get_parser(ChatCompletion).loose_json(dumps(body))
    assert result.usage is None
    assert result.time_info is None
    assert "usage" in result.model_fields_set
    assert "time_info" not in result.model_fields_set
    as_dict = result.to_dict()
    assert as_dict["usage"] is None
    assert "time_info" not in as_dict
    assert "service_tier" not in as_dict


def test_extra_fields_are_kept_everywhere() -> None:
    body = {**COMPLETION, "brand_new": {"x": 1}}
    result = get_parser(ChatCompletion).loose_json(dumps(body))
    assert result.brand_new == {"x": 1}
    assert result.model_extra == {"brand_new": {"x": 1}}
    assert result.to_dict()["brand_new"] == {"x": 1}
    assert json.loads(result.to_json())["brand_new"] == {"x": 1}
    assert result.model_dump()["brand_new"] == {"x": 1}


def test_to_dict_options() -> None:
    class Stamped(BaseModel):
        at: datetime.datetime
        note: Optional[str] = None
        n: int = 0

    stamped = Stamped.model_validate({"at": "2025-01-01T00:00:00Z", "note": None})
    assert stamped.to_dict() == {"at": datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc), "note": None}
    assert stamped.to_dict(mode="json") == {"at": "2025-01-01T00:00:00Z", "note": None}
    assert stamped.to_dict(exclude_unset=False) == {
        "at": datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc),
        "note": None,
        "n": 0,
    }
    assert stamped.to_dict(exclude_none=True) == {"at": datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)}
    assert stamped.to_dict(exclude_unset=False, exclude_defaults=True) == {
        "at": datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    }


def test_to_json_options() -> None:
    item = Item.model_validate({"name": "a", "score": None})
    assert item.to_json() == '{\n  "name": "a",\n  "score": null\n}'
    assert item.to_json(indent=None) == '{"name":"a","score":null}'
    assert item.to_json(indent=None, exclude_none=True) == '{"name":"a"}'
    assert item.to_json(indent=4, exclude_unset=False) == '{\n    "name": "a",\n    "score": null\n}'


def test_use_api_names_dumps_by_alias() -> None:
    class Aliased(BaseModel):
        schema_: Optional[str] = pydantic.Field(default=None, alias="schema")

    aliased = Aliased.model_validate({"schema": "s"})
    assert aliased.schema_ == "s"
    assert aliased.to_dict() == {"schema": "s"}
    assert aliased.to_dict(use_api_names=False) == {"schema_": "s"}
    assert construct_type(Aliased, {"schema": "t"}).schema_ == "t"


def test_str_and_repr() -> None:
    item = Item.model_validate({"name": "a", "score": 1.5})
    assert str(item) == "Item(name='a', score=1.5)"
    assert repr(item) == "Item(name='a', score=1.5)"


def test_request_id_defaults_to_none_and_is_not_a_field() -> None:
    item = Item.model_validate({"name": "a"})
    assert item._request_id is None
    item._request_id = "req_1"
    assert item._request_id == "req_1"
    assert item.to_dict() == {"name": "a"}


def test_base_model_allows_extra_and_is_pydantic() -> None:
    assert issubclass(BaseModel, pydantic.BaseModel)
    assert BaseModel.model_config.get("extra") == "allow"


# --------------------------------------------------------------------------- parse_body (the cast_to table)

REQUEST = httpx.Request("GET", "http://api.test/x")


def response(content: bytes, content_type: Optional[str] = "application/json", **headers: str) -> httpx.Response:
    all_headers = dict(headers)
    if content_type is not None:
        all_headers["content-type"] = content_type
    r = httpx.Response(200, content=content, headers=all_headers, request=REQUEST)
    r.read()
    return r


class Sub(httpx.Response):
    pass


class Plain(pydantic.BaseModel):
    a: int


@pytest.mark.parametrize("strict", [False, True])
def test_cast_to_scalars(strict: bool) -> None:
    r = response(b"12", "text/plain")
    assert parse_body(r, httpx.Response, strict=strict) is r
    assert parse_body(r, type(None), strict=strict) is None
    assert parse_body(r, str, strict=strict) == "12"
    assert parse_body(r, bytes, strict=strict) == b"12"
    assert parse_body(r, int, strict=strict) == 12
    assert parse_body(r, float, strict=strict) == 12.0
    assert parse_body(response(b"TRUE", "text/plain"), bool, strict=strict) is True
    assert parse_body(response(b"no", "text/plain"), bool, strict=strict) is False
    assert parse_body(response(b"1.5"), float, strict=strict) == 1.5


@pytest.mark.parametrize("strict", [False, True])
def test_cast_to_json_containers(strict: bool) -> None:
    r = response(b'{"a": [1, 2], "b": null}')
    assert parse_body(r, object, strict=strict) == {"a": [1, 2], "b": None}
    assert parse_body(r, dict, strict=strict) == {"a": [1, 2], "b": None}
    assert parse_body(r, Dict[str, Any], strict=strict) == {"a": [1, 2], "b": None}
    assert parse_body(response(b"[1, 2]"), List[int], strict=strict) == [1, 2]
    assert parse_body(response(b"[1, 2]"), list, strict=strict) == [1, 2]
    item = parse_body(response(b'{"name": "x"}'), Union[Item, int], strict=strict)
    assert isinstance(item, Item)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("body", [b"null", b" null\n"])
def test_json_null_body_is_none(strict: bool, body: bytes) -> None:
    for cast_to in (object, Item, ChatCompletion, dict):
        assert parse_body(response(body), cast_to, strict=strict) is None


@pytest.mark.parametrize("strict", [False, True])
def test_cast_to_sdk_model(strict: bool) -> None:
    item = parse_body(response(b'{"name": "x", "score": 2}'), Item, strict=strict)
    assert isinstance(item, Item)
    assert item.score == 2.0


def test_cast_to_plain_pydantic_model_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="BaseModel"):
        parse_body(response(b'{"a": 1}'), Plain, strict=False)


@pytest.mark.parametrize("cast_to", [datetime.datetime, set, Exception])
def test_cast_to_other_classes_is_a_runtime_error(cast_to: type) -> None:
    with pytest.raises(RuntimeError, match="Unsupported type"):
        parse_body(response(b"{}"), cast_to, strict=False)


def test_cast_to_response_subclass_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"httpx\.Response"):
        parse_body(response(b"{}"), Sub, strict=False)


def test_non_json_content_type_loose() -> None:
    assert parse_body(response(b"hello", "text/plain"), object, strict=False) == "hello"
    assert parse_body(response(b"hello", None), Item, strict=False) == "hello"
    item = parse_body(response(b'{"name": "x"}', "text/plain"), Item, strict=False)
    assert isinstance(item, Item)
    chat = parse_body(response(dumps(COMPLETION), "text/html"), ChatCompletion, strict=False)
    assert isinstance(chat, ChatCompletionResponse)


def test_non_json_content_type_strict() -> None:
    with pytest.raises(APIResponseValidationError) as info:
        parse_body(response(b"hello", "text/plain"), object, strict=True)
    assert info.value.message == (
        "Expected Content-Type response header to be `application/json` but received `text/plain` instead."
    )
    assert info.value.body == "hello"
    with pytest.raises(APIResponseValidationError):
        parse_body(response(b"hello", "text/plain"), Item, strict=True)
    item = parse_body(response(b'{"name": "x"}', "text/plain"), Item, strict=True)
    assert isinstance(item, Item)
    assert parse_body(response(b"hello", "text/plain"), str, strict=True) == "hello"


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "application/vnd.x+json"]
)
def test_json_content_types(content_type: str) -> None:
    assert parse_body(response(b'{"a": 1}', content_type), object, strict=True) == {"a": 1}


def test_loose_mode_never_raises_for_shape() -> None:
    result = parse_body(response(b'{"id": 1, "count": "many", "extra": true}'), Holder, strict=False)
    assert isinstance(result, Holder)
    assert result.id == 1
    assert result.count == "many"
    assert result.item is None
    assert result.extra is True


def test_strict_mode_raises_with_body_and_cause() -> None:
    r = response(b'{"id": 1, "count": "many"}')
    with pytest.raises(APIResponseValidationError) as info:
        parse_body(r, Holder, strict=True)
    error = info.value
    assert error.message == "Data returned by API invalid for expected schema."
    assert error.body == {"id": 1, "count": "many"}
    assert error.status_code == 200
    assert error.response is r
    assert isinstance(error.__cause__, pydantic.ValidationError)


def test_strict_mode_on_a_union_does_not_fall_back() -> None:
    with pytest.raises(APIResponseValidationError):
        parse_body(response(b'{"foo": 1}'), ChatCompletion, strict=True)
    chunk = {k: v for k, v in CHUNK.items() if k != "system_fingerprint"}
    with pytest.raises(APIResponseValidationError):
        parse_body(response(dumps(chunk)), ChatCompletion, strict=True)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("cast_to", [ChatCompletion, Completion])
def test_error_body_with_200_raises_the_error_of_its_status_code(strict: bool, cast_to: Any) -> None:
    body = b'{"error":{"message":"m","type":"t","code":"c","param":"p","id":"i"},"status_code":400}'
    with pytest.raises(BadRequestError) as caught:
        parse_body(response(body), cast_to, strict=strict)
    error = caught.value
    assert (error.message, error.type, error.code, error.param) == (str(error), "t", "c", "p")
    assert error.body == json.loads(body)["error"]
    assert error.status_code == 400
    assert error.response.status_code == 200
    assert str(error) == f"Error code: 400 - {json.loads(body)}"


def test_error_body_with_200_maps_unknown_and_server_codes() -> None:
    with pytest.raises(InternalServerError):
        parse_body(response(b'{"error":{"message":"m"},"status_code":503}'), ChatCompletion, strict=False)
    with pytest.raises(APIStatusError) as caught:
        parse_body(response(b'{"error":{"message":"m"},"status_code":402}'), ChatCompletion, strict=False)
    assert type(caught.value) is APIStatusError
    # A body that is not an error object is returned, whatever its status field says.
    assert type(parse_body(response(dumps(COMPLETION)), ChatCompletion, strict=False)) is ChatCompletionResponse


def test_request_id_is_stamped_from_the_response() -> None:
    result = parse_body(response(dumps(COMPLETION), **{"x-request-id": "req_42"}), ChatCompletion, strict=False)
    assert result._request_id == "req_42"
    assert parse_body(response(dumps(COMPLETION)), ChatCompletion, strict=False)._request_id is None


def test_stamping_a_request_id_keeps_a_subclass_s_own_private_attributes() -> None:
    class WithPrivate(BaseModel):
        name: str
        _cache: int = pydantic.PrivateAttr(default=7)

    model = WithPrivate.model_validate({"name": "x"})
    model._request_id = "req_1"
    assert model._request_id == "req_1"
    assert model._cache == 7
    plain = WithPrivate.model_construct(name="y")
    assert plain._request_id is None
    assert plain._cache == 7
