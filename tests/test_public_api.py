"""The public surface, checked against the names in `tests/fixtures/public_names.json`.

That file lists what users of the official 1.91.0 package import: the top-level `__all__`,
the names importable from the top level outside it, and the `__all__` of every `types/` and
`resources/` module. Removing or renaming any of them fails here; so does adding one without
recording it.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List

import httpx
import pytest

import cerebras.cloud.sdk as sdk

NAMES: Dict[str, Any] = json.loads((Path(__file__).parent / "fixtures" / "public_names.json").read_text())
TOP_LEVEL: List[str] = NAMES["top_level_all"]
ADDITIONS: List[str] = NAMES["top_level_all_additions"]
MODULES: Dict[str, List[str]] = NAMES["module_all"]


def test_the_official_top_level_all_is_all_there() -> None:
    assert len(TOP_LEVEL) == 41
    missing = [name for name in TOP_LEVEL if name not in sdk.__all__]
    assert missing == []


def test_top_level_all_is_exactly_the_recorded_names() -> None:
    assert sorted(sdk.__all__) == sorted(TOP_LEVEL + ADDITIONS)
    assert len(sdk.__all__) == len(set(sdk.__all__))


@pytest.mark.parametrize("name", TOP_LEVEL + ADDITIONS + NAMES["top_level_not_in_all"])
def test_every_top_level_name_resolves(name: str) -> None:
    assert getattr(sdk, name) is not None
    namespace: Dict[str, Any] = {}
    exec(f"from cerebras.cloud.sdk import {name}", namespace)  # the spelling users write
    assert namespace[name] is getattr(sdk, name)


@pytest.mark.parametrize("name", [n for n in TOP_LEVEL + ADDITIONS if not n.startswith("__")])
def test_exported_classes_and_functions_show_the_package_as_their_module(name: str) -> None:
    obj = getattr(sdk, name)
    if inspect.isclass(obj) and obj is type(None):
        return  # `NoneType` is the builtin; its module cannot be rewritten
    if inspect.isclass(obj) or inspect.isfunction(obj):
        assert obj.__module__ == "cerebras.cloud.sdk"
        if inspect.isclass(obj):
            assert repr(obj) == f"<class 'cerebras.cloud.sdk.{obj.__name__}'>"


@pytest.mark.parametrize(("name", "target"), sorted(NAMES["top_level_deprecated_aliases"].items()))
def test_deprecated_aliases_warn_and_resolve_to_the_official_class(name: str, target: str) -> None:
    assert name not in sdk.__all__
    assert name not in dir(sdk)
    namespace: Dict[str, Any] = {}
    with pytest.warns(DeprecationWarning, match=target):
        exec(f"from cerebras.cloud.sdk import {name}", namespace)
    assert namespace[name] is getattr(sdk, target)


@pytest.mark.parametrize("name", NAMES["top_level_removed"])
def test_removed_names_are_not_importable(name: str) -> None:
    assert name not in sdk.__all__
    with pytest.raises(ImportError, match=name):
        exec(f"from cerebras.cloud.sdk import {name}", {})


def test_what_the_names_are() -> None:
    assert sdk.Client is sdk.Cerebras
    assert sdk.AsyncClient is sdk.AsyncCerebras
    assert sdk.__version__ == "1.91.0"
    assert sdk.__title__ == "cerebras.cloud.sdk"
    assert sdk.NoneType is type(None)
    assert sdk.Timeout is httpx.Timeout
    assert sdk.Transport is httpx.BaseTransport
    assert httpx.Timeout(timeout=60, connect=5.0) == sdk.DEFAULT_TIMEOUT
    assert sdk.DEFAULT_MAX_RETRIES == 2
    assert httpx.Limits(max_connections=512, max_keepalive_connections=512) == sdk.DEFAULT_CONNECTION_LIMITS
    assert isinstance(sdk.NOT_GIVEN, sdk.NotGiven)
    assert isinstance(sdk.not_given, sdk.NotGiven)
    assert sdk.NOT_GIVEN is not sdk.not_given
    assert isinstance(sdk.omit, sdk.Omit)
    assert sdk.types is importlib.import_module("cerebras.cloud.sdk.types")
    assert issubclass(sdk.DefaultHttpxClient, httpx.Client)
    assert issubclass(sdk.DefaultAsyncHttpxClient, httpx.AsyncClient)
    assert issubclass(sdk.DefaultAioHttpClient, httpx.AsyncClient)


def test_response_classes_keep_their_defining_module() -> None:
    assert sdk.APIResponse.__module__ == "cerebras.cloud.sdk._response"
    assert sdk.AsyncAPIResponse.__module__ == "cerebras.cloud.sdk._response"
    assert "APIResponse" not in sdk.__all__


def test_stream_classes_keep_their_import_paths_and_names() -> None:
    # Tracers patch `cerebras.cloud.sdk._streaming.Stream` (and its methods) by this path.
    streaming = importlib.import_module("cerebras.cloud.sdk._streaming")
    for name in ("Stream", "AsyncStream"):
        cls = getattr(streaming, name)
        assert cls is getattr(sdk, name)
        assert (cls.__module__, cls.__qualname__) == ("cerebras.cloud.sdk", name)
    for method in ("__iter__", "__next__", "close", "__enter__", "__exit__", "text"):
        assert callable(getattr(streaming.Stream, method))
    for method in ("__aiter__", "__anext__", "close", "__aenter__", "__aexit__", "text"):
        assert callable(getattr(streaming.AsyncStream, method))


def test_resources_is_reachable_from_the_top_level() -> None:
    resources = sdk.resources
    assert resources.ChatResource is importlib.import_module("cerebras.cloud.sdk.resources").ChatResource
    assert "cerebras.cloud.sdk.resources" in repr(resources)
    assert "resources" not in sdk.__all__
    assert "resources" in dir(sdk)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_all_is_exactly_the_recorded_names(module: str) -> None:
    loaded = importlib.import_module(module)
    missing = [name for name in MODULES[module] if not hasattr(loaded, name)]
    assert missing == []
    assert sorted(loaded.__all__) == sorted(MODULES[module])


@pytest.mark.parametrize(("module", "names"), sorted(NAMES["module_extra"].items()))
def test_names_kept_outside_module_all(module: str, names: List[str]) -> None:
    loaded = importlib.import_module(module)
    assert all(hasattr(loaded, name) for name in names)


def test_same_named_classes_are_the_right_ones() -> None:
    from cerebras.cloud.sdk import resources, types
    from cerebras.cloud.sdk.resources import chat, completions

    assert resources.chat.CompletionsResource is chat.completions.CompletionsResource
    assert resources.CompletionsResource is completions.CompletionsResource
    assert resources.chat.CompletionsResource is not resources.CompletionsResource
    assert types.CompletionCreateParams is not types.chat.CompletionCreateParams
    assert types.chat.CompletionCreateResponse is types.chat.ChatCompletion


def test_response_types_are_sdk_models() -> None:
    from cerebras.cloud.sdk.types.chat.chat_completion import ChatChunkResponse, ChatCompletionResponse
    from cerebras.cloud.sdk.types.completion import CompletionResponse
    from cerebras.cloud.sdk.types.model_retrieve_response import PublicModel

    for model in (ChatChunkResponse, ChatCompletionResponse, CompletionResponse, PublicModel):
        assert issubclass(model, sdk.BaseModel)


def test_file_from_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\x00hello")
    assert sdk.file_from_path(str(path)) == ("notes.txt", b"\x00hello")


def test_package_layout() -> None:
    import cerebras
    import cerebras.cloud
    import cerebras.cloud.sdk.lib

    # `cerebras` is a namespace package (no __init__.py), so other distributions can share it.
    assert getattr(cerebras, "__file__", None) is None
    assert not any((Path(entry) / "__init__.py").exists() for entry in cerebras.__path__)
    assert cerebras.cloud.__file__ is not None
    assert os.path.basename(cerebras.cloud.__file__) == "__init__.py"
    assert cerebras.cloud.sdk.lib.__file__ is not None
    assert (Path(sdk.__file__).parent / "py.typed").is_file()


def test_importing_the_package_stays_light() -> None:
    code = """
        import sys
        import cerebras.cloud.sdk as sdk
        heavy = [name for name in ("cerebras.cloud.sdk.resources", "aiohttp", "httpx_aiohttp") if name in sys.modules]
        assert heavy == [], heavy
        sdk.resources.ChatResource
        assert "cerebras.cloud.sdk.resources" in sys.modules
        print("ok")
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
