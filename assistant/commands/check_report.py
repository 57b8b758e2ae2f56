"""`check` itself, without click: the run over the files and the plain report.

The click command (assistant.commands.check) and the CLI's quick path
(``quick``, called by assistant.cli.main) both run ``run``. The quick path
serves `check` when its output goes to a file or a pipe (a script, a pre-send
hook, the cold-start benchmark) and its arguments are the plain forms below;
it then never imports click (~40 M instructions, a tenth of a check process
once its rules are quick). Anything else (a terminal, --help, --explain, an
unknown or repeated option, a folder given as a file, a misconfigured ASCII
stream) returns None and click runs the command, so every usage error and
styled output is click's own.

The quick path prints exactly what click prints to a non-terminal: click
styles the text, then ``click.echo`` removes the styles again when the stream
is not a terminal. ``_Plain`` builds the same style codes (click.style's, for
the few styles used here) and removes them with click's pattern, so even text
that itself holds escape sequences comes out identical (tests/test_cold_start.py
compares both paths).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, Protocol

# click.style's codes for the styles `check` uses (click/termui.py: fg, then bold, dim,
# reverse, then the text and a reset).
_FG = {"red": 31, "green": 32, "yellow": 33, "cyan": 36}
_RESET = "\033[0m"
# click._compat._ansi_re: what click.echo strips from text bound for a non-terminal.
_ANSI = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")

_CLICK_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow"}, "info": {"fg": "cyan"}}


class Output(Protocol):
    def echo(self, text: str, err: bool = False) -> None: ...

    def style(self, text: str, **styles: Any) -> str: ...


def severity_exit(hints: list) -> int:
    """0 no problems or info only, 1 warnings, 2 errors."""
    from assistant.app.check import Severity, worst

    return {None: 0, Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}[worst(hints)]


def context_line(text: str, hint: Any, style: Callable[..., str], width: int = 36) -> str:
    """The words around the hint's first span, the span itself highlighted."""
    if not hint.spans:
        return ""
    s = hint.spans[0]
    a, b = max(0, s.start - width), min(len(text), s.end + width)
    before, inside, after = text[a : s.start], text[s.start : s.end], text[s.end : b]
    flat = lambda t: " ".join(t.split())  # noqa: E731 - one-line helper
    return (
        ("…" if a else "")
        + flat(before)
        + (" " if before[-1:].isspace() else "")
        + style(flat(inside), reverse=True)
        + (" " if after[:1].isspace() else "")
        + flat(after)
        + ("…" if b < len(text) else "")
    )


def print_human(path: str, checked: Any, out: Output) -> None:
    """The hints of one file (styles are removed when the output is not a terminal)."""
    hints, c = checked.hints, checked.counts
    style = out.style
    if not hints:
        out.echo(f"{style(path, bold=True)}: {style('no problems found', fg='green')}")
        return
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in c.items() if n)
    out.echo(f"{style(path, bold=True)}: {summary}")
    for sev in ("error", "warning", "info"):
        group = [h for h in hints if h.severity.value == sev]
        if not group:
            continue
        out.echo("  " + style(f"{sev.upper()}S", **_CLICK_STYLE[sev]))
        for h in group:
            where = "" if h.field == "body" else f" ({h.field})"
            fix = " " + style(f"fix: {h.fix} ({h.applicability.value})", dim=True) if h.fix else ""
            out.echo(f"    {style(h.code, **_CLICK_STYLE[sev])} {h.message}{where}{fix}")
            around = context_line(checked.new_text, h, style)
            if around:
                out.echo(f"          {around}")
            if h.suggestion:
                out.echo(f"          {style('suggestion:', dim=True)} {h.suggestion}")
            out.echo("          " + style(h.citation, dim=True))


def explanation(checked: Any) -> Any:
    """How the checks split this draft (assistant.core.text.explain)."""
    from assistant.core.text.explain import explain

    return explain(checked.draft, checked.policy.notice_words)


