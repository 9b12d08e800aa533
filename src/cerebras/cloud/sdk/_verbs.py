"""The low-level request methods of both clients: `SyncClientBase` (generated into `_sync_verbs`
from `_async_verbs`) and `AsyncClientBase` (written in `_async_verbs`)."""

from __future__ import annotations

from ._async_verbs import AsyncClientBase
from ._sync_verbs import SyncClientBase

__all__ = ["AsyncClientBase", "SyncClientBase"]
