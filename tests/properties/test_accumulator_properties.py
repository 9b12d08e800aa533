"""Property: any chat completion, split into chunks in any way, accumulates back into itself.

A completion is generated as the JSON a non-streaming request returns; a split plan cuts its
content, reasoning, tool-call arguments and log-probabilities into pieces at arbitrary
points, interleaves the choices (and the tool calls of a choice, when they have an `index`),
sends the role only with the first delta, and `usage` / `time_info` only with the final chunk.
Accumulating the chunks must give a completion whose `to_dict()` equals that of the original.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cerebras.cloud.sdk._models import get_parser
from cerebras.cloud.sdk.lib.streaming import (
    ChatCompletionAccumulator,
    ContentDeltaEvent,
    ReasoningDeltaEvent,
    ToolCallArgumentsDeltaEvent,
    ToolCallDoneEvent,
)
from cerebras.cloud.sdk.types.chat.chat_completion import ChatCompletion

Json = Dict[str, Any]

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
maybe_text = st.one_of(st.none(), text)
small_float = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


def optional_key(draw: st.DrawFn, target: Json, key: str, values: st.SearchStrategy[Any]) -> None:
    """Set `target[key]` to a drawn value, or leave the key out."""
    if draw(st.booleans()):
        target[key] = draw(values)


logprob_entry = st.fixed_dictionaries(
    {
        "token": text,
        "logprob": st.floats(min_value=-100, max_value=0, allow_nan=False),
        "top_logprobs": st.lists(
            st.fixed_dictionaries({"token": text, "logprob": st.floats(min_value=-100, max_value=0)}), max_size=2
        ),
    }
)


@st.composite
def tool_calls(draw: st.DrawFn) -> List[Json]:
    """Tool calls as a non-streamed message has them (no `index`); ids, when given, are unique."""
    calls: List[Json] = []
    for position in range(draw(st.integers(min_value=0, max_value=3))):
        function: Json = {}
        optional_key(draw, function, "name", maybe_text)
        optional_key(draw, function, "arguments", st.one_of(st.none(), text.map(lambda t: json.dumps({"q": t}))))
        call: Json = {"function": function, "type": "function"}
        optional_key(draw, call, "id", st.one_of(st.none(), st.just(f"call_{position}")))
        calls.append(call)
    return calls


@st.composite
def choices(draw: st.DrawFn, index: int) -> Json:
    message: Json = {"role": "assistant", "content": draw(maybe_text)}  # always there, as in a non-streamed answer
    optional_key(draw, message, "reasoning", maybe_text)
    optional_key(draw, message, "tool_calls", st.one_of(st.none(), tool_calls()))
    choice: Json = {"index": index, "message": message}
    optional_key(draw, choice, "finish_reason", st.sampled_from([None, "stop", "length", "tool_calls"]))
    optional_key(
        draw,
        choice,
        "logprobs",
        st.one_of(st.none(), st.fixed_dictionaries({"content": st.lists(logprob_entry, max_size=4)})),
    )
    return choice


@st.composite
def completions(draw: st.DrawFn) -> Json:
    completion: Json = {
        "id": draw(st.text(min_size=1, max_size=12)),
        "object": "chat.completion",
        "created": draw(st.integers(min_value=0, max_value=2**33)),
        "model": draw(st.sampled_from(["llama3.1-8b", "qwen-3-32b", "gpt-oss-120b"])),
        "system_fingerprint": draw(st.text(max_size=8)),
        "choices": [draw(choices(i)) for i in range(draw(st.integers(min_value=1, max_value=3)))],
    }
    optional_key(draw, completion, "service_tier", st.one_of(st.none(), st.sampled_from(["auto", "priority"])))
    optional_key(
        draw,
        completion,
        "usage",
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"prompt_tokens": st.integers(0, 10**6), "completion_tokens": st.integers(0, 10**6)},
                optional={
                    "total_tokens": st.integers(0, 10**6),
                    "prompt_tokens_details": st.fixed_dictionaries({"cached_tokens": st.integers(0, 100)}),
                    "completion_tokens_details": st.fixed_dictionaries({"reasoning_tokens": st.integers(0, 100)}),
                },
            ),
        ),
    )
    optional_key(
        draw,
        completion,
        "time_info",
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {},
                optional={k: small_float for k in ("queue_time", "prompt_time", "completion_time", "total_time")},
            ),
        ),
    )
    return completion


# --------------------------------------------------------------------------- splitting


def split_text(draw: st.DrawFn, value: str) -> List[str]:
    """`value` cut at arbitrary points (empty pieces allowed); `[""]` for the empty string."""
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=len(value)), max_size=5)))
    bounds = [0, *cuts, len(value)]
    return [value[a:b] for a, b in zip(bounds, bounds[1:])]


def split_list(draw: st.DrawFn, value: List[Any], parts: int) -> List[List[Any]]:
    cuts = sorted(
        draw(st.lists(st.integers(min_value=0, max_value=len(value)), min_size=parts - 1, max_size=parts - 1))
    )
    bounds = [0, *cuts, len(value)]
    return [value[a:b] for a, b in zip(bounds, bounds[1:])]


def tool_call_pieces(draw: st.DrawFn, calls: List[Json], numbered: bool) -> List[List[Json]]:
    """Per call, its delta pieces: the first carries id/type/name, the rest more arguments.

    `numbered` streams give every piece the call's position as `index`; the others rely on
    each call's (unique) `id` to start it.
    """
    per_call: List[List[Json]] = []
    for position, call in enumerate(calls):
        function: Json = call["function"]
        arguments: Optional[str] = function.get("arguments")
        pieces = split_text(draw, arguments) if arguments is not None else [None]
        deltas: List[Json] = []
        for number, piece in enumerate(pieces):
            delta_function: Json = {}
            if number == 0:
                if "name" in function:
                    delta_function["name"] = function["name"]
                if "arguments" in function:
                    delta_function["arguments"] = piece
            else:
                delta_function["arguments"] = piece
            delta: Json = {"function": delta_function}
            if numbered:
                delta["index"] = position
            if number == 0:
                delta["type"] = call["type"]
                if "id" in call:
                    delta["id"] = call["id"]
            deltas.append(delta)
        per_call.append(deltas)
    return per_call


def interleave(draw: st.DrawFn, sequences: List[List[Any]]) -> List[Any]:
    """The items of all sequences, each sequence's order kept, the sequences shuffled together."""
    queues = [list(seq) for seq in sequences if seq]
    out: List[Any] = []
    while queues:
        i = draw(st.integers(min_value=0, max_value=len(queues) - 1))
        out.append(queues[i].pop(0))
        if not queues[i]:
            queues.pop(i)
    return out


