"""`BaseModel.construct()` / `construct_type`: the best-matching union member, dates and times.

Loose construction (the fallback for a body that does not fit its schema, and
`BaseModel.construct()`) converts each field the way the official SDK's models do: a union
value that validates against the union becomes the member pydantic's smart mode picks (so a
`B` is not built as an `A` because `A` comes first), in nested models, lists, dicts and unions
of containers; only a value that fits no member is built as the first member. An ISO 8601
date-time (or a Unix timestamp) in a `datetime` field becomes a `datetime`, an ISO date in a
`date` field a `date`; anything else is kept as it came.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Union

import pydantic
import pytest
from _fuzz import FUZZ, json_values
from hypothesis import given
from hypothesis import strategies as st
from typing_extensions import Literal

from cerebras.cloud.sdk import BaseModel
from cerebras.cloud.sdk._models import construct_type, get_parser

__all__: List[str] = []

pytestmark = pytest.mark.fuzz


class A(BaseModel):
    kind: Literal["a"]
    x: int


class B(BaseModel):
    kind: Literal["b"]
    y: str


class Stamped(BaseModel):
    at: datetime


class Holder(BaseModel):
    one: Union[A, B]
    lists: Union[List[A], List[B]]
    dicts: Union[Dict[str, A], Dict[str, B]]
    by_key: Dict[str, Union[A, B]]
    items: List[Union[A, B]]
    maybe: Optional[Union[A, B]] = None
    when: datetime
    maybe_when: Optional[datetime] = None
    day: date
    text_or_a: Union[str, A]
    stamped: Optional[List[Stamped]] = None


A_VALUE = {"kind": "a", "x": 1}
B_VALUE = {"kind": "b", "y": "hi"}


def test_a_nested_union_takes_the_member_that_fits() -> None:
    holder = Holder.construct(one=B_VALUE, maybe=B_VALUE)
    assert type(holder.one) is B
    assert holder.one.y == "hi"
    assert type(holder.maybe) is B
    assert type(Holder.construct(one=A_VALUE).one) is A


def test_unions_of_lists_and_of_dicts_take_the_member_that_fits() -> None:
    holder = Holder.construct(lists=[B_VALUE, B_VALUE], dicts={"k": B_VALUE})
    assert [type(item) for item in holder.lists] == [B, B]
    assert type(holder.dicts["k"]) is B
    holder = Holder.construct(lists=[A_VALUE], dicts={"k": A_VALUE})
    assert type(holder.lists[0]) is A
    assert type(holder.dicts["k"]) is A


def test_containers_of_unions_pick_per_item() -> None:
    holder = Holder.construct(items=[B_VALUE, A_VALUE, {"kind": "c"}], by_key={"b": B_VALUE, "a": A_VALUE})
    assert [type(item) for item in holder.items] == [B, A, A]  # what fits nothing: the first member
    assert holder.items[2].kind == "c"
    assert {key: type(value) for key, value in holder.by_key.items()} == {"b": B, "a": A}


def test_a_value_that_fits_no_member_is_built_as_the_first_member_as_the_official_sdk_does() -> None:
    holder = Holder.construct(one={"kind": "b", "y": 5}, lists=[{"kind": "b"}])
    assert type(holder.one) is A
    assert holder.one.kind == "b"
    assert holder.one.x is None
    assert type(holder.lists[0]) is A
    # The first member of `Union[str, A]` is `str`: a mapping that is no `A` stays a mapping.
    assert Holder.construct(text_or_a={"kind": "z"}).text_or_a == {"kind": "z"}
    assert type(Holder.construct(text_or_a=A_VALUE).text_or_a) is A
    assert Holder.construct(text_or_a="plain").text_or_a == "plain"


def test_scalar_unions_keep_what_fits() -> None:
    assert construct_type(Union[int, str], "5") == "5"
    assert construct_type(Union[int, str], 5) == 5
    assert construct_type(Optional[A], None) is None
    assert construct_type(Union[int, str], [1]) == [1]  # fits nothing, not convertible: kept


def test_iso_date_times_become_datetimes() -> None:
    holder = Holder.construct(
        when="2024-05-06T07:08:09Z",
        maybe_when="2024-05-06T07:08:09.250+02:00",
        day="2024-05-06",
        stamped=[{"at": "2024-05-06 07:08:09"}],
    )
    assert holder.when == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    assert holder.when.tzinfo is timezone.utc  # the standard library's zones, as the official SDK gives
    assert holder.maybe_when == datetime(2024, 5, 6, 7, 8, 9, 250000, tzinfo=timezone(timedelta(hours=2)))
    assert holder.day == date(2024, 5, 6)
    assert type(holder.day) is date
    assert holder.stamped is not None
    assert holder.stamped[0].at == datetime(2024, 5, 6, 7, 8, 9)


def test_unix_timestamps_become_datetimes() -> None:
    assert construct_type(datetime, 1715000000) == datetime(2024, 5, 6, 12, 53, 20, tzinfo=timezone.utc)
    assert construct_type(datetime, 1715000000.5) == datetime(2024, 5, 6, 12, 53, 20, 500000, tzinfo=timezone.utc)
    assert construct_type(datetime, "1715000000") == datetime(2024, 5, 6, 12, 53, 20, tzinfo=timezone.utc)
    assert construct_type(date, 1715000000) == date(2024, 5, 6)
    assert construct_type(date, "1715000000") == date(2024, 5, 6)
    assert construct_type(datetime, 1715000000).tzinfo is timezone.utc


@pytest.mark.parametrize("value", ["not a date", "2024-13-45T00:00:00", "2024-05-06", "", True, None, [1], {"a": 1}])
def test_what_is_no_date_time_is_kept(value: Any) -> None:
    # (A boolean is no timestamp: the official SDK reads `True` as 1970-01-01T00:00:01.)
    assert construct_type(datetime, value) == value
    assert type(construct_type(datetime, value)) is type(value)


@pytest.mark.parametrize("value", ["2024-05-06T00:00:00", "06/05/2024", "2024-02-30", True, None])
def test_what_is_no_date_is_kept(value: Any) -> None:
    assert construct_type(date, value) == value
    assert type(construct_type(date, value)) is type(value)


def test_a_loosely_parsed_body_gets_the_same_conversions() -> None:
    # A body whose top level does not validate is constructed: its nested fields still are.
    result = get_parser(Holder).loose({"one": B_VALUE, "when": "2024-05-06T07:08:09Z", "day": 17})
    assert type(result) is Holder
    assert type(result.one) is B
    assert isinstance(result.when, datetime)
    assert result.day == date(1970, 1, 1)  # a number where a date belongs: a Unix timestamp


# --------------------------------------------------------------------------- properties

_a = st.builds(dict, kind=st.just("a"), x=st.integers(min_value=-(2**40), max_value=2**40))
_b = st.builds(dict, kind=st.just("b"), y=st.text(max_size=10))
_member = st.one_of(_a, _b)
_VALIDATE = pydantic.TypeAdapter(Union[A, B])


def _expected(value: Dict[str, Any]) -> Any:
    return _VALIDATE.validate_python(value)


@FUZZ
@given(value=_member)
def test_property_a_union_member_is_the_one_validation_picks(value: Dict[str, Any]) -> None:
    built = Holder.construct(one=value).one
    expected = _expected(value)
    assert type(built) is type(expected)
    assert built.to_dict() == expected.to_dict()


@FUZZ
@given(values=st.one_of(st.lists(_a, max_size=4), st.lists(_b, min_size=1, max_size=4)))
def test_property_a_union_of_lists_keeps_each_item_s_member(values: List[Dict[str, Any]]) -> None:
    built = Holder.construct(lists=values).lists
    assert [item.to_dict() for item in built] == values
    assert {type(item).__name__.lower() for item in built} == {value["kind"] for value in values}


@FUZZ
@given(values=st.dictionaries(st.text(max_size=5), _member, max_size=4))
def test_property_a_dict_of_unions_keeps_each_value_s_member(values: Dict[str, Dict[str, Any]]) -> None:
    built = Holder.construct(by_key=values).by_key
    assert {key: (type(item).__name__.lower(), item.to_dict()) for key, item in built.items()} == {
        key: (value["kind"], value) for key, value in values.items()
    }


_offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_moments = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.none() | _offsets)  # pyright: ignore[reportArgumentType, reportCallIssue]  # None: naive datetimes, as hypothesis documents


@FUZZ
@given(moment=_moments, separator=st.sampled_from(["T", " "]))
def test_property_an_iso_date_time_becomes_the_same_datetime(moment: datetime, separator: str) -> None:
    text = moment.isoformat(sep=separator)
    if moment.tzinfo is not None and moment.utcoffset() == timedelta(0):
        text = text.replace("+00:00", "Z")
    built = Holder.construct(when=text).when
    assert isinstance(built, datetime)
    assert built == moment
    assert built.utcoffset() == moment.utcoffset()


@FUZZ
@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_property_an_iso_date_becomes_the_same_date(day: date) -> None:
    assert Holder.construct(day=day.isoformat()).day == day


@FUZZ
@given(value=json_values, field=st.sampled_from(sorted(Holder.model_fields)))
def test_property_construct_never_raises(value: Any, field: str) -> None:
    holder = Holder.construct(**{field: value})
    assert field in holder.model_fields_set
