"""PURE answers: what the emulated model says to a validated request, with token counts and timings.

Every choice is fixed by a seed derived from the request body (minus `stream`,
`stream_options`, `max_tokens`, `max_completion_tokens` and `stop`, which only frame or cut the
answer), so the same request always gets the same answer, streamed or not, and a cut answer
is a prefix of the uncut one.

What a chat request gets:

* `tools` (with `tool_choice` other than `"none"`) and the last message is not a `tool`
  result: one call of the named tool, or of the tool that fits the last user message best
  (see `hints.pick_tool`), whose `arguments` are JSON valid against that tool's `parameters`,
  with plausible values and those the message names (a city, a currency, an airport...);
  `finish_reason: "tool_calls"`;
* `response_format` `json_object` / `json_schema`: JSON text (valid against the schema, with
  the same plausible values);
* after tool results: a sentence reporting what each tool returned (or that it failed);
* otherwise: English-like prose.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, cast

from ..._narrow import is_dict, is_list
from .catalog import Model
from .hints import pick_tool
from .schema import example_for
from .text import count_tokens, cut_tokens, generate_text, seed_of, tokenize
from .validation import ChatRequest, TextRequest

__all__ = ["Answer", "Choice", "ToolCall", "answer_chat", "answer_text"]

_PROMPT_SPEEDUP = 12.0
"""Prompt processing runs this many times faster than generation (for `time_info.prompt_time`)."""


@dataclass(frozen=True)
class ToolCall:
    """A function call the model makes."""

    id: str
    name: str
    arguments: str


@dataclass
class Choice:
    """One generated choice: its tokens (joined: `text`), why it ended, and an optional tool call."""

    index: int
    tokens: List[str]
    finish_reason: str
    tool_call: Optional[ToolCall] = None
    prefix: str = ""
    """Text shown before the generated text (the prompt, for `echo`); not counted as generated."""

    @property
    def text(self) -> str:
        """The generated text (empty for a tool call)."""
        return "" if self.tool_call else "".join(self.tokens)


@dataclass
class Answer:
    """A complete answer: choices, usage and `time_info`, ready to render."""

    id: str
    created: int
    model: Model
    choices: List[Choice]
    prompt_tokens: int
    time_info: Dict[str, float]
    tokens_per_second: float

    @property
    def completion_tokens(self) -> int:
        """Tokens generated over all choices."""
        return sum(len(c.tokens) for c in self.choices)

    @property
    def time_to_first_token_s(self) -> float:
        """When the first token is due, from the start of the answer."""
        return self.time_info["queue_time"] + self.time_info["prompt_time"]

    def usage(self) -> Dict[str, Any]:
        """The `usage` object."""
        completion = self.completion_tokens
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": self.prompt_tokens + completion,
            "prompt_tokens_details": {"cached_tokens": 0},
            "completion_tokens_details": {
                "accepted_prediction_tokens": 0,
                "reasoning_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }


def _time_info(seed: int, prompt_tokens: int, completion_tokens: int, tps: float, now: float) -> Dict[str, float]:
    rng = random.Random(seed ^ 0x5EED)
    queue = round(0.00008 + rng.random() * 0.0004, 6)
    prompt = round(prompt_tokens / (tps * _PROMPT_SPEEDUP) + 0.0002, 6)
    completion = round(completion_tokens / tps, 6)
    total = round(queue + prompt + completion + 0.0001 + rng.random() * 0.0003, 6)
    return {
        "queue_time": queue,
        "prompt_time": prompt,
        "completion_time": completion,
        "total_time": total,
        "created": round(now, 6),
    }


def _content_text(content: object) -> str:
    if isinstance(content, str):
        return content
    if is_list(content):
        return " ".join(str(p.get("text", "<image>")) for p in content if is_dict(p))
    return ""


def _prompt_tokens(messages: List[Dict[str, Any]], tools: List[Dict[str, Any]]) -> int:
    total = 3
    for m in messages:
        total += 4 + count_tokens(_content_text(m.get("content")))
        calls: List[Any] = m.get("tool_calls") or []
        total += sum(count_tokens(json.dumps(call)) for call in calls)
    if tools:
        total += count_tokens(json.dumps(tools))
    return total


def _call_id(seed: int) -> str:
    return "call_" + random.Random(seed ^ 0xCA11).getrandbits(96).to_bytes(12, "big").hex()


def _last_user_text(messages: List[Dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            return _content_text(message.get("content"))
    return ""


def _shown(value: object) -> str:
    if is_dict(value):
        return ", ".join(f"{key.replace('_', ' ')} {_shown(item)}" for key, item in value.items())
    if is_list(value):
        return ", ".join(_shown(item) for item in value)
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _tool_report(messages: List[Dict[str, Any]]) -> str:
    """Prose about the tool results at the end of the conversation (what a model says next)."""
    names: Dict[str, str] = {}
    for message in messages:
        for call in cast(List[Any], message.get("tool_calls") or []):  # checked by `validation`
            if isinstance(call, dict):
                entry = cast(Dict[str, Any], call)
                function: Dict[str, Any] = entry.get("function") or {}
                names[str(entry.get("id"))] = str(function.get("name", "tool"))
    sentences: List[str] = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        name = names.get(str(message.get("tool_call_id")), "the tool")
        text = _content_text(message.get("content"))
        try:
            result: object = json.loads(text)
        except ValueError:
            result = text
        if is_dict(result) and "error" in result:
            sentences.append(f"{name} failed: {_shown(result['error'])}.")
        else:
            sentences.append(f"{name} returned {_shown(result) or 'nothing'}.")
    return "Here is what I found: " + " ".join(reversed(sentences))


def _chat_choice(req: ChatRequest, index: int, seed: int) -> Choice:
    last_role = req.messages[-1].get("role")
    prompt = _last_user_text(req.messages)
    wants_tool = req.tools and req.tool_choice != "none" and last_role != "tool"
    if wants_tool:
        named = [t for t in req.tools if t["name"] == req.tool_choice]
        function = named[0] if named else pick_tool(req.tools, prompt, random.Random(seed))
        parameters = function.get("parameters") or {"type": "object"}
        arguments = json.dumps(example_for(parameters, seed, prompt=prompt), ensure_ascii=False)
        cut = cut_tokens(tokenize(arguments), max_tokens=req.max_tokens, stop=())
        finish = "tool_calls" if cut.finish_reason == "stop" else "length"
        return Choice(index, cut.tokens, finish, ToolCall(_call_id(seed), function["name"], cut.text))
    if req.response_format is not None:
        value = example_for(req.schema if req.response_format == "json_schema" else None, seed, prompt=prompt)
        text = json.dumps(value, ensure_ascii=False)
    elif last_role == "tool":
        text = _tool_report(req.messages)
    else:
        text = generate_text(seed, min_tokens=max(req.min_tokens or 0, 30))
    cut = cut_tokens(tokenize(text), max_tokens=req.max_tokens, stop=req.stop)
    return Choice(index, cut.tokens, cut.finish_reason)


def answer_chat(req: ChatRequest, *, now: float, tokens_per_second: Optional[float], salt: int = 0) -> Answer:
    """The answer to a chat request."""
    seed = seed_of(req.seed_material, salt)
    choices = [_chat_choice(req, i, seed + i) for i in range(req.n)]
    prompt_tokens = _prompt_tokens(req.messages, req.tools)
    tps = tokens_per_second or req.model.speed_tps
    completion = sum(len(c.tokens) for c in choices)
    return Answer(
        id=f"chatcmpl-{uuid.uuid4()}",
        created=int(now),
        model=req.model,
        choices=choices,
        prompt_tokens=prompt_tokens,
        time_info=_time_info(seed, prompt_tokens, completion, tps, now),
        tokens_per_second=tps,
    )


def answer_text(req: TextRequest, *, now: float, tokens_per_second: Optional[float], salt: int = 0) -> Answer:
    """The answer to a legacy text completion request (one choice per prompt and per `n`)."""
    seed = seed_of(req.seed_material, salt)
    choices: List[Choice] = []
    for p, prompt in enumerate(req.prompts):
        for i in range(req.n):
            text = generate_text(seed + p * 1000 + i, min_tokens=max(req.min_tokens or 0, 20), max_tokens=80)
            cut = cut_tokens(tokenize(" " + text), max_tokens=req.max_tokens, stop=req.stop)
            choices.append(Choice(len(choices), cut.tokens, cut.finish_reason, prefix=prompt if req.echo else ""))
    prompt_tokens = sum(count_tokens(p) for p in req.prompts)
    tps = tokens_per_second or req.model.speed_tps
    completion = sum(len(c.tokens) for c in choices)
    return Answer(
        id=f"cmpl-{uuid.uuid4()}",
        created=int(now),
        model=req.model,
        choices=choices,
        prompt_tokens=prompt_tokens,
        time_info=_time_info(seed, prompt_tokens, completion, tps, now),
        tokens_per_second=tps,
    )
