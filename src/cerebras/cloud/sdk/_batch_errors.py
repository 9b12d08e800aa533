"""The errors of the files and batches helpers: bad input found before sending, and batch outcomes.

```
CerebrasError
├── FileInputError (also ValueError)     a file that cannot be uploaded: missing, a directory,
│   │                                     too large, or an unknown purpose
│   └── BatchInputError                   batch input that is not valid JSONL (with `line_number`)
└── BatchError                            a batch that cannot give what was asked (`batch`)
    └── BatchWaitTimeoutError (also TimeoutError)   `wait()` ran out of time
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ._exceptions import CerebrasError

if TYPE_CHECKING:
    from .types.batch import Batch

__all__ = ["BatchError", "BatchInputError", "BatchWaitTimeoutError", "FileInputError"]


class FileInputError(CerebrasError, ValueError):
    """A file that cannot be uploaded; raised before anything is sent."""


class BatchInputError(FileInputError):
    """Batch input (JSONL) that the API would reject; raised before anything is sent.

    `line_number` is the 1-based line at fault (`None` when the fault is the file as a whole).
    """

    line_number: Optional[int]

    def __init__(self, message: str, *, line_number: Optional[int] = None) -> None:
        self.line_number = line_number
        super().__init__(f"line {line_number}: {message}" if line_number is not None else message)


class BatchError(CerebrasError):
    """A batch cannot give what was asked (for example results before it has any); see `batch`."""

    batch: Batch
    """The batch as last retrieved."""

    def __init__(self, message: str, *, batch: Batch) -> None:
        self.batch = batch
        super().__init__(message)


class BatchWaitTimeoutError(BatchError, TimeoutError):
    """`batches.wait()` gave up: the batch was not finished when its `timeout` ran out."""

    timeout: float
    """The timeout that passed, in seconds."""

    def __init__(self, message: str, *, batch: Batch, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(message, batch=batch)
