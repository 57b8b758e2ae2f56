"""The Summary page in the real desktop window (pywebview, Qt WebEngine) under Xvfb."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.app.summary import run_summary

pytestmark = pytest.mark.desktop

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "summary"
DRIVER = Path(__file__).with_name("summary_window_driver.py")


def test_the_summary_page_in_the_desktop_window(xvfb_display, ctx, tmp_path, need):
    need("PyQt6.QtWebEngineWidgets", "Qt WebEngine is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "summary-window.png"
    shot.unlink(missing_ok=True)
    result_file = tmp_path / "result.json"
    env = {**os.environ, "DISPLAY": xvfb_display, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(DRIVER), str(result_file), str(shot)], env=env,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-4000:]
    seen = json.loads(result_file.read_text())
    cli = run_summary(ctx, store_file=str(tmp_path / "cli.sqlite")).summary  # the same demo week, via the CLI's path
    assert seen["status"] == f"Summary for {cli['week']}."
    inbox = cli["inbox"]
    assert seen["figures"]["received"] == str(inbox["received"])
    assert seen["figures"]["cc_only"] == str(inbox["cc_only"])
    assert seen["figures"]["bulk"] == str(inbox["bulk_messages"])
    assert seen["figures"]["chain"] == str(inbox["received_chain"])
    assert seen["actions"] == [a["text"] for a in cli["actions"]]
    assert seen["charts"] == 4 and len(seen["captions"]) == 4
    assert seen["captions"][0].startswith("Hints on your sent mail by rule: ")
    assert seen["screenshot_saved"] and shot.stat().st_size > 20_000

