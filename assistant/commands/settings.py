"""`mail-assistant signature set|show` and `mail-assistant config path`.

The signature use cases live in assistant.app.signature (the Settings page
uses the same ones); this module parses options and prints.
"""

from __future__ import annotations

import click

from assistant.app.context import AppContext
from assistant.app.errors import AppError
from assistant.cli import fail

# (option, field, help) in the order the signature shows them.
SIGNATURE_OPTIONS = (
    ("--name", "name", "Your name as it should appear (required unless already set)."),
    ("--title", "title", "Your job title, e.g. 'Science Teacher'."),
    ("--school", "school", "Your school or department."),
    ("--phone", "phone", "A phone number (at least 7 digits)."),
    ("--email", "email", "Your District e-mail address."),
    ("--pronouns", "pronouns", "Optional, shown after your name, e.g. 'she/her'."),
    ("--website", "website", "Optional web address (https://...)."),
)


def _print_signature(sig) -> None:
    from assistant.app.signature import contact_warning

    click.echo(sig.text())
    warning = contact_warning(sig)
    if warning:
        click.echo(f"note: {warning}", err=True)


CHANGED_MEANWHILE = ("the settings were saved elsewhere (the window or another mail-assistant command) while "
                     "this command ran; nothing was saved: run it again to apply your change to the new settings")


@click.group()
def signature() -> None:
    """Set or show the signature `fix` inserts (the settings file's `signature` section)."""


def _signature_options(fn):
    for option, field, help_text in reversed(SIGNATURE_OPTIONS):
        fn = click.option(option, field, metavar="TEXT", default=None, help=help_text)(fn)
    return fn


@signature.command("set")
@_signature_options
@click.option("--dry-run", is_flag=True, help="Validate and preview; save nothing.")
def signature_set(dry_run: bool, **fields: str | None) -> None:
    """Save your signature. Options not given keep their saved value; an empty
    value ('') clears a field. Prints the signature as plain-text mail shows it.

    Exit status: 0 saved (or previewed), 2 the settings were saved by something
    else (the window, another command) while this ran (nothing saved), 3 a field
    is not valid (nothing saved).
    """
    from assistant.app.errors import Kind
    from assistant.app.signature import preview_signature, saved_fields, update_signature

    if all(v is None for v in fields.values()):
        raise click.UsageError("give at least one field, e.g. --name 'Jane Doe'")
    try:
        ctx = AppContext.create()
        if dry_run:
            merged = {**saved_fields(ctx), **{k: v for k, v in fields.items() if v is not None}}
            form = preview_signature({k: v for k, v in merged.items() if v.strip()})
        else:
            # Reads the settings and writes them with the version it read.
            form = update_signature(ctx, fields)
    except AppError as exc:
        if exc.kind is Kind.CONFLICT:
            fail(AppError(exc.kind, CHANGED_MEANWHILE))
        fail(exc)
    assert form.signature is not None
    _print_signature(form.signature)
    click.echo("(not saved: --dry-run)" if dry_run else "Saved.", err=True)


@signature.command("show")
def signature_show() -> None:
    """Print the configured signature as plain-text mail shows it.

    Exit status: 0 shown, 3 none is set or a saved field is not valid (named).
    """
    from assistant.app.signature import current_signature

    try:
        sig = current_signature(AppContext.create())
    except AppError as exc:
        fail(exc)
    _print_signature(sig)


@click.group()
def config() -> None:
    """Where this install keeps its settings and files."""


@config.command("path")
def config_path() -> None:
    """Print the settings file, the config folder, the local CA, where the API token and the log are."""
    from assistant.app.settings import paths

    p = paths()

    def state(path) -> str:
        return "" if path.exists() else "  (not created yet)"

    click.echo(f"settings file:  {p.settings_file}{state(p.settings_file)}")
    click.echo(f"config folder:  {p.config_dir}")
    click.echo(f"local CA:       {p.ca_file}{state(p.ca_file)}")
    # The API token is a credential: it lives in the OS keyring only, never in a file.
    click.echo("API token:      in the system keyring (service \"mail-assistant\"), never in a file")
    click.echo(f"log:            {p.log_file or 'none (messages go to the terminal; no log file is kept)'}")


__all__ = ["config", "signature"]
