"""Warnings for configurations that expose the API key or the traffic: plain HTTP, no TLS checks.

Both are legitimate in a test setup, so neither is an error; both are easy to ship by mistake,
so neither is silent. Each is a WARNING on the `cerebras.cloud.sdk` logger, naming the host
(never the key), logged once: once per host for plain HTTP, once per `http_client` object for
disabled certificate verification (copies made with `with_options()` share theirs).

* A base URL with `http://` to a host that is not loopback (127.0.0.0/8, ::1, `localhost` and
  its subdomains) sends the key and every prompt unencrypted (unless the `http_client` only
  has `httpx.MockTransport`s, which send nothing anywhere).
* An `http_client` whose transport does not verify certificates (`verify=False`) accepts any
  server, so anyone on the path can read the key.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
import weakref
from typing import Iterator, Optional, Set, Union

import httpx

__all__ = ["check_transport_security", "is_loopback", "verification_disabled"]

log = logging.getLogger("cerebras.cloud.sdk")

_warned_hosts: Set[str] = set()
_warned_clients: weakref.WeakSet[object] = weakref.WeakSet()


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine: 127.0.0.0/8, ::1, `localhost` or `*.localhost`."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ssl_contexts(http_client: Union[httpx.Client, httpx.AsyncClient]) -> Iterator[ssl.SSLContext]:
    transports = [getattr(http_client, "_transport", None)]
    transports += list(getattr(http_client, "_mounts", {}).values())
    for transport in transports:
        pool = getattr(transport, "_pool", None)  # httpx's own transports (httpcore)
        # httpcore's pool, httpx-aiohttp's transport, the default async transport (both of its own).
        found = (getattr(pool, "_ssl_context", None), getattr(transport, "ssl_context", None))
        for context in (*found, *getattr(transport, "ssl_contexts", ())):
            if isinstance(context, ssl.SSLContext):
                yield context


def _only_mocked(http_client: Union[httpx.Client, httpx.AsyncClient]) -> bool:
    # An `httpx.MockTransport` answers in-process: nothing crosses a network to be read.
    transports = [getattr(http_client, "_transport", None), *getattr(http_client, "_mounts", {}).values()]
    return all(isinstance(transport, httpx.MockTransport) for transport in transports)


def verification_disabled(http_client: Union[httpx.Client, httpx.AsyncClient]) -> bool:
    """Whether any transport of `http_client` accepts servers without checking their certificate."""
    return any(context.verify_mode == ssl.CERT_NONE for context in _ssl_contexts(http_client))


def check_transport_security(
    base_url: httpx.URL, http_client: Optional[Union[httpx.Client, httpx.AsyncClient]]
) -> None:
    """Log the warnings described in the module docstring, each at most once."""
    host = base_url.host
    if (
        base_url.scheme == "http"
        and not is_loopback(host)
        and host not in _warned_hosts
        and not (http_client is not None and _only_mocked(http_client))
    ):
        _warned_hosts.add(host)
        log.warning(
            "The base URL uses plain http:// to %s: the API key and all request data are sent "
            "unencrypted. Use https:// unless this is a trusted test setup.",
            host,
        )
    if http_client is not None and http_client not in _warned_clients and verification_disabled(http_client):
        _warned_clients.add(http_client)
        log.warning(
            "TLS certificate verification is disabled on the http_client given to the client "
            "(verify=False): any server can pose as %s and read the API key.",
            host,
        )
