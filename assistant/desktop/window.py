"""The desktop window: pywebview showing the companion's own UI.

Linux uses the Qt backend (PyQt6 + Qt WebEngine); Windows uses Edge WebView2;
macOS uses WebKit. The window opens ``https://127.0.0.1:PORT/#token=...``:
the token travels in the URL fragment, which is never sent over the network.

TLS: on Qt the window accepts exactly our server certificate (SHA-256 pin of
the certificate the API serves, for 127.0.0.1/localhost on our port) and
rejects every other certificate error. Edge WebView2 and WebKit use the
operating system's trust store, where the user trusts the local CA once (the
Outlook add-in needs that anyway; README "Trusting the local certificate").
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from typing import Any, Callable

from assistant import __version__


class DesktopUnavailable(RuntimeError):
    """No GUI toolkit or display for the window; callers fall back to a browser."""


class Bridge:
    """Python functions the page may call (``window.pywebview.api.*``).

    Kept small on purpose: the page already talks to the API; this only says
    what it runs in.
    """

    def __init__(self) -> None:
        self.calls = 0

    def about(self) -> dict[str, Any]:
        import webview

        self.calls += 1
        return {
            "app": __version__,
            "platform": sys.platform,
            "pywebview": getattr(webview, "__version__", "") or _pywebview_version(),
            "calls": self.calls,
        }


def _pywebview_version() -> str:
    try:
        from importlib.metadata import version

        return version("pywebview")
    except Exception:  # metadata missing in a frozen build
        return "?"


def user_agent() -> str:
    """Marks the window's requests, so the server allows what pywebview's bridge needs."""
    from assistant.server.security import DESKTOP_UA_MARK

    return f"Mozilla/5.0 (Mail Assistant desktop window) {DESKTOP_UA_MARK}{__version__}"


def gui_name() -> str | None:
    return "qt" if sys.platform.startswith("linux") else None


def _prepare_qt_environment() -> None:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    # Chromium's sandbox cannot start as root (containers, CI); a normal user keeps it.
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        flags += " --no-sandbox"
    # Chromium logs every certificate error it hands to us; we decide (pinning below).
    if "--log-level" not in flags:
        flags += " --log-level=3"
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags.strip()


def _pin_certificate(window: Any, fingerprint: str, port: int) -> None:
    """Qt only: accept our own server certificate, nothing else (runs on the GUI thread)."""
    page = window.native.webview.page()

    def on_error(error: Any) -> None:
        url = error.url()
        chain = error.certificateChain()
        der = bytes(chain[0].toDer()) if chain else b""
        ours = (
            url.host() in ("127.0.0.1", "localhost")
            and url.port() == port
            and hashlib.sha256(der).hexdigest() == fingerprint
        )
        if ours:
            error.acceptCertificate()
        else:
            error.rejectCertificate()

    page.certificateError.connect(on_error)
    window._mail_assistant_cert_handler = on_error  # keep a reference alive


def run_window(
    handle: Any,
    *,
    title: str = "Mail Assistant",
    exit_after: float | None = None,
    on_loaded: Callable[[Any], None] | None = None,
    debug: bool = False,
) -> Bridge:
    """Open the window on ``handle`` (a running ServerHandle); returns when it closes.

    ``on_loaded(window)`` runs in a worker thread once the page has loaded
    (tests use it to drive the window). Must be called on the main thread.
    """
    try:
        import webview
    except ImportError as exc:
        raise DesktopUnavailable(f"pywebview is not installed ({exc})") from None
    gui = gui_name()
    if gui == "qt":
        _prepare_qt_environment()
        try:
            import qtpy  # noqa: F401
            from qtpy import QtWebEngineWidgets  # noqa: F401
        except Exception as exc:  # ImportError, or qtpy's PythonQtError
            raise DesktopUnavailable(f"Qt WebEngine is not available ({exc}); install the 'qt' extra") from None

    bridge = Bridge()
    window = webview.create_window(
        title, url=handle.app_url, js_api=bridge, width=1280, height=860, min_size=(820, 600)
    )
    if gui == "qt":
        window.events.before_show += lambda: _pin_certificate(window, handle.tls.fingerprint, handle.port)

    def worker() -> None:
        if on_loaded is not None:
            window.events.loaded.wait(60)
            try:
                on_loaded(window)
            finally:
                window.destroy()
        elif exit_after is not None:
            threading.Event().wait(exit_after)
            window.destroy()

    try:
        webview.start(worker, gui=gui, private_mode=True, debug=debug, user_agent=user_agent())
    except Exception as exc:  # no display, missing platform plugin...
        raise DesktopUnavailable(str(exc)) from None
    return bridge