def run(
    files: list[Path],
    fmt: str,
    policy_path: str | None,
    only: str | None,
    explain: bool,
    out: Output,
    fail: Callable[[Any], Any],
    print_explanation: Callable[[Any], None] | None = None,
) -> int:
    """Check ``files``; print the report; return the exit status (``fail`` exits on a
    settings error). 3 wins over everything: a file that could not be read is never
    hidden behind another file's findings."""
    from assistant.app.check import check_file, rule_codes
    from assistant.app.context import AppContext
    from assistant.app.errors import AppError

    try:
        ctx = AppContext.create(policy_path)
        codes = rule_codes(only)
    except AppError as exc:
        fail(exc)
    results, status, failed = [], 0, False
    for path in files:
        try:
            checked = check_file(ctx, path, codes)
        except AppError as exc:
            failed = True
            if fmt == "json":
                results.append({"file": str(path), "error": exc.message})
            else:
                out.echo(f"error: {exc.message}", err=True)
            continue
        status = max(status, severity_exit(checked.hints))
        if fmt == "json":
            extra = {"explain": explanation(checked).to_json()} if explain else {}
            results.append({"file": str(path), **checked.to_json(), **extra})
        else:
            print_human(str(path), checked, out)
            if explain and print_explanation is not None:
                print_explanation(checked)
    if fmt == "json":
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return 3 if failed else status


# -- the quick path ------------------------------------------------------------------------


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def _ascii(stream: Any) -> bool:
    """click re-wraps a stream whose encoding is ASCII (a misconfigured locale)."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return True


class _Plain:
    """click.style and click.echo for streams that are not terminals."""

    def style(self, text: str, fg: str | None = None, bold: bool | None = None, dim: bool | None = None,
              reverse: bool | None = None) -> str:
        bits = []
        if fg:
            bits.append(f"\033[{_FG[fg]}m")
        if bold is not None:
            bits.append(f"\033[{1 if bold else 22}m")
        if dim is not None:
            bits.append(f"\033[{2 if dim else 22}m")
        if reverse is not None:
            bits.append(f"\033[{7 if reverse else 27}m")
        bits.append(text)
        bits.append(_RESET)
        return "".join(bits)

    def echo(self, text: str, err: bool = False) -> None:
        stream = sys.stderr if err else sys.stdout
        text += "\n"
        if not _isatty(stream):
            text = _ANSI.sub("", text)
        stream.write(text)
        stream.flush()


_VALUED = ("--format", "--only", "--policy")


def parse_plain(args: list[str]) -> dict[str, Any] | None:
    """The options and files of ``check ARGS`` when they are in the plain forms the quick
    path takes (each option at most once, ``--opt VALUE`` or ``--opt=VALUE``, files that
    are not folders), else None (click parses them, and reports any mistake)."""
    opts: dict[str, str] = {}
    files: list[Path] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-"):
            if os.path.isdir(arg):
                return None  # click's "is a directory"
            files.append(Path(arg))
            i += 1
            continue
        name, eq, value = arg.partition("=")
        if name not in _VALUED or name in opts:
            return None  # --explain, --help, -h, --, -, unknown or repeated options
        if not eq:
            if i + 1 >= len(args):
                return None
            value = args[i + 1]
            i += 1
        if not value or value.startswith("-"):
            return None
        opts[name] = value
        i += 1
    fmt = opts.get("--format", "text")
    policy = opts.get("--policy")
    if not files or fmt not in ("text", "json") or (policy is not None and os.path.isdir(policy)):
        return None
    return {"files": files, "fmt": fmt, "policy_path": policy, "only": opts.get("--only")}


def quick(args: list[str], started: Callable[[], None] = lambda: None) -> int | None:
    """Run ``check ARGS`` without click and return its exit status, or None when click
    must run it (see the module's docstring). ``started`` is called once the modules
    the check needs are imported."""
    streams = (sys.stdout, sys.stderr)
    if any(s is None or _ascii(s) for s in streams) or _isatty(sys.stdout):
        return None
    if any(k.endswith("_COMPLETE") and k.startswith("_") for k in os.environ):
        return None  # shell completion is click's
    parsed = parse_plain(args)
    if parsed is None:
        return None
    import assistant.app.check  # noqa: F401 - the start-up ends here (assistant.cli.main)

    started()
    out = _Plain()

    def fail(exc: Any) -> None:
        from assistant.cli import _EXIT_BY_KIND

        out.echo(f"error: {exc.message}", err=True)
        sys.exit(_EXIT_BY_KIND[exc.kind.value])

    try:
        return run(**parsed, explain=False, out=out, fail=fail)
    except (EOFError, KeyboardInterrupt):
        out.echo("", err=True)  # as click does before "Aborted."
        out.echo("Aborted.", err=True)
        return 1
    except BrokenPipeError:
        # The reader went away (`... | head`): as click, exit 1 without a traceback from
        # the final flush of the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
