"""PURE deterministic text: the emulator's tokenizer, its English-like generator, and truncation.

The generator is not a language model: it strings together short phrases chosen by a seeded
`random.Random`, so the same seed always yields the same answer, and the answer reads like
prose in a terminal. Tokens are words with their leading space, or runs of punctuation
(`tokenize`); joining the tokens gives back the text exactly, so counts, `max_tokens` cuts and
streamed deltas all agree.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from typing import List, Optional, Sequence, Tuple

__all__ = [
    "Cut",
    "count_tokens",
    "cut_tokens",
    "generate_text",
    "seed_of",
    "tokenize",
]

_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s]+)|\s+")

_SUBJECTS = (
    "Fast inference",
    "Low latency",
    "Every token",
    "A quick answer",
    "The model",
    "Streaming output",
    "A short feedback loop",
    "Your application",
    "The next request",
    "A responsive assistant",
    "Real-time generation",
    "Each response",
    "Wafer-scale hardware",
    "A well-chosen prompt",
    "This approach",
)
_VERBS = (
    "changes",
    "improves",
    "shapes",
    "simplifies",
    "keeps up with",
    "makes room for",
    "depends on",
    "speeds up",
    "reveals",
    "supports",
    "rewards",
    "opens up",
)
_OBJECTS = (
    "the user experience",
    "interactive tools",
    "how people work",
    "the whole pipeline",
    "agents that call tools",
    "long conversations",
    "the cost of waiting",
    "every follow-up question",
    "real-time feedback",
    "code that reads clearly",
    "many small steps",
    "the next idea",
)
_ENDINGS = (
    "",
    "",
    " in practice",
    " at scale",
    " when it matters most",
    " without extra effort",
    " for everyone involved",
    " in a single pass",
    ", which is why speed counts",
    ", and that adds up quickly",
)


def tokenize(text: str) -> List[str]:
    """Split `text` into tokens whose concatenation is `text` itself."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    """The number of tokens in `text`."""
    return len(_TOKEN.findall(text))


def seed_of(*parts: object) -> int:
    """A stable 64-bit seed from JSON-serialisable `parts` (key order does not matter)."""
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return int.from_bytes(hashlib.blake2b(blob.encode("utf-8"), digest_size=8).digest(), "big")


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{rng.choice(_ENDINGS)}."


def generate_text(seed: int, *, min_tokens: int = 30, max_tokens: int = 160) -> str:
    """Prose of roughly `min_tokens` to `max_tokens` tokens (whole sentences), fixed by `seed`."""
    rng = random.Random(seed)
    target = rng.randint(min_tokens, max(min_tokens, max_tokens))
    sentences: List[str] = []
    length = 0
    while length < target:
        sentence = _sentence(rng)
        if sentences:
            sentence = (" " if rng.random() < 0.8 or len(sentences) < 2 else "\n\n") + sentence
        sentences.append(sentence)
        length += count_tokens(sentence)
    return "".join(sentences)


class Cut:
    """Where generation ended: the kept `tokens`, their `text`, and the `finish_reason`."""

    __slots__ = ("finish_reason", "text", "tokens")

    def __init__(self, tokens: List[str], finish_reason: str) -> None:
        self.tokens = tokens
        self.text = "".join(tokens)
        self.finish_reason = finish_reason


def cut_tokens(tokens: List[str], *, max_tokens: Optional[int], stop: Sequence[str]) -> Cut:
    """Apply `max_tokens` then the earliest `stop` string, as a model that stops generating would.

    `finish_reason` is `"length"` when `max_tokens` cut the answer short and no stop string
    occurs in what remains, else `"stop"`. A stop string is not included in the text.
    """
    finish = "stop"
    if max_tokens is not None and len(tokens) > max_tokens:
        tokens = tokens[:max_tokens]
        finish = "length"
    if stop:
        text = "".join(tokens)
        hits: List[Tuple[int, str]] = [(text.find(s), s) for s in stop if s and s in text]
        if hits:
            index = min(hits)[0]
            return Cut(tokenize(text[:index]), "stop")
    return Cut(list(tokens), finish)
