"""Write the explicit parameter lists of the inference endpoints from `scripts/signature_spec.py`.

    python scripts/generate_signatures.py          # regenerate
    python scripts/generate_signatures.py --check  # exit 1, with a diff, when a generated file is stale

Two kinds of targets:

* whole modules, made from a template in `scripts/templates/` (the resource modules and
  `types/chat/_helper_params.py`): the output starts with a comment saying it is generated;
* regions of hand-written modules (the `CompletionCreateParams` TypedDicts, whose modules also
  hold hand-written nested types): the lines between a `# @generate: ...` line and
  `# @end-generate` are replaced.

A template is the module's source with directive comments, each alone on its line; the directive's
indentation is kept:

* `# @generate: signature <endpoint> [stream=false|true|bool|none]`: `*,` then every keyword
  parameter with its annotation and default, request options last. `stream=` gives the `stream`
  parameter the form of a `create` overload (`none` leaves it out, as `stream()` does).
* `# @generate: args <endpoint>`: the `name: doc` lines of a docstring's `Args:` section.
* `# @generate: fields <endpoint> body`: the fields of the endpoint's `CompletionCreateParams`.
* `# @generate: fields <endpoint> options [exclude=a,b] [only=a,b]`: the optional parameters and
  request options as plain TypedDict fields (`CreateOptions`).

* `# @generate: overloads <endpoint>`, right before a method `def` whose return annotation is
  `<response> | <stream>`: its `@overload`s, one per `stream` form (`false` -> the response,
  `true` -> the stream, `bool` -> either), each with the full signature.

A template holds the async resource only: each top-level `class Async...` gets its sync twin written
just before it, made by the rewrite of `scripts/unasync.py` (`unasync_text`, with the target's own
`sync_names`). Where the twins' text differs beyond that rewrite (mostly docstrings), the class
spells both with the `# unasync: ...` markers that `scripts/unasync.py` describes (a line or a
block for one side only); the async class is written without them (`async_text`), and a marker
outside an async class is an error.

The output is written already formatted the way `ruff format` would (one parameter per line).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from signature_spec import ENDPOINTS, REQUEST_OPTIONS, Endpoint, Param
from unasync import MarkerError, async_text, is_marker, unasync_text

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "src/cerebras/cloud/sdk"
DIRECTIVE = "# @generate:"
END = "# @end-generate"
PARAMS_MODULE = "completion_create_params."
LINE_LENGTH = 120
"""`[tool.ruff] line-length` in pyproject.toml: a longer generated line would not be `ruff format`-clean."""

STREAM_FORMS: Dict[str, Optional[str]] = {
    "false": "stream: Optional[Literal[False]] | Omit = omit,",
    "true": "stream: Literal[True],",
    "bool": "stream: bool,",
    "none": None,
}
"""The `stream` parameter in each `create` overload (`none`: left out)."""


@dataclass(frozen=True)
class Target:
    """One generated file: a whole module from `template`, or (no template) the regions of `output`."""

    output: str
    template: Optional[str] = None
    params_prefix: str = PARAMS_MODULE
    sync_names: Tuple[Tuple[str, str], ...] = ()
    """(async name, sync name) pairs for the sync twins, beyond `scripts/unasync.py`'s common table."""


TARGETS = (
    Target(
        f"{PACKAGE}/resources/chat/completions.py",
        "scripts/templates/chat_completions.py",
        sync_names=(("async_stream", "stream"), ("async_parse", "parse"), ("async_run_tools", "run_tools")),
    ),
    Target(f"{PACKAGE}/resources/completions.py", "scripts/templates/completions.py"),
    Target(f"{PACKAGE}/types/chat/_helper_params.py", "scripts/templates/chat_helper_params.py"),
    Target(f"{PACKAGE}/types/chat/completion_create_params.py", params_prefix=""),
    Target(f"{PACKAGE}/types/completion_create_params.py", params_prefix=""),
)


class GenerateError(Exception):
    """A template or spec problem: a bad directive, an unknown endpoint or parameter."""


def _type(param: Param, prefix: str) -> str:
    return param.type.replace("{params}", prefix)


def _signature(endpoint: Endpoint, options: Dict[str, str], prefix: str) -> List[str]:
    stream_form = options.get("stream")
    if stream_form is not None and stream_form not in STREAM_FORMS:
        raise GenerateError(f"stream={stream_form!r}: expected one of {sorted(STREAM_FORMS)}")
    lines = ["*,"]
    for param in (*endpoint.params, *REQUEST_OPTIONS):
        if param.name == "stream" and stream_form is not None:
            form = STREAM_FORMS[stream_form]
            if form is not None:
                lines.append(form)
            continue
        annotation = param.annotation.replace("{params}", prefix)
        default = "" if param.required else f" = {param.default}"
        lines.append(f"{param.name}: {annotation}{default},")
    return lines


