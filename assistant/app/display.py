"""Whether a desktop window can open here: the one display detection.

``demo`` asks it before opening the window (Qt aborts the whole process on a
display that is set but dead) and ``doctor`` reports it.
"""

from __future__ import annotations

import os
import sys


def display_status() -> tuple[bool, str]:
    """(a display we can really open, a one-line description)."""
    if sys.platform in ("win32", "darwin"):
        return True, f"{sys.platform} desktop"
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        path = wayland if os.path.isabs(wayland) else os.path.join(runtime, wayland) if runtime else ""
        if path and os.path.exists(path):
            return True, f"Wayland display {wayland}"
    display = os.environ.get("DISPLAY", "")
    if display.startswith(":"):  # a local X server: its socket must exist
        socket = f"/tmp/.X11-unix/X{display[1:].split('.')[0]}"
        if os.path.exists(socket):
            return True, f"display {display}"
        return False, f"DISPLAY={display} but no X server listens ({socket} is missing)"
    if display:
        return True, f"display {display} (remote)"
    if wayland:
        return False, f"WAYLAND_DISPLAY={wayland} but its socket is missing"
    return False, "no DISPLAY/WAYLAND_DISPLAY: the window cannot open (`serve` and the browser still work)"


def has_display() -> bool:
    return display_status()[0]


__all__ = ["display_status", "has_display"]
