"""The import contracts in pyproject.toml name every module of the package (so each has a layer)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "cerebras" / "cloud" / "sdk"


def _contract_text() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return text[text.index("[tool.importlinter]") :]


def test_every_top_level_module_has_a_layer() -> None:
    contracts = _contract_text()
    layers = contracts[contracts.index("layers = [") : contracts.index("]", contracts.index("layers = ["))]
    named = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", layers))
    modules = {path.stem for path in PACKAGE.glob("*.py") if path.stem not in ("__init__", "__main__")}
    modules |= {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    missing = sorted(modules - named)
    assert missing == [], f"add these modules to a layer of the import contract in pyproject.toml: {missing}"


def test_lib_may_not_import_any_private_core_module_but_its_interface() -> None:
    contracts = _contract_text()
    start = contracts.index("forbidden_modules = [")
    forbidden = set(re.findall(r'"cerebras\.cloud\.sdk\.(\w+)"', contracts[start : contracts.index("]", start)]))
    private = {path.stem for path in PACKAGE.glob("_*.py") if path.stem not in ("__init__", "__main__")}
    missing = sorted(private - forbidden - {"_lib_interface"})
    assert missing == [], f"add these modules to lib's forbidden list in pyproject.toml: {missing}"
