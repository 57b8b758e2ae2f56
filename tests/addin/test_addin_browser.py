"""The add-in's task pane and event handlers in Chromium, with an Office.js
stand-in served where Outlook's CDN copy would come from."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TESTS = Path(__file__).resolve().parents[1]
STANDIN = (Path(__file__).with_name("office_standin.js")).read_text()
HOSTED = "mail-assistant.mdusd.test"  # not loopback: the add-in takes it for the District-hosted service
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "addin"
NOTICE = "CONFIDENTIALITY NOTICE: This electronic mail transmission"
SIGNED = ("<html><body><p>Hello families,</p><p>The science museum field trip is on Friday. Please return the "
          "permission slip by Wednesday.</p><p>Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary<br>"
          "Phone: (925) 555-0114</p></body></html>")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    handle = start_server(Companion(), 0, home=tmp_path_factory.mktemp("addin-home"))
    try:
        yield handle
    finally:
        handle.stop()


def open_page(browser, server, path, item, token=True, route_api_down=False):
    ctx = browser.new_context(ignore_https_errors=True, viewport={"width": 360, "height": 800})
    if route_api_down:
        ctx.route(re.compile(r".*/api/(check|fix)$"), lambda route: route.abort("connectionrefused"))
    # Outlook would load Office.js from its CDN; the test serves the stand-in there (no network).
    ctx.route(re.compile(r"https://appsforoffice\.microsoft\.com/.*"),
              lambda route: route.fulfill(status=200, content_type="text/javascript", body=STANDIN))
    init = "window.__officeState = Object.assign({signatureSet: null, calls: []}, " + _js(item) + ");"
    if token:
        init += f"localStorage.setItem('mail-assistant-token', {_js(server.token)});"
    ctx.add_init_script(init)
    page = ctx.new_page()
    page.goto(f"https://localhost:{server.port}/addin/{path}")
    return page


def _js(value) -> str:
    import json

    return json.dumps(value)


def item(html=SIGNED, subject="Science museum field trip on Friday", to=None):
    return {"subject": subject, "html": html, "cc": [], "bcc": [],
            "to": to if to is not None else [{"emailAddress": "jordan.chen@example.net", "displayName": "Jordan Chen"}]}


def test_task_pane_shows_hints_and_fixes_the_outlook_body(browser, server):
    page = open_page(browser, server, "taskpane.html", item())
    hint = page.locator('#pane-list li[data-code="EM501"]')
    expect(hint).to_be_visible()
    expect(page.locator("#pair-form")).to_be_hidden()  # already paired
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "taskpane-em501.png"), full_page=True)
    hint.get_by_role("button", name=re.compile("^Fix")).click()
    expect(hint).to_have_count(0)
    html = page.evaluate("window.__officeState.html")
    assert html.index("Phone: (925) 555-0114") < html.index(NOTICE)
    assert "body.setAsync:html" in page.evaluate("window.__officeState.calls")
    page.screenshot(path=str(ARTIFACTS / "taskpane-after-fix.png"), full_page=True)
    page.context.close()


def test_task_pane_asks_to_pair_without_a_token(browser, server):
    page = open_page(browser, server, "taskpane.html", item(), token=False)
    expect(page.locator("#pair-form")).to_be_visible()
    page.fill("#pair-token", "wrong-" + "x" * 30)
    page.get_by_role("button", name="Connect").click()
    expect(page.locator("#pair-error")).to_contain_text("401")
    page.fill("#pair-token", server.token)
    page.get_by_role("button", name="Connect").click()
    expect(page.locator('#pane-list li[data-code="EM501"]')).to_be_visible()
    expect(page.locator("#pair-form")).to_be_hidden()
    page.context.close()


def test_on_send_blocks_errors_prompts_warnings_and_passes_clean_mail(browser, server):
    page = open_page(browser, server, "commands.html", item())
    blocked = page.evaluate("window.__office.fire('onMessageSendHandler')")
    assert blocked["allowEvent"] is False and "EM501" in blocked["errorMessage"]
    assert len(blocked["errorMessage"]) <= 500 and "sendModeOverride" not in blocked
    # With the notice added, only a warning is left (all-caps subject): the user may send anyway.
    page.evaluate("async () => { const r = await window.MailAssistantAddin.api('POST', 'fix', {draft: {html: window.__officeState.html}, fixes: ['notice']}); window.__officeState.html = r.draft.html; }")
    page.evaluate("window.__officeState.subject = 'FIELD TRIP ON FRIDAY FOR ROOM 14'")
    warned = page.evaluate("window.__office.fire('onMessageSendHandler')")
    assert warned["allowEvent"] is False and "EM804" in warned["errorMessage"]
    assert warned["sendModeOverride"] == "promptUser"
    page.evaluate("window.__officeState.subject = 'Science museum field trip on Friday'")
    clean = page.evaluate("window.__office.fire('onMessageSendHandler')")
    assert clean == {"allowEvent": True}
    page.context.close()


def test_on_send_checks_on_the_device_when_the_companion_is_unreachable(browser, server):
    # No token: the companion cannot be asked. The handler checks on the device and says so.
    page = open_page(browser, server, "commands.html", item(), token=False)
    blocked = page.evaluate("window.__office.fire('onMessageSendHandler')")
    assert blocked["allowEvent"] is False and "EM501" in blocked["errorMessage"]
    assert "could not run" in blocked["errorMessage"] and "sendModeOverride" not in blocked
    assert blocked["cancelLabel"] == "Fix it" and blocked["commandId"] == "msgComposeOpenPaneButton"
    notice = page.evaluate("MailAssistantPolicy.notice.text")
    page.evaluate("n => { window.__officeState.html = window.__officeState.html.replace('</body>', '<p>&nbsp;</p><p>' + n + '</p></body>'); }", notice)
    prompt = page.evaluate("window.__office.fire('onMessageSendHandler')")
    assert prompt["allowEvent"] is False and prompt["sendModeOverride"] == "promptUser"
    assert "could not run" in prompt["errorMessage"] and "found nothing to fix" in prompt["errorMessage"]
    page.context.close()


def test_on_send_on_mailbox_1_12_has_no_send_anyway_but_send_again(browser, server):
    state = dict(item(), mailbox="1.12")
    page = open_page(browser, server, "commands.html", state)
    page.evaluate("window.__officeState.subject = 'FIELD TRIP ON FRIDAY FOR ROOM 14'")
    page.evaluate("async () => { const r = await window.MailAssistantAddin.api('POST', 'fix', {draft: {html: window.__officeState.html}, fixes: ['notice']}); window.__officeState.html = r.draft.html; }")
    first = page.evaluate("window.__office.fire('onMessageSendHandler')")
    assert first["allowEvent"] is False and "EM804" in first["errorMessage"] and "Send again" in first["errorMessage"]
    assert "sendModeOverride" not in first and "cancelLabel" not in first
    assert page.evaluate("window.__office.fire('onMessageSendHandler')") == {"allowEvent": True}
    page.context.close()


def test_new_compose_inserts_the_configured_signature(browser, server):
    from assistant.config import update_section

    update_section("signature", {"name": "Sam Ortiz", "title": "Principal", "school": "Cedar Park Middle", "phone": "925-555-0199"})
    page = open_page(browser, server, "commands.html", item(html=""))
    page.evaluate("window.__office.fire('onNewMessageComposeHandler')")
    sig = page.evaluate("window.__officeState.signatureSet")
    assert sig and "Sam Ortiz" in sig and "925-555-0199" in sig
    assert "body.setSignatureAsync:html" in page.evaluate("window.__officeState.calls")
    page.context.close()


def test_new_compose_uses_the_roaming_signature_and_respects_outlooks_own(browser, server):
    roaming = {"signature": {"name": "Ana Ruiz", "title": "Counselor", "school": "Ygnacio Valley High", "phone": "925-555-0142"}}
    page = open_page(browser, server, "commands.html", dict(item(html=""), roaming=roaming))
    page.evaluate("window.__office.fire('onNewMessageComposeHandler')")
    sig = page.evaluate("window.__officeState.signatureSet")
    assert 'data-mail-assistant="signature"' in sig and "Ana Ruiz" in sig and "tel:9255550142" in sig
    page.context.close()
    page = open_page(browser, server, "commands.html", dict(item(html=""), roaming=roaming, clientSignature=True))
    page.evaluate("window.__office.fire('onNewMessageComposeHandler')")
    assert page.evaluate("window.__officeState.signatureSet") is None
    assert "disableClientSignatureAsync" not in page.evaluate("window.__officeState.calls")
    assert "own signature" in page.evaluate("window.__officeState.notifications['mail-assistant-signature'].message")
    page.context.close()


def test_task_pane_rechecks_live_as_the_draft_and_recipients_change(browser, server):
    page = open_page(browser, server, "taskpane.html", item())
    expect(page.locator('#pane-list li[data-code="EM501"]')).to_be_visible()
    notice = page.evaluate("MailAssistantPolicy.notice.text")
    # Typing (the body changes, no event from Outlook): the debounced poll re-checks.
    page.evaluate("n => { window.__officeState.html = window.__officeState.html.replace('</body>', '<p>&nbsp;</p><p>' + n + '</p></body>'); }", notice)
    expect(page.locator('#pane-list li[data-code="EM501"]')).to_have_count(0, timeout=8000)
    # Recipients added in Outlook: the RecipientsChanged handler re-checks at once.
    many = [{"emailAddress": f"parent{i}@example.net", "displayName": f"Parent {i}"} for i in range(11)]
    page.evaluate("to => { window.__officeState.to = to; }", many)
    assert page.evaluate("window.__office.itemEvent('olkRecipientsChanged')") is True
    expect(page.locator('#pane-list li[data-code="EM401"]')).to_be_visible(timeout=3000)
    # A pinned pane follows the selected message (ItemChanged).
    page.evaluate("() => { window.__officeState.to = []; window.__officeState.subject = 'HELLO THERE EVERYONE TODAY'; }")
    assert page.evaluate("window.__office.mailboxEvent('olkItemSelectedChanged')") is True
    expect(page.locator('#pane-list li[data-code="EM804"]')).to_be_visible(timeout=3000)
    expect(page.locator('#pane-list li[data-code="EM401"]')).to_have_count(0)
    page.context.close()


def test_task_pane_shows_the_device_checks_when_the_service_is_down(browser, server):
    page = open_page(browser, server, "taskpane.html", item(), route_api_down=True)
    hint = page.locator('#pane-list li[data-code="EM501"]')
    expect(hint).to_be_visible()
    expect(page.locator("#pane-mode")).to_be_visible()
    expect(hint.get_by_role("button", name=re.compile("^Fix"))).to_have_count(0)  # fixes need the service
    page.context.close()


def test_task_pane_saves_the_signature_to_roaming_settings_and_asks_about_outlooks(browser, server):
    page = open_page(browser, server, "taskpane.html", dict(item(), clientSignature=True))
    expect(page.locator("#client-sig")).to_be_visible()
    assert "disableClientSignatureAsync" not in page.evaluate("window.__officeState.calls")  # nothing without asking
    page.locator("#sig-heading").click()
    page.fill("#sig-name", "Ana Ruiz")
    page.fill("#sig-title", "Counselor")
    page.fill("#sig-school", "Ygnacio Valley High")
    page.fill("#sig-phone", "925-555-0142")
    page.get_by_role("button", name="Save signature").click()
    expect(page.locator("#sig-status")).to_contain_text("Saved")
    assert page.evaluate("window.__officeState.roaming.signature")["name"] == "Ana Ruiz"
    assert "roamingSettings.saveAsync" in page.evaluate("window.__officeState.calls")
    expect(page.locator("#sig-preview")).to_contain_text("Ygnacio Valley High")
    page.get_by_role("button", name="Use the District signature").click()
    expect(page.locator("#client-sig")).to_be_hidden()
    assert "disableClientSignatureAsync" in page.evaluate("window.__officeState.calls")
    assert "Ana Ruiz" in page.evaluate("window.__officeState.signatureSet")
    page.context.close()


def _helpers(rel: str, name: str):
    """A helper module of another test folder (axe in tests/ui, `serve --public` in tests/server)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TESTS / rel)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before running it: its dataclasses look themselves up there
        spec.loader.exec_module(module)
    return sys.modules[name]


