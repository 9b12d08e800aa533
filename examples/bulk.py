"""Bulk runs: a JSONL file of requests in, a JSONL file of results out, resumable.

Writes 40 requests in the Batch API's input format to a temporary folder, runs them with the
local engine (paced to the account's rate limits, results in completion order), resumes the
finished run (nothing is sent again), then reads the results back by `custom_id`. Without
`CEREBRAS_API_KEY` it runs against the local emulator; with a key, against the API. The same
from a shell: `cerebras bulk prompts.jsonl -o results.jsonl [--resume] [--engine batch]`.

    python examples/bulk.py
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from cerebras.cloud.sdk.lib import bulk
from cerebras.cloud.sdk.testing import emulator_unless_api_key

TOPICS = ["wafers", "tokens", "latency", "batching", "caching", "prefill", "decoding", "routing"]


def write_prompts(path: Path) -> None:
    with path.open("w") as stream:
        for i in range(40):
            line = {
                "custom_id": f"topic-{i}",
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": {
                    "model": "llama3.1-8b",
                    "messages": [{"role": "user", "content": f"One sentence about {TOPICS[i % len(TOPICS)]}."}],
                    "max_completion_tokens": 40,  # reserved per request: set it, for tight pacing
                },
            }
            stream.write(json.dumps(line) + "\n")


def main() -> None:
    with emulator_unless_api_key(), tempfile.TemporaryDirectory() as folder:
        prompts, results = Path(folder) / "prompts.jsonl", Path(folder) / "results.jsonl"
        write_prompts(prompts)

        stats = bulk.run(prompts, results, concurrency=8)  # progress=True shows a bar on stderr
        print(stats.summary_text())

        again = bulk.run(prompts, results, resume=True)  # after a crash this would finish the rest
        print(f"resumed: {again.done} sent, {sum(again.previous.values())} already there")

        by_id = {}
        with results.open() as stream:
            for text in stream:
                line = json.loads(text)
                by_id[line["custom_id"]] = line
        first = by_id["topic-0"]
        if first["status"] == "succeeded":
            print("topic-0:", first["response"]["choices"][0]["message"]["content"])
        else:
            print("topic-0 failed:", first["error"]["code"], first["error"]["message"])


if __name__ == "__main__":
    main()
