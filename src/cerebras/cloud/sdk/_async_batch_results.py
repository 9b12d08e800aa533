"""`AsyncBatchResultStream`: the results of a batch, read from its output file as you iterate."""

from __future__ import annotations

from typing import TYPE_CHECKING, AsyncIterator, Optional

from ._batch_lines import LineSplitter, parse_result_line
from ._binary import AsyncBinaryOpener, AsyncBinaryResponse

if TYPE_CHECKING:
    from .types.batch_result import BatchResult

__all__ = ["AsyncBatchResultStream"]


class AsyncBatchResultStream:
    """The results of a batch, one `BatchResult` per output line, read as you iterate
    (`async for result in client.batches.results(batch_id)`).

    The output file is fetched on the first iteration and read in chunks; use it as a context
    manager (or call `close()`) when you stop early.
    """

    def __init__(self, open_file: AsyncBinaryOpener) -> None:
        self._open = open_file
        self._file: Optional[AsyncBinaryResponse] = None

    async def __aiter__(self) -> AsyncIterator[BatchResult]:
        file = self._file = await self._open()
        splitter = LineSplitter()
        number = 0
        try:
            async for chunk in file.iter_bytes():
                for line in splitter.decode(chunk):
                    number += 1
                    yield parse_result_line(line, file.response, number)
            for line in splitter.flush():
                number += 1
                yield parse_result_line(line, file.response, number)
        finally:
            await file.close()

    async def close(self) -> None:
        """Stop reading and release the connection."""
        if self._file is not None:
            await self._file.close()

    async def __aenter__(self) -> AsyncBatchResultStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