def choice_deltas(draw: st.DrawFn, choice: Json) -> List[Json]:
    """The `choices[]` entries (without grouping into chunks) that spell out one choice."""
    message: Json = choice["message"]
    entries: List[Json] = [{"delta": {"role": message["role"]}}]
    for key in ("reasoning", "content"):
        if key in message:
            value = message[key]
            if value is not None:
                entries.extend({"delta": {key: piece}} for piece in split_text(draw, value))
            elif key == "reasoning" or draw(st.booleans()):  # a `null` content may also go unsaid
                entries.append({"delta": {key: None}})
    if "tool_calls" in message:
        calls = message["tool_calls"]
        if calls is None or not calls:
            entries.append({"delta": {"tool_calls": calls}})
        else:
            numbered = not all(call.get("id") for call in calls) or draw(st.booleans())
            per_call = tool_call_pieces(draw, calls, numbered)
            ordered = interleave(draw, per_call) if numbered else [d for deltas in per_call for d in deltas]
            entries.extend({"delta": {"tool_calls": [delta]}} for delta in ordered)
    # keep the role-bearing delta first, mix the rest
    head, rest = entries[0], entries[1:]
    rest = interleave(draw, [[e] for e in rest]) if draw(st.booleans()) and not _order_matters(rest) else rest
    entries = [head, *rest]
    if "logprobs" in choice:
        logprobs = choice["logprobs"]
        if logprobs is None:
            entries[0]["logprobs"] = None
        else:
            parts = split_list(draw, logprobs["content"], len(entries))
            for entry, part in zip(entries, parts):
                entry["logprobs"] = {"content": part}
    if "finish_reason" in choice:
        for entry in entries[:-1]:
            if draw(st.booleans()):
                entry["finish_reason"] = None  # streams say `null` until the end
        entries[-1]["finish_reason"] = choice["finish_reason"]
    return [{"index": choice["index"], **entry} for entry in entries]


