"""The Cerebras Cloud Python SDK: `Cerebras`, `AsyncCerebras`, their errors, streams and types.

```py
from cerebras.cloud.sdk import Cerebras

client = Cerebras()  # reads CEREBRAS_API_KEY
completion = client.chat.completions.create(
    model="llama3.1-8b", messages=[{"role": "user", "content": "Hello!"}]
)
```

Heavy parts load on first use: the response models (and pydantic) with the first response,
`types` and `resources` when first touched, aiohttp only for `DefaultAioHttpClient`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ._batch_errors import BatchError, BatchInputError, BatchWaitTimeoutError, FileInputError
from ._client import AsyncCerebras, AsyncClient, Cerebras, Client
from ._config import DEFAULT_CONNECTION_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CerebrasError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestBuildError,
    ResponseTooLargeError,
    StreamClosedError,
    UnprocessableEntityError,
)
from ._files import file_from_path
from ._helpers_slot import install_chat_helpers as _install_chat_helpers
from ._http_clients import DefaultAsyncHttpxClient, DefaultHttpxClient
from ._logs import setup_logging
from ._rate_limits import RateLimits
from ._response import APIResponse as APIResponse
from ._response import AsyncAPIResponse as AsyncAPIResponse
from ._streaming import AsyncStream, Stream
from ._types import (
    NOT_GIVEN,
    NoneType,
    NotGiven,
    Omit,
    ProxiesTypes,
    RequestOptions,
    Timeout,
    Transport,
    not_given,
    omit,
)
from ._version import __title__, __version__
from .lib._chat_helpers import CHAT_HELPERS as _CHAT_HELPERS

if TYPE_CHECKING:
    from . import resources as resources
    from . import types
    from ._http_clients import DefaultAioHttpClient
    from ._models import BaseModel

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCerebras",
    "AsyncClient",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "BatchError",
    "BatchInputError",
    "BatchWaitTimeoutError",
    "Cerebras",
    "CerebrasError",
    "Client",
    "ConflictError",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "FileInputError",
    "InternalServerError",
    "NoneType",
    "NotFoundError",
    "NotGiven",
    "Omit",
    "PermissionDeniedError",
    "ProxiesTypes",
    "RateLimitError",
    "RequestBuildError",
    "ResponseTooLargeError",
    "RateLimits",
    "RequestOptions",
    "Stream",
    "StreamClosedError",
    "Timeout",
    "Transport",
    "UnprocessableEntityError",
    "__title__",
    "__version__",
    "file_from_path",
    "not_given",
    "omit",
    "types",
]

_install_chat_helpers(_CHAT_HELPERS)  # `chat.completions.stream/parse/run_tools`, implemented in `lib/`

_PUBLIC_MODULE = "cerebras.cloud.sdk"
_T = TypeVar("_T")


def _publish(obj: _T) -> _T:
    # Exported names show as `cerebras.cloud.sdk.X` (as the official SDK shows them).
    try:
        obj.__module__ = _PUBLIC_MODULE
    except (TypeError, AttributeError):
        pass
    return obj


for _name in __all__:
    if not _name.startswith("__") and _name in globals():
        _publish(globals()[_name])


def __getattr__(name: str) -> Any:  # `Any`: whichever lazily loaded name was asked for
    if name == "BaseModel":
        from ._models import BaseModel

        value: Any = _publish(BaseModel)
    elif name == "DefaultAioHttpClient":
        from . import _http_clients

        value = _publish(_http_clients.DefaultAioHttpClient)
    elif name in ("types", "resources"):
        import importlib

        value = importlib.import_module(f"{__name__}.{name}")
    elif name == "ServiceUnavailableError":
        # Deprecated: a 503 raises `InternalServerError` itself, as in the official SDK. Not
        # cached, so that every use warns.
        import warnings

        warnings.warn(
            "`ServiceUnavailableError` is deprecated: a 503 raises `InternalServerError` "
            "(check `e.status_code == 503`); the name is now an alias of `InternalServerError`.",
            DeprecationWarning,
            stacklevel=2,
        )
        return InternalServerError
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), "BaseModel", "DefaultAioHttpClient", "types", "resources"})


setup_logging()
