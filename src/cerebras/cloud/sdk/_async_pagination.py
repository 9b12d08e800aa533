"""`AsyncCursorPage`: a page of a list endpoint that fetches the pages after it as they are reached."""

# `BaseModel.__iter__` yields a model's fields; a sync page's `__iter__` yields its items instead.
# pyright: reportIncompatibleMethodOverride=false

from __future__ import annotations

from typing import AsyncIterator, TypeVar, cast

from ._cursor_page import CursorPage

__all__ = ["AsyncCursorPage"]

_T = TypeVar("_T")


class AsyncCursorPage(CursorPage[_T]):
    """A page of a list endpoint. `async for item in page` walks every following page too."""

    async def next_page(self) -> AsyncCursorPage[_T]:
        """Fetch the page after this one (`RuntimeError` when there is none)."""
        client, page_type, options = self._next_request()
        return cast("AsyncCursorPage[_T]", await client.request(page_type, options))

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[_T]]:
        """This page, then each following page, fetched as it is reached."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.next_page()

    # unasync: sync-only: def __iter__(self) -> Iterator[_T]:
    async def __aiter__(self) -> AsyncIterator[_T]:  # unasync: async-only
        """Every item of this page and of the pages after it (fetched lazily)."""
        async for page in self.iter_pages():
            for item in page.data:
                yield item
