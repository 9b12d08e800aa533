"""`cerebras serve`: run the API emulator in the foreground until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import TextIO

from ..testing._emulator import Emulator, EmulatorConfig, EmulatorServer, Reply, Request
from ._parser import EXIT_OK

__all__ = ["client_url", "config_from_args", "run_serve"]


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    """The emulator settings named by the `serve` flags (raises `ValueError` for bad ones)."""
    return EmulatorConfig(
        api_key=args.api_key,
        tokens_per_second=args.tokens_per_second,
        requests_per_minute=args.rpm,
        tokens_per_minute=args.tpm,
        requests_per_day=args.rpd,
        tokens_per_day=args.tpd,
        rate_limit_retry_after=args.retry_after,
        fault=args.fault,
        fault_rate=args.fault_rate,
        seed=args.seed,
    )


_WILDCARDS = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1", "[::]": "::1"}


def client_url(host: str, port: int) -> str:
    """A URL a client on this machine can use for a server bound to `host` (`0.0.0.0` -> `127.0.0.1`)."""
    host = _WILDCARDS.get(host, host).strip("[]")
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class _LoggingEmulator(Emulator):
    """The emulator, writing one line per answered request to `log`."""

    def __init__(self, config: EmulatorConfig, log: TextIO) -> None:
        super().__init__(config)
        self._log = log

    def handle(self, request: Request) -> Reply:
        reply = super().handle(request)
        exchange = self.history[-1]
        fault = f" fault={exchange.fault}" if exchange.fault else ""
        stamp = time.strftime("%H:%M:%S")
        self._log.write(f"{stamp} {exchange.method} {exchange.path} {exchange.status} {exchange.request_id}{fault}\n")
        self._log.flush()
        return reply


async def _serve(config: EmulatorConfig, host: str, port: int) -> None:
    server = EmulatorServer(_LoggingEmulator(config, sys.stderr), host=host, port=port)
    await server.start()
    url = client_url(host, server.port)
    # stdout carries exactly one line, so scripts can read the URL; the rest is for people.
    sys.stdout.write(f"Cerebras API emulator listening on {url}\n")
    sys.stdout.flush()
    if _WILDCARDS.get(host) is not None:
        sys.stderr.write(f"Listening on every interface ({host or '0.0.0.0'}); from this machine use {url}\n")
    key = config.api_key or "any-key"
    sys.stderr.write(f"Use it with: CEREBRAS_BASE_URL={url} CEREBRAS_API_KEY={key}   (Ctrl-C to stop)\n")
    sys.stderr.flush()
    try:
        await asyncio.Event().wait()
    finally:
        await server.close()


def run_serve(args: argparse.Namespace) -> int:
    """`cerebras serve`."""
    config = config_from_args(args)
    try:
        asyncio.run(_serve(config, args.host, args.port))
    except KeyboardInterrupt:
        sys.stderr.write("stopped\n")
    return EXIT_OK
