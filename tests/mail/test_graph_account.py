"""A Microsoft 365 account end to end: `account add --graph` signs in with the real MSAL
against the Graph emulator (device code in a real `mail-assistant` process; authorization
code with PKCE through the loopback redirect), the token cache lives only in a real Secret
Service, and `account test|show`, `drafts`, `fix --draft` and `summary` then work on Graph."""

from __future__ import annotations

import json
import os
import re
import ssl
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Iterator

import httpx
import keyring
import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.config import config_dir
from assistant.mail import open_backend
from assistant.mail.credentials import SERVICE, delete_secret
from assistant.mail.errors import AuthError
from assistant.mail.graph import GraphBackend
from assistant.mail.graph.auth import CACHE_KIND
from emulators.graph import GraphEmulatorHandle, start_graph_emulator

pytestmark = pytest.mark.keyring

SIGNATURE = {"name": "Maria Delgado", "title": "Teacher", "school": "Valle Verde Elementary", "phone": "925-555-0100"}
CODE = re.compile(r"enter the code ([A-Z0-9]+)")


@pytest.fixture
def graph(secret_service) -> Iterator[GraphEmulatorHandle]:
    with start_graph_emulator(seed="demo", device_interval=1) as handle:
        yield handle
        delete_secret(handle.email, kind=CACHE_KIND)


def add_args(graph: GraphEmulatorHandle) -> list[str]:
    return ["account", "add", "--graph", "--email", graph.email, "--client-id", graph.client_id,
            "--tenant", "mdusd.org", "--graph-url", graph.url, "--login-url", graph.base_url,
            "--ca-file", str(graph.ca_file)]


def cached_tokens(graph: GraphEmulatorHandle) -> str | None:
    return keyring.get_password(SERVICE, f"{CACHE_KIND}:{graph.email}")


