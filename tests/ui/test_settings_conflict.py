"""The signature editor sends back the settings version it loaded: a save refused because
the settings changed elsewhere (here `mail-assistant signature set`, a real second
process) says so, shows what is saved now and offers to reload it, in Chromium against
the real server over TLS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def saved() -> dict:
    path = Path(os.environ["MAIL_ASSISTANT_HOME"]) / "config.json"
    return json.loads(path.read_text("utf-8"))["signature"]


def command_line_sets(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "assistant", "signature", "set", *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def unexpected_errors(page) -> list[str]:
    # Chromium logs every 4xx answer to the console; the refused save's 409 is expected.
    return [e for e in page.errors if "status of 409" not in e]


def open_settings(page, server) -> None:
    page.goto(server.app_url)
    expect(page.locator("#view-drafts")).to_be_visible()
    page.get_by_role("link", name="Settings").click()
    expect(page.locator("#sig-name")).to_have_value("Maria Delgado")  # loaded (from the directory)


def test_a_save_after_the_command_line_changed_the_settings_is_refused_and_reload_offered(page, server, shot):
    open_settings(page, server)
    command_line_sets("--name", "Maria Delgado", "--title", "Department Chair", "--phone", "925-555-0142")
    page.fill("#sig-title-f", "Teacher")
    page.get_by_role("button", name="Save signature").click()
    conflict = page.locator("#sig-conflict")
    expect(conflict).to_be_visible()
    expect(page.locator("#sig-conflict-what")).to_contain_text("changed elsewhere")
    expect(page.locator("#sig-conflict-theirs")).to_contain_text("Department Chair")
    expect(page.locator("#sig-status")).not_to_have_text("Signature saved.")
    expect(page.get_by_role("button", name="Reload the saved settings")).to_be_focused()
    assert saved()["title"] == "Department Chair"  # the command line's save stands
    shot(page, "settings-signature-conflict")

    page.get_by_role("button", name="Reload the saved settings").click()
    expect(conflict).to_be_hidden()
    expect(page.locator("#sig-title-f")).to_have_value("Department Chair")
    expect(page.locator("#sig-phone")).to_have_value("925-555-0142")
    # Saving now is a change of what the command line saved: accepted.
    page.fill("#sig-pronouns", "she/her")
    page.get_by_role("button", name="Save signature").click()
    expect(page.locator("#sig-status")).to_have_text("Signature saved.")
    assert saved()["title"] == "Department Chair" and saved()["pronouns"] == "she/her"
    # And again, with the version that save returned (no reload in between).
    page.fill("#sig-pronouns", "they/them")
    page.get_by_role("button", name="Save signature").click()
    expect(page.locator("#sig-status")).to_have_text("Signature saved.")
    assert saved()["pronouns"] == "they/them"
    assert unexpected_errors(page) == []


def test_keeping_mine_saves_the_page_over_the_other_save_only_when_asked(page, server):
    open_settings(page, server)
    command_line_sets("--name", "Maria Delgado", "--title", "Department Chair", "--phone", "925-555-0142")
    page.fill("#sig-title-f", "Science Teacher")
    page.fill("#sig-phone", "925-555-0199")
    page.get_by_role("button", name="Save signature").click()
    expect(page.locator("#sig-conflict")).to_be_visible()
    assert saved()["title"] == "Department Chair"
    page.get_by_role("button", name="Save mine over them").click()
    expect(page.locator("#sig-status")).to_have_text("Signature saved.")
    expect(page.locator("#sig-conflict")).to_be_hidden()
    assert saved()["title"] == "Science Teacher" and saved()["phone"] == "925-555-0199"
    assert unexpected_errors(page) == []