def axe(page, state, **kw):
    _helpers("ui/test_a11y.py", "_addin_a11y").assert_no_violations(page, state, **kw)


def many_recipients():
    return [{"emailAddress": f"parent{i}@example.net", "displayName": f"Parent {i}"} for i in range(11)]


def test_task_pane_announces_only_new_hints_after_a_pause_without_moving_focus(browser, server):
    page = open_page(browser, server, "taskpane.html", item())
    announce = page.locator("#hint-announce")
    expect(page.locator('#pane-list li[data-code="EM501"]')).to_be_visible()
    # The counts line is read where it stands, no longer re-announced on every check.
    assert page.evaluate("['role', 'aria-live'].map(a => document.getElementById('pane-summary').getAttribute(a))") == [None, None]
    assert (announce.get_attribute("role"), announce.get_attribute("aria-live")) == ("status", "polite")
    expect(announce).to_contain_text("Error EM501", timeout=5000)  # the hints found on opening, once
    page.focus("#pane-recheck")
    page.evaluate("to => { window.__officeState.to = to; }", many_recipients())
    assert page.evaluate("window.__office.itemEvent('olkRecipientsChanged')") is True
    expect(page.locator('#pane-list li[data-code="EM401"]')).to_be_visible(timeout=3000)
    assert "EM401" not in announce.text_content()  # not at once: after the pause (1.2 s)
    expect(announce).to_contain_text("New hint: Warning EM401", timeout=5000)
    assert "EM501" not in announce.text_content()  # still there, but not new
    assert page.evaluate("document.activeElement.id") == "pane-recheck"  # focus never moves
    # Checking again finds nothing new: nothing is said.
    page.evaluate("document.getElementById('hint-announce').textContent = ''")
    with page.expect_response(re.compile(r"/api/check$")):
        page.keyboard.press("Enter")
    page.wait_for_timeout(2000)
    assert announce.text_content() == ""
    page.context.close()


