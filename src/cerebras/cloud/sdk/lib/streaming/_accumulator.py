"""PURE accumulation of chat completion chunks into the `ChatCompletionResponse` they spell out.

`ChatCompletionAccumulator.add(chunk)` takes the chunks of one streamed answer in order and
returns the events each one brings; `completion()` returns, at any point, the completion
the chunks seen so far add up to. No I/O, no clock: the stream helpers are thin shells.

How chunks merge (the inverse of how a server splits an answer), keeping track of which keys
the server actually sent, so that `completion().to_dict()` equals the `to_dict()` of the same
answer requested without streaming:

* top level (`id`, `created`, `model`, `system_fingerprint`, `service_tier`, `usage`,
  `time_info`, unknown keys): the last non-null value sent (`usage` and `time_info` normally
  come only with the final chunk); `object` becomes `"chat.completion"`;
* choices, by `index`, in index order: `finish_reason` is the last non-null value;
  `logprobs` / `reasoning_logprobs` have their `content` / `refusal` lists concatenated; the
  chunk-only `text` is concatenated and `tokens` extended;
* `delta` becomes `message`: `role` is the last non-null role (`"assistant"` if none came);
  `content` and `reasoning` are concatenated; `tool_calls` are merged by their `index` (a
  call without `index` starts a new call when it brings a new `id`, else continues the last
  one): `function.arguments` concatenated, `id`, `type` and `function.name` the first
  non-null value; other delta keys concatenate (strings), extend (lists) or take the last value;
* a key is present in the completion when at least one chunk sent it; its value is `None`
  when every chunk that sent it sent `null`. Two exceptions follow what a non-streaming
  answer looks like: `message.content` is always there (`None` when no text came, as for a
  pure tool call), and a tool call's `index`, which only orders the pieces of a stream, is
  left out of the message.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Tuple, cast

from ..._lib_interface import BaseModel, get_parser, is_dict
from ...types.chat.chat_completion import ChatChunkResponse, ChatCompletion, ChatCompletionResponse
from ._events import (
    ChatCompletionStreamEvent,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    ReasoningDeltaEvent,
    ReasoningDoneEvent,
    TextPieces,
    ToolCallArgumentsDeltaEvent,
    ToolCallDoneEvent,
)

__all__ = ["ChatCompletionAccumulator", "as_chunk"]

# The merged values are the server's JSON as the chunk models hold it. They stay `Any`: narrowing
# each one (an `isinstance` per field of every chunk) would cost time on the stream loop, and the
# chunk models' own field types already say what each one is.

_MESSAGE_KEYS = frozenset({"role", "content", "reasoning", "tool_calls"})


def as_chunk(item: object) -> ChatChunkResponse:
    """`item` as a `ChatChunkResponse` (built loosely again when it arrived as another type)."""
    if isinstance(item, ChatChunkResponse):
        return item
    data = item.to_dict() if isinstance(item, BaseModel) else item
    chunk: ChatChunkResponse = get_parser(ChatChunkResponse).loose(data)
    return chunk


def _fields(model: Any) -> Dict[str, Any]:
    """The keys the server sent for `model`, with their values (a dict is taken as it is)."""
    if isinstance(model, dict):
        return cast("Dict[str, Any]", model)
    values: Dict[str, Any] = model.__dict__
    sent = {name: values[name] for name in model.__pydantic_fields_set__ if name in values}
    extra: Optional[Dict[str, Any]] = getattr(model, "__pydantic_extra__", None)
    if extra:
        sent.update(extra)
    return sent


def _plain(value: Any) -> Any:
    """`value` as JSON-like data: models become dicts of the keys the server sent."""
    if isinstance(value, BaseModel):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]  # pyright: ignore[reportUnknownVariableType]
    return value


def _merge_delta_value(target: Dict[str, Any], key: str, value: Any) -> None:
    """Strings concatenate, lists extend, anything else: the last non-null value wins."""
    if value is None:
        target.setdefault(key, None)
        return
    current = target.get(key)
    if isinstance(value, str) and isinstance(current, str):
        target[key] = current + value
    elif isinstance(value, list) and isinstance(current, list):
        current.extend(_plain(value))  # pyright: ignore[reportUnknownMemberType]
    else:
        target[key] = _plain(value)


def _merge_logprobs(target: Dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        target.setdefault(key, None)
        return
    merged: Optional[Dict[str, Any]] = target.get(key)
    if merged is None:
        merged = target[key] = {}
    for name, part in _fields(value).items():
        _merge_delta_value(merged, name, part)


class _ToolCall:
    __slots__ = (
        "arguments",
        "extra",
        "function_extra",
        "function_keys",
        "id",
        "index",
        "keys",
        "name",
        "position",
        "type",
    )

    def __init__(self, position: int) -> None:
        self.position = position
        """Where this call sits in its choice's list (in order of arrival)."""
        self.keys: Set[str] = set()
        self.function_keys: Set[str] = set()
        self.index: Optional[int] = None
        self.id: Optional[str] = None
        self.type: Optional[str] = None
        self.name: Optional[str] = None
        self.arguments = TextPieces()
        self.extra: Dict[str, Any] = {}
        self.function_extra: Dict[str, Any] = {}

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        if "id" in self.keys:
            out["id"] = self.id
        if "type" in self.keys:
            out["type"] = self.type
        out.update(self.extra)
        if "function" in self.keys:
            function: Dict[str, Any] = {}
            if "name" in self.function_keys:
                function["name"] = self.name
            if "arguments" in self.function_keys:
                function["arguments"] = self.arguments.text() if self.arguments.parts else None
            function.update(self.function_extra)
            out["function"] = function
        return out


