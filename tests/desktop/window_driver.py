"""Drives the real desktop window in its own process (pywebview owns the main thread).

Usage: python window_driver.py RESULT.json SCREENSHOT.png
Starts the demo mailbox and the API, opens the window, checks the page from
inside (JS -> Python -> JS round trip, drafts listed), saves a screenshot,
saves a signature through the UI, closes the window and writes what it saw.
"""

from __future__ import annotations

import json
import sys
import threading
import time


def wait_js(window, expr: str, timeout: float = 30.0):
    end = time.monotonic() + timeout
    value = None
    while time.monotonic() < end:
        try:
            value = window.run_js(expr)  # evaluate_js uses eval(), which our CSP forbids
        except Exception as exc:  # page still loading
            value = f"error: {exc}"
        if value not in (None, False, "", 0) and not (isinstance(value, str) and value.startswith("error:")):
            return value
        time.sleep(0.2)
    return value


def main(result_path: str, shot_path: str) -> int:
    from qtpy.QtCore import QObject, Signal

    from assistant.desktop import window as desk
    from emulators.ews import start_emulator
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    result: dict = {}
    emulator = start_emulator(seed="demo", port=0)
    handle = start_server(Companion(backend_factory=emulator.backend, account_label="demo"), 0, info={"demo": True})

    class Grabber(QObject):
        grab = Signal(str)

        def __init__(self, widget):
            super().__init__()
            self.widget = widget
            self.done = threading.Event()
            self.grab.connect(self._grab)

        def _grab(self, path):  # runs on the GUI thread
            result["screenshot_saved"] = bool(self.widget.grab().save(path))
            self.done.set()

    grabber: list[Grabber] = []

    def on_loaded(window):
        # The page takes the token out of the address bar once its script runs; on a busy
        # machine that is after the first load, so wait for it (the raw address if never).
        result["url"] = wait_js(window, "location.href.includes('token=') ? '' : location.href") or window.run_js("location.href")
        result["footer_desktop"] = wait_js(window, "document.getElementById('footer-info').dataset.desktop")
        result["footer_text"] = window.run_js("document.getElementById('footer-info').textContent")
        result["draft_rows"] = wait_js(window, "document.querySelectorAll('#drafts-table tbody tr').length")
        # The page calls the bridge once it has loaded; on a busy machine that can land
        # after the drafts table, so wait for it (up to 30 s) rather than read it once.
        end = time.monotonic() + 30
        while not bridge_calls() and time.monotonic() < end:
            time.sleep(0.2)
        result["js_python_calls"] = bridge_calls()
        time.sleep(0.5)  # let the last paint land
        grabber[0].grab.emit(shot_path)
        grabber[0].done.wait(20)
        # Save a signature through the UI, then close at once.
        window.run_js(
            "location.hash = '#/settings';"
            "setTimeout(() => { const f = document.getElementById('sig-form');"
            "f.querySelector('[name=name]').value = 'Window Test';"
            "f.querySelector('[name=phone]').value = '925-555-0100';"
            "f.requestSubmit(); }, 800);"
        )
        result["saved_status"] = wait_js(window, "document.getElementById('sig-status').textContent", 15)

    bridge_ref: list = []

    def bridge_calls():
        return bridge_ref[0].calls if bridge_ref else None

    # Capture the Bridge and the native window as the window is created.
    import webview

    original_create = webview.create_window

    def create_window(*args, **kwargs):
        bridge_ref.append(kwargs["js_api"])
        w = original_create(*args, **kwargs)

        def before_show():
            grabber.append(Grabber(w.native))

        w.events.before_show += before_show
        return w

    webview.create_window = create_window
    try:
        desk.run_window(handle, on_loaded=on_loaded)
    finally:
        handle.stop()
        emulator.stop()
    result["closed_cleanly"] = True
    with open(result_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
