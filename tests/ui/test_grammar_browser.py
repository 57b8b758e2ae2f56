"""Grammar hints in Compose, from a real LanguageTool server (optional part of live hints)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.languagetool]


@pytest.fixture(scope="module")
def grammar_server(emulator, tmp_path_factory, languagetool_url):
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    companion = Companion(backend_factory=emulator.backend, grammar_url=languagetool_url)
    handle = start_server(companion, 0, home=tmp_path_factory.mktemp("grammar-home"))
    try:
        yield handle
    finally:
        handle.stop()


def test_spelling_hint_and_one_click_replacement(browser, grammar_server, shot):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1360, "height": 900})
    page = context.new_page()
    try:
        page.goto(grammar_server.app_url)
        page.get_by_role("link", name="Compose").click()
        page.fill("#c-to", "staff@mdusd.org")
        page.fill("#c-subject", "Permission slips for the museum trip")
        page.locator("#c-body").click()
        page.keyboard.insert_text("Please bring the permision slip on Friday.")
        hint = page.locator('#compose-hints li[data-code^="GR:"]').filter(has_text="permision")
        expect(hint).to_be_visible(timeout=20000)
        # Etiquette hints are there too (they never wait for grammar).
        expect(page.locator('#compose-hints li[data-code="EM501"]')).to_be_visible()
        shot(page, "compose-grammar-hint")
        hint.get_by_role("button", name=re.compile("Fix")).click()
        expect(page.locator("#c-body")).to_have_text("Please bring the permission slip on Friday.")
        expect(hint).to_have_count(0, timeout=20000)
    finally:
        context.close()
