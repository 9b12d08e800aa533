"""Bulk runs: one JSONL file of requests in, one JSONL file of results out, resumable.

```py
from cerebras.cloud.sdk.lib import bulk

stats = bulk.run("prompts.jsonl", "results.jsonl", concurrency=32, progress=True)
print(stats.summary_text())

stats = await bulk.arun("prompts.jsonl", "results.jsonl", resume=True)   # async twin
stats = bulk.run("prompts.jsonl", "results.jsonl", engine="batch")      # on the Batch API
```

Input lines are the Batch API's request lines and output lines its result lines, so both
engines read and write the same files:

```
{"custom_id": "q1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "llama3.1-8b", "messages": [...]}}
{"custom_id": "q1", "status": "succeeded", "response": {...the chat completion...}}
{"custom_id": "q2", "status": "failed", "error": {"code": "invalid_request", "message": "...", "type": "BadRequestError", "status_code": 400}}
```

Output lines come in completion order, not input order: join on `custom_id`.
"""

from __future__ import annotations

from ._input import BulkInputError, BulkRequest, InputCheck, InputProblem, check_input, iter_requests
from ._output import BulkOutputError, OutputScan, scan_output
from ._plan import BatchLimits
from ._run import Engine, arun, run
from ._stats import BulkStats

__all__ = [
    "BatchLimits",
    "BulkInputError",
    "BulkOutputError",
    "BulkRequest",
    "BulkStats",
    "Engine",
    "InputCheck",
    "InputProblem",
    "OutputScan",
    "arun",
    "check_input",
    "iter_requests",
    "run",
    "scan_output",
]