def _args(endpoint: Endpoint, _options: Dict[str, str], _prefix: str) -> List[str]:
    return [f"{param.name}: {param.doc}" for param in (*endpoint.params, *REQUEST_OPTIONS)]


def _body_field(param: Param, prefix: str) -> str:
    annotation = _type(param, prefix)
    if param.header is not None:
        annotation = f'Annotated[{annotation}, PropertyInfo(alias="{param.header}")]'
    if param.required:
        annotation = f"Required[{annotation}]"
    return f"{param.name}: {annotation}"


def _names(options: Dict[str, str], key: str) -> Optional[List[str]]:
    value = options.get(key)
    return None if value is None else value.split(",")


def _fields(endpoint: Endpoint, options: Dict[str, str], prefix: str) -> List[str]:
    kind = options.get("", "")
    if kind == "body":
        fields = [_body_field(param, prefix) for param in endpoint.params if param.in_params]
        return [line for field in fields for line in (field, "")][:-1]
    if kind != "options":
        raise GenerateError(f"fields: expected 'body' or 'options', got {kind!r}")
    exclude = set(_names(options, "exclude") or ())
    only = _names(options, "only")
    for name in [*exclude, *(only or ())]:
        if name not in {param.name for param in endpoint.params}:  # a typo is an error, not a silent no-op
            raise GenerateError(f"{endpoint.name} has no parameter {name!r}")
    if only is not None:
        chosen = [endpoint.param(name) for name in only]
    else:
        optional = [param for param in endpoint.params if not param.required and param.name not in exclude]
        chosen = [*optional, *REQUEST_OPTIONS]
    return [f"{param.name}: {_type(param, prefix)}" for param in chosen]


RENDERERS = {"signature": _signature, "args": _args, "fields": _fields}
OVERLOADS = "overloads"
_DEF = re.compile(r"\s*(async )?def \w+\($")
_RETURNS = re.compile(r"\s*\) -> (.+):$")


def _overloads(endpoint: Endpoint, indent: str, following: Sequence[str], prefix: str) -> List[str]:
    """The `@overload`s of the method defined by `following` (the lines after the directive)."""
    header = following[0] if following else ""
    if not _DEF.match(header):
        raise GenerateError(f"{OVERLOADS}: expected a `def <name>(` line right after the directive, got {header!r}")
    returns = next((match.group(1) for match in map(_RETURNS.match, following) if match), "")
    results = returns.split(" | ")
    if len(results) != 2:
        raise GenerateError(f"{OVERLOADS}: {header.strip()!r} must return `<response> | <stream>`, not {returns!r}")
    lines: List[str] = []
    for form, result in (("false", results[0]), ("true", results[1]), ("bool", returns)):
        lines += [f"{indent}@overload", header, f"{indent}    self,"]
        lines += [f"{indent}    {text}" for text in _signature(endpoint, {"stream": form}, prefix)]
        lines += [f"{indent}) -> {result}: ...", ""]
    return lines


def _parse_directive(text: str) -> Tuple[str, Endpoint, Dict[str, str]]:
    words = text[len(DIRECTIVE) :].split()
    kinds = [*RENDERERS, OVERLOADS]
    if len(words) < 2 or words[0] not in kinds:
        raise GenerateError(f"bad directive {text!r}: expected '{DIRECTIVE} <{'|'.join(kinds)}> <endpoint> ...'")
    kind, name, *rest = words
    if name not in ENDPOINTS:
        raise GenerateError(f"bad directive {text!r}: unknown endpoint {name!r} (known: {sorted(ENDPOINTS)})")
    options: Dict[str, str] = {}
    for word in rest:
        key, _, value = word.partition("=")
        options[key if value else ""] = value or key
    return kind, ENDPOINTS[name], options


def _expand(line: str, prefix: str, following: Sequence[str] = ()) -> List[str]:
    indent = line[: len(line) - len(line.lstrip())]
    kind, endpoint, options = _parse_directive(line.strip())
    if kind == OVERLOADS:
        lines = _overloads(endpoint, indent, following, prefix)
    else:
        lines = [f"{indent}{text}" if text else "" for text in RENDERERS[kind](endpoint, options, prefix)]
    for text in lines:
        if len(text) > LINE_LENGTH:
            raise GenerateError(
                f"{text.strip()!r} would be {len(text)} characters (the limit is {LINE_LENGTH}):"
                " shorten the doc line, or name the type with an alias in the params module"
            )
    return lines


