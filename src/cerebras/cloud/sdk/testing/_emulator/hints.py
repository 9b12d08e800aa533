"""PURE plausibility: the tool that fits a prompt, and values for named properties taken from it.

The emulated model reads the conversation the way a newcomer expects a model to: asked about
the weather in Paris, it calls the weather tool (the one whose name, description and
parameters share the most words with the prompt) with `city: "Paris"`. A value the prompt does
not name comes from the property's name and description: an ISO currency code for a currency,
an IATA code for an airport, a date for a date, a round amount for an amount, the example in
`"e.g. 'AAPL'"`. Every choice is deterministic; where several values fit, the caller's seeded
random generator picks one.
"""

from __future__ import annotations

import math
import random
import re
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, cast

from ..._narrow import is_mapping

__all__ = ["enum_from_prompt", "number_hint", "pick_tool", "string_hint", "words"]

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "get",
        "give",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "please",
        "show",
        "tell",
        "the",
        "this",
        "to",
        "use",
        "what",
        "whats",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
_CITIES = (
    "New York",
    "San Francisco",
    "Los Angeles",
    "Sunnyvale",
    "Toronto",
    "London",
    "Paris",
    "Berlin",
    "Madrid",
    "Lisbon",
    "Rome",
    "Tokyo",
    "Seoul",
    "Singapore",
    "Sydney",
    "Nairobi",
    "Cairo",
    "Mumbai",
    "Dubai",
    "Mexico City",
)
_CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "INR", "CNY")
_CURRENCY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "pound": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "franc": "CHF",
    "rupee": "INR",
    "yuan": "CNY",
}
_AIRPORTS = ("SFO", "JFK", "LHR", "CDG", "HND", "SIN", "YYZ", "LAX")
_TICKERS = {
    "apple": "AAPL",
    "microsoft": "MSFT",
    "google": "GOOGL",
    "alphabet": "GOOGL",
    "amazon": "AMZN",
    "nvidia": "NVDA",
    "tesla": "TSLA",
    "meta": "META",
}
_EXAMPLE = re.compile(r"""e\.g\.,?\s*['"`]?([^'"`,;)]+?)['"`]?(?:[,;)]|$)""")
_CODE = re.compile(r"\b[A-Z]{3}\b")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
_FROM_TO = re.compile(r"\b(from|to)\s+([A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*)*)")
_PLACE = re.compile(r"\b(?:in|at|for|near)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")


