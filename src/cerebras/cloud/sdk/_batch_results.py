"""Reading a batch's output file as `BatchResult`s, line by line: the names to import.

The line splitting and parsing are PURE, in `_batch_lines`; `AsyncBatchResultStream` is written
in `_async_batch_results` and `BatchResultStream` generated from it into `_sync_batch_results`
(`scripts/unasync.py`). All are shown as members of this module.
"""

from __future__ import annotations

from ._async_batch_results import AsyncBatchResultStream
from ._batch_lines import MAX_RESULT_LINE_BYTES, LineSplitter, normalize_result, parse_result_line
from ._sync_batch_results import BatchResultStream

__all__ = [
    "MAX_RESULT_LINE_BYTES",
    "AsyncBatchResultStream",
    "BatchResultStream",
    "LineSplitter",
    "normalize_result",
    "parse_result_line",
]

for _shown in (AsyncBatchResultStream, BatchResultStream, LineSplitter, normalize_result, parse_result_line):
    _shown.__module__ = __name__
