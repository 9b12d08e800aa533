"""The `chat`, `complete` and `models` commands: build a client (or a local emulator), call, print."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import re
import sys
import threading
import time
from typing import Any, BinaryIO, Dict, Generator, List, Optional, TextIO, Union

from .._client import Cerebras
from .._exceptions import APIStatusError
from .._models import get_parser
from .._types import Omit, omit
from ..resources._model_options import Format
from ..types.chat.chat_completion import ChatChunkResponse
from ..types.chat.completion_create_params import Message
from ..types.completion import CompletionResponse
from ._output import Timing, describe_error, summary_line
from ._parser import EXIT_OK, url_problem

__all__ = ["UsageError", "connect", "run_chat", "run_complete", "run_models"]


_COMMAND = re.compile(r"/[A-Za-z]+")
"""An interactive line that is a command (`/help`), not a message; `/etc/hosts?` is a message."""


class UsageError(Exception):
    """A command-line mistake the parser cannot catch (e.g. an empty prompt)."""


@contextlib.contextmanager
def connect(args: argparse.Namespace) -> Generator[Cerebras, None, None]:
    """A client for the command: on a fresh `LocalServer` with `--local`, else on the API."""
    with contextlib.ExitStack() as stack:
        options: Dict[str, Any] = {"max_retries": args.max_retries, "warm_tcp_connection": False}
        if args.timeout is not None:
            options["timeout"] = args.timeout
        if args.local:
            from ..testing import LocalServer

            server = stack.enter_context(LocalServer(tokens_per_second=args.tokens_per_second))
            options.update(base_url=server.base_url, api_key=args.api_key or server.api_key)
        else:
            _check_base_url_setting(args.base_url)
            api_key = args.api_key
            if getattr(args, "public", False) and api_key is None and not os.environ.get("CEREBRAS_API_KEY"):
                api_key = ""  # the public catalogue needs no key
            options.update(base_url=args.base_url, api_key=api_key)
        yield stack.enter_context(Cerebras(**options))


def _warm_parser(type_: type) -> None:
    """Build the response validator in the background while the request is in flight.

    The SDK builds it lazily, on the first chunk; without this, that one-off cost lands
    between the first chunk and the rest, and the summary's timings would measure it. Not a
    daemon thread: interpreter shutdown must not stop it inside the (native) schema builder,
    which aborts the process on Python 3.9 ("exception not rethrown"); it ends in milliseconds.
    """
    threading.Thread(target=get_parser(type_).fast_json, args=(b"{}",)).start()


def _check_base_url_setting(base_url: Optional[str]) -> None:
    """`CEREBRAS_BASE_URL` must be a URL too when `--base-url` does not override it."""
    env = os.environ.get("CEREBRAS_BASE_URL")
    if base_url is None and env:
        problem = url_problem(env)
        if problem is not None:
            raise UsageError(f"CEREBRAS_BASE_URL: {problem}")


def _read_stdin(stdin: TextIO) -> str:
    """All of stdin as text, decoded as UTF-8 whatever the locale says."""
    raw: Optional[BinaryIO] = getattr(stdin, "buffer", None)
    if raw is None:  # already text (e.g. a StringIO)
        return stdin.read()
    data = raw.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"the prompt on stdin is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def _read_prompt(prompt: Optional[str], stdin: TextIO) -> str:
    if prompt is None or prompt == "-":
        prompt = _read_stdin(stdin)
    if not prompt.strip():
        raise UsageError("the prompt is empty")
    return prompt.strip()


def _chat_once(client: Cerebras, args: argparse.Namespace, messages: List[Message], out: TextIO, err: TextIO) -> str:
    """One chat turn: print the answer (streamed unless `--no-stream`/`--json`); return its text."""
    create = client.chat.completions.create
    temperature = omit if args.temperature is None else args.temperature
    max_tokens = omit if args.max_tokens is None else args.max_tokens
    timing = Timing(time.perf_counter())
    if args.json or args.no_stream:
        completion = create(
            model=args.model, messages=messages, temperature=temperature, max_completion_tokens=max_tokens
        )
        timing.finished = time.perf_counter()
        if args.json:
            out.write(completion.to_json() + "\n")
            return ""
        text = completion.choices[0].message.content or "" if completion.choices else ""
        err_line = summary_line(timing, completion.usage, completion.time_info)
        out.write(text + "\n")
        err.write(err_line + "\n")
        return text
    parts: List[str] = []
    usage: object = None
    time_info: object = None
    _warm_parser(ChatChunkResponse)
    stream = create(
        model=args.model, messages=messages, temperature=temperature, max_completion_tokens=max_tokens, stream=True
    )
    try:
        for chunk in stream:
            for choice in chunk.choices:
                content = choice.delta.content
                if content:
                    if timing.first_token is None:
                        timing.first_token = time.perf_counter()
                    out.write(content)
                    out.flush()
                    parts.append(content)
            usage = chunk.usage or usage
            time_info = chunk.time_info or time_info
    finally:
        stream.close()
        if parts:
            out.write("\n")
            out.flush()
    timing.finished = time.perf_counter()
    err.write(summary_line(timing, usage, time_info) + "\n")
    return "".join(parts)


def run_chat(args: argparse.Namespace) -> int:
    """`cerebras chat`."""
    stdin, out, err = sys.stdin, sys.stdout, sys.stderr
    system: List[Message] = [{"role": "system", "content": args.system}] if args.system else []
    if args.prompt is None and stdin.isatty():
        return _interactive(args, system, out, err)
    prompt = _read_prompt(args.prompt, stdin)
    with connect(args) as client:
        _chat_once(client, args, [*system, {"role": "user", "content": prompt}], out, err)
    return EXIT_OK


_HELP = """\
Type a message and press Enter to send it; the conversation is kept between turns.
  /help    show this help
  /reset   forget the conversation so far (the system prompt stays)
  /exit    quit (also /quit, or Ctrl-D)
