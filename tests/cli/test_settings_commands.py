"""`mail-assistant signature set|show` and `mail-assistant config path`.

The settings folder is a fresh temporary one per test ($MAIL_ASSISTANT_HOME,
tests/conftest.py); commands run through click's CliRunner.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from assistant.cli import cli

JANE = ["--name", "Jane  Doe", "--title", "Science Teacher", "--school", "Northgate High",
        "--phone", "(925) 555-0142", "--email", "jdoe@mdusd.org"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def settings_file() -> Path:
    return Path(os.environ["MAIL_ASSISTANT_HOME"]) / "config.json"


def test_set_saves_validates_and_prints_the_text_form() -> None:
    r = run("signature", "set", *JANE, "--pronouns", "she/her")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["-- ", "Jane Doe (she/her)", "Science Teacher", "Northgate High",
                                     "Phone: (925) 555-0142", "Email: jdoe@mdusd.org"]
    saved = json.loads(settings_file().read_text("utf-8"))["signature"]
    assert saved == {"name": "Jane Doe", "title": "Science Teacher", "school": "Northgate High",
                     "phone": "(925) 555-0142", "email": "jdoe@mdusd.org", "pronouns": "she/her"}
    shown = run("signature", "show")
    assert shown.exit_code == 0 and shown.stdout == r.stdout


def test_set_one_field_keeps_the_others_and_empty_clears() -> None:
    run("signature", "set", *JANE, "--pronouns", "she/her")
    r = run("signature", "set", "--phone", "925-555-0199", "--pronouns", "")
    assert r.exit_code == 0, r.output
    saved = json.loads(settings_file().read_text("utf-8"))["signature"]
    assert saved["phone"] == "925-555-0199" and saved["name"] == "Jane Doe" and "pronouns" not in saved
    assert "Jane Doe\n" in run("signature", "show").stdout


def test_an_invalid_field_is_named_and_nothing_is_saved() -> None:
    run("signature", "set", *JANE)
    before = settings_file().read_bytes()
    r = run("signature", "set", "--phone", "12")
    assert r.exit_code == 3
    assert r.stderr.strip() == "error: signature.phone is not a phone number: '12'"
    assert r.stdout == ""
    assert settings_file().read_bytes() == before


def test_dry_run_previews_without_saving() -> None:
    r = run("signature", "set", *JANE, "--dry-run")
    assert r.exit_code == 0 and "Jane Doe" in r.stdout and "not saved" in r.stderr
    assert not settings_file().exists()


def test_set_without_a_field_is_a_usage_error() -> None:
    # The real entry point: main() maps click's usage errors to 3 (CliRunner would say 2).
    r = subprocess.run([sys.executable, "-m", "assistant", "signature", "set"], capture_output=True, text=True)
    assert r.returncode == 3 and "give at least one field" in r.stderr


def test_show_without_a_signature_exits_3() -> None:
    r = run("signature", "show")
    assert r.exit_code == 3
    assert "no signature is configured" in r.stderr and r.stdout == ""


def test_show_names_the_bad_field_of_a_hand_edited_file() -> None:
    settings_file().write_text(json.dumps({"signature": {"name": "Jane Doe", "email": "not an address"}}))
    r = run("signature", "show")
    assert r.exit_code == 3 and "signature.email" in r.stderr


def test_a_signature_without_contact_details_is_saved_with_a_note() -> None:
    r = run("signature", "set", "--name", "Jane Doe")
    assert r.exit_code == 0
    assert "EM701" in r.stderr


def test_fix_inserts_the_signature_set_on_the_command_line(tmp_path: Path) -> None:
    run("signature", "set", *JANE)
    draft = tmp_path / "note.txt"
    draft.write_text("Hello,\n\nThe field trip form is due Friday.\n", "utf-8")
    r = run("fix", str(draft), "--only", "signature")
    assert r.exit_code == 0, r.output
    text = draft.read_text("utf-8")
    assert "Jane Doe\nScience Teacher\nNorthgate High\nPhone: (925) 555-0142" in text


def test_config_path_names_the_settings_file_folder_log_and_ca() -> None:
    home = Path(os.environ["MAIL_ASSISTANT_HOME"])
    r = run("config", "path")
    assert r.exit_code == 0
    lines = dict(line.split(":", 1) for line in r.stdout.splitlines())
    assert lines["settings file"].split()[0] == str(home / "config.json")
    assert lines["config folder"].strip() == str(home)
    assert lines["local CA"].strip() == f"{home / 'tls' / 'ca.pem'}  (not created yet)"
    assert "no log file" in lines["log"]
    assert "system keyring" in lines["API token"] and "never in a file" in lines["API token"]
    assert not list(home.glob("*token*")), "config path must not create a token file"


def test_config_path_points_at_the_ca_the_server_creates() -> None:
    from assistant.app.context import AppContext
    from assistant.server.run import start_server

    handle = start_server(AppContext.create(), 0)
    try:
        r = run("config", "path")
    finally:
        handle.stop()
    lines = dict(line.split(":", 1) for line in r.stdout.splitlines())
    assert lines["local CA"].strip() == str(handle.tls.ca)
    assert handle.tls.ca.is_file()
