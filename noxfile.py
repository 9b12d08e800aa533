"""The project's single entry point for checks: `nox -l` lists the sessions.

| session        | does                                                              |
| -------------- | ----------------------------------------------------------------- |
| lint           | ruff check, ruff format --check, import contracts, no import cycles, generated code up to date |
| unasync        | regenerates the sync twins of the async-source modules (scripts/unasync.py) |
| generate       | rewrites the generated parameter lists from scripts/signature_spec.py |
| typecheck      | pyright (strict) on src/, the typing contract in tests/typing/ and scripts/; pyright on all of tests/ |
| tests          | the test suite with coverage, once per supported Python           |
| tests_lowest   | the test suite against the lowest declared dependency versions    |
| examples       | runs every script in examples/ against the local emulator         |
| build          | sdist + wheel, then imports the installed wheel                   |
| bench          | the benchmark suites (benchmarks/run.py, benchmarks/concurrency.py) |
| reliability    | fault matrix, hygiene, concurrency -> docs/reliability.md         |
| fuzz           | the hypothesis fuzz tests, long                                   |
"""

from __future__ import annotations

import glob

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.error_on_missing_interpreters = False

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]

# The lowest versions of the runtime dependencies we declare, and test tools that still work
# with them (pytest-asyncio 1.x and trio's newest releases need a newer anyio).
LOWEST = [
    "httpx[http2]==0.27.0",
    "pydantic==2.10.0",
    "typing-extensions==4.14.0",
    "anyio==3.5.0",
    "distro==1.7.0",
    "sniffio==1.1.0",
    "aiohttp==3.10.0",
    "httpx-aiohttp==0.1.9",
    "trio==0.22.2",
    "pytest-asyncio==0.25.3",
]
LOWEST_TEST_TOOLS = [
    "pytest>=8",
    "respx>=0.22",
    "hypothesis>=6.100",
    "coverage[toml]>=7",
    "opentelemetry-api==1.30.0",
    "opentelemetry-sdk==1.30.0",
    "opentelemetry-instrumentation==0.51b0",
    "wrapt>=1.14",
]


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    session.install("-e", ".[lint]")
    session.run("ruff", "check", "src", "tests", "examples", "benchmarks", "noxfile.py", "scripts")
    session.run("ruff", "format", "--check", "src", "tests", "examples", "benchmarks", "noxfile.py", "scripts")
    session.run("lint-imports")
    session.run("python", "scripts/import_cycles.py")
    session.run("python", "scripts/unasync.py", "--check")
    session.run("python", "scripts/generate_signatures.py", "--check")


@nox.session(python="3.11")
def unasync(session: nox.Session) -> None:
    # Regenerate the sync twins, then show whether the result is ruff-format clean.
    session.install("ruff")
    session.run("python", "scripts/unasync.py")
    session.run("ruff", "format", "--check", "src")


@nox.session(venv_backend="none")
def generate(session: nox.Session) -> None:
    # Needs only the standard library: edit scripts/signature_spec.py (or a template), then `nox -s generate`.
    session.run("python", "scripts/generate_signatures.py")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[lint,test]")
    session.run("pyright", "src")
    session.run("pyright", "tests/typing")
    session.run("pyright", "tests")
    session.run("pyright", "scripts")


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("coverage", "run", "-m", "pytest", *session.posargs)
    session.run("coverage", "report", "--skip-covered", "--sort=cover")


@nox.session(python="3.9")
def tests_lowest(session: nox.Session) -> None:
    session.install("-e", ".", *LOWEST_TEST_TOOLS, *LOWEST)
    quiet = "ignore:trio.MultiError is deprecated"
    session.run("python", "-m", "pytest", "-W", quiet, *session.posargs, env={"PYTHONWARNINGS": quiet})


@nox.session(python="3.11")
def examples(session: nox.Session) -> None:
    session.install("-e", ".[otel]", "opentelemetry-sdk")  # examples/otel.py prints spans
    # An empty key makes every example start the local emulator instead of calling the API.
    for script in sorted(glob.glob("examples/*.py")):
        session.run("python", script, env={"CEREBRAS_API_KEY": ""})


@nox.session(python="3.11")
def build(session: nox.Session) -> None:
    session.install("build")
    session.run("python", "-m", "build", "--outdir", "dist")
    wheels = sorted(glob.glob("dist/*.whl"))
    session.install("--force-reinstall", wheels[-1])
    session.chdir(session.create_tmp())
    session.run("python", "-c", "import cerebras.cloud.sdk as c; print(c.__version__, c.Cerebras)")


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    # `nox -s bench -- --quick`: both benchmarks in their short form.
    session.install("-e", ".", "trustme")
    session.run("python", "benchmarks/run.py", *session.posargs)
    quick = ["--quick"] if "--quick" in session.posargs else []
    session.run("python", "benchmarks/concurrency.py", *quick)


@nox.session(python="3.11")
def reliability(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("python", "scripts/reliability_report.py", "--check", *session.posargs)


@nox.session(python="3.11")
def fuzz(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run(
        "python", "-m", "pytest", "-m", "fuzz", "tests", *session.posargs, env={"CEREBRAS_FUZZ_EXAMPLES": "20000"}
    )
