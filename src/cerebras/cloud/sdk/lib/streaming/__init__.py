"""Streaming helpers: events, text, and the final completion assembled from chunks."""

from __future__ import annotations

__all__: list[str] = []
