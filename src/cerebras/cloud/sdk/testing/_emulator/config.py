"""`EmulatorConfig`: every setting of the emulator, checked once when it is built."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .faults import Fault, parse_fault

__all__ = ["EmulatorConfig"]


@dataclass(frozen=True)
class EmulatorConfig:
    """How the emulator behaves. Every field has a default fit for fast tests.

    Args:
        api_key: when set, requests must send `Authorization: Bearer <api_key>` (else 401).
        tokens_per_second: pace streams (and delay non-streaming answers) like a model that
            generates this many tokens per second; `None` sends everything at once.
        requests_per_minute, tokens_per_minute, requests_per_day, tokens_per_day: rate limits
            enforced with 429 answers; `None` means not enforced. Completions and the models
            endpoints count as requests (files and batches do not); only completions spend tokens.
        rate_limit_retry_after: add `retry-after` to rate-limit 429s (off by default, so
            clients must use the `x-ratelimit-reset-*` headers).
        fault: a fault spec (see `faults.py`) applied to every request, or to a
            `fault_rate` share of them.
        fault_rate: the share of requests (0 to 1) that get `fault` (`status=503` if no
            `fault` is given). Drawn from a generator seeded with `seed`.
        seed: varies every generated answer and the fault draws, reproducibly.
        max_body_bytes: larger request bodies are refused with 413 (file uploads: see `max_file_bytes`).
        max_file_bytes: larger file uploads are refused with 413 (the API's 200 MB).
        file_ttl_s: how long an uploaded file is kept when `expires_after` is not given (7 days).
        batch_stage_delay_s: real seconds a batch spends in each of `validating`, `queued`,
            `finalizing` and `cancelling`.
        batch_request_delay_s: real seconds per request while `in_progress` (0: all at once); set
            it above 0 to observe a batch mid-way, cancel it, or let it expire.
        batch_completion_window_s: seconds from creation until a batch expires (the API's 24 h).
        batch_result_ttl_s: how long output and error files are kept (7 days).
        max_batch_requests, batch_min_requests: bounds on the requests in one batch input.
        max_active_batches: batches that may be unfinished at once; one more is refused with 429.
        count_answers: count the 200 answers each distinct request body gets, in
            `Emulator.answered` (keyed by `body_digest`), e.g. to prove a resumed bulk run
            sent no request twice. Off by default: the counter grows with every new body.
    """

    api_key: Optional[str] = None
    tokens_per_second: Optional[float] = None
    requests_per_minute: Optional[int] = None
    tokens_per_minute: Optional[int] = None
    requests_per_day: Optional[int] = None
    tokens_per_day: Optional[int] = None
    rate_limit_retry_after: bool = False
    fault: Optional[str] = None
    fault_rate: Optional[float] = None
    seed: int = 0
    max_body_bytes: int = 8 * 1024 * 1024
    max_file_bytes: int = 200 * 1024 * 1024
    file_ttl_s: float = 7 * 86400.0
    batch_stage_delay_s: float = 0.02
    batch_request_delay_s: float = 0.0
    batch_completion_window_s: float = 86400.0
    batch_result_ttl_s: float = 7 * 86400.0
    max_batch_requests: int = 50_000
    batch_min_requests: int = 1
    max_active_batches: int = 10
    count_answers: bool = False

    def __post_init__(self) -> None:
        if self.tokens_per_second is not None and not self.tokens_per_second > 0:
            raise ValueError(f"tokens_per_second must be > 0, got {self.tokens_per_second}")
        if self.fault_rate is not None and not 0 <= self.fault_rate <= 1:
            raise ValueError(f"fault_rate must be between 0 and 1, got {self.fault_rate}")
        for name in ("requests_per_minute", "tokens_per_minute", "requests_per_day", "tokens_per_day"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be >= 0, got {value}")
        for name in ("batch_stage_delay_s", "batch_request_delay_s"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        for name in ("batch_completion_window_s", "file_ttl_s", "batch_result_ttl_s"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)}")
        self.global_fault()  # raises FaultSpecError early for a bad spec

    def global_fault(self) -> Optional[Fault]:
        """The fault applied to every request (or to `fault_rate` of them), parsed."""
        if self.fault is not None:
            return parse_fault(self.fault)
        if self.fault_rate:
            return parse_fault("status=503")
        return None
