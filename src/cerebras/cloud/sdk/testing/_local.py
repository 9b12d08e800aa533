"""`LocalServer`: the emulator on 127.0.0.1 in a background thread, for tests, examples and `--local`."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from typing import TYPE_CHECKING, Any, Dict, Generator, List, Optional

from ._emulator import Emulator, EmulatorConfig, EmulatorServer, Exchange

if TYPE_CHECKING:
    from .._client import AsyncCerebras, Cerebras

__all__ = ["DUMMY_API_KEY", "LocalServer", "emulator_unless_api_key"]

DUMMY_API_KEY = "sk-local-emulator"
"""The key clients send to an emulator that was started without `api_key` (it accepts any)."""


class LocalServer:
    """The Cerebras API emulator, served from a background thread on `127.0.0.1`.

    ```py
    from cerebras.cloud.sdk import Cerebras
    from cerebras.cloud.sdk.testing import LocalServer

    with LocalServer(tokens_per_second=500) as server:
        client = Cerebras(base_url=server.base_url, api_key=server.api_key)
        print(client.chat.completions.create(model="llama3.1-8b", messages=[...]))
    ```

    Settings are `EmulatorConfig` fields, given either as `config=` or as keyword arguments
    (`requests_per_minute=2`, `fault="status=503"`, `api_key="sk-..."`...). Starting takes a
    few milliseconds; `stop()` (or leaving the `with` block) cuts open connections.
    """

    def __init__(
        self, config: Optional[EmulatorConfig] = None, *, host: str = "127.0.0.1", port: int = 0, **settings: Any
    ) -> None:
        if config is not None and settings:
            raise TypeError("pass either `config` or settings as keyword arguments, not both")
        self.config = config or EmulatorConfig(**settings)
        self.emulator = Emulator(self.config)
        self._server = EmulatorServer(self.emulator, host=host, port=port)
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def host(self) -> str:
        """The interface the server listens on."""
        return self._server.host

    @property
    def port(self) -> int:
        """The port the server listens on (chosen at `start()` when 0 was asked)."""
        return self._server.port

    @property
    def base_url(self) -> str:
        """The URL to pass as `base_url` (`http://127.0.0.1:<port>`)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_key(self) -> str:
        """The key clients should send: the configured one, or a dummy that any key-less server accepts."""
        return self.config.api_key or DUMMY_API_KEY

    @property
    def history(self) -> List[Exchange]:
        """The requests answered so far (method, path, status, request id, fault), oldest first."""
        return list(self.emulator.history)

    def env(self) -> Dict[str, str]:
        """`CEREBRAS_BASE_URL` and `CEREBRAS_API_KEY` pointing at this server."""
        return {"CEREBRAS_BASE_URL": self.base_url, "CEREBRAS_API_KEY": self.api_key}

    def client(self, **kwargs: Any) -> Cerebras:
        """A `Cerebras` client for this server (keyword arguments go to the constructor)."""
        from .._client import Cerebras

        kwargs.setdefault("base_url", self.base_url)
        kwargs.setdefault("api_key", self.api_key)
        kwargs.setdefault("warm_tcp_connection", False)
        return Cerebras(**kwargs)

    def async_client(self, **kwargs: Any) -> AsyncCerebras:
        """An `AsyncCerebras` client for this server (keyword arguments go to the constructor)."""
        from .._client import AsyncCerebras

        kwargs.setdefault("base_url", self.base_url)
        kwargs.setdefault("api_key", self.api_key)
        kwargs.setdefault("warm_tcp_connection", False)
        return AsyncCerebras(**kwargs)

    def start(self) -> LocalServer:
        """Start serving; returns once the port is bound (raises `OSError` if it cannot be)."""
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        ready = threading.Event()
        failure: List[BaseException] = []
        loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._server.start())
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
                loop.run_until_complete(self._server.close())
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

        thread = threading.Thread(target=run, name=f"cerebras-emulator-{id(self):x}", daemon=True)
        thread.start()
        ready.wait()
        if failure:
            thread.join()
            raise failure[0]
        self._loop, self._thread = loop, thread
        return self

    def stop(self) -> None:
        """Stop serving and wait for the background thread to finish. Idempotent."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        self._loop = self._thread = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self._thread is not None else "stopped"
        return f"<LocalServer {self.base_url} {state}>"


@contextlib.contextmanager
def emulator_unless_api_key(**settings: Any) -> Generator[Optional[LocalServer], None, None]:
    """Run against the real API when `CEREBRAS_API_KEY` is set, else against a `LocalServer`.

    Without a key, starts the emulator and points `CEREBRAS_BASE_URL` / `CEREBRAS_API_KEY` at it
    for the duration of the block (restoring them afterwards), so clients built with no
    arguments use it. Yields the server, or `None` when the real API is used.

    ```py
    with emulator_unless_api_key():
        client = Cerebras()
    ```
    """
    if os.environ.get("CEREBRAS_API_KEY"):
        yield None
        return
    with LocalServer(**settings) as server:
        saved = {name: os.environ.get(name) for name in server.env()}
        os.environ.update(server.env())
        try:
            yield server
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
