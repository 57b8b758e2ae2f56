"""`mail-assistant account add|test|remove|show` and `mail-assistant drafts`.

Account set-up talks to assistant.mail directly (it configures the mailbox the
use cases then open); ``drafts`` is the list-drafts use case.
"""

from __future__ import annotations

import json
import sys

import click

from assistant.app.context import AppContext, demo_mailbox
from assistant.app.errors import AppError
from assistant.cli import fail, policy_option
from assistant.mail.accounts import (
    AUTH_TYPES, GRAPH_CACHE_KIND, AccountSettings, load_settings, remove_account, save_account,
)
from assistant.mail.credentials import delete_secret
from assistant.mail.errors import MailError


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group()
def account() -> None:
    """Set up the mail account: Exchange over EWS, or Microsoft 365 over Graph (--graph).

    Passwords and Microsoft sign-in tokens go to the system keyring only."""


SIGN_IN_FLOWS = ("auto", "browser", "device")
_EWS_ONLY = ("server", "username", "auth", "password_stdin")
_GRAPH_ONLY = ("tenant", "graph_url")


@account.command("add")
@click.option("--email", required=True, help="Your District e-mail address.")
@click.option("--graph", is_flag=True, help="Microsoft 365 through Microsoft Graph (sign in with Microsoft) "
              "instead of EWS.")
@click.option("--server", help="EWS URL, e.g. https://mail.example.org/EWS/Exchange.asmx (default: autodiscover).")
@click.option("--username", help="Sign-in name if not the e-mail address (e.g. MDUSD\\jdoe).")
@click.option("--auth", type=click.Choice(AUTH_TYPES), help="EWS sign-in  [default: ntlm]")
@click.option("--client-id", help="The District's app (client) id in Entra ID: for --graph, or EWS --auth oauth.")
@click.option("--tenant", help="With --graph: the tenant id or domain (default: organizations, any work account).")
@click.option("--graph-url", help="With --graph: the Graph endpoint (default: https://graph.microsoft.com/v1.0; "
              "national clouds, or a test emulator).")
@click.option("--login-url", help="Microsoft sign-in host (default: https://login.microsoftonline.com); for EWS, "
              "where to ask whether your domain is on Microsoft 365.")
@click.option("--ca-file", type=click.Path(exists=True, dir_okay=False, resolve_path=True),
              help="PEM certificate(s) to trust for the server (an internal District CA).")
@click.option("--sign-in", "flow", type=click.Choice(SIGN_IN_FLOWS), default="auto", show_default=True,
              help="With --graph: browser sign-in, or a device code to enter on another device "
              "(auto: the browser when there is a display).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--no-test", is_flag=True, help="Save without signing in first.")
def account_add(email: str, graph: bool, server: str | None, username: str | None, auth: str | None,
                client_id: str | None, tenant: str | None, graph_url: str | None, login_url: str | None,
                ca_file: str | None, flow: str, password_stdin: bool, no_test: bool) -> None:
    """Save the account after signing in to it once (unless --no-test)."""
    given = {k: v for k, v in locals().items() if v not in (None, False)}
    try:
        wrong = [k for k in (_EWS_ONLY if graph else _GRAPH_ONLY) if k in given]
        if wrong:
            _fail(f"--{wrong[0].replace('_', '-')} does not apply to "
                  f"{'a Graph account' if graph else 'an EWS account (add --graph)'}")
        if graph:
            _add_graph(email, client_id, tenant, graph_url, login_url, ca_file, flow, no_test)
        else:
            _add_ews(email, server, username, auth or "ntlm", client_id, login_url, ca_file, password_stdin, no_test)
    except MailError as exc:
        _fail(str(exc))
    click.echo(f"Saved the account for {email}.")


def _add_graph(email: str, client_id: str | None, tenant: str | None, graph_url: str | None,
               login_url: str | None, ca_file: str | None, flow: str, no_test: bool) -> None:
    from assistant.mail.graph import GraphBackend, GraphSettings
    from assistant.mail.graph.settings import GRAPH_URL, LOGIN_URL

    if not client_id:
        _fail("--graph needs --client-id: the app your District registered in Entra ID (see the README, "
              "'Microsoft 365 through Graph')")
    settings = GraphSettings(email=email, client_id=client_id, tenant=tenant or "organizations",
                             graph_url=graph_url or GRAPH_URL, login_url=login_url or LOGIN_URL, ca_file=ca_file)
    if not no_test:
        previous = _saved_email()
        try:
            with GraphBackend(settings, flow=flow) as backend:
                info = backend.test()
        except MailError:
            if previous != settings.email.lower():  # keep no token of an account that was not saved
                delete_secret(settings.email, kind=GRAPH_CACHE_KIND)
            raise
        click.echo(f"Signed in to Microsoft Graph ({info['server']}); {info['drafts']} draft(s).")
    save_account(settings, None)


