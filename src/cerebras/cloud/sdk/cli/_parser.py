"""The `cerebras` command line: its argparse parser, and the exit statuses it documents."""

from __future__ import annotations

import argparse
import math
import urllib.parse
from typing import List, Optional, cast

from .._version import __version__

__all__ = [
    "DEFAULT_MODEL",
    "EXIT_API_ERROR",
    "EXIT_AUTH",
    "EXIT_CONNECTION",
    "EXIT_INTERRUPTED",
    "EXIT_NO_API_KEY",
    "EXIT_OK",
    "EXIT_RATE_LIMITED",
    "EXIT_USAGE",
    "build_parser",
    "parse_command_line",
    "url_problem",
]

DEFAULT_MODEL = "llama3.1-8b"
LOCAL_TOKENS_PER_SECOND = 2000.0
"""How fast `--local` streams by default: about what the real service does for small models."""

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_NO_API_KEY = 3
EXIT_CONNECTION = 4
EXIT_AUTH = 5
EXIT_RATE_LIMITED = 6
EXIT_INTERRUPTED = 130

_EPILOG = f"""\
exit status: {EXIT_OK} ok, {EXIT_API_ERROR} API error, {EXIT_USAGE} usage error, {EXIT_NO_API_KEY} no API key,
{EXIT_CONNECTION} cannot reach the API (or timed out), {EXIT_AUTH} authentication failed (401/403),
{EXIT_RATE_LIMITED} rate limited (429), {EXIT_INTERRUPTED} interrupted.

environment: CEREBRAS_API_KEY, CEREBRAS_BASE_URL.
examples:
  cerebras chat --local "Why is fast inference important?"   # offline, no API key
  echo "Summarise: ..." | cerebras chat -m llama-3.3-70b
  cerebras chat                                                # interactive, on a terminal
  cerebras serve --port 8080 --rpm 30                          # the emulator, for your own tests
  cerebras bulk prompts.jsonl -o results.jsonl --resume        # a JSONL file of requests, resumable
"""


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _positive_float(text: str) -> float:
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _count(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text}")
    return value