class _Choice:
    __slots__ = (
        "content",
        "done",
        "extra",
        "finish_reason",
        "index",
        "keys",
        "message_extra",
        "message_keys",
        "reasoning",
        "role",
        "tool_calls",
        "tool_calls_by_index",
        "tool_calls_sent",
    )

    def __init__(self, index: int) -> None:
        self.index = index
        self.keys: Set[str] = set()
        self.finish_reason: Optional[str] = None
        self.extra: Dict[str, Any] = {}
        self.message_keys: Set[str] = set()
        self.role: Optional[str] = None
        self.content = TextPieces()
        self.reasoning = TextPieces()
        self.tool_calls: List[_ToolCall] = []
        self.tool_calls_by_index: Dict[int, _ToolCall] = {}
        """The calls that came with an `index`: found in constant time, however many there are."""
        self.tool_calls_sent = False
        """Whether a non-null `tool_calls` list arrived (an empty one included)."""
        self.message_extra: Dict[str, Any] = {}
        self.done = False

    def tool_call_for(self, index: Optional[int], id_: Optional[str]) -> _ToolCall:
        calls = self.tool_calls
        if index is not None:
            known = self.tool_calls_by_index.get(index)
            if known is not None:
                return known
        elif calls and (id_ is None or calls[-1].id in (None, id_)):
            return calls[-1]
        call = _ToolCall(len(calls))
        call.index = index
        calls.append(call)
        if index is not None:
            self.tool_calls_by_index[index] = call
        return call

    def ordered_calls(self) -> List[Tuple[int, _ToolCall]]:
        """The tool calls with their event index, by `index` when every call has one."""
        calls = self.tool_calls
        if all(call.index is not None for call in calls):
            return sorted(((call.index or 0, call) for call in calls), key=lambda pair: pair[0])
        return [(call.index if call.index is not None else position, call) for position, call in enumerate(calls)]

    def to_dict(self) -> Dict[str, Any]:
        message: Dict[str, Any] = {"role": self.role or "assistant"}
        message["content"] = self.content.text() if self.content.parts else None
        if "reasoning" in self.message_keys:
            message["reasoning"] = self.reasoning.text() if self.reasoning.parts else None
        if "tool_calls" in self.message_keys:
            calls = [call.to_dict() for _, call in self.ordered_calls()]
            message["tool_calls"] = calls if self.tool_calls_sent else None
        message.update(self.message_extra)
        out: Dict[str, Any] = {"index": self.index, "message": message}
        if "finish_reason" in self.keys:
            out["finish_reason"] = self.finish_reason
        out.update(self.extra)
        return out


