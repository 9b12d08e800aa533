"""Cost estimates for a bulk run, priced from the public model catalog (`GET /public/v1/models`).

The catalog needs no API key and gives each public model's price per token as decimal
strings (`pricing.prompt`, `pricing.completion`). When it cannot be fetched, the account's
`GET /v1/models?format=openrouter` (same per-token fields) is tried; when neither answers, or
a model is in neither, the estimate is unknown rather than guessed. No batch discount is applied: the
current Batch API documentation states none.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Dict, Mapping, Optional, Sequence, Tuple

import httpx

from ... import AsyncCerebras, CerebrasError
from ..._lib_interface import is_dict, is_list

__all__ = ["estimate_cost", "fetch_prices", "parse_prices"]

Prices = Dict[str, Tuple[Decimal, Decimal]]


def _decimal(value: object) -> Optional[Decimal]:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def parse_prices(catalog: object) -> Prices:
    """PURE. `model id -> (USD per prompt token, USD per completion token)` from a catalog body."""
    prices: Prices = {}
    data = catalog.get("data") if is_dict(catalog) else None
    if not is_list(data):
        return prices
    for item in data:
        if not is_dict(item):
            continue
        model = item.get("id")
        pricing = item.get("pricing")
        if not isinstance(model, str) or not is_dict(pricing):
            continue
        prompt = _decimal(pricing.get("prompt"))
        completion = _decimal(pricing.get("completion"))
        if prompt is not None and completion is not None:
            prices[model] = (prompt, completion)
            if model.startswith("cerebras/"):  # the OpenRouter format's ids
                prices.setdefault(model[len("cerebras/") :], (prompt, completion))
    return prices


def estimate_cost(tokens_by_model: Mapping[str, Sequence[int]], prices: Prices) -> Optional[Decimal]:
    """PURE. The price of the tokens used, or `None` when a model that used tokens has no price."""
    total = Decimal(0)
    for model, pair in tokens_by_model.items():
        if model not in prices:
            return None
        prompt_price, completion_price = prices[model]
        total += prompt_price * pair[0] + completion_price * pair[1]
    return total


async def fetch_prices(client: AsyncCerebras, *, timeout: float = 5.0) -> Prices:
    """The catalog's prices (empty when no catalog can be fetched within `timeout` each)."""
    for path, query in (("/public/v1/models", {}), ("/v1/models", {"format": "openrouter"})):
        try:
            response: httpx.Response = await client.get(
                path, cast_to=httpx.Response, options={"max_retries": 0, "timeout": timeout, "params": query}
            )
            prices = parse_prices(response.json())
        except (CerebrasError, httpx.HTTPError, ValueError):
            continue
        if prices:
            return prices
    return {}
