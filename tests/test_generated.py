"""The generated parameter lists are up to date, and one edit of the spec reaches every one of them.

`scripts/signature_spec.py` defines each endpoint's parameters once; `scripts/generate_signatures.py`
writes them into the resource modules, the helper options and the params TypedDicts. A generated
file edited by hand, or a spec edited without regenerating, fails here (and in `nox -s lint`).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.machinery
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Iterator, List, Set, Tuple

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> Iterator[ModuleType]:
    module = _load("generate_signatures")
    yield module
    sys.modules.pop("generate_signatures", None)
    sys.modules.pop("signature_spec", None)


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    script = root / "scripts" / "generate_signatures.py"
    return subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120, check=False
    )


def test_every_generated_file_is_up_to_date() -> None:
    result = _check(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_generated_modules_say_so_in_their_first_lines(gen: ModuleType) -> None:
    for target in gen.TARGETS:
        head = "".join((REPO / target.output).read_text(encoding="utf-8").splitlines(keepends=True)[:3]).lower()
        if target.template is not None:
            assert "generated" in head, target.output
            assert "do not edit" in head, target.output
        else:
            assert "# @generate:" in (REPO / target.output).read_text(encoding="utf-8"), target.output


@pytest.fixture
def copy(tmp_path: Path, gen: ModuleType) -> Path:
    """The scripts and every generated file, in a scratch tree laid out like the repository."""
    shutil.copytree(SCRIPTS, tmp_path / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    for target in gen.TARGETS:
        (tmp_path / target.output).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / target.output, tmp_path / target.output)
    return tmp_path


def test_check_fails_with_a_diff_when_a_generated_file_was_edited(copy: Path, gen: ModuleType) -> None:
    assert _check(copy).returncode == 0
    edited = copy / gen.TARGETS[0].output
    source = edited.read_text(encoding="utf-8")
    edited.write_text(source.replace("top_p: Optional[float] | Omit = omit,", "top_p: float | Omit = omit,", 1))

    result = _check(copy)

    assert result.returncode == 1
    assert "-        top_p: float | Omit = omit," in result.stdout
    assert "+        top_p: Optional[float] | Omit = omit," in result.stdout
    assert gen.TARGETS[0].output in result.stderr
    assert "python scripts/generate_signatures.py" in result.stderr


def test_check_fails_when_the_spec_changed_and_regenerating_fixes_it(copy: Path) -> None:
    spec = copy / "scripts" / "signature_spec.py"
    source = spec.read_text(encoding="utf-8")
    anchor = '        Param("clear_thinking",'
    assert source.count(anchor) == 1  # in the chat list only
    spec.write_text(source.replace(anchor, '        Param("new_knob", "Optional[int]", "A knob."),\n' + anchor))

    assert _check(copy).returncode == 1
    regenerated = subprocess.run(
        [sys.executable, str(copy / "scripts" / "generate_signatures.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert regenerated.returncode == 0, regenerated.stderr
    assert _check(copy).returncode == 0
    resource = (copy / "src/cerebras/cloud/sdk/resources/chat/completions.py").read_text(encoding="utf-8")
    assert resource.count("new_knob: Optional[int] | Omit = omit,") == 10


def test_one_spec_edit_reaches_every_chat_parameter_list(gen: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = gen.ENDPOINTS["chat"]
    knob = gen.Param("new_knob", "Optional[int]", "A knob.")
    at = [param.name for param in chat.params].index("user")
    grown = dataclasses.replace(chat, params=(*chat.params[:at], knob, *chat.params[at:]))
    monkeypatch.setitem(gen.ENDPOINTS, "chat", grown)
    rendered = {target.output: gen.render(target) for target in gen.TARGETS}
    resource, helper_params, chat_params, text_params = (
        rendered[f"{gen.PACKAGE}/{name}"]
        for name in (
            "resources/chat/completions.py",
            "types/chat/_helper_params.py",
            "types/chat/completion_create_params.py",
            "types/completion_create_params.py",
        )
    )

    # 3 overloads + implementation of create, and stream: sync and async.
    assert resource.count("        new_knob: Optional[int] | Omit = omit,\n        user:") == 10
    assert resource.count("          new_knob: A knob.\n") == 2  # create's docstrings
    assert helper_params.count("    new_knob: Optional[int]\n") == 1  # CreateOptions
    assert chat_params.count("    new_knob: Optional[int]\n\n    user:") == 1  # CompletionCreateParams
    assert "new_knob" not in text_params
    assert "new_knob" not in rendered[f"{gen.PACKAGE}/resources/completions.py"]


def test_the_stream_forms_of_the_create_overloads(gen: ModuleType) -> None:
    def stream_line(form: str) -> List[str]:
        lines = gen._signature(gen.ENDPOINTS["completions"], {"stream": form}, "p.")
        return [line for line in lines if line.startswith("stream:")]

    assert stream_line("false") == ["stream: Optional[Literal[False]] | Omit = omit,"]
    assert stream_line("true") == ["stream: Literal[True],"]
    assert stream_line("bool") == ["stream: bool,"]
    assert stream_line("none") == []
    default = gen._signature(gen.ENDPOINTS["completions"], {}, "p.")
    assert "stream: Optional[bool] | Omit = omit," in default
    assert "stream_options: Optional[p.StreamOptions] | Omit = omit," in default
    assert default[0] == "*,"
    assert default[-1] == "timeout: Union[float, httpx.Timeout, NotGiven, None] = not_given,"


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("# @generate: signature nope", "unknown endpoint 'nope'"),
        ("# @generate: bogus chat", "expected"),
        ("# @generate: signature chat stream=maybe", "stream='maybe'"),
        ("# @generate: fields chat options only=no_such", "no parameter 'no_such'"),
        ("# @generate: fields chat rows", "expected 'body' or 'options'"),
    ],
)
def test_bad_directives_are_clear_errors(gen: ModuleType, directive: str, message: str) -> None:
    with pytest.raises(gen.GenerateError, match=message):
        gen._expand("    " + directive, "")


def test_a_region_without_its_end_marker_is_an_error(gen: ModuleType) -> None:
    target = gen.Target("x.py", params_prefix="")
    with pytest.raises(gen.GenerateError, match="@end-generate"):
        gen.render_regions("class A:\n    # @generate: fields chat body\n    x: int\n", target)


def _hand_written_sources(gen: ModuleType) -> Iterator[Tuple[str, str]]:
    """Every hand-written module of the package and every template, generated regions removed."""
    for path in sorted((REPO / gen.PACKAGE).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        head = "".join(text.splitlines(keepends=True)[:3]).lower()
        if "generated" in head and "do not edit" in head:
            continue
        yield str(path.relative_to(REPO)), re.sub(r"# @generate:.*?# @end-generate", "", text, flags=re.S)
    for target in gen.TARGETS:
        if target.template is not None:
            yield target.template, (REPO / target.template).read_text(encoding="utf-8")


def _copies(tree: ast.AST, names: Set[str]) -> List[str]:
    """Functions taking, and classes declaring, more than a few of `names`: copies of that list."""
    found: List[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            declared = {arg.arg for arg in (*node.args.args, *node.args.kwonlyargs)}
        elif isinstance(node, ast.ClassDef):
            declared = {
                s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            }
        else:
            continue
        if len(declared & names) > 4:
            found.append(f"{node.name} (line {node.lineno})")
    return found


@pytest.mark.parametrize("endpoint", ["chat", "completions"])
def test_no_hand_written_copy_of_a_parameter_list_is_left(gen: ModuleType, endpoint: str) -> None:
    # The spec is the one hand-written list: a function or class spelling out more than a few of
    # an endpoint's own parameters anywhere else in the package (or in a template) is a copy.
    shared = {param.name for param in gen.ENDPOINTS["chat"].params} & {
        param.name for param in gen.ENDPOINTS["completions"].params
    }
    own = {param.name for param in gen.ENDPOINTS[endpoint].params} - shared
    assert len(own) > 4
    copies = {name: _copies(ast.parse(source), own) for name, source in _hand_written_sources(gen)}
    assert {name: found for name, found in copies.items() if found} == {}


def test_the_copy_detector_finds_a_copy(gen: ModuleType) -> None:
    own = {param.name for param in gen.ENDPOINTS["completions"].params}
    source = "def create(*, best_of=1, echo=1, grammar_root=1, return_raw_tokens=1, suffix=1): ...\n"
    assert _copies(ast.parse(source), own) == ["create (line 1)"]


def test_a_line_too_long_for_ruff_format_is_a_clear_error(gen: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = gen.ENDPOINTS["chat"]
    wordy = gen.Param("wordy", "Optional[int]", "x" * 130)
    monkeypatch.setitem(gen.ENDPOINTS, "chat", dataclasses.replace(chat, params=(*chat.params, wordy)))
    with pytest.raises(gen.GenerateError, match="the limit is 120"):
        gen._expand("          # @generate: args chat", "")


def _classes(source: str) -> List[str]:
    return [node.name for node in ast.parse(source).body if isinstance(node, ast.ClassDef)]


def _overloaded(source: str, name: str) -> int:
    found = 0
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found += any(isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list)
    return found


@pytest.mark.parametrize("name", ["resources/chat/completions.py", "resources/completions.py"])
def test_a_resource_template_holds_the_async_classes_only(gen: ModuleType, name: str) -> None:
    # The sync classes and the `create` overloads are generated: a template spelling them repeats itself.
    target = next(target for target in gen.TARGETS if target.output == f"{gen.PACKAGE}/{name}")
    template = (REPO / target.template).read_text(encoding="utf-8")
    written = _classes(template)
    assert written
    assert all(name.startswith("Async") for name in written), written
    twins = [(name[len("Async") :], name) for name in written]
    assert _classes((REPO / target.output).read_text(encoding="utf-8")) == [name for pair in twins for name in pair]
    assert _overloaded(template, "create") == 0
    assert _overloaded((REPO / target.output).read_text(encoding="utf-8"), "create") == 6


def test_the_sync_twin_is_the_rewrite_plus_its_own_lines(gen: ModuleType) -> None:
    source = [
        "class AsyncThing(AsyncAPIResource):\n",
        '    # unasync: sync-only: """A thing."""\n',
        '    """A thing (async)."""  # unasync: async-only\n',
        "\n",
        "    async def go(self) -> AsyncStream[int]:\n",
        "        # unasync: begin sync-only\n",
        '        """Go; from async code, use `AsyncCerebras`."""\n',
        "        # unasync: begin async-only\n",
        '        """Go, awaited."""\n',
        "        # unasync: end\n",
        "        # unasync: sync-only: x = Thing()\n",
        "        # unasync: async-only\n",
        '        """Opens a multi-line string (async).\n',
        '        """\n',
        "        return await helpers().async_go(self)\n",
    ]

    sync, async_ = gen.twin_class(source, {"async_go": "go"})

    assert sync == (
        "class Thing(SyncAPIResource):\n"
        '    """A thing."""\n'
        "\n"
        "    def go(self) -> Stream[int]:\n"
        '        """Go; from async code, use `AsyncCerebras`."""\n'  # sync-only text is not rewritten
        "        x = Thing()\n"
        '        """\n'
        "        return helpers().go(self)\n"
    )
    assert async_ == (
        "class AsyncThing(AsyncAPIResource):\n"
        '    """A thing (async)."""\n'
        "\n"
        "    async def go(self) -> AsyncStream[int]:\n"
        '        """Go, awaited."""\n'
        '        """Opens a multi-line string (async).\n'
        '        """\n'
        "        return await helpers().async_go(self)\n"
    )


