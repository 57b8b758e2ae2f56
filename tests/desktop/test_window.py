"""The pywebview window (Qt WebEngine) under Xvfb, on the served UI over TLS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import config_dir, load_config

pytestmark = pytest.mark.desktop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "desktop"
DRIVER = Path(__file__).with_name("window_driver.py")


def test_window_opens_on_the_served_ui_and_calls_python(xvfb_display, tmp_path, need):
    need("PyQt6.QtWebEngineWidgets", "Qt WebEngine is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "desktop-window.png"
    shot.unlink(missing_ok=True)
    result_file = tmp_path / "result.json"
    env = {**os.environ, "DISPLAY": xvfb_display, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run(
        [sys.executable, str(DRIVER), str(result_file), str(shot)],
        env=env, capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads(result_file.read_text())
    # The window shows our page over HTTPS, and the token left the address bar.
    assert result["url"].startswith("https://127.0.0.1:") and "token" not in result["url"]
    # JS -> Python -> JS: the page called Bridge.about() and shows its answer.
    assert result["js_python_calls"] >= 1
    assert result["footer_desktop"] == sys.platform
    assert "desktop app" in result["footer_text"]
    assert result["draft_rows"] >= 5  # the demo mailbox's drafts, through the API
    assert result["screenshot_saved"] and shot.stat().st_size > 10_000
    # Closing right after a save keeps nothing half-written.
    assert result["saved_status"] == "Signature saved."
    assert result["closed_cleanly"]
    assert load_config()["signature"]["name"] == "Window Test"
    leftovers = [p.name for p in config_dir().iterdir() if p.name.startswith(".")]
    assert leftovers == []

