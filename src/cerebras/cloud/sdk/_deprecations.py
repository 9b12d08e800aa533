"""Deprecation warnings on the request path: deprecated parameters, and models that the public
catalogue marks deprecated, when the client already holds the catalogue.

The catalogue is never fetched here: a client remembers what `models.list_public()` and
`models.retrieve_public()` returned (`ModelCatalog`), and chat requests are checked against
that. `deprecation_messages` is PURE; `warn_deprecations` emits each message once per client.
"""

from __future__ import annotations

import threading
import warnings
from typing import Dict, Iterable, List, Optional, Set, TypeVar

from ._narrow import is_list

_T = TypeVar("_T")

__all__ = ["ModelCatalog", "catalog_of", "deprecation_messages", "remember_models", "warn_deprecations"]

DISABLE_REASONING = (
    '`disable_reasoning` is deprecated (no longer supported after 2026-07-21); use `reasoning_effort="none"` instead.'
)


class ModelCatalog:
    """What a client knows of the public catalogue: which model ids are marked deprecated."""

    def __init__(self) -> None:
        self.deprecated: Dict[str, bool] = {}
        self.warned: Set[str] = set()
        self.lock = threading.Lock()

    def learn(self, models: Iterable[object]) -> None:
        """Record the `deprecated` flag of catalogue entries (`PublicModel` objects)."""
        with self.lock:
            for model in models:
                model_id = getattr(model, "id", None)
                flag = getattr(model, "deprecated", None)
                if isinstance(model_id, str) and isinstance(flag, bool):
                    self.deprecated[model_id] = flag


def catalog_of(client: object) -> ModelCatalog:
    """The catalogue a client (and its copies) remember; made on first use."""
    found: Optional[ModelCatalog] = client.__dict__.get("_model_catalog")
    if found is not None:
        return found
    made: ModelCatalog = client.__dict__.setdefault("_model_catalog", ModelCatalog())
    return made


def remember_models(client: object, result: _T) -> _T:
    """Learn the deprecated flags from a `list_public` / `retrieve_public` result; returns it unchanged."""
    data = getattr(result, "data", None)
    if is_list(data):
        catalog_of(client).learn(data)
    elif getattr(result, "deprecated", None) is not None:
        catalog_of(client).learn([result])
    return result


def deprecation_messages(model: object, *, disable_reasoning: bool, deprecated: Dict[str, bool]) -> List[str]:
    """PURE. What to warn about for a chat request to `model`, with `disable_reasoning` given or not."""
    messages: List[str] = []
    if disable_reasoning:
        messages.append(DISABLE_REASONING)
    if isinstance(model, str) and deprecated.get(model):
        messages.append(
            f"The model {model!r} is marked deprecated in the public model catalogue; "
            "move to a current model before it is removed."
        )
    return messages


def warn_deprecations(client: object, model: object, *, disable_reasoning: bool, stacklevel: int = 4) -> None:
    """Emit a `DeprecationWarning` for each message (the model one once per client)."""
    catalog: Optional[ModelCatalog] = client.__dict__.get("_model_catalog")
    known = catalog.deprecated if catalog is not None else {}
    if not disable_reasoning and not known:
        return
    for message in deprecation_messages(model, disable_reasoning=disable_reasoning, deprecated=known):
        if catalog is not None and message != DISABLE_REASONING:
            with catalog.lock:
                if message in catalog.warned:
                    continue
                catalog.warned.add(message)
        warnings.warn(message, DeprecationWarning, stacklevel=stacklevel)
