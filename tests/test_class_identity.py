"""Where the clients, pages, binary responses and batch result streams say they live.

Tracers, pickles and `repr` use a class's `__module__` and `__qualname__`, and tools read the
clients' `inspect.signature`: these stay the same wherever the code behind them is written
(several of these classes are generated from their async twin, see `scripts/unasync.py`).
"""

from __future__ import annotations

import importlib
import inspect
import pickle
from typing import Any, List, Tuple

import pytest

import cerebras.cloud.sdk as sdk

SDK = "cerebras.cloud.sdk"

PLACES: List[Tuple[str, str, str]] = [
    ("_client", "Cerebras", SDK),
    ("_client", "AsyncCerebras", SDK),
    ("_client", "Client", SDK),
    ("_client", "AsyncClient", SDK),
    ("pagination", "CursorPage", f"{SDK}.pagination"),
    ("pagination", "SyncCursorPage", f"{SDK}.pagination"),
    ("pagination", "AsyncCursorPage", f"{SDK}.pagination"),
    ("pagination", "AsyncPaginator", f"{SDK}.pagination"),
    ("_binary", "BinaryResponse", f"{SDK}._binary"),
    ("_binary", "AsyncBinaryResponse", f"{SDK}._binary"),
    ("_batch_results", "BatchResultStream", f"{SDK}._batch_results"),
    ("_batch_results", "AsyncBatchResultStream", f"{SDK}._batch_results"),
    ("_batch_results", "LineSplitter", f"{SDK}._batch_results"),
    ("_batch_results", "normalize_result", f"{SDK}._batch_results"),
    ("_batch_results", "parse_result_line", f"{SDK}._batch_results"),
]
"""(module under the package, name, the `__module__` the class or function shows)."""

_CLIENT_PARAMS = [
    "api_key: 'Optional[str]' = None",
    "base_url: 'Union[str, httpx.URL, None]' = None",
    "timeout: 'TimeoutArg' = NOT_GIVEN",
    "max_retries: 'int' = 2",
    "default_headers: 'Optional[Mapping[str, str]]' = None",
    "default_query: 'Optional[Mapping[str, object]]' = None",
    "http_client: 'Optional[httpx.{http}]' = None",
    "_strict_response_validation: 'bool' = False",
    "warm_tcp_connection: 'bool' = True",
    "max_rate_limit_wait: 'float' = 60.0",
    "api_version_patch: 'Union[int, str, None]' = None",
    "request_compression: 'Optional[str] | NotGiven' = NOT_GIVEN",
    "max_response_bytes: 'int' = 67108864",
    "max_event_bytes: 'int' = 16777216",
    "stream_timeout: 'Optional[float]' = None",
    "stream_idle_timeout: 'Optional[float]' = None",
]
_WARM = "warm_tcp_connection: 'Union[bool, NotGiven]' = NOT_GIVEN"
_EXTRA = "_extra_kwargs: 'Mapping[str, Any]' = {}"
_COPY_HEAD = [
    "api_key: 'Optional[str]' = None",
    "base_url: 'Union[str, httpx.URL, None]' = None",
    "timeout: 'TimeoutArg' = NOT_GIVEN",
    "http_client: 'Optional[httpx.{http}]' = None",
    "max_retries: 'Union[int, NotGiven]' = NOT_GIVEN",
    "default_headers: 'Optional[Mapping[str, str]]' = None",
    "set_default_headers: 'Optional[Mapping[str, str]]' = None",
    "default_query: 'Optional[Mapping[str, object]]' = None",
    "set_default_query: 'Optional[Mapping[str, object]]' = None",
]
_COPY_TAIL = [
    "max_rate_limit_wait: 'Union[float, NotGiven]' = NOT_GIVEN",
    "api_version_patch: 'Union[int, str, NotGiven, None]' = NOT_GIVEN",
    "request_compression: 'Optional[str] | NotGiven' = NOT_GIVEN",
    "max_response_bytes: 'Union[int, NotGiven]' = NOT_GIVEN",
    "max_event_bytes: 'Union[int, NotGiven]' = NOT_GIVEN",
    "stream_timeout: 'Union[float, NotGiven, None]' = NOT_GIVEN",
    "stream_idle_timeout: 'Union[float, NotGiven, None]' = NOT_GIVEN",
]


@pytest.mark.parametrize(("module", "name", "shown"), PLACES)
def test_classes_keep_their_module_and_qualified_name(module: str, name: str, shown: str) -> None:
    cls = getattr(importlib.import_module(f"{SDK}.{module}"), name)
    assert cls.__module__ == shown
    assert cls.__qualname__ == cls.__name__
    assert pickle.loads(pickle.dumps(cls)) is cls  # pickled by reference: module + qualified name


def test_a_page_pickles_as_the_same_class() -> None:
    from cerebras.cloud.sdk.pagination import SyncCursorPage

    page = SyncCursorPage(data=[1, 2], has_more=False, object="list")
    restored = pickle.loads(pickle.dumps(page))
    assert type(restored) is type(page)
    assert restored.data == [1, 2]


@pytest.mark.parametrize(("client", "http"), [(sdk.Cerebras, "Client"), (sdk.AsyncCerebras, "AsyncClient")])
def test_constructor_signature_is_unchanged(client: type, http: str) -> None:
    expected = "(*, " + ", ".join(_CLIENT_PARAMS).replace("{http}", http) + ") -> 'None'"
    assert str(inspect.signature(client)) == expected


@pytest.mark.parametrize(
    ("client", "http", "middle"),
    [
        (sdk.Cerebras, "Client", [_WARM, _EXTRA]),  # the order of the official clients, kept as is
        (sdk.AsyncCerebras, "AsyncClient", [_EXTRA, _WARM]),
    ],
)
def test_copy_signature_is_unchanged(client: Any, http: str, middle: List[str]) -> None:
    params = ", ".join(_COPY_HEAD + middle + _COPY_TAIL).replace("{http}", http)
    expected = f"(self, *, {params}) -> '{client.__name__}'"
    assert str(inspect.signature(client.copy)) == expected
    assert client.with_options is client.copy