def test_each_async_class_gets_its_twin_just_before_it(gen: ModuleType) -> None:
    template = (
        "import x\n\n\nclass AsyncA:\n    x = 1\n\n\nclass B:\n    y = AsyncA\n\n\nclass AsyncC:\n    z = AsyncA\n"
    )
    assert gen.twin_classes(template, {}) == (
        "import x\n\n\n"
        "class A:\n    x = 1\n\n\nclass AsyncA:\n    x = 1\n\n\n"
        "class B:\n    y = AsyncA\n\n\n"  # not an async class: as written
        "class C:\n    z = A\n\n\nclass AsyncC:\n    z = AsyncA\n"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "class AsyncA:\n    # unasync: begin async-only\n    x = 1\n    # unasync: begin sync-only\n",
            "line 4 ('class AsyncA:'): `# unasync: begin sync-only` in the async-only block",
        ),
        ("class AsyncA:\n    # unasync: begin sync-only\n    x = 1\n", "line 2 ('class AsyncA:'): the sync-only block"),
        ("class AsyncA:\n    x = 1\n    # unasync: async-only\n", "must stand before a line of code"),
        ("class AsyncA:\n    # unasync: begin sync-only\n    # unasync: sync-only: x = 2\n", "inside the sync-only"),
        ("x = 1\n\n\nclass AsyncA:\n    # unasync: end\n", "line 5 ('class AsyncA:'): `# unasync: end` outside"),
        ("# unasync: sync-only: x = 2\nx = 1\n", "outside a top-level"),
        ("x = 1  # unasync: async-only\n", "outside a top-level"),
    ],
)
def test_misplaced_markers_are_clear_errors(gen: ModuleType, template: str, message: str) -> None:
    with pytest.raises(gen.GenerateError, match=re.escape(message)):
        gen.twin_classes(template, {})


