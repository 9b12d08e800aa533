"""`cerebras serve`: run the API emulator in the foreground until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import sys

from ..testing._emulator import Emulator, EmulatorConfig, EmulatorServer
from ._parser import EXIT_OK

__all__ = ["config_from_args", "run_serve"]


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


async def _serve(config: EmulatorConfig, host: str, port: int) -> None:
    server = EmulatorServer(Emulator(config), host=host, port=port)
    await server.start()
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.port}"
    # stdout carries exactly one line, so scripts can read the URL; the rest is for people.
    sys.stdout.write(f"Cerebras API emulator listening on {url}\n")
    sys.stdout.flush()
    key = config.api_key or "any-key"
    sys.stderr.write(f"Use it with: CEREBRAS_BASE_URL={url} CEREBRAS_API_KEY={key}   (Ctrl-C to stop)\n")
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