def words(text: str) -> List[str]:
    """Lower-case content words of `text`, `snake_case` and `camelCase` split, plurals folded."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text).replace("_", " ")
    out: List[str] = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in _STOP or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


def _tool_words(tool: Mapping[str, Any]) -> Tuple[List[str], List[str]]:
    """(name words, words of the description and parameter names/descriptions)."""
    parameters = cast(Mapping[str, Any], tool.get("parameters") or {})
    properties = cast(Mapping[str, Any], parameters.get("properties") or {})
    text = [str(tool.get("description") or "")]
    for name, sub in properties.items():
        text.append(name)
        if is_mapping(sub):
            text.append(str(sub.get("description") or ""))
    return words(str(tool.get("name") or "")), words(" ".join(text))


def _score(tool: Mapping[str, Any], prompt: Sequence[str]) -> int:
    name, rest = _tool_words(tool)
    wanted = set(prompt)
    return 3 * len(wanted.intersection(name)) + len(wanted.intersection(rest))


def _concepts(prompt: str) -> List[str]:
    """Words a prompt implies without saying them: `"50 GBP in JPY"` is about currency."""
    said = set(words(prompt))
    codes = set(_CODE.findall(prompt))
    implied: List[str] = []
    if codes.intersection(_CURRENCIES) or said.intersection(_CURRENCY_WORDS):
        implied += ["currency", "money"]
    if codes.difference(_CURRENCIES) or said.intersection(("fly", "flight", "plane")):
        implied += ["flight", "airport"]
    if any(city in prompt for city in _CITIES):
        implied += ["city"]
    return implied


def pick_tool(tools: Sequence[Mapping[str, Any]], prompt: str, rng: random.Random) -> Mapping[str, Any]:
    """The tool whose name (counted thrice), description and parameters share most words with `prompt`.

    Ties go to the earlier tool; with no word in common, `rng` picks one.
    """
    said = words(prompt) + _concepts(prompt)
    scores = [_score(tool, said) for tool in tools]
    best = max(scores)
    if best == 0:
        return rng.choice(list(tools))
    return tools[scores.index(best)]


def enum_from_prompt(values: Sequence[Any], prompt: str) -> Optional[Any]:
    """The enum value the prompt names: as a word (`"EUR"`), or as the start of a longer word
    (`"f"` for "Fahrenheit"); `None` if it names none."""
    said = re.findall(r"[a-z0-9]+", prompt.lower())
    for value in values:
        if isinstance(value, str) and value.lower() in said:
            return value
    for value in values:
        if isinstance(value, str) and value and any(len(w) >= 4 and w.startswith(value.lower()) for w in said):
            return value
    return None


def _currency(prompt: str, rng: random.Random, index: int) -> str:
    named = [code for code in _CODE.findall(prompt) if code in _CURRENCIES]
    for word in words(prompt):
        code = _CURRENCY_WORDS.get(word)
        if code is not None and code not in named:
            named.append(code)
    if index < len(named):
        return named[index]
    return rng.choice([code for code in _CURRENCIES if code not in named])


def _after(prompt: str, preposition: str) -> Optional[str]:
    for found, phrase in _FROM_TO.findall(prompt):
        if found == preposition:
            return str(phrase)
    return None


def _city(prompt: str, rng: random.Random) -> str:
    known = [(prompt.find(city), city) for city in _CITIES if city in prompt]
    if known:
        return min(known)[1]
    place = _PLACE.search(prompt)
    return place.group(1) if place else rng.choice(_CITIES)


def _airport(prompt: str, outbound: bool, rng: random.Random) -> str:
    named = _after(prompt, "from" if outbound else "to")
    if named is not None and _CODE.fullmatch(named):
        return named
    codes = [code for code in _CODE.findall(prompt) if code not in _CURRENCIES]
    index = 0 if outbound else 1
    return codes[index] if index < len(codes) else rng.choice(_AIRPORTS)


def _ticker(prompt: str, description: str) -> Optional[str]:
    for word in words(prompt):
        if word in _TICKERS:
            return _TICKERS[word]
    codes = re.findall(r"\b[A-Z]{2,5}\b", prompt)
    if codes:
        return codes[0]
    example = _EXAMPLE.search(description)
    return example.group(1).strip() if example else None


def string_hint(name: str, description: str, prompt: str, rng: random.Random) -> Optional[str]:
    """A plausible string for the property `name` (with `description`), from `prompt` when it says one."""
    key = " ".join(words(name))
    about = f"{key} {' '.join(words(description))}"
    if "currency" in about or (key in ("source", "target") and "iso" in about):
        outbound = not any(w in key for w in ("target", "to", "destination"))
        return _currency(prompt, rng, 0 if outbound else 1)
    if "airport" in about or "iata" in about or key in ("origin", "destination"):
        return _airport(prompt, outbound=key not in ("destination", "to", "arrival"), rng=rng)
    if any(w in key for w in ("city", "location", "place", "town", "destination")):
        return _city(prompt, rng)
    if "ticker" in about or key == "symbol":
        return _ticker(prompt, description)
    if key.endswith("date") or key == "day":
        return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if key in ("query", "search", "question", "text", "prompt", "message", "q"):
        return prompt.strip()[:80] or None
    example = _EXAMPLE.search(description)
    return example.group(1).strip() if example else None


_NUMBER_DEFAULTS: Dict[str, Tuple[float, float]] = {
    "amount": (10, 500),
    "price": (5, 200),
    "temperature": (-5, 35),
    "age": (18, 90),
    "year": (1990, 2025),
    "quantity": (1, 10),
    "count": (1, 10),
    "limit": (1, 10),
    "page": (1, 5),
    "day": (1, 28),
    "month": (1, 12),
    "hour": (0, 23),
    "latitude": (-60, 60),
    "longitude": (-150, 150),
}


def number_hint(name: str, prompt: str, low: float, high: float, integer: bool, rng: random.Random) -> Optional[float]:
    """A plausible number for the property `name` within [low, high]: one the prompt says, else a
    value in the usual range for that name (a round one for amounts); `None` if nothing fits."""
    key = words(name)
    if not key:
        return None
    last_word = key[-1]
    if last_word in ("amount", "quantity", "count", "number", "value", "price"):
        for found in _NUMBER.findall(prompt):
            value = float(found)
            if low <= value <= high and (not integer or value.is_integer()):
                return value
    usual = _NUMBER_DEFAULTS.get(last_word)
    if usual is None:
        return None
    first, last = max(usual[0], low), min(usual[1], high)
    if last_word in ("amount", "price"):
        round_ones = [v for v in (10, 20, 50, 100, 250) if first <= v <= last]
        if round_ones:
            return float(rng.choice(round_ones))
    if integer:
        first, last = float(math.ceil(first)), float(math.floor(last))
    if first > last:
        return None
    return float(rng.randint(int(first), int(last))) if integer else round(rng.uniform(first, last), 1)
