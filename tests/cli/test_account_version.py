"""`account add` and `account remove` write the settings with the version they read, as
every settings write does (assistant.config.update_section): a signature saved by the
window (a real second process) while the command runs is kept, the command says so in
one line, exits 1 and saves nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from assistant import config
from assistant.cli import cli

ADD = ["account", "add", "--email", "jdoe@mdusd.org", "--graph", "--client-id", "11111111-2222-3333-4444-555555555555",
       "--no-test"]

WINDOW_SAVES = """
from assistant.app.context import AppContext
from assistant.app.signature import save_signature, signature_form
ctx = AppContext.create()
form = signature_form(ctx)
save_signature(ctx, {**form.fields, "name": "Jane Doe", "title": "Department Chair"}, form.version)
"""


def settings() -> dict:
    return json.loads((Path(os.environ["MAIL_ASSISTANT_HOME"]) / "config.json").read_text("utf-8"))


def window_saves_during_the_write() -> None:
    def window(path: Path) -> None:
        config.BEFORE_REPLACE_HOOKS.clear()  # once
        done = subprocess.run([sys.executable, "-c", WINDOW_SAVES], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    config.BEFORE_REPLACE_HOOKS.append(window)


def test_account_add_does_not_write_over_a_window_save_made_while_it_ran() -> None:
    window_saves_during_the_write()
    try:
        r = CliRunner().invoke(cli, ADD, catch_exceptions=False)
    finally:
        config.BEFORE_REPLACE_HOOKS.clear()
    assert r.exit_code == 1
    assert "saved elsewhere" in r.stderr and "nothing was saved" in r.stderr and "Traceback" not in r.output
    assert settings()["signature"]["title"] == "Department Chair" and "account" not in settings()
    again = CliRunner().invoke(cli, ADD, catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert settings()["signature"]["title"] == "Department Chair" and settings()["account"]["email"] == "jdoe@mdusd.org"


def test_account_remove_does_not_write_over_a_window_save_made_while_it_ran(secret_service) -> None:
    assert CliRunner().invoke(cli, ADD, catch_exceptions=False).exit_code == 0
    window_saves_during_the_write()
    try:
        r = CliRunner().invoke(cli, ["account", "remove"], catch_exceptions=False)
    finally:
        config.BEFORE_REPLACE_HOOKS.clear()
    assert r.exit_code == 1 and "saved elsewhere" in r.stderr
    assert settings()["signature"]["title"] == "Department Chair" and settings()["account"]["email"] == "jdoe@mdusd.org"
