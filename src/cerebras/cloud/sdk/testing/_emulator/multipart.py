"""PURE `multipart/form-data` parsing for the emulator's file uploads: a body in, its parts out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

from .errors import ApiError

__all__ = ["Part", "boundary_of", "parse_multipart"]


@dataclass
class Part:
    """One form field: its value, and the file name when it is a file."""

    data: bytes
    filename: Optional[str] = None
    content_type: Optional[str] = None


def _bad(message: str) -> ApiError:
    return ApiError(400, message, code="invalid_multipart")


def boundary_of(content_type: str) -> str:
    """The boundary of a `multipart/form-data` content type, or a 400."""
    kind, _, params = content_type.partition(";")
    if kind.strip().lower() != "multipart/form-data":
        raise ApiError(415, "Upload files as multipart/form-data.", code="unsupported_media_type", param="Content-Type")
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary" and value:
            return value.strip('"')
    raise _bad("The multipart/form-data content type has no boundary.")


def _disposition(value: str) -> Dict[str, str]:
    params: Dict[str, str] = {}
    for piece in value.split(";")[1:]:
        name, _, raw = piece.strip().partition("=")
        params[name.lower()] = raw.strip().strip('"')
    return params


def parse_multipart(body: bytes, boundary: str) -> Dict[str, Part]:
    """The fields of a multipart body by name (a later field of the same name wins)."""
    delimiter = b"--" + boundary.encode("latin-1")
    start = body.find(delimiter)
    if start < 0:
        raise _bad("The multipart body has no parts.")
    parts: Dict[str, Part] = {}
    position = start + len(delimiter)
    while True:
        if body.startswith(b"--", position):
            return parts  # the closing delimiter
        if not body.startswith(b"\r\n", position):
            raise _bad("Malformed multipart delimiter line.")
        head_end = body.find(b"\r\n\r\n", position + 2)
        if head_end < 0:
            raise _bad("A multipart part has no header end.")
        headers: Dict[str, str] = {}
        for line in body[position + 2 : head_end].decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        end = body.find(b"\r\n" + delimiter, head_end + 4)
        if end < 0:
            raise _bad("The multipart body ends inside a part.")
        disposition = _disposition(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if name is None:
            raise _bad("A multipart part has no name.")
        parts[name] = Part(body[head_end + 4 : end], disposition.get("filename"), headers.get("content-type"))
        position = end + 2 + len(delimiter)
