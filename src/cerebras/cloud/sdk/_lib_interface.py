"""The one internal interface `lib/` builds on: the core names it needs, public or not, in one place.

`lib/` imports the core only from here (and the public `types/`), so what the helpers depend
on is visible at a glance and the core can change behind it. Enforced by the import contracts
in `pyproject.toml`.
"""

from __future__ import annotations

from ._exceptions import CerebrasError, StreamClosedError, request_id_of
from ._models import BaseModel, get_parser
from ._narrow import is_dict, is_list, is_mapping
from ._observe import get_observer_factory, set_observer_factory
from ._rate_limits import RateLimits, parse_rate_limits
from ._request import FinalRequestOptions
from ._streaming import AsyncStream, Stream
from ._types import Body, Headers, NotGiven, Omit, Query, SequenceNotStr, not_given, omit
from ._version import __version__

__all__ = [
    "AsyncStream",
    "BaseModel",
    "Body",
    "CerebrasError",
    "FinalRequestOptions",
    "Headers",
    "NotGiven",
    "Omit",
    "Query",
    "RateLimits",
    "SequenceNotStr",
    "Stream",
    "StreamClosedError",
    "__version__",
    "get_observer_factory",
    "get_parser",
    "is_dict",
    "is_list",
    "is_mapping",
    "not_given",
    "omit",
    "parse_rate_limits",
    "request_id_of",
    "set_observer_factory",
]
