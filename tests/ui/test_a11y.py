"""WCAG 2.1 AA in Chromium (issue 15): axe-core on every page and state the UI tests
reach, in light and dark mode; keyboard-only walkthroughs; forced colours; 200 % text.

axe-core is a test dependency pinned in tests/ui/js/package-lock.json (``npm ci`` there).
Without it the axe tests skip locally and FAIL under CI, like every other missing part.
Screenshots go to test-artifacts/a11y/.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
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
    """The policy of tests/conftest.py's ``missing``: skip locally, fail loudly under CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a setup failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def axe_violations(page, *, rules: list[str] | None = None, exclude: list[str] = (), include: str | None = None) -> list[dict]:
    """Run axe-core in ``page`` at the WCAG 2.1 A and AA tags (or only ``rules``); ``exclude``
    leaves out CSS selectors, ``include`` limits the run to one."""
    if not AXE.exists():
        _missing("axe-core is not installed: run `npm ci` in tests/ui/js")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than page.add_script_tag: the page's
        # CSP (script-src 'self') rightly refuses an inline <script>, and turning CSP off
        # (bypass_csp) could change what is drawn, so the page is tested as it really is.
        page.evaluate(_axe_source())
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {"runOnly": {"type": "tag", "values": WCAG_AA}}
    context = {"include": [[include]] if include else [["html"]], "exclude": [[sel] for sel in exclude]}
    return page.evaluate(
        """async ([context, options]) => {
             const r = await axe.run(context, options);
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                         html: n.html.slice(0, 160)}))}));
           }""",
        [context, options],
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


def test_axe_really_ran(styled_page, server, emulator, scheme):
    """A guard against a vacuous pass: axe judged the page's colours and names."""
    page = styled_page
    reach("compose-hints", page, server, emulator)
    _ = axe_violations(page, rules=["color-contrast"])
    passed = page.evaluate(
        """async () => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: %s}});
             return Object.fromEntries(r.passes.map(p => [p.id, p.nodes.length]));
           }""" % json.dumps(WCAG_AA)
    )
    assert passed.get("color-contrast", 0) >= 20, passed
    assert passed.get("button-name", 0) >= 8 and passed.get("label", 0) >= 4, passed


# --- keyboard only ------------------------------------------------------------------------------


def active(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
             return {id: e.id, tag: e.tagName, text: (e.textContent || '').trim().slice(0, 80),
                     label: e.getAttribute('aria-label') || '', fix: e.dataset.fix || '',
                     inDialog: !!e.closest('dialog'), row: e.closest('tr') ? e.closest('tr').dataset.id : ''}; }"""
    )


def expect_focus(page, predicate_js: str, what: str) -> None:
    """Wait (briefly) for focus to land where ``predicate_js`` says: a dialog's close event
    and the code that moves focus after it run in a later task than the key press."""
    try:
        page.wait_for_function(f"() => {{ const e = document.activeElement; return Boolean({predicate_js}); }}", timeout=5000)
    except PlaywrightTimeout:
        raise AssertionError(f"focus is not on {what} but on {active(page)}") from None


def tab_to(page, want, limit=80, key="Tab") -> dict:
    """Press Tab until ``want(active element)`` holds; fail naming where focus went."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = active(page)
        if want(now):
            return now
        seen.append(now["id"] or f"{now['tag']}:{now['text'][:20]}")
    raise AssertionError(f"Tab never reached the control; focus went through {seen}")


def test_keyboard_only_drafts_open_preview_escape_and_apply(page, server, emulator):
    created = draft_with_hints(emulator)
    page.goto(server.app_url)
    expect(page.locator(f'#drafts-table tr[data-id="{created.id}"]')).to_be_visible()
    # Tab to the draft's subject and open it with Enter.
    tab_to(page, lambda a: a["row"] == created.id and a["tag"] == "BUTTON" and "link" in page.evaluate("document.activeElement.className"))
    page.keyboard.press("Enter")
    expect(page.locator("#detail-hints li[data-code='EM804']")).to_be_visible()
    expect_focus(page, "e.id === 'detail-subject'", "the opened draft's subject")
    shoot(page, "keyboard-1-draft-opened")
    # Tab order reaches the hint's fix button; Enter opens the preview dialog.
    fix = tab_to(page, lambda a: a["fix"] and "EM804" in a["label"])
    assert fix["text"] == "Preview fix"
    page.keyboard.press("Enter")
    dialog = page.locator("#diff-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".diff-line.delete")).to_contain_text("THE BOOK FAIR")
    assert active(page)["inDialog"]
    # Focus is trapped in the modal: Tab and Shift+Tab never leave it.
    for key in ["Tab"] * 6 + ["Shift+Tab"] * 6:
        page.keyboard.press(key)
        assert active(page)["inDialog"], f"{key} left the dialog: {active(page)}"
    shoot(page, "keyboard-2-preview-dialog")
    # Escape closes it without a change, and focus returns to the button that opened it.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect_focus(page, "e.dataset.fix && e.getAttribute('aria-label').includes('EM804')", "the Preview fix button")
    expect(page.locator("#drafts-status")).to_have_text("Nothing changed.")
    shoot(page, "keyboard-3-escape-focus-returned")
    # Again, and this time Tab to Apply and press Enter.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    tab_to(page, lambda a: a["id"] == "diff-apply", limit=6)
    page.keyboard.press("Enter")
    expect(page.locator("#drafts-status")).to_contain_text("Saved on the server")
    expect(page.locator("#detail-hints li[data-code='EM804']")).to_have_count(0)
    expect_focus(page, "e.id === 'detail-subject'", "the draft's subject")  # the button is gone, focus is not lost
    shoot(page, "keyboard-4-applied")
    backend = emulator.backend()
    try:
        assert "THE BOOK FAIR" not in backend.get_draft(created.id).html
    finally:
        backend.close()


def test_keyboard_only_compose_fix_button_and_conflict_dialog(page, server, emulator):
    created = draft_with_hints(emulator)
    page.goto(server.app_url)
    expect(page.locator(f'#drafts-table tr[data-id="{created.id}"]')).to_be_visible()
    tab_to(page, lambda a: a["row"] == created.id and "Book fair" in a["text"])
    page.keyboard.press("Enter")
    tab_to(page, lambda a: a["text"] == "Edit in Compose")
    page.keyboard.press("Enter")
    expect(page.locator("#view-compose")).to_be_visible()
    expect(page.locator("#compose-hints li[data-code='EM501']")).to_be_visible()
    # From the Compose heading, Tab reaches the safe Fix of EM501 and Enter applies it.
    tab_to(page, lambda a: a["fix"] and "EM501" in a["label"])
    page.keyboard.press("Enter")
    expect(page.locator("#compose-hints li[data-code='EM501']")).to_have_count(0)
    expect_focus(page, "e.id === 'hints-title'", "the Hints heading")
    # Someone edits the draft in Outlook; Save (by keyboard) opens the conflict dialog.
    backend = emulator.backend()
    try:
        current = backend.get_draft(created.id)
        backend.update_draft(current, current.replace(html=current.html + "<p>PS from Outlook.</p>"))
    finally:
        backend.close()
    tab_to(page, lambda a: a["id"] == "compose-save", key="Shift+Tab")
    page.keyboard.press("Enter")
    dialog = page.locator("#conflict-dialog")
    expect(dialog).to_be_visible()
    assert active(page)["inDialog"]
    tab_to(page, lambda a: a["id"] == "conflict-mine", limit=12)
    shoot(page, "keyboard-5-conflict-dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect_focus(page, "e.id === 'compose-save'", "Save to Drafts")
    expect(page.locator("#compose-status")).to_contain_text("Not saved")


def test_new_hints_are_announced_politely_without_moving_focus(page, server):
    open_view(page, server, "compose")
    region = page.locator("#hint-announce")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_attribute("role", "status")
    page.fill("#c-to", "staff@mdusd.org")
    subject = page.locator("#c-subject")
    subject.focus()
    subject.press_sequentially("PLEASE READ THE NEW LIBRARY SCHEDULE", delay=20)
    expect(page.locator('#compose-hints li[data-code="EM804"]')).to_be_visible()
    expect(region).to_contain_text("New hint", timeout=4000)
    expect(region).to_contain_text("EM804")
    assert active(page)["id"] == "c-subject"  # announced, not focused
    # Only new hints are announced: a check that finds the same ones says nothing.
    page.evaluate("document.getElementById('hint-announce').textContent = ''")
    subject.press("End")
    subject.press_sequentially(" NOW", delay=20)
    page.wait_for_timeout(2500)
    expect(region).to_have_text("")


# --- dark mode, forced colours, 200 % text --------------------------------------------------------


@pytest.mark.parametrize("mode", ["dark", "forced-colors"])
def test_dark_and_forced_colours_keep_states_visible(browser, server, emulator, mode):
    opts = {"color_scheme": "dark"} if mode == "dark" else {"forced_colors": "active"}
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1360, "height": 900}, **opts)
    page = context.new_page()
    try:
        drafts_with_selection(page, server, emulator)
        shoot(page, f"drafts-{mode}")
        compose_with_hints(page, server)
        page.locator('#compose-hints li[data-code="EM501"] button.fix').focus()
        shoot(page, f"compose-{mode}")
        styles = page.evaluate(
            """() => { const cs = (s) => getComputedStyle(document.querySelector(s));
                 const f = cs('#compose-hints li[data-code="EM501"] button.fix');
                 return {sevIcon: getComputedStyle(document.querySelector('.sev.error'), '::before').content,
                         sevBorder: cs('.sev.error').borderTopStyle, tabBorder: cs('nav a[aria-current="page"]').borderTopStyle,
                         outline: f.outlineStyle, outlineWidth: f.outlineWidth,
                         bg: cs('body').backgroundColor, paper: cs('#c-body').backgroundColor}; }"""
        )
        assert styles["outline"] == "solid" and styles["outlineWidth"] == "3px", styles  # visible focus
        assert "✖" in styles["sevIcon"], styles  # severity by shape, not colour alone
        if mode == "forced-colors":
            assert styles["sevBorder"] == "solid" and styles["tabBorder"] == "solid", styles
        else:
            assert styles["bg"] != "rgb(246, 247, 249)", styles  # the dark palette is in use
            assert_no_violations(page, "compose in dark mode (colour contrast)", rules=["color-contrast"])
    finally:
        context.close()


def test_text_at_200_percent_clips_no_control(browser, server, emulator):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    check = """() => {
      const bad = [];
      for (const e of document.querySelectorAll('button, input, a, summary, select, label, .badge, .sev, h1, h2')) {
        if (!e.checkVisibility() || e.closest('.sr-only, .skip')) continue;
        const r = e.getBoundingClientRect();
        const em = parseFloat(getComputedStyle(e).fontSize);
        // A button or badge shows all of its text; a text field stays wide enough to type in.
        const clipped = (e.tagName === 'BUTTON' || e.classList.contains('badge'))
          ? (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
          : (e.tagName === 'INPUT' && e.type !== 'checkbox' && e.clientWidth < 8 * em);
        if (clipped || r.right > innerWidth + 1 || r.width === 0)
          bad.push(`${e.tagName}#${e.id}.${e.className} "${(e.textContent||e.value||'').trim().slice(0,30)}" ` +
                   `${Math.round(r.left)}-${Math.round(r.right)} sw=${e.scrollWidth} cw=${e.clientWidth}`);
      }
      if (document.documentElement.scrollWidth > innerWidth + 1) bad.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
      return bad;
    }"""
    big = "document.documentElement.style.fontSize = '30px'"  # 200 % of the 15 px base
    try:
        for state in ["drafts-selected", "compose-hints", "settings", "rules", "summary", "diff-dialog"]:
            reach(state, page, server, emulator)
            page.evaluate(big)
            page.wait_for_timeout(150)
            assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('button')).fontSize)") >= 28
            bad = page.evaluate(check)
            shoot(page, f"text-200-{state}")
            assert not bad, f"{state} at 200 % text:\n" + "\n".join(bad)
    finally:
        context.close()


