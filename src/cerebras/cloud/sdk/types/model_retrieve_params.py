"""Request shape of `client.models.retrieve`: the `format` query parameter and header-style keys."""

from __future__ import annotations

from typing_extensions import Annotated, Literal, TypedDict

from .._types import PropertyInfo

__all__ = ["ModelRetrieveParams"]


class ModelRetrieveParams(TypedDict, total=False):
    """The parameters of `client.models.retrieve` (besides the model id in the path)."""

    format: Literal["default", "openrouter", "huggingface"]

    cf_ray: Annotated[str, PropertyInfo(alias="CF-RAY")]

    x_amz_cf_id: Annotated[str, PropertyInfo(alias="X-Amz-Cf-Id")]
