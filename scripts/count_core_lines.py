"""Count the hand-written code lines of the core: `python scripts/count_core_lines.py [--per-file]`.

The core is `src/cerebras/cloud/sdk` without `types/`, `lib/`, `cli/` and `testing/` (and
without generated files, which say so in their first lines). The templates that generated core
modules are made from (`scripts/templates/`, see `scripts/generate_signatures.py`) are hand-written
and count instead. A code line holds at least one
token that is not part of a comment or of a docstring (any string literal standing alone as a
statement); blank lines do not count.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
import tokenize
from pathlib import Path
from typing import Iterator, List, Optional, Set

ROOT = Path(__file__).resolve().parent.parent / "src" / "cerebras" / "cloud" / "sdk"
EXCLUDED = ("types", "lib", "cli", "testing")
GENERATED_MARK = "generated"


def core_files(root: Path = ROOT) -> Iterator[Path]:
    """The hand-written core modules, sorted."""
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in EXCLUDED:
            continue
        head = "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:3]).lower()
        if GENERATED_MARK in head and "do not edit" in head:
            continue
        yield path


def core_templates(root: Path = ROOT) -> Iterator[Path]:
    """The templates of generated core modules."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate_signatures import ROOT as REPO
    from generate_signatures import TARGETS

    for target in TARGETS:
        output = (REPO / target.output).resolve()
        if target.template is not None and output.relative_to(root).parts[0] not in EXCLUDED:
            yield REPO / target.template


def _docstring_lines(tree: ast.AST) -> Set[int]:
    lines: Set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            end = node.end_lineno or node.lineno
            lines.update(range(node.lineno, end + 1))
    return lines


def code_lines(source: str) -> int:
    """The number of code lines in `source` (see the module docstring)."""
    docstrings = _docstring_lines(ast.parse(source))
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    lines: Set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in skip:
            continue
        for line in range(token.start[0], token.end[0] + 1):
            if line not in docstrings:
                lines.add(line)
    return len(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--per-file", action="store_true", help="also print each file's count")
    args = parser.parse_args(argv)
    total = 0
    for path in [*core_files(), *core_templates()]:
        count = code_lines(path.read_text(encoding="utf-8"))
        total += count
        if args.per_file:
            shown = path.relative_to(ROOT) if ROOT in path.parents else path.relative_to(ROOT.parents[3])
            print(f"{count:6d}  {shown}")
    print(f"{total:6d}  hand-written core code lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
