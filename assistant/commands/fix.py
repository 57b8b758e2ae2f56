"""`fix`: signature, notice and the other one-click fixes on the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

import click

from assistant.app.context import AppContext
from assistant.app.errors import AppError
from assistant.app.fix import ALL_FIXES, UNSAFE_FIXES, Change
from assistant.cli import fail, policy_option


def _err(message: str) -> None:
    click.echo(f"mail-assistant fix: {message}", err=True)


def _report(changes: Sequence[Change], notes: Sequence[str], name: str, dry_run: bool) -> None:
    for note in notes:
        _err(note)
    if not changes:
        click.echo(f"{name}: nothing to fix", err=True)
        return
    verb = "would apply" if dry_run else "applied"
    for c in changes:
        tag = " (unsafe: review the diff)" if c.fix_id in UNSAFE_FIXES else ""
        click.echo(f"{name}: {verb} {c.fix_id}: {c.description}{tag}", err=True)


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    help="Write the fixed draft to OUT ('-' for standard output). Without it FILE is fixed in place.",
)
@click.option(
    "--only",
    help=f"Comma-separated fixes ({', '.join(ALL_FIXES)}) or rule codes (EM701...). "
    "Default: signature, notice, and bcc for large groups.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the unified diff of the file as it is against the file fix would write; change nothing.",
)
@click.option("--draft", "draft_id", help="Fix a draft in your Exchange Drafts folder (by item id) instead of a file.")
@policy_option
def fix(
    file: Path | None,
    output: str | None,
    only: str | None,
    dry_run: bool,
    draft_id: str | None,
    policy_path: str | None,
) -> None:
    """Add the signature and BP 1114 notice (once), and other fixes, to a draft.

    Only what `check` reports is fixed (a draft it calls clean is left byte
    for byte); a signature block is replaced only when it is exactly one this
    tool inserted (your current or an earlier configured signature), never
    text you wrote. Quoted history in replies and forwards is never changed,
    and running it again changes nothing. A symlink's target is fixed. Exit
    status: 0 done (or nothing to do), 2 a fix could not be applied safely or
    the file changed on disk while it was being fixed (nothing was changed),
    3 bad input or a place that cannot be written (a read-only file, a folder).
    """
    if (file is None) == (draft_id is None):
        _err("give a FILE or --draft ID (one of them)")
        sys.exit(3)
    try:
        with AppContext.create(policy_path) as ctx:
            if draft_id is not None:
                from assistant.app.drafts import fix_server_draft

                fixed = fix_server_draft(ctx, draft_id, only, dry_run=dry_run)
                if dry_run:
                    click.echo(fixed.diff.text(draft_id), nl=False)
                _report(fixed.changes, fixed.notes, draft_id, dry_run)
                return
            from assistant.app.fix import fix_file

            assert file is not None
            result = fix_file(ctx, file, output, only, dry_run)
    except AppError as exc:
        fail(exc, "mail-assistant fix")
    if dry_run:
        click.echo(result.diff(file.name), nl=False)
    _report(result.changes, result.notes, str(file), dry_run)


__all__ = ["fix"]
