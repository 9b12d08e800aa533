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
"""

from __future__ import annotations

from dataclasses import replace
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Generator,
    Generic,
    Iterator,
    List,
    Optional,
    TypeVar,
    Union,
    cast,
)

import pydantic

from ._models import BaseModel
from ._request import RAW_RESPONSE_HEADER, FinalRequestOptions
from ._types import NotGiven, Omit, not_given

__all__ = ["AsyncCursorPage", "AsyncPaginator", "CursorPage", "SyncCursorPage"]

_T = TypeVar("_T")
_PRIVATE_KEY = "_page_request"


class CursorPage(BaseModel, Generic[_T]):
    """What the sync and async pages share: the list envelope and the cursor of the next page."""

    data: List[_T] = pydantic.Field(default_factory=lambda: [])
    """The items of this page."""

    has_more: Optional[bool] = None
    """Whether the server has items after this page."""

    object: Optional[str] = None
    """Always `"list"`."""

    @classmethod
    def _bind_request(cls, page: CursorPage[Any], client: Any, options: FinalRequestOptions) -> None:
        """Remember how this page was fetched, so that the next one can be (called by the client)."""
        private = page.__pydantic_private__
        if private is None:
            object.__setattr__(page, "__pydantic_private__", {_PRIVATE_KEY: (client, options)})
        else:
            private[_PRIVATE_KEY] = (client, options)

    def _last_id(self) -> Optional[str]:
        if not self.data:
            return None
        last = getattr(self.data[-1], "id", None)
        return last if isinstance(last, str) and last else None

    def has_next_page(self) -> bool:
        """Whether there is a page after this one (`has_more`, and this page is not empty)."""
        return bool(self.has_more) and self._last_id() is not None

    def next_page_after(self) -> Optional[str]:
        """The `after` cursor of the next page (`None`: this is the last page)."""
        return self._last_id() if self.has_next_page() else None

    def _next_request(self) -> tuple[Any, Any, FinalRequestOptions]:
        after = self.next_page_after()
        if after is None:
            raise RuntimeError("There is no next page; check `has_next_page()` first.")
        private = self.__pydantic_private__ or {}
        bound = private.get(_PRIVATE_KEY)
        if bound is None:
            raise RuntimeError(
                f"This page was not fetched by a client, so it cannot fetch the next one; "
                f"call `list(after={after!r})` instead."
            )
        client, options = cast("tuple[Any, FinalRequestOptions]", bound)
        headers: Union[Dict[str, Union[str, Omit]], NotGiven] = not_given
        if not isinstance(options.headers, NotGiven):
            headers = {name: value for name, value in options.headers.items() if name != RAW_RESPONSE_HEADER}
        params = {**options.params, "after": after}
        return client, type(self), replace(options, params=params, headers=headers)


class SyncCursorPage(CursorPage[_T]):
    """A page of a list endpoint, from the sync client. Iterating it walks every following page too."""

    def next_page(self) -> SyncCursorPage[_T]:
        """Fetch the page after this one (`RuntimeError` when there is none)."""
        client, page_type, options = self._next_request()
        return cast("SyncCursorPage[_T]", client.request(page_type, options))

    def iter_pages(self) -> Iterator[SyncCursorPage[_T]]:
        """This page, then each following page, fetched as it is reached."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.next_page()

    def __iter__(self) -> Iterator[_T]:  # type: ignore[override]
        """Every item of this page and of the pages after it (fetched lazily)."""
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(CursorPage[_T]):
    """A page of a list endpoint, from the async client. `async for` walks every following page too."""

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

    async def __aiter__(self) -> AsyncIterator[_T]:
        """Every item of this page and of the pages after it (fetched lazily)."""
        async for page in self.iter_pages():
            for item in page.data:
                yield item


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
