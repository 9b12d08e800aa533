"""The README's Python snippets type-check as users' editors see them: mypy, and pyright in basic
and in strict mode, report no error.

Each ```python block becomes one module. The README says the later snippets start from the quick
start's `client` and from the `messages` conversation, so a snippet that uses either name without
defining it is checked after those two snippets (the first two blocks), as a reader runs them.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Set

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GIVEN = ("client", "messages")
"""The names the README's later snippets take from the first two."""
TIMEOUT = 300.0  # generous under load; both checkers take seconds


def _blocks() -> List[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def _defined(tree: ast.Module) -> Set[str]:
    names: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _used(tree: ast.Module) -> Set[str]:
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def _modules() -> Dict[str, str]:
    """File name -> source, one per snippet (with the first two before it when it needs them)."""
    blocks = _blocks()
    prelude = blocks[0] + "\n" + blocks[1]
    modules: Dict[str, str] = {}
    for index, block in enumerate(blocks):
        tree = ast.parse(block)
        needs = (_used(tree) - _defined(tree)) & set(GIVEN)
        source = prelude + "\n" + block if index >= 2 and needs else block
        modules[f"readme_snippet_{index:02d}.py"] = source
    return modules


@pytest.fixture(scope="module")
def snippets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("readme_snippets")
    for name, source in _modules().items():
        (directory / name).write_text(source, encoding="utf-8")
    return directory


def _files(directory: Path) -> List[str]:
    return sorted(str(path) for path in directory.glob("readme_snippet_*.py"))


def test_the_snippets_are_found_and_the_quick_start_is_first() -> None:
    modules = _modules()
    assert len(modules) >= 10
    quick_start = modules["readme_snippet_00.py"]
    assert "client.chat.completions.create(" in quick_start
    assert "print(completion.choices[0].message.content)" in quick_start
    assert any('chunk.choices[0].delta.content or ""' in source for source in modules.values())


def test_mypy_finds_no_error(snippets: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--no-error-summary",
        "--show-error-codes",
        "--follow-imports=silent",
        "--cache-dir",
        str(snippets / ".mypy_cache"),
        *_files(snippets),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=snippets, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""


@pytest.mark.parametrize("mode", ["basic", "strict"])
def test_pyright_finds_no_error(snippets: Path, mode: str) -> None:
    config = snippets / f"pyrightconfig.{mode}.json"
    settings: Dict[str, object] = {"typeCheckingMode": mode, "pythonVersion": "3.9"}
    if mode == "strict":
        # A snippet is a fragment: it may import or bind a name it only shows (`as client: ...`).
        # Everything about types stays strict.
        settings.update(reportUnusedImport=False, reportUnusedVariable=False)
    config.write_text(json.dumps(settings), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pyright",
        "--outputjson",
        "--pythonpath",
        sys.executable,
        "--project",
        str(config),
        *_files(snippets),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=snippets, check=False)
    report = json.loads(done.stdout)
    problems = [
        f"{Path(d['file']).name}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    assert problems == []
    assert report["summary"]["filesAnalyzed"] == len(_files(snippets))
