"""The emulator's API errors: one exception type and the JSON error bodies it becomes.

Error bodies have the flat shape the Cerebras API uses (the SDK reads `code`, `type` and
`param` from them):

```json
{"message": "Model 'nope' does not exist or you do not have access to it.",
 "type": "not_found_error", "param": "model", "code": "model_not_found"}
```

Status codes, consistently:

| Status | When | `type` / `code` |
| --- | --- | --- |
| 400 | body is not JSON or not an object; a required field is missing | `invalid_request_error` / `invalid_json`, `missing_required_parameter` |
| 401 | the server has an API key and the request's is missing or wrong | `authentication_error` / `missing_api_key`, `wrong_api_key` |
| 404 | unknown model, unknown path | `not_found_error` / `model_not_found`, `not_found` |
| 405 | known path, wrong method | `invalid_request_error` / `method_not_allowed` |
| 413 | body larger than 8 MiB | `invalid_request_error` / `request_too_large` |
| 422 | a field is present but has the wrong type, shape or value (bad message, bad tool...) | `invalid_request_error` / `wrong_type`, `invalid_value`, `invalid_message` |
| 429 | a configured rate limit is exhausted | `too_many_requests_error` / `request_quota_exceeded`, `token_quota_exceeded` |
| 5xx | injected faults | `server_error` / `internal_error`, `service_unavailable`, ... |
"""

from __future__ import annotations

import json
from typing import Dict, List, Optional, Tuple

__all__ = ["ApiError", "error_body", "stream_error_event"]

_SERVER_CODES: Dict[int, str] = {
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
_TYPES: Dict[int, str] = {
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "too_many_requests_error",
}


class ApiError(Exception):
    """An error answer: HTTP `status` and the body fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: Optional[str] = None,
        param: Optional[str] = None,
        type: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.headers: List[Tuple[bytes, bytes]] = []
        """Extra response headers (e.g. `retry-after`)."""
        self.type = type or _TYPES.get(status) or ("server_error" if status >= 500 else "invalid_request_error")

    @classmethod
    def injected(cls, status: int) -> ApiError:
        """The error an injected fault answers with."""
        if status == 429:
            return cls(
                429, "Requests per minute limit exceeded - too many requests sent.", code="request_quota_exceeded"
            )
        code = _SERVER_CODES.get(status, "injected_fault")
        return cls(status, f"Injected fault: HTTP {status} from the emulator.", code=code)

    def fields(self) -> Dict[str, Optional[str]]:
        """The JSON body fields."""
        return {"message": self.message, "type": self.type, "param": self.param, "code": self.code}


def error_body(error: ApiError) -> bytes:
    """The JSON body of an error answer."""
    return json.dumps(error.fields(), separators=(",", ":")).encode()


def stream_error_event(error: ApiError) -> bytes:
    """An SSE event carrying `error` in the middle of a stream (`{"error": ..., "status_code": ...}`)."""
    payload = {"error": error.fields(), "status_code": error.status}
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"
