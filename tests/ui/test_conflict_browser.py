"""A draft changed elsewhere while open in Compose (issue 8, item 1), in Chromium.

The server is the real one (uvicorn over TLS, the EWS emulator behind it);
"Outlook" is a second exchangelib connection that edits the draft on the
server after the page loaded it.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from assistant.core.model import Draft, Recipient

pytestmark = pytest.mark.browser

BODY = (
    "<p>Hello team,</p><p>The staff meeting is in the library on Monday at 3:15.</p>"
    "<p>Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary<br>Phone: (925) 555-0114</p>"
)
OUTLOOK_PS = "PS from Outlook: bring the sign-in sheets."
_numbers = itertools.count(1)


@pytest.fixture
def outlook(emulator):
    backend = emulator.backend()
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def opened(page, server, outlook):
    """A new draft on the server, opened in Compose through Drafts -> Edit in Compose."""
    subject = f"Staff meeting on Monday #{next(_numbers)}"
    created = outlook.create_draft(Draft(subject=subject, to=(Recipient("staff@mdusd.org", "Staff"),), html=BODY))
    # Every failed load the page made, with its URL (console messages carry none).
    page.failed_loads = []
    page.on("response", lambda r: page.failed_loads.append({"status": r.status, "url": r.url})
            if r.status >= 400 else None)
    page.goto(server.app_url)
    row = page.locator(f'#drafts-table tr[data-id="{created.id}"]')
    row.get_by_role("button", name=subject, exact=True).click()
    expect(page.frame_locator("#detail-body").locator("body")).to_contain_text("library on Monday")
    page.get_by_role("button", name="Edit in Compose").click()
    expect(page.locator("#c-subject")).to_have_value(subject)
    return created


def edit_in_outlook(outlook, item_id):
    current = outlook.get_draft(item_id)
    outlook.update_draft(current, current.replace(html=current.html + f"<p>{OUTLOOK_PS}</p>"))


def save_into_a_conflict(page, outlook, opened, my_subject):
    """Edit in the page, let Outlook edit the server copy, click Save: the dialog opens."""
    page.fill("#c-subject", my_subject)
    edit_in_outlook(outlook, opened.id)
    page.get_by_role("button", name="Save to Drafts").click()
    dialog = page.locator("#conflict-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#conflict-what")).to_contain_text("Nothing was saved")
    # Both versions, side by side.
    expect(page.locator("#conflict-yours-headers")).to_contain_text(my_subject)
    expect(page.locator("#conflict-theirs-headers")).to_contain_text(opened.subject)
    expect(page.frame_locator("#conflict-theirs-body").locator("body")).to_contain_text(OUTLOOK_PS)
    expect(page.frame_locator("#conflict-yours-body").locator("body")).to_contain_text("library on Monday")
    expect(page.frame_locator("#conflict-yours-body").locator("body")).not_to_contain_text(OUTLOOK_PS)
    # Nothing was overwritten while the person decides.
    stored = outlook.get_draft(opened.id)
    assert stored.subject == opened.subject and OUTLOOK_PS in stored.html
    return dialog


def test_keep_mine_writes_mine_over_theirs_and_a_second_save_works(page, outlook, opened, shot):
    dialog = save_into_a_conflict(page, outlook, opened, "Staff meeting moved to Tuesday")
    shot(page, "compose-conflict-dialog")
    page.get_by_role("button", name="Keep mine").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#compose-status")).to_have_text("Saved to Drafts.")
    stored = outlook.get_draft(opened.id)
    assert stored.subject == "Staff meeting moved to Tuesday"
    assert OUTLOOK_PS not in stored.html  # chosen deliberately
    # The editor now holds the version just saved: the next save is no conflict.
    page.fill("#c-subject", "Staff meeting moved to Wednesday")
    page.get_by_role("button", name="Save to Drafts").click()
    expect(page.locator("#compose-status")).to_have_text("Saved to Drafts.")
    expect(dialog).to_be_hidden()
    assert outlook.get_draft(opened.id).subject == "Staff meeting moved to Wednesday"
    assert_no_page_errors(page)


def test_take_theirs_loads_the_server_version_into_compose(page, outlook, opened, shot):
    dialog = save_into_a_conflict(page, outlook, opened, "My subject that will be dropped")
    page.get_by_role("button", name="Take theirs").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#c-subject")).to_have_value(opened.subject)
    expect(page.locator("#c-body")).to_contain_text(OUTLOOK_PS)
    expect(page.locator("#compose-status")).to_contain_text("Loaded the version saved elsewhere")
    stored = outlook.get_draft(opened.id)
    assert stored.subject == opened.subject and OUTLOOK_PS in stored.html
    shot(page, "compose-conflict-took-theirs")
    # Their version carries its own change_key: saving it on is no conflict.
    page.fill("#c-subject", opened.subject + " (confirmed)")
    page.get_by_role("button", name="Save to Drafts").click()
    expect(page.locator("#compose-status")).to_have_text("Saved to Drafts.")
    stored = outlook.get_draft(opened.id)
    assert stored.subject == opened.subject + " (confirmed)" and OUTLOOK_PS in stored.html
    assert_no_page_errors(page)


def test_open_both_shows_theirs_below_and_keeps_mine_in_the_editor(page, outlook, opened, shot):
    dialog = save_into_a_conflict(page, outlook, opened, "Staff meeting: both versions open")
    page.get_by_role("button", name="Open both").click()
    expect(dialog).to_be_hidden()
    pane = page.locator("#compose-theirs")
    expect(pane).to_be_visible()
    expect(page.locator("#theirs-headers")).to_contain_text(opened.subject)
    expect(page.frame_locator("#theirs-body").locator("body")).to_contain_text(OUTLOOK_PS)
    expect(page.locator("#c-subject")).to_have_value("Staff meeting: both versions open")
    expect(page.locator("#c-body")).not_to_contain_text(OUTLOOK_PS)
    assert outlook.get_draft(opened.id).subject == opened.subject  # still nothing written
    shot(page, "compose-conflict-open-both")
    # The person merges by hand, then saves over the version they have now seen.
    page.locator("#c-body").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("Sign-in sheets: see the office.")
    page.get_by_role("button", name="Save to Drafts").click()
    expect(page.locator("#compose-status")).to_have_text("Saved to Drafts.")
    stored = outlook.get_draft(opened.id)
    assert stored.subject == "Staff meeting: both versions open"
    assert "Sign-in sheets: see the office." in stored.html
    assert_no_page_errors(page)


def test_cancel_keeps_both_versions_untouched(page, outlook, opened):
    dialog = save_into_a_conflict(page, outlook, opened, "Not decided yet")
    page.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#compose-status")).to_contain_text("Not saved: the draft was changed elsewhere")
    expect(page.locator("#c-subject")).to_have_value("Not decided yet")
    stored = outlook.get_draft(opened.id)
    assert stored.subject == opened.subject and OUTLOOK_PS in stored.html
    assert_no_page_errors(page)


def assert_no_page_errors(page):
    # Chromium logs every non-2xx load as a console error: the 409s are the point
    # here, and the browser's own /favicon.ico request finds none.
    failed = [r for r in page.failed_loads if r["status"] != 409 and not r["url"].endswith("/favicon.ico")]
    others = [e for e in page.errors if "Failed to load resource" not in e]
    assert failed == [] and others == []
