"""PURE. The request options of the `client.files` calls (the upload as a multipart form)."""

from __future__ import annotations

from typing import Any, Dict

import httpx

from .._narrow import is_mapping
from .._request import FinalRequestOptions
from .._types import NotGiven
from .._uploads import Upload
from ._base import call_options

__all__ = ["UPLOAD_TIMEOUT", "create_options", "form_fields"]

UPLOAD_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
"""The default timeout of an upload: 200 MB take a while to write on a slow link."""


def create_options(arguments: Dict[str, Any], upload: Upload) -> FinalRequestOptions:
    """PURE. The upload request: `purpose` (and `expires_after[...]`) as form fields, the file as a part.

    `arguments` is the method's `locals()`: `Any`, as the method's own signature typed them.
    """
    arguments.pop("file")
    arguments.pop("upload")
    options = call_options("post", "/v1/files", arguments)
    options.json_data = form_fields(options.json_data)
    options.files = upload.files
    if isinstance(options.timeout, NotGiven):
        options.timeout = UPLOAD_TIMEOUT
    return options


def form_fields(body: object) -> Dict[str, str]:
    """PURE. A JSON-like body as multipart form fields: nested mappings flattened with brackets
    (`expires_after[seconds]`), values as text."""
    fields: Dict[str, str] = {}

    def add(key: str, value: object) -> None:
        if is_mapping(value):
            for sub_key, sub_value in value.items():
                add(f"{key}[{sub_key}]", sub_value)
        elif isinstance(value, bool):
            fields[key] = "true" if value else "false"
        elif value is not None:
            fields[key] = str(value)

    if is_mapping(body):
        for key, value in body.items():
            add(key, value)
    return fields
