"""Where both senders are imported from: `SyncSender` and `AsyncSender`, the only code that sends requests.

`AsyncSender` (`_async_sender`) is written by hand; `SyncSender` (`_sync_sender`) is generated
from it by `scripts/unasync.py`; what they share is in `_sender`.
"""

from __future__ import annotations

from ._async_sender import AsyncSender
from ._sync_sender import SyncSender

__all__ = ["AsyncSender", "SyncSender"]
