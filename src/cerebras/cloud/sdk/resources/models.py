"""`client.models`: list the available models, or retrieve one; and the public catalogue (no key needed).

`AsyncModelsResource` is written in `_async_models`; `ModelsResource` is generated from it
into `_sync_models` (`scripts/unasync.py`). Both are published here, under this module's name.
"""

from __future__ import annotations

from ._async_models import (
    AsyncModelsResource,
    AsyncModelsResourceWithRawResponse,
    AsyncModelsResourceWithStreamingResponse,
)
from ._base import publish
from ._model_options import Format as Format
from ._model_options import public_response_type as public_response_type
from ._sync_models import ModelsResource, ModelsResourceWithRawResponse, ModelsResourceWithStreamingResponse

__all__ = [
    "AsyncModelsResource",
    "AsyncModelsResourceWithRawResponse",
    "AsyncModelsResourceWithStreamingResponse",
    "ModelsResource",
    "ModelsResourceWithRawResponse",
    "ModelsResourceWithStreamingResponse",
]

publish(
    __name__,
    AsyncModelsResource,
    AsyncModelsResourceWithRawResponse,
    AsyncModelsResourceWithStreamingResponse,
    ModelsResource,
    ModelsResourceWithRawResponse,
    ModelsResourceWithStreamingResponse,
)
