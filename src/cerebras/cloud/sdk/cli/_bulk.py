"""`cerebras bulk`: run a JSONL file of requests, locally or on the Batch API, with progress."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING, Any, Dict

from ._parser import EXIT_API_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, _positive_float, _positive_int

if TYPE_CHECKING:
    from ..lib.bulk import BulkStats

__all__ = ["add_bulk_parser", "run_bulk"]

_DESCRIPTION = """\
Send every request of INPUT (JSONL batch request lines: custom_id, method, url, body) and write one
result line each to OUTPUT (custom_id, status, response or error), in completion order.

The input is checked first; any bad line (with its number) means exit 2 and nothing sent.
--engine local (default) sends from here, paced to the x-ratelimit-* limits and the --max-rpm /
--max-tpm caps; --engine batch splits the input into Batch API jobs and merges their results.
Rerun with --resume after a crash or Ctrl-C: lines that already have a result are not sent again.

exit status: 0 every line succeeded, 1 some lines failed (see OUTPUT), 2 bad input or usage,
5 authentication failed, 130 interrupted (resumable).
"""


def add_bulk_parser(commands: Any, client: argparse.ArgumentParser) -> None:
    """Add the `bulk` sub-command to `commands` (the sub-parsers of `cerebras`)."""
    bulk = commands.add_parser(
        "bulk",
        parents=[client],
        help="run a JSONL file of requests (locally or on the Batch API), resumable",
        description=_DESCRIPTION,
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
    bulk.set_defaults(max_retries=8)


def _client_options(args: argparse.Namespace) -> Dict[str, Any]:
    options: Dict[str, Any] = {"max_retries": 0, "warm_tcp_connection": False}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    return options


def run_bulk(args: argparse.Namespace) -> int:
    """`cerebras bulk`."""
    from ..lib.bulk import BulkInputError, BulkOutputError

    try:
        stats = _run(args)
    except (BulkInputError, BulkOutputError) as error:
        sys.stderr.write(f"cerebras bulk: {error}\n")
        return EXIT_USAGE
    except FileNotFoundError as error:
        sys.stderr.write(f"cerebras bulk: {error.strerror}: {error.filename}\n")
        return EXIT_USAGE
    if args.json:
        sys.stdout.write(stats.dumps() + "\n")
    else:
        sys.stderr.write(stats.summary_text() + "\n")
    if stats.interrupted:
        sys.stderr.write(f"interrupted: rerun with --resume to finish ({_resume_hint(args)})\n")
        return EXIT_INTERRUPTED
    return EXIT_OK if stats.errors == 0 else EXIT_API_ERROR


def _resume_hint(args: argparse.Namespace) -> str:
    engine = "" if args.engine == "local" else f" --engine {args.engine}"
    return f"cerebras bulk {args.input} -o {args.output}{engine} --resume"


def _run(args: argparse.Namespace) -> BulkStats:
    import anyio

    from .._client import AsyncCerebras
    from ..lib.bulk import arun

    async def main() -> BulkStats:
        async with contextlib.AsyncExitStack() as stack:
            options = _client_options(args)
            if args.local:
                from ..testing import LocalServer

                server = stack.enter_context(LocalServer(tokens_per_second=args.tokens_per_second))
                options.update(base_url=server.base_url, api_key=args.api_key or server.api_key)
            else:
                options.update(base_url=args.base_url, api_key=args.api_key)
            client = await stack.enter_async_context(AsyncCerebras(**options))
            return await arun(
                args.input,
                args.output,
                client=client,
                engine=args.engine,
                concurrency=args.concurrency,
                max_rpm=args.max_rpm,
                max_tpm=args.max_tpm,
                resume=args.resume,
                progress=not args.no_progress,
                max_retries=args.max_retries,
                handle_sigint=True,
                poll_interval=args.poll_interval,
            )

    return anyio.run(main)
