"""Signing in to the Graph emulator with the real MSAL: device code, authorization code with
PKCE on a loopback redirect, silent refresh; the token cache only in the OS keyring (a real
Secret Service)."""

from __future__ import annotations

import ssl
import threading
import webbrowser
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import keyring
import pytest

from assistant.mail.credentials import SERVICE, delete_secret
from assistant.mail.errors import AuthError
from assistant.mail.graph import GraphBackend
from assistant.mail.graph.auth import CACHE_KIND
from emulators.graph import GraphEmulatorHandle, start_graph_emulator

pytestmark = pytest.mark.keyring


@pytest.fixture
def graph(secret_service) -> Iterator[GraphEmulatorHandle]:
    # 60 s tokens: MSAL refreshes anything that expires within 5 minutes, so every
    # silent acquisition after the first sign-in goes through the refresh-token grant.
    with start_graph_emulator(seed="demo", token_lifetime=60, device_interval=1) as handle:
        yield handle
        delete_secret(handle.email, kind=CACHE_KIND)  # the next test signs in afresh


def cache_entry(graph: GraphEmulatorHandle) -> str | None:
    return keyring.get_password(SERVICE, f"{CACHE_KIND}:{graph.email}")


def no_secret_in_files(root: Path, *secrets: str) -> bool:
    text = "\n".join(p.read_bytes().decode("utf-8", "replace") for p in root.rglob("*") if p.is_file())
    return not any(s and s in text for s in secrets)


def test_device_code_sign_in_then_silent_refresh(secret_service, graph, _mail_assistant_home):
    shown: list[dict] = []

    def user_approves(flow: dict) -> None:
        # What the user does: open the page MSAL printed and type the code there.
        shown.append(flow)
        ctx = ssl.create_default_context(cafile=graph.ca_file)
        r = httpx.get(flow["verification_uri"], params={"otc": flow["user_code"]}, verify=ctx)
        assert r.status_code == 200

    with GraphBackend(graph.settings(), flow="device", prompt=user_approves) as b:
        assert b.test()["drafts"] == 7
    assert graph.identity.grants == {"urn:ietf:params:oauth:grant-type:device_code": 1}
    assert shown[0]["verification_uri"].endswith("/devicelogin") and shown[0]["user_code"] in shown[0]["message"]
    cached = cache_entry(graph)
    assert cached and graph.client_id in cached  # the MSAL cache, in the keyring

    # A later run: no prompt, no new sign-in; MSAL refreshes from the keyring's cache.
    with GraphBackend(graph.settings(), interactive=False) as b:
        assert b.me().name == "Maria Delgado"
    assert graph.identity.grants["refresh_token"] == 1
    assert len(shown) == 1
    assert no_secret_in_files(_mail_assistant_home, cached[:40])


def test_expired_or_revoked_tokens_are_refreshed(secret_service, graph):
    # Another app of this user already signed in (the cache from the fixture's emulator):
    # the backend must find its own account among them.
    approve_other = lambda flow: graph.approve_device_code(flow["user_code"])  # noqa: E731
    with GraphBackend(graph.settings(), flow="device", prompt=approve_other) as other:
        other.test()
    with start_graph_emulator(seed="demo", device_interval=1) as graph:  # one-hour tokens
        approve = lambda flow: graph.approve_device_code(flow["user_code"])  # noqa: E731
        with GraphBackend(graph.settings(), flow="device", prompt=approve) as b:
            assert len(b.list_drafts()) == 7
            graph.revoke_tokens()  # e.g. the admin revoked sessions, or the token expired early
            assert len(b.list_drafts()) == 7
        assert graph.identity.grants["refresh_token"] == 1
        assert [r[4] for r in graph.requests("auth")] == [401]
        assert graph.identity.grants["urn:ietf:params:oauth:grant-type:device_code"] == 1
    delete_secret(graph.email, kind=CACHE_KIND)


def test_no_cached_sign_in_and_no_prompt_allowed_is_a_clear_error(secret_service, graph):
    with GraphBackend(graph.settings(), interactive=False) as b:
        with pytest.raises(AuthError, match="sign-in to Microsoft 365 needed"):
            b.test()
    assert graph.identity.grants == {}


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action, self.fields = "", {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.action = a.get("action", "")
        elif tag == "input" and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")


class LoopbackBrowser(webbrowser.BaseBrowser):
    """Stands in for the user's browser: loads the authorize page (the emulated user approves
    at once) and delivers its answer to MSAL's loopback listener: follows a redirect, or
    submits the self-submitting form of response_mode=form_post as a browser's onload would."""

    def __init__(self, ca_file: str) -> None:
        super().__init__("graph-emulator-browser")
        self.ctx = ssl.create_default_context(cafile=ca_file)
        self.opened: list[str] = []
        self.delivered: httpx.Response | None = None

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        threading.Thread(target=self._visit, args=(url,), daemon=True).start()
        return True

    def _visit(self, url: str) -> None:
        answer = httpx.get(url, verify=self.ctx)
        if answer.status_code == 302:
            self.delivered = httpx.get(answer.headers["location"], timeout=10)
            return
        form = _Form()
        form.feed(answer.text)
        self.delivered = httpx.post(form.action, data=form.fields, timeout=10)


@pytest.fixture
def browser(graph: GraphEmulatorHandle) -> Iterator[LoopbackBrowser]:
    b = LoopbackBrowser(graph.ca_file)
    webbrowser.register(b.name, None, b, preferred=True)
    try:
        yield b
    finally:
        webbrowser._tryorder.remove(b.name)  # type: ignore[attr-defined]
        webbrowser._browsers.pop(b.name, None)  # type: ignore[attr-defined]


def test_authorization_code_with_pkce_on_a_loopback_redirect(secret_service, graph, browser):
    with GraphBackend(graph.settings(), flow="browser") as b:
        assert b.me().email == graph.email
    assert graph.identity.grants == {"authorization_code": 1}
    query = parse_qs(urlsplit(browser.opened[0]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["redirect_uri"][0].startswith("http://localhost:")
    assert query["login_hint"] == [graph.email]
    assert query["response_mode"] == ["form_post"] and browser.delivered.status_code == 200
    assert cache_entry(graph)


def test_the_emulator_checks_the_pkce_verifier(graph):
    """The check MSAL relies on: a code is only redeemed with the verifier of its challenge."""
    ctx = ssl.create_default_context(cafile=graph.ca_file)
    with httpx.Client(verify=ctx) as http:
        loc = http.get(f"{graph.authority}/oauth2/v2.0/authorize", params={
            "client_id": graph.client_id, "response_type": "code", "redirect_uri": "http://localhost:5000",
            "scope": "Mail.ReadWrite offline_access", "code_challenge_method": "S256",
            "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "state": "s1"}).headers["location"]
        code = parse_qs(urlsplit(loc).query)["code"][0]
        form = {"client_id": graph.client_id, "grant_type": "authorization_code", "code": code,
                "redirect_uri": "http://localhost:5000", "code_verifier": "not-the-verifier"}
        bad = http.post(f"{graph.authority}/oauth2/v2.0/token", data=form)
        assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"
        assert "AADSTS501481" in bad.json()["error_description"]
        # RFC 7636's example pair; the code was consumed by the failed attempt, as AAD does
        good = http.post(f"{graph.authority}/oauth2/v2.0/token",
                         data={**form, "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"})
        assert good.status_code == 400 and "AADSTS70008" in good.json()["error_description"]
