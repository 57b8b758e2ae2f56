"""`mail-assistant signature set` reads the settings and writes them with the version it
read: a save by the window (here a real second process saving through the same use
case) landing while the command runs is reported, exit 2, and nothing is saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from assistant import config
from assistant.cli import cli
from assistant.commands.settings import CHANGED_MEANWHILE

JANE = ["--name", "Jane Doe", "--title", "Science Teacher", "--school", "Northgate High",
        "--phone", "(925) 555-0142", "--email", "jdoe@mdusd.org"]

WINDOW_SAVES = """
import sys
from assistant.app.context import AppContext
from assistant.app.signature import save_signature, signature_form
ctx = AppContext.create()
form = signature_form(ctx)  # the page loads the settings...
save_signature(ctx, {**form.fields, "title": sys.argv[1]}, form.version)  # ...and saves its edit
"""


def settings_file() -> Path:
    return Path(os.environ["MAIL_ASSISTANT_HOME"]) / "config.json"


def saved() -> dict:
    return json.loads(settings_file().read_text("utf-8"))["signature"]


def window_saves(title: str) -> None:
    done = subprocess.run([sys.executable, "-c", WINDOW_SAVES, title], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_window_save_while_the_command_runs_is_reported_and_kept() -> None:
    assert CliRunner().invoke(cli, ["signature", "set", *JANE]).exit_code == 0

    def window(path: Path) -> None:
        config.BEFORE_REPLACE_HOOKS.clear()  # once
        window_saves("Department Chair")

    config.BEFORE_REPLACE_HOOKS.append(window)
    try:
        r = CliRunner().invoke(cli, ["signature", "set", "--phone", "925-555-0199"], catch_exceptions=False)
    finally:
        config.BEFORE_REPLACE_HOOKS.clear()
    assert r.exit_code == 2
    assert r.stderr == f"error: {CHANGED_MEANWHILE}\n" and r.stdout == ""
    assert "Saved." not in r.output
    # The window's edit is what the file holds; the command's change was not written over it.
    assert saved()["title"] == "Department Chair" and saved()["phone"] == "(925) 555-0142"
    # Run again: it reads the window's version and applies the change to it.
    again = CliRunner().invoke(cli, ["signature", "set", "--phone", "925-555-0199"], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert saved()["title"] == "Department Chair" and saved()["phone"] == "925-555-0199"


def test_the_command_as_its_own_process_saves_over_a_window_save_made_before_it() -> None:
    """A save made before the command started is simply what the command reads."""
    run = [sys.executable, "-m", "assistant", "signature", "set"]
    first = subprocess.run(run + JANE, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    window_saves("Department Chair")
    second = subprocess.run(run + ["--pronouns", "she/her"], capture_output=True, text=True, timeout=60)
    assert second.returncode == 0 and second.stderr.strip() == "Saved."
    assert saved()["title"] == "Department Chair" and saved()["pronouns"] == "she/her"
