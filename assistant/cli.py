"""`mail-assistant`: a thin command line over the application layer (assistant.app).

Commands are loaded only when run (click's lazy-group pattern), so ``check``
never imports the server, the mail backend or LanguageTool; click itself is
imported only when a command is parsed by it: ``check`` writing to a file or a
pipe in its plain forms runs without it (assistant.commands.check_report.quick,
the same output). Each command
parses its options, calls one use case and renders the result; an
``AppError`` becomes one line on stderr and the exit status of its kind.

Exit status is shared by every command: 0 fine, 1 warnings, 2 errors (a draft
with errors, a fix that could not be applied safely, a draft or file changed
elsewhere meanwhile), 3 bad input, usage or settings (a file that cannot be
read, a bad policy or signature, no account, the mail server unreachable).
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, NoReturn

from assistant import __version__

if TYPE_CHECKING:  # pragma: no cover
    import click

    from assistant.app.errors import AppError

BAD_INPUT = 3

# The exit status of each AppError kind, by the kind's value: importing the CLI must not
# import the application layer (its policy loader), only the command that runs does.
_EXIT_BY_KIND = {
    "bad_input": 3,
    "not_found": 3,
    "config": 3,
    "unavailable": 3,
    "not_available": 3,
    "too_large": 3,
    "conflict": 2,
    "refused": 2,
    "unsafe": 2,
}


def __getattr__(name: str) -> Any:
    # EXIT_CODES (Kind -> status) is built on first use, for the same reason; the click
    # group (``cli``, ``LazyGroup``) when first asked for, so importing this module does
    # not import click.
    if name == "EXIT_CODES":
        from assistant.app.errors import Kind

        return {kind: _EXIT_BY_KIND[kind.value] for kind in Kind}
    if name in ("cli", "LazyGroup"):
        _build_cli()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# name -> "module:command", in help order. A new command adds one line here.
COMMANDS = {
    "check": "assistant.commands.check:check",
    "rules": "assistant.commands.check:rules",
    "fix": "assistant.commands.fix:fix",
    "account": "assistant.commands.mail:account",
    "drafts": "assistant.commands.mail:drafts",
    "summary": "assistant.commands.summary:summary",
    "serve": "assistant.server.commands:serve",
    "demo": "assistant.server.commands:demo",
    "doctor": "assistant.commands.doctor:doctor",
    "signature": "assistant.commands.settings:signature",
    "config": "assistant.commands.settings:config",
    "emulator": "emulators.command:emulator",
    "addin": "assistant.addin.commands:addin",
}


def fail(exc: "AppError", prefix: str = "error") -> NoReturn:
    """One line for the user, and the exit status of the error's kind."""
    import click

    click.echo(f"{prefix}: {exc.message}", err=True)
    sys.exit(_EXIT_BY_KIND[exc.kind.value])


def policy_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--policy FILE`` (else $MAIL_ASSISTANT_POLICY, else the District pack)."""
    import click

    return click.option(
        "--policy",
        "policy_path",
        type=click.Path(dir_okay=False),
        help="Admin policy file overriding the District defaults (default: $MAIL_ASSISTANT_POLICY).",
    )(fn)


# The process's start-up (main() to the chosen command's modules) runs without the cycle
# collector: importing allocates tens of thousands of objects that all live until exit,
# and collecting over them while they pile up cost a `check` process ~15% of its
# instructions. Afterwards they are frozen (never scanned again) and collection resumes,
# so a long `serve` or a check of many files frees its garbage as usual.
_gc_deferred = False


def _end_start_up() -> None:
    global _gc_deferred
    if _gc_deferred:
        _gc_deferred = False
        gc.freeze()
        gc.enable()


def _exit_now(status: int) -> NoReturn:
    """End a one-shot process without the interpreter's teardown.

    Freeing every module and object one by one at exit cost a `check` process ~10% of
    its instructions, for nothing: the OS takes the memory back at once. The exit
    handlers still run (atexit: logging's flush and any others) and the output is
    flushed first; with another thread alive, or output that cannot be flushed (a
    closed pipe), the ordinary exit runs instead, with its ordinary messages.
    """
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(status)
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)


def _build_cli() -> None:
    """The click group, made on first use (``cli`` and ``LazyGroup`` of this module)."""
    import click

    class LazyGroup(click.Group):
        """A group whose subcommands are imported when used (click docs, "LazyGroup")."""

        def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.lazy = lazy

        def list_commands(self, ctx: click.Context) -> list[str]:
            return list(self.lazy) + [c for c in super().list_commands(ctx) if c not in self.lazy]

        def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
            if cmd_name not in self.lazy:
                return super().get_command(ctx, cmd_name)
            module, _, attr = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attr)
            _end_start_up()
            return command

    @click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="mail-assistant")
    def cli() -> None:
        """Check and fix District email against BP 1114 (Mt. Diablo USD)."""

    globals().update(LazyGroup=LazyGroup, cli=cli)


def main() -> None:
    global _gc_deferred
    if gc.isenabled():
        gc.disable()
        _gc_deferred = True
    if sys.argv[1:2] == ["check"] and os.name != "nt":  # click expands wildcards on Windows
        from assistant.commands.check_report import quick

        status = quick(sys.argv[2:], started=_end_start_up)
        if status is not None:
            _end_start_up()
            _exit_now(status)
    import click

    try:
        code = __getattr__("cli").main(prog_name="mail-assistant", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        # click's own usage errors exit 2, which here means "errors found".
        exc.show()
        sys.exit(BAD_INPUT)
    finally:
        _end_start_up()  # no command was loaded (--help, --version, a usage error)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
