"""The wheel on its own: built from this checkout, installed with its declared
dependencies (from the package index, through pip) into a fresh virtual
environment, and run from a folder with no checkout around it.

This is what `pipx install` or `pip install mdusd-mail-assistant` gives a user:
if ui/, the demo mailbox, a data file or a runtime dependency were missing from
the package, `demo` would stop or a page would 404 here.
"""

from __future__ import annotations

import json
import os
import re
import ssl
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from assistant.cli import COMMANDS

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.install


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel and what it declares."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(dist)],
                   check=True, cwd=root, timeout=600)
    wheel = next(dist.glob("mdusd_mail_assistant-*.whl"))
    env_dir = root / "venv"
    # The base interpreter, not this venv's: nothing from the test environment leaks in.
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(env_dir)], check=True, timeout=300)
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, timeout=900)
    return env_dir


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONPATH")}
    env["MAIL_ASSISTANT_HOME"] = str(home)
    return env


def test_the_venv_has_nothing_but_the_wheel_and_its_dependencies(venv: Path, tmp_path: Path) -> None:
    out = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    names = {p["name"].lower() for p in json.loads(out)}
    assert "mdusd-mail-assistant" in names
    for dev_only in ("pytest", "playwright", "hypothesis", "proselint", "pyqt6"):
        assert dev_only not in names


def test_ui_is_found_inside_the_installed_package(venv: Path, tmp_path: Path) -> None:
    code = "from assistant.server.app import ui_dir; print(ui_dir())"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path, env=_env(tmp_path)).stdout.strip()
    ui = Path(out)
    assert ui.is_relative_to(venv) and ui.name == "ui" and ui.parent.name == "assistant"
    for name in ("index.html", "sanitize-allowlist.json", "js/compose.js", "css/app.css",
                 "addin/taskpane.html", "vendor/dompurify/purify.es.mjs"):
        assert (ui / name).is_file(), name


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_loads(venv: Path, tmp_path: Path, command: str) -> None:
    r = subprocess.run([str(venv / "bin" / "mail-assistant"), command, "--help"], capture_output=True,
                       text=True, cwd=tmp_path, env=_env(tmp_path), timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Usage: mail-assistant " + command in r.stdout


def test_check_runs_on_a_draft(venv: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.eml"
    draft.write_bytes((REPO / "examples" / "teacher-to-parents.eml").read_bytes())
    r = subprocess.run([str(venv / "bin" / "mail-assistant"), "check", "--format", "json", str(draft)],
                       capture_output=True, text=True, cwd=tmp_path, env=_env(tmp_path), timeout=120)
    assert r.returncode == 2, r.stderr
    codes = {h["code"] for h in json.loads(r.stdout)[0]["hints"]}
    assert {"EM501", "EM101"} <= codes


@pytest.mark.parametrize("command", [["demo", "--no-browser"], ["serve", "--demo", "--port", "0"]], ids=["demo", "serve"])
def test_without_a_display_it_serves_the_ui_and_the_api(venv: Path, tmp_path: Path, command: list[str]) -> None:
    proc = subprocess.Popen([str(venv / "bin" / "mail-assistant"), *command, "--exit-after", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                            env=_env(tmp_path))
    try:
        lines = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        printed = "".join(lines)
        opened = re.search(r"^Open: (https://127\.0\.0\.1:\d+/)#token=(\S+)$", printed, re.M)
        ca = re.search(r"^Certificate authority to trust: (.+) \(SHA-256 ", printed, re.M)
        assert opened and ca, printed + (proc.stderr.read() if proc.poll() is not None else "")
        base, token = opened.groups()
        # Trust only the CA the demo printed: the chain must verify, no verification turned off.
        tls = ssl.create_default_context(cafile=ca.group(1))
        with urllib.request.urlopen(base, context=tls, timeout=30) as resp:
            page = resp.read().decode("utf-8")
        assert resp.status == 200 and "<script" in page and "js/app.js" in page
        with urllib.request.urlopen(base + "js/compose.js", context=tls, timeout=30) as resp:
            assert resp.status == 200 and len(resp.read()) > 1000
        req = urllib.request.Request(base + "api/rules", headers={"X-Assistant-Token": token})
        with urllib.request.urlopen(req, context=tls, timeout=30) as resp:
            rules = json.loads(resp.read())
        codes = {r["code"] for r in (rules["rules"] if isinstance(rules, dict) else rules)}
        assert {"EM101", "EM501", "EM701", "CF101"} <= codes
    finally:
        proc.terminate()
        proc.wait(timeout=30)
