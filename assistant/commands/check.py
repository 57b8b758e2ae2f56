"""`check` and `rules`: the rule engine on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from assistant.app.check import DOC_SECTIONS, Checked, Hint, Severity, check_file, list_rules, rule_codes, worst
from assistant.app.context import AppContext
from assistant.app.errors import AppError
from assistant.cli import fail, policy_option

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
EXIT = {None: 0, Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _context(text: str, hint: Hint, width: int = 36) -> str:
    if not hint.spans:
        return ""
    s = hint.spans[0]
    a, b = max(0, s.start - width), min(len(text), s.end + width)
    before, inside, after = text[a : s.start], text[s.start : s.end], text[s.end : b]
    flat = lambda t: " ".join(t.split())  # noqa: E731 - one-line helper
    return (
        ("…" if a else "")
        + escape(flat(before))
        + (" " if before[-1:].isspace() else "")
        + f"[reverse]{escape(flat(inside))}[/reverse]"
        + (" " if after[:1].isspace() else "")
        + escape(flat(after))
        + ("…" if b < len(text) else "")
    )


def _print_human(console: Console, path: str, checked: Checked) -> None:
    hints, c = checked.hints, checked.counts
    if not hints:
        console.print(f"[bold]{escape(path)}[/bold]: [green]no problems found[/green]")
        return
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in c.items() if n)
    console.print(f"[bold]{escape(path)}[/bold]: {summary}")
    for sev in ("error", "warning", "info"):
        group = [h for h in hints if h.severity.value == sev]
        if not group:
            continue
        console.print(f"  [{_STYLE[sev]}]{sev.upper()}S[/{_STYLE[sev]}]")
        for h in group:
            where = "" if h.field == "body" else f" ({h.field})"
            fix = f" [dim]fix: {h.fix} ({h.applicability.value})[/dim]" if h.fix else ""
            console.print(f"    [{_STYLE[sev]}]{h.code}[/{_STYLE[sev]}] {escape(h.message)}{where}{fix}")
            around = _context(checked.new_text, h)
            if around:
                console.print(f"          {around}")
            if h.suggestion:
                console.print(f"          [dim]suggestion:[/dim] {escape(h.suggestion)}")
            console.print(f"          [dim]{escape(h.citation)}[/dim]")


@click.command()
# readable=False: an unreadable file is reported per file (exit 3) and the others are still checked.
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, readable=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@policy_option
@click.option("--only", help="Comma-separated rule codes to run (default: all).")
def check(files: tuple[Path, ...], fmt: str, policy_path: str | None, only: str | None) -> None:
    """Check drafts (.eml, .msg, .html, .txt, .json) against BP 1114.

    Exit status: 0 no problems (or info only), 1 warnings, 2 errors, 3 a file
    could not be read. With several files the worst wins, and 3 wins over
    everything: a file that could not be read is never hidden behind another
    file's findings (the other files are still checked and reported).
    """
    try:
        ctx = AppContext.create(policy_path)
        codes = rule_codes(only)
    except AppError as exc:
        fail(exc)
    console = Console(highlight=False, soft_wrap=True)
    results, status, failed = [], 0, False
    for path in files:
        try:
            checked = check_file(ctx, path, codes)
        except AppError as exc:
            failed = True
            if fmt == "json":
                results.append({"file": str(path), "error": exc.message})
            else:
                click.echo(f"error: {exc.message}", err=True)
            continue
        status = max(status, EXIT[worst(checked.hints)])
        if fmt == "json":
            results.append({"file": str(path), **checked.to_json()})
        else:
            _print_human(console, str(path), checked)
    if fmt == "json":
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    sys.exit(3 if failed else status)  # bad input wins: scripts must see it


@click.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(code: str | None, fmt: str) -> None:
    """List the rules, or show one rule's documentation."""
    try:
        selected = list_rules(code)
    except AppError as exc:
        fail(exc)
    if fmt == "json":
        json.dump([r.to_json() for r in selected], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    console = Console(highlight=False)
    if not code:
        for r in selected:
            fix = f"fix: {r.fix} ({r.applicability.value})" if r.fix else ""
            console.print(f"[bold]{r.code}[/bold] {r.name:<34} [{_STYLE[r.severity.value]}]{r.severity.value:<8}[/] {escape(r.citation):<38} [dim]{fix}[/dim]")
        return
    r = selected[0]
    docs = r.docs()
    console.print(f"[bold]{r.code} {r.name}[/bold] ({r.severity.value}) — {escape(r.citation)}")
    console.print(escape(docs.get("Summary", "")))
    for section in DOC_SECTIONS:
        console.print(f"\n[bold]{section}[/bold]")
        console.print(escape(docs.get(section, "")))

