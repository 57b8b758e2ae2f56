"""`serve` (the API for the Outlook add-in) and `demo` (everything, on a demo mailbox)."""

from __future__ import annotations

import sys
import threading
import webbrowser
from typing import Any

import click

from assistant.app.errors import AppError
from assistant.cli import fail, policy_option
from assistant.server.run import DEFAULT_PORT

TRUST_HELP = 'To trust the certificate (needed by Outlook), see "Trusting the local certificate" in the README.'


def _print_started(handle: Any, what: str) -> None:
    click.echo(f"{what} at {handle.url}")
    # The fragment carries the access token; it never leaves this computer.
    click.echo(f"Open: {handle.app_url}")
    click.echo(f"Certificate authority to trust: {handle.tls.ca} (SHA-256 {handle.tls.ca_fingerprint})")
    click.echo(TRUST_HELP)
    sys.stdout.flush()


def _wait_forever(stop: threading.Event, seconds: float | None) -> None:
    """Until Ctrl+C, SIGTERM or ``seconds``; the caller then shuts down cleanly."""
    import signal

    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait(seconds)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _start(use_demo: bool, port: int, grammar_url: str | None, policy_path: str | None) -> tuple[Any, Any]:
    """The API over TLS with its app context, on the demo mailbox or the user's
    account: (server handle, emulator or None). One start-up for `serve` and `demo`."""
    from assistant.app.context import AppContext
    from assistant.server.run import start_server

    emulator = None
    try:
        options: dict[str, Any] = {"grammar_url": grammar_url}
        if use_demo:
            from emulators.ews import start_emulator

            emulator = start_emulator(seed="demo", port=0)
            options.update(backend_factory=emulator.backend, account_label=f"{emulator.email} (demo mailbox)")
        ctx = AppContext.create(policy_path, **options)
        return start_server(ctx, port, info={"demo": use_demo}), emulator
    except AppError as exc:
        if emulator:
            emulator.stop()
        fail(exc)
    except (OSError, RuntimeError) as exc:
        if emulator:
            emulator.stop()
        raise click.ClickException(str(exc)) from None


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port on 127.0.0.1 (the add-in manifest expects the default).")
@click.option("--demo", "use_demo", is_flag=True, help="Serve the demo mailbox instead of your account.")
@click.option("--grammar-url", default=None, help="LanguageTool server for grammar hints (optional).")
@policy_option
@click.option("--exit-after", type=float, default=None, hidden=True, help="Stop after this many seconds (tests).")
def serve(port: int, use_demo: bool, grammar_url: str | None, policy_path: str | None,
          exit_after: float | None) -> None:
    """Run the local HTTPS API and UI for the Outlook add-in (127.0.0.1 only)."""
    handle, emulator = _start(use_demo, port, grammar_url, policy_path)
    try:
        _print_started(handle, "Mail Assistant API")
        click.echo("Press Ctrl+C to stop.")
        _wait_forever(threading.Event(), exit_after)
    finally:
        handle.stop()
        if emulator:
            emulator.stop()


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (default: any free port).")
@click.option("--window/--no-window", default=True, help="Open the desktop window (when there is a display).")
@click.option("--browser/--no-browser", default=True, help="Without a window, open the default browser.")
@click.option("--grammar-url", default=None, help="LanguageTool server for grammar hints (optional).")
@policy_option
@click.option("--exit-after", type=float, default=None, hidden=True, help="Stop after this many seconds (tests).")
def demo(port: int, window: bool, browser: bool, grammar_url: str | None, policy_path: str | None,
         exit_after: float | None) -> None:
    """Try everything on a demo mailbox: EWS emulator, API and the desktop window."""
    from assistant.app.display import has_display

    handle, emulator = _start(True, port, grammar_url, policy_path)
    try:
        _print_started(handle, "Demo mailbox and Mail Assistant")
        if window and has_display():
            from assistant.desktop.window import DesktopUnavailable, run_window

            try:
                click.echo("Opening the window; close it to stop.")
                run_window(handle, exit_after=exit_after)
                return
            except DesktopUnavailable as exc:
                click.echo(f"No desktop window ({exc}); using the browser instead.", err=True)
        if browser:
            webbrowser.open(handle.app_url)
        click.echo("Press Ctrl+C to stop.")
        _wait_forever(threading.Event(), exit_after)
    finally:
        handle.stop()
        emulator.stop()


__all__ = ["demo", "serve"]
