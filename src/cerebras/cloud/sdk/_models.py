"""`BaseModel` for response data, and PURE conversion of decoded JSON into declared response types.

Conversion follows the official SDK's two modes:

* loose (the default): validate against the declared type; when that fails, build the value
  without validation (`construct`), keeping whatever the server sent. Never raises for shape.
  Building converts what it can as the official SDK's models do: nested dicts into models, a
  union value into the member that validation picks for it (the first member only when none
  fits), ISO 8601 date-times and Unix timestamps into `datetime`, ISO dates into `date`.
* strict (`_strict_response_validation=True`): validate, and raise on mismatch.

The hot paths (a chat completion, a streamed chunk) validate straight from the response bytes
with pydantic-core, so each body is parsed exactly once. The loose fallback is the slow path
and only runs for bodies that do not match their schema.
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import date, datetime, timezone
from typing import (
    Any,
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    cast,
)

import pydantic
import pydantic_core
from typing_extensions import Annotated, Literal, get_args, get_origin

from ._narrow import is_dict, is_list, is_mapping

__all__ = ["BaseModel", "ErrorResponseModel", "Parser", "construct_type", "get_parser"]

_T = TypeVar("_T")
_ModelT = TypeVar("_ModelT", bound="BaseModel")
_PydanticT = TypeVar("_PydanticT", bound=pydantic.BaseModel)

TypeExpression = Any
"""A runtime type expression (a class, `Union[...]`, `List[...]`, `Annotated[...]`): what a call's
`cast_to` names and what pydantic's `TypeAdapter` takes. It stays `Any`: its precise type
(`TypeForm`, PEP 747) cannot be spelled on the Pythons this package supports."""

_DEFER_BUILD = os.environ.get("DEFER_PYDANTIC_BUILD", "true").lower() in ("true", "1", "on")


class BaseModel(pydantic.BaseModel):
    """Base class of every response model.

    Unknown keys sent by the API are kept (as attributes, in `model_extra` and in `to_dict()`),
    so a field added on the server is usable before the SDK knows about it. A key the server
    left out and a key it sent as `null` both read as `None`; `model_fields_set` tells them
    apart, and `to_dict()` keeps explicit `null`s while leaving absent keys out.
    """

    model_config = pydantic.ConfigDict(
        extra="allow",
        defer_build=_DEFER_BUILD,
        protected_namespaces=(),
        populate_by_name=True,
    )

    # A plain property, not a pydantic private attribute: private attributes cost a Python call
    # for every nested model on every validation, which is the per-chunk hot path.
    @property
    def _request_id(self) -> Optional[str]:
        """The server's request id for the response this object was parsed from, if it sent one."""
        private = self.__pydantic_private__
        return private.get("_request_id") if private else None

    @_request_id.setter
    def _request_id(self, value: Optional[str]) -> None:
        private = self.__pydantic_private__
        if private is None:
            object.__setattr__(self, "__pydantic_private__", {"_request_id": value})
        else:  # a subclass with private attributes of its own keeps them
            private["_request_id"] = value

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> Dict[str, object]:
        """The model as a dictionary, keyed as the API sends it.

        By default keys absent from the response are left out and explicit `null`s are kept.
        `mode="json"` makes every value JSON-safe.
        """
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: Optional[int] = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """The model as a JSON string (indented by 2 by default; `indent=None` for compact)."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def __str__(self) -> str:
        return f"{self.__repr_name__()}({self.__repr_str__(', ')})"

    @classmethod
    def construct(cls: Type[_ModelT], _fields_set: Optional[set[str]] = None, **values: object) -> _ModelT:
        """Build an instance without validation, converting nested dicts into nested models."""
        return _construct_model(cls, values, _fields_set)

    @classmethod
    def model_construct(cls: Type[_ModelT], _fields_set: Optional[set[str]] = None, **values: object) -> _ModelT:
        """Same as `construct`: build without validation, recursively."""
        return _construct_model(cls, values, _fields_set)


class ErrorResponseModel(BaseModel):
    """Base of the models of an error object a server sends, with a 2xx status, in place of a result.

    A body parsed as one of them is never returned: it raises the `APIStatusError` subclass its
    `status_code` maps to (see `make_status_error`).
    """


# --------------------------------------------------------------------------- loose construction

_FieldPlan = Tuple[str, str, TypeExpression, Callable[[], object]]
"""Per field: name, alias, annotation (a runtime type expression), default factory."""
_plans: Dict[type, List[_FieldPlan]] = {}


def _field_plan(cls: Type[pydantic.BaseModel]) -> List[_FieldPlan]:
    known = _plans.get(cls)
    if known is not None:
        return known
    plan: List[_FieldPlan] = []
    for name, field in cls.model_fields.items():
        key = field.alias or name
        if field.default_factory is not None:
            # pydantic also allows a factory taking the validated data; response models never use one.
            factory = cast("Callable[[], object]", field.default_factory)
        else:
            default = None if field.default is pydantic_core.PydanticUndefined else field.default
            factory = _constant(default)
        plan.append((name, key, field.annotation, factory))
    _plans[cls] = plan
    return plan


def _constant(value: object) -> Callable[[], object]:
    return lambda: value


def _construct_model(
    cls: Type[_PydanticT], data: Mapping[str, object], fields_set: Optional[set[str]] = None
) -> _PydanticT:
    values: Dict[str, object] = {}
    seen: set[str] = set()
    explicit: set[str] = set()
    for name, key, annotation, default in _field_plan(cls):
        if key in data:
            raw = data[key]
            seen.add(key)
        elif name in data:
            raw = data[name]
            seen.add(name)
        else:
            values[name] = default()
            continue
        explicit.add(name)
        values[name] = default() if raw is None else construct_type(annotation, raw)
    extra = {k: v for k, v in data.items() if k not in seen}
    instance = cls.__new__(cls)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", explicit if fields_set is None else set(fields_set))
    object.__setattr__(instance, "__pydantic_extra__", extra)
    privates = cls.__private_attributes__
    object.__setattr__(
        instance,
        "__pydantic_private__",
        {name: attr.get_default() for name, attr in privates.items()} if privates else None,
    )
    return instance


def construct_type(type_: TypeExpression, value: object) -> Any:
    """Convert `value` towards `type_` without validating: models from dicts, recursively.

    Returns `Any`: a value of the type `type_` names (see `TypeExpression`), or `value` as it is.

    A union value becomes the member that validation picks for it; one that fits no member is
    built as the first member. Date-times and dates are parsed (see `_to_datetime`). Values
    that do not fit are kept as they are; an `int` for a `float` field becomes a `float`.
    """
    origin = get_origin(type_)
    if origin is None:
        if isinstance(type_, type):
            return _construct_plain(type_, value)
        return value
    if origin in _UNION_ORIGINS:
        validated = _validated_union(type_, value)
        return validated if validated is not _UNFIT else _construct_first_member(type_, value)
    args = get_args(type_)
    if origin is Annotated and args:
        return construct_type(args[0], value)
    if origin in (list, List) and is_list(value) and args:
        return [construct_type(args[0], item) for item in value]
    if origin in (dict, Dict) and is_dict(value) and len(args) == 2:
        return {k: construct_type(args[1], v) for k, v in value.items()}
    return value


def _construct_plain(type_: type, value: object) -> object:
    if issubclass(type_, pydantic.BaseModel):
        if is_mapping(value):
            return _construct_model(type_, value)
        return value
    if type_ is float and isinstance(value, int) and not isinstance(value, bool):
        as_float = float(value)
        return as_float if int(as_float) == value else value
    if type_ is datetime:
        return _to_datetime(value)
    if type_ is date:
        return _to_date(value)
    return value


def _construct_first_member(type_: TypeExpression, value: object) -> object:
    """A union value that fits no member: built as the first member, as the official SDK does."""
    members = [a for a in get_args(type_) if a is not type(None)]
    return construct_type(members[0], value) if members else value


if sys.version_info >= (3, 10):
    import types

    _UNION_ORIGINS: Tuple[object, ...] = (Union, types.UnionType)
else:
    _UNION_ORIGINS = (Union,)

_UNFIT = object()
"""What `_validated_union` returns for a value that fits no member."""

_union_adapters: Dict[TypeExpression, Optional[pydantic.TypeAdapter[object]]] = {}


def _validated_union(type_: TypeExpression, value: object) -> object:
    """`value` validated against the union `type_` (pydantic's smart mode picks the member that
    fits best), or `_UNFIT`. Never raises."""
    try:
        adapter = _union_adapters.get(type_)
    except TypeError:  # an unhashable union (a `Literal` of a list...): no cache
        adapter = None
    if adapter is None:
        try:
            adapter = pydantic.TypeAdapter(type_)
        except Exception:  # a member pydantic has no schema for: build as the first member
            return _UNFIT
        try:
            _union_adapters[type_] = adapter
        except TypeError:
            pass
    try:
        return adapter.validate_python(value)
    except Exception:  # a validation error, or anything a validator raised: it does not fit
        return _UNFIT


_ISO_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", re.ASCII | re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_NUMBER = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_date_time_adapter: Optional[pydantic.TypeAdapter[datetime]] = None
_date_adapter: Optional[pydantic.TypeAdapter[date]] = None


def _parse_date_time(value: Union[str, int, float]) -> Optional[datetime]:
    global _date_time_adapter
    adapter = _date_time_adapter
    if adapter is None:
        adapter = _date_time_adapter = pydantic.TypeAdapter(datetime)
    try:
        parsed = adapter.validate_python(value)
    except pydantic.ValidationError:
        return None
    offset = parsed.utcoffset()
    # The standard library's fixed-offset zones (`timezone.utc` for `Z`), as the official SDK's
    # models give; pydantic's own `TzInfo` compares equal but is another class.
    return parsed if offset is None else parsed.replace(tzinfo=timezone(offset))


def _to_datetime(value: object) -> object:
    """An ISO 8601 date-time (`T` or space between date and time; `Z` or an offset) or a Unix
    timestamp (seconds, or milliseconds past 2e10; a number or a numeric string) as a
    `datetime`, parsed as pydantic parses them; anything else as it is."""
    if isinstance(value, str):
        if not (_ISO_DATE_TIME.match(value) or _NUMBER.fullmatch(value)):
            return value
    elif not isinstance(value, (int, float)) or isinstance(value, bool):
        return value
    parsed = _parse_date_time(value)
    return value if parsed is None else parsed


def _to_date(value: object) -> object:
    """An ISO 8601 date (`YYYY-MM-DD`) as a `date`, and a Unix timestamp (a number or a numeric
    string) as its UTC date; anything else as it is."""
    global _date_adapter
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        adapter = _date_adapter
        if adapter is None:
            adapter = _date_adapter = pydantic.TypeAdapter(date)
        try:
            return adapter.validate_python(value)
        except pydantic.ValidationError:
            return value
    if (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
        isinstance(value, str) and _NUMBER.fullmatch(value)
    ):
        parsed = _parse_date_time(value)
        return value if parsed is None else parsed.date()
    return value


# --------------------------------------------------------------------------- validation


class Parser:
    """Converts JSON (bytes or decoded) into one declared type, loosely or strictly.

    One instance per type, cached by `get_parser`: the pydantic validator is built once, on
    first use, and every later body goes straight from bytes to objects.

    The methods return `Any`: the value has the type `type_` names, which a `TypeExpression`
    cannot carry to the type checker; the callers declare it (`cast_to: Type[_T]` -> `_T`).
    """

    __slots__ = ("_adapter", "_hint", "_is_model", "_last", "direct", "type_")

    def __init__(self, type_: TypeExpression) -> None:
        self.type_ = type_
        self._adapter: Optional[pydantic.TypeAdapter[Any]] = None
        self._is_model = isinstance(type_, type) and issubclass(type_, pydantic.BaseModel)
        # For a union: the member that matched last time, if it has a required literal field
        # (`object: Literal["chat.completion.chunk"]`). Validating a body against that member
        # alone is much cheaper than trying the whole union, and a body that passes its literal
        # cannot be a better match for another member. Unions told apart only by shape (the
        # models listings) get no hint and are validated as a whole...
        self._hint: Optional[Type[pydantic.BaseModel]] = None
        # ...unless the body is byte for byte the last one such a union validated (a models
        # listing rarely changes): validation is deterministic, so the same member wins again.
        self._last: Optional[Tuple[Union[bytes, str], Type[pydantic.BaseModel]]] = None
        self.direct: Optional[Callable[[Union[bytes, str]], Any]] = None
        """The built validator's own `validate_json`, of the model or of the union's hint, once
        known: the call `model_validate_json` makes, less a Python frame per body or chunk. A
        body it rejects may still be valid: `validate_json` then tries the whole union."""

    @property
    def adapter(self) -> pydantic.TypeAdapter[Any]:
        adapter = self._adapter
        if adapter is None:
            adapter = self._adapter = pydantic.TypeAdapter(self.type_)
        return adapter

    def validate_json(self, raw: Union[bytes, str]) -> Any:
        """Validate a JSON document; raises `pydantic.ValidationError` on any mismatch."""
        fast = self.direct
        if self._is_model:
            if fast is not None:
                return fast(raw)
            result = self.type_.model_validate_json(raw)
            self.direct = _built_validate_json(self.type_)
            return result
        hint = self._hint
        if hint is not None:
            try:
                if fast is not None:
                    return fast(raw)
                result = hint.model_validate_json(raw)
                self.direct = _built_validate_json(hint)
                return result
            except pydantic.ValidationError:
                pass
        last = self._last
        if last is not None and last[0] == raw:
            return last[1].model_validate_json(raw)
        result = self.adapter.validate_json(raw)
        if isinstance(result, pydantic.BaseModel):
            if _has_required_literal(type(result)):
                if self._hint is not type(result):
                    self._hint, self.direct = type(result), None
            else:
                self._last = (raw, type(result))
        return result

    def validate_python(self, data: object) -> Any:
        """Validate decoded JSON; raises `pydantic.ValidationError` on any mismatch."""
        if self._is_model:
            return self.type_.model_validate(data)
        return self.adapter.validate_python(data)

    def fast_json(self, raw: Union[bytes, str]) -> Any:
        """`validate_json`, or `None` when the document is not valid JSON of this type."""
        try:
            return self.validate_json(raw)
        except pydantic.ValidationError:
            return None

    def loose(self, data: object) -> Any:
        """Validate `data`, or construct it without validation when it does not fit."""
        try:
            return self.validate_python(data)
        except pydantic.ValidationError:
            return self._construct(data)

    def loose_json(self, raw: Union[bytes, str]) -> Any:
        """`loose` for a JSON document; raises `ValueError` only if `raw` is not JSON at all."""
        try:
            return self.validate_json(raw)
        except pydantic.ValidationError:
            return self._construct(json.loads(raw))

    def _construct(self, data: object) -> Any:
        # The whole type was just validated and did not fit: a union goes to its first member
        # at once (validating it again would only fail again).
        if get_origin(self.type_) in _UNION_ORIGINS:
            return _construct_first_member(self.type_, data)
        return construct_type(self.type_, data)


def _built_validate_json(cls: Type[pydantic.BaseModel]) -> Optional[Callable[[Union[bytes, str]], Any]]:
    # `None` while the model's validator is still a deferred-build placeholder.
    validator = cls.__pydantic_validator__
    return validator.validate_json if isinstance(validator, pydantic_core.SchemaValidator) else None


_required_literal: Dict[type, bool] = {}


def _has_required_literal(cls: Type[pydantic.BaseModel]) -> bool:
    known = _required_literal.get(cls)
    if known is None:
        known = _required_literal[cls] = any(
            field.is_required() and get_origin(field.annotation) is Literal for field in cls.model_fields.values()
        )
    return known


_parsers: Dict[TypeExpression, Parser] = {}


def get_parser(type_: TypeExpression) -> Parser:
    """The cached `Parser` for `type_`."""
    parser = _parsers.get(type_)
    if parser is None:
        parser = _parsers[type_] = Parser(type_)
    return parser