def twin_class(lines: Sequence[str], names: Mapping[str, str], first: int = 1) -> Tuple[str, str]:
    """PURE. The sync twin and the async class from an async class's lines (kept ends; `first` is the line
    number of the first one in the template), by `scripts/unasync.py`."""
    text = "".join(lines)
    try:
        return unasync_text(text, names), async_text(text)
    except MarkerError as error:
        raise GenerateError(f"line {error.line + first - 1} ({lines[0].strip()!r}): {error.reason}") from None


def _class_end(lines: Sequence[str], start: int) -> int:
    """The index after the last non-blank line of the top-level block that starts at `start`."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return end


def twin_classes(template: str, names: Mapping[str, str]) -> str:
    """PURE. `template` with each top-level `class Async...` preceded by its sync twin (see the module docstring)."""
    lines = template.splitlines(keepends=True)
    out: List[str] = []
    index = 0
    while index < len(lines):
        if lines[index].startswith("class Async"):
            end = _class_end(lines, index)
            sync, async_ = twin_class(lines[index:end], names, index + 1)
            out += [sync, "\n\n", async_]
            index = end
            continue
        if is_marker(lines[index]):
            raise GenerateError(f"{lines[index].strip()!r} outside a top-level `class Async...`")
        out.append(lines[index])
        index += 1
    return "".join(out)


def render_template(template: str, target: Target) -> str:
    """The module made from `template`: sync twins written, every directive expanded, a generated-file header first."""
    header = [
        "# This file is generated, do not edit: change",
        f"# {target.template} or scripts/signature_spec.py and run `python scripts/generate_signatures.py`.",
    ]
    out: List[str] = header
    lines = twin_classes(template, dict(target.sync_names)).splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith(DIRECTIVE):
            out.extend(_expand(line, target.params_prefix, lines[index + 1 :]))
        elif line.strip().startswith("# @"):
            raise GenerateError(f"unknown directive {line.strip()!r} (the twins' markers are `# unasync: ...`)")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def render_regions(source: str, target: Target) -> str:
    """`source` with the lines after each directive, up to its `# @end-generate`, regenerated."""
    out: List[str] = []
    lines = iter(source.splitlines())
    found = False
    for line in lines:
        out.append(line)
        if not line.strip().startswith(DIRECTIVE):
            continue
        found = True
        out.extend(_expand(line, target.params_prefix))
        for skipped in lines:
            if skipped.strip() == END:
                out.append(skipped)
                break
        else:
            raise GenerateError(f"{target.output}: {line.strip()!r} has no {END!r} line after it")
    if not found:
        raise GenerateError(f"{target.output}: no {DIRECTIVE!r} region")
    return "\n".join(out) + "\n"


def render(target: Target, root: Path = ROOT) -> str:
    """What `target` should contain."""
    if target.template is not None:
        return render_template((root / target.template).read_text(encoding="utf-8"), target)
    return render_regions((root / target.output).read_text(encoding="utf-8"), target)


def stale(targets: Iterable[Target] = TARGETS, root: Path = ROOT) -> Dict[str, str]:
    """A unified diff (on-disk -> generated) for every target that is out of date."""
    diffs: Dict[str, str] = {}
    for target in targets:
        path = root / target.output
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        wanted = render(target, root)
        if current != wanted:
            lines = difflib.unified_diff(
                current.splitlines(keepends=True),
                wanted.splitlines(keepends=True),
                f"{target.output} (on disk)",
                f"{target.output} (generated)",
            )
            diffs[target.output] = "".join(lines)
    return diffs


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale generated files (exit 1) instead of writing")
    args = parser.parse_args(argv)
    try:
        diffs = stale()
    except GenerateError as error:
        print(f"generate_signatures: {error}", file=sys.stderr)
        return 2
    if args.check:
        for diff in diffs.values():
            sys.stdout.write(diff)
        if diffs:
            names = ", ".join(sorted(diffs))
            print(f"\nstale generated file(s): {names}\nrun: python scripts/generate_signatures.py", file=sys.stderr)
            return 1
        print(f"{len(TARGETS)} generated file(s) up to date")
        return 0
    for target in TARGETS:
        if target.output in diffs:
            (ROOT / target.output).write_text(render(target), encoding="utf-8")
            print(f"wrote {target.output}")
    if not diffs:
        print(f"{len(TARGETS)} generated file(s) already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
