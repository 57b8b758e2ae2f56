"""Shared fixtures: real components started for the test run and torn down after.

- ``languagetool_url``: a real LanguageTool HTTP server on 127.0.0.1.
- ``secret_service``: a private D-Bus session bus with gnome-keyring's Secret
  Service, and ``keyring`` pointed at it.
- ``xvfb_display``: an X display (the caller's, or a private Xvfb).
- ``corpora_dir``: ``<repo>/../shared/corpora``.
- ``browser``: Debian's Chromium driven by Playwright (never a downloaded browser).
- autouse: every test gets its own ``MAIL_ASSISTANT_HOME``.

A missing component skips its tests locally with the reason, but FAILS them
when ``CI`` is set, so a broken setup can never pass as a row of skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SETUP_HINT = "run `make test` (or scripts/setup.sh test) to install it"


def missing(reason: str) -> None:
    """Skip locally; fail under CI, where setup must have installed everything."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a setup failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def need():
    """``need(module, reason)``: import ``module`` and return it, or ``missing(reason)``
    (skip locally, fail under CI) when it is not installed."""
    import importlib

    def need(module: str, reason: str):
        try:
            return importlib.import_module(module)
        except ImportError:
            missing(reason)

    return need


@pytest.fixture(autouse=True)
def _mail_assistant_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Never touch the developer's real settings (assistant/config.py honours this).
    home = tmp_path_factory.mktemp("mail-assistant-home")
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(home))
    return home


# -- LanguageTool -------------------------------------------------------------


@pytest.fixture(scope="session")
def languagetool_server() -> Iterator[object]:
    """The server handle (``.url``, ``.log_path``, ``.stop()``) for tests that need more than the URL."""
    from assistant.grammar.server import LanguageToolNotInstalled, LanguageToolServer, LanguageToolStartError

    server = LanguageToolServer()
    try:
        server.start(timeout=180)
    except LanguageToolNotInstalled as exc:
        missing(f"LanguageTool: {exc}")
    except LanguageToolStartError as exc:
        pytest.fail(f"LanguageTool is installed but did not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def languagetool_url(languagetool_server) -> str:
    """Base URL (``http://127.0.0.1:PORT``) of a running LanguageTool server."""
    return languagetool_server.url


# -- Secret Service (gnome-keyring on a private D-Bus session) ------------------


class SecretServiceHandle:
    def __init__(self, address: str, root: Path, password: str):
        self.address = address
        self.root = root
        self.password = password
        self.env = {"DBUS_SESSION_BUS_ADDRESS": address}


def _kill(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def _wait_for_secrets(address: str, timeout: float = 15.0) -> bool:
    """True once org.freedesktop.secrets has an owner on the bus."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    dbus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open_dbus_connection(bus=address) as conn:
                reply = conn.send_and_get_reply(
                    new_method_call(dbus, "NameHasOwner", "s", ("org.freedesktop.secrets",)), timeout=2
                )
                if reply.body[0]:
                    return True
        except Exception:  # bus not up yet
            pass
        time.sleep(0.1)
    return False


@pytest.fixture(scope="session")
def secret_service() -> Iterator[SecretServiceHandle]:
    """A real Secret Service for the session; ``keyring`` uses it while it runs.

    Sets DBUS_SESSION_BUS_ADDRESS and PYTHON_KEYRING_BACKEND for the session
    (child processes inherit them) and restores both at the end. Each test
    should use its own service name so tests stay independent.
    """
    dbus_daemon = shutil.which("dbus-daemon")
    gnome_keyring = shutil.which("gnome-keyring-daemon")
    if not dbus_daemon or not gnome_keyring:
        missing(f"Secret Service needs dbus-daemon and gnome-keyring-daemon; {SETUP_HINT}")
    try:
        import keyring
        from keyring.backends import SecretService
    except ImportError as exc:
        missing(f"keyring's SecretService backend is not importable: {exc}")

    root = Path(tempfile.mkdtemp(prefix="secret-service-"))
    env = dict(os.environ)
    # gnome-keyring keeps its keyrings under XDG_DATA_HOME and its socket under XDG_RUNTIME_DIR.
    for key, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_RUNTIME_DIR", "run"), ("XDG_CONFIG_HOME", "config")):
        path = root / sub
        path.mkdir(mode=0o700)
        env[key] = str(path)
    bus = subprocess.Popen(
        [dbus_daemon, "--session", "--nofork", "--nopidfile", "--print-address=1", f"--address=unix:path={root / 'bus'}"],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, text=True,
    )
    keyring_proc: subprocess.Popen | None = None
    old_env = {k: os.environ.get(k) for k in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")}
    old_keyring = keyring.get_keyring()
    password = "test-login-password"
    try:
        address = bus.stdout.readline().strip() if bus.stdout else ""
        if not address:
            pytest.fail("dbus-daemon printed no address", pytrace=False)
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        # --unlock reads the login password on stdin and creates the login keyring with it.
        keyring_proc = subprocess.Popen(
            [gnome_keyring, "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        assert keyring_proc.stdin is not None
        keyring_proc.stdin.write(password.encode())
        keyring_proc.stdin.close()
        if not _wait_for_secrets(address):
            pytest.fail("gnome-keyring-daemon did not register org.freedesktop.secrets", pytrace=False)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.SecretService.Keyring"
        keyring.set_keyring(SecretService.Keyring())
        yield SecretServiceHandle(address, root, password)
    finally:
        keyring.set_keyring(old_keyring)
        for key, value in old_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _kill(keyring_proc)
        _kill(bus)
        shutil.rmtree(root, ignore_errors=True)


# -- X display ------------------------------------------------------------------


def _display_alive(display: str) -> bool:
    """A local display ``:N`` is alive when its socket exists (no xdpyinfo needed)."""
    if not display.startswith(":"):
        return True  # remote/TCP display: trust the caller
    number = display[1:].split(".")[0]
    return Path(f"/tmp/.X11-unix/X{number}").exists()


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """An X display for windows: the current DISPLAY if alive, else a private Xvfb.

    A private Xvfb sets DISPLAY for the rest of the session and restores it after.
    """
    current = os.environ.get("DISPLAY")
    if current and _display_alive(current):
        yield current
        return
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        missing(f"no DISPLAY and no Xvfb; {SETUP_HINT}")
    read_fd, write_fd = os.pipe()
    # -displayfd: Xvfb picks a free display number itself and writes it to the pipe.
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            pytest.fail("Xvfb did not report a display number", pytrace=False)
        display = f":{number}"
        os.environ["DISPLAY"] = display
        yield display
    finally:
        if current is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = current
        _kill(proc)


# -- Shared corpora ---------------------------------------------------------------


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    """``<repo>/../shared/corpora``; tests using it skip cleanly when it is absent
    (the suite must pass without it, in CI too)."""
    path = (REPO_ROOT / ".." / "shared" / "corpora").resolve()
    if not path.is_dir():
        pytest.skip(f"shared corpora not found at {path}")
    return path


# -- Chromium ------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling out to a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def chromium_path() -> str | None:
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if not path:
        missing(f"Chromium is not installed; {SETUP_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
