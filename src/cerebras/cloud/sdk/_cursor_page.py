"""`CursorPage`: what the sync and async pages of the list endpoints share (shown as a member of
`pagination`, with the pages themselves)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, Generic, List, Optional, TypeVar, Union, cast

import pydantic

from ._models import BaseModel
from ._request import RAW_RESPONSE_HEADER, FinalRequestOptions
from ._types import NotGiven, Omit, not_given

__all__ = ["CursorPage"]

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
