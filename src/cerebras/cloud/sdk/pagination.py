"""Cursor pages of the list endpoints (`files.list`, `batches.list`), iterable over every page.

A page holds `data` and `has_more`; the next page is asked for with `after=<id of the last
item>`. Iterating a page (`for item in page`, or `async for` on the async client) yields the
items of this page and then fetches the following pages one at a time, as they are reached.

```py
for batch in client.batches.list(limit=50):  # every batch, 50 per request
    print(batch.id, batch.status)

page = client.files.list()
while page.has_next_page():
    page = page.next_page()
```

`AsyncCursorPage` is written in `_async_pagination` and `SyncCursorPage` generated from it into
`_sync_pagination` (`scripts/unasync.py`); what they share, `CursorPage`, is in `_cursor_page`.
All three are shown as members of this module.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Awaitable, Callable, Generator, Generic, TypeVar

from ._async_pagination import AsyncCursorPage
from ._cursor_page import CursorPage
from ._sync_pagination import SyncCursorPage

__all__ = ["AsyncCursorPage", "AsyncPaginator", "CursorPage", "SyncCursorPage"]

_T = TypeVar("_T")

for _page in (CursorPage, SyncCursorPage, AsyncCursorPage):
    _page.__module__ = __name__


class AsyncPaginator(Generic[_T]):
    """What the async `list()` methods return: `await` it for the first page, or `async for` over
    every item of every page (fetched as they are reached)."""

    def __init__(self, fetch: Callable[[], Awaitable[AsyncCursorPage[_T]]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, AsyncCursorPage[_T]]:
        return self._fetch().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self._fetch()
        async for item in page:
            yield item
