"""The shared fixtures start real components: prove each one works end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest


def test_each_test_gets_its_own_config_home(tmp_path_factory):
    from assistant.config import config_dir, save_config, load_config

    home = Path(os.environ["MAIL_ASSISTANT_HOME"])
    assert config_dir() == home
    assert str(home).startswith(str(tmp_path_factory.getbasetemp()))
    save_config({"signature": {"name": "x"}})
    assert load_config() == {"signature": {"name": "x"}}


@pytest.mark.keyring
def test_secret_service_round_trip(secret_service):
    import keyring
    from keyring.backends import SecretService

    assert isinstance(keyring.get_keyring(), SecretService.Keyring)
    service = f"mail-assistant-test-{uuid.uuid4().hex}"
    keyring.set_password(service, "alice@mdusd.org", "s3cret-ü")
    assert keyring.get_password(service, "alice@mdusd.org") == "s3cret-ü"
    keyring.delete_password(service, "alice@mdusd.org")
    assert keyring.get_password(service, "alice@mdusd.org") is None


@pytest.mark.keyring
def test_secret_service_is_visible_to_child_processes(secret_service):
    # A child process (like `mail-assistant` run by a test) finds the same store.
    import keyring

    service = f"mail-assistant-child-{uuid.uuid4().hex}"
    keyring.set_password(service, "bob", "from-parent")
    code = f"import keyring; print(keyring.get_password({service!r}, 'bob'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "from-parent", out.stderr
    keyring.delete_password(service, "bob")


@pytest.mark.desktop
def test_xvfb_display_accepts_x_clients(xvfb_display):
    assert os.environ["DISPLAY"] == xvfb_display
    # xauth/xdpyinfo may be absent; a Qt app is the client the project really runs.
    code = (
        "import sys\n"
        "from PyQt6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv)\n"
        "print(app.platformName(), app.primaryScreen().size().width())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    platform, width = out.stdout.split()
    assert platform == "xcb" and int(width) > 0


@pytest.mark.languagetool
def test_languagetool_url_answers(languagetool_url):
    assert languagetool_url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(languagetool_url + "/v2/languages", timeout=30) as r:
        codes = {lang["longCode"] for lang in json.load(r)}
    assert "en-US" in codes


def test_corpora_dir_is_beside_the_repo(corpora_dir):
    assert corpora_dir.name == "corpora" and corpora_dir.parent.name == "shared"
    assert (corpora_dir / "README.md").is_file()
