"""One small module per contender, each with the same functions (see `raw_httpx` for the contract).

A module is imported only inside the worker process of its own contender, in that contender's
virtualenv, so it imports its library lazily and nothing else beyond the standard library.
"""

from __future__ import annotations

__all__ = ["CONTENDERS"]

CONTENDERS = ("ours", "official", "openai", "raw")
"""The contenders, in the order each round runs them."""