def _port(text: str) -> int:
    value = _whole(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, got {text}")
    return value


def _share(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def url_problem(text: str) -> Optional[str]:
    """Why `text` cannot be an API base URL, or `None` if it can."""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"expected an http:// or https:// URL, got {text!r}"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return f"the port in {text!r} is not a valid port number"
    return None


def _url(text: str) -> str:
    problem = url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def _client_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection")
    group.add_argument(
        "--local", action="store_true", help="start the built-in emulator and use it (no key, no network)"
    )
    group.add_argument("--api-key", help="API key (default: $CEREBRAS_API_KEY)")
    group.add_argument(
        "--base-url", type=_url, help="API root (default: $CEREBRAS_BASE_URL or https://api.cerebras.ai)"
    )
    group.add_argument("--timeout", type=_positive_float, help="seconds before a request times out (default 60)")
    group.add_argument(
        "--max-retries", type=_count, default=2, help="retries on connection errors, 429 and 5xx (default 2)"
    )
    group.add_argument(
        "--tokens-per-second",
        type=_positive_float,
        default=LOCAL_TOKENS_PER_SECOND,
        help=f"with --local: the emulator's generation speed (default {LOCAL_TOKENS_PER_SECOND:g})",
    )
    return parent


def _generation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", "--model", default=DEFAULT_MODEL, help=f"model id (default {DEFAULT_MODEL})")
    parser.add_argument("--max-tokens", type=_positive_int, help="cap on generated tokens (at least 1)")
    parser.add_argument("--temperature", type=_number, help="sampling temperature, 0 to 2")
    parser.add_argument("--json", action="store_true", help="print the full response as JSON (not streamed)")
    parser.add_argument("--no-stream", action="store_true", help="wait for the whole answer instead of streaming it")


_BULK_DESCRIPTION = """\
Send every request of INPUT (JSONL batch request lines: custom_id, method, url, body) and write one
result line each to OUTPUT (custom_id, status, response or error), in completion order.

The input is checked first; any bad line (with its number) means exit 2 and nothing sent.
--engine local (default) sends from here, paced to the x-ratelimit-* limits and the --max-rpm /
--max-tpm caps; --engine batch splits the input into Batch API jobs and merges their results.
Rerun with --resume after a crash or Ctrl-C: lines that already have a result are not sent again.

exit status: 0 every line succeeded, 1 some lines failed (see OUTPUT), 2 bad input or usage,
5 authentication failed, 130 interrupted (resumable).
"""


def _add_bulk_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `bulk` sub-command to `commands` (the sub-parsers of `cerebras`).

    It gets its own copy of the connection options: argparse shares a parent's option objects
    between sub-commands, so changing `--max-retries` here must not change it for the others.
    """
    client = _client_options()
    for action in client._actions:
        if action.dest == "max_retries":
            action.default = 8
            action.help = "retries per line on 429, 408, 409, 5xx, timeouts and connection errors (default 8)"
    bulk = commands.add_parser(
        "bulk",
        parents=[client],
        help="run a JSONL file of requests (locally or on the Batch API), resumable",
        description=_BULK_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bulk.add_argument("input", metavar="INPUT.jsonl", help="batch request lines")
    bulk.add_argument("-o", "--output", required=True, metavar="OUTPUT.jsonl", help="where result lines go")
    bulk.add_argument("--engine", choices=("local", "batch"), default="local", help="where to run (default local)")
    bulk.add_argument("--concurrency", type=_positive_int, default=16, help="local: requests in flight (default 16)")
    bulk.add_argument("--max-rpm", type=_positive_int, help="local: at most this many requests per minute")
    bulk.add_argument("--max-tpm", type=_positive_int, help="local: at most this many tokens per minute (reserved)")
    bulk.add_argument("--resume", action="store_true", help="continue a run: skip lines OUTPUT already has")
    bulk.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines on stderr")
    bulk.add_argument("--json", action="store_true", help="print the summary as one JSON object on stdout")
    bulk.add_argument(
        "--poll-interval",
        type=_positive_float,
        help="batch: seconds between status checks at first (default 1; grows to 60 while nothing changes)",
    )


def build_parser(prog: Optional[str] = None) -> argparse.ArgumentParser:
    """The `cerebras` parser: `chat`, `complete`, `models` and `serve` sub-commands."""
    parser = argparse.ArgumentParser(
        prog=prog or "cerebras",
        description="Talk to the Cerebras inference API, or run a local emulator of it.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    client = _client_options()

    chat = commands.add_parser(
        "chat",
        parents=[client],
        help="chat with a model (streams the answer)",
        description="Send PROMPT (or stdin with '-' or a pipe) and stream the answer; with no PROMPT on a "
        "terminal, start an interactive chat. A summary line goes to stderr.",
    )
    _generation_options(chat)
    chat.add_argument("-s", "--system", help="system prompt")
    chat.add_argument("prompt", nargs="?", metavar="PROMPT", help="the message, or '-' to read it from stdin")

    complete = commands.add_parser(
        "complete",
        parents=[client],
        help="legacy text completion of a prompt",
        description="Continue PROMPT (or stdin with '-' or a pipe) with the legacy text completion endpoint, "
        "streaming the text. A summary line goes to stderr.",
    )
    _generation_options(complete)
    complete.add_argument("prompt", nargs="?", metavar="PROMPT", help="the text to continue, or '-' for stdin")

    models = commands.add_parser(
        "models",
        parents=[client],
        help="list the models, or show one",
        description="List the models your key can use, one per line (id, owner, date), or print one model as JSON.",
    )
    models.add_argument("model_id", nargs="?", metavar="ID", help="show this model only")
    models.add_argument("--format", choices=("default", "openrouter", "huggingface"), help="catalogue format")
    models.add_argument("--json", action="store_true", help="print the full response as JSON")
    models.add_argument(
        "--public", action="store_true", help="the public catalogue (no API key needed; shows deprecated models)"
    )

    from ._storage_parser import add_storage_parsers

    _add_bulk_parser(commands)
    add_storage_parsers(commands, client)

    serve = commands.add_parser(
        "serve",
        help="run the local API emulator",
        description="Serve the Cerebras API emulator until interrupted. Per-request faults: send the "
        "header 'X-Emulator-Fault: status=503;fail_times=2' (keys: status, retry_after, should_retry, "
        "latency, stall_after, stall_for, drop_after, malformed_after, error_after, fail_times).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8080, help="port (default 8080; 0 picks a free one)")
    serve.add_argument("--api-key", help="require this API key (default: accept any)")
    serve.add_argument(
        "--tokens-per-second", type=_positive_float, help="pace answers like a real model (default: no pacing)"
    )
    serve.add_argument("--rpm", type=_count, help="requests per minute before 429")
    serve.add_argument("--tpm", type=_count, help="tokens per minute before 429")
    serve.add_argument("--rpd", type=_count, help="requests per day before 429")
    serve.add_argument("--tpd", type=_count, help="tokens per day before 429")
    serve.add_argument("--retry-after", action="store_true", help="send retry-after with rate-limit 429s")
    serve.add_argument("--fault", help="fault spec applied to every request, e.g. 'status=503' or 'latency=0.5'")
    serve.add_argument("--fault-rate", type=_share, help="apply --fault (default status=503) to this share of requests")
    serve.add_argument("--seed", type=_whole, default=0, help="vary generated answers and fault draws")
    return parser


def _subcommand_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the innermost sub-command named in `args` (`parser` itself if none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands = cast("argparse._SubParsersAction[argparse.ArgumentParser]", action)
            chosen = commands.choices.get(getattr(args, action.dest, None) or "")
            if chosen is not None:
                return _subcommand_parser(chosen, args)
    return parser


def parse_command_line(parser: argparse.ArgumentParser, argv: Optional[List[str]]) -> argparse.Namespace:
    """`parser.parse_args(argv)`, except that an unknown argument is reported with the usage of the
    sub-command it was given to (`cerebras chat --bogus` shows `cerebras chat`'s usage)."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        _subcommand_parser(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    return args
