"""The local companion's API token lives in the OS keyring only (DESIGN, "Security"),
against a real Secret Service (gnome-keyring on a private D-Bus, tests/conftest.py).

A token file left by an earlier version is moved into the keyring once (the token
pasted into Outlook keeps working); with no keyring `serve` says so in one line and
exits 3, and the demo, whose token is for the run only, still starts.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import keyring
import pytest
from server_processes import read_open_line, reap, start, stop_cleanly

from assistant.server.security import KEYRING_SERVICE, load_or_create_token, token_key

pytestmark = pytest.mark.keyring

OLD_TOKEN = "t0ken-from-an-earlier-version-" + "x" * 20  # 50 characters, as token_urlsafe(32) makes 43
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def stored(home: Path) -> str | None:
    return keyring.get_password(KEYRING_SERVICE, token_key(home))


def test_the_token_is_made_once_and_kept_in_the_keyring_only(secret_service, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    token = load_or_create_token(home)
    assert len(token) >= 40 and stored(home) == token
    assert list(home.iterdir()) == []  # no file of any name holds it
    assert load_or_create_token(home) == token  # the same on every start
    other = tmp_path / "other"
    other.mkdir()
    assert load_or_create_token(other) != token  # each settings folder has its own


def test_a_token_file_of_an_earlier_version_moves_into_the_keyring(secret_service, tmp_path):
    (tmp_path / "api-token").write_text(OLD_TOKEN + "\n")
    assert load_or_create_token(tmp_path) == OLD_TOKEN  # what Outlook has pasted keeps working
    assert stored(tmp_path) == OLD_TOKEN
    assert not (tmp_path / "api-token").exists()
    assert load_or_create_token(tmp_path) == OLD_TOKEN


def test_an_unusable_token_file_is_replaced_and_removed(secret_service, tmp_path):
    (tmp_path / "api-token").write_text("short")
    token = load_or_create_token(tmp_path)
    assert token != "short" and len(token) >= 40 and stored(tmp_path) == token
    assert not (tmp_path / "api-token").exists()


def test_serve_migrates_the_token_file_and_answers_with_that_token(secret_service, tmp_path):
    (tmp_path / "api-token").write_text(OLD_TOKEN)
    proc = start(["serve", "--port", "0", "--exit-after", "120"], tmp_path)
    try:
        url, token = read_open_line(proc)
        assert token == OLD_TOKEN and stored(tmp_path) == OLD_TOKEN
        assert not (tmp_path / "api-token").exists()
        ctx = ssl.create_default_context(cafile=str(tmp_path / "tls" / "ca.pem"))
        with httpx.Client(verify=ctx, timeout=30) as c:
            assert c.get(url + "api/info", headers={"Authorization": f"Bearer {OLD_TOKEN}"}).status_code == 200
            assert c.get(url + "api/info").status_code == 401
        stop_cleanly(proc)
    finally:
        reap(proc)


def test_serve_without_a_keyring_is_one_line_exit_3_and_keeps_the_token_file(secret_service, tmp_path):
    (tmp_path / "api-token").write_text(OLD_TOKEN)
    proc = start(["serve", "--port", "0", "--exit-after", "30"], tmp_path, NO_KEYRING)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 3, (out, err)
    assert err.startswith("error: no system keyring to keep the API token in") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and "Open:" not in out
    assert (tmp_path / "api-token").read_text() == OLD_TOKEN  # nothing lost: migrated on a later start


def test_the_demo_needs_no_keyring_and_stores_no_token(tmp_path):
    proc = start(["serve", "--demo", "--port", "0", "--exit-after", "120"], tmp_path, NO_KEYRING)
    try:
        url, token = read_open_line(proc)
        ctx = ssl.create_default_context(cafile=str(tmp_path / "tls" / "ca.pem"))
        with httpx.Client(verify=ctx, timeout=30) as c:
            assert c.get(url + "api/drafts", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert not (tmp_path / "api-token").exists() and token not in "".join(
            p.read_text("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file())
        stop_cleanly(proc)
    finally:
        reap(proc)
