"""The package version: the API level of the official SDK this release mirrors."""

from __future__ import annotations

__all__ = ["__title__", "__version__"]

__title__ = "cerebras.cloud.sdk"
__version__ = "1.91.0"