def _saved_email() -> str | None:
    try:
        return load_settings().email.lower()
    except MailError:
        return None


def _add_ews(email: str, server: str | None, username: str | None, auth: str, client_id: str | None,
             login_url: str | None, ca_file: str | None, password_stdin: bool, no_test: bool) -> None:
    settings = AccountSettings(email=email, server=server, username=username, auth=auth, client_id=client_id,
                               ca_file=ca_file)
    _hint_graph(settings, login_url)
    password = None
    if auth != "oauth":
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(f"Password for {settings.login}", hide_input=True)
        if not password:
            _fail("the password is empty")
    if not no_test:
        from assistant.mail.ews import EwsBackend

        with EwsBackend(settings, password=password) as backend:
            info = backend.test()
        click.echo(f"Signed in to {info['server']} ({info['version']}); {info['drafts']} draft(s).")
    save_account(settings, password)


def _hint_graph(settings: AccountSettings, login_url: str | None) -> None:
    """Suggest Graph when this EWS account is probably Exchange Online: autodiscover or
    outlook.office365.com, and the domain answers as a Microsoft 365 tenant."""
    from urllib.parse import urlsplit

    host = (urlsplit(settings.server).hostname or "").lower() if settings.server else None
    if host not in (None, "outlook.office365.com"):
        return  # an Exchange Server of the District's own: EWS stays
    from assistant.mail.graph.discovery import microsoft_365_tenant
    from assistant.mail.graph.settings import LOGIN_URL

    domain = settings.email.rpartition("@")[2]
    tenant = microsoft_365_tenant(domain, login_url=login_url or LOGIN_URL, ca_file=settings.ca_file)
    if tenant:
        click.echo(f"hint: {domain} is on Microsoft 365 (tenant {tenant}). Exchange Online blocks EWS by default "
                   "since 1 October 2026 and removes it on 1 April 2027; use `mail-assistant account add --graph "
                   f"--email {settings.email} --client-id <app id>` unless your admin allow-listed EWS.", err=True)


@account.command("test")
@click.option("--sign-in", "flow", type=click.Choice(SIGN_IN_FLOWS), default="auto", show_default=True,
              help="Graph accounts: how to sign in again when the saved sign-in has expired.")
def account_test(flow: str) -> None:
    """Sign in with the saved account and read the Drafts folder."""
    from assistant.mail import open_backend

    try:
        with open_backend(interactive=True, flow=flow) as backend:
            info = backend.test()
    except MailError as exc:
        _fail(str(exc))
    click.echo(f"OK: {info['email']} on {info['server']} ({info['version']}), {info['drafts']} draft(s).")


@account.command("remove")
def account_remove() -> None:
    """Forget the account and delete its password from the keyring."""
    try:
        settings = remove_account()
    except MailError as exc:
        _fail(str(exc))
    click.echo(f"Removed the account for {settings.email}." if settings else "No account was set up.")


@account.command("show")
def account_show() -> None:
    """Print the saved account settings (never the password)."""
    try:
        settings = load_settings()
    except MailError as exc:
        _fail(str(exc))
    click.echo(json.dumps(settings.to_json(), indent=2))


@click.command("drafts")
@click.option("--demo", is_flag=True, help="Use the built-in demo mailbox.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@policy_option
def drafts(demo: bool, fmt: str, policy_path: str | None) -> None:
    """List the drafts on the server with their hint counts."""
    from assistant.app.drafts import list_drafts

    try:
        factory = demo_mailbox() if demo else None
        with AppContext.create(policy_path, backend_factory=factory) as ctx:
            listed = list_drafts(ctx)
    except AppError as exc:
        fail(exc)
    rows = [{"id": c.draft.id, "subject": c.draft.subject, "to": [r.address for r in c.draft.to],
             "counts": c.counts, "codes": c.codes} for c in listed]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No drafts.")
    for r in rows:
        c = r["counts"]
        click.echo(f"{c['error']:>2} error(s) {c['warning']:>2} warning(s) {c['info']:>2} info  "
                   f"{r['subject'] or '(no subject)'}")
        click.echo(f"    id: {r['id']}")
        if r["codes"]:
            click.echo(f"    {', '.join(r['codes'])}")


__all__ = ["account", "drafts"]
