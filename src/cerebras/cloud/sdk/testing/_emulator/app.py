"""The emulator's request handling: a `Request` in, a `Reply` out, no I/O.

`Emulator.handle` routes, authenticates, injects faults, applies rate limits, validates and
answers. It only describes the reply (status, headers, body or timed SSE events, and what to
do to the connection); `server.py` puts it on the wire.

Endpoints: `POST /v1/chat/completions`, `POST /v1/completions`, `GET /v1/models`,
`GET /v1/models/{id}` (all three with `?format=default|openrouter|huggingface` for models),
`GET /v1/tcp_warming`, and the files and batches endpoints (see `storage.py`; batches are
processed by the same chat engine). Every answer carries `x-request-id` (the client's `X-Request-Id` or
`X-Client-Request-Id` when it sent one) and the `x-ratelimit-*` headers.

Rate limits: chat and text completions and the models list and retrieve count towards the
request limits; only completions spend tokens (prompt plus completion) from the token limits.
The files and batches endpoints, `GET /v1/tcp_warming`, requests refused before that point
(unknown path or method, wrong key, an injected error status) and requests refused with a 429
count towards nothing.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Callable, Deque, Dict, List, Mapping, Optional, Tuple
from urllib.parse import unquote

from ..._narrow import is_dict
from .batches import BatchEngine, BatchSettings
from .catalog import FORMATS, find_model, list_body, public_list_body, public_retrieve_body, retrieve_body
from .config import EmulatorConfig
from .errors import ApiError, error_body, stream_error_event
from .faults import FAULT_HEADER, AttemptCounter, Fault, FaultSpecError, parse_fault
from .files import FileStore
from .generate import answer_chat, answer_text
from .ratelimit import RateLimiter
from .render import chat_body, chat_events, text_body, text_events
from .storage import Storage
from .validation import decode_encoded_body, validate_chat, validate_text
from .version2 import check_version2

__all__ = ["Emulator", "Exchange", "Reply", "Request", "body_digest"]

Header = Tuple[bytes, bytes]
_JSON = (b"content-type", b"application/json")
_SSE = (b"content-type", b"text/event-stream; charset=utf-8")
_HISTORY = 1000
_KEPT_BODY = 64 * 1024
"""History keeps the first 64 KiB of each request body, so a long-running server stays small."""
_ROUTES = {
    "/v1/chat/completions": "POST",
    "/v1/completions": "POST",
    "/v1/models": "GET",
    "/v1/tcp_warming": "GET",
}


def body_digest(body: Mapping[str, object]) -> str:
    """PURE. The key of `Emulator.answered`: SHA-256 of the body as canonical JSON (sorted keys)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Request:
    """One HTTP request, as the server read it. Header names are lower-case."""

    method: str
    target: str
    headers: Dict[str, str]
    body: bytes = b""


@dataclass
class Reply:
    """What to send back, and how.

    `events` (SSE, already encoded) replace `body` for a stream; `times[i]` is when event `i`
    is due, in seconds from the start of the answer (`None`: send at once). `latency_s`
    delays the status line. `stall_after` / `drop_after` cut the answer after that many events
    (0: before the status line) by going silent (for `stall_for_s`, or until the client gives
    up) or by dropping the connection.
    """

    status: int
    headers: List[Header]
    body: bytes = b""
    events: Optional[List[bytes]] = None
    times: Optional[List[float]] = None
    latency_s: float = 0.0
    stall_after: Optional[int] = None
    stall_for_s: Optional[float] = None
    drop_after: Optional[int] = None


@dataclass(frozen=True)
class Exchange:
    """A record of one request the emulator answered (see `Emulator.history`)."""

    method: str
    path: str
    status: int
    request_id: str
    fault: Optional[str] = None
    body: bytes = field(default=b"", repr=False)


