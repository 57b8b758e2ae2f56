"""The add-in's task pane and on-send handler in Chromium, loaded from `serve --public`
under a District host name (Chromium resolves it to the service on loopback), with
the Office.js stand-in served where Outlook's CDN copy would come from."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_public_service import start_public

pytestmark = pytest.mark.browser

HOST = "mail-assistant.mdusd.test"  # not loopback: the add-in treats it as the District-hosted service
STANDIN = (Path(__file__).resolve().parents[1] / "addin" / "office_standin.js").read_text()
NOTICE = "CONFIDENTIALITY NOTICE"
ROAMING_SIGNATURE = {"name": "Ana Ruiz", "title": "Counselor", "school": "Ygnacio Valley High", "phone": "925-555-0142"}
UNSIGNED = "<html><body><p>Hello families,</p><p>The science museum field trip is on Friday.</p></body></html>"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    svc = start_public(tmp_path_factory.mktemp("public-browser"))
    try:
        yield svc
    finally:
        svc.stop()


@pytest.fixture(scope="module")
def hosted_browser(service):
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("Chromium is not installed (scripts/setup.sh test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
        try:
            yield b
        finally:
            b.close()


def open_page(browser, service, path, state):
    # The certificate is this test's own (Outlook would see the District's real one).
    ctx = browser.new_context(ignore_https_errors=True, viewport={"width": 360, "height": 800})
    ctx.route(re.compile(r"https://appsforoffice\.microsoft\.com/.*"),
              lambda route: route.fulfill(status=200, content_type="text/javascript", body=STANDIN))
    ctx.add_init_script("window.__officeState = Object.assign({signatureSet: null, calls: []}, " + json.dumps(state) + ");")
    page = ctx.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"https://{HOST}:{service.port}/addin/{path}")
    return page, failed


def item(html=UNSIGNED, **extra):
    return {"subject": "Science museum field trip on Friday", "html": html, "cc": [], "bcc": [],
            "to": [{"emailAddress": "jordan.chen@example.net", "displayName": "Jordan Chen"}], **extra}


def test_task_pane_from_the_hosted_service_shows_hints_and_fixes_with_the_roaming_signature(hosted_browser, service):
    page, failed = open_page(hosted_browser, service, "taskpane.html", item(roaming={"signature": ROAMING_SIGNATURE}))
    signature_hint = page.locator('#pane-list li[data-code="EM701"]')
    expect(signature_hint).to_be_visible()
    expect(page.locator('#pane-list li[data-code="EM501"]')).to_be_visible()
    expect(page.locator("#pair-form")).to_be_hidden()  # the hosted service asks for no token
    expect(page.locator("#pane-mode")).to_be_hidden()  # the service answered: not the device checks
    signature_hint.get_by_role("button", name=re.compile("^Fix")).click()
    expect(signature_hint).to_have_count(0)
    html = page.evaluate("window.__officeState.html")
    assert "Ana Ruiz" in html and "Ygnacio Valley High" in html  # the roaming signature, sent with the fix
    notice_hint = page.locator('#pane-list li[data-code="EM501"]')
    notice_hint.get_by_role("button", name=re.compile("^Fix")).click()
    expect(notice_hint).to_have_count(0)
    html = page.evaluate("window.__officeState.html")
    assert html.index("Ana Ruiz") < html.index(NOTICE)
    assert failed == []  # every file the pane loads is served
    page.context.close()


def test_on_send_is_checked_by_the_hosted_service(hosted_browser, service):
    page, failed = open_page(hosted_browser, service, "commands.html", item())
    blocked = page.evaluate("window.__office.fire('onMessageSendHandler')")
    assert blocked["allowEvent"] is False and "EM501" in blocked["errorMessage"]
    assert "could not run" not in blocked["errorMessage"]  # the full check ran, no token needed
    assert page.evaluate("MailAssistantAddin.serviceOrigin()") == f"https://{HOST}:{service.port}"
    assert failed == []
    page.context.close()
