"""The pure chunk accumulator: merge rules, events, snapshots. No HTTP."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

from cerebras.cloud.sdk._models import get_parser
from cerebras.cloud.sdk.lib.streaming import (
    ChatCompletionAccumulator,
    ChatCompletionStreamEvent,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    ReasoningDeltaEvent,
    ReasoningDoneEvent,
    ToolCallArgumentsDeltaEvent,
    ToolCallDoneEvent,
)
from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse, ChatCompletion, ChatCompletionResponse

FRAME: Dict[str, Any] = {
    "id": "chatcmpl-9a",
    "object": "chat.completion.chunk",
    "created": 1735689601,
    "model": "llama3.1-8b",
    "system_fingerprint": "fp_5a1b2c",
}


def chunk(*choices: Dict[str, Any], **top: Any) -> ChatCompletion:
    """A chunk as `create(stream=True)` yields it (parsed with the `ChatCompletion` union)."""
    data = {**FRAME, "choices": list(choices), **top}
    return get_parser(ChatCompletion).loose(json.loads(json.dumps(data)))


def delta(index: int = 0, finish_reason: Any = ..., **fields: Any) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"index": index, "delta": fields}
    if finish_reason is not ...:
        entry["finish_reason"] = finish_reason
    return entry


def accumulate(*chunks: ChatCompletion) -> ChatCompletionAccumulator:
    accumulator = ChatCompletionAccumulator()
    for item in chunks:
        accumulator.add(item)
    return accumulator


def non_streaming(data: Dict[str, Any]) -> Dict[str, object]:
    """What `create()` without streaming would return for `data`, as `to_dict()`."""
    return get_parser(ChatCompletion).loose(data).to_dict()


def test_the_reference_stream() -> None:
    accumulator = accumulate(
        chunk(delta(role="assistant")),
        chunk(delta(content="Seven")),
        chunk(
            delta(finish_reason="stop"),
            usage={"prompt_tokens": 21, "completion_tokens": 1, "total_tokens": 22},
            time_info={"total_time": 0.004},
        ),
    )
    completion = accumulator.completion()
    assert isinstance(completion, ChatCompletionResponse)
    assert completion.to_dict() == non_streaming(
        {
            **FRAME,
            "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Seven"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 21, "completion_tokens": 1, "total_tokens": 22},
            "time_info": {"total_time": 0.004},
        }
    )
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 1
    assert accumulator.text() == "Seven"
    assert accumulator.chunk_count == 3


def test_role_defaults_to_assistant_and_the_last_role_wins() -> None:
    assert accumulate(chunk(delta(content="x"))).completion().choices[0].message.role == "assistant"
    later = accumulate(chunk(delta(role="assistant")), chunk(delta(role=None, content="x")))
    assert later.completion().choices[0].message.role == "assistant"


def test_keys_follow_what_the_server_sent() -> None:
    never = accumulate(chunk(delta(role="assistant", content="hi"))).completion_dict()
    assert never["choices"][0] == {"index": 0, "message": {"role": "assistant", "content": "hi"}}
    nulls = accumulate(
        chunk(delta(role="assistant", content=None, reasoning=None, tool_calls=None), service_tier=None)
    ).completion_dict()
    assert nulls["choices"][0]["message"] == {
        "role": "assistant",
        "content": None,
        "reasoning": None,
        "tool_calls": None,
    }
    assert nulls["service_tier"] is None
    empty = accumulate(chunk(delta(content=""), delta(1, tool_calls=[]))).completion_dict()
    assert empty["choices"][0]["message"]["content"] == ""
    assert empty["choices"][1]["message"]["tool_calls"] == []


def test_null_never_overrides_a_value() -> None:
    accumulator = accumulate(
        chunk(delta(content="a", finish_reason=None), usage=None, service_tier="priority"),
        chunk(delta(content=None, finish_reason="length"), usage={"completion_tokens": 2}),
        chunk(delta(finish_reason=None), usage=None, service_tier=None),
    )
    data = accumulator.completion_dict()
    assert data["usage"] == {"completion_tokens": 2}
    assert data["service_tier"] == "priority"
    assert data["choices"][0]["finish_reason"] == "length"
    assert data["choices"][0]["message"]["content"] == "a"


def test_reasoning_and_content_concatenate() -> None:
    accumulator = accumulate(
        chunk(delta(role="assistant", reasoning="Let me ")),
        chunk(delta(reasoning="think.")),
        chunk(delta(content="4")),
        chunk(delta(content="2", finish_reason="stop")),
    )
    message = accumulator.completion().choices[0].message
    assert (message.reasoning, message.content) == ("Let me think.", "42")


def test_tool_calls_merge_by_index() -> None:
    accumulator = accumulate(
        chunk(delta(role="assistant", tool_calls=[tool(1, id="call_b", name="time", arguments='{"tz"')])),
        chunk(delta(tool_calls=[tool(0, id="call_a", name="weather", arguments="")])),
        chunk(delta(tool_calls=[tool(0, arguments='{"city": '), tool(1, arguments=': "UTC"}')])),
        chunk(delta(tool_calls=[tool(0, arguments='"Paris"}')], finish_reason="tool_calls")),
    )
    calls = accumulator.completion().choices[0].message.tool_calls
    assert calls is not None
    assert [(c.id, c.type, c.function.name, c.function.arguments) for c in calls] == [
        ("call_a", "function", "weather", '{"city": "Paris"}'),
        ("call_b", "function", "time", '{"tz": "UTC"}'),
    ]
    assert [c.index for c in calls] == [None, None]  # stream bookkeeping, not part of the message


def test_chunks_the_union_could_not_place_are_read_as_chunks() -> None:
    continuation = chunk(delta(tool_calls=[{"index": 0, "function": {"arguments": "}"}}]))
    assert not isinstance(continuation, ChatChunkResponse)  # no `type`: built loosely as another member
    accumulator = ChatCompletionAccumulator()
    accumulator.add(chunk(delta(tool_calls=[tool(0, id="c", name="f", arguments="{")])))
    events = accumulator.add(continuation)
    assert isinstance(events[0], ChunkEvent)
    assert isinstance(events[0].chunk, ChatChunkResponse)
    assert events[0].chunk.choices is not None
    assert [e.type for e in events] == ["chunk", "tool_call.arguments.delta"]
    calls = accumulator.completion().choices[0].message.tool_calls
    assert calls is not None
    assert calls[0].function.arguments == "{}"


def test_tool_calls_without_index_start_with_a_new_id() -> None:
    accumulator = accumulate(
        chunk(delta(tool_calls=[tool(None, id="a", name="f", arguments="{")])),
        chunk(delta(tool_calls=[tool(None, arguments="}")])),
        chunk(delta(tool_calls=[tool(None, id="b", name="g", arguments="[")])),
        chunk(delta(tool_calls=[tool(None, id="b", arguments="]")])),
    )
    calls = accumulator.completion_dict()["choices"][0]["message"]["tool_calls"]
    assert calls == [
        {"id": "a", "type": "function", "function": {"name": "f", "arguments": "{}"}},
        {"id": "b", "type": "function", "function": {"name": "g", "arguments": "[]"}},
    ]


def test_the_first_name_and_id_are_kept() -> None:
    accumulator = accumulate(
        chunk(delta(tool_calls=[tool(0, id="call_1", name="search", arguments='{"q":')])),
        chunk(delta(tool_calls=[tool(0, id="call_1", name="search", arguments='"x"}')])),
    )
    call = accumulator.completion_dict()["choices"][0]["message"]["tool_calls"][0]
    assert call == {"id": "call_1", "type": "function", "function": {"name": "search", "arguments": '{"q":"x"}'}}


def test_a_pure_tool_call_message_has_null_content() -> None:
    accumulator = accumulate(
        chunk(delta(role="assistant")),
        chunk(delta(tool_calls=[tool(0, id="c", name="f", arguments="{}")], finish_reason="tool_calls")),
    )
    message = accumulator.completion_dict()["choices"][0]["message"]
    assert message == {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
    }


def test_choices_are_merged_by_index_and_ordered() -> None:
    accumulator = accumulate(
        chunk(delta(1, role="assistant", content="b")),
        chunk(delta(0, role="assistant", content="a"), delta(1, content="B", finish_reason="stop")),
        chunk(delta(0, content="A", finish_reason="length")),
    )
    completion = accumulator.completion()
    assert [(c.index, c.message.content, c.finish_reason) for c in completion.choices] == [
        (0, "aA", "length"),
        (1, "bB", "stop"),
    ]
    assert accumulator.text(1) == "bB"
    assert accumulator.text(7) == ""


def test_logprobs_concatenate() -> None:
    entry = {"token": "a", "logprob": -0.5, "top_logprobs": []}
    accumulator = accumulate(
        chunk({**delta(content="a"), "logprobs": {"content": [entry]}}),
        chunk({**delta(content="b"), "logprobs": {"content": [{**entry, "token": "b"}]}}),
        chunk({**delta(finish_reason="stop"), "logprobs": None}),
    )
    logprobs = accumulator.completion().choices[0].logprobs
    assert logprobs is not None
    assert logprobs.content is not None
    assert [item.token for item in logprobs.content] == ["a", "b"]


def test_unknown_fields_are_kept() -> None:
    accumulator = accumulate(
        chunk(delta(content="a", citations=["x"], note="he"), region="us-east"),
        chunk(delta(content="b", citations=["y"], note="llo"), region="us-east"),
    )
    data = accumulator.completion_dict()
    assert data["region"] == "us-east"
    assert data["choices"][0]["message"]["citations"] == ["x", "y"]
    assert data["choices"][0]["message"]["note"] == "hello"


def test_a_usage_only_final_chunk() -> None:
    accumulator = accumulate(
        chunk(delta(content="hi", finish_reason="stop")),
        chunk(usage={"prompt_tokens": 3, "completion_tokens": 1}, time_info={"queue_time": 0.001}),
    )
    completion = accumulator.completion()
    assert completion.choices[0].message.content == "hi"
    assert completion.time_info is not None
    assert completion.time_info.queue_time == 0.001
    assert accumulator.usage == {"prompt_tokens": 3, "completion_tokens": 1}


def test_the_snapshot_grows_with_the_chunks() -> None:
    accumulator = ChatCompletionAccumulator()
    assert accumulator.completion().choices == []
    accumulator.add(chunk(delta(content="Hel")))
    assert accumulator.completion().choices[0].message.content == "Hel"
    accumulator.add(chunk(delta(content="lo")))
    assert accumulator.completion().choices[0].message.content == "Hello"


# --------------------------------------------------------------------------- events


def tool(index: Any, **fields: Any) -> Dict[str, Any]:
    function = {k: fields.pop(k) for k in ("name", "arguments") if k in fields}
    call: Dict[str, Any] = {"function": function, **fields}
    if "id" in fields or "name" in function:
        call["type"] = "function"
    if index is not None:
        call["index"] = index
    return call


def kinds(events: List[ChatCompletionStreamEvent]) -> List[str]:
    return [event.type for event in events]


def test_events_of_a_chunk_come_in_order() -> None:
    accumulator = ChatCompletionAccumulator()
    first = chunk(delta(role="assistant", reasoning="Hm.", content="Hi"))
    events = accumulator.add(first)
    assert kinds(events) == ["chunk", "reasoning.delta", "content.delta"]
    assert isinstance(events[0], ChunkEvent)
    assert events[0].chunk is first
    done = accumulator.add(chunk(delta(content="!", finish_reason="stop")))
    assert kinds(done) == ["chunk", "content.delta", "reasoning.done", "content.done"]
    assert done[2] == ReasoningDoneEvent(choice_index=0, reasoning="Hm.")
    assert done[3] == ContentDoneEvent(choice_index=0, content="Hi!")
    assert accumulator.finish() == []


def test_content_delta_snapshots() -> None:
    accumulator = ChatCompletionAccumulator()
    events = [e for text in ("a", "b", "", "c") for e in accumulator.add(chunk(delta(content=text)))]
    deltas = [e for e in events if isinstance(e, ContentDeltaEvent)]
    assert [(d.delta, d.snapshot) for d in deltas] == [("a", "a"), ("b", "ab"), ("c", "abc")]
    assert deltas[0].snapshot == "a"  # a snapshot is fixed at its own point of the stream
    reasoning = accumulator.add(chunk(delta(reasoning="r")))[1]
    assert isinstance(reasoning, ReasoningDeltaEvent)
    assert reasoning.snapshot == "r"


def test_tool_call_events() -> None:
    accumulator = ChatCompletionAccumulator()
    events: List[ChatCompletionStreamEvent] = []
    events += accumulator.add(chunk(delta(tool_calls=[tool(0, id="c0", name="weather", arguments='{"city"')])))
    events += accumulator.add(chunk(delta(tool_calls=[tool(1, id="c1", name="time", arguments="")])))
    events += accumulator.add(chunk(delta(tool_calls=[tool(0, arguments=': "Oslo"}'), tool(1, arguments="{}")])))
    events += accumulator.add(chunk(delta(finish_reason="tool_calls")))
    argument_events = [e for e in events if isinstance(e, ToolCallArgumentsDeltaEvent)]
    assert [(e.index, e.name, e.arguments_delta, e.arguments) for e in argument_events] == [
        (0, "weather", '{"city"', '{"city"'),
        (0, "weather", ': "Oslo"}', '{"city": "Oslo"}'),
        (1, "time", "{}", "{}"),
    ]
    assert [e for e in events if isinstance(e, ToolCallDoneEvent)] == [
        ToolCallDoneEvent(choice_index=0, index=0, id="c0", name="weather", arguments='{"city": "Oslo"}'),
        ToolCallDoneEvent(choice_index=0, index=1, id="c1", name="time", arguments="{}"),
    ]


def test_finish_closes_unfinished_choices_once() -> None:
    accumulator = accumulate(chunk(delta(0, content="a"), delta(1, content="b", finish_reason="stop")))
    assert accumulator.finish() == [ContentDoneEvent(choice_index=0, content="a")]
    assert accumulator.finish() == []


def test_event_types_are_literals() -> None:
    parsed = chunk()
    assert isinstance(parsed, ChatChunkResponse)
    assert ChunkEvent(chunk=parsed).type == "chunk"
    assert ToolCallDoneEvent(0, 0, None, None, "{}").type == "tool_call.done"
    with pytest.raises(AttributeError):
        ContentDoneEvent(0, "x").content = "y"  # type: ignore[misc]
