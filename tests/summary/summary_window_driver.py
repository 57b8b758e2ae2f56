"""Drives the desktop window (pywebview + Qt WebEngine) to the Summary page, in its own
process (pywebview owns the main thread). Usage: python summary_window_driver.py RESULT.json SHOT.png

Starts the demo-week mailbox and the API, opens the window, goes to the Summary tab,
waits for the figures, reads them from the page, saves a screenshot and closes.
"""

from __future__ import annotations

import json
import sys
import threading
import time


def wait_js(window, expr: str, timeout: float = 60.0):
    end = time.monotonic() + timeout
    value = None
    while time.monotonic() < end:
        try:
            value = window.run_js(expr)  # evaluate_js uses eval(), which the page's CSP forbids
        except Exception as exc:  # page still loading
            value = f"error: {exc}"
        if value not in (None, False, "", 0) and not (isinstance(value, str) and value.startswith("error:")):
            return value
        time.sleep(0.2)
    return value


def main(result_path: str, shot_path: str) -> int:
    from qtpy.QtCore import QObject, Signal

    from assistant.desktop import window as desk
    from assistant.server.run import start_server
    from assistant.server.service import Companion
    from emulators.ews import DEMO_OWNER, start_emulator

    result: dict = {}
    emulator = start_emulator(seed="emulators.ews.demo_week", email=DEMO_OWNER[0], name=DEMO_OWNER[1])
    handle = start_server(Companion(backend_factory=emulator.backend, account_label="demo"), 0, info={"demo": True})

    class Grabber(QObject):
        grab = Signal(str)

        def __init__(self, widget):
            super().__init__()
            self.widget, self.done = widget, threading.Event()
            self.grab.connect(self._grab)

        def _grab(self, path):  # on the GUI thread
            result["screenshot_saved"] = bool(self.widget.grab().save(path))
            self.done.set()

    grabber: list[Grabber] = []

    def on_loaded(window):
        wait_js(window, "document.querySelector('#drafts-table tbody tr') !== null")
        window.run_js("location.hash = '#/summary'")
        result["status"] = wait_js(window, "(document.getElementById('summary-status').textContent.startsWith("
                                           "'Summary for') && document.getElementById('summary-status').textContent)")
        result["figures"] = json.loads(window.run_js(
            "JSON.stringify(Object.fromEntries([...document.querySelectorAll('#summary-body [data-figure]')]"
            ".map(e => [e.dataset.figure, e.textContent])))"))
        result["charts"] = window.run_js("document.querySelectorAll('#summary-body figure.chart svg[role=img]').length")
        result["captions"] = json.loads(window.run_js(
            "JSON.stringify([...document.querySelectorAll('#summary-body figure.chart figcaption')].map(e => e.textContent))"))
        result["actions"] = json.loads(window.run_js(
            "JSON.stringify([...document.querySelectorAll('.summary-actions li')].map(e => e.textContent))"))
        time.sleep(0.5)  # the last paint
        grabber[0].grab.emit(shot_path)
        grabber[0].done.wait(20)

    import webview

    original_create = webview.create_window

    def create_window(*args, **kwargs):
        w = original_create(*args, **kwargs)
        w.events.before_show += lambda: grabber.append(Grabber(w.native))
        return w

    webview.create_window = create_window
    try:
        desk.run_window(handle, on_loaded=on_loaded)
    finally:
        handle.stop()
        emulator.stop()
    with open(result_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
