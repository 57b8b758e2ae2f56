"""The UI in Debian's Chromium: live hints, one-click fixes, sanitised drafts, counts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assistant.core.check import check
from assistant.core.model import Draft
from assistant.mail.drafts import with_group_sizes
from assistant.policy import default_policy
from assistant.rules import RULES

pytestmark = pytest.mark.browser

NOTICE_START = "CONFIDENTIALITY NOTICE: This electronic mail transmission"


def open_app(page, server, view="drafts"):
    page.goto(server.app_url)
    expect(page.locator("#view-drafts")).to_be_visible()
    if view != "drafts":
        page.get_by_role("link", name=view.capitalize()).click()
        expect(page.locator(f"#view-{view}")).to_be_visible()


def test_token_leaves_the_address_bar_and_is_required(page, server):
    page.goto(server.app_url)
    expect(page.locator("#drafts-table tbody tr").first).to_be_visible()
    assert "token" not in page.url
    # A page opened without the token asks for it instead of showing mail.
    other = page.context.new_page()
    other.goto(server.url)
    expect(other.locator("#view-connect")).to_be_visible()
    expect(other.locator("#view-drafts")).to_be_hidden()
    other.fill("#connect-token", "wrong-" + "x" * 30)
    other.click("#connect-form button[type=submit]")
    expect(other.locator("#connect-error")).to_contain_text("token")
    other.fill("#connect-token", server.token)
    other.click("#connect-form button[type=submit]")
    expect(other.locator("#drafts-table tbody tr").first).to_be_visible()


def test_all_caps_subject_shows_em804_within_a_second(page, server, shot):
    open_app(page, server, "compose")
    page.fill("#c-to", "staff@mdusd.org")
    page.locator("#c-body").click()
    page.keyboard.type("The library is closed on Monday for inventory.")
    subject = page.locator("#c-subject")
    subject.click()
    subject.press_sequentially("PLEASE READ THE NEW LIBRARY SCHEDULE", delay=15)
    # Debounced check after the last key; the hint must be up within a second.
    hint = page.locator('#compose-hints li[data-code="EM804"]')
    expect(hint).to_be_visible(timeout=1000)
    expect(hint).to_contain_text("BP 1114")  # its policy citation
    expect(subject).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#subject-hints")).to_contain_text("EM804")
    shot(page, "compose-em804-caps-subject")
    subject.fill("Library schedule for the week of December 8")
    expect(hint).to_have_count(0, timeout=2000)


SIGNED_BODY = [
    "Hello families,",
    "The science museum field trip is on Friday. Please return the permission slip by Wednesday.",
    "",
    "Maria Delgado",
    "5th Grade Teacher, Oak Hollow Elementary",
    "Phone: (925) 555-0114",
]


def type_body(page, lines):
    page.locator("#c-body").click()
    for i, line in enumerate(lines):
        if i:
            page.keyboard.press("Enter")
        if line:
            page.keyboard.insert_text(line)


def test_fix_on_em501_puts_the_notice_under_the_signature(page, server, shot):
    open_app(page, server, "compose")
    page.fill("#c-to", "Jordan Chen <jordan.chen@example.net>")
    page.fill("#c-subject", "Science museum field trip on Friday")
    type_body(page, SIGNED_BODY)
    hint = page.locator('#compose-hints li[data-code="EM501"]')
    expect(hint).to_be_visible()
    shot(page, "compose-em501-before-fix")
    hint.get_by_role("button", name=re.compile(r"^Fix")).click()
    expect(hint).to_have_count(0)
    body = page.locator("#c-body").inner_text()
    assert body.count("CONFIDENTIALITY NOTICE") == 1
    assert body.index("Phone: (925) 555-0114") < body.index(NOTICE_START)
    # Every word the author typed is still there, in order.
    positions = [body.index(line) for line in SIGNED_BODY if line]
    assert positions == sorted(positions)
    expect(page.locator("#compose-status")).not_to_be_empty()
    shot(page, "compose-em501-after-fix")
    assert not page.errors, page.errors


def test_unsafe_fix_is_previewed_as_a_diff_first(page, server, shot):
    open_app(page, server, "compose")
    page.fill("#c-to", "staff@mdusd.org")
    page.fill("#c-subject", "Library closed Monday for inventory")
    type_body(page, ["THE LIBRARY WILL BE CLOSED ON MONDAY FOR INVENTORY.", "", *SIGNED_BODY[3:]])
    hint = page.locator('#compose-hints li[data-code="EM804"]')
    expect(hint).to_be_visible()
    # The caps run is highlighted in the text (CSS Custom Highlight API).
    page.wait_for_function("CSS.highlights.get('hint-warning') && CSS.highlights.get('hint-warning').size > 0")
    hint.get_by_role("button", name=re.compile("Preview fix")).click()
    dialog = page.locator("#diff-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".diff-line.delete")).to_contain_text("THE LIBRARY WILL BE CLOSED")
    expect(dialog.locator(".diff-line.insert")).to_contain_text("The library will be closed")
    shot(page, "compose-caps-diff-preview")
    # Cancel changes nothing; Apply applies.
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#c-body")).to_contain_text("THE LIBRARY WILL BE CLOSED")
    hint.get_by_role("button", name=re.compile("Preview fix")).click()
    dialog.get_by_role("button", name="Apply").click()
    expect(page.locator("#c-body")).to_contain_text("The library will be closed on")
    expect(hint).to_have_count(0)


HOSTILE = (
    '<p>Picture day is <b>Tuesday</b>.</p>'
    '<script>window.top.pwned && window.top.pwned("script"); document.title = "PWNED"</script>'
    '<img src="x" onerror="window.top.pwned && window.top.pwned(\'onerror\')">'
    '<svg onload="window.top.pwned(\'svg\')"></svg>'
    '<a href="javascript:window.top.pwned(\'href\')" id="evil">Click for the schedule</a>'
    '<iframe srcdoc="&lt;script&gt;parent.pwned(\'iframe\')&lt;/script&gt;"></iframe>'
    '<p style="color:#1f4e79">Maria Delgado<br>Phone: (925) 555-0114</p>'
)


def test_draft_html_with_script_and_onerror_runs_nothing(page, server, emulator, shot):
    backend = emulator.backend()
    try:
        created = backend.create_draft(Draft(subject="Picture day reminder", html=HOSTILE))
    finally:
        backend.close()
    ran: list[str] = []
    page.expose_function("pwned", lambda where: ran.append(where))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, server)
    row = page.locator(f'#drafts-table tr[data-id="{created.id}"]')
    row.get_by_role("button", name="Picture day reminder", exact=True).click()
    frame = page.frame_locator("#detail-body")
    expect(frame.locator("body")).to_contain_text("Picture day is Tuesday.")
    expect(frame.locator("script, iframe, svg, [onerror], [onload]")).to_have_count(0)
    shot(page, "drafts-hostile-draft-preview")
    page.get_by_role("button", name="Edit in Compose").click()
    editor = page.locator("#c-body")
    expect(editor).to_contain_text("Picture day is Tuesday.")
    expect(editor.locator("script, iframe, svg, [onerror], [onload]")).to_have_count(0)
    assert editor.locator("a").get_attribute("href") in (None, "")  # javascript: URL removed
    # Clicking the link does nothing either.
    editor.locator("a").click(modifiers=["Control"]) if editor.locator("a").count() else None
    page.wait_for_timeout(300)
    assert ran == [] and dialogs == []
    assert page.title() != "PWNED"
    # The client sanitiser alone (without the server's) also removes it all.
    cleaned = page.evaluate(
        "async (html) => (await import('/js/sanitize.js')).sanitizeHtml(html)", HOSTILE
    )
    assert not re.search(r"<script|onerror|onload|javascript:|<iframe|<svg", cleaned, re.I)
    assert "Picture day is <b>Tuesday</b>." in cleaned
    assert ran == []


def test_drafts_shows_the_demo_mailbox_with_the_right_counts(page, server, emulator, shot):
    backend = emulator.backend()
    try:
        drafts = with_group_sizes(backend, backend.list_drafts())
    finally:
        backend.close()
    policy = default_policy()
    open_app(page, server)
    rows = page.locator("#drafts-table tbody tr")
    expect(rows).to_have_count(len(drafts))
    for d in drafts:
        hints = check(d, policy)
        row = page.locator(f'#drafts-table tr[data-id="{d.id}"]')
        expect(row).to_contain_text(d.subject or "(no subject)")
        for sev in ("error", "warning", "info"):
            n = sum(h.severity.value == sev for h in hints)
            expect(row.locator(f'.badge[data-severity="{sev}"]')).to_have_text(str(n))
    shot(page, "drafts-demo-mailbox")


def test_one_click_fix_of_a_server_draft(page, server, emulator, shot):
    open_app(page, server)
    row = page.locator("#drafts-table tbody tr").filter(has=page.locator("button.fix-all")).first
    item_id = row.get_attribute("data-id")
    before = row.locator('.badge[data-severity="error"]').inner_text()
    row.locator("button.fix-all").click()
    expect(page.locator("#drafts-status")).to_contain_text("Saved on the server")
    backend = emulator.backend()
    try:
        stored = backend.get_draft(item_id)
    finally:
        backend.close()
    codes = {h.code for h in check(stored, default_policy())}
    assert "EM501" not in codes
    fixed_row = page.locator(f'#drafts-table tr[data-id="{item_id}"]')
    expect(fixed_row.locator('.badge[data-severity="error"]')).not_to_have_text(before)
    shot(page, "drafts-after-one-click-fix")


def test_settings_signature_live_preview_and_save(page, server, shot):
    open_app(page, server, "settings")
    expect(page.locator("#account-info")).to_contain_text("demo mailbox")
    name = page.locator("#sig-name")
    expect(name).to_have_value("Maria Delgado")  # from the directory
    name.fill("Maria Delgado-Reyes")
    page.fill("#sig-pronouns", "she/her")
    expect(page.locator("#sig-preview")).to_contain_text("Maria Delgado-Reyes (she/her)")
    page.get_by_role("button", name="Save signature").click()
    expect(page.locator("#sig-status")).to_have_text("Signature saved.")
    from assistant.config import load_config

    assert load_config()["signature"]["name"] == "Maria Delgado-Reyes"
    page.fill("#sig-email", "not-an-email")
    page.get_by_role("button", name="Save signature").click()
    expect(page.locator("#sig-error")).to_contain_text("email")
    shot(page, "settings-signature")


def test_rules_view_lists_the_catalogue(page, server, shot):
    open_app(page, server, "rules")
    expect(page.locator("#rules-list details")).to_have_count(len(RULES))
    page.fill("#rules-filter", "EM501")
    expect(page.locator("#rules-list details")).to_have_count(1)
    page.locator("#rule-EM501 summary").click()
    expect(page.locator("#rule-EM501")).to_contain_text("Policy")
    shot(page, "rules-em501")


def test_keyboard_only_and_labels(page, server):
    open_app(page, server)
    # Every form control has an accessible name.
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, [contenteditable=true], button, select, textarea')]
             .filter(e => e.offsetParent !== null || e.closest('[hidden]') === null)
             .filter(e => {
               const id = e.id && document.querySelector(`label[for="${e.id}"]`);
               return !(id || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim() || e.closest('label'));
             }).map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []
    # Tab reaches the navigation and Enter switches views.
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    for _ in range(6):
        if page.evaluate("document.activeElement.textContent") == "Compose":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#view-compose")).to_be_visible()
    expect(page.locator('nav a[data-view="compose"]')).to_have_attribute("aria-current", "page")
