"""The `create()` keyword arguments that `parse()` and `run_tools()` pass through, as TypedDicts."""

from __future__ import annotations

from ...types.chat._helper_params import DEFAULT_MAX_TURNS, CreateOptions, RunToolsOptions

__all__ = ["DEFAULT_MAX_TURNS", "CreateOptions", "RunToolsOptions"]
