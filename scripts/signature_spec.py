"""The parameters of the inference endpoints, each list written once; `scripts/generate_signatures.py` spells them out.

To add a parameter to `client.chat.completions.create` (or `client.completions.create`), add one
`Param(...)` to `CHAT` (or `COMPLETIONS`) below, in the position it should take in the signature, and
run `python scripts/generate_signatures.py`. The generator writes it into every place that names the
parameters: the `create` overloads and implementation (sync and async), `stream()` (sync and async),
the docstrings' `Args:`, `CreateOptions`/`RunToolsOptions` (the `**options` of `parse()` and
`run_tools()`), and the `CompletionCreateParams` TypedDicts. A parameter both endpoints take, with
the same type and doc, is written once in `_SHARED` and named in each list with `_shared(...)`.

Types are written as the `CompletionCreateParams` TypedDicts spell them. `{params}` stands for the
module of the nested request types (`completion_create_params.` outside that module, nothing inside
it). In a method signature an optional parameter's type becomes `<type> | Omit = omit`, unless
`signature` spells it differently.

This file is a development input, not part of the package: the package ships the explicit code it
generates, so importing the SDK costs nothing extra and the signatures stay plain source that IDEs,
type checkers and `inspect.signature` read directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

__all__ = ["CHAT", "COMPLETIONS", "ENDPOINTS", "REQUEST_OPTIONS", "Endpoint", "Param"]


@dataclass(frozen=True)
class Param:
    """One keyword parameter of an endpoint."""

    name: str
    type: str
    """The value type, as the `CompletionCreateParams` TypedDict spells it."""
    doc: str
    """One line for the docstring's `Args:` section."""
    required: bool = False
    signature: Optional[str] = None
    """The annotation in method signatures, when it is not `<type> | Omit`."""
    default: str = "omit"
    """The default in method signatures (the source text)."""
    header: Optional[str] = None
    """Sent as this HTTP header: the TypedDict annotates it as the alias."""
    in_params: bool = True
    """Named by the `CompletionCreateParams` TypedDict (the API's body and header parameters)."""

    @property
    def annotation(self) -> str:
        """The annotation in a method signature."""
        if self.signature is not None:
            return self.signature
        if self.required or self.default != "omit":
            return self.type
        return f"{self.type} | Omit"


@dataclass(frozen=True)
class Endpoint:
    """An endpoint's parameters, in signature order (request options come last, see `REQUEST_OPTIONS`)."""

    name: str
    params: Tuple[Param, ...]

    def param(self, name: str) -> Param:
        """The parameter called `name`."""
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(f"{self.name} has no parameter {name!r}")


_API_VERSION_PATCH = Param(
    "api_version_patch",
    "Union[int, str]",
    "Sent as `X-Cerebras-Version-Patch` (overrides the client's, for this call).",
    signature="int | str | Omit",
    in_params=False,
)
_HEADERS = (
    Param("cf_ray", "str", "Sent as the `CF-RAY` header.", header="CF-RAY"),
    Param("x_amz_cf_id", "str", "Sent as the `X-Amz-Cf-Id` header.", header="X-Amz-Cf-Id"),
    Param("x_delay_time", "float", "Sent as the `X-delay-time` header.", header="X-delay-time"),
)
_SHARED = {
    param.name: param
    for param in (
        Param("model", "str", 'The model id, e.g. `"llama3.1-8b"`.', required=True),
        Param(
            "frequency_penalty", "Optional[float]", "-2.0 to 2.0; penalises tokens by how often they appeared so far."
        ),
        Param("logit_bias", "Optional[Dict[str, float]]", "Token id (as a string) to a bias from -100 to 100."),
        Param("n", "Optional[int]", "How many choices to generate."),
        Param("presence_penalty", "Optional[float]", "-2.0 to 2.0; penalises tokens that already appeared."),
        Param("prompt_cache_key", "Optional[str]", "Groups requests that share a prompt prefix."),
        Param("seed", "Optional[int]", "Best-effort deterministic sampling."),
        Param(
            "stop",
            "Union[str, SequenceNotStr[str], None]",
            "Up to 4 strings that end generation (not included in the output).",
            signature="str | SequenceNotStr[str] | Omit | None",
        ),
        Param("stream", "Optional[bool]", "Stream the answer as server-sent events."),
        Param(
            "stream_options",
            "Optional[{params}StreamOptions]",
            '`{"include_usage": True}` for usage in the last chunk.',
        ),
        Param("temperature", "Optional[float]", "0 to 2; higher is more random."),
        Param("top_p", "Optional[float]", "Nucleus sampling."),
        Param("user", "Optional[str]", "An end-user id for abuse monitoring."),
    )
}
"""The parameters both endpoints take, the same in each (each endpoint places them in its own order)."""


def _shared(*names: str) -> Tuple[Param, ...]:
    return tuple(_SHARED[name] for name in names)


