"""The pytest plugin's `async_cerebras_client` in users' own test suites: pytest-asyncio strict and
auto mode, and anyio. Each case is a real pytest run in a subprocess, with warnings as errors."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

_ASYNC_TESTS = """
    import asyncio
    import pytest

    MESSAGES = [{"role": "user", "content": "Hi"}]

    {mark}
    async def test_create(async_cerebras_client):
        r = await async_cerebras_client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
        assert r.choices[0].message.content

    {mark}
    async def test_stream(async_cerebras_client):
        stream = await async_cerebras_client.chat.completions.create(
            model="llama3.1-8b", messages=MESSAGES, stream=True
        )
        texts = [chunk.choices[0].delta.content async for chunk in stream if chunk.choices]
        assert "".join(t or "" for t in texts)  # the pooled connection is closed with the client

    {mark}
    async def test_models_and_retries(async_cerebras_client, cerebras_server):
        page = await async_cerebras_client.models.list(
            extra_headers={"X-Emulator-Fault": "status=503;retry_after=30;fail_times=1"}
        )
        assert page.data
        assert [e.status for e in cerebras_server.history] == [503, 200]
"""


def _run(pytester: pytest.Pytester, mark: str, *options: str) -> pytest.RunResult:
    pytester.makeini(
        """
        [pytest]
        filterwarnings = error
        asyncio_default_fixture_loop_scope = function
        """
    )
    pytester.makeconftest('pytest_plugins = ["cerebras.cloud.sdk.testing.pytest_plugin"]\n')
    pytester.makepyfile(textwrap.dedent(_ASYNC_TESTS.replace("{mark}", mark)))
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error::ResourceWarning", *options)


def _assert_clean(result: pytest.RunResult, passed: int) -> None:
    output = "\n".join(result.outlines + result.errlines)
    result.assert_outcomes(passed=passed)
    assert "Event loop is closed" not in output
    assert "nclosed" not in output  # Unclosed client session, unclosed socket or transport
    assert "Exception ignored" not in output


def test_async_fixture_in_pytest_asyncio_strict_mode(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "@pytest.mark.asyncio", "-o", "asyncio_mode=strict")
    _assert_clean(result, passed=3)


def test_async_fixture_in_pytest_asyncio_auto_mode(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "", "-o", "asyncio_mode=auto")
    _assert_clean(result, passed=3)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_async_fixture_under_anyio(pytester: pytest.Pytester, backend: str) -> None:
    result = _run_with_backend(pytester, "@pytest.mark.anyio", backend)
    _assert_clean(result, passed=3)


def _run_with_backend(pytester: pytest.Pytester, mark: str, backend: str) -> pytest.RunResult:
    pytester.makeini(
        """
        [pytest]
        filterwarnings = error
        asyncio_default_fixture_loop_scope = function
        """
    )
    pytester.makeconftest(
        textwrap.dedent(
            f"""
            import pytest

            pytest_plugins = ["cerebras.cloud.sdk.testing.pytest_plugin"]

            @pytest.fixture
            def anyio_backend():
                return {backend!r}
            """
        )
    )
    pytester.makepyfile(textwrap.dedent(_ASYNC_TESTS.replace("{mark}", mark)))
    return pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-W", "error::ResourceWarning", "-o", "asyncio_mode=strict"
    )


def test_an_async_test_no_plugin_runs_gets_a_clear_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["cerebras.cloud.sdk.testing.pytest_plugin"]\n')
    pytester.makepyfile(
        """
        def test_sync(async_cerebras_client):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-o", "asyncio_mode=strict")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*async_cerebras_client needs an async test run by pytest-asyncio or anyio*"])
