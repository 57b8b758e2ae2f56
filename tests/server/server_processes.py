"""`mail-assistant serve` and `demo` as a user runs them: new processes, no display."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def start(args: list[str], home: Path, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """``python -m assistant ARGS`` with its settings in ``home`` and no display."""
    env = {**os.environ, "MAIL_ASSISTANT_HOME": str(home), "PYTHONPATH": str(REPO), **(extra_env or {})}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.Popen([sys.executable, "-m", "assistant", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def read_open_line(proc: subprocess.Popen) -> tuple[str, str]:
    """(base URL, token) from the ``Open: URL#token=...`` line the command prints."""
    for line in proc.stdout:
        m = re.match(r"Open: (https://127\.0\.0\.1:\d+/)#token=(\S+)", line)
        if m:
            return m.group(1), m.group(2)
    pytest.fail(f"no 'Open:' line; stderr: {proc.stderr.read()[-3000:]}")


def stop_cleanly(proc: subprocess.Popen) -> None:
    """SIGTERM, as a service manager stops it: it must exit 0."""
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0


def reap(proc: subprocess.Popen) -> None:
    """After a failed test: kill what is still running."""
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)
