"""The `cerebras` command: chat, complete and list models against the API or a local emulator.

`main(argv)` parses, runs one command and turns every failure into one line on stderr and an
exit status (see `cerebras --help`); it never shows a traceback for an API or network error.
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional

from .._config import DEFAULT_BASE_URL
from .._exceptions import CerebrasError
from ._commands import UsageError, run_chat, run_complete, run_models
from ._output import describe_error
from ._parser import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, build_parser
from ._serve import run_serve

__all__ = ["main"]

_COMMANDS = {"chat": run_chat, "complete": run_complete, "models": run_models, "serve": run_serve}


def main(argv: Optional[List[str]] = None) -> int:
    """Run `cerebras` with `argv` (default: `sys.argv[1:]`); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    base_url = (
        "the local emulator"
        if getattr(args, "local", False)
        else (getattr(args, "base_url", None) or os.environ.get("CEREBRAS_BASE_URL") or DEFAULT_BASE_URL)
    )
    try:
        return _COMMANDS[args.command](args)
    except UsageError as error:
        parser.exit(EXIT_USAGE, f"{parser.prog} {args.command}: error: {error}\n")
    except ValueError as error:  # bad emulator settings (`serve --fault ...`)
        parser.exit(EXIT_USAGE, f"{parser.prog} {args.command}: error: {error}\n")
    except CerebrasError as error:
        message, status = describe_error(error, base_url)
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
