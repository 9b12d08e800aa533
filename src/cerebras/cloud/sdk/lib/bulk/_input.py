"""Reading and checking bulk input files: one batch request line at a time, never the whole file.

An input line is the documented batch request line:

```
{"custom_id": "req-1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "...", ...}}
```

`check_input` reads the file once and reports every problem with its line number;
`iter_requests` reads it again, lazily, for sending. Only a mapping of the `custom_id`s seen so
far is kept (to catch duplicates): roughly 100 bytes per line, 100 MB per million lines. Lines
longer than `MAX_LINE_BYTES` are reported without being held in memory.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import IO, Any, Container, Dict, Iterator, List, Mapping, Optional, Tuple, Union

from ..._lib_interface import is_dict

__all__ = [
    "BATCH_URLS",
    "LOCAL_URLS",
    "MAX_LINE_BYTES",
    "BulkInputError",
    "BulkRequest",
    "InputCheck",
    "InputProblem",
    "check_input",
    "iter_requests",
    "parse_line",
]

LOCAL_URLS = ("/v1/chat/completions", "/v1/completions")
"""The request urls the local engine can send."""
BATCH_URLS = ("/v1/chat/completions",)
"""The only endpoint the Batch API serves."""
MAX_LINE_BYTES = 1024 * 1024
"""The Batch API's limit on one input line (1 MB); the checker applies it to both engines."""

_FIELDS = ("custom_id", "method", "url", "body")

StrPath = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class BulkRequest:
    """One checked input line: the request to send and where it came from."""

    line: int
    """1-based line number in the input file."""
    custom_id: str
    url: str
    body: Dict[str, Any]
    raw: bytes
    """The line as read (without its line ending)."""

    @property
    def model(self) -> str:
        """The `model` the body names."""
        return str(self.body["model"])


@dataclass(frozen=True)
class InputProblem:
    """Why one input line cannot be sent."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class InputCheck:
    """What `check_input` found: the number of requests and the problems (first `max_problems`)."""

    requests: int
    problems: List[InputProblem]
    problem_count: int
    models: Dict[str, int]
    """Requests per model, in order of first appearance."""

    @property
    def ok(self) -> bool:
        """Whether the input can be sent as it is."""
        return self.problem_count == 0


class BulkInputError(ValueError):
    """The input file has problems; nothing was sent. `check` lists them with line numbers."""

    def __init__(self, check: InputCheck) -> None:
        self.check = check
        shown = "\n".join(f"  {problem}" for problem in check.problems[:20])
        more = check.problem_count - min(len(check.problems), 20)
        extra = f"\n  ... and {more} more" if more > 0 else ""
        noun = "problem" if check.problem_count == 1 else "problems"
        super().__init__(f"the input has {check.problem_count} {noun}; nothing was sent:\n{shown}{extra}")


def _fail(message: str) -> Tuple[None, str]:
    return None, message


def parse_line(raw: bytes, urls: Container[str] = LOCAL_URLS) -> Tuple[Optional[Dict[str, Any]], str]:
    """PURE. Check one input line; returns `(line_object, "")` or `(None, problem)`."""
    if not raw.strip():
        return _fail("blank line")
    try:
        value: object = json.loads(raw)
    except UnicodeDecodeError:
        return _fail("not UTF-8")
    except ValueError as error:
        return _fail(f"malformed JSON ({error})")
    if not is_dict(value):
        return _fail(f"a line must be a JSON object, not {type(value).__name__}")
    line = value
    missing = [name for name in _FIELDS if name not in line]
    if missing:
        return _fail("missing field" + ("s " if len(missing) > 1 else " ") + ", ".join(repr(m) for m in missing))
    custom_id, method, url, body = (line[name] for name in _FIELDS)
    if not isinstance(custom_id, str) or not custom_id:
        return _fail("'custom_id' must be a non-empty string")
    if method != "POST":
        return _fail(f"'method' must be \"POST\", not {json.dumps(method)}")
    if not isinstance(url, str) or url not in urls:
        served = ", ".join(u for u in LOCAL_URLS if u in urls)
        return _fail(f"unsupported url {json.dumps(url)} (this engine serves {served})")
    if not is_dict(body):
        return _fail(f"'body' must be a JSON object, not {type(body).__name__}")
    problem = _body_problem(body)
    if problem:
        return _fail(problem)
    return line, ""


def _body_problem(body: Mapping[str, object]) -> str:
    model = body.get("model")
    if not isinstance(model, str) or not model:
        return "'body.model' must be a non-empty string"
    if body.get("stream"):
        return "'body.stream' must not be true (each result is one whole response)"
    return ""


def _lines(stream: IO[bytes]) -> Iterator[Tuple[int, Optional[bytes]]]:
    """Yield `(line_number, bytes)`; `bytes` is `None` for a line over `MAX_LINE_BYTES` (skipped in chunks)."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 2)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES + 1 or (len(raw) == MAX_LINE_BYTES + 1 and not raw.endswith(b"\n")):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1024 * 1024)
            yield number, None
            continue
        yield number, raw.rstrip(b"\r\n") if raw.endswith(b"\n") else raw


def check_input(path: StrPath, *, urls: Container[str] = LOCAL_URLS, max_problems: int = 1000) -> InputCheck:
    """Read the input at `path` once and report every problem, each with its line number.

    Checks: valid JSON; an object with `custom_id` (a unique, non-empty string), `method`
    (`"POST"`), `url` (one of `urls`) and `body` (an object naming a `model`, not streaming);
    no blank lines; no line over 1 MB. Keeps the first `max_problems` problems and counts the
    rest.
    """
    first_seen: Dict[str, int] = {}
    problems: List[InputProblem] = []
    count = 0
    requests = 0
    models: Dict[str, int] = {}

    def report(line: int, message: str) -> None:
        nonlocal count
        count += 1
        if len(problems) < max_problems:
            problems.append(InputProblem(line, message))

    with open(path, "rb") as stream:
        for number, raw in _lines(stream):
            if raw is None:
                report(number, f"line is longer than {MAX_LINE_BYTES} bytes")
                continue
            line, problem = parse_line(raw, urls)
            if line is None:
                report(number, problem)
                continue
            custom_id: str = line["custom_id"]
            earlier = first_seen.setdefault(custom_id, number)
            if earlier != number:
                report(number, f"duplicate custom_id {json.dumps(custom_id)} (first on line {earlier})")
                continue
            requests += 1
            model: str = line["body"]["model"]
            models[model] = models.get(model, 0) + 1
    return InputCheck(requests, problems, count, models)


def iter_requests(
    path: StrPath, *, skip: Container[str] = (), urls: Container[str] = LOCAL_URLS
) -> Iterator[BulkRequest]:
    """Lazily yield the requests of a checked input, leaving out the `custom_id`s in `skip`.

    Raises `BulkInputError` if a line turns out bad (the file changed after `check_input`).
    """
    with open(path, "rb") as stream:
        for number, raw in _lines(stream):
            line, problem = (
                (None, f"line is longer than {MAX_LINE_BYTES} bytes") if raw is None else parse_line(raw, urls)
            )
            if line is None or raw is None:
                raise BulkInputError(InputCheck(0, [InputProblem(number, problem)], 1, {}))
            if line["custom_id"] in skip:
                continue
            yield BulkRequest(number, line["custom_id"], line["url"], line["body"], raw)
