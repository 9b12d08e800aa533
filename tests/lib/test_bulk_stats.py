"""Bulk run figures: durations, ETA from the rate and the reported limits, summary and JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import List

from cerebras.cloud.sdk import RateLimits
from cerebras.cloud.sdk.lib.bulk import BulkStats
from cerebras.cloud.sdk.lib.bulk._pricing import estimate_cost, parse_prices
from cerebras.cloud.sdk.lib.bulk._stats import format_duration


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_format_duration() -> None:
    assert format_duration(None) == "?"
    assert format_duration(-3) == "0.0s"
    assert format_duration(12.34) == "12.3s"
    assert format_duration(75.2) == "1m15s"
    assert format_duration(7300) == "2h01m"


def test_eta_uses_the_slower_of_the_rate_and_the_limits() -> None:
    clock = Clock()
    stats = BulkStats("local", total=200, clock=clock)
    assert stats.eta_s() is None
    for _ in range(100):
        stats.record("succeeded", "m", {"prompt_tokens": 10, "completion_tokens": 50})
    clock.now += 2.0  # 50 lines a second so far: 2 s to go at that rate
    assert stats.eta_s() == 2.0
    stats.limits = RateLimits(limit_requests_minute=100)
    assert stats.eta_s() == 60.0  # but only 100 requests a minute are allowed
    stats.limits = RateLimits(limit_requests_minute=100, limit_tokens_minute=3000)
    assert stats.eta_s() == 120.0  # 100 lines x 60 tokens at 3000 tokens a minute


def test_summary_and_json() -> None:
    clock = Clock()
    stats = BulkStats("local", total=3, previous={"succeeded": 2}, clock=clock)
    stats.record("succeeded", "m", {"prompt_tokens": 10, "completion_tokens": 20})
    stats.record("failed")
    stats.rate_limited, stats.waited_s = 4, 61.0
    stats.limits = RateLimits(limit_requests_minute=60, limit_tokens_minute=600)
    clock.now += 60.0
    stats.finished = clock.now
    stats.cost_usd = Decimal("0.0123")
    text = stats.summary_text()
    for part in (
        "bulk (local): 1 failed, 1 succeeded in 1m00s",
        "already in the output from an earlier run: 2 succeeded",
        "tokens: 10 in, 20 out",
        "2 RPM (3% of the 60 limit), 30 TPM (5% of the 600 limit)",
        "4 429s absorbed, 1m01s waited",
        "$0.0123",
    ):
        assert part in text
    data = json.loads(stats.dumps())
    assert data["statuses"] == {"succeeded": 1, "failed": 1}
    assert data["effective"] == {"rpm": 2.0, "tpm": 30.0, "limit_rpm": 60.0, "limit_tpm": 600.0}
    assert data["cost_usd"] == "0.0123"
    assert stats.errors == 1


def test_prices_from_either_catalog_format() -> None:
    public = {"object": "list", "data": [{"id": "m", "pricing": {"prompt": "0.000001", "completion": "0.000002"}}]}
    router = {"data": [{"id": "cerebras/m2", "pricing": {"prompt": "0.5e-6", "completion": "1e-6"}}]}
    junk: List[object] = [None, {"data": "x"}, {"data": [1, {"id": 3}, {"id": "z", "pricing": {"prompt": "nan"}}]}]
    assert parse_prices(public) == {"m": (Decimal("0.000001"), Decimal("0.000002"))}
    assert parse_prices(router)["m2"] == (Decimal("0.5e-6"), Decimal("1e-6"))
    assert all(parse_prices(value) == {} for value in junk)
    prices = parse_prices(public)
    assert estimate_cost({"m": [1000, 500]}, prices) == Decimal("0.002")
    assert estimate_cost({"m": [1, 1], "other": [1, 1]}, prices) is None


def test_tok_s_counts_generated_tokens_like_the_rest_of_the_sdk() -> None:
    clock = Clock()
    stats = BulkStats("local", total=4, clock=clock)
    assert stats.tokens_per_s() == 0.0
    for _ in range(4):
        stats.record("succeeded", "m", {"prompt_tokens": 100, "completion_tokens": 25})
    clock.now += 2.0
    assert stats.tokens_per_s() == 50.0  # 100 generated tokens over 2 s; prompt tokens are not generated
    assert "50 tok/s" in stats.progress_line()