def sign_in_with_device_code(graph: GraphEmulatorHandle) -> tuple[int, str, str]:
    """`mail-assistant account add --graph --sign-in device` in its own process; the user
    reads the code it prints and enters it on the sign-in page, as on another device."""
    env = dict(os.environ, DISPLAY="", WAYLAND_DISPLAY="")
    proc = subprocess.Popen([sys.executable, "-m", "assistant", *add_args(graph), "--sign-in", "device"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    err_lines: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            err_lines.append(line)
            found = CODE.search(line)
            if found:
                page = re.search(r"open the page (\S+)", line).group(1)  # type: ignore[union-attr]
                ctx = ssl.create_default_context(cafile=graph.ca_file)
                assert httpx.get(page, params={"otc": found.group(1)}, verify=ctx).status_code == 200
                break
        out, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out, "".join(err_lines) + rest


def all_files_text(root: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in root.rglob("*") if p.is_file())


def test_add_a_graph_account_then_drafts_and_fix_work_on_it(graph, _mail_assistant_home):
    code, out, err = sign_in_with_device_code(graph)
    assert code == 0, out + err
    assert "Signed in to Microsoft Graph" in out and "7 draft(s)" in out and "Saved the account" in out
    # Only the device-code grant was asked for (polled until the user entered the code).
    assert set(graph.identity.grants) == {"urn:ietf:params:oauth:grant-type:device_code"}
    polls = graph.identity.grants["urn:ietf:params:oauth:grant-type:device_code"]
    cached = cached_tokens(graph)
    assert cached and graph.client_id in cached  # the MSAL cache went to the keyring

    home = config_dir()
    saved = json.loads((home / "config.json").read_text())["account"]
    assert saved == {"kind": "graph", "email": graph.email, "client_id": graph.client_id, "tenant": "mdusd.org",
                     "graph_url": graph.url, "login_url": graph.base_url, "ca_file": str(graph.ca_file)}
    (home / "config.json").write_text(json.dumps({"account": saved, "signature": SIGNATURE}))

    runner = CliRunner()
    shown = runner.invoke(cli, ["account", "show"])
    assert shown.exit_code == 0 and json.loads(shown.output)["kind"] == "graph"
    tested = runner.invoke(cli, ["account", "test"])
    assert tested.exit_code == 0, tested.output
    assert f"OK: {graph.email} on {graph.url} (Graph v1.0), 7 draft(s)." in tested.output
    assert graph.identity.grants == {"urn:ietf:params:oauth:grant-type:device_code": polls}  # the cached token

    listed = runner.invoke(cli, ["drafts", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert len(rows) == 7
    assert {graph.store_id(r["id"]) for r in rows} == set(graph.store.item_ids_in(graph.store.folder_id("drafts")))
    bare = next(r for r in rows if "EM501" in r["codes"])  # no confidentiality notice yet

    fixed = runner.invoke(cli, ["fix", "--draft", bare["id"]])
    assert fixed.exit_code == 0, fixed.output
    assert f"{bare['id']}: applied notice" in fixed.output
    body = graph.store.get_item(graph.store_id(bare["id"]))["body"]
    assert body.count("CONFIDENTIALITY NOTICE") == 1 and body.count(SIGNATURE["phone"]) == 1
    assert any(r[2] == "PATCH" and r[4] == 200 for r in graph.requests())  # written over Graph, with If-Match
    again = runner.invoke(cli, ["fix", "--draft", bare["id"]])
    assert again.exit_code == 0 and "nothing to fix" in again.output

    # The weekly summary scans the account over Graph (per-folder delta), signed in the same way.
    graph.reset_stats()
    summary = runner.invoke(cli, ["summary", "--format", "json"])
    assert summary.exit_code == 0, summary.output
    folders = {f["name"]: f["items"] for f in json.loads(summary.output)["mailbox"]["folders"]}
    store = graph.store
    assert folders["Drafts"] == 7
    assert folders["Inbox"] == len(store.item_ids_in(store.folder_id("inbox")))
    assert graph.stats.get("delta", 0) >= 2

    # Tokens only in the keyring: no file of the settings folder holds any part of them.
    access = re.search(r'"secret": "([^"]+)"', cached)
    assert access and access.group(1)[:40] not in all_files_text(home)

    removed = runner.invoke(cli, ["account", "remove"])
    assert removed.exit_code == 0 and "Removed" in removed.output
    assert cached_tokens(graph) is None


class LoopbackBrowser(webbrowser.BaseBrowser):
    """The user's browser: loads the authorize page (the emulated user approves at once) and
    posts its form_post answer to MSAL's loopback listener, as the page's onload would."""

    def __init__(self, ca_file: str) -> None:
        super().__init__("graph-account-browser")
        self.ctx = ssl.create_default_context(cafile=ca_file)
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        threading.Thread(target=self._visit, args=(url,), daemon=True).start()
        return True

    def _visit(self, url: str) -> None:
        page = httpx.get(url, verify=self.ctx)
        if page.status_code == 302:
            httpx.get(page.headers["location"], timeout=10)
            return
        action = re.search(r'action="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page.text))
        httpx.post(action, data=fields, timeout=10)


@pytest.fixture
def browser(graph: GraphEmulatorHandle) -> Iterator[LoopbackBrowser]:
    b = LoopbackBrowser(str(graph.ca_file))
    webbrowser.register(b.name, None, b, preferred=True)
    try:
        yield b
    finally:
        webbrowser._tryorder.remove(b.name)  # type: ignore[attr-defined]
        webbrowser._browsers.pop(b.name, None)  # type: ignore[attr-defined]


def test_browser_sign_in_and_signing_in_again_after_the_cache_is_gone(graph, browser):
    runner = CliRunner()
    added = runner.invoke(cli, [*add_args(graph), "--sign-in", "browser"])
    assert added.exit_code == 0, added.output
    assert graph.identity.grants == {"authorization_code": 1}
    assert "code_challenge_method=S256" in browser.opened[0] and "redirect_uri=http%3A%2F%2Flocalhost%3A" in \
        browser.opened[0]

    # The keyring entry is lost (another machine, a reset keyring): the app layer does not
    # prompt, it says what to run; `account test` signs in again.
    delete_secret(graph.email, kind=CACHE_KIND)
    with open_backend() as backend, pytest.raises(AuthError, match="account test"):
        backend.list_drafts()
    tested = runner.invoke(cli, ["account", "test", "--sign-in", "browser"])
    assert tested.exit_code == 0, tested.output
    assert graph.identity.grants == {"authorization_code": 2} and len(browser.opened) == 2
    assert cached_tokens(graph)
    with open_backend() as backend:
        assert isinstance(backend, GraphBackend) and len(backend.list_drafts()) == 7


def test_a_refused_sign_in_saves_nothing_and_keeps_no_token(graph):
    args = add_args(graph)
    args[args.index("--client-id") + 1] = "00000000-0000-0000-0000-000000000000"  # not registered
    result = CliRunner().invoke(cli, [*args, "--sign-in", "device"])
    assert result.exit_code == 1
    assert "error:" in result.output and "00000000-0000-0000-0000-000000000000" in result.output
    assert not (config_dir() / "config.json").exists()
    assert cached_tokens(graph) is None


def test_graph_options_are_checked_with_one_line_errors(secret_service):
    runner = CliRunner()
    result = runner.invoke(cli, ["account", "add", "--graph", "--email", "a@mdusd.org"])
    assert result.exit_code == 1 and "--graph needs --client-id" in result.output
    result = runner.invoke(cli, ["account", "add", "--graph", "--email", "a@mdusd.org", "--client-id", "x",
                                 "--server", "https://mail.mdusd.org/EWS/Exchange.asmx"])
    assert result.exit_code == 1 and "--server does not apply to a Graph account" in result.output
    result = runner.invoke(cli, ["account", "add", "--email", "a@mdusd.org", "--tenant", "mdusd.org"])
    assert result.exit_code == 1 and "--tenant does not apply to an EWS account" in result.output
    result = runner.invoke(cli, ["account", "add", "--graph", "--email", "a@mdusd.org", "--client-id", "x",
                                 "--graph-url", "http://graph.example.org/v1.0", "--no-test"])
    assert result.exit_code == 1 and "graph_url must be an https URL" in result.output
    assert not (config_dir() / "config.json").exists()


@pytest.fixture
def sign_in_host() -> Iterator[GraphEmulatorHandle]:
    # Plain HTTP on loopback: the answer of login.microsoftonline.com's OpenID configuration.
    with start_graph_emulator(seed="empty", email="delgadom@mdusd.org", tls=False) as handle:
        yield handle


def test_an_ews_account_on_microsoft_365_gets_a_hint_to_use_graph(secret_service, sign_in_host):
    runner = CliRunner()
    base = ["account", "add", "--auth", "basic", "--password-stdin", "--no-test", "--login-url", sign_in_host.base_url]
    office = "https://outlook.office365.com/EWS/Exchange.asmx"
    result = runner.invoke(cli, [*base, "--email", "delgadom@mdusd.org", "--server", office], input="pw\n")
    assert result.exit_code == 0, result.output
    assert f"hint: mdusd.org is on Microsoft 365 (tenant {sign_in_host.tenant_id})" in result.output
    assert "account add --graph --email delgadom@mdusd.org" in result.output

    # A domain no tenant has verified: no hint.
    result = runner.invoke(cli, [*base, "--email", "jdoe@example.org", "--server", office], input="pw\n")
    assert result.exit_code == 0 and "hint:" not in result.output
    # The District's own Exchange Server keeps EWS: not even asked.
    stats = sign_in_host.stats
    asked = (stats["identity:v2.0/.well-known/openid-configuration"], stats["identity:unknown-tenant"])
    assert asked == (1, 1)  # the two domains above were looked up
    result = runner.invoke(cli, [*base, "--email", "delgadom@mdusd.org", "--server",
                                 "https://mail.mdusd.org/EWS/Exchange.asmx"], input="pw\n")
    assert result.exit_code == 0 and "hint:" not in result.output
    stats = sign_in_host.stats
    assert (stats["identity:v2.0/.well-known/openid-configuration"], stats["identity:unknown-tenant"]) == asked
