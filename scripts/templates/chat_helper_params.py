"""The keyword arguments `parse()` and `run_tools()` pass through to `create()`, and `run_tools()`' turn limit.

`client.chat.completions.parse(...)` / `.run_tools(...)` declare them as `**options`.
"""

from __future__ import annotations

from typing import Dict, Optional, Union

import httpx
from typing_extensions import Literal, TypedDict

from ..._types import Body, Headers, NotGiven, Query, SequenceNotStr
from . import completion_create_params

__all__ = ["DEFAULT_MAX_TURNS", "CreateOptions", "RunToolsOptions"]

DEFAULT_MAX_TURNS = 10
"""How many requests `run_tools` sends at most, unless told otherwise."""


class CreateOptions(TypedDict, total=False):
    """Every optional `create()` argument except `response_format`, `tools`, `stream` and `stream_options`."""

    # @generate: fields chat options exclude=response_format,tools,stream,stream_options


class RunToolsOptions(CreateOptions, total=False):
    """`CreateOptions` plus `response_format` (it shapes the final answer of a tool loop)."""

    # @generate: fields chat options only=response_format