@pytest.mark.parametrize("line", ["    # @sync: x = 2\n", "    # @async\n", "    # @generate signature chat\n"])
def test_a_directive_the_generator_does_not_know_is_an_error(gen: ModuleType, line: str) -> None:
    # Left in, it would be written into both twins as a comment.
    template = f"class AsyncA:\n{line}    x = 1\n"
    with pytest.raises(gen.GenerateError, match=re.escape(f"unknown directive {line.strip()!r}")):
        gen.render_template(template, gen.Target("out.py", "template.py"))


def test_the_overloads_directive_writes_one_overload_per_stream_form(gen: ModuleType) -> None:
    following = [
        "    async def create(",
        "        self,",
        "        # @generate: signature completions",
        "    ) -> R | AsyncStream[R]:",
    ]

    lines = gen._expand("    # @generate: overloads completions", "p.", following)

    overloads: List[List[str]] = []
    while lines:
        end = lines.index("")
        overloads.append(lines[:end])
        lines = lines[end + 1 :]
    assert len(overloads) == 3
    for overload, (form, result) in zip(
        overloads, [("false", "R"), ("true", "AsyncStream[R]"), ("bool", "R | AsyncStream[R]")]
    ):
        signature = gen._signature(gen.ENDPOINTS["completions"], {"stream": form}, "p.")
        assert overload == [
            "    @overload",
            "    async def create(",
            "        self,",
            *(f"        {text}" for text in signature),
            f"    ) -> {result}: ...",
        ]


