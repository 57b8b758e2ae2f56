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
    account: (server handle, emulator or None). One start-up for `serve` and `demo`.

    The user's companion uses the install's token from the keyring (the one pasted
    into Outlook once); the demo mailbox gets a token for the run only, so the demo
    works where no keyring is running."""
    from assistant.app.context import AppContext
    from assistant.config import config_dir
    from assistant.server.run import start_server
    from assistant.server.security import load_or_create_token

    emulator = None
    try:
        token = None if use_demo else load_or_create_token(config_dir())
        options: dict[str, Any] = {"grammar_url": grammar_url}
        if use_demo:
            from emulators.ews import start_emulator

            # The demo mailbox with a week of sent and received mail, so Summary has one.
            emulator = start_emulator(seed="emulators.ews.demo_week", port=0)
            options.update(backend_factory=emulator.backend, account_label=f"{emulator.email} (demo mailbox)")
        ctx = AppContext.create(policy_path, **options)
        return start_server(ctx, port, token=token, info={"demo": use_demo}), emulator
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
              help="Port on 127.0.0.1 (the add-in manifest expects the default); with --public, on --bind.")
@click.option("--demo", "use_demo", is_flag=True,
              help="Serve the demo mailbox instead of your account (with an API token for this run only).")
@click.option("--grammar-url", default=None, help="LanguageTool server for grammar hints (optional).")
@policy_option
@click.option("--exit-after", type=float, default=None, hidden=True, help="Stop after this many seconds (tests).")
@click.option("--public", is_flag=True,
              help="District-hosted mode: only the add-in pages and the stateless check/fix/rules endpoints "
                   "(no mailbox, no settings, no token), for every staff member's Outlook. See docs/deploy-addin.md.")
@click.option("--bind", "bind_addr", default=None, metavar="ADDR",
              help="With --public: the address to listen on (default 127.0.0.1).")
@click.option("--cert", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="With --public: TLS certificate chain (PEM) for the add-in host.")
@click.option("--key", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="With --public: the certificate's private key (PEM).")
@click.option("--insecure-http", is_flag=True,
              help="With --public and no --cert: serve plain HTTP on a non-loopback --bind, for a reverse proxy "
                   "that terminates TLS on a private network. Without it, plain HTTP is only allowed on loopback.")
@click.option("--proxy-headers", is_flag=True,
              help="With --public: take the client address from X-Forwarded-For (and the scheme from "
                   "X-Forwarded-Proto), only when the request comes from a --trusted-proxy.")
@click.option("--trusted-proxy", "trusted_proxies", multiple=True, metavar="ADDR|CIDR",
              help="With --proxy-headers: a reverse proxy's address (repeatable; default 127.0.0.1 and ::1).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="With --public: worker processes.")
@click.option("--outlook-origin", "outlook_origins", multiple=True, metavar="URL",
              help="With --public: the District's own Outlook on the web host (https://HOST, repeatable), allowed "
                   "besides Microsoft's (outlook.office.com, outlook.office365.com, outlook.cloud.microsoft).")
@click.option("--rate-limit", default=None, metavar="LIMITS",
              help='With --public: requests per client address (default "30/second;600/minute"); past it 429.')
@click.option("--rate-limit-storage", default=None, metavar="URI",
              help="With --public: where counts are kept (default memory://, per worker; a shared store such as "
                   "redis://HOST counts across workers).")
@click.option("--max-body", type=click.IntRange(1024, 64 * 2**20), default=None, metavar="BYTES",
              help="With --public: the largest request body (default 4 MiB); larger is 413.")
def serve(port: int, use_demo: bool, grammar_url: str | None, policy_path: str | None,
          exit_after: float | None, public: bool, **public_options: Any) -> None:
    """Run the local HTTPS API and UI for the Outlook add-in (127.0.0.1 only), or with
    --public the District-hosted add-in service."""
    if public:
        if use_demo or grammar_url:
            raise click.UsageError("--public serves no mailbox and no grammar: leave out --demo and --grammar-url")
        if exit_after is not None:
            raise click.UsageError("--exit-after is for the local mode; stop --public with Ctrl+C or SIGTERM")
        _serve_public(port, policy_path, **public_options)
        return
    given = sorted(k for k, v in public_options.items() if v != _PUBLIC_DEFAULTS.get(k))
    if given:
        raise click.UsageError(f"--{given[0].replace('_', '-')} needs --public")
    handle, emulator = _start(use_demo, port, grammar_url, policy_path)
    scheduler = None
    if not use_demo:
        # The weekly summary on the user's own mailbox (Monday 7:00 by default, in the
        # settings); the demo mailbox is left as it is.
        from assistant.app.summary_schedule import SummaryScheduler

        scheduler = SummaryScheduler(handle.companion)
        scheduler.start()
    try:
        _print_started(handle, "Mail Assistant API")
        click.echo("Press Ctrl+C to stop.")
        _wait_forever(threading.Event(), exit_after)
    finally:
        if scheduler is not None:
            scheduler.stop()
        handle.stop()
        if emulator:
            emulator.stop()


# The --public options' values when not given (the local mode refuses any other).
_PUBLIC_DEFAULTS = {"bind_addr": None, "cert": None, "key": None, "insecure_http": False, "proxy_headers": False,
                    "trusted_proxies": (), "workers": 1, "outlook_origins": (), "rate_limit": None,
                    "rate_limit_storage": None, "max_body": None}


def _is_loopback(addr: str) -> bool:
    import ipaddress

    try:
        return addr == "localhost" or ipaddress.ip_address(addr).is_loopback
    except ValueError:
        return False


def _serve_public(port: int, policy_path: str | None, *, bind_addr: str | None, cert: str | None, key: str | None,
                  insecure_http: bool, proxy_headers: bool, trusted_proxies: tuple[str, ...], workers: int,
                  outlook_origins: tuple[str, ...], rate_limit: str | None, rate_limit_storage: str | None,
                  max_body: int | None) -> None:
    """Check every option (one line and exit 3 for a bad one), then serve until Ctrl+C/SIGTERM."""
    import os
    import signal

    from assistant.server import public as hosted
    from assistant.server.run import bind, public_config, serve_public

    host = bind_addr or "127.0.0.1"
    if host == "localhost":
        host = "127.0.0.1"
    if bool(cert) != bool(key):
        raise click.UsageError("give both --cert and --key (or neither, behind a reverse proxy that terminates TLS)")
    if cert and insecure_http:
        raise click.UsageError("--insecure-http and --cert contradict each other")
    if not cert and not _is_loopback(host) and not insecure_http:
        raise click.UsageError(f"--bind {host} without --cert/--key would serve plain HTTP beyond this machine: give "
                               "--cert FILE --key FILE, or --insecure-http when a reverse proxy on a private network "
                               "terminates TLS")
    if trusted_proxies and not proxy_headers:
        raise click.UsageError("--trusted-proxy needs --proxy-headers")
    settings = hosted.PublicSettings(
        outlook_origins=_origins(outlook_origins),
        rate_limit=_rate_limit(rate_limit or hosted.PublicSettings.rate_limit),
        rate_storage=rate_limit_storage or hosted.PublicSettings.rate_storage,
        max_body=max_body or hosted.PublicSettings.max_body,
        policy=policy_path,
    )
    if cert and key:
        _check_certificate(cert, key)
    try:
        app = hosted.create_public_app(settings)  # here first: a bad policy or install is one line, not N tracebacks
    except AppError as exc:
        fail(exc)
    except Exception as exc:  # e.g. a rate-limit store that cannot be reached
        raise click.ClickException(f"cannot start the service: {exc}") from None
    try:
        sock = bind(port, host)
    except OSError as exc:
        raise click.ClickException(str(exc)) from None
    os.environ[hosted.ENV] = settings.to_env()  # what each worker's create_public_app() reads
    target = "assistant.server.public:create_public_app" if workers > 1 else app
    config = public_config(target, certfile=cert, keyfile=key, workers=workers, proxy_headers=proxy_headers,
                           trusted_proxies=",".join(trusted_proxies) or "127.0.0.1,::1")
    scheme = "https" if cert else "http"
    real_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Mail Assistant add-in service (District-hosted) at {scheme}://{shown}:{real_port}/addin/taskpane.html"
               f" ({workers} worker{'s' if workers > 1 else ''})")
    if not cert:
        click.echo("Plain HTTP: the reverse proxy in front must terminate TLS (docs/deploy-addin.md).")
    click.echo("Manifest for your host: mail-assistant addin manifest --url https://YOUR-HOST")
    sys.stdout.flush()
    # uvicorn re-raises the signal that stopped it once it has shut down: a SIGTERM
    # (systemd, docker stop) is then a clean exit, and Ctrl+C is caught below.
    signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        serve_public(sock, config)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


def _origins(urls: tuple[str, ...]) -> tuple[str, ...]:
    from assistant.addin.manifest import ManifestError, origin

    try:
        return tuple(origin(u) for u in urls)
    except ManifestError as exc:
        raise click.UsageError(f"--outlook-origin {exc}") from None


def _rate_limit(text: str) -> str:
    from limits import parse_many

    try:
        parse_many(text)
    except ValueError as exc:
        raise click.UsageError(f"--rate-limit {text!r} is not a limit like '30/second;600/minute' ({exc})") from None
    return text


def _check_certificate(cert: str, key: str) -> None:
    import ssl

    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise click.ClickException(f"cannot use --cert {cert} --key {key}: {getattr(exc, 'strerror', None) or exc}") from None


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
