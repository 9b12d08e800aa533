"""The PURE attribute functions: any JSON body or response gives valid attribute values, only
under the names we declare, and never raises (hypothesis), plus the edge cases by hand."""

from __future__ import annotations

import json
from typing import Any, Dict

from hypothesis import given, settings
from hypothesis import strategies as st

from cerebras.cloud.sdk.lib.otel import _attributes as attributes
from cerebras.cloud.sdk.lib.otel import _names as names

DECLARED = {value for key, value in vars(names).items() if key.isupper() and isinstance(value, str)}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
KEYS = [
    "model",
    "messages",
    "prompt",
    "max_tokens",
    "max_completion_tokens",
    "temperature",
    "top_p",
    "seed",
    "stop",
    "n",
    "frequency_penalty",
    "presence_penalty",
    "response_format",
    "id",
    "choices",
    "usage",
    "time_info",
]
bodies = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=len(KEYS))


def valid_value(value: object) -> bool:
    if isinstance(value, (str, bool, int, float)):
        return True
    return isinstance(value, tuple) and all(isinstance(v, str) for v in value)


@settings(max_examples=300, deadline=None)
@given(body=bodies, stream=st.booleans(), legacy=st.booleans())
def test_request_attributes_of_any_body(body: Dict[str, Any], stream: bool, legacy: bool) -> None:
    for operation in ("chat", "text_completion"):
        found = attributes.request_attributes(operation, body, address="h", port=1, stream=stream, legacy=legacy)
        assert set(found) <= DECLARED
        assert all(valid_value(v) for v in found.values())
        assert found[names.GEN_AI_REQUEST_STREAM] is stream
        assert (names.GEN_AI_SYSTEM in found) is legacy
        content = attributes.input_messages(operation, body)
        assert content is None or isinstance(json.loads(content), list)


@settings(max_examples=300, deadline=None)
@given(body=bodies)
def test_response_attributes_of_any_body(body: Dict[str, Any]) -> None:
    found = {
        **attributes.response_attributes(body),
        **attributes.usage_attributes(body.get("usage")),
        **attributes.time_info_attributes(body.get("time_info")),
    }
    assert set(found) <= DECLARED
    assert all(valid_value(v) for v in found.values())
    collector = attributes.OutputCollector()
    collector.add(body)
    assert isinstance(json.loads(collector.messages()), list)
    output = attributes.output_messages(body.get("choices"))
    assert output is None or isinstance(json.loads(output), list)


def test_booleans_are_not_numbers() -> None:
    body = {"model": "m", "max_tokens": True, "seed": False, "temperature": True, "n": True}
    found = attributes.request_attributes("chat", body, address=None, port=None, stream=False, legacy=False)
    assert found == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "cerebras",
        "gen_ai.request.model": "m",
        "gen_ai.request.stream": False,
    }


def test_max_completion_tokens_wins_and_a_single_stop_is_a_list() -> None:
    body = {
        "max_tokens": 5,
        "max_completion_tokens": 9,
        "stop": "END",
        "n": 2,
        "response_format": {"type": "json_schema"},
    }
    found = attributes.request_attributes("chat", body, address=None, port=None, stream=True, legacy=False)
    assert found["gen_ai.request.max_tokens"] == 9
    assert found["gen_ai.request.stop_sequences"] == ("END",)
    assert found["gen_ai.request.choice.count"] == 2
    assert found["gen_ai.output.type"] == "json"


def test_operations() -> None:
    assert attributes.operation_of("post", "/v1/chat/completions") == "chat"
    assert attributes.operation_of("POST", "https://api.example/v1/completions?x=1") == "text_completion"
    assert attributes.operation_of("get", "/v1/chat/completions") is None
    assert attributes.operation_of("post", "/v1/models") is None


def test_what_counts_as_a_cerebras_call() -> None:
    assert attributes.is_cerebras_call({"gen_ai.system": "Cerebras"})
    assert attributes.is_cerebras_call({"gen_ai.provider.name": "cerebras", "gen_ai.operation.name": "chat"})
    assert not attributes.is_cerebras_call({"gen_ai.provider.name": "openai", "gen_ai.operation.name": "chat"})
    assert not attributes.is_cerebras_call(
        {"gen_ai.provider.name": "cerebras", "gen_ai.operation.name": "invoke_agent"}
    )
    assert not attributes.is_cerebras_call(None)