def test_task_pane_waits_for_a_pause_in_typing_before_announcing(browser, server):
    page = open_page(browser, server, "taskpane.html", item())
    announce = page.locator("#hint-announce")
    expect(announce).to_contain_text("EM501", timeout=5000)
    page.evaluate("to => { window.__officeState.to = to; }", many_recipients())
    assert page.evaluate("window.__office.itemEvent('olkRecipientsChanged')") is True
    expect(page.locator('#pane-list li[data-code="EM401"]')).to_be_visible(timeout=3000)
    # The author keeps typing (a word every 150 ms) for 3 s, well past the 1.2 s pause.
    page.evaluate("""() => { let n = 0; window.__typing = setInterval(() => {
        window.__officeState.html = window.__officeState.html.replace('families,', 'families, and' + (n++) + ','); }, 150); }""")
    page.wait_for_timeout(3000)
    assert "EM401" not in announce.text_content()
    page.evaluate("clearInterval(window.__typing)")
    expect(announce).to_contain_text("New hint: Warning EM401", timeout=6000)
    assert "EM501" not in announce.text_content()
    page.context.close()


def test_signature_preview_is_a_named_region_with_the_companions_warnings(browser, server):
    roaming = {"signature": {"name": "Ana Ruiz", "title": "Counselor", "school": "Ygnacio Valley High", "phone": "925-555-0142"}}
    page = open_page(browser, server, "taskpane.html", dict(item(), roaming=roaming))
    expect(page.locator('#pane-list li[data-code="EM501"]')).to_be_visible()
    page.locator("#sig-heading").click()
    region = page.get_by_role("region", name="Preview")
    expect(region).to_contain_text("Ygnacio Valley High")
    # The local companion checks the signature the fields make (real endpoint, real answer).
    with page.expect_response(lambda r: r.url.endswith("/api/signature/preview") and "School Counselor" in (r.request.post_data or "")) as answer:
        page.fill("#sig-title", "School Counselor")
    assert answer.value.ok and answer.value.json()["warnings"] == []
    expect(region).to_contain_text("School Counselor")  # the preview follows the form before saving
    expect(page.locator("#sig-warnings li")).to_have_count(0)
    # Fields alone cannot make a picture or a colour, so a warning is added to the companion's
    # real answer here to show how the pane lists one.
    warning = {"code": "AX101", "message": "The picture logo.png has no alt text: describe it."}

    def with_warning(route):
        answer = route.fetch()
        route.fulfill(response=answer, json={**answer.json(), "warnings": [warning]})

    page.route(re.compile(r".*/api/signature/preview$"), with_warning)
    page.fill("#sig-school", "Ygnacio Valley High School")
    listed = page.locator('#sig-warnings li[data-code="AX101"]')
    expect(listed).to_have_text("Accessibility AX101: The picture logo.png has no alt text: describe it.")
    assert page.evaluate("document.activeElement.id") == "sig-school"
    axe(page, "the task pane with the signature form, its preview and a warning")
    page.context.close()


