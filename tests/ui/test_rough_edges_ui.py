"""Rough edges of the window a new user hit (issue 11), in Debian's Chromium
against the real server on the demo mailbox: labelled draft counts, a blank
new message without hints, and the caps highlight covering exactly the words
the server reports (also after characters outside the BMP)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assistant.core.check import check
from assistant.mail.drafts import with_group_sizes
from assistant.policy import default_policy

pytestmark = pytest.mark.browser

NOUNS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("advice note", "advice notes")}


def open_app(page, server, view="drafts"):
    page.goto(server.app_url)
    expect(page.locator("#view-drafts")).to_be_visible()
    if view != "drafts":
        page.get_by_role("link", name=view.capitalize()).click()
        expect(page.locator(f"#view-{view}")).to_be_visible()


def labelled(sev: str, n: int) -> str:
    one, many = NOUNS[sev]
    return f"{n} {one if n == 1 else many}"


def test_draft_counts_are_labelled_with_singular_and_plural(page, server, emulator, shot):
    backend = emulator.backend()
    try:
        drafts = with_group_sizes(backend, backend.list_drafts())
    finally:
        backend.close()
    policy = default_policy()
    open_app(page, server)
    expect(page.locator("#drafts-table tbody tr")).to_have_count(len(drafts))
    seen_one = False
    for d in drafts:
        hints = check(d, policy)
        cell = page.locator(f'#drafts-table tr[data-id="{d.id}"] td.counts')
        items = cell.locator(".count")
        expect(items).to_have_count(3)
        for i, sev in enumerate(("error", "warning", "info")):
            n = sum(h.severity.value == sev for h in hints)
            seen_one |= n == 1
            # What is shown is what a screen reader reads: the number and its noun.
            expect(items.nth(i)).to_have_text(labelled(sev, n))
            assert items.nth(i).get_attribute("aria-label") is None
    assert seen_one  # the demo mailbox has a single error or warning somewhere: singular checked
    text = page.locator("#drafts-table").inner_text()
    assert "advices" not in text and not re.search(r"\b1 (errors|warnings)\b", text)
    shot(page, "drafts-labelled-counts")


def test_a_blank_new_message_shows_no_hints_until_something_is_written(page, server, shot):
    checks = []
    page.on("request", lambda r: checks.append(r.url) if r.url.endswith("/api/check") else None)
    open_app(page, server, "compose")
    summary = page.locator("#hint-summary")
    expect(summary).to_have_text("Hints appear here as you write.")
    expect(page.locator("#compose-hints li")).to_have_count(0)
    assert checks == []  # nothing was sent to be checked: not a race with a slow answer
    shot(page, "compose-blank-no-hints")
    # The first recipient starts the checking: now the missing notice is an error.
    page.fill("#c-to", "Jordan Chen <jordan.chen@example.net>")
    expect(page.locator('#compose-hints li[data-code="EM501"]')).to_be_visible()
    expect(summary).to_contain_text("1 error")
    assert checks
    # Sending a blank message is refused with a reason, and New message is blank again.
    page.click("#compose-new")
    expect(summary).to_have_text("Hints appear here as you write.")
    expect(page.locator("#compose-hints li")).to_have_count(0)
    page.click("#compose-send")
    expect(page.locator("#compose-status")).to_have_text("Nothing to send: the message is empty.")
    assert not page.errors, page.errors


def test_caps_highlight_covers_exactly_the_reported_words_after_an_emoji(page, server, shot):
    open_app(page, server, "compose")
    page.fill("#c-to", "staff@mdusd.org")
    page.fill("#c-subject", "Forms for the museum visit")
    page.locator("#c-body").click()
    # Astral characters are two UTF-16 units in JavaScript and one code point in Python.
    page.keyboard.insert_text("🎉🎉 Hello, PLEASE BRING SIGNED FORMS TOMORROW MORNING. Thanks 😀")
    hint = page.locator('#compose-hints li[data-code="EM804"]')
    expect(hint).to_be_visible()
    page.wait_for_function("CSS.highlights.get('hint-warning') && CSS.highlights.get('hint-warning').size > 0")
    highlighted = page.evaluate("[...CSS.highlights.get('hint-warning')].map((r) => r.toString())")
    assert highlighted == ["PLEASE BRING SIGNED FORMS TOMORROW MORNING"]
    shot(page, "compose-caps-highlight-after-emoji")
