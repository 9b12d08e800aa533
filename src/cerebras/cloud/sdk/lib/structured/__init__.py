"""Structured outputs and typed tools."""

from __future__ import annotations

__all__: list[str] = []
