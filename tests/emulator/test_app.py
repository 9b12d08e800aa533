"""`Emulator.handle` without a network: routing, validation errors, headers, answers, faults."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

import pytest
from jsonschema_lite import errors

from cerebras.cloud.sdk.testing import EmulatorConfig, FaultSpecError
from cerebras.cloud.sdk.testing._emulator import Emulator, Reply, Request

USER = [{"role": "user", "content": "Why is fast inference important?"}]
WEATHER: Dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"enum": ["c", "f"]}},
            "required": ["city", "unit"],
            "additionalProperties": False,
        },
    },
}


class Clock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


def call(
    emulator: Emulator, method: str, target: str, body: Any = None, headers: Optional[Dict[str, str]] = None
) -> Tuple[Reply, Dict[str, str], Any]:
    raw = body if isinstance(body, bytes) else (b"" if body is None else json.dumps(body).encode())
    reply = emulator.handle(Request(method, target, {k.lower(): v for k, v in (headers or {}).items()}, raw))
    head = {k.decode(): v.decode() for k, v in reply.headers}
    data: Any = None
    if reply.events is None and head.get("content-type", "").startswith("application/json"):
        data = json.loads(reply.body)
    return reply, head, data


def events(reply: Reply) -> List[Any]:
    assert reply.events is not None
    assert reply.events[-1] == b"data: [DONE]\n\n"
    for event in reply.events:
        assert event.startswith(b"data: ")
        assert event.endswith(b"\n\n")
    return [json.loads(e[6:]) for e in reply.events[:-1]]


def chat(emulator: Emulator, **body: Any) -> Tuple[Reply, Dict[str, str], Any]:
    body.setdefault("model", "llama3.1-8b")
    body.setdefault("messages", USER)
    return call(emulator, "POST", "/v1/chat/completions", body)


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(EmulatorConfig(), clock=Clock())


def test_chat_completion_shape(emulator: Emulator) -> None:
    reply, headers, data = chat(emulator)
    assert reply.status == 200
    assert data["id"].startswith("chatcmpl-")
    assert data["object"] == "chat.completion"
    assert data["created"] == 1_750_000_000
    assert data["model"] == "llama3.1-8b"
    assert data["system_fingerprint"].startswith("fp_")
    (choice,) = data["choices"]
    assert choice["finish_reason"] == "stop"
    assert choice["index"] == 0
    assert choice["message"]["role"] == "assistant"
    assert choice["message"]["content"]
    usage = data["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert usage["prompt_tokens_details"] == {"cached_tokens": 0}
    time_info = data["time_info"]
    assert set(time_info) == {"queue_time", "prompt_time", "completion_time", "total_time", "created"}
    assert time_info["total_time"] > time_info["queue_time"] + time_info["prompt_time"] + time_info["completion_time"]
    assert headers["x-request-id"].startswith("req_")
    assert headers["x-ratelimit-limit-requests-minute"]


def test_same_request_same_text_streamed_or_not_and_cuts_are_prefixes(emulator: Emulator) -> None:
    full = chat(emulator)[2]["choices"][0]["message"]["content"]
    assert chat(emulator)[2]["choices"][0]["message"]["content"] == full
    streamed = "".join(c["choices"][0]["delta"].get("content") or "" for c in events(chat(emulator, stream=True)[0]))
    assert streamed == full
    cut = chat(emulator, max_completion_tokens=5)[2]
    assert full.startswith(cut["choices"][0]["message"]["content"])
    assert cut["choices"][0]["finish_reason"] == "length"
    assert cut["usage"]["completion_tokens"] == 5
    word = full.split()[4]
    stopped = chat(emulator, stop=[word])[2]["choices"][0]
    assert stopped["finish_reason"] == "stop"
    assert stopped["message"]["content"] == full[: full.index(word)]
    assert chat(emulator, seed=1)[2]["choices"][0]["message"]["content"] != full


def test_stream_events(emulator: Emulator) -> None:
    reply, headers, _ = chat(emulator, stream=True, max_tokens=4)
    assert headers["content-type"].startswith("text/event-stream")
    chunks = events(reply)
    assert len(chunks) == 1 + 4 + 1
    assert {c["id"] for c in chunks} == {chunks[0]["id"]}
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant"}
    assert all(set(c["choices"][0]["delta"]) == {"content"} for c in chunks[1:-1])
    last = chunks[-1]
    assert last["choices"][0] == {"index": 0, "delta": {}, "finish_reason": "length"}
    assert last["usage"]["completion_tokens"] == 4
    assert "time_info" in last
    assert all("usage" not in c for c in chunks[:-1])
    assert reply.times is None  # no pacing configured


def test_paced_stream_times() -> None:
    emulator = Emulator(EmulatorConfig(tokens_per_second=100), clock=Clock())
    reply = chat(emulator, stream=True, max_tokens=10)[0]
    assert reply.times is not None
    assert len(reply.times) == len(reply.events or [])
    assert reply.times == sorted(reply.times)
    assert reply.times[-1] - reply.times[0] == pytest.approx(0.1)
    plain = chat(emulator, max_tokens=10)[0]
    assert plain.latency_s == pytest.approx(reply.times[-1])  # a non-streamed answer waits for all tokens


def test_n_choices_and_text_completions(emulator: Emulator) -> None:
    data = chat(emulator, n=3, max_tokens=6)[2]
    assert [c["index"] for c in data["choices"]] == [0, 1, 2]
    assert len({c["message"]["content"] for c in data["choices"]}) == 3
    assert data["usage"]["completion_tokens"] == 18
    _reply, _, text = call(
        emulator, "POST", "/v1/completions", {"model": "llama3.1-8b", "prompt": "Roses", "echo": True, "max_tokens": 3}
    )
    assert text["object"] == "text_completion"
    assert text["id"].startswith("cmpl-")
    assert text["choices"][0]["text"].startswith("Roses ")
    assert text["usage"]["completion_tokens"] == 3
    streamed = events(
        call(
            emulator,
            "POST",
            "/v1/completions",
            {"model": "llama3.1-8b", "prompt": ["a", "b"], "stream": True, "max_tokens": 2},
        )[0]
    )
    assert all(c["object"] == "text_completion" for c in streamed)
    finals = [c for c in streamed if c["choices"][0].get("finish_reason")]
    assert [c["choices"][0]["index"] for c in finals] == [0, 1]
    assert "usage" in finals[-1]
    assert "usage" not in finals[0]


def test_tool_call_then_text_after_the_tool_result(emulator: Emulator) -> None:
    data = chat(emulator, tools=[WEATHER])[2]
    choice = data["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    (call_,) = choice["message"]["tool_calls"]
    assert call_["type"] == "function"
    assert call_["id"].startswith("call_")
    assert call_["function"]["name"] == "get_weather"
    assert errors(WEATHER["function"]["parameters"], json.loads(call_["function"]["arguments"])) == []
    follow_up = [
        *USER,
        {"role": "assistant", "content": None, "tool_calls": [call_]},
        {"role": "tool", "tool_call_id": call_["id"], "content": "18 degrees"},
    ]
    answer = chat(emulator, tools=[WEATHER], messages=follow_up)[2]["choices"][0]
    assert answer["finish_reason"] == "stop"
    assert answer["message"]["content"]
    assert chat(emulator, tools=[WEATHER], tool_choice="none")[2]["choices"][0]["finish_reason"] == "stop"
    streamed = events(chat(emulator, tools=[WEATHER], stream=True)[0])
    assert streamed[1]["choices"][0]["delta"]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert streamed[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_named_tool_choice(emulator: Emulator) -> None:
    other = {"type": "function", "function": {"name": "noop", "parameters": {"type": "object", "properties": {}}}}
    choice = {"type": "function", "function": {"name": "noop"}}
    for _ in range(3):
        data = chat(
            emulator, tools=[WEATHER, other], tool_choice=choice, messages=[{"role": "user", "content": str(_)}]
        )[2]
        assert data["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "noop"


def test_response_formats(emulator: Emulator) -> None:
    obj = json.loads(chat(emulator, response_format={"type": "json_object"})[2]["choices"][0]["message"]["content"])
    assert isinstance(obj, dict)
    schema = {
        "type": "object",
        "properties": {"n": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}},
        "required": ["n", "tags"],
    }
    fmt = {"type": "json_schema", "json_schema": {"name": "x", "schema": schema, "strict": True}}
    content = chat(emulator, response_format=fmt)[2]["choices"][0]["message"]["content"]
    assert errors(schema, json.loads(content)) == []
    streamed = "".join(
        c["choices"][0]["delta"].get("content") or ""
        for c in events(chat(emulator, response_format=fmt, stream=True)[0])
    )
    assert streamed == content


@pytest.mark.parametrize(
    ("body", "status", "code", "param"),
    [
        (b"{not json", 400, "invalid_json", None),
        (b"[1, 2]", 400, "invalid_json", None),
        ({"messages": USER}, 400, "missing_required_parameter", "model"),
        ({"model": "llama3.1-8b"}, 400, "missing_required_parameter", "messages"),
        ({"model": "nope", "messages": USER}, 404, "model_not_found", "model"),
        ({"model": 3, "messages": USER}, 422, "wrong_type", "model"),
        ({"model": "llama3.1-8b", "messages": []}, 422, "invalid_message", "messages"),
        ({"model": "llama3.1-8b", "messages": "hi"}, 422, "invalid_message", "messages"),
        ({"model": "llama3.1-8b", "messages": ["hi"]}, 422, "invalid_message", "messages[0]"),
        ({"model": "llama3.1-8b", "messages": [{"role": "robot", "content": "x"}]}, 422, "invalid_message", "messages[0].role"),
        ({"model": "llama3.1-8b", "messages": [{"role": "user"}]}, 422, "invalid_message", "messages[0].content"),
        ({"model": "llama3.1-8b", "messages": [{"role": "user", "content": [{"type": "video"}]}]}, 422, "invalid_message", "messages[0].content[0]"),
        ({"model": "llama3.1-8b", "messages": [{"role": "tool", "content": "x"}]}, 422, "invalid_message", "messages[0].tool_call_id"),
        ({"model": "llama3.1-8b", "messages": USER, "max_tokens": 0}, 422, "invalid_value", "max_tokens"),
        ({"model": "llama3.1-8b", "messages": USER, "max_tokens": "9"}, 422, "wrong_type", "max_tokens"),
        ({"model": "llama3.1-8b", "messages": USER, "temperature": 3}, 422, "invalid_value", "temperature"),
        ({"model": "llama3.1-8b", "messages": USER, "stream": "yes"}, 422, "wrong_type", "stream"),
        ({"model": "llama3.1-8b", "messages": USER, "stop": ["a", "b", "c", "d", "e"]}, 422, "invalid_value", "stop"),
        ({"model": "llama3.1-8b", "messages": USER, "tools": [{"type": "function"}]}, 422, "invalid_value", "tools[0]"),
        ({"model": "llama3.1-8b", "messages": USER, "tool_choice": {"type": "function", "function": {"name": "x"}}}, 422, "invalid_value", "tool_choice"),
        ({"model": "llama3.1-8b", "messages": USER, "response_format": {"type": "yaml"}}, 422, "invalid_value", "response_format.type"),
    ],
)  # fmt: skip
def test_validation_errors(emulator: Emulator, body: Any, status: int, code: str, param: Optional[str]) -> None:
    reply, headers, data = call(emulator, "POST", "/v1/chat/completions", body)
    assert reply.status == status
    assert data["code"] == code
    assert data["param"] == param
    assert set(data) == {"message", "type", "param", "code"}
    assert data["type"] == ("not_found_error" if status == 404 else "invalid_request_error")
    assert "x-ratelimit-remaining-requests-minute" in headers


def test_routes_and_methods(emulator: Emulator) -> None:
    assert call(emulator, "GET", "/v1/nothing")[0].status == 404
    assert call(emulator, "GET", "/v1/chat/completions")[0].status == 405
    warm = call(emulator, "GET", "/v1/tcp_warming")[0]
    assert (warm.status, warm.body) == (200, b"")
    assert call(emulator, "POST", "/v1/completions", {"model": "llama3.1-8b"})[2]["param"] == "prompt"


def test_models_in_three_formats(emulator: Emulator) -> None:
    listing = call(emulator, "GET", "/v1/models")[2]
    ids = [m["id"] for m in listing["data"]]
    assert listing["object"] == "list"
    assert {"llama3.1-8b", "llama-3.3-70b", "gpt-oss-120b", "qwen-3-32b"} <= set(ids)
    assert all(m["object"] == "model" and m["owned_by"] for m in listing["data"])
    openrouter = call(emulator, "GET", "/v1/models?format=openrouter")[2]
    assert "object" not in openrouter
    assert openrouter["data"][0]["id"].startswith("cerebras/")
    hf = call(emulator, "GET", "/v1/models/llama3.1-8b?format=huggingface")[2]
    assert hf["pricing"] == {"input": 0.1, "output": 0.1}
    assert (
        call(emulator, "GET", "/v1/models/cerebras%2Fllama3.1-8b?format=openrouter")[2]["id"] == "cerebras/llama3.1-8b"
    )
    missing = call(emulator, "GET", "/v1/models/gpt-5")
    assert (missing[0].status, missing[2]["code"]) == (404, "model_not_found")
    assert call(emulator, "GET", "/v1/models?format=xml")[0].status == 422


def test_auth() -> None:
    emulator = Emulator(EmulatorConfig(api_key="sk-right"))
    assert chat(emulator)[2]["code"] == "missing_api_key"
    reply, _, data = call(emulator, "POST", "/v1/chat/completions", {}, {"Authorization": "Bearer sk-wrong"})
    assert (reply.status, data["code"], data["type"]) == (401, "wrong_api_key", "authentication_error")
    ok = call(
        emulator,
        "POST",
        "/v1/chat/completions",
        {"model": "llama3.1-8b", "messages": USER},
        {"Authorization": "Bearer sk-right"},
    )
    assert ok[0].status == 200
    assert call(emulator, "GET", "/v1/tcp_warming")[0].status == 200  # warming needs no key


def test_request_ids_are_echoed(emulator: Emulator) -> None:
    assert chat(emulator)[1]["x-request-id"] != chat(emulator)[1]["x-request-id"]
    assert call(emulator, "GET", "/v1/models", headers={"X-Request-Id": "mine-1"})[1]["x-request-id"] == "mine-1"
    assert call(emulator, "GET", "/v1/models", headers={"X-Client-Request-Id": "mine-2"})[1]["x-request-id"] == "mine-2"
    assert [e.request_id for e in emulator.history][-2:] == ["mine-1", "mine-2"]


def test_rate_limits() -> None:
    clock = Clock()
    emulator = Emulator(EmulatorConfig(requests_per_minute=2), clock=clock)
    assert [chat(emulator)[0].status for _ in range(3)] == [200, 200, 429]
    reply, headers, data = chat(emulator)
    assert (reply.status, data["code"], data["type"]) == (429, "request_quota_exceeded", "too_many_requests_error")
    assert headers["x-ratelimit-remaining-requests-minute"] == "0"
    assert headers["x-ratelimit-reset-requests-minute"] == "60.000"
    assert "retry-after" not in headers
    clock.now += 60
    assert chat(emulator)[0].status == 200
    tokens = Emulator(EmulatorConfig(tokens_per_minute=10, rate_limit_retry_after=True), clock=clock)
    assert chat(tokens)[0].status == 200
    reply, headers, data = chat(tokens)
    assert (reply.status, data["code"], headers["retry-after"]) == (429, "token_quota_exceeded", "60.000")


def test_models_endpoints_count_towards_the_request_limits() -> None:
    clock = Clock()
    emulator = Emulator(EmulatorConfig(requests_per_minute=3, tokens_per_minute=10_000), clock=clock)
    assert call(emulator, "GET", "/v1/models")[0].status == 200
    reply, headers, _ = call(emulator, "GET", "/v1/models/llama3.1-8b")
    assert (reply.status, headers["x-ratelimit-remaining-requests-minute"]) == (200, "1")
    assert headers["x-ratelimit-remaining-tokens-minute"] == "10000"  # listing models spends no tokens
    assert call(emulator, "GET", "/v1/tcp_warming")[0].status == 200  # not an API call: not counted
    assert chat(emulator)[0].status == 200
    reply, _, data = call(emulator, "GET", "/v1/models")
    assert (reply.status, data["code"]) == (429, "request_quota_exceeded")
    clock.now += 60
    assert call(emulator, "GET", "/v1/models")[0].status == 200


def test_injected_status_faults(emulator: Emulator) -> None:
    reply, headers, data = chat(emulator, **{})  # no fault
    assert reply.status == 200
    fault = {"X-Emulator-Fault": "status=503;retry_after=0.5;should_retry=true"}
    reply, headers, data = call(
        emulator, "POST", "/v1/chat/completions", {"model": "llama3.1-8b", "messages": USER}, fault
    )
    assert (reply.status, data["type"], data["code"]) == (503, "server_error", "service_unavailable")
    assert (headers["retry-after"], headers["x-should-retry"]) == ("0.5", "true")
    assert call(emulator, "GET", "/v1/models", headers={"X-Emulator-Fault": "status=429"})[0].status == 429
    bad = call(emulator, "GET", "/v1/models", headers={"X-Emulator-Fault": "status=maybe"})
    assert (bad[0].status, bad[2]["code"]) == (400, "invalid_fault")


def test_fail_times_counts_attempts_per_request_id(emulator: Emulator) -> None:
    def attempt(request_id: str) -> int:
        headers = {"X-Emulator-Fault": "status=500;fail_times=2", "X-Request-Id": request_id}
        return call(emulator, "POST", "/v1/chat/completions", {"model": "llama3.1-8b", "messages": USER}, headers)[
            0
        ].status

    assert [attempt("a") for _ in range(3)] == [500, 500, 200]
    assert [attempt("b") for _ in range(2)] == [500, 500]


def test_stream_cutting_faults(emulator: Emulator) -> None:
    def faulty(spec: str, **body: Any) -> Reply:
        return call(
            emulator,
            "POST",
            "/v1/chat/completions",
            {"model": "llama3.1-8b", "messages": USER, "stream": True, "max_tokens": 8, **body},
            {"X-Emulator-Fault": spec},
        )[0]

    assert (faulty("stall_after=3").stall_after, faulty("drop_after=2").drop_after) == (3, 2)
    assert faulty("latency=1.5").latency_s == 1.5
    broken = faulty("malformed_after=2").events or []
    with pytest.raises(ValueError):
        json.loads(broken[2][6:])
    json.loads(broken[3][6:])  # the stream goes on after the glitch
    errored = faulty("error_after=2").events or []
    assert len(errored) == 3
    assert json.loads(errored[2][6:])["status_code"] == 500
    plain = call(
        emulator,
        "POST",
        "/v1/chat/completions",
        {"model": "llama3.1-8b", "messages": USER},
        {"X-Emulator-Fault": "error_after=0"},
    )
    assert plain[0].status == 200
    assert plain[2]["error"]["code"] == "internal_error"
    assert (
        call(
            emulator,
            "POST",
            "/v1/chat/completions",
            {"model": "llama3.1-8b", "messages": USER},
            {"X-Emulator-Fault": "drop_after=1"},
        )[0].drop_after
        == 0
    )


def test_global_fault_rate() -> None:
    emulator = Emulator(EmulatorConfig(fault_rate=0.5, seed=3))
    statuses = [call(emulator, "GET", "/v1/models")[0].status for _ in range(200)]
    assert set(statuses) == {200, 503}
    assert 60 < statuses.count(503) < 140
    always = Emulator(EmulatorConfig(fault="status=502"))
    assert call(always, "GET", "/v1/models")[0].status == 502
    with pytest.raises(FaultSpecError, match="key=value"):
        EmulatorConfig(fault="nonsense")