# --- the signature editor warns about the user's own signature -----------------------------------

OWN_SIGNATURE = (
    '<div><img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" '
    'width="120" height="40"><p style="color:#b0b0b0">Maria Delgado, Oak Hollow Elementary</p>'
    "<p>Phone: (925) 555-0114</p></div>"
)


def test_signature_preview_api_returns_accessibility_warnings(server):
    import ssl

    import httpx

    with httpx.Client(base_url=server.url, verify=ssl.create_default_context(cafile=str(server.tls.ca)), headers={"Authorization": f"Bearer {server.token}"}) as c:
        fields = {"name": "Maria Delgado", "phone": "(925) 555-0114"}
        clean = c.post("/api/signature/preview", json={"fields": fields})
        assert clean.status_code == 200 and clean.json()["warnings"] == []  # the District signature is fine
        own = c.post("/api/signature/preview", json={"fields": fields, "html": OWN_SIGNATURE}).json()
        codes = [w["code"] for w in own["warnings"]]
        assert codes == ["AX101", "AX102"], own["warnings"]
        assert "no alt text" in own["warnings"][0]["message"]
        assert "#b0b0b0 on white" in own["warnings"][1]["message"] and "4.5:1" in own["warnings"][1]["message"]
        described = OWN_SIGNATURE.replace('width="120"', 'alt="Oak Hollow Elementary" width="120"').replace("#b0b0b0", "#1f4e79")
        assert c.post("/api/signature/preview", json={"fields": fields, "html": described}).json()["warnings"] == []
        bad = c.post("/api/signature/preview", json={"fields": fields, "html": 42})
        assert bad.status_code == 400 and '"html"' in bad.json()["error"]


