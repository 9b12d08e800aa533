"""The exception tree and the PURE mapping of error responses to exceptions."""

from __future__ import annotations

from typing import Optional, Type

import httpx
import pytest

import cerebras.cloud.sdk as sdk
from cerebras.cloud.sdk import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CerebrasError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from cerebras.cloud.sdk._exceptions import StreamAlreadyConsumed, error_for_response, make_status_error

REQUEST = httpx.Request("POST", "http://api.test/v1/chat/completions")


def response(
    status: int, content: bytes = b"", *, headers: Optional[dict[str, str]] = None, read: bool = True
) -> httpx.Response:
    r = httpx.Response(status, content=content, headers=headers, request=REQUEST)
    if read:
        r.read()
    return r


def json_response(status: int, body: str) -> httpx.Response:
    return response(status, body.encode(), headers={"content-type": "application/json"})


def test_hierarchy() -> None:
    assert issubclass(APIError, CerebrasError)
    assert issubclass(APIStatusError, APIError)
    assert issubclass(APIConnectionError, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIResponseValidationError, APIError)
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
    ):
        assert cls.__bases__ == (APIStatusError,)
    assert issubclass(StreamAlreadyConsumed, CerebrasError)
    assert not issubclass(StreamAlreadyConsumed, APIError)


def test_public_names_are_published_under_the_package() -> None:
    for cls in (CerebrasError, APIStatusError, NotFoundError, InternalServerError):
        assert cls.__module__ == "cerebras.cloud.sdk"
        assert getattr(sdk, cls.__name__) is cls
    assert repr(NotFoundError) == "<class 'cerebras.cloud.sdk.NotFoundError'>"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (402, APIStatusError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
        (599, InternalServerError),
        (405, APIStatusError),
        (408, APIStatusError),
        (418, APIStatusError),
        (200, APIStatusError),
    ],
)
def test_status_to_class(status: int, cls: Type[APIStatusError]) -> None:
    error = make_status_error("m", body=None, response=response(status))
    assert type(error) is cls
    assert error.status_code == status
    assert error.message == "m"
    assert str(error) == "m"


def test_class_level_status_codes() -> None:
    assert BadRequestError.status_code == 400
    assert RateLimitError.status_code == 429
    assert "status_code" not in vars(InternalServerError)  # any 5xx, as in the official SDK


def test_503_and_402_raise_exactly_the_official_classes() -> None:
    # Tracers record `type(e).__name__`: it must be the official class, not a subclass.
    unavailable = error_for_response(response(503, b"down"))
    assert type(unavailable) is InternalServerError
    assert type(unavailable).__name__ == "InternalServerError"
    assert unavailable.status_code == 503
    payment = error_for_response(json_response(402, '{"message":"no credit","code":"payment_required"}'))
    assert type(payment) is APIStatusError
    assert type(payment).__name__ == "APIStatusError"
    assert (payment.status_code, payment.code) == (402, "payment_required")


def test_service_unavailable_error_is_a_deprecated_alias() -> None:
    with pytest.warns(DeprecationWarning, match="InternalServerError"):
        alias = sdk.ServiceUnavailableError
    assert alias is InternalServerError
    assert "ServiceUnavailableError" not in sdk.__all__
    assert "ServiceUnavailableError" not in dir(sdk)
    with pytest.warns(DeprecationWarning, match="a 503 raises"):
        exec("from cerebras.cloud.sdk import ServiceUnavailableError", {})


def test_payment_required_error_is_gone() -> None:
    # An alias of `APIStatusError` would send every error into a handler written for 402.
    assert not hasattr(sdk, "PaymentRequiredError")
    with pytest.raises(ImportError):
        exec("from cerebras.cloud.sdk import PaymentRequiredError", {})
    import cerebras.cloud.sdk._exceptions as exceptions

    assert not hasattr(exceptions, "PaymentRequiredError")
    assert not hasattr(exceptions, "ServiceUnavailableError")


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 409, 418, 422, 429, 500, 503])
def test_str_is_exactly_the_official_text_even_with_a_request_id(status: int) -> None:
    r = response(status, b'{"message":"nope"}', headers={"x-request-id": "req_abc", "content-type": "application/json"})
    error = error_for_response(r)
    assert str(error) == f"Error code: {status} - {{'message': 'nope'}}"
    assert error.request_id == "req_abc"
    in_stream = make_status_error("too long", body={"error": {"message": "too long"}}, response=r)
    assert str(in_stream) == "too long"
    assert in_stream.request_id == "req_abc"


def test_message_for_json_body() -> None:
    error = error_for_response(json_response(400, '{"message":"bad"}'))
    assert type(error) is BadRequestError
    assert error.message == "Error code: 400 - {'message': 'bad'}"
    assert str(error) == error.message
    assert error.body == {"message": "bad"}


def test_message_for_text_and_empty_bodies() -> None:
    text = error_for_response(response(502, b"  gateway down \n"))
    assert type(text) is InternalServerError
    assert text.message == "gateway down"
    assert text.body == "gateway down"
    empty = error_for_response(response(401))
    assert type(empty) is AuthenticationError
    assert empty.message == "Error code: 401"
    assert empty.body == ""


