"""Third-party tracers keep working: wrappers applied the way tracing libraries apply them
(`wrapt.wrap_function_wrapper`, or a plain `setattr` on the class) to

* `resources.chat.completions.CompletionsResource.create` and `AsyncCompletionsResource.create`,
* `resources.completions.CompletionsResource.create`,
* `Stream.__iter__` and `AsyncStream.__aiter__`.

Each test checks that a client built before the patch calls through the wrapper, that the
wrapper can read `.usage` and `.time_info` from what the call returns (or from the stream once
read), that the wrapper can hand back a generator of its own in place of the stream, and that
with `CerebrasInstrumentor` on as well there is exactly one GenAI span for the call:

* a wrapper that opens an OpenTelemetry span for the call (as the OpenTelemetry-based tracers
  do), describing a Cerebras chat or text completion, has that span current while the SDK
  sends: the SDK sees it and makes none of its own (nor records metrics for the call);
* a wrapper that records elsewhere (tracers with their own backends), or that only wraps
  iteration, opens no OpenTelemetry span: the SDK's span is the only one, ending once, when
  the stream is over.
"""

from __future__ import annotations

import contextlib
import importlib
import types
from typing import Any, AsyncIterator, Callable, Dict, Generator, Iterator, List, Optional, Tuple

import pytest
import wrapt
from _otel_helpers import FakeApi, Otel, make_client
from opentelemetry import context as otel_context
from opentelemetry import trace

from _support import close

MESSAGES = [{"role": "user", "content": "Hi"}]

CHAT_MODULE = "cerebras.cloud.sdk.resources.chat.completions"
TEXT_MODULE = "cerebras.cloud.sdk.resources.completions"
SDK_MODULE = "cerebras.cloud.sdk"


@contextlib.contextmanager
def patched(module_name: str, path: str, wrapper: Callable[..., Any], style: str) -> Generator[None, None, None]:
    """Apply `wrapper(wrapped, instance, args, kwargs)` to `module.Class.attr`, then restore it."""
    module = importlib.import_module(module_name)
    class_name, attribute = path.split(".")
    cls = getattr(module, class_name)
    original = cls.__dict__[attribute]
    if style == "wrapt":
        # pyright does not see the names wrapt's package re-exports from its compiled module.
        wrapt.wrap_function_wrapper(module_name, path, wrapper)  # pyright: ignore[reportAttributeAccessIssue]
        assert isinstance(cls.__dict__[attribute], wrapt.FunctionWrapper)  # pyright: ignore[reportAttributeAccessIssue]
    else:

        def replacement(self: Any, *args: Any, **kwargs: Any) -> Any:
            return wrapper(original.__get__(self, cls), self, args, kwargs)

        setattr(cls, attribute, replacement)
    try:
        yield
    finally:
        setattr(cls, attribute, original)