@pytest.mark.parametrize(
    ("following", "message"),
    [
        ([], "expected a `def <name>(` line"),
        (["    @property", "    def create("], "expected a `def <name>(` line"),
        (["    def create(", "        self,", "    ) -> R:"], "must return `<response> | <stream>`"),
    ],
)
def test_overloads_without_a_method_to_follow_are_clear_errors(
    gen: ModuleType, following: List[str], message: str
) -> None:
    with pytest.raises(gen.GenerateError, match=re.escape(message)):
        gen._expand("    # @generate: overloads chat", "", following)


@pytest.mark.parametrize("module", ["resources.chat.completions", "resources.completions"])
def test_the_sync_twins_docstrings_speak_of_sync_code(module: str) -> None:
    imported = importlib.import_module(f"cerebras.cloud.sdk.{module}")
    sync_classes = [value for name, value in vars(imported).items() if name.startswith("Completions")]
    assert len(sync_classes) == 3
    for cls in sync_classes:
        members = [(name, value) for name, value in vars(cls).items() if callable(getattr(value, "func", value))]
        assert members
        for name, member in [(cls.__name__, cls), *members]:
            doc = getattr(member, "func", member).__doc__ or ""
            assert not re.search(r"AsyncStream|AsyncAPIResponse|\bawait\b|async (with|for|context)|\(async\)", doc), (
                name
            )
