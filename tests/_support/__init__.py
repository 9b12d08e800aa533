"""The one test scaffold: a sync/async driver, a fake transport and a raw socket server.

Every test that runs a body against both clients uses `Driver` (the `api` fixture in
`tests/conftest.py` hands one per parameter); every in-memory fake API is a `FakeApi` on
`httpx.MockTransport`, and a client on one comes from `sync_client` / `async_client` (which the
`make_client` fixtures use); every test that needs real bytes on a real socket uses the socket
server in `_support.sockets`. Also here: `SleepRecorder` (the retry waits testing mode reports),
`_support.serve` (`cerebras serve` in a child process) and `_support.scripts` (a script of
`scripts/` loaded as a module).
"""

from __future__ import annotations

from .clients import async_client, sync_client
from .driver import Driver, Method, close, drain, resolve
from .fake import (
    API_KEY,
    BASE_URL,
    CHAT_COMPLETION,
    CHUNK_SSE,
    COMPLETION,
    FakeApi,
    Handler,
    RecordingStream,
    Reply,
    body_of,
    chat_chunk,
    reply,
    split_json,
    sse_event,
)
from .waits import SleepRecorder

__all__ = [
    "API_KEY",
    "BASE_URL",
    "CHAT_COMPLETION",
    "CHUNK_SSE",
    "COMPLETION",
    "Driver",
    "FakeApi",
    "Handler",
    "Method",
    "RecordingStream",
    "Reply",
    "SleepRecorder",
    "async_client",
    "body_of",
    "chat_chunk",
    "close",
    "drain",
    "reply",
    "resolve",
    "split_json",
    "sse_event",
    "sync_client",
]
