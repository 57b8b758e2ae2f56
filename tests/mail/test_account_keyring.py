"""Account setup through the CLI with a real Secret Service (gnome-keyring on a private D-Bus)."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import keyring
import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import config_dir
from assistant.mail import MailConfigError, open_backend
from assistant.mail.credentials import SERVICE

pytestmark = pytest.mark.keyring


def all_files_text(root: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in root.rglob("*") if p.is_file())


def test_account_lifecycle_keeps_the_password_in_the_keyring_only(secret_service, emulator):
    home = config_dir()
    log_file = home / "debug.log"
    handler = logging.FileHandler(log_file)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # the noisiest logging a user could turn on
    runner = CliRunner()
    try:
        result = runner.invoke(cli, ["account", "add", "--email", emulator.email, "--server", emulator.url,
                                     "--auth", "basic", "--password-stdin"], input=emulator.password + "\n")
        assert result.exit_code == 0, result.output
        assert "Signed in" in result.output and "7 draft(s)" in result.output
        assert keyring.get_password(SERVICE, f"password:{emulator.email}") == emulator.password

        settings = json.loads((home / "config.json").read_text())["account"]
        assert settings == {"kind": "ews", "email": emulator.email, "server": emulator.url, "auth": "basic", "tenant": "organizations"}

        result = runner.invoke(cli, ["account", "test"])
        assert result.exit_code == 0, result.output
        assert "OK: delgadom@mdusd.org" in result.output

        result = runner.invoke(cli, ["drafts", "--format", "json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)
        assert len(rows) == 7 and all(r["id"] for r in rows)
        trip = next(r for r in rows if r["subject"].startswith("Field trip"))
        assert trip["counts"]["error"] >= 1 and "EM401" in trip["codes"]
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)

    # exchangelib logged requests at DEBUG, yet neither the password nor the
    # Basic auth header made of it is in any file under the config directory.
    text = all_files_text(home)
    assert "[redacted]" in log_file.read_text()  # exchangelib did log the header; we scrubbed it
    basic = base64.b64encode(f"{emulator.username}:{emulator.password}".encode()).decode()
    assert emulator.password not in text and basic not in text

    result = runner.invoke(cli, ["account", "remove"])
    assert result.exit_code == 0 and "Removed" in result.output
    assert keyring.get_password(SERVICE, f"password:{emulator.email}") is None
    with pytest.raises(MailConfigError, match="account add"):
        open_backend()


def test_wrong_password_is_not_saved(secret_service, emulator):
    result = CliRunner().invoke(cli, ["account", "add", "--email", emulator.email, "--server", emulator.url,
                                      "--auth", "basic", "--password-stdin"], input="guess\n")
    assert result.exit_code == 1
    assert "refused the user name or password" in result.output
    assert keyring.get_password(SERVICE, f"password:{emulator.email}") is None
    assert not (config_dir() / "config.json").exists()


def test_bad_settings_are_clear_errors(secret_service):
    runner = CliRunner()
    result = runner.invoke(cli, ["account", "add", "--email", "not-an-address", "--password-stdin"], input="x\n")
    assert result.exit_code == 1 and "is not an e-mail address" in result.output
    result = runner.invoke(cli, ["account", "add", "--email", "a@mdusd.org", "--server", "ftp://x",
                                 "--password-stdin"], input="x\n")
    assert result.exit_code == 1 and "http(s) URL" in result.output
    result = runner.invoke(cli, ["account", "test"])
    assert result.exit_code == 1 and "no mail account is set up" in result.output


def test_settings_written_before_graph_still_open_as_ews(secret_service, emulator):
    from assistant.mail.credentials import store_secret
    from assistant.mail.ews import EwsBackend

    home = config_dir()
    old = {"email": emulator.email, "server": emulator.url, "auth": "basic"}  # no "kind": an older file
    (home / "config.json").write_text(json.dumps({"account": old}))
    store_secret(emulator.email, emulator.password)
    with open_backend() as backend:
        assert isinstance(backend, EwsBackend) and len(backend.list_drafts()) == 7
    shown = CliRunner().invoke(cli, ["account", "show"])
    assert shown.exit_code == 0 and json.loads(shown.output)["kind"] == "ews"

    (home / "config.json").write_text(json.dumps({"account": {**old, "kind": "imap"}}))
    shown = CliRunner().invoke(cli, ["account", "show"])
    assert shown.exit_code == 1 and "account kind must be one of ews, graph, not 'imap'" in shown.output
