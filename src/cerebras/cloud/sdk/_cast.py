"""Converting a response to what an API call returns: the body to `cast_to` (the low-level
`cast_to` rules, loose or strict), or an open SSE response to its `Stream` class."""

from __future__ import annotations

import json
import logging
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Dict

import httpx
from typing_extensions import get_args, get_origin

from ._exceptions import APIResponseValidationError, make_status_error, request_id_of
from ._narrow import is_dict

if TYPE_CHECKING:
    from ._models import Parser, TypeExpression

__all__ = ["make_stream", "parse_body"]

log = logging.getLogger("cerebras.cloud.sdk._response")


def _models() -> ModuleType:
    # pydantic is imported on the first response, not at `import cerebras.cloud.sdk`.
    module = sys.modules.get(_MODELS)
    if module is None:
        from . import _models as module
    return module


_MODELS = __name__.rsplit(".", 1)[0] + "._models"


_checked_types: set[TypeExpression] = set()
"""`cast_to` types already found acceptable by `parse_body` (its checks cost more than a parse)."""


def _known(cast_to: TypeExpression) -> bool:
    try:
        return cast_to in _checked_types
    except TypeError:  # unhashable
        return False


def _mentions_model(type_: TypeExpression) -> bool:
    import pydantic

    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        return True
    return any(_mentions_model(arg) for arg in get_args(type_))


def _content_type_is_json(response: httpx.Response) -> bool:
    content_type = response.headers.get("content-type", "")
    return content_type.split(";", 1)[0].strip().endswith("json")


_SCALARS: Dict[object, Callable[[httpx.Response], object]] = {
    type(None): lambda _response: None,
    str: lambda response: response.text,
    bytes: lambda response: response.content,
    int: lambda response: int(response.text),
    float: lambda response: float(response.text),
    bool: lambda response: response.text.lower() == "true",
}
"""The `cast_to` types read straight from the body's text or bytes."""


def parse_body(response: httpx.Response, cast_to: TypeExpression, *, strict: bool) -> Any:
    """Convert a read response's body to `cast_to` (see the low-level `cast_to` rules).

    Returns `Any`: a value of the type `cast_to` names, which the caller declares.
    """
    if cast_to is httpx.Response:
        return response
    scalar = _SCALARS.get(cast_to) if isinstance(cast_to, type) else None
    if scalar is not None:
        return scalar(response)
    if isinstance(cast_to, type) and issubclass(cast_to, httpx.Response):
        raise ValueError(f"Subclasses of httpx.Response cannot be passed to `cast_to`, got {cast_to!r}")
    models = _models()
    if not _known(cast_to):
        _check_cast_to(cast_to, models)
    content = response.content
    if not _content_type_is_json(response):
        return _parse_non_json(response, models, cast_to, strict=strict)
    if len(content) < 16 and content.strip() == b"null":  # a JSON `null` body, maybe padded
        return None
    if cast_to is object:
        try:
            return json.loads(content)
        except (ValueError, RecursionError) as exc:
            raise _not_json(response) from exc
    result = _validate(response, models.get_parser(cast_to), content, strict=strict)
    _stamp(result, response, models)
    return result


def _check_cast_to(cast_to: TypeExpression, models: ModuleType) -> None:
    """Refuse a `cast_to` that cannot be converted to (checked once per type)."""
    origin: object = get_origin(cast_to) or cast_to
    if isinstance(cast_to, type) and origin is cast_to and cast_to is not object:
        import pydantic

        if issubclass(cast_to, pydantic.BaseModel) and not issubclass(cast_to, models.BaseModel):
            raise TypeError("Pydantic models must subclass our base model type, `cerebras.cloud.sdk.BaseModel`")
        if not issubclass(cast_to, pydantic.BaseModel) and cast_to not in (dict, list):
            raise RuntimeError(f"Unsupported type, expected {cast_to} to be a subclass of BaseModel, dict or list")
    try:
        _checked_types.add(cast_to)
    except TypeError:
        pass


def _parse_non_json(response: httpx.Response, models: ModuleType, cast_to: TypeExpression, *, strict: bool) -> Any:
    """A body whose content type is not JSON: decoded anyway for a model type, else its text."""
    if cast_to is not object and _mentions_model(cast_to):
        try:
            data = json.loads(response.content)
        except Exception as exc:
            log.debug("Could not read JSON from response data due to %s - %s", type(exc), exc)
        else:
            return _convert(response, models, cast_to, data, strict=strict)
    if strict:
        raise APIResponseValidationError(
            response,
            response.text,
            message=(
                "Expected Content-Type response header to be `application/json` but received "
                f"`{response.headers.get('content-type')}` instead."
            ),
        )
    return response.text


def _validate(response: httpx.Response, parser: Parser, content: bytes, *, strict: bool) -> Any:
    """`content` validated (strict) or built loosely by `parser`."""
    if strict:
        import pydantic

        try:
            return parser.validate_json(content)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(response, _json_or_text(response)) from exc
    try:
        return parser.loose_json(content)
    except (ValueError, RecursionError) as exc:
        # Cut off, or not UTF-8: loose mode tolerates any shape, but there is no shape here.
        raise _not_json(response) from exc


def _not_json(response: httpx.Response) -> APIResponseValidationError:
    return APIResponseValidationError(response, response.text, message="The response body is not valid JSON.")


def _json_or_text(response: httpx.Response) -> object:
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        return response.text


def _convert(
    response: httpx.Response, models: ModuleType, cast_to: TypeExpression, data: object, *, strict: bool
) -> Any:
    parser = models.get_parser(cast_to)
    if strict:
        import pydantic

        try:
            result = parser.validate_python(data)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(response, data) from exc
    else:
        result = parser.loose(data)
    _stamp(result, response, models)
    return result


def _stamp(result: object, response: httpx.Response, models: ModuleType) -> None:
    if isinstance(result, models.ErrorResponseModel):
        raise _error_in_success(result, response)
    if isinstance(result, models.BaseModel):
        request_id = request_id_of(response.headers)
        if request_id is not None:
            # The property's setter, called directly: what pydantic's `__setattr__` ends up doing.
            models.BaseModel._request_id.fset(result, request_id)


def _error_in_success(result: Any, response: httpx.Response) -> Exception:
    """The `APIStatusError` for an error object received with a 2xx status (its `status_code`
    chooses the class; the message has the `Error code: <status> - <body>` form).

    `result` is `Any`: an `ErrorResponseModel` recognised through the lazily imported `_models`
    module, which the type checker sees as a plain `ModuleType`."""
    body = _json_or_text(response)
    if not is_dict(body):  # a non-JSON body read as a model: its fields are the body
        body = result.to_dict()
    embedded = body.get("status_code")
    status = embedded if isinstance(embedded, int) and not isinstance(embedded, bool) else response.status_code
    return make_status_error(f"Error code: {status} - {body}", body=body, response=response)


def make_stream(
    stream_cls: TypeExpression, cast_to: TypeExpression, response: httpx.Response, client: object, options: object
) -> Any:
    """Instantiate `stream_cls` (e.g. `Stream[ChatCompletion]`) over an open SSE response.

    Returns `Any`: an instance of the class `stream_cls` names, which the caller declares.
    """
    origin: Any = get_origin(stream_cls) or stream_cls  # the stream class, called with its keywords
    args = get_args(stream_cls)
    item_type = args[0] if args else cast_to
    return origin(cast_to=item_type, response=response, client=client, options=options)
