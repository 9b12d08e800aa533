"""Helpers built on the public client: structured outputs, tools, streaming accumulation."""

from __future__ import annotations

__all__: list[str] = []
