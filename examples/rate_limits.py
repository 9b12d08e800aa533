"""Rate limits: read them, and let the client wait for them, so no 429 reaches your code.

Every response carries `x-ratelimit-*` headers; `client.rate_limits` holds the latest figures
and `with_raw_response` gives those of one response. When a request is refused with 429 and
no `retry-after`, the client waits until the exhausted window resets (at most
`max_rate_limit_wait` seconds, 60 by default; beyond that it raises `RateLimitError` at once)
and retries.

Without `CEREBRAS_API_KEY`, this runs a batch of 6 requests against the local emulator limited
to 3 requests per minute: the 4th request is refused, the client waits for the minute window
to reset (about a minute), and the batch completes. With a key, the batch runs against the
API, whose limits are far higher, and only shows the figures.

    python examples/rate_limits.py
"""

from __future__ import annotations

import time

from cerebras.cloud.sdk import Cerebras, RateLimitError
from cerebras.cloud.sdk.testing import emulator_unless_api_key

BATCH = 6
REQUESTS_PER_MINUTE = 3


def main() -> None:
    with emulator_unless_api_key(requests_per_minute=REQUESTS_PER_MINUTE) as server, Cerebras() as client:
        started = time.monotonic()
        errors = 0
        for number in range(1, BATCH + 1):
            try:
                raw = client.chat.completions.with_raw_response.create(
                    model="llama3.1-8b",
                    messages=[{"role": "user", "content": f"Give me fact number {number} about primes."}],
                    max_completion_tokens=20,
                )
            except RateLimitError as e:  # only if a window resets later than `max_rate_limit_wait`
                errors += 1
                print(f"request {number}: rate limited ({e}); next reset in {e.rate_limits.soonest_reset()} s")
                continue
            limits = raw.rate_limits
            print(
                f"t={time.monotonic() - started:5.1f}s request {number}: {raw.status_code}"
                f" after {raw.retries_taken} retr{'y' if raw.retries_taken == 1 else 'ies'},"
                f" {limits.remaining_requests_minute} request(s) left this minute"
                f" (resets in {limits.reset_requests_minute} s), request id {raw.request_id}"
            )
        print(f"\n{BATCH - errors} of {BATCH} requests completed; {errors} RateLimitError reached this code")
        if server is not None:
            refused = sum(exchange.status == 429 for exchange in server.history)
            print(f"the emulator refused {refused} request(s) with 429; the client waited and retried them")
        latest = client.rate_limits
        if latest is not None:
            print("latest figures seen by the client:", latest.to_dict())


if __name__ == "__main__":
    main()
