"""The local Cerebras API emulator: pure request handling (`app`) served by a small asyncio + h11 server.

Module map: `app` routes and applies policy; `validation` checks bodies; `generate` decides
the answer; `render` encodes it; `text` and `schema` make deterministic prose and JSON;
`ratelimit`, `faults` and `errors` are the rate-limit, fault-injection and error-body rules;
`catalog` lists the models; `server` is the only module doing I/O.
"""

from __future__ import annotations

from .app import Emulator, Exchange, Reply, Request, body_digest
from .config import EmulatorConfig
from .faults import FAULT_HEADER, Fault, FaultSpecError, parse_fault
from .server import EmulatorServer

__all__ = [
    "FAULT_HEADER",
    "Emulator",
    "EmulatorConfig",
    "EmulatorServer",
    "Exchange",
    "Fault",
    "FaultSpecError",
    "Reply",
    "Request",
    "body_digest",
    "parse_fault",
]