def test_json_scalars_and_lists_are_bodies_too() -> None:
    listed = error_for_response(response(400, b"[1, 2]"))
    assert listed.message == "Error code: 400 - [1, 2]"
    assert listed.body == [1, 2]
    quoted = error_for_response(response(400, b'"oops"'))
    assert quoted.message == "Error code: 400 - oops"
    assert quoted.body == "oops"


def test_body_status_code_chooses_class_and_status() -> None:
    error = error_for_response(json_response(400, '{"error":{"message":"inner"},"status_code":429}'))
    assert type(error) is RateLimitError
    assert error.status_code == 429
    assert error.body == {"message": "inner"}
    # The message still shows the HTTP status and the whole decoded body.
    assert error.message == "Error code: 400 - {'error': {'message': 'inner'}, 'status_code': 429}"
    assert error.response.status_code == 400


@pytest.mark.parametrize(
    ("body", "status", "cls", "shown"),
    [
        ('{"message":"bad","type":"invalid_request_error","param":"model","code":"x"}', 400, BadRequestError, None),
        ('{"x":1}', 418, APIStatusError, {"x": 1}),
        ('{"error":null}', 400, BadRequestError, None),
        ('{"error":"plain","status_code":"503"}', 400, BadRequestError, "plain"),
        ('{"error":{"m":1},"status_code":true}', 404, NotFoundError, {"m": 1}),
        ('{"status_code":503}', 400, InternalServerError, {"status_code": 503}),
        ('{"status_code":402}', 500, APIStatusError, {"status_code": 402}),
    ],
)
def test_body_rules(body: str, status: int, cls: Type[APIStatusError], shown: object) -> None:
    import json

    error = error_for_response(json_response(status, body))
    assert type(error) is cls
    decoded = json.loads(body)
    expected_shown = decoded if shown is None and "error" not in decoded else shown
    assert error.body == expected_shown
    embedded = decoded.get("status_code")
    is_int = isinstance(embedded, int) and not isinstance(embedded, bool)
    assert error.status_code == (embedded if is_int else status)


def test_code_type_param_and_request_id() -> None:
    body = '{"message":"bad","type":"invalid_request_error","param":"model","code":"model_not_found"}'
    r = response(404, body.encode(), headers={"x-request-id": "req_123", "content-type": "application/json"})
    error = error_for_response(r)
    assert error.code == "model_not_found"
    assert error.type == "invalid_request_error"
    assert error.param == "model"
    assert error.request_id == "req_123"
    assert "req_123" not in error.message
    assert (
        error.message
        == f"Error code: 404 - {dict(message='bad', type='invalid_request_error', param='model', code='model_not_found')}"
    )


def test_code_type_param_come_from_the_error_member() -> None:
    body = '{"error":{"message":"m","type":"t","param":"p","code":"c"},"status_code":400}'
    error = error_for_response(json_response(400, body))
    assert (error.code, error.type, error.param) == ("c", "t", "p")
    assert error.request_id is None


def test_code_type_param_are_none_without_a_mapping_body() -> None:
    error = error_for_response(response(500, b"boom"))
    assert (error.code, error.type, error.param) == (None, None, None)
    numeric = error_for_response(json_response(400, '{"code": 42}'))
    assert numeric.code == "42"


def test_closed_unread_response() -> None:
    r = httpx.Response(500, stream=httpx.ByteStream(b"never read"), request=REQUEST)
    r.close()
    error = error_for_response(r)
    assert type(error) is InternalServerError
    assert error.message == "Error code: 500"
    assert error.body is None


def test_status_error_attributes() -> None:
    r = response(400, b'{"a":1}')
    error = error_for_response(r)
    assert error.response is r
    assert error.request is REQUEST


def test_connection_and_timeout_errors() -> None:
    connection = APIConnectionError(request=REQUEST)
    assert connection.message == "Connection error."
    assert str(connection) == "Connection error."
    assert connection.body is None
    assert connection.request is REQUEST
    assert APIConnectionError(message="custom", request=REQUEST).message == "custom"
    timeout = APITimeoutError(request=REQUEST)
    assert timeout.message == "Request timed out."
    assert isinstance(timeout, APIConnectionError)
    assert timeout.body is None


def test_response_validation_error() -> None:
    r = response(200, b"{}")
    error = APIResponseValidationError(r, {"a": 1})
    assert error.message == "Data returned by API invalid for expected schema."
    assert error.status_code == 200
    assert error.body == {"a": 1}
    assert error.response is r
    assert error.request is REQUEST
    assert APIResponseValidationError(r, None, message="other").message == "other"


def test_api_error_constructor() -> None:
    error = APIError("msg", REQUEST, body={"k": "v"})
    assert (error.message, error.request, error.body) == ("msg", REQUEST, {"k": "v"})


def test_stream_already_consumed_message() -> None:
    assert "already been streamed" in str(StreamAlreadyConsumed())


def test_rate_limit_error_exposes_rate_limits() -> None:
    r = response(
        429, b"{}", headers={"x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-reset-tokens-minute": "12.5"}
    )
    error = error_for_response(r)
    assert isinstance(error, RateLimitError)
    assert error.rate_limits.remaining_tokens_minute == 0
    assert error.rate_limits.reset_tokens_minute == 12.5
