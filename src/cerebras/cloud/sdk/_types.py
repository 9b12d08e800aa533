"""Sentinels (`NotGiven`, `Omit`), `RequestOptions` and the small type aliases of the public API."""

from __future__ import annotations

from os import PathLike
from typing import (
    IO,
    TYPE_CHECKING,
    Any,
    Dict,
    Iterator,
    Mapping,
    Optional,
    Protocol,
    Sequence,
    SupportsIndex,
    Tuple,
    TypeVar,
    Union,
    overload,
)

import httpx
from typing_extensions import Literal, TypedDict, final

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NoneType",
    "NotGiven",
    "Omit",
    "PropertyInfo",
    "ProxiesTypes",
    "Query",
    "RequestFiles",
    "RequestOptions",
    "SequenceNotStr",
    "Timeout",
    "Transport",
    "is_given",
    "not_given",
    "omit",
]

_T_co = TypeVar("_T_co", covariant=True)

NoneType = type(None)
"""`type(None)`: pass it as `cast_to` to discard a response body."""

Timeout = httpx.Timeout
Transport = httpx.BaseTransport
ProxiesTypes = Union[str, httpx.Proxy, Dict[Union[str, httpx.URL], Union[str, httpx.URL, httpx.Proxy, None]]]

Query = Mapping[str, object]
Body = object


@final
class NotGiven:
    """Marks an argument the caller did not supply, where `None` has a meaning of its own.

    `timeout=None` disables timeouts, so "no timeout given" needs a different value:

    ```py
    client.chat.completions.create(..., timeout=None)  # no timeout at all
    client.chat.completions.create(...)  # the client's timeout (`not_given`)
    ```

    Instances are falsy and interchangeable: checks use `isinstance(x, NotGiven)`.
    """

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


not_given = NotGiven()
NOT_GIVEN = NotGiven()  # the name used by releases up to 1.50; a distinct instance, same meaning


@final
class Omit:
    """Removes a value from the request: a body key, a query parameter or a default header.

    ```py
    client.with_options(default_headers={"User-Agent": omit})  # send no User-Agent at all
    ```

    Instances are falsy.
    """

    __slots__ = ()

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"


omit = Omit()

Headers = Mapping[str, Union[str, Omit]]


class PropertyInfo:
    """`Annotated` metadata on a params TypedDict key: the name the key has on the wire.

    Only the header-style keys use it (`cf_ray` is sent as the `CF-RAY` header).
    """

    __slots__ = ("alias",)

    def __init__(self, *, alias: str | None = None) -> None:
        self.alias = alias

    def __repr__(self) -> str:
        return f"PropertyInfo(alias={self.alias!r})"


def is_given(value: object) -> bool:
    """Whether `value` is anything but a `NotGiven` or `Omit` sentinel."""
    return not isinstance(value, (NotGiven, Omit))


class RequestOptions(TypedDict, total=False):
    """Per-call options of the low-level `get`/`post`/`put`/`patch`/`delete` methods."""

    headers: Headers
    max_retries: int
    timeout: float | httpx.Timeout | None
    params: Query
    extra_json: Mapping[str, object]
    idempotency_key: str
    follow_redirects: bool


FileContent = Union[IO[bytes], bytes, "PathLike[str]"]
FileTypes = Union[
    FileContent,
    Tuple[Optional[str], FileContent],
    Tuple[Optional[str], FileContent, Optional[str]],
    Tuple[Optional[str], FileContent, Optional[str], Mapping[str, str]],
]
RequestFiles = Union[Mapping[str, FileTypes], Sequence[Tuple[str, FileTypes]]]


if TYPE_CHECKING:

    class SequenceNotStr(Protocol[_T_co]):
        """A sequence of items that is not itself a `str` (so `stop="ab"` is not read as `["a", "b"]`)."""

        @overload
        def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
        @overload
        def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
        def __contains__(self, value: object, /) -> bool: ...
        def __len__(self) -> int: ...
        def __iter__(self) -> Iterator[_T_co]: ...
        def index(self, value: Any, start: int = 0, stop: int = ..., /) -> int: ...
        def count(self, value: Any, /) -> int: ...
        def __reversed__(self) -> Iterator[_T_co]: ...

else:
    SequenceNotStr = Sequence
