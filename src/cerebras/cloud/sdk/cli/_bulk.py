"""`cerebras bulk`: run a JSONL file of requests, locally or on the Batch API, with progress."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING, Any, Dict

from ._parser import EXIT_API_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from ..lib.bulk import BulkStats

__all__ = ["run_bulk"]


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
