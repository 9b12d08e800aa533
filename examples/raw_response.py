"""Raw responses: headers (request id, rate limits) next to the parsed result, and unparsed streams.

Runs against the real API when `CEREBRAS_API_KEY` is set, else against the local emulator:

    python examples/raw_response.py
"""

from __future__ import annotations

from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MESSAGES = [{"role": "user", "content": "Say hello."}]


def main() -> None:
    with emulator_unless_api_key(), Cerebras() as client:
        raw = client.chat.completions.with_raw_response.create(model="llama3.1-8b", messages=MESSAGES)
        print(raw.status_code, raw.http_version, "request id:", raw.request_id)
        print("requests left this minute:", raw.rate_limits.remaining_requests_minute)
        print("tokens left this minute:", raw.headers.get("x-ratelimit-remaining-tokens-minute"))
        completion = raw.parse()  # what `create` would have returned
        print("answer:", completion.choices[0].message.content)

        # The body is only read as you iterate: here, the server-sent events line by line.
        with client.chat.completions.with_streaming_response.create(
            model="llama3.1-8b", messages=MESSAGES, stream=True, max_completion_tokens=5
        ) as response:
            print("content type:", response.headers["content-type"])
            for line in response.iter_lines():
                if line:
                    print("  ", line[:100])


if __name__ == "__main__":
    main()