REQUEST_OPTIONS: Tuple[Param, ...] = (
    Param(
        "extra_headers", "Optional[Headers]", "Headers to add (or, with `omit`, remove) for this call.", default="None"
    ),
    Param("extra_query", "Optional[Query]", "Query parameters to add for this call.", default="None"),
    Param("extra_body", "Optional[Body]", "Keys merged over the JSON body for this call.", default="None"),
    Param(
        "timeout",
        "Union[float, httpx.Timeout, NotGiven, None]",
        "Overrides the client's timeout for this call (`None`: no timeout).",
        default="not_given",
    ),
)
"""Per-call request options, last in every signature; not part of the request body."""

CHAT = Endpoint(
    "chat",
    (
        Param(
            "messages",
            "Iterable[{params}Message]",
            "The conversation so far: a list of message dicts (`role` and `content`).",
            required=True,
        ),
        *_shared("model"),
        Param("clear_thinking", "Optional[bool]", "Strip reasoning from messages before the latest user message."),
        Param("disable_reasoning", "Optional[bool]", "Answer without reasoning (reasoning models)."),
        *_shared("frequency_penalty", "logit_bias"),
        Param("logprobs", "Optional[bool]", "Return the log-probabilities of the output tokens."),
        Param("max_completion_tokens", "Optional[int]", "Upper bound on generated tokens, reasoning included."),
        Param(
            "max_tokens",
            "Optional[int]",
            "Older name for a cap on generated tokens (prefer `max_completion_tokens`).",
        ),
        Param(
            "min_completion_tokens",
            "Optional[int]",
            "Minimum tokens to generate (`-1`: up to the maximum sequence length).",
        ),
        Param("min_tokens", "Optional[int]", "Same as `min_completion_tokens`."),
        Param(
            "model_parameters", "Optional[Dict[str, object]]", "Model-specific settings, as the model's schema allows."
        ),
        *_shared("n"),
        Param("parallel_tool_calls", "Optional[bool]", "Allow several tool calls in one turn."),
        Param("prediction", "Optional[{params}Prediction]", "Predicted output, to speed up generation of known text."),
        *_shared("presence_penalty", "prompt_cache_key"),
        Param(
            "reasoning_effort",
            'Optional[Literal["none", "low", "medium", "high"]]',
            'How hard a reasoning model thinks (`"none"`: not at all).',
        ),
        Param(
            "reasoning_format",
            'Literal["none", "parsed", "text_parsed", "raw", "hidden"]',
            "Where reasoning goes: `message.reasoning` (`parsed`), inline (`raw`), or nowhere (`hidden`).",
        ),
        Param(
            "response_format",
            "Optional[{params}ResponseFormat]",
            '`{"type": "json_object"}` or a `json_schema` for structured output.',
        ),
        *_shared("seed"),
        Param(
            "service_tier",
            'Optional[Literal["auto", "default", "flex", "priority"]]',
            "The service tier to run on.",
        ),
        *_shared("stop", "stream", "stream_options", "temperature"),
        Param(
            "tool_choice",
            "Optional[{params}ToolChoice]",
            '`"none"`, `"auto"`, `"required"` or a specific function.',
        ),
        Param("tools", "Optional[Iterable[{params}Tool]]", "Functions the model may call."),
        Param("top_logprobs", "Optional[int]", "0 to 20 alternatives per position (with `logprobs=True`)."),
        *_shared("top_p", "user"),
        *_HEADERS,
        _API_VERSION_PATCH,
    ),
)
"""`client.chat.completions.create` (and `stream`, `parse`, `run_tools`)."""

COMPLETIONS = Endpoint(
    "completions",
    (
        *_shared("model"),
        Param(
            "prompt",
            "Union[str, SequenceNotStr[str], Iterable[int], Iterable[Iterable[int]]]",
            "The text to continue: a string, a list of strings, or token ids (one list or several).",
            required=True,
        ),
        Param(
            "best_of",
            "Optional[int]",
            "Generate this many candidates and return the best (more than `n`; not streamed).",
        ),
        Param("echo", "Optional[bool]", "Return the prompt before the completion."),
        *_shared("frequency_penalty"),
        Param("grammar_root", "Optional[str]", "The grammar root for structured output."),
        *_shared("logit_bias"),
        Param("logprobs", "Optional[int]", "Return log-probabilities for this many most likely tokens per position."),
        Param("max_tokens", "Optional[int]", "Upper bound on generated tokens."),
        Param("min_tokens", "Optional[int]", "Minimum tokens to generate (`-1`: up to the maximum sequence length)."),
        *_shared("n", "presence_penalty", "prompt_cache_key"),
        Param(
            "reasoning_format",
            'Optional[Literal["none", "parsed", "text_parsed", "raw", "hidden"]]',
            "Where reasoning goes: parsed out (`parsed`), inline (`raw`), or nowhere (`hidden`).",
        ),
        Param("return_raw_tokens", "Optional[bool]", "Return raw tokens instead of text (`choices[].tokens`)."),
        *_shared("seed", "stop", "stream", "stream_options"),
        Param("suffix", "Optional[str]", "Text that comes after the completion (not supported by the API)."),
        *_shared("temperature", "top_p", "user"),
        *_HEADERS,
        _API_VERSION_PATCH,
    ),
)
"""`client.completions.create` (legacy text completions)."""

ENDPOINTS = {endpoint.name: endpoint for endpoint in (CHAT, COMPLETIONS)}
