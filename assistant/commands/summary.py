"""`mail-assistant summary`: the weekly inbox-hygiene summary (a thin adapter over
assistant.app.summary and assistant.app.summary_schedule)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind
from assistant.cli import fail, policy_option


def demo_week_mailbox() -> Callable[[], Any]:
    """The demo mailbox with a week of sent and received mail in it (stopped on close)."""
    from assistant.app.context import demo_mailbox

    return demo_mailbox(seed="emulators.ews.demo_week")


def _write(target: str, text: str) -> None:
    """``-`` is standard output; a file is replaced atomically."""
    from assistant.config import write_atomic

    if target == "-":
        click.echo(text, nl=False)
        return
    path = Path(target)
    if path.is_dir():
        raise AppError(Kind.BAD_INPUT, f"{target} is a folder; give a file name")
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise AppError(Kind.BAD_INPUT, f"cannot write {target}: {exc.strerror or exc}") from None


@click.command("summary")
@click.option("--week", metavar="YYYY-Www", help="ISO week to summarise (default: the last complete week).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE ('-' for standard output).")
@click.option("--demo", is_flag=True, help="Use the built-in demo mailbox (with a week of mail).")
@click.option("--send-to-self", is_flag=True, help="Also save the HTML report as a message in your Inbox.")
@click.option("--install-schedule", is_flag=True, help="Run it weekly (systemd timer, Task Scheduler or launchd).")
@click.option("--remove-schedule", is_flag=True, help="Remove the weekly schedule.")
@policy_option
def summary(week: str | None, fmt: str, output: str | None, demo: bool, send_to_self: bool,
            install_schedule: bool, remove_schedule: bool, policy_path: str | None) -> None:
    """Your weekly inbox-hygiene summary: sent mail against BP 1114, inbox, mailbox, actions."""
    from assistant.app import summary_schedule
    from assistant.app.summary import run_summary

    try:
        if install_schedule and remove_schedule:
            raise AppError(Kind.BAD_INPUT, "--install-schedule and --remove-schedule cannot be used together")
        if install_schedule or remove_schedule:
            if install_schedule:
                with AppContext.create(policy_path) as ctx:
                    done = summary_schedule.install_schedule(ctx)
                click.echo(f"Installed the weekly summary ({done.platform}): "
                           + ", ".join(str(f) for f in done.files))
            else:
                done = summary_schedule.remove_schedule()
                click.echo(f"Removed the weekly summary schedule ({done.platform})." if done.removed
                           else "No weekly summary schedule was installed.")
            if done.registered and done.registered != "ok":
                click.echo(f"note: {done.registered}", err=True)
            return
        factory = demo_week_mailbox() if demo else None
        with AppContext.create(policy_path, backend_factory=factory) as ctx:
            result = run_summary(ctx, week, store_file=":memory:" if demo else None, send_to_self=send_to_self)
        _write(output or "-", result.render(fmt))
        if send_to_self:
            click.echo("Saved the report to your Inbox.", err=True)
    except AppError as exc:
        fail(exc)


__all__ = ["summary"]
