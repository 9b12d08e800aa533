"""The I/O shells stay thin: each twin loop (the chunk loop of both stream classes, the send loop
of both senders) is short and shallow, and the async twin differs from the sync one only by
`async`/`await` (and the `a`-prefixed names of the async helpers)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Tuple, Union

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cerebras" / "cloud" / "sdk"

MAX_LINES = 15
MAX_DEPTH = 3

TWINS = [
    (("_sync_stream.py", "StreamShell", "__stream__"), ("_async_stream.py", "AsyncStreamShell", "__stream__")),
    (("_sync_sender.py", "SyncSender", "send"), ("_async_sender.py", "AsyncSender", "send")),
]
"""(module, class, method) of each sync twin loop and of its async twin."""

ASYNC_NAMES: Dict[str, str] = {
    "AsyncItemGenerator": "ItemGenerator",
    "_awith_deadlines": "_with_deadlines",
    "abody_chunks": "body_chunks",
    "adrain": "drain",
    "_AClosing": "_Closing",
}
"""Async helper names and their sync twins (the unasync rule: the rest must be the same)."""

_Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]
_COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try)


def method(module: str, cls: str, name: str) -> _Function:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == cls:
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == name:
                    return item
    raise AssertionError(f"{module}: no {cls}.{name}")


def code(function: _Function) -> List[ast.stmt]:
    """The statements of `function`, without its docstring."""
    body = function.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return body[1:]
    return body


def depth(statements: List[ast.stmt]) -> int:
    """How deep compound statements (loops, `if`, `with`, `try`) nest in `statements`."""
    deepest = 0
    for statement in statements:
        if isinstance(statement, _COMPOUND):
            inner: List[ast.stmt] = []
            for field in ("body", "orelse", "finalbody"):
                inner += getattr(statement, field, [])
            for handler in getattr(statement, "handlers", []):
                inner += handler.body
            deepest = max(deepest, 1 + depth(inner))
    return deepest


def lines(statements: List[ast.stmt]) -> int:
    end = statements[-1].end_lineno
    assert end is not None
    return end - statements[0].lineno + 1


class _Unasync(ast.NodeTransformer):
    """The sync twin of async code: no `await`, plain `for`/`with`, async names mapped."""

    def visit_Await(self, node: ast.Await) -> ast.AST:
        return self.visit(node.value)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> ast.AST:
        self.generic_visit(node)
        return ast.For(node.target, node.iter, node.body, node.orelse, node.type_comment)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> ast.AST:
        self.generic_visit(node)
        return ast.With(node.items, node.body, node.type_comment)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(ASYNC_NAMES.get(node.id, node.id), node.ctx)


def dump(statements: List[ast.stmt]) -> str:
    return "\n".join(ast.dump(statement) for statement in statements)


def unasynced(statements: List[ast.stmt]) -> str:
    transformer = _Unasync()
    return "\n".join(ast.dump(transformer.visit(statement)) for statement in statements)


_Where = Tuple[str, str, str]


@pytest.mark.parametrize(("sync", "async_"), TWINS, ids=[f"{s[0]}:{s[1]}" for s, _ in TWINS])
def test_each_twin_loop_is_short_and_shallow(sync: _Where, async_: _Where) -> None:
    for module, cls, name in (sync, async_):
        statements = code(method(module, cls, name))
        assert lines(statements) <= MAX_LINES, f"{cls}.{name} is {lines(statements)} lines"
        assert depth(statements) <= MAX_DEPTH, f"{cls}.{name} nests {depth(statements)} deep"


@pytest.mark.parametrize(("sync", "async_"), TWINS, ids=[f"{s[0]}:{s[1]}" for s, _ in TWINS])
def test_the_async_twin_differs_only_by_await(sync: _Where, async_: _Where) -> None:
    sync_function = method(*sync)
    async_function = method(*async_)
    assert isinstance(sync_function, ast.FunctionDef)
    assert isinstance(async_function, ast.AsyncFunctionDef)
    assert ast.dump(async_function.args) == ast.dump(sync_function.args)
    assert unasynced(code(async_function)) == dump(code(sync_function))


def test_the_measures_catch_what_they_measure() -> None:
    deep = ast.parse("for a in b:\n    if a:\n        with c:\n            while d:\n                pass\n").body
    assert depth(deep) == 4
    assert lines(deep) == 5
    twin = ast.parse("async with _AClosing(r):\n    async for c in adrain(x):\n        await f(c)\n").body
    assert unasynced(twin) == dump(ast.parse("with _Closing(r):\n    for c in drain(x):\n        f(c)\n").body)
    other = ast.parse("async with _AClosing(r):\n    async for c in adrain(x):\n        await g(c)\n").body
    assert unasynced(other) != dump(ast.parse("with _Closing(r):\n    for c in drain(x):\n        f(c)\n").body)
