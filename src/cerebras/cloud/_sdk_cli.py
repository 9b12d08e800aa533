"""The `cerebras` command's entry point, kept outside the SDK package so that it runs first.

Loading the SDK takes a moment; a Ctrl-C in that moment (or anywhere else) ends the command
with status 130 and no traceback. `python -m cerebras.cloud._sdk_cli` is the same command.
"""

from __future__ import annotations

import sys

__all__ = ["main"]

_INTERRUPTED = 130


def main() -> int:
    """Load the SDK's command line and run it on `sys.argv[1:]`; returns the exit status."""
    try:
        from cerebras.cloud.sdk.cli import main as run

        return run()
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return _INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
