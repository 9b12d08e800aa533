"""The `cerebras` command: chat, complete, list models, run bulk files against the API or a local emulator.

`main(argv)` parses, runs one command and turns every failure into one line on stderr and an
exit status (see `cerebras --help`); it never shows a traceback for an API or network error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import Generator, List, Optional, TextIO

from .._config import DEFAULT_BASE_URL
from .._exceptions import CerebrasError
from ._bulk import run_bulk
from ._commands import UsageError, run_chat, run_complete, run_models
from ._output import describe_error
from ._parser import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, build_parser, parse_command_line
from ._serve import run_serve
from ._storage import run_batches, run_files

__all__ = ["main"]

_COMMANDS = {
    "batches": run_batches,
    "bulk": run_bulk,
    "chat": run_chat,
    "complete": run_complete,
    "files": run_files,
    "models": run_models,
    "serve": run_serve,
}


class _Notice(logging.Handler):
    """Shows the SDK's rate-limit waits on stderr, so a long wait is never silent."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.INFO)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        self.stream.write(record.getMessage() + "\n")
        self.stream.flush()


@contextlib.contextmanager
def _wait_notices(stream: TextIO) -> Generator[None, None, None]:
    logger = logging.getLogger("cerebras.cloud.sdk.rate_limits")
    handler, level = _Notice(stream), logger.level
    logger.addHandler(handler)
    if not logger.isEnabledFor(logging.INFO):
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def main(argv: Optional[List[str]] = None) -> int:
    """Run `cerebras` with `argv` (default: `sys.argv[1:]`); returns the exit status."""
    parser = build_parser()
    args = parse_command_line(parser, argv)
    base_url = (
        "the local emulator"
        if getattr(args, "local", False)
        else (getattr(args, "base_url", None) or os.environ.get("CEREBRAS_BASE_URL") or DEFAULT_BASE_URL)
    )
    try:
        with _wait_notices(sys.stderr):
            return _COMMANDS[args.command](args)
    except UsageError as error:
        parser.exit(EXIT_USAGE, f"{parser.prog} {args.command}: error: {error}\n")
    except ValueError as error:  # bad emulator settings (`serve --fault ...`)
        parser.exit(EXIT_USAGE, f"{parser.prog} {args.command}: error: {error}\n")
    except CerebrasError as error:
        message, status = describe_error(error, base_url, timeout=getattr(args, "timeout", None))
        sys.stderr.write(message + "\n")
        return status
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`cerebras chat ... | head`): stop quietly, like other tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:  # e.g. `serve` on a port in use
        sys.stderr.write(f"error: {error}\n")
        return EXIT_USAGE
