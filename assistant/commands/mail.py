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
from assistant.mail.accounts import AUTH_TYPES, AccountSettings, load_settings, remove_account, save_account
from assistant.mail.errors import MailError


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group()
def account() -> None:
    """Set up the Exchange account (the password goes to the system keyring)."""


@account.command("add")
@click.option("--email", required=True, help="Your District e-mail address.")
@click.option("--server", help="EWS URL, e.g. https://mail.example.org/EWS/Exchange.asmx (default: autodiscover).")
@click.option("--username", help="Sign-in name if not the e-mail address (e.g. MDUSD\\jdoe).")
@click.option("--auth", type=click.Choice(AUTH_TYPES), default="ntlm", show_default=True)
@click.option("--client-id", help="Microsoft 365 app (client) id, for --auth oauth.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--no-test", is_flag=True, help="Save without signing in first.")
def account_add(email: str, server: str | None, username: str | None, auth: str, client_id: str | None,
                password_stdin: bool, no_test: bool) -> None:
    """Save the account; the password is stored only in the system keyring."""
    try:
        settings = AccountSettings(email=email, server=server, username=username, auth=auth, client_id=client_id)
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
    except MailError as exc:
        _fail(str(exc))
    click.echo(f"Saved the account for {settings.email}.")


@account.command("test")
def account_test() -> None:
    """Sign in with the saved account and read the Drafts folder."""
    from assistant.mail import open_backend

    try:
        with open_backend() as backend:
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
