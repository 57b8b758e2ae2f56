"""`mail-assistant emulator`: run one mail-server emulator standalone.

    mail-assistant emulator --kind ews --port 0 --seed demo
    {"kind": "ews", "url": "http://127.0.0.1:PORT/EWS/Exchange.asmx", "username": ..., "password": ..., "email": ...}

It prints exactly one JSON line on standard output once the server accepts
connections (with ``ca_file`` when it serves TLS), then serves until SIGINT or
SIGTERM and exits 0. Another program (a test, a script, a second machine's
client) reads that line and connects. Bad input is a one-line error, exit 3.

``--kind graph`` runs the Microsoft Graph emulator and prints ``url``, ``token``,
``authority``, ``client_id``, ``email`` and ``ca_file``. A new kind is one entry in
``KINDS``: a function that starts the server and returns its handle and its line.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import click

BAD_INPUT = 3
# A kind's starter: (seed, port, tls) -> (handle with .stop(), the JSON line's fields).
Starter = Callable[[str, int, bool], tuple[Any, dict[str, Any]]]


class EmulatorInputError(click.ClickException):
    """Bad command-line input; exits 3 like every other command's bad input."""

    exit_code = BAD_INPUT


def _start_ews(seed: str, port: int, tls: bool) -> tuple[Any, dict[str, Any]]:
    from emulators.ews import start_emulator

    handle = start_emulator(seed=seed, port=port, tls=tls)
    info = {"kind": "ews", "url": handle.url, "username": handle.username, "password": handle.password,
            "email": handle.email}
    if handle.ca_file:
        info["ca_file"] = handle.ca_file
    return handle, info


def _start_graph(seed: str, port: int, tls: bool) -> tuple[Any, dict[str, Any]]:
    try:
        from emulators.graph import start_graph_emulator
    except ImportError as exc:
        raise EmulatorInputError(f"the Graph emulator is not available yet ({exc})") from None
    handle = start_graph_emulator(seed=seed, port=port, tls=tls)
    info = {"kind": "graph", "url": handle.url, "token": handle.token, "authority": handle.authority,
            "client_id": handle.client_id, "email": handle.email}
    if handle.ca_file:
        info["ca_file"] = handle.ca_file
    return handle, info


KINDS: dict[str, Starter] = {"ews": _start_ews, "graph": _start_graph}
# Exchange on-premises is often plain HTTP inside a test network; Graph is HTTPS only.
DEFAULT_TLS = {"ews": False, "graph": True}


def _seed(value: str) -> str:
    if value in ("demo", "empty"):
        return value
    if not Path(value).is_dir():
        raise EmulatorInputError(f"--seed must be demo, empty or a folder of .eml files; {value!r} is none of them")
    return value


def serve_until_stopped(handle: Any, line: dict[str, Any], out: Any = None) -> None:
    """Print ``line`` as one JSON line, then block until SIGINT/SIGTERM and stop ``handle``."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        out = out or sys.stdout
        out.write(json.dumps(line) + "\n")
        out.flush()
        while not stop.wait(0.5):  # a timeout keeps the wait responsive to signals everywhere
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        handle.stop()


@click.command("emulator")
@click.option("--kind", type=click.Choice(sorted(KINDS)), default="ews", show_default=True,
              help="Which server to emulate.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one; the JSON line says which).")
@click.option("--seed", default="demo", show_default=True, help="demo, empty, or a folder of .eml files.")
@click.option("--tls/--no-tls", default=None, help="Serve HTTPS with a fresh certificate (ca_file in the JSON line). "
              "Default: off for ews, on for graph.")
def emulator(kind: str, port: int, seed: str, tls: bool | None) -> None:
    """Run a mail-server emulator on 127.0.0.1 until Ctrl-C; prints one JSON line to connect with."""
    from emulators.ews.seed import SeedError

    seed = _seed(seed)
    try:
        handle, line = KINDS[kind](seed, port, DEFAULT_TLS[kind] if tls is None else tls)
    except SeedError as exc:
        raise EmulatorInputError(str(exc)) from None
    except OSError as exc:  # the port is taken, or not ours to bind
        raise EmulatorInputError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    serve_until_stopped(handle, line)


COMMANDS = [emulator]

if __name__ == "__main__":  # `python -m emulators.command`, with the CLI's exit codes
    try:
        emulator.main(prog_name="emulator", standalone_mode=False)
    except click.ClickException as exc:  # usage errors too: 3, as in `mail-assistant`
        exc.show()
        sys.exit(BAD_INPUT)