"""


def _interactive(args: argparse.Namespace, system: List[Message], out: TextIO, err: TextIO) -> int:
    messages = list(system)
    with connect(args) as client:
        where = "the local emulator" if args.local else str(client.base_url).rstrip("/")
        err.write(f"Chatting with {args.model} on {where}. /help for commands; Ctrl-D or /exit to quit.\n")
        while True:
            try:
                line = input("> ").strip()
            except EOFError:
                err.write("\n")
                return EXIT_OK
            if not line:
                continue
            command = line.lower() if _COMMAND.fullmatch(line) else None
            if command in ("/exit", "/quit"):
                return EXIT_OK
            if command == "/help":
                err.write(_HELP)
            elif command == "/reset":
                messages = list(system)
                err.write("(conversation cleared)\n")
            elif command is not None:
                err.write(f"unknown command {line}; /help lists the commands\n")
            else:
                _turn(client, args, messages, line, out, err)


def _turn(
    client: Cerebras, args: argparse.Namespace, messages: List[Message], line: str, out: TextIO, err: TextIO
) -> None:
    """One interactive turn; an API error is reported and the conversation goes on without it."""
    messages.append({"role": "user", "content": line})
    try:
        reply = _chat_once(client, args, messages, out, err)
    except APIStatusError as error:  # say it and carry on: the next turn may work
        messages.pop()
        err.write(describe_error(error, str(client.base_url))[0] + "\n")
        return
    messages.append({"role": "assistant", "content": reply})


def run_complete(args: argparse.Namespace) -> int:
    """`cerebras complete`."""
    out, err = sys.stdout, sys.stderr
    prompt = _read_prompt(args.prompt, sys.stdin)
    temperature = omit if args.temperature is None else args.temperature
    max_tokens = omit if args.max_tokens is None else args.max_tokens
    with connect(args) as client:
        create = client.completions.create
        timing = Timing(time.perf_counter())
        if args.json or args.no_stream:
            completion = create(model=args.model, prompt=prompt, temperature=temperature, max_tokens=max_tokens)
            timing.finished = time.perf_counter()
            if args.json:
                out.write(completion.to_json() + "\n")
            else:
                out.write((completion.choices[0].text or "" if completion.choices else "") + "\n")
                err.write(summary_line(timing, completion.usage, completion.time_info) + "\n")
            return EXIT_OK
        usage: object = None
        time_info: object = None
        wrote = False
        _warm_parser(CompletionResponse)
        stream = create(model=args.model, prompt=prompt, temperature=temperature, max_tokens=max_tokens, stream=True)
        with stream:
            for chunk in stream:
                for choice in chunk.choices:
                    if choice.text:
                        if timing.first_token is None:
                            timing.first_token = time.perf_counter()
                        out.write(choice.text)
                        out.flush()
                        wrote = True
                usage = chunk.usage or usage
                time_info = chunk.time_info or time_info
        if wrote:
            out.write("\n")
        timing.finished = time.perf_counter()
        err.write(summary_line(timing, usage, time_info) + "\n")
    return EXIT_OK


def _date(created: Optional[int]) -> str:
    if created is None:
        return ""
    return datetime.datetime.fromtimestamp(created, tz=datetime.timezone.utc).strftime("%Y-%m-%d")


def run_models(args: argparse.Namespace) -> int:
    """`cerebras models [ID]`."""
    out = sys.stdout
    fmt = args.format or omit
    if args.public:
        return _public_models(args, fmt, out)
    with connect(args) as client:
        if args.model_id:
            out.write(client.models.retrieve(args.model_id, format=fmt).to_json() + "\n")
            return EXIT_OK
        listing = client.models.list(format=fmt)
        if args.json:
            out.write(listing.to_json() + "\n")
            return EXIT_OK
        rows = [(m.id, getattr(m, "owned_by", None) or "", _date(m.created)) for m in listing.data]
        width = max((len(r[0]) for r in rows), default=2)
        for model_id, owner, created in rows:
            out.write(f"{model_id:<{width}}  {owner:<10}  {created}".rstrip() + "\n")
    return EXIT_OK


def _public_models(args: argparse.Namespace, fmt: Union[Format, Omit], out: TextIO) -> int:
    """`cerebras models --public [ID]`: the public catalogue, with or without a key."""
    with connect(args) as client:
        if args.model_id:
            out.write(client.models.retrieve_public(args.model_id, format=fmt).to_json() + "\n")
            return EXIT_OK
        listing = client.models.list_public(format=fmt)
        if args.json:
            out.write(listing.to_json() + "\n")
            return EXIT_OK
        rows = [
            (
                m.id,
                getattr(m, "owned_by", None) or "",
                _date(getattr(m, "created", None)),
                getattr(m, "deprecated", None),
            )
            for m in listing.data
        ]
        width = max((len(r[0]) for r in rows), default=2)
        for model_id, owner, created, deprecated in rows:
            note = "  deprecated" if deprecated else ""
            out.write(f"{model_id:<{width}}  {owner:<10}  {created}{note}".rstrip() + "\n")
    return EXIT_OK
