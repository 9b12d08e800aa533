"""The emulator's files and batches endpoints: PURE routing over `FileStore` and `BatchEngine`.

`GET/POST /v1/files`, `GET/DELETE /v1/files/{id}`, `GET /v1/files/{id}/content`,
`GET/POST /v1/batches`, `GET/DELETE /v1/batches/{id}` and `GET /v1/batches/{id}/results`.
Each call first expires files and advances batches to `now`.
"""

from __future__ import annotations

import json
from typing import Callable, Dict, List, Mapping, Optional, Tuple, TypeVar
from urllib.parse import parse_qsl, unquote

from ..._narrow import is_dict
from .batches import TERMINAL, BatchEngine, BatchJob
from .config import EmulatorConfig
from .errors import ApiError
from .files import FileStore, StoredFile
from .multipart import boundary_of, parse_multipart

__all__ = ["Answered", "Storage"]

Answered = Tuple[int, bytes, bytes]
"""Status, content type and body."""

_JSON = b"application/json"
_NDJSON = b"application/x-ndjson"
_MIN_TTL_S, _MAX_TTL_S = 3600, 30 * 86400
_T = TypeVar("_T")


def _json(status: int, value: object) -> Answered:
    return status, _JSON, json.dumps(value).encode()


def _page(items: List[_T], query: str, ident: Callable[[_T], str]) -> Tuple[List[_T], bool]:
    params = dict(parse_qsl(query))
    try:
        limit = int(params.get("limit", "20"))
    except ValueError:
        raise ApiError(400, "'limit' must be an integer.", code="wrong_type", param="limit") from None
    if not 1 <= limit <= 100:
        raise ApiError(400, "'limit' must be between 1 and 100.", code="invalid_value", param="limit")
    after = params.get("after")
    start = 0
    if after is not None:
        ids = [ident(item) for item in items]
        if after not in ids:
            raise ApiError(400, f"'after' names no item: {after!r}.", code="invalid_value", param="after")
        start = ids.index(after) + 1
    return items[start : start + limit], start + limit < len(items)


def _expiry(fields: Mapping[str, bytes], default_ttl: float) -> float:
    anchor = fields.get("expires_after[anchor]")
    seconds = fields.get("expires_after[seconds]")
    if anchor is None and seconds is None:
        return default_ttl
    if anchor != b"created_at":
        raise ApiError(
            400, "'expires_after[anchor]' must be 'created_at'.", code="invalid_value", param="expires_after"
        )
    try:
        ttl = int(seconds or b"")
    except ValueError:
        raise ApiError(
            400, "'expires_after[seconds]' must be an integer.", code="wrong_type", param="expires_after"
        ) from None
    if not _MIN_TTL_S <= ttl <= _MAX_TTL_S:
        raise ApiError(
            400,
            f"'expires_after[seconds]' must be between {_MIN_TTL_S} and {_MAX_TTL_S}.",
            code="invalid_value",
            param="expires_after",
        )
    return float(ttl)


class Storage:
    """Files and batch jobs of one emulator."""

    def __init__(self, config: EmulatorConfig, engine: BatchEngine, files: FileStore) -> None:
        self.config = config
        self.files = files
        self.engine = engine

    def handle(
        self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes, now: float
    ) -> Answered:
        """Answer one request to a files or batches path."""
        self.files.expire(now)
        self.engine.advance(now)
        self.files.expire(now)
        parts = [unquote(p) for p in path.strip("/").split("/")]  # ["v1", "files", id?, "content"?]
        kind, rest = parts[1], parts[2:]
        if kind == "files":
            return self._files(method, rest, query, headers, body, now)
        return self._batches(method, rest, query, body, now)

    # ------------------------------------------------------------------ files

    def _files(
        self, method: str, rest: List[str], query: str, headers: Mapping[str, str], body: bytes, now: float
    ) -> Answered:
        if not rest:
            _allow(method, "GET", "POST")
            if method == "POST":
                return _json(200, self._upload(headers, body, now).body())
            items, more = _page(self.files.all(), query, _file_id)
            return _json(200, {"object": "list", "data": [f.body() for f in items], "has_more": more})
        file_id = rest[0]
        if len(rest) == 2 and rest[1] == "content":
            _allow(method, "GET")
            return 200, _NDJSON, self.files.require(file_id).data
        if len(rest) != 1:
            raise ApiError(404, "No such route.", code="not_found")
        _allow(method, "GET", "DELETE")
        if method == "DELETE":
            stored = self.files.delete(file_id)
            return _json(200, {"id": stored.id, "object": "file", "deleted": True})
        return _json(200, self.files.require(file_id).body())

    def _upload(self, headers: Mapping[str, str], body: bytes, now: float) -> StoredFile:
        fields = parse_multipart(body, boundary_of(headers.get("content-type", "")))
        file = fields.get("file")
        if file is None or file.filename is None:
            raise ApiError(400, "'file' is a required parameter.", code="missing_required_parameter", param="file")
        purpose = fields.get("purpose")
        if purpose is None:
            raise ApiError(
                400, "'purpose' is a required parameter.", code="missing_required_parameter", param="purpose"
            )
        if purpose.data != b"batch":
            raise ApiError(400, "'purpose' must be 'batch'.", code="invalid_value", param="purpose")
        if len(file.data) > self.config.max_file_bytes:
            raise ApiError(
                413,
                f"File too large: at most {self.config.max_file_bytes} bytes are accepted.",
                code="file_too_large",
                param="file",
            )
        ttl = _expiry({k: v.data for k, v in fields.items()}, self.config.file_ttl_s)
        return self.files.add(filename=file.filename, purpose="batch", data=file.data, now=now, ttl_s=ttl)

    # ------------------------------------------------------------------ batches

    def _batches(self, method: str, rest: List[str], query: str, body: bytes, now: float) -> Answered:
        if not rest:
            _allow(method, "GET", "POST")
            if method == "POST":
                return _json(200, self.engine.create(_object(body), now).body())
            items, more = _page(self.engine.all(), query, _job_id)
            return _json(200, {"object": "list", "data": [j.body() for j in items], "has_more": more})
        batch_id = rest[0]
        if len(rest) == 2 and rest[1] == "results":
            _allow(method, "GET")
            return self._results(self.engine.get(batch_id))
        if len(rest) != 1:
            raise ApiError(404, "No such route.", code="not_found")
        _allow(method, "GET", "DELETE")
        if method == "DELETE":
            return _json(200, self.engine.cancel(batch_id, now).body())
        return _json(200, self.engine.get(batch_id).body())

    def _results(self, job: BatchJob) -> Answered:
        stored: Optional[StoredFile] = self.files.get(job.output_file_id) if job.output_file_id else None
        if job.status not in TERMINAL or stored is None:
            raise ApiError(400, f"Batch {job.id} has no results (it is {job.status!r}).", code="results_not_ready")
        return 200, _NDJSON, stored.data


def _allow(method: str, *allowed: str) -> None:
    if method not in allowed:
        raise ApiError(
            405, f"Method {method} is not allowed here; use {' or '.join(allowed)}.", code="method_not_allowed"
        )


def _object(body: bytes) -> Dict[str, object]:
    try:
        value: object = json.loads(body or b"{}")
    except ValueError as exc:
        raise ApiError(400, f"Request body is not valid JSON: {exc}", code="invalid_json") from None
    if not is_dict(value):
        raise ApiError(400, "Request body must be a JSON object.", code="invalid_json")
    return value


def _file_id(file: StoredFile) -> str:
    return file.id


def _job_id(job: BatchJob) -> str:
    return job.id
