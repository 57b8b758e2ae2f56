"""`check` and `rules`: the rule engine on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typing import TYPE_CHECKING

import click

from assistant.app.check import DOC_SECTIONS, Checked, Severity, list_rules
from assistant.app.errors import AppError
from assistant.cli import fail, policy_option
from assistant.commands import check_report as report

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# `check` prints with click (or, to a pipe, with assistant.commands.check_report's plain
# writer), so a check process never imports rich (30-60 ms of its start-up); rich draws
# only `rules` and `--explain`.
EXIT = {None: 0, Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def escape(text: str) -> str:
    """Escape rich markup (rich imported only when rich output is printed)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _rich_console(**options) -> "Console":
    from rich.console import Console

    return Console(highlight=False, **options)


class _ClickOutput:
    """click.echo and click.style (styles shown on a terminal, removed elsewhere)."""

    def echo(self, text: str, err: bool = False) -> None:
        click.echo(text, err=err)

    def style(self, text: str, **styles) -> str:
        return click.style(text, **styles)


_ZONE_STYLE = {"new": "", "signature": "green", "notice": "green", "quote-header": "magenta", "quote": "dim"}


def _print_explanation(console: Console, checked: Checked, width: int = 100) -> None:
    e = report.explanation(checked)
    human = lambda i: "-" if i is None else str(i + 1)  # noqa: E731 - 1-based line numbers
    kind = "HTML, rendered" if e.is_html else "plain text"
    console.print(f"  [bold]split[/bold] ({kind}{', first part only' if e.truncated else ''}):")
    if e.quote_start is None:
        console.print(f"    new text: lines {human(e.new_start)}-{human(e.new_end)}; {escape(e.reason)}")
    elif e.bottom_posted:
        console.print(
            f"    bottom-posted: quoted history at lines {human(e.quote_start)}-{e.quote_end}, "
            f"marked by {escape(e.reason)}; new text below it, lines {human(e.new_start)}-{human(e.new_end)}"
        )
    else:
        console.print(
            f"    new text ends at line {human(e.new_end)}; quoted history starts at line {human(e.quote_start)}, "
            f"marked by {escape(e.reason)}"
        )
    sig = f"lines {e.signature[0] + 1}-{e.signature[1] + 1}" if e.signature else "none found"
    notes = ", ".join(f"lines {a + 1}-{b + 1}" for a, b in e.notices) or "none found"
    console.print(f"    signature: {sig}; notice: {notes}")
    digits = len(str(len(e.lines)))
    for i, (line, zone) in enumerate(zip(e.lines, e.zones)):
        shown = line if len(line) <= width else line[: width - 1] + "…"
        style = _ZONE_STYLE.get(zone, "")
        cell = f"[{style}]{zone:<12}[/{style}]" if style else f"{zone:<12}"
        console.print(f"    {i + 1:>{digits}} {cell} {escape(shown)}")


@click.command()
# readable=False: an unreadable file is reported per file (exit 3) and the others are still checked.
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, readable=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@policy_option
@click.option("--only", help="Comma-separated rule codes to run (default: all).")
@click.option(
    "--explain", "explain", is_flag=True,
    help="Also show how the draft was split: where the new text ends, which line starts the quoted history "
    "and why, the signature and the notice, and the zone of every line.",
)
def check(files: tuple[Path, ...], fmt: str, policy_path: str | None, only: str | None, explain: bool) -> None:
    """Check drafts (.eml, .msg, .html, .txt, .json) against BP 1114.

    Exit status: 0 no problems (or info only), 1 warnings, 2 errors, 3 a file
    could not be read. With several files the worst wins, and 3 wins over
    everything: a file that could not be read is never hidden behind another
    file's findings (the other files are still checked and reported).
    """
    console = None  # rich, for --explain only

    def print_explanation(checked: Checked) -> None:
        nonlocal console
        console = console or _rich_console(soft_wrap=True)
        _print_explanation(console, checked)

    status = report.run(list(files), fmt, policy_path, only, explain, _ClickOutput(), fail, print_explanation)
    sys.exit(status)  # bad input wins: scripts must see it


def _rule_lines(selected: list, width: int) -> list[str]:
    """The rule list as rich markup lines that fit ``width`` columns.

    One line per rule when everything fits; otherwise the code, title and
    severity on the first line and the citation and fix below it, indented
    under the name. A citation or fix is never split across lines (each
    starts a new indented line when it would not fit beside the other).
    """
    code_w = max(len(r.code) for r in selected)
    name_w = max(len(r.title) for r in selected)
    sev_w = max(len(r.severity.value) for r in selected)
    cite_w = max(len(r.citation) for r in selected)
    fixes = [f"fix: {r.fix} ({r.applicability.value})" if r.fix else "" for r in selected]
    fix_w = max(map(len, fixes))
    indent = " " * (code_w + 2)
    one_line = code_w + 2 + name_w + 2 + sev_w + 2 + cite_w + (2 + fix_w if fix_w else 0) <= width
    lines = []
    for r, fix in zip(selected, fixes):
        style = _STYLE[r.severity.value]
        sev = r.severity.value
        head = f"[bold]{r.code:<{code_w}}[/bold]  {escape(r.title):<{name_w}}  [{style}]{sev}[/]{' ' * (sev_w - len(sev))}"
        if one_line:
            tail = f"  [dim]{fix}[/dim]" if fix else ""
            lines.append(f"{head}  {escape(r.citation):<{cite_w}}{tail}".rstrip())
            continue
        lines.append(head.rstrip())
        pieces = [escape(r.citation)] + ([f"[dim]{fix}[/dim]"] if fix else [])
        plain = [r.citation] + ([fix] if fix else [])
        if len(indent) + len(plain[0]) + (3 + len(plain[1]) if len(plain) > 1 else 0) <= width:
            lines.append(indent + " · ".join(pieces))
        else:
            lines.extend(indent + piece for piece in pieces)
    return lines


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
    console = _rich_console()
    if not code:
        for line in _rule_lines(selected, console.size.width):
            console.print(line, soft_wrap=True)
        return
    r = selected[0]
    docs = r.docs()
    console.print(f"[bold]{r.code} {escape(r.title)}[/bold] ({r.name}, {r.severity.value}) — {escape(r.citation)}")
    console.print(escape(docs.get("Summary", "")))
    for section in DOC_SECTIONS:
        console.print(f"\n[bold]{section}[/bold]")
        console.print(escape(docs.get(section, "")))

