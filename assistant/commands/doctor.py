"""`mail-assistant doctor`: what is installed and reachable, one line each.

Only looks; never changes settings or starts anything that stays running.
Always exits 0: it is a report, and a missing optional part is not an error.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from importlib import metadata
from typing import Callable

import click

PACKAGES = (
    "mdusd-mail-assistant",
    "pywebview",
    "exchangelib",
    "language-tool-python",
    "keyring",
    "PyQt6",
    "PyQt6-WebEngine",
)


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _guard(fn: Callable[[], tuple[bool, str]]) -> tuple[bool, str]:
    # A broken part must show up as one bad line, never stop the report.
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - the report is the point
        return False, f"check failed: {type(exc).__name__}: {exc}"


def check_java() -> tuple[bool, str]:
    from assistant.grammar.server import find_java, java_version

    java = find_java()
    if not java:
        return False, "not found (install Java 17+ for LanguageTool, or set JAVA_HOME)"
    return True, f"{java_version(java) or 'unknown version'} ({java})"


def check_languagetool_jars() -> tuple[bool, str]:
    from assistant.grammar.server import FETCH_HINT, find_lib_dir, installed_version

    lib = find_lib_dir()
    if lib is None:
        return False, f"jars not found; {FETCH_HINT}"
    return True, f"LanguageTool {installed_version(lib)} jars in {lib}"


def check_languagetool_url(url: str) -> tuple[bool, str]:
    from assistant.grammar.server import is_alive

    return (True, f"{url} answers") if is_alive(url, timeout=3) else (False, f"{url} does not answer")


def check_keyring() -> tuple[bool, str]:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if isinstance(backend, fail.Keyring):
        return False, (
            f"{name}: no usable keyring. Linux: run a Secret Service (gnome-keyring or KWallet) "
            "in your desktop session; Windows: Credential Manager; macOS: Keychain"
        )
    return True, f"{name} (priority {getattr(backend, 'priority', '?')})"


def check_display() -> tuple[bool, str]:
    from assistant.app.display import display_status

    return display_status()


def check_qt() -> tuple[bool, str]:
    if sys.platform != "win32" and sys.platform != "darwin":
        if _version("PyQt6-WebEngine") is None:
            return False, "PyQt6-WebEngine not installed (pip install 'mdusd-mail-assistant[qt]')"
        # In a child process: a missing system library can abort the interpreter.
        code = "from PyQt6 import QtWebEngineWidgets; from PyQt6.QtCore import QT_VERSION_STR as v; print(v)"
        try:
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return False, "Qt WebEngine import timed out"
        if out.returncode != 0:
            last = (out.stderr.strip().splitlines() or ["unknown error"])[-1]
            return False, f"Qt WebEngine does not load: {last} (scripts/setup.sh runtime installs its libraries)"
        return True, f"Qt {out.stdout.strip()} with WebEngine loads"
    return True, "pywebview uses the system web view (Edge WebView2 / WebKit)"


def check_chromium() -> tuple[bool, str]:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    return (True, path) if path else (False, "not found (only the browser tests need it)")


def check_config() -> tuple[bool, str]:
    from assistant.config import config_dir, config_path

    path = config_path()
    state = "exists" if path.exists() else "not created yet"
    return True, f"{config_dir()} (config.json {state})"


def check_rule_data() -> tuple[bool, str]:
    """The shipped word lists, EM901, conduct, insults and records models and name lists load (a damaged install says which)."""
    from assistant.app.context import load_rule_resources
    from assistant.app.errors import AppError

    from assistant.core import conduct, records_model
    from assistant.core.personal import ModelError

    try:
        found = load_rule_resources()
        conduct.load_model()  # the whole file, which a check parses only when it needs it
        conduct.load_model(conduct.INSULTS_PATH)  # likewise
        records_model.load_model()  # likewise
        return True, found
    except AppError as exc:
        return False, exc.message
    except ModelError as exc:
        return False, str(exc)


def check_account() -> tuple[bool, str]:
    from assistant.config import ConfigError, load_config

    try:
        section = load_config().get("account")
    except ConfigError as exc:
        return False, str(exc)
    if not section:
        return False, "none set up (mail-assistant account add; `demo` needs none)"
    if not isinstance(section, dict):
        return False, "the 'account' settings are not an object; run `mail-assistant account add` again"
    if section.get("kind") == "graph":
        return True, f"{section.get('email', '?')} via Microsoft Graph (tenant {section.get('tenant', 'organizations')})"
    where = section.get("server") or "autodiscover"
    return True, f"{section.get('email', '?')} via {where} ({section.get('auth', 'ntlm')})"


@click.command()
@click.option(
    "--grammar-url",
    envvar="LANGUAGETOOL_URL",
    default=None,
    help="Also check that this LanguageTool server answers (or set LANGUAGETOOL_URL).",
)
def doctor(grammar_url: str | None) -> None:
    """Show what is installed and reachable: Python, packages, Java, LanguageTool,
    keyring, display and Qt, settings folder, mail account."""
    rows: list[tuple[str, bool, str]] = [
        ("Python", True, f"{platform.python_version()} ({sys.executable})"),
        ("Platform", True, f"{platform.system()} {platform.release()} {platform.machine()}"),
    ]
    for dist in PACKAGES:
        v = _version(dist)
        rows.append((f"package {dist}", v is not None, v or "not installed"))
    checks: list[tuple[str, Callable[[], tuple[bool, str]]]] = [
        ("Java", check_java),
        ("LanguageTool", check_languagetool_jars),
    ]
    if grammar_url:
        checks.append(("LanguageTool server", lambda: check_languagetool_url(grammar_url)))
    checks += [
        ("Rule data", check_rule_data),
        ("Keyring backend", check_keyring),
        ("Display", check_display),
        ("Qt window", check_qt),
        ("Chromium", check_chromium),
        ("Config dir", check_config),
        ("Mail account", check_account),
    ]
    rows += [(label, *_guard(fn)) for label, fn in checks]
    width = max(len(label) for label, _, _ in rows)
    for label, ok, detail in rows:
        mark = click.style("ok ", fg="green") if ok else click.style("-- ", fg="yellow")
        click.echo(f"{mark} {label.ljust(width)}  {detail}")

