"""`python -m cerebras.cloud.sdk`: the `cerebras` command line."""

from __future__ import annotations

import sys

from .._sdk_cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