class ThirdParty:
    """A tracer of its own: records calls, usage and timings; optionally opens an OTel span."""

    def __init__(self, tracer: Optional[trace.Tracer]) -> None:
        self.tracer = tracer
        self.calls: List[str] = []
        self.usage: List[int] = []
        self.time_info: List[float] = []
        self.chunks = 0
        self.generators: List[Any] = []

    def _record(self, value: Any) -> None:
        self.usage.append(value.usage.prompt_tokens)
        self.time_info.append(value.time_info.total_time)

    @contextlib.contextmanager
    def _span(self, operation: str, provider_key: str) -> Generator[Optional[trace.Span], None, None]:
        if self.tracer is None:
            yield None
            return
        span = self.tracer.start_span(
            f"cerebras.{operation}", attributes={provider_key: "Cerebras", "gen_ai.operation.name": operation}
        )
        token = otel_context.attach(trace.set_span_in_context(span))
        try:
            yield span
        finally:
            otel_context.detach(token)

    # -- wrappers of `create`

    def create(self, wrapped: Any, instance: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
        self.calls.append(type(instance).__name__)
        operation = "chat" if "messages" in kwargs else "text_completion"
        with self._span(operation, "gen_ai.system") as span:
            result = wrapped(*args, **kwargs)
        return self._finish(result, span, self._replace if kwargs.get("stream") else None)

    def _finish(self, result: Any, span: Optional[trace.Span], replace: Optional[Callable[..., Any]]) -> Any:
        """A stream comes back wrapped by `replace` (which ends the span); any other result ends it now."""
        if replace is not None:
            generator = replace(result, span)
            self.generators.append(generator)
            return generator
        self._record(result)
        if span is not None:
            span.end()
        return result

    def _replace(self, stream: Any, span: Optional[trace.Span]) -> Iterator[Any]:
        try:
            for chunk in stream:
                self.chunks += 1
                yield chunk
            self._record(stream)
        finally:
            if span is not None:
                span.end()

    async def acreate(self, wrapped: Any, instance: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
        self.calls.append(type(instance).__name__)
        with self._span("chat", "gen_ai.provider.name") as span:
            result = await wrapped(*args, **kwargs)
        return self._finish(result, span, self._areplace if kwargs.get("stream") else None)

    async def _areplace(self, stream: Any, span: Optional[trace.Span]) -> AsyncIterator[Any]:
        try:
            async for chunk in stream:
                self.chunks += 1
                yield chunk
            self._record(stream)
        finally:
            if span is not None:
                span.end()

    # -- wrappers of stream iteration

    def iterate(self, wrapped: Any, instance: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
        self.calls.append("__iter__")

        def generator() -> Iterator[Any]:
            for chunk in wrapped(*args, **kwargs):
                self.chunks += 1
                yield chunk
            self._record(instance)

        made = generator()
        self.generators.append(made)
        return made

    def aiterate(self, wrapped: Any, instance: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
        self.calls.append("__aiter__")

        async def generator() -> AsyncIterator[Any]:
            async for chunk in wrapped(*args, **kwargs):
                self.chunks += 1
                yield chunk
            self._record(instance)

        made = generator()
        self.generators.append(made)
        return made


STYLES = ["wrapt", "setattr"]


def cerebras_spans(otel: Otel) -> List[Any]:
    found = []
    for span in otel.spans():
        attributes = dict(span.attributes or {})
        provider = attributes.get("gen_ai.provider.name") or attributes.get("gen_ai.system")
        if isinstance(provider, str) and provider.lower() == "cerebras":
            found.append(span)
    return found


def assert_one_span(otel: Otel, third_party: ThirdParty) -> None:
    (span,) = cerebras_spans(otel)
    if third_party.tracer is not None:
        assert span.name.startswith("cerebras.")  # theirs; the SDK made none
        assert span.instrumentation_scope.name == "third-party"
        assert otel.points("gen_ai.client.operation.duration") == []
    else:
        assert span.instrumentation_scope.name == "cerebras.cloud.sdk.lib.otel._instrumentor"
        assert len(otel.points("gen_ai.client.operation.duration")) == 1


def make_third_party(otel: Otel, opens_span: bool) -> ThirdParty:
    return ThirdParty(otel.tracer_provider.get_tracer("third-party") if opens_span else None)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("opens_span", [True, False], ids=["otel-based", "own-backend"])
@pytest.mark.parametrize(("module", "operation"), [(CHAT_MODULE, "chat"), (TEXT_MODULE, "text_completion")])
def test_sync_create_plain(otel: Otel, style: str, opens_span: bool, module: str, operation: str) -> None:
    client = make_client()  # built before the patch
    third_party = make_third_party(otel, opens_span)
    with patched(module, "CompletionsResource.create", third_party.create, style):
        if operation == "chat":
            result = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
        else:
            result = client.completions.create(model="llama3.1-8b", prompt="x")
    client.close()
    assert third_party.calls == ["CompletionsResource"]
    assert third_party.usage == [result.usage.prompt_tokens]
    assert third_party.time_info == [result.time_info.total_time]
    assert_one_span(otel, third_party)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("opens_span", [True, False], ids=["otel-based", "own-backend"])
@pytest.mark.parametrize(("module", "operation"), [(CHAT_MODULE, "chat"), (TEXT_MODULE, "text_completion")])
def test_sync_create_stream_replaced(otel: Otel, style: str, opens_span: bool, module: str, operation: str) -> None:
    client = make_client(FakeApi(chunks=5))
    third_party = make_third_party(otel, opens_span)
    with patched(module, "CompletionsResource.create", third_party.create, style):
        if operation == "chat":
            stream = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
        else:
            stream = client.completions.create(model="llama3.1-8b", prompt="x", stream=True)
        assert isinstance(stream, types.GeneratorType)
        assert stream is third_party.generators[0]
        assert cerebras_spans(otel) == []  # nothing ends before the stream is read
        chunks = list(stream)
    client.close()
    assert len(chunks) == third_party.chunks == 6
    assert third_party.usage == [11 if operation == "chat" else 3]
    assert third_party.time_info == [0.006 if operation == "chat" else 0.004]
    assert_one_span(otel, third_party)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("opens_span", [True, False], ids=["otel-based", "own-backend"])
async def test_async_chat_create(otel: Otel, style: str, opens_span: bool) -> None:
    client = make_client(FakeApi(chunks=4), is_async=True)
    third_party = make_third_party(otel, opens_span)
    with patched(CHAT_MODULE, "AsyncCompletionsResource.create", third_party.acreate, style):
        result = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    assert third_party.calls == ["AsyncCompletionsResource"]
    assert third_party.usage == [result.usage.prompt_tokens]
    assert third_party.time_info == [result.time_info.total_time]
    assert_one_span(otel, third_party)
    otel.exporter.clear()

    third_party = make_third_party(otel, opens_span)
    with patched(CHAT_MODULE, "AsyncCompletionsResource.create", third_party.acreate, style):
        stream = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
        assert isinstance(stream, types.AsyncGeneratorType)
        assert stream is third_party.generators[0]
        chunks = [chunk async for chunk in stream]
    await close(client)
    assert len(chunks) == third_party.chunks == 5
    assert third_party.usage == [11]
    assert third_party.time_info == [0.006]
    (span,) = cerebras_spans(otel)
    assert span.name == ("cerebras.chat" if opens_span else "chat llama3.1-8b")


@pytest.mark.parametrize("style", STYLES)
def test_stream_iter(otel: Otel, style: str) -> None:
    client = make_client(FakeApi(chunks=3))
    third_party = ThirdParty(None)
    with patched(SDK_MODULE, "Stream.__iter__", third_party.iterate, style):
        stream = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
        iterator = iter(stream)
        assert iterator is third_party.generators[0]  # the wrapper's own generator
        chunks = list(iterator)
        assert cerebras_spans(otel) != []
    client.close()
    assert third_party.calls == ["__iter__"]
    assert len(chunks) == third_party.chunks == 4
    assert third_party.usage == [11]
    assert third_party.time_info == [0.006]
    (span,) = cerebras_spans(otel)
    assert dict(span.attributes or {})["gen_ai.usage.output_tokens"] == 3
    assert_one_span(otel, third_party)


@pytest.mark.parametrize("style", STYLES)
def test_stream_iter_break_and_resume(otel: Otel, style: str) -> None:
    client = make_client(FakeApi(chunks=30))
    third_party = ThirdParty(None)
    with patched(SDK_MODULE, "Stream.__iter__", third_party.iterate, style):
        stream = client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
        for _ in stream:
            break
        assert cerebras_spans(otel) == []  # `break` leaves the stream resumable
        resumed = list(stream)  # a second loop goes on where the first stopped
        assert len(cerebras_spans(otel)) == 1
    client.close()
    assert third_party.calls == ["__iter__", "__iter__"]
    assert len(resumed) == 30  # 31 items: one before the break
    assert third_party.usage == [11]


@pytest.mark.parametrize("style", STYLES)
async def test_async_stream_aiter(otel: Otel, style: str) -> None:
    client = make_client(FakeApi(chunks=3), is_async=True)
    third_party = ThirdParty(None)
    with patched(SDK_MODULE, "AsyncStream.__aiter__", third_party.aiterate, style):
        stream = await client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True)
        iterator = stream.__aiter__()
        assert iterator is third_party.generators[0]
        chunks = [chunk async for chunk in iterator]
    await close(client)
    assert third_party.calls == ["__aiter__"]
    assert len(chunks) == third_party.chunks == 4
    assert third_party.usage == [11]
    assert third_party.time_info == [0.006]
    assert_one_span(otel, third_party)


@pytest.mark.parametrize("style", STYLES)
def test_create_and_iter_both_wrapped(otel: Otel, style: str) -> None:
    """As tracers that patch both the call and the iteration do: still one span, theirs."""
    client = make_client(FakeApi(chunks=3))
    caller = make_third_party(otel, True)
    iteration = ThirdParty(None)
    with contextlib.ExitStack() as patches:  # (no parenthesized `with`: Python 3.9)
        patches.enter_context(patched(CHAT_MODULE, "CompletionsResource.create", caller.create, style))
        patches.enter_context(patched(SDK_MODULE, "Stream.__iter__", iteration.iterate, style))
        chunks = list(client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES, stream=True))
    client.close()
    assert len(chunks) == caller.chunks == iteration.chunks == 4
    assert caller.usage == iteration.usage == [11]
    assert_one_span(otel, caller)


def test_an_agent_span_does_not_hide_the_call(otel: Otel) -> None:
    """A Cerebras span that is not a model call (an agent's, say) is a parent, not a duplicate."""
    tracer = otel.tracer_provider.get_tracer("app")
    client = make_client()
    with tracer.start_as_current_span(
        "invoke_agent helper", attributes={"gen_ai.provider.name": "cerebras", "gen_ai.operation.name": "invoke_agent"}
    ):
        client.chat.completions.create(model="llama3.1-8b", messages=MESSAGES)
    client.close()
    names = sorted(span.name for span in otel.spans())
    assert names == ["chat llama3.1-8b", "invoke_agent helper"]