class ChatCompletionAccumulator:
    """Turns the chunks of one streamed chat completion into the `ChatCompletionResponse`.

    ```py
    accumulator = ChatCompletionAccumulator()
    for chunk in client.chat.completions.create(..., stream=True):
        accumulator.add(chunk)
    completion = accumulator.completion()
    ```

    Pure and synchronous; one instance per stream. `add` returns the typed events of the
    chunk (see `_events`), `finish` the closing events of choices that never finished.
    """

    def __init__(self) -> None:
        self._top: Dict[str, Any] = {}
        self._choices: Dict[int, _Choice] = {}
        self._finished = False
        self.chunk_count = 0
        """How many chunks were added."""

    def add(self, chunk: ChatCompletion) -> List[ChatCompletionStreamEvent]:
        """Merge one chunk; returns its events (`ChunkEvent` first, then what it carried).

        Takes the items of `create(..., stream=True)` as they come, including chunks the
        union could not place (a continuation tool-call delta without `type`, say), which the
        SDK builds loosely as another member of `ChatCompletion`: they are read as the chunks
        they are.
        """
        chunk = as_chunk(chunk)
        top = self._top
        self.chunk_count += 1
        events: List[ChatCompletionStreamEvent] = [ChunkEvent(chunk=chunk)]
        for key, value in _fields(chunk).items():
            if key == "choices":
                for choice in value or ():
                    self._add_choice(choice, events)
            elif key != "object" and (value is not None or key not in top):
                top[key] = _plain(value)
        return events

    def _add_choice(self, choice: Any, events: List[ChatCompletionStreamEvent]) -> None:
        fields = _fields(choice)
        index = fields.get("index")
        if not isinstance(index, int):
            index = 0
        state = self._choices.get(index)
        if state is None:
            state = self._choices[index] = _Choice(index)
        for key, value in fields.items():
            if key in ("index", "delta"):
                continue
            if key in ("logprobs", "reasoning_logprobs"):
                _merge_logprobs(state.extra, key, value)
            elif key in ("text", "tokens"):
                _merge_delta_value(state.extra, key, value)
            elif key == "finish_reason":
                state.keys.add(key)
                if value is not None:
                    state.finish_reason = value
            elif value is not None or key not in state.extra:
                state.extra[key] = _plain(value)
        delta = fields.get("delta")
        if delta is not None:
            self._add_delta(state, delta, events)
        if fields.get("finish_reason") is not None and not state.done:
            self._finish_choice(state, events)

    def _add_delta(self, state: _Choice, delta: Any, events: List[ChatCompletionStreamEvent]) -> None:
        fields = _fields(delta)
        keys = state.message_keys
        for key, value in fields.items():
            if key in _MESSAGE_KEYS:
                keys.add(key)
            else:
                _merge_delta_value(state.message_extra, key, value)
        role = fields.get("role")
        if role is not None:
            state.role = role
        reasoning = fields.get("reasoning")
        if reasoning is not None:
            pieces = state.reasoning
            pieces.parts.append(reasoning)
            if reasoning:
                events.append(ReasoningDeltaEvent(state.index, reasoning, pieces, len(pieces.parts)))
        content = fields.get("content")
        if content is not None:
            pieces = state.content
            pieces.parts.append(content)
            if content:
                events.append(ContentDeltaEvent(state.index, content, pieces, len(pieces.parts)))
        tool_calls = fields.get("tool_calls")
        if tool_calls is not None:
            state.tool_calls_sent = True
        for call in tool_calls or ():
            self._add_tool_call(state, call, events)

    def _add_tool_call(self, state: _Choice, call: Any, events: List[ChatCompletionStreamEvent]) -> None:
        fields = _fields(call)
        index = fields.get("index")
        id_ = fields.get("id")
        target = state.tool_call_for(index if isinstance(index, int) else None, id_)
        piece: Optional[str] = None
        for key, value in fields.items():
            if key == "function":
                target.keys.add(key)
                for name, part in _fields(value).items() if value is not None else ():
                    if name == "arguments":
                        target.function_keys.add(name)
                        if part is not None:
                            target.arguments.parts.append(part)
                            piece = part
                    elif name == "name":
                        target.function_keys.add(name)
                        if target.name is None:
                            target.name = part
                    else:
                        _merge_delta_value(target.function_extra, name, part)
            elif key in ("id", "type", "index"):
                target.keys.add(key)
                if getattr(target, key) is None:
                    setattr(target, key, value)
                    if key == "index" and isinstance(value, int):
                        state.tool_calls_by_index.setdefault(value, target)
            else:
                _merge_delta_value(target.extra, key, value)
        if piece:
            position = target.index if target.index is not None else target.position
            pieces = target.arguments
            events.append(
                ToolCallArgumentsDeltaEvent(state.index, position, target.name, piece, pieces, len(pieces.parts))
            )

    def _finish_choice(self, state: _Choice, events: List[ChatCompletionStreamEvent]) -> None:
        state.done = True
        if state.reasoning.parts:
            events.append(ReasoningDoneEvent(state.index, state.reasoning.text()))
        if state.content.parts:
            events.append(ContentDoneEvent(state.index, state.content.text()))
        for position, call in state.ordered_calls():
            events.append(ToolCallDoneEvent(state.index, position, call.id, call.name, call.arguments.text()))

    def finish(self) -> List[ChatCompletionStreamEvent]:
        """The `*.done` events of the choices that never got a `finish_reason` (call at the end)."""
        events: List[ChatCompletionStreamEvent] = []
        if not self._finished:
            self._finished = True
            for index in sorted(self._choices):
                state = self._choices[index]
                if not state.done:
                    self._finish_choice(state, events)
        return events

    @property
    def usage(self) -> Optional[Dict[str, Any]]:
        """The `usage` the server reported so far (normally with the final chunk), as sent."""
        usage = self._top.get("usage")
        return usage if is_dict(usage) else None

    def completion_dict(self) -> Dict[str, Any]:
        """The completion so far as the JSON a non-streaming request would have returned."""
        data = dict(self._top)
        data["object"] = "chat.completion"
        data["choices"] = [self._choices[index].to_dict() for index in sorted(self._choices)]
        return data

    def completion(self) -> ChatCompletionResponse:
        """The `ChatCompletionResponse` the chunks so far add up to (callable at any point)."""
        result: ChatCompletionResponse = get_parser(ChatCompletionResponse).loose(self.completion_dict())
        return result

    def text(self, choice_index: int = 0) -> str:
        """The answer text of one choice so far (`""` when it has none)."""
        state = self._choices.get(choice_index)
        return state.content.text() if state is not None else ""