def test_settings_warns_about_a_pasted_signature(styled_page, server, emulator, scheme):
    page = styled_page
    reach("settings", page, server, emulator)
    page.locator(".sig-check summary").focus()
    page.keyboard.press("Enter")  # opens the disclosure, by keyboard
    box = page.locator("#sig-own")
    expect(box).to_be_visible()
    box.evaluate(
        """(el, html) => { const dt = new DataTransfer(); dt.setData('text/html', html);
             el.focus(); el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); }""",
        OWN_SIGNATURE,
    )
    warnings = page.locator("#sig-warnings li")
    expect(warnings).to_have_count(2)
    expect(warnings.nth(0)).to_contain_text("AX101")
    expect(warnings.nth(1)).to_contain_text("AX102")
    expect(page.locator("#sig-warnings")).to_have_attribute("aria-live", "polite")
    shoot(page, f"settings-signature-warnings-{scheme}")
    # The page itself passes; what was pasted is the user's own content, and axe finds in it
    # exactly what the warnings say.
    assert_no_violations(page, f"Settings with signature warnings ({scheme} mode)", exclude=["#sig-own"])
    found = {v["id"] for v in axe_violations(page, include="#sig-own")}
    assert found == {"image-alt", "color-contrast"}, found
    # Described logo, darker text: the warnings go.
    box.evaluate("el => { el.querySelector('img').alt = 'Oak Hollow Elementary'; el.querySelector('p').style.color = '#1f4e79';"
                 " el.dispatchEvent(new InputEvent('input', {bubbles: true})); }")
    expect(warnings).to_have_count(0)


