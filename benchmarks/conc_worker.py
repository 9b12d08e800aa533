"""One concurrency measurement of one contender, in a fresh process; prints one JSON object.

    python benchmarks/conc_worker.py CONTENDER --base-url URL --concurrency C [--pace-ms 5] [--chunks 100]
    python benchmarks/conc_worker.py CONTENDER --base-url URL --threads T ...   # sync, T threads, one client

`C` lanes (tasks, or threads) run at once on one client, each reading 2 streams of `--chunks`
chunks one after the other, so 2·C streams in all and every lane reuses (or not) its pool's
connections. Standard library only, plus the contender's library (imported lazily, so each
contender runs in its own virtualenv). The contenders:

| name | client |
| --- | --- |
| `ours`, `official` | `AsyncCerebras(max_retries=0)` as a user builds it (no `http_client`) |
| `ours_aiohttp`, `official_aiohttp` | `http_client=DefaultAioHttpClient(limits=C connections)` |
| `ours_httpx`, `official_httpx` | `http_client=DefaultAsyncHttpxClient(limits=C connections)` |
| `openai` | `AsyncOpenAI(max_retries=0)` as a user builds it |
| `raw_httpx` | `httpx.AsyncClient(limits=C)`: `client.stream`, `aiter_lines`, `json.loads` per `data:` line |
| `raw_httpx_aiohttp` | the same loop on `httpx_aiohttp.HttpxAiohttpClient(limits=C)` |
| `raw_aiohttp` | `aiohttp.ClientSession(TCPConnector(limit=C))`, lines of `response.content`, `json.loads` |

"C connections" is `httpx.Limits(max_connections=C, max_keepalive_connections=C)`. With
`--threads`, the sync twins run (`Cerebras`, `OpenAI`, `httpx.Client`). `--tls CAFILE` trusts
that CA bundle (for the local TLS server); `--http1` turns HTTP/2 off in the clients that have it.

Before the clock starts, one untimed stream on a client of its own pays for imports and
first-use costs; the timed run then starts on a fresh client (so it opens its connections).
Figures: `wall_s`, `cpu_s` (this process's user + system time over the run), `chunks`,
`errors` (and the first error's text), time to first chunk of every stream (`ttfc_p50_s`,
`ttfc_p99_s`, from the call to its first chunk), `rss_peak_mib` (`ru_maxrss`) and
`connections` (what the server accepted during the timed run, from its `/_stats`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional

__all__ = ["main"]

API_KEY = "sk-bench-0123456789abcdef"
MODEL = "llama3.1-8b"
MESSAGES = [{"role": "user", "content": "Why is fast inference important?"}]
STREAMS_PER_LANE = 2


class Options:
    def __init__(self, args: argparse.Namespace) -> None:
        self.base_url: str = args.base_url
        self.lanes: int = args.threads or args.concurrency
        self.chunks: int = args.chunks
        self.cafile: Optional[str] = args.tls
        self.http2: bool = not args.http1


def _limits(o: Options) -> Any:
    import httpx

    return httpx.Limits(max_connections=o.lanes, max_keepalive_connections=o.lanes)


def _verify(o: Options) -> Any:
    if o.cafile is None:
        return True
    import ssl

    return ssl.create_default_context(cafile=o.cafile)


def _sdk_kwargs(o: Options) -> Dict[str, Any]:
    return {"api_key": API_KEY, "base_url": o.base_url, "max_retries": 0, "warm_tcp_connection": False}


# --------------------------------------------------------------------------- async contenders


def make_async(contender: str, o: Options) -> Any:
    if contender in ("ours", "official", "ours_aiohttp", "official_aiohttp", "ours_httpx", "official_httpx"):
        from cerebras.cloud.sdk import AsyncCerebras, DefaultAioHttpClient, DefaultAsyncHttpxClient

        kwargs = _sdk_kwargs(o)
        if contender.endswith("_aiohttp"):
            kwargs["http_client"] = DefaultAioHttpClient(limits=_limits(o), verify=_verify(o))
        elif contender.endswith("_httpx"):
            kwargs["http_client"] = DefaultAsyncHttpxClient(limits=_limits(o), verify=_verify(o), http2=o.http2)
        # The default client trusts the local CA through `SSL_CERT_FILE`, as a user's would.
        return AsyncCerebras(**kwargs)
    if contender == "openai":
        from openai import AsyncOpenAI

        client = AsyncOpenAI(api_key=API_KEY, base_url=o.base_url + "/v1", max_retries=0)
        return client
    if contender == "raw_httpx":
        import httpx

        return httpx.AsyncClient(limits=_limits(o), verify=_verify(o), http2=o.http2 and o.cafile is not None)
    if contender == "raw_httpx_aiohttp":
        from httpx_aiohttp import HttpxAiohttpClient

        return HttpxAiohttpClient(limits=_limits(o), verify=_verify(o))
    if contender == "raw_aiohttp":
        import aiohttp

        ssl_arg: Any = _verify(o) if o.cafile else None
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=o.lanes, ssl=ssl_arg))
    raise SystemExit(f"unknown contender {contender!r}")


async def astream(contender: str, client: Any, o: Options, on_chunk: Callable[[], None]) -> None:
    body = {"messages": MESSAGES, "model": MODEL, "stream": True, "max_tokens": o.chunks}
    if contender.startswith(("ours", "official", "openai")):
        stream = await client.chat.completions.create(messages=MESSAGES, model=MODEL, stream=True, max_tokens=o.chunks)
        async for _ in stream:
            on_chunk()
        return
    url = o.base_url + "/v1/chat/completions"
    headers = {"Authorization": f"Bearer {API_KEY}"}
    if contender == "raw_aiohttp":
        async with client.post(url, json=body, headers=headers) as response:
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            async for line in response.content:
                if line.startswith(b"data: ") and not line.startswith(b"data: [DONE]"):
                    json.loads(line[6:])
                    on_chunk()
        return
    async with client.stream("POST", url, json=body, headers=headers) as response:
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        async for line in response.aiter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                json.loads(line[6:])
                on_chunk()


async def aclose(contender: str, client: Any) -> None:
    if contender == "raw_aiohttp":
        await client.close()
    elif contender.startswith("raw"):
        await client.aclose()
    else:
        await client.close()


# --------------------------------------------------------------------------- sync contenders


def make_sync(contender: str, o: Options) -> Any:
    if contender in ("ours", "official"):
        from cerebras.cloud.sdk import Cerebras

        return Cerebras(**_sdk_kwargs(o))
    if contender == "openai":
        from openai import OpenAI

        return OpenAI(api_key=API_KEY, base_url=o.base_url + "/v1", max_retries=0)
    if contender == "raw_httpx":
        import httpx

        return httpx.Client(limits=_limits(o), verify=_verify(o))
    raise SystemExit(f"no sync form of {contender!r}")


def stream_sync(contender: str, client: Any, o: Options, on_chunk: Callable[[], None]) -> None:
    if contender != "raw_httpx":
        for _ in client.chat.completions.create(messages=MESSAGES, model=MODEL, stream=True, max_tokens=o.chunks):
            on_chunk()
        return
    body = {"messages": MESSAGES, "model": MODEL, "stream": True, "max_tokens": o.chunks}
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with client.stream("POST", o.base_url + "/v1/chat/completions", json=body, headers=headers) as response:
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        for line in response.iter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                json.loads(line[6:])
                on_chunk()


# --------------------------------------------------------------------------- measuring


class Tally:
    """Per-stream first-chunk times, chunk count and errors (updated from one loop or under a lock)."""

    def __init__(self) -> None:
        self.firsts: List[float] = []
        self.chunks = 0
        self.errors = 0
        self.first_error = ""
        self.lock = threading.Lock()

        self.cpu = 0.0
        self.wall = 0.0
        self.connections = 0

    def start(self, o: Options) -> None:
        self.connections = server_connections(o)
        self.cpu, self.wall = _cpu(), time.perf_counter()

    def stop(self, o: Options) -> None:
        self.cpu, self.wall = _cpu() - self.cpu, time.perf_counter() - self.wall
        self.connections = server_connections(o) - self.connections

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            self.errors += 1
            if not self.first_error:
                self.first_error = f"{type(exc).__name__}: {exc}"[:300]


def server_connections(o: Options) -> int:
    """The connections the benchmark server has accepted so far (its `/_stats`)."""
    import ssl
    import urllib.request

    root = o.base_url.split("/pace/", 1)[0]
    context = ssl.create_default_context(cafile=o.cafile) if o.cafile else None
    request = urllib.request.Request(root + "/_stats", headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=10, context=context) as response:
        return int(json.loads(response.read())["connections"])


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_async(contender: str, o: Options, tally: Tally) -> None:
    import asyncio

    async def one_stream(client: Any) -> None:
        t0 = time.perf_counter()
        seen = [0]

        def on_chunk() -> None:
            if seen[0] == 0:
                tally.firsts.append(time.perf_counter() - t0)
            seen[0] += 1

        try:
            await astream(contender, client, o, on_chunk)
            if seen[0] != o.chunks:
                raise RuntimeError(f"expected {o.chunks} chunks, got {seen[0]}")
        except Exception as exc:
            tally.failed(exc)
        tally.chunks += seen[0]

    async def lane(client: Any) -> None:
        for _ in range(STREAMS_PER_LANE):
            await one_stream(client)

    async def main() -> None:
        # Untimed: one stream on a client of its own, so imports, lazy loading and first-use
        # costs are paid before the clock starts; then a fresh client for the timed run.
        warm = make_async(contender, o)
        await astream(contender, warm, o, lambda: None)
        await aclose(contender, warm)
        client = make_async(contender, o)
        tally.start(o)
        await asyncio.gather(*(lane(client) for _ in range(o.lanes)))
        tally.stop(o)
        await aclose(contender, client)

    asyncio.run(main())


def run_threads(contender: str, o: Options, tally: Tally) -> None:
    warm = make_sync(contender, o)
    stream_sync(contender, warm, o, lambda: None)
    warm.close()
    client = make_sync(contender, o)

    def one_stream() -> None:
        t0 = time.perf_counter()
        seen = [0]

        def on_chunk() -> None:
            if seen[0] == 0:
                first = time.perf_counter() - t0
                with tally.lock:
                    tally.firsts.append(first)
            seen[0] += 1

        try:
            stream_sync(contender, client, o, on_chunk)
            if seen[0] != o.chunks:
                raise RuntimeError(f"expected {o.chunks} chunks, got {seen[0]}")
        except Exception as exc:
            tally.failed(exc)
        with tally.lock:
            tally.chunks += seen[0]

    def lane() -> None:
        for _ in range(STREAMS_PER_LANE):
            one_stream()

    threads = [threading.Thread(target=lane) for _ in range(o.lanes)]
    tally.start(o)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.stop(o)
    client.close()


def _percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contender")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--chunks", type=int, default=100)
    parser.add_argument("--tls", help="CA bundle to trust (the local TLS server)")
    parser.add_argument("--http1", action="store_true", help="HTTP/2 off where the client has it")
    args = parser.parse_args()
    if args.tls:
        os.environ["SSL_CERT_FILE"] = args.tls
    o = Options(args)
    tally = Tally()
    if args.threads:
        run_threads(args.contender, o, tally)
    else:
        run_async(args.contender, o, tally)
    wall, cpu = tally.wall, tally.cpu
    result = {
        "wall_s": wall,
        "cpu_s": cpu,
        "chunks": tally.chunks,
        "cpu_per_chunk_s": cpu / max(1, tally.chunks),
        "errors": tally.errors,
        "first_error": tally.first_error,
        "ttfc_p50_s": _percentile(tally.firsts, 0.5),
        "ttfc_p99_s": _percentile(tally.firsts, 0.99),
        "connections": tally.connections,
        "rss_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
