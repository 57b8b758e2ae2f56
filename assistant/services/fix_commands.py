"""`fix`: signature, notice and the other one-click fixes on the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assistant.core.fixes import ALL_FIXES, UNSAFE_FIXES, FixError, parse_fix_list
from assistant.core.model import DraftError
from assistant.core.signature import SignatureError
from assistant.policy import PolicyError, load_policy
from assistant.app.fixing import FixResult, StaleFileError, fix_file
from assistant.app.signature import configured_signature


def _err(message: str) -> None:
    click.echo(f"mail-assistant fix: {message}", err=True)


def _report(result: FixResult, name: str, dry_run: bool) -> None:
    for note in result.notes:
        _err(note)
    if not result.changes:
        click.echo(f"{name}: nothing to fix", err=True)
        return
    verb = "would apply" if dry_run else "applied"
    for c in result.changes:
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
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Admin policy file.")
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
        policy = load_policy(policy_path)
        fixes = parse_fix_list(only) if only else ()
        signature = configured_signature()
    except (PolicyError, FixError, SignatureError) as exc:
        _err(str(exc))
        sys.exit(3)
    except Exception as exc:  # a damaged config file (ConfigError) and similar
        _err(str(exc))
        sys.exit(3)
    if draft_id is not None:
        _fix_server(draft_id, fixes, dry_run, policy, signature)
        return
    assert file is not None
    try:
        result = fix_file(file, output, only, dry_run, policy=policy, signature=signature)
    except DraftError as exc:
        _err(str(exc))
        sys.exit(3)
    except StaleFileError as exc:
        _err(f"{exc}; nothing was changed, run fix again")
        sys.exit(2)
    except FixError as exc:
        _err(f"{file}: {exc}")
        sys.exit(2)
    if dry_run:
        click.echo(result.diff(file.name), nl=False)
    _report(result, str(file), dry_run)


def _fix_server(draft_id: str, fixes: tuple[str, ...], dry_run: bool, policy, signature) -> None:  # noqa: ANN001
    try:
        from assistant.mail import MailError, open_backend
        from assistant.app.fixing import fix_draft
        from assistant.app.server_drafts import fix_server_draft
    except ImportError as exc:  # pragma: no cover - mail area missing
        _err(f"server drafts are not available ({exc})")
        sys.exit(3)
    try:
        backend = open_backend()
        if dry_run:
            result = fix_draft(backend.get_draft(draft_id), fixes or None, policy=policy, signature=signature)
            click.echo(result.diff(draft_id), nl=False)
            _report(result, draft_id, True)
            return
        notes: list[str] = []
        applied: list = []

        def apply_fn(d):  # noqa: ANN001, ANN202
            r = fix_draft(d, fixes or None, policy=policy, signature=signature)
            notes[:] = r.notes
            applied[:] = r.changes
            return r.after, r.changes

        before = backend.get_draft(draft_id)
        saved = fix_server_draft(backend, draft_id, apply_fn)
        result = FixResult(before, saved.draft if saved.changed else before, list(applied), (), notes)
        _report(result, draft_id, False)
    except FixError as exc:
        _err(f"{draft_id}: {exc}")
        sys.exit(2)
    except MailError as exc:
        _err(str(exc))
        sys.exit(3)


COMMANDS = [fix]

__all__ = ["COMMANDS", "fix"]
