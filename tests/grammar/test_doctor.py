"""`mail-assistant doctor` names every component and tells the truth about each."""

from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import config_path, update_section


def run_doctor(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, ["doctor", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def line(output: str, label: str) -> str:
    found = [ln for ln in output.splitlines() if re.match(rf"^(ok|--)\s+{re.escape(label)}\s", ln)]
    assert found, f"no {label!r} line in:\n{output}"
    return found[0]


def test_doctor_names_every_component():
    out = run_doctor()
    for label in (
        "Python", "package pywebview", "package exchangelib", "package language-tool-python",
        "package keyring", "Java", "LanguageTool", "Keyring backend", "Display", "Qt window",
        "Config dir", "Mail account",
    ):
        line(out, label)
    assert os.environ["MAIL_ASSISTANT_HOME"] in line(out, "Config dir")
    assert line(out, "Mail account").startswith("--") and "account add" in out


@pytest.mark.keyring
def test_doctor_reports_the_secret_service_backend(secret_service):
    out = run_doctor()
    assert line(out, "Keyring backend").startswith("ok ")
    assert "keyring.backends.SecretService.Keyring" in out


def test_doctor_reports_a_configured_account():
    update_section("account", {"email": "alice@mdusd.org", "server": "https://mail.mdusd.org/EWS/Exchange.asmx"})
    row = line(run_doctor(), "Mail account")
    assert row.startswith("ok ") and "alice@mdusd.org" in row and "mail.mdusd.org" in row


def test_doctor_survives_a_broken_config_file():
    config_path().write_text("{not json", "utf-8")
    row = line(run_doctor(), "Mail account")
    assert row.startswith("--") and "cannot read settings" in row


@pytest.mark.languagetool
def test_doctor_sees_languagetool(languagetool_url):
    out = run_doctor("--grammar-url", languagetool_url)
    assert line(out, "Java").startswith("ok ") and "version" in line(out, "Java")
    assert re.search(r"LanguageTool \d+\.\d+ jars in ", line(out, "LanguageTool"))
    assert line(out, "LanguageTool server").startswith("ok ")


def test_doctor_says_when_languagetool_is_down():
    row = line(run_doctor("--grammar-url", "http://127.0.0.1:9"), "LanguageTool server")
    assert row.startswith("--") and "does not answer" in row


@pytest.mark.desktop
def test_doctor_sees_the_display(xvfb_display):
    out = run_doctor()
    assert line(out, "Display").startswith("ok ") and xvfb_display in line(out, "Display")
    assert line(out, "Qt window").startswith("ok ")