class Emulator:
    """The Cerebras API, emulated. One instance per server; not thread-safe (one event loop)."""

    def __init__(self, config: Optional[EmulatorConfig] = None, *, clock: Callable[[], float] = time.time) -> None:
        self.config = config or EmulatorConfig()
        self.clock = clock
        self.limiter = RateLimiter(
            requests_per_minute=self.config.requests_per_minute,
            tokens_per_minute=self.config.tokens_per_minute,
            requests_per_day=self.config.requests_per_day,
            tokens_per_day=self.config.tokens_per_day,
        )
        self.history: Deque[Exchange] = deque(maxlen=_HISTORY)
        """The latest requests answered (method, path, status, request id, fault, body), oldest first."""
        self.answered: Counter[str] = Counter()
        """With `config.count_answers`: 200 answers per distinct chat/text completion body, by `body_digest`."""
        self._attempts = AttemptCounter()
        self._global_fault = self.config.global_fault()
        self._fault_rng = random.Random(self.config.seed)
        config = self.config
        settings = BatchSettings(
            stage_s=config.batch_stage_delay_s,
            request_s=config.batch_request_delay_s,
            window_s=config.batch_completion_window_s,
            result_ttl_s=config.batch_result_ttl_s,
            max_requests=config.max_batch_requests,
            min_requests=config.batch_min_requests,
            max_active=config.max_active_batches,
        )
        files = FileStore()
        self.storage = Storage(config, BatchEngine(files, settings, self._batch_answer, _supported), files)
        """Uploaded files and batch jobs."""

    def handle(self, request: Request) -> Reply:
        """Answer `request` (never raises for a bad request: errors become error replies)."""
        headers = request.headers
        client_id = headers.get("x-request-id") or headers.get("x-client-request-id")
        request_id = client_id or f"req_{uuid.uuid4().hex}"
        path, _, query = request.target.partition("?")
        fault: Optional[Fault] = None
        try:
            fault = self._fault(headers, client_id, path)
            reply = self._route(request, path, query, fault)
        except ApiError as error:
            reply = self._error_reply(error, fault)
        if self.config.count_answers and reply.status == 200 and path in ("/v1/chat/completions", "/v1/completions"):
            self._count(request.body)
        reply.headers.append((b"x-request-id", request_id.encode()))
        reply.headers.extend(self.limiter.headers(self.clock()))
        if fault is not None:
            reply.latency_s += fault.latency_s
        self.history.append(
            Exchange(
                request.method, path, reply.status, request_id, fault.spec if fault else None, request.body[:_KEPT_BODY]
            )
        )
        return reply

    def _count(self, raw: bytes) -> None:
        try:
            body: object = json.loads(raw)
        except ValueError:
            return
        if is_dict(body):
            self.answered[body_digest(body)] += 1

    # ------------------------------------------------------------------ policy

    def _fault(self, headers: Dict[str, str], client_id: Optional[str], path: str) -> Optional[Fault]:
        spec = headers.get(FAULT_HEADER)
        if spec is not None:
            try:
                fault = parse_fault(spec)
            except FaultSpecError as exc:
                raise ApiError(
                    400, f"Bad {FAULT_HEADER} header: {exc}", code="invalid_fault", param=FAULT_HEADER
                ) from None
        else:
            fault = self._global_fault
            rate = self.config.fault_rate
            if fault is None or (rate is not None and self._fault_rng.random() >= rate):
                return None
        if fault.fail_times is not None:
            key = client_id or f"{fault.spec}|{path}"
            if not self._attempts.hit(key, fault.fail_times):
                return None
        return fault

    def _auth(self, headers: Dict[str, str]) -> None:
        key = self.config.api_key
        if key is None:
            return
        given = headers.get("authorization", "")
        if not given:
            raise ApiError(401, "Missing API key: send 'Authorization: Bearer <key>'.", code="missing_api_key")
        if given != f"Bearer {key}":
            raise ApiError(401, "Wrong API Key", code="wrong_api_key")

    def _error_reply(self, error: ApiError, fault: Optional[Fault]) -> Reply:
        headers: List[Header] = [_JSON, *error.headers]
        if fault is not None and fault.status == error.status:
            if fault.retry_after is not None:
                headers.append((b"retry-after", fault.retry_after.encode()))
            if fault.should_retry is not None:
                headers.append((b"x-should-retry", fault.should_retry.encode()))
        return Reply(error.status, headers, error_body(error))

    # ------------------------------------------------------------------ routing

    def _route(self, request: Request, path: str, query: str, fault: Optional[Fault]) -> Reply:
        if path != "/" and path.endswith("/"):
            path = path[:-1]
        if path == "/public/v1/models" or path.startswith("/public/v1/models/"):
            return self._public_models(request, path, query)
        if path.startswith(("/v1/files", "/v1/batches")) and path.split("/")[2] in ("files", "batches"):
            return self._storage(request, path, query, fault)
        model_id = path[len("/v1/models/") :] if path.startswith("/v1/models/") else None
        expected = "GET" if model_id else _ROUTES.get(path)
        if expected is None:
            raise ApiError(404, f"No route for {request.method} {path}.", code="not_found")
        if request.method != expected:
            raise ApiError(
                405, f"Method {request.method} is not allowed on {path}; use {expected}.", code="method_not_allowed"
            )
        if path == "/v1/tcp_warming":
            return Reply(200, [(b"content-type", b"text/plain; charset=utf-8")], b"")
        self._auth(request.headers)
        if fault is not None and fault.status is not None:
            raise ApiError.injected(fault.status)
        now = self.clock()
        exhausted = self.limiter.admit(now)
        if exhausted is not None:
            raise self._rate_limited(exhausted, now)
        if model_id is not None or path == "/v1/models":
            return self._cut_body(self._models(model_id, query), fault)
        body = decode_encoded_body(request.body, request.headers, self.config.max_body_bytes)
        if path == "/v1/chat/completions":
            if request.headers.get("x-cerebras-version-patch", "").strip() == "2":
                check_version2(body)
            chat = validate_chat(body)
            answer = answer_chat(chat, now=now, tokens_per_second=self.config.tokens_per_second, salt=self.config.seed)
            stream = chat.stream
        else:
            text = validate_text(body)
            answer = answer_text(text, now=now, tokens_per_second=self.config.tokens_per_second, salt=self.config.seed)
            stream = text.stream
        self.limiter.charge_tokens(answer.prompt_tokens + answer.completion_tokens, now)
        chat_like = path == "/v1/chat/completions"
        if stream:
            events, times = (chat_events if chat_like else text_events)(answer)
            return self._cut_stream(
                Reply(200, [_SSE, (b"cache-control", b"no-cache")], events=events, times=times), fault
            )
        reply = Reply(200, [_JSON], (chat_body if chat_like else text_body)(answer))
        if self.config.tokens_per_second is not None:
            reply.latency_s = answer.time_to_first_token_s + answer.completion_tokens / answer.tokens_per_second
        return self._cut_body(reply, fault)

    def _public_models(self, request: Request, path: str, query: str) -> Reply:
        """The public catalogue: no key needed; FastAPI-style `detail` error bodies, as the API sends."""
        if request.method != "GET":
            raise ApiError(
                405, f"Method {request.method} is not allowed on {path}; use GET.", code="method_not_allowed"
            )
        fmt = "default"
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            if key == "format":
                fmt = unquote(value)
        if fmt not in FORMATS:
            detail = [
                {"loc": ["query", "format"], "msg": f"Input should be {', '.join(map(repr, FORMATS))}", "type": "enum"}
            ]
            return Reply(422, [_JSON], json.dumps({"detail": detail}).encode())
        if path == "/public/v1/models":
            return Reply(200, [_JSON], json.dumps(public_list_body(fmt)).encode())
        name = unquote(path[len("/public/v1/models/") :])
        model = find_model(name)
        if model is None:
            detail_text = f"Model {name!r} not found or not publicly available"
            return Reply(404, [_JSON], json.dumps({"detail": detail_text}).encode())
        return Reply(200, [_JSON], json.dumps(public_retrieve_body(model, fmt)).encode())

    def _storage(self, request: Request, path: str, query: str, fault: Optional[Fault]) -> Reply:
        self._auth(request.headers)
        if fault is not None and fault.status is not None:
            raise ApiError.injected(fault.status)
        status, content_type, body = self.storage.handle(
            request.method, path, query, request.headers, request.body, self.clock()
        )
        return self._cut_body(Reply(status, [(b"content-type", content_type)], body), fault)

    def _batch_answer(self, body: Mapping[str, object]) -> Tuple[bool, bytes]:
        """One request of a batch, through the ordinary chat engine (never streamed)."""
        request = {k: v for k, v in body.items() if k not in ("stream", "stream_options")}
        try:
            chat = validate_chat(request)
        except ApiError as error:
            return False, json.dumps({"code": "invalid_request", "message": error.message}).encode()
        return True, chat_body(answer_chat(chat, now=self.clock(), tokens_per_second=None, salt=self.config.seed))

    def _rate_limited(self, kind: str, now: float) -> ApiError:
        code = "request_quota_exceeded" if kind == "requests" else "token_quota_exceeded"
        noun = "Requests" if kind == "requests" else "Tokens"
        error = ApiError(429, f"{noun} per minute limit exceeded - too many {kind} sent.", code=code)
        if self.config.rate_limit_retry_after:
            error.headers.append((b"retry-after", f"{self.limiter.retry_after_s(kind, now):.3f}".encode()))
        return error

    def _models(self, model_id: Optional[str], query: str) -> Reply:
        fmt = "default"
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            if key == "format":
                fmt = unquote(value)
        if fmt not in FORMATS:
            raise ApiError(422, f"'format' must be one of {', '.join(FORMATS)}.", code="invalid_value", param="format")
        if model_id is None:
            return Reply(200, [_JSON], json.dumps(list_body(fmt)).encode())
        name = unquote(model_id)
        model = find_model(name)
        if model is None:
            raise ApiError(
                404,
                f"Model {name!r} does not exist or you do not have access to it.",
                code="model_not_found",
                param="model",
            )
        return Reply(200, [_JSON], json.dumps(retrieve_body(model, fmt)).encode())

    # ------------------------------------------------------------------ faults on answers

    def _cut_stream(self, reply: Reply, fault: Optional[Fault]) -> Reply:
        if self.config.tokens_per_second is None:
            reply.times = None
        if fault is None or reply.events is None:
            return reply
        events = reply.events
        times = reply.times
        if fault.malformed_after is not None:
            k = min(fault.malformed_after, len(events) - 1)
            broken = events[k][: max(len(events[k]) // 2, 12)].rstrip(b"\n") + b"\n\n"
            events.insert(k, broken)
            if times is not None:
                times.insert(k, times[k])
        if fault.error_after is not None:
            k = min(fault.error_after, len(events) - 1)
            del events[k:]
            events.append(stream_error_event(ApiError.injected(500)))
            if times is not None:
                del times[k + 1 :]
        reply.stall_after = fault.stall_after
        reply.stall_for_s = fault.stall_for_s
        reply.drop_after = fault.drop_after
        return reply

    def _cut_body(self, reply: Reply, fault: Optional[Fault]) -> Reply:
        if fault is None:
            return reply
        if fault.malformed_after is not None:
            reply.body = reply.body[: len(reply.body) // 2]
        if fault.error_after is not None:
            error = ApiError.injected(500)
            reply.body = json.dumps({"error": error.fields(), "status_code": error.status}).encode()
        if fault.stall_after is not None:
            reply.stall_after, reply.stall_for_s = 0, fault.stall_for_s
        if fault.drop_after is not None:
            reply.drop_after = 0
        return reply


def _supported(model_id: str) -> bool:
    return find_model(model_id) is not None