def _order_matters(entries: List[Json]) -> bool:
    # Pieces of the same text (or of tool calls) must stay in order; single pieces may move.
    kinds = [next(iter(e["delta"])) for e in entries]
    return any(kinds.count(kind) > 1 for kind in set(kinds)) or "tool_calls" in kinds


@st.composite
def split(draw: st.DrawFn, completion: Json) -> List[Json]:
    per_choice = [choice_deltas(draw, choice) for choice in completion["choices"]]
    mixed = interleave(draw, per_choice)
    frame = {
        "id": completion["id"],
        "object": "chat.completion.chunk",
        "created": completion["created"],
        "model": completion["model"],
        "system_fingerprint": completion["system_fingerprint"],
    }
    if "service_tier" in completion:
        frame["service_tier"] = completion["service_tier"]
    chunks: List[Json] = []
    group: List[Json] = []
    for entry in mixed:
        if any(e["index"] == entry["index"] for e in group) or (group and draw(st.booleans())):
            chunks.append({**frame, "choices": group})
            group = []
        group.append(entry)
    chunks.append({**frame, "choices": group})
    final = {key: completion[key] for key in ("usage", "time_info") if key in completion}
    if final and draw(st.booleans()):
        for chunk in chunks:  # some servers say `null` until the final chunk
            chunk.update(dict.fromkeys(final))
    if final:
        if draw(st.booleans()):
            chunks[-1].update(final)
        else:
            chunks.append({**frame, "choices": [], **final})  # a usage-only final chunk
    return chunks


def parse_chunk(data: Json) -> ChatCompletion:
    """The chunk as `create(stream=True)` yields it: the `ChatCompletion` union, parsed loosely."""
    return get_parser(ChatCompletion).loose(json.loads(json.dumps(data)))


@st.composite
def completion_and_chunks(draw: st.DrawFn) -> Tuple[Json, List[Json]]:
    completion = draw(completions())
    return completion, draw(split(completion))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(completion_and_chunks())
def test_accumulating_any_split_gives_back_the_completion(case: Tuple[Json, List[Json]]) -> None:
    completion, chunks = case
    accumulator = ChatCompletionAccumulator()
    events = [event for data in chunks for event in accumulator.add(parse_chunk(data))]
    events.extend(accumulator.finish())

    expected = get_parser(ChatCompletion).loose(json.loads(json.dumps(completion)))
    assert accumulator.completion().to_dict() == expected.to_dict()

    for choice in completion["choices"]:
        index = choice["index"]
        message = choice["message"]
        content = "".join(e.delta for e in events if isinstance(e, ContentDeltaEvent) and e.choice_index == index)
        reasoning = "".join(e.delta for e in events if isinstance(e, ReasoningDeltaEvent) and e.choice_index == index)
        assert content == (message.get("content") or "")
        assert reasoning == (message.get("reasoning") or "")
        deltas = [e for e in events if isinstance(e, ContentDeltaEvent) and e.choice_index == index]
        if deltas:
            assert deltas[-1].snapshot == message["content"]
        done = [e for e in events if isinstance(e, ToolCallDoneEvent) and e.choice_index == index]
        calls = message.get("tool_calls") or []
        assert [e.arguments for e in done] == [call["function"].get("arguments") or "" for call in calls]
        assert [e.name for e in done] == [call["function"].get("name") for call in calls]
        for event in events:
            if isinstance(event, ToolCallArgumentsDeltaEvent) and event.choice_index == index:
                assert calls[event.index]["function"]["arguments"].startswith(event.arguments)


@settings(max_examples=50, deadline=None)
@given(completion_and_chunks())
def test_the_snapshot_is_available_at_any_point(case: Tuple[Json, List[Json]]) -> None:
    completion, chunks = case
    accumulator = ChatCompletionAccumulator()
    for data in chunks:
        accumulator.add(parse_chunk(data))
        snapshot = accumulator.completion()
        assert snapshot.id == completion["id"]
        assert [c.index for c in snapshot.choices] == sorted(c.index for c in snapshot.choices)
    assert accumulator.chunk_count == len(chunks)
