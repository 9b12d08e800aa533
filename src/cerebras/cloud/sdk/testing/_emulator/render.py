"""PURE rendering of an `Answer`: the JSON body, or the SSE events and the time each one is due.

Streams are the hot path (hundreds of concurrent streams, tens of thousands of events per
second), so a content event is three byte strings joined: a prefix fixed for the whole stream,
the token's JSON string (cached per distinct token), and a fixed suffix. No `json.dumps` runs
per event except for the first and last ones.
"""

from __future__ import annotations

import hashlib
import json
from typing import Dict, List, Tuple

from .generate import Answer

__all__ = ["DONE_EVENT", "chat_body", "chat_events", "fingerprint", "text_body", "text_events"]

DONE_EVENT = b"data: [DONE]\n\n"

_ESCAPED: Dict[str, bytes] = {}
_ESCAPED_MAX = 65_536


def _escaped(token: str) -> bytes:
    cached = _ESCAPED.get(token)
    if cached is None:
        cached = json.dumps(token, ensure_ascii=False).encode()
        if len(_ESCAPED) < _ESCAPED_MAX:
            _ESCAPED[token] = cached
    return cached


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def fingerprint(model_id: str) -> str:
    """A stable `system_fingerprint` per model."""
    return "fp_" + hashlib.blake2b(model_id.encode(), digest_size=5).hexdigest()


def _head(answer: Answer, obj: str) -> Dict[str, object]:
    return {
        "id": answer.id,
        "object": obj,
        "created": answer.created,
        "model": answer.model.id,
        "system_fingerprint": fingerprint(answer.model.id),
    }


def chat_body(answer: Answer) -> bytes:
    """The `chat.completion` JSON body."""
    choices: List[Dict[str, object]] = []
    for c in answer.choices:
        message: Dict[str, object] = {"role": "assistant"}
        if c.tool_call is not None:
            message["content"] = None
            message["tool_calls"] = [
                {
                    "id": c.tool_call.id,
                    "type": "function",
                    "function": {"name": c.tool_call.name, "arguments": c.tool_call.arguments},
                }
            ]
        else:
            message["content"] = c.text
        choices.append({"index": c.index, "finish_reason": c.finish_reason, "message": message})
    body = _head(answer, "chat.completion")
    body.update(choices=choices, usage=answer.usage(), time_info=answer.time_info)
    return _dumps(body)


def _event(value: Dict[str, object]) -> bytes:
    return b"data: " + _dumps(value) + b"\n\n"


def chat_events(answer: Answer) -> Tuple[List[bytes], List[float]]:
    """The `chat.completion.chunk` events of a stream, ending with `[DONE]`, and their due times.

    Per choice: a chunk with the role, one chunk per token (or one with the whole tool call),
    and a chunk with `finish_reason`; the last one also carries `usage` and `time_info`.
    """
    head = _head(answer, "chat.completion.chunk")
    head_json = _dumps(head)[:-1]  # without the closing brace, to splice `choices` after it
    events: List[bytes] = []
    times: List[float] = []
    at = answer.time_to_first_token_s
    step = 1.0 / answer.tokens_per_second
    last = len(answer.choices) - 1
    for c in answer.choices:
        index = str(c.index).encode()
        events.append(
            b"data: " + head_json + b',"choices":[{"index":' + index + b',"delta":{"role":"assistant"}}]}\n\n'
        )
        times.append(at)
        if c.tool_call is not None:
            call = {
                "index": 0,
                "id": c.tool_call.id,
                "type": "function",
                "function": {"name": c.tool_call.name, "arguments": c.tool_call.arguments},
            }
            at += step * len(c.tokens)
            events.append(_event({**head, "choices": [{"index": c.index, "delta": {"tool_calls": [call]}}]}))
            times.append(at)
        else:
            prefix = b"data: " + head_json + b',"choices":[{"index":' + index + b',"delta":{"content":'
            suffix = b"}}]}\n\n"
            for token in c.tokens:
                at += step
                events.append(prefix + _escaped(token) + suffix)
                times.append(at)
        final: Dict[str, object] = {
            **head,
            "choices": [{"index": c.index, "delta": {}, "finish_reason": c.finish_reason}],
        }
        if c.index == last:
            final.update(usage=answer.usage(), time_info=answer.time_info)
        events.append(_event(final))
        times.append(at)
    events.append(DONE_EVENT)
    times.append(at)
    return events, times


def text_body(answer: Answer) -> bytes:
    """The `text_completion` JSON body."""
    body = _head(answer, "text_completion")
    body.update(
        choices=[
            {"index": c.index, "text": c.prefix + c.text, "finish_reason": c.finish_reason} for c in answer.choices
        ],
        usage=answer.usage(),
        time_info=answer.time_info,
    )
    return _dumps(body)


def text_events(answer: Answer) -> Tuple[List[bytes], List[float]]:
    """The `text_completion` events of a stream, ending with `[DONE]`, and their due times.

    One event per token (the echoed prompt, if any, comes first), then one per choice with its
    `finish_reason`; the last one also carries `usage` and `time_info`.
    """
    head = _head(answer, "text_completion")
    head_json = _dumps(head)[:-1]
    events: List[bytes] = []
    times: List[float] = []
    at = answer.time_to_first_token_s
    step = 1.0 / answer.tokens_per_second
    last = len(answer.choices) - 1
    for c in answer.choices:
        prefix = b"data: " + head_json + b',"choices":[{"index":' + str(c.index).encode() + b',"text":'
        suffix = b"}]}\n\n"
        if c.prefix:
            events.append(prefix + _escaped(c.prefix) + suffix)
            times.append(at)
        for token in c.tokens:
            at += step
            events.append(prefix + _escaped(token) + suffix)
            times.append(at)
        final: Dict[str, object] = {
            **head,
            "choices": [{"index": c.index, "text": "", "finish_reason": c.finish_reason}],
        }
        if c.index == last:
            final.update(usage=answer.usage(), time_info=answer.time_info)
        events.append(_event(final))
        times.append(at)
    events.append(DONE_EVENT)
    times.append(at)
    return events, times
