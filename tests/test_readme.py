"""The README as a newcomer reads it: the commands it starts with, how to install this project,
links that lead somewhere, snippets that define what they use, and claims that hold."""

from __future__ import annotations

import ast
import builtins
import re
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Set

import httpx

from cerebras.cloud.sdk._exceptions import error_for_response

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECURITY = (ROOT / "SECURITY.md").read_text(encoding="utf-8")


def _blocks(language: str) -> List[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def _project_urls() -> Dict[str, str]:
    entries = metadata.metadata("cerebras_cloud_sdk").get_all("Project-URL") or []
    return dict(entry.split(", ", 1) for entry in entries)


def test_the_readme_starts_with_the_two_commands() -> None:
    lines = README.splitlines()
    assert lines[2:6] == [
        "```sh",
        'python -m pip install . && cerebras chat --local "Why is fast inference important?"',
        'python -m pip install -e ".[test]" && python -m pytest',
        "```",
    ]


def test_the_install_section_installs_this_project() -> None:
    install = README.split("## Install", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#")[0].strip() for line in _blocks("sh")[1].splitlines()]
    assert "python -m pip install ." in commands
    source = _project_urls()["Source"]
    assert f"git clone {source}" in commands
    assert f'python -m pip install "cerebras_cloud_sdk @ git+{source}"' in commands
    # A bare `pip install cerebras_cloud_sdk` would fetch the official package from PyPI.
    assert not any(
        re.fullmatch(r"(python -m )?pip install ['\"]?cerebras_cloud_sdk(\[\w+\])?['\"]?", c) for c in commands
    )
    assert "official" in install


def test_the_project_urls_agree_with_security_md() -> None:
    urls = _project_urls()
    assert set(urls) >= {"Homepage", "Source", "Changelog", "Issues", "Security"}
    assert all(url.startswith(urls["Source"]) for url in urls.values())
    assert urls["Security"] in SECURITY


def test_the_contents_links_lead_to_headings() -> None:
    def slug(heading: str) -> str:
        return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")

    headings = {slug(h) for h in re.findall(r"^#{2,3} (.+)$", README, flags=re.M)}
    contents = README.split("**Contents:**", 1)[1].split("\n\n", 1)[0]
    anchors = re.findall(r"\]\(#([\w-]+)\)", contents)
    assert len(anchors) >= 10
    assert [a for a in anchors if a not in headings] == []
    local = re.findall(r"\]\(([A-Z]+\.md)\)", contents)
    assert all((ROOT / name).exists() for name in local)


def _undefined_names(source: str, known: Set[str]) -> Set[str]:
    tree = ast.parse(source)
    defined = set(known) | set(dir(builtins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            defined.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            defined.add(node.name)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return used - defined


def test_python_snippets_define_what_they_use() -> None:
    blocks = _blocks("python")
    quick_start, conversation = blocks[0], blocks[1]
    assert "client = Cerebras()" in quick_start
    assert "messages: list[Message] = [" in conversation
    assert "The snippets below start from this `client`, and from a conversation" in README
    assert _undefined_names(quick_start + conversation, set()) == set()
    given = {"client", "messages"}
    for block in blocks[2:]:
        assert _undefined_names(block, given) == set(), block


def test_the_readme_shows_the_key_and_the_aiohttp_client() -> None:
    assert "export CEREBRAS_API_KEY=..." in _blocks("sh")[2]
    assert any("AsyncCerebras(http_client=DefaultAioHttpClient())" in block for block in _blocks("python"))


def test_what_the_readme_says_of_e_message_holds() -> None:
    body = {"message": "Requests per minute limit exceeded", "type": "too_many_requests_error", "code": "q"}
    request = httpx.Request("POST", "https://api.cerebras.ai/v1/chat/completions")
    error = error_for_response(httpx.Response(429, json=body, request=request))
    assert "`e.message` is the same text as `str(e)`" in README
    assert error.message == str(error)
    assert error.message.startswith("Error code: 429 - {'message': 'Requests per minute limit exceeded'")
    assert "keeps the server's wording" not in README
