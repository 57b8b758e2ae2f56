"""WCAG 2.1 AA in Chromium (issue 15): axe-core on every page and state the UI tests
reach, in light and dark mode; keyboard-only walkthroughs; forced colours; 200 % text.

axe-core is a test dependency pinned in tests/ui/js/package-lock.json (``npm ci`` there).
Without it the axe tests skip locally and FAIL under CI, like every other missing part.
Screenshots go to test-artifacts/a11y/.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assistant.core.model import Draft, Recipient

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
AXE = HERE / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = HERE.parents[1] / "test-artifacts" / "a11y"
STANDIN = HERE.parent / "addin" / "office_standin.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_numbers = itertools.count(1)


# --- axe ----------------------------------------------------------------------------------------


def _missing(reason: str) -> None:
    # The same policy as tests/conftest.py: skip locally, fail loudly under CI.
    from conftest import missing  # tests/conftest.py

    missing(reason)


def axe_violations(page, *, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core in ``page`` at the WCAG 2.1 A and AA tags (or only ``rules``)."""
    if not AXE.exists():
        _missing("axe-core is not installed: run `npm ci` in tests/ui/js")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than page.add_script_tag: the page's
        # CSP (script-src 'self') rightly refuses an inline <script>, and turning CSP off
        # (bypass_csp) could change what is drawn, so the page is tested as it really is.
        page.evaluate(_axe_source())
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {"runOnly": {"type": "tag", "values": WCAG_AA}}
    return page.evaluate(
        """async (options) => {
             const r = await axe.run(document, options);
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                         html: n.html.slice(0, 160)}))}));
           }""",
        options,
    )


_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text(encoding="utf-8") + "\n;void 0;")
    return _AXE_SOURCE[0]


def readable(violations: list[dict]) -> str:
    out = []
    for v in violations:
        out.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:8]:
            out.append(f"    {n['target']}: {n['html']}")
            out.append("      " + (n["summary"] or "").replace("\n", "\n      "))
    return "\n".join(out)


def assert_no_violations(page, state: str, **kw) -> None:
    violations = axe_violations(page, **kw)
    assert not violations, f"axe found WCAG 2.1 A/AA violations in {state}:\n{readable(violations)}"


def shoot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- pages and states -----------------------------------------------------------------------------


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.fixture
def styled_page(browser, server, scheme):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1360, "height": 900}, color_scheme=scheme)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()


def open_view(page, server, view="drafts"):
    page.goto(server.app_url)
    expect(page.locator("#drafts-table tbody tr").first).to_be_visible()
    if view != "drafts":
        page.locator(f'nav a[data-view="{view}"]').click()
        expect(page.locator(f"#view-{view}")).to_be_visible()


SIGNED = [
    "Hello families,",
    "THE LIBRARY WILL BE CLOSED ON MONDAY FOR INVENTORY.",
    "",
    "Maria Delgado",
    "5th Grade Teacher, Oak Hollow Elementary",
    "Phone: (925) 555-0114",
]


def compose_with_hints(page, server):
    open_view(page, server, "compose")
    page.fill("#c-to", "Jordan Chen <jordan.chen@example.net>")
    page.fill("#c-subject", "Library closed Monday")
    page.locator("#c-body").focus()
    for i, line in enumerate(SIGNED):
        if i:
            page.keyboard.press("Enter")
        if line:
            page.keyboard.insert_text(line)
    expect(page.locator('#compose-hints li[data-code="EM804"]')).to_be_visible()
    expect(page.locator('#compose-hints li[data-code="EM501"]')).to_be_visible()


def draft_with_hints(emulator) -> Draft:
    backend = emulator.backend()
    try:
        return backend.create_draft(Draft(
            subject=f"Book fair next week #{next(_numbers)}",
            to=(Recipient("parents@example.net", "Room 12 families"),),
            html="<p>THE BOOK FAIR IS NEXT WEEK IN THE LIBRARY.</p><p>Maria Delgado<br>Phone: (925) 555-0114</p>",
        ))
    finally:
        backend.close()


def drafts_with_selection(page, server, emulator) -> Draft:
    created = draft_with_hints(emulator)
    open_view(page, server)
    page.locator(f'#drafts-table tr[data-id="{created.id}"] button.link').click()
    expect(page.locator("#detail-hints li").first).to_be_visible()
    return created


STATES = ["connect", "drafts-selected", "compose-hints", "diff-dialog", "conflict-dialog", "settings", "rules", "summary"]


def reach(state, page, server, emulator):
    """Drive ``page`` into ``state`` the way the other UI tests do."""
    if state == "connect":
        page.goto(server.url)
        expect(page.locator("#view-connect")).to_be_visible()
        page.fill("#connect-token", "wrong-" + "x" * 30)
        page.click("#connect-form button[type=submit]")
        expect(page.locator("#connect-error")).to_contain_text("token")
    elif state == "drafts-selected":
        drafts_with_selection(page, server, emulator)
    elif state == "compose-hints":
        compose_with_hints(page, server)
        page.wait_for_function("CSS.highlights.get('hint-warning') && CSS.highlights.get('hint-warning').size > 0")
    elif state == "diff-dialog":
        compose_with_hints(page, server)
        page.locator('#compose-hints li[data-code="EM804"] button.fix').click()
        expect(page.locator("#diff-dialog")).to_be_visible()
    elif state == "conflict-dialog":
        created = draft_with_hints(emulator)
        open_view(page, server)
        page.locator(f'#drafts-table tr[data-id="{created.id}"] button.link').click()
        page.get_by_role("button", name="Edit in Compose").click()
        expect(page.locator("#c-subject")).to_have_value(created.subject)
        page.fill("#c-subject", created.subject + " (moved)")
        backend = emulator.backend()
        try:
            current = backend.get_draft(created.id)
            backend.update_draft(current, current.replace(html=current.html + "<p>PS from Outlook.</p>"))
        finally:
            backend.close()
        page.get_by_role("button", name="Save to Drafts").click()
        expect(page.locator("#conflict-dialog")).to_be_visible()
        expect(page.frame_locator("#conflict-theirs-body").locator("body")).to_contain_text("PS from Outlook")
    elif state == "settings":
        open_view(page, server, "settings")
        expect(page.locator("#sig-preview")).to_contain_text("Maria Delgado")
    elif state == "rules":
        open_view(page, server, "rules")
        expect(page.locator("#rules-list details").first).to_be_visible()
        page.locator("#rules-list details summary").first.click()
    elif state == "summary":
        open_view(page, server, "summary")
        expect(page.locator("#summary-status")).to_contain_text("Summary for", timeout=20000)


@pytest.mark.parametrize("state", STATES)
def test_axe_finds_no_wcag_aa_violation(styled_page, server, emulator, scheme, state):
    page = styled_page
    reach(state, page, server, emulator)
    shoot(page, f"{state}-{scheme}")
    assert_no_violations(page, f"{state} ({scheme} mode)")
    assert not page.errors, page.errors