def test_help_page_explains_the_hints_and_lists_the_rules(browser, server):
    page = open_page(browser, server, "help.html", item())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mail Assistant")
    rule = page.locator("#rule-EM501")
    expect(rule).to_contain_text("EM501")
    expect(rule).to_contain_text("(Error)")
    assert page.locator("#rules-list li").count() >= 20
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        axe(page, f"the add-in help page ({scheme} mode)")
    page.context.close()
    # Opened from Outlook's add-in list in a browser that has no token: a clear sentence, no rules.
    page = open_page(browser, server, "help.html", item(), token=False)
    expect(page.locator("#rules-status")).to_contain_text("could not be loaded (the Mail Assistant answered 401)")
    expect(page.locator("#rules-list li")).to_have_count(0)
    page.context.close()


@pytest.fixture(scope="module")
def hosted(browser, tmp_path_factory):
    """`serve --public` on loopback, and a Chromium that reaches it under a District host name."""
    svc = _helpers("server/test_public_service.py", "_addin_public_service").start_public(tmp_path_factory.mktemp("hosted"))
    path = shutil.which("chromium") or "/usr/bin/chromium"
    b = browser.browser_type.launch(executable_path=path, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", f"--host-resolver-rules=MAP {HOSTED} 127.0.0.1"])
    try:
        yield b, f"https://{HOSTED}:{svc.port}"
    finally:
        b.close()
        svc.stop()


def test_hosted_pane_skips_the_signature_check_and_serves_the_help_page(hosted):
    b, base = hosted
    ctx = b.new_context(ignore_https_errors=True, viewport={"width": 360, "height": 800})
    ctx.route(re.compile(r"https://appsforoffice\.microsoft\.com/.*"),
              lambda route: route.fulfill(status=200, content_type="text/javascript", body=STANDIN))
    ctx.add_init_script("window.__officeState = Object.assign({signatureSet: null, calls: []}, " + _js(item()) + ");")
    page = ctx.new_page()
    asked: list[str] = []
    failed: list[str] = []
    ctx.on("request", lambda r: asked.append(r.url) if "/api/signature" in r.url else None)
    ctx.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}/addin/taskpane.html")
    expect(page.locator('#pane-list li[data-code="EM501"]')).to_be_visible()
    page.locator("#sig-heading").click()
    page.fill("#sig-name", "Ana Ruiz")
    expect(page.get_by_role("region", name="Preview")).to_contain_text("Ana Ruiz")
    page.get_by_role("button", name="Save signature").click()
    expect(page.locator("#sig-status")).to_contain_text("Saved")
    page.wait_for_timeout(1000)  # past the edit debounce (250 ms)
    assert asked == [] and failed == []  # the hosted service has no signature endpoint, and is not asked
    # The manifest's SupportUrl, the page the pane links to: served, with the rules, without a token.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("About these hints")).click()
    help_page = opened.value
    expect(help_page.locator("#rule-EM501")).to_contain_text("EM501")
    assert help_page.url == f"{base}/addin/help.html" and failed == []
    ctx.close()
