"""The sync modules generated from async sources (scripts/unasync.py) are up to date, and the rewrite is right."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "unasync.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unasync_script", SCRIPT)
    assert spec is not None
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_every_generated_module_matches_its_source() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_modules_say_so_in_their_first_lines() -> None:
    unasync = _script()
    for job in unasync.JOBS:
        head = "".join((ROOT / unasync.PACKAGE / job.target).read_text(encoding="utf-8").splitlines(True)[:3]).lower()
        assert "generated" in head
        assert "do not edit" in head


def test_rewrite_drops_async_and_maps_names() -> None:
    unasync = _script()
    source = (
        "import anyio\n"
        "class AsyncThing(AsyncAPIResource):\n"
        '    """Use `await client.x()`; an `AsyncStream` of chunks."""\n'
        "    async def get(self) -> AsyncIterator[bytes]:\n"
        "        async with self._lock:\n"
        "            async for chunk in self._response.aiter_bytes():\n"
        "                yield await anyio.sleep(0)\n"
        "            async for line in self._response.aiter_lines():\n"
        "                yield line\n"
        "        await self._response.aclose()\n"
        "    def my_AsyncStream_helper(self) -> None: ...\n"
    )
    expected = (
        "class Thing(SyncAPIResource):\n"
        '    """Use `client.x()`; an `Stream` of chunks."""\n'
        "    def get(self) -> Iterator[bytes]:\n"
        "        with self._lock:\n"
        "            for chunk in self._response.iter_bytes():\n"
        "                yield time.sleep(0)\n"
        "            yield from self._response.iter_lines()\n"
        "        self._response.close()\n"
        "    def my_AsyncStream_helper(self) -> None: ...\n"
    )
    assert unasync.unasync_text(source, {"AsyncThing": "Thing"}, ("import anyio",)) == expected


def test_check_reports_a_hand_edit_and_a_missing_file_and_regenerating_fixes_them(tmp_path: Path) -> None:
    unasync = _script()
    package = tmp_path / unasync.PACKAGE
    package.mkdir(parents=True)
    (package / "_async_a.py").write_text("async def f() -> None:\n    await g()\n", encoding="utf-8")
    (package / "_async_b.py").write_text("x = 1\n", encoding="utf-8")
    jobs = [unasync.Job("_async_a.py", "_sync_a.py"), unasync.Job("_async_b.py", "_sync_b.py")]

    assert unasync.run(check=True, root=tmp_path, jobs=jobs) == ["_sync_a.py", "_sync_b.py"]
    assert not (package / "_sync_a.py").exists()  # --check writes nothing
    assert unasync.run(check=False, root=tmp_path, jobs=jobs) == ["_sync_a.py", "_sync_b.py"]
    assert (package / "_sync_a.py").read_text(encoding="utf-8").endswith("def f() -> None:\n    g()\n")
    assert unasync.run(check=True, root=tmp_path, jobs=jobs) == []

    edited = package / "_sync_b.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "y = 2\n", encoding="utf-8")
    assert unasync.run(check=True, root=tmp_path, jobs=jobs) == ["_sync_b.py"]


def test_async_only_lines_are_left_out_and_sync_only_comments_become_code() -> None:
    unasync = _script()
    source = (
        "def copy(\n"
        "    *,\n"
        "    extra: int = 0,  # unasync: async-only\n"
        "    warm: bool = False,\n"
        "    # unasync: sync-only: extra: int = 0,\n"
        "    # a plain comment stays\n"
        ") -> AsyncThing:\n"
        "    return AsyncThing()  # unasync: async-only\n"
        "    # unasync: sync-only: return Thing(warm)\n"
        "    # unasync: sync-only:\n"
        "    # unasync: sync-only:     @property\n"
    )
    expected = (
        "def copy(\n"
        "    *,\n"
        "    warm: bool = False,\n"
        "    extra: int = 0,\n"
        "    # a plain comment stays\n"
        ") -> Thing:\n"
        "    return Thing(warm)\n"
        "\n"
        "        @property\n"
    )
    assert unasync.unasync_text(source, {}) == expected


def test_a_marker_after_code_must_be_exactly_async_only() -> None:
    unasync = _script()
    for line in (
        "x = 1  # unasync: async-only, mentioned\n",  # a typo or a mention would otherwise pass unnoticed
        "y = 2  # unasync: sync-only: z = 3\n",  # a sync-only marker must be a line of its own
        "w = 4  # unasync: async only\n",
        "v = 5  #unasync: async-only\n",  # not spelled as the marker, but meant as one
    ):
        with pytest.raises(unasync.MarkerError, match=re.escape("only `# unasync: async-only` may follow code")):
            unasync.unasync_text(f"a = 0\n{line}", {})


def test_blocks_and_the_next_line_marker_give_each_side_its_own_lines() -> None:
    unasync = _script()
    source = (
        "class AsyncThing:\n"
        "    # unasync: begin sync-only\n"
        '    """Use `AsyncThing` from async code."""\n'  # sync-only text is kept as written
        "    # unasync: begin async-only\n"
        '    """Await `AsyncThing`."""\n'
        "    # unasync: end\n"
        "    # unasync: sync-only: x: AsyncThing = None\n"  # sync-only line: as written too
        "    # unasync: async-only\n"
        '    """Opens a string (async).\n'
        '    """\n'
        "    # unasync: begin async-only\n"
        "    y = 1\n"
        "    # unasync: end\n"
        "    async def go(self) -> AsyncThing: ...\n"
    )
    assert unasync.unasync_text(source, {}) == (
        "class Thing:\n"
        '    """Use `AsyncThing` from async code."""\n'
        "    x: AsyncThing = None\n"
        '    """\n'
        "    def go(self) -> Thing: ...\n"
    )
    assert unasync.async_text(source) == (
        "class AsyncThing:\n"
        '    """Await `AsyncThing`."""\n'
        '    """Opens a string (async).\n'
        '    """\n'
        "    y = 1\n"
        "    async def go(self) -> AsyncThing: ...\n"
    )


