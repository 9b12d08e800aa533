"""Request building without HTTP: `RequestBuilder.build`, `call_options`, JSON bodies, path segments."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, Iterator, Mapping, Optional, Union

import httpx
import pytest

from cerebras.cloud.sdk import DEFAULT_TIMEOUT, NOT_GIVEN, not_given, omit
from cerebras.cloud.sdk._request import (
    FinalRequestOptions,
    RequestBuilder,
    encode_json,
    merge_headers,
    path_segment,
    read_timeout_header,
)
from cerebras.cloud.sdk._types import Omit
from cerebras.cloud.sdk.resources._base import call_options

BASE_HEADERS: Dict[str, Union[str, Omit]] = {
    "Accept": "application/json",
    "Content-Type": "application/json",
    "User-Agent": "Cerebras/Python 1.91.0",
    "X-Stainless-Lang": "python",
    "Authorization": "Bearer sk-test",
    "X-Stainless-Async": "false",
}


def builder(
    *,
    base_url: str = "http://api.test/",
    headers: Optional[Mapping[str, Union[str, Omit]]] = None,
    query: Optional[Mapping[str, object]] = None,
    timeout: Union[float, httpx.Timeout, None] = DEFAULT_TIMEOUT,
    async_override: bool = False,
) -> RequestBuilder:
    return RequestBuilder(
        base_url=httpx.URL(base_url),
        base_headers=BASE_HEADERS if headers is None else headers,
        default_query=query or {},
        timeout=timeout,
        async_override=async_override,
    )


def build(options: FinalRequestOptions, *, retries_taken: int = 0, **kwargs: Any) -> httpx.Request:
    return builder(**kwargs).build(options, retries_taken=retries_taken)


def post(**kwargs: Any) -> FinalRequestOptions:
    return FinalRequestOptions(method="post", url="/v1/chat/completions", **kwargs)


# --------------------------------------------------------------------------- headers


def test_default_headers_and_automatic_ones() -> None:
    request = build(post(json_data={"a": 1}))
    assert request.method == "POST"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "Cerebras/Python 1.91.0"
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert request.headers["X-Stainless-Async"] == "false"
    assert request.headers["x-stainless-retry-count"] == "0"
    assert request.headers["x-stainless-read-timeout"] == "60"


def test_headers_keep_the_documented_order() -> None:
    options = post(json_data={}, headers={"CF-RAY": "abc"})
    names = [name for name, _ in build(options).headers.items()]
    sdk_names = [n for n in names if n not in ("content-length", "host")]
    assert sdk_names == [
        "accept",
        "content-type",
        "user-agent",
        "x-stainless-lang",
        "authorization",
        "x-stainless-async",
        "cf-ray",
        "x-stainless-retry-count",
        "x-stainless-read-timeout",
    ]


@pytest.mark.parametrize("retries_taken", [0, 1, 2, 7])
def test_retry_count_header_follows_the_attempt(retries_taken: int) -> None:
    request = build(post(json_data={}), retries_taken=retries_taken)
    assert request.headers["x-stainless-retry-count"] == str(retries_taken)


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (DEFAULT_TIMEOUT, "60"),
        (20.0, "20.0"),
        (1, "1"),
        (httpx.Timeout(3.5, read=7), "7"),
        (httpx.Timeout(None), None),
        (None, None),
    ],
)
def test_read_timeout_header_reflects_the_effective_timeout(
    timeout: Union[float, httpx.Timeout, None], expected: Optional[str]
) -> None:
    assert read_timeout_header(timeout) == expected
    per_call = build(post(json_data={}, timeout=timeout))
    assert per_call.headers.get("x-stainless-read-timeout") == expected
    client_level = build(post(json_data={}), timeout=timeout)
    assert client_level.headers.get("x-stainless-read-timeout") == expected


def test_timeout_is_applied_to_the_request_extensions() -> None:
    assert build(post(json_data={}, timeout=2.5)).extensions["timeout"] == {
        "connect": 2.5,
        "read": 2.5,
        "write": 2.5,
        "pool": 2.5,
    }
    assert build(post(json_data={})).extensions["timeout"] == {"connect": 5.0, "read": 60, "write": 60, "pool": 60}
    assert build(post(json_data={}, timeout=None)).extensions["timeout"] == {
        "connect": None,
        "read": None,
        "write": None,
        "pool": None,
    }


@pytest.mark.parametrize("name", ["x-stainless-read-timeout", "X-Stainless-Read-Timeout", "X-STAINLESS-READ-TIMEOUT"])
def test_caller_read_timeout_header_suppresses_the_automatic_one(name: str) -> None:
    request = build(post(json_data={}, headers={name: "999"}))
    assert request.headers.get_list("x-stainless-read-timeout") == ["999"]
    omitted = build(post(json_data={}, headers={name: omit}))
    assert "x-stainless-read-timeout" not in omitted.headers


@pytest.mark.parametrize("name", ["x-stainless-retry-count", "X-Stainless-Retry-Count"])
def test_caller_retry_count_header_suppresses_the_automatic_one(name: str) -> None:
    request = build(post(json_data={}, headers={name: "42"}), retries_taken=2)
    assert request.headers.get_list("x-stainless-retry-count") == ["42"]
    omitted = build(post(json_data={}, headers={name: omit}), retries_taken=2)
    assert "x-stainless-retry-count" not in omitted.headers


def test_omit_removes_built_in_headers() -> None:
    options = post(json_data={}, headers={"User-Agent": omit, "x-stainless-lang": omit, "Accept": omit})
    request = build(options)
    assert "user-agent" not in request.headers
    assert "x-stainless-lang" not in request.headers
    assert "accept" not in request.headers
    assert request.headers["authorization"] == "Bearer sk-test"


def test_omit_in_client_headers_removes_the_header() -> None:
    request = build(post(json_data={}), headers={**BASE_HEADERS, "X-Stainless-Async": omit})
    assert "x-stainless-async" not in request.headers


def test_per_request_headers_override_defaults_case_insensitively() -> None:
    request = build(post(json_data={}, headers={"user-agent": "mine/1", "accept": "text/plain"}))
    assert request.headers.get_list("User-Agent") == ["mine/1"]
    assert request.headers.get_list("Accept") == ["text/plain"]


def test_async_library_sets_the_async_header() -> None:
    b = builder()
    assert b.build(post(json_data={}), retries_taken=0, async_library="asyncio").headers["X-Stainless-Async"] == (
        "async:asyncio"
    )
    assert b.build(post(json_data={}), retries_taken=0, async_library="trio").headers["X-Stainless-Async"] == (
        "async:trio"
    )
    assert b.build(post(json_data={}), retries_taken=0).headers["X-Stainless-Async"] == "false"


def test_custom_async_header_wins_over_the_library() -> None:
    b = builder(headers={**BASE_HEADERS, "X-Stainless-Async": "custom"}, async_override=True)
    request = b.build(post(json_data={}), retries_taken=0, async_library="asyncio")
    assert request.headers["X-Stainless-Async"] == "custom"


def test_merge_headers_is_case_insensitive_and_later_wins() -> None:
    merged = merge_headers({"A": "1", "b": "2"}, None, {"a": "3"})
    assert merged == {"a": ("a", "3"), "b": ("b", "2")}


def test_override_cast_to_pseudo_header_is_never_sent() -> None:
    request = build(post(json_data={}, headers={"____stainless_override_cast_to": "x"}))
    assert "____stainless_override_cast_to" not in request.headers


# --------------------------------------------------------------------------- body


def test_body_is_compact_json_in_parameter_order() -> None:
    request = build(post(json_data={"model": "m", "messages": [{"role": "user", "content": "hi"}], "n": None}))
    assert request.content == b'{"model":"m","messages":[{"role":"user","content":"hi"}],"n":null}'


def test_body_keeps_non_ascii_unescaped() -> None:
    request = build(post(json_data={"content": "héllo ✓ 日本"}))
    assert request.content == '{"content":"héllo ✓ 日本"}'.encode()


def test_body_drops_sentinel_values_but_keeps_none() -> None:
    request = build(post(json_data={"a": omit, "b": not_given, "c": NOT_GIVEN, "d": None}))
    assert request.content == b'{"d":null}'


def test_body_converts_iterables_to_lists() -> None:
    def messages() -> Iterator[Dict[str, str]]:
        yield {"role": "user", "content": "a"}
        yield {"role": "user", "content": "b"}

    request = build(post(json_data={"messages": messages(), "stop": ("x", "y")}))
    assert json.loads(request.content) == {
        "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}],
        "stop": ["x", "y"],
    }


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_body_refuses_nan_and_infinities(value: float) -> None:
    with pytest.raises(ValueError, match="JSON"):
        build(post(json_data={"temperature": value}))


def test_encode_json_directly() -> None:
    assert encode_json({"a": [1, 2.5, True, None], "b": "ü"}) == '{"a":[1,2.5,true,null],"b":"ü"}'.encode()
    with pytest.raises(TypeError, match="not JSON serializable"):
        encode_json({"a": object()})


def test_extra_body_merges_over_the_body_and_wins() -> None:
    request = build(post(json_data={"model": "m", "n": 1}, extra_json={"model": "x", "new": [1], "gone": omit}))
    assert request.content == b'{"model":"x","n":1,"new":[1]}'


def test_extra_body_without_a_body() -> None:
    assert build(post(extra_json={"a": 1})).content == b'{"a":1}'


def test_extra_body_on_a_non_mapping_body_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="mapping"):
        build(post(json_data=[1, 2], extra_json={"a": 1}))


def test_get_sends_no_body_and_no_content_type() -> None:
    request = build(FinalRequestOptions(method="get", url="/v1/models", json_data={"a": 1}, extra_json={"b": 2}))
    assert request.content == b""
    assert "content-type" not in request.headers
    assert request.method == "GET"


def test_post_without_body_sends_nothing() -> None:
    request = build(post())
    assert request.content == b""


def test_raw_content_is_sent_verbatim() -> None:
    request = build(post(content=b"\x00raw"))
    assert request.content == b"\x00raw"


def test_body_and_content_together_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="body"):
        build(post(json_data={"a": 1}, content=b"x"))


def test_bytes_body_is_deprecated_but_sent() -> None:
    with pytest.warns(DeprecationWarning, match="deprecated"):
        request = build(post(json_data=b"raw-bytes"))
    assert request.content == b"raw-bytes"


# --------------------------------------------------------------------------- URL and query


@pytest.mark.parametrize(
    ("base_url", "path", "expected"),
    [
        ("http://api.test/", "/v1/models", "http://api.test/v1/models"),
        ("http://api.test/", "v1/models", "http://api.test/v1/models"),
        ("http://h.test/api/", "/v1/models", "http://h.test/api/v1/models"),
        ("http://h.test/api/", "https://other.test/x", "https://other.test/x"),
        ("http://h.test/api/", "http://other.test/y?z=1", "http://other.test/y?z=1"),
    ],
)
def test_url_joining(base_url: str, path: str, expected: str) -> None:
    request = build(FinalRequestOptions(method="get", url=path), base_url=base_url)
    assert str(request.url) == expected


def test_query_in_path_is_kept_and_overridden_by_params() -> None:
    options = FinalRequestOptions(method="get", url="/v1/models?keep=1&format=old", params={"format": "new"})
    request = build(options)
    assert request.url.params.multi_items() == [("keep", "1"), ("format", "new")]


def test_query_precedence_params_over_default_query() -> None:
    options = FinalRequestOptions(method="get", url="/v1/models", params={"format": "huggingface", "x": "1"})
    request = build(options, query={"format": "default", "d": "2"})
    assert dict(request.url.params) == {"format": "huggingface", "d": "2", "x": "1"}


def test_default_query_alone() -> None:
    request = build(FinalRequestOptions(method="get", url="/v1/models"), query={"d": "2"})
    assert str(request.url) == "http://api.test/v1/models?d=2"


# --------------------------------------------------------------------------- path segments


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("llama3.1-8b", "llama3.1-8b"),
        ("a/b c", "a%2Fb%20c"),
        ("%2e", "%252e"),
        ("a?b#c", "a%3Fb%23c"),
        ("x:y@z!$&'()*+,;=", "x:y@z!$&'()*+,;="),
        ("ü", "%C3%BC"),
        ("...", "..."),
    ],
)
def test_path_segment_encoding(value: str, expected: str) -> None:
    assert path_segment(value) == expected


@pytest.mark.parametrize("value", [".", ".."])
def test_path_segment_refuses_dot_segments(value: str) -> None:
    with pytest.raises(ValueError, match="dot-segment"):
        path_segment(value)


# --------------------------------------------------------------------------- call_options


def _args(**kwargs: Any) -> Dict[str, Any]:
    base: Dict[str, Any] = {
        "self": object(),
        "extra_headers": None,
        "extra_query": None,
        "extra_body": None,
        "timeout": not_given,
    }
    base.update(kwargs)
    return base


def test_call_options_body_order_and_sentinels() -> None:
    options = call_options(
        "post",
        "/v1/chat/completions",
        _args(messages=[], model="m", logprobs=omit, n=None, seed=3, cf_ray=omit, x_amz_cf_id=omit, x_delay_time=omit),
    )
    assert options.method == "post"
    assert options.url == "/v1/chat/completions"
    assert options.json_data == {"messages": [], "model": "m", "n": None, "seed": 3}
    assert list(options.json_data) == ["messages", "model", "n", "seed"]  # type: ignore[arg-type]
    assert options.headers == {}
    assert isinstance(options.timeout, type(not_given))


@pytest.mark.parametrize(("value", "sent"), [(1.5, "1.5"), (2, "2"), (0.25, "0.25")])
def test_call_options_header_style_params(value: float, sent: str) -> None:
    options = call_options("post", "/p", _args(cf_ray="ray", x_amz_cf_id="amz", x_delay_time=value))
    assert options.headers == {"CF-RAY": "ray", "X-Amz-Cf-Id": "amz", "X-delay-time": sent}
    assert options.json_data == {}


def test_call_options_extra_headers_beat_header_params() -> None:
    options = call_options("post", "/p", _args(cf_ray="param", extra_headers={"CF-RAY": "extra"}))
    assert build(options).headers.get_list("cf-ray") == ["extra"]
    lower = call_options("post", "/p", _args(cf_ray="param", extra_headers={"cf-ray": "extra"}))
    assert build(lower).headers.get_list("CF-RAY") == ["extra"]


def test_call_options_omitted_header_param_keeps_a_default_header() -> None:
    options = call_options("get", "/v1/models", _args(cf_ray=omit))
    request = build(options, headers={**BASE_HEADERS, "CF-RAY": "client-default"})
    assert request.headers["CF-RAY"] == "client-default"


def test_call_options_query_and_extra_query() -> None:
    options = call_options("get", "/v1/models", _args(extra_query={"format": "x", "y": 1}), query={"format": "default"})
    assert options.params == {"format": "x", "y": 1}


def test_call_options_extra_body_and_get() -> None:
    posted = call_options("post", "/p", _args(model="m", extra_body={"k": 1}))
    assert posted.extra_json == {"k": 1}
    fetched = call_options("get", "/p", _args(extra_body={"k": 1}))
    assert fetched.json_data is None
    assert fetched.extra_json is None


def test_call_options_timeout_is_passed_through() -> None:
    assert call_options("get", "/p", _args(timeout=None)).timeout is None
    assert call_options("get", "/p", _args(timeout=3)).timeout == 3


def test_final_request_options_construct_ignores_sentinels_and_unknown_keys() -> None:
    options = FinalRequestOptions.construct(method="get", url="/x", max_retries=not_given, timeout=omit, bogus=1)
    assert options.get_max_retries(5) == 5
    assert isinstance(options.timeout, type(not_given))
    assert FinalRequestOptions.construct(method="get", url="/x", max_retries=0).get_max_retries(5) == 0


def test_generator_request_body_through_call_options() -> None:
    gen = ({"role": "user", "content": str(i)} for i in range(2))
    request = build(call_options("post", "/p", _args(messages=gen, model="m")))
    assert request.content == b'{"messages":[{"role":"user","content":"0"},{"role":"user","content":"1"}],"model":"m"}'


def test_pydantic_models_in_a_body_are_dumped_by_alias_without_unset_fields() -> None:
    from cerebras.cloud.sdk.types.chat.chat_completion import ChatCompletionResponseChoiceMessage

    message = ChatCompletionResponseChoiceMessage.model_validate({"role": "assistant", "content": "x"})
    request = build(post(json_data={"messages": [message]}))
    assert json.loads(request.content) == {"messages": [{"role": "assistant", "content": "x"}]}


def test_dates_in_a_body_become_iso_strings() -> None:
    import datetime

    request = build(post(json_data={"at": datetime.datetime(2024, 1, 2, 3, 4, 5)}))
    assert request.content == b'{"at":"2024-01-02T03:04:05"}'


def test_files_trigger_multipart() -> None:
    request = build(post(files={"file": ("a.txt", b"data", "text/plain")}, json_data={"purpose": "x"}))
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b"data" in request.read()


def test_http_client_headers_lie_under_the_sdk_headers() -> None:
    client_headers = httpx.Headers({"Accept": "*/*", "User-Agent": "python-httpx/x", "X-Proxy": "p"})
    b = RequestBuilder(
        base_url=httpx.URL("http://api.test/"),
        base_headers=BASE_HEADERS,
        default_query={},
        timeout=DEFAULT_TIMEOUT,
        client_headers=client_headers,
    )
    request = b.build(post(json_data={}), retries_taken=0)
    assert request.headers.get_list("accept") == ["application/json"]
    assert request.headers.get_list("user-agent") == ["Cerebras/Python 1.91.0"]
    assert request.headers["x-proxy"] == "p"
    # An omitted SDK header falls back to the httpx client's value; one it lacks is simply absent.
    omitted = b.build(post(json_data={}, headers={"User-Agent": omit, "X-Stainless-Lang": omit}), retries_taken=0)
    assert omitted.headers.get_list("user-agent") == ["python-httpx/x"]
    assert "x-stainless-lang" not in omitted.headers
