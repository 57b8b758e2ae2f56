"""`mail-assistant addin manifest`: the Outlook add-in's manifest for a host.

    mail-assistant addin manifest --url https://HOST[:PORT] [-o FILE] [--unified]

Writes the XML manifest with every URL on that host (to stdout without -o), or
with --unified the unified manifest app package (a zip) for the Microsoft 365
admin center. A bad URL or an unwritable file is one line on stderr, exit 3.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from assistant.addin.icons import IconError
from assistant.addin.manifest import LOCAL_URL, ManifestError, build
from assistant.app.errors import AppError, Kind
from assistant.cli import fail


@click.group()
def addin() -> None:
    """The Outlook add-in: manifests for deployment."""


def _write_atomically(path: Path, data: bytes) -> None:
    # A half-written manifest must never replace a good one.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@addin.command("manifest")
@click.option("--url", default=LOCAL_URL, show_default=True, metavar="https://HOST[:PORT]",
              help="Where the add-in is served: the District host of `serve --public`, or the local companion.")
@click.option("-o", "--output", "output", metavar="FILE", help="Write here (default: stdout for XML).")
@click.option("--unified", is_flag=True, help="Write the unified manifest app package (zip) for the Microsoft 365 admin center.")
def manifest(url: str, output: str | None, unified: bool) -> None:
    """Write the add-in manifest with every URL on --url."""
    try:
        data = build(url, unified=unified)
    except ManifestError as exc:
        fail(AppError(Kind.BAD_INPUT, str(exc)))
    except (OSError, IconError) as exc:
        # The icons ship in ui/addin/assets; without them the install is incomplete.
        fail(AppError(Kind.CONFIG, f"cannot read the add-in icons ({exc})"))
    if output in (None, "-"):
        if unified:
            fail(AppError(Kind.BAD_INPUT, "--unified writes a zip: give -o FILE.zip"))
        sys.stdout.write(data.decode("utf-8"))
        return
    path = Path(output)
    if path.is_dir():
        fail(AppError(Kind.BAD_INPUT, f"{path}: is a folder; give a file name"))
    try:
        _write_atomically(path, data)
    except OSError as exc:
        fail(AppError(Kind.BAD_INPUT, f"{path}: cannot write ({exc.strerror or exc})"))
    click.echo(f"wrote {path} ({'unified app package' if unified else 'XML manifest'} for {url.strip()})", err=True)
