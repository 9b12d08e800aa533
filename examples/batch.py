"""Batch jobs: upload a JSONL file of chat requests, run them as a batch, read the results.

Runs against the real API when `CEREBRAS_API_KEY` is set (the Batch API is in private preview:
your organization needs access), else against the local emulator, which runs the batch in
well under a second:

    python examples/batch.py
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Dict, List

from cerebras.cloud.sdk import Cerebras
from cerebras.cloud.sdk.testing import emulator_unless_api_key

MODEL = "gpt-oss-120b"
REVIEWS = [
    "Arrived broken and support never answered.",
    "Works great, setup took two minutes.",
    "Does the job. Nothing special.",
    "Battery died after a week.",
    "Best purchase this year!",
    "The manual is confusing, but it works.",
    "Stopped charging on day three.",
    "Quiet, fast and well made.",
    "It is fine for the price.",
    "Would not buy again.",
]


def write_requests(path: str) -> None:
    """One line per request: a `custom_id` to match the result, and an ordinary chat request."""
    with open(path, "w", encoding="utf-8") as out:
        for number, review in enumerate(REVIEWS, start=1):
            line = {
                "custom_id": f"review-{number:02d}",
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": {
                    "model": MODEL,
                    "messages": [
                        {"role": "system", "content": "Answer with one word: positive, negative or neutral."},
                        {"role": "user", "content": review},
                    ],
                    "max_completion_tokens": 16,
                },
            }
            out.write(json.dumps(line) + "\n")


def main(poll_interval: float) -> None:
    with Cerebras() as client, tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "reviews.jsonl")
        write_requests(path)
        # Checked line by line before it is sent (bad JSON, duplicate ids, mixed models...).
        uploaded = client.files.create(file=path, purpose="batch")
        batch = client.batches.create(input_file_id=uploaded.id, metadata={"example": "sentiment"})
        print(f"batch {batch.id}: {batch.status}")

        batch = client.batches.wait(batch.id, poll_interval=poll_interval)
        counts = batch.request_counts
        print(f"batch {batch.id}: {batch.status}", f"({counts.completed} ok, {counts.failed} failed)" if counts else "")

        # Results come in no particular order: join them to the inputs on `custom_id`.
        labels: Dict[str, str] = {}
        failures: List[str] = []
        for result in client.batches.results(batch.id):
            if result.response is not None and result.response.choices:
                labels[result.custom_id] = (result.response.choices[0].message.content or "").strip()
            else:
                failures.append(f"{result.custom_id}: {result.error.message if result.error else result.status}")
        for number, review in enumerate(REVIEWS, start=1):
            label = labels.get(f"review-{number:02d}", "(no answer)")
            print(f"{label[:40]:<42} {review}")
        for failure in failures:
            print("failed:", failure)

        client.files.delete(uploaded.id)


if __name__ == "__main__":
    with emulator_unless_api_key(batch_stage_delay_s=0.05) as local:
        main(poll_interval=0.05 if local is not None else 30.0)
