"""PURE. A function's docstring to a tool description and per-parameter descriptions.

Understands the Google style (`Args:` with `name (type): text` entries, continuation lines
indented deeper) and reST field lists (`:param name: text`). The description is the prose
before the first section (`Args:`, `Returns:`, `Raises:`, `Example:`, ... or a `:field:`).
"""

from __future__ import annotations

import inspect
import re
from typing import Dict, List, NamedTuple, Optional

__all__ = ["Docstring", "parse_docstring"]

_SECTION = re.compile(
    r"^(args|arguments|parameters|params|keyword args|keyword arguments|kwargs|other parameters|returns?|"
    r"yields?|raises|exceptions?|examples?|notes?|attributes|see also|warnings?|warns|todo|references)\s*:\s*$",
    re.IGNORECASE,
)
_PARAM_SECTIONS = frozenset(
    {"args", "arguments", "parameters", "params", "keyword args", "keyword arguments", "kwargs", "other parameters"}
)
_GOOGLE_ENTRY = re.compile(r"^\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_REST_PARAM = re.compile(r"^:param\s+(?:[^:]*\s)?\*{0,2}(\w+)\s*:\s*(.*)$")
_REST_FIELD = re.compile(r"^:\w+")


class Docstring(NamedTuple):
    """What a docstring says about a function: its description and its parameters'."""

    description: Optional[str]
    params: Dict[str, str]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _join(lines: List[str]) -> str:
    """Lines of one paragraph or entry, re-flowed; blank lines separate paragraphs."""
    paragraphs: List[str] = []
    current: List[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def parse_docstring(doc: Optional[str]) -> Docstring:
    """The description and parameter descriptions of a docstring (`None`/empty: nothing).

    ```py
    parse_docstring('''Get the weather.

        Args:
            city: The city name.
            unit (str): "c" or "f".
    ''')
    # Docstring(description="Get the weather.", params={"city": "The city name.", "unit": '"c" or "f".'})
    ```
    """
    if not doc or not doc.strip():
        return Docstring(None, {})
    lines = inspect.cleandoc(doc).splitlines()
    prose: List[str] = []
    params: Dict[str, str] = {}
    i = 0
    while i < len(lines) and not _SECTION.match(lines[i].strip()) and not _REST_FIELD.match(lines[i].strip()):
        prose.append(lines[i])
        i += 1
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        section = _SECTION.match(stripped)
        if section:
            i = _read_section(lines, i, params if section.group(1).lower() in _PARAM_SECTIONS else None)
            continue
        rest = _REST_PARAM.match(stripped)
        if rest:
            entry = [rest.group(2)]
            i += 1
            while i < len(lines) and lines[i].strip() and not _REST_FIELD.match(lines[i].strip()):
                if _SECTION.match(lines[i].strip()):
                    break
                entry.append(lines[i])
                i += 1
            params[rest.group(1)] = _join(entry)
            continue
        i += 1
    description = _join(prose) or None
    return Docstring(description, params)


def _read_section(lines: List[str], start: int, params: Optional[Dict[str, str]]) -> int:
    """Read the section whose header is `lines[start]`; collect entries into `params` if given."""
    header_indent = _indent(lines[start])
    i = start + 1
    entry_indent: Optional[int] = None
    name: Optional[str] = None
    entry: List[str] = []
    while i < len(lines):
        line = lines[i]
        if line.strip():
            indent = _indent(line)
            if indent <= header_indent:
                break
            if entry_indent is None:
                entry_indent = indent
            match = _GOOGLE_ENTRY.match(line.strip()) if indent == entry_indent else None
            if match:
                if params is not None and name is not None:
                    params[name] = _join(entry)
                name, entry = match.group(1), [match.group(2)]
            else:
                entry.append(line)
        else:
            entry.append(line)
        i += 1
    if params is not None and name is not None:
        params[name] = _join(entry)
    return i