# --- the add-in task pane (shares hints.js, diff.js, modal.js and app.css) ------------------------


@pytest.mark.parametrize("scheme_name", ["light", "dark"])
def test_axe_on_the_task_pane(browser, server, scheme_name):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 360, "height": 800}, color_scheme=scheme_name)
    context.route(re.compile(r"https://appsforoffice\.microsoft\.com/.*"),
                  lambda route: route.fulfill(status=200, content_type="text/javascript", body=STANDIN.read_text()))
    office_item = {"subject": "PICTURE DAY", "cc": [], "bcc": [],
                   "html": "<p>PICTURE DAY IS TUESDAY.</p><p>Maria Delgado<br>Phone: (925) 555-0114</p>",
                   "to": [{"emailAddress": "jordan.chen@example.net", "displayName": "Jordan Chen"}]}
    context.add_init_script("window.__officeState = Object.assign({signatureSet: null, calls: []}, "
                            f"{json.dumps(office_item)}); localStorage.setItem('mail-assistant-token', {json.dumps(server.token)});")
    page = context.new_page()
    try:
        page.goto(f"{server.url}addin/taskpane.html")
        expect(page.locator('#pane-list li[data-code="EM804"]').first).to_be_visible()
        shoot(page, f"taskpane-{scheme_name}")
        assert_no_violations(page, f"the task pane ({scheme_name} mode)")
        page.locator('#pane-list li[data-code="EM804"] button.fix').first.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#diff-dialog")).to_be_visible()
        assert_no_violations(page, f"the task pane's preview dialog ({scheme_name} mode)")
        page.keyboard.press("Escape")
        expect(page.locator("#diff-dialog")).to_be_hidden()
    finally:
        context.close()
