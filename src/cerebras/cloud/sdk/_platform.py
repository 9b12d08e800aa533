"""The `X-Stainless-*` platform headers (OS, architecture, runtime), collected once per process."""

from __future__ import annotations

import functools
import platform
from typing import Callable, Dict

from ._version import __version__

__all__ = ["platform_headers"]


def _os_name() -> str:
    try:
        system = platform.system().lower()
        platform_name = platform.platform().lower()
    except Exception:
        return "Unknown"
    if "iphone" in platform_name or "ipad" in platform_name:
        return "iOS"
    if system == "darwin":
        return "MacOS"
    if system == "windows":
        return "Windows"
    if "android" in platform_name:
        return "Android"
    if system == "linux":
        try:
            import distro

            distro_id = distro.id()
        except Exception:
            distro_id = ""
        if distro_id == "freebsd":
            return "FreeBSD"
        if distro_id == "openbsd":
            return "OpenBSD"
        return "Linux"
    if platform_name:
        return f"Other:{platform_name}"
    return "Unknown"


def _arch() -> str:
    try:
        machine = platform.machine().lower()
    except Exception:
        return "unknown"
    if machine in ("arm64", "aarch64"):
        return "arm64"
    if machine == "arm":
        return "arm"
    if machine == "x86_64":
        return "x64"
    if platform.architecture()[0] == "32bit":
        return "x32"
    if machine:
        return f"other:{machine}"
    return "unknown"


def _safe(getter: Callable[[], str]) -> str:
    try:
        return getter() or "unknown"
    except Exception:
        return "unknown"


@functools.cache
def platform_headers(version: str = __version__) -> Dict[str, str]:
    """The six platform headers sent with every request (cached: computed once per process)."""
    return {
        "X-Stainless-Lang": "python",
        "X-Stainless-Package-Version": version,
        "X-Stainless-OS": _os_name(),
        "X-Stainless-Arch": _arch(),
        "X-Stainless-Runtime": _safe(platform.python_implementation),
        "X-Stainless-Runtime-Version": _safe(platform.python_version),
    }
