"""The instrumentation costs nothing unless used: no OpenTelemetry import without it; it is found
through the `opentelemetry_instrumentor` entry point; the distribution keeps its name."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import cerebras.cloud.sdk as sdk
from cerebras.cloud.sdk.lib.otel import CerebrasInstrumentor

# Runs in a fresh interpreter (to see what it imports), where the test scaffold is not importable:
# its fake API is a plain MockTransport handler.
REQUESTS_WITHOUT_INSTRUMENTING = textwrap.dedent(
    """
    import json, sys
    import httpx
    from cerebras.cloud.sdk import Cerebras

    CHAT = {"id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "x"}}]}
    CHUNK = b'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}\\n\\n'

    def handler(request):
        if json.loads(request.content).get("stream"):
            return httpx.Response(200, content=CHUNK * 3 + b"data: [DONE]\\n\\n",
                                  headers={"content-type": "text/event-stream"})
        return httpx.Response(200, json=CHAT)

    client = Cerebras(api_key="sk-x", base_url="http://api.test",
                      http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    chunks = list(client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True))
    client.completions.create(model="m", prompt="x")
    assert len(chunks) == 3
    print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("opentelemetry", "wrapt"))))
    """
)


def test_nothing_of_opentelemetry_is_imported_without_instrumenting() -> None:
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS_WITHOUT_INSTRUMENTING], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_a_clear_error_when_opentelemetry_is_missing() -> None:
    script = textwrap.dedent(
        """
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "opentelemetry":
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, Block())
        import cerebras.cloud.sdk  # works without it
        try:
            import cerebras.cloud.sdk.lib.otel
        except ImportError as exc:
            print(exc)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "pip install 'cerebras_cloud_sdk[otel]'" in result.stdout


def test_the_distribution_name_and_version() -> None:
    assert importlib.metadata.version("cerebras-cloud-sdk") == sdk.__version__
    assert importlib.metadata.version("cerebras_cloud_sdk") == sdk.__version__
    assert importlib.metadata.metadata("cerebras-cloud-sdk")["Name"] in ("cerebras_cloud_sdk", "cerebras-cloud-sdk")


def test_the_entry_point_finds_the_instrumentor() -> None:
    found = importlib.metadata.entry_points()
    group = "opentelemetry_instrumentor"
    # Python 3.9 returns a dict of groups; later versions an `EntryPoints` with `select`.
    candidates = list(found.select(group=group)) if hasattr(found, "select") else list(found.get(group, []))
    points = [point for point in candidates if point.name == "cerebras"]
    assert len(points) == 1
    assert points[0].value == "cerebras.cloud.sdk.lib.otel:CerebrasInstrumentor"
    assert points[0].load() is CerebrasInstrumentor


def test_the_dependency_check_passes() -> None:
    instrumentor = CerebrasInstrumentor()
    assert instrumentor.instrumentation_dependencies() == ("cerebras_cloud_sdk >= 1.0",)
    assert instrumentor._check_dependency_conflicts() is None
    assert CerebrasInstrumentor() is instrumentor  # one per process, as every instrumentor


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "otel.py"


def test_the_example_prints_spans_and_metrics() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CEREBRAS_", "OTEL_"))}
    result = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count('"name": "chat llama3.1-8b"') == 2
    assert '"gen_ai.request.stream": true' in result.stdout
    assert '"gen_ai.response.time_to_first_chunk"' in result.stdout
    for metric in ("gen_ai.client.operation.duration", "gen_ai.client.token.usage"):
        assert f'"name": "{metric}"' in result.stdout


def test_the_example_without_the_sdk_says_what_to_install() -> None:
    script = textwrap.dedent(
        f"""
        import runpy, sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.startswith("opentelemetry.sdk"):
                    raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
                return None

        sys.meta_path.insert(0, Block())
        sys.argv = [{str(EXAMPLE)!r}]
        runpy.run_path({str(EXAMPLE)!r}, run_name="__main__")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert 'pip install "cerebras_cloud_sdk[otel]" opentelemetry-sdk' in result.stdout