def test_the_async_text_drops_the_trailing_marker_and_sync_only_lines() -> None:
    unasync = _script()
    source = "a = 1  # unasync: async-only\n# unasync: sync-only: b = 2\n# unasync: sync-only:\nc = 3\n"
    assert unasync.async_text(source) == "a = 1\nc = 3\n"
    assert unasync.unasync_text(source, {}) == "b = 2\n\nc = 3\n"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("x = 1\n# unasync: begin sync-only\ny = 2\n", 2, "the sync-only block is not closed by `# unasync: end`"),
        ("# unasync: end\n", 1, "`# unasync: end` outside a block"),
        ("# unasync: begin async-only\n# unasync: begin sync-only\n", 2, "in the async-only block"),
        ("# unasync: begin sync-only\n# unasync: begin sync-only\n", 2, "in the sync-only block"),
        ("# unasync: begin async-only\nx = 1  # unasync: async-only\n", 2, "already belongs to one side"),
        ("# unasync: begin async-only\n# unasync: sync-only: x = 1\n", 2, "inside the async-only block"),
        ("# unasync: begin sync-only\n# unasync: async-only\n", 2, "inside the sync-only block"),
        ("x = 1\n# unasync: async-only\n", 2, "must stand before a line of code"),
        ("# unasync: async-only\n# unasync: end\n", 1, "must stand before a line of code"),
        ("# unasync: asyncronly\n", 1, "unknown marker `# unasync: asyncronly`"),
        ("# unasync: sync-only:x = 1\n", 1, "a space after the colon"),
    ],
)
def test_a_misplaced_unknown_or_unclosed_marker_is_an_error_naming_its_line(
    source: str, line: int, message: str
) -> None:
    unasync = _script()
    for rewrite in (lambda text: unasync.unasync_text(text, {}), unasync.async_text):
        with pytest.raises(unasync.MarkerError, match=re.escape(message)) as caught:
            rewrite(source)
        assert caught.value.line == line
        assert str(caught.value).startswith(f"line {line}: ")


def test_the_script_reports_a_marker_error_with_the_source_path(tmp_path: Path) -> None:
    unasync = _script()
    package = tmp_path / unasync.PACKAGE
    package.mkdir(parents=True)
    (package / "_async_a.py").write_text("x = 1\n# unasync: begin async-only\n", encoding="utf-8")
    with pytest.raises(unasync.MarkerError) as caught:
        unasync.run(check=True, root=tmp_path, jobs=[unasync.Job("_async_a.py", "_sync_a.py")])
    assert str(caught.value) == (
        f"{unasync.PACKAGE / '_async_a.py'}, line 2: the async-only block is not closed by `# unasync: end`"
    )
    assert not (package / "_sync_a.py").exists()


def test_a_plain_loop_that_only_re_yields_becomes_yield_from() -> None:
    unasync = _script()
    source = (
        "async def items(self) -> AsyncIterator[int]:\n"
        "    async for page in self.pages():\n"
        "        for item in page.data:\n"
        "            yield item\n"
        "    for item in self.tail:\n"
        "        yield item\n"
        "        self.count += 1\n"  # more than the re-yield: stays a loop
    )
    expected = (
        "def items(self) -> Iterator[int]:\n"
        "    for page in self.pages():\n"
        "        yield from page.data\n"
        "    for item in self.tail:\n"
        "        yield item\n"
        "        self.count += 1\n"
    )
    assert unasync.unasync_text(source, {}) == expected


def test_rewrite_turns_a_direct_anext_into_the_next_builtin() -> None:
    unasync = _script()
    source = "async def f(self):\n    return await self._items.__anext__()\n"
    assert unasync.unasync_text(source, {}) == "def f(self):\n    return next(self._items)\n"
