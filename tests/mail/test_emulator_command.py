"""`mail-assistant emulator`: one JSON line, real clients connect with it, SIGTERM ends it cleanly."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading

import pytest
from exchangelib import BASIC, DELEGATE, Account, Configuration, Credentials

ENTRY = [sys.executable, "-m", "assistant", "emulator"]


def start(*args: str) -> tuple[subprocess.Popen[str], dict]:
    proc = subprocess.Popen([*ENTRY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # A hung start must fail the test, not the run: kill the process after 60 s.
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        line = proc.stdout.readline()
    finally:
        watchdog.cancel()
    assert line, f"no JSON line; exit {proc.poll()}: {proc.stderr.read() if proc.poll() is not None else ''}"
    return proc, json.loads(line)


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[int, str]:
    proc.send_signal(sig)
    try:
        rest, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert rest == "", "more than one line on stdout"
    return proc.returncode, err


def test_ews_emulator_serves_exchangelib_with_the_printed_credentials_until_sigterm():
    proc, info = start("--kind", "ews", "--port", "0", "--seed", "demo")
    try:
        assert set(info) == {"kind", "url", "username", "password", "email"}
        assert info["kind"] == "ews" and info["url"].startswith("http://127.0.0.1:")
        config = Configuration(service_endpoint=info["url"], auth_type=BASIC,
                               credentials=Credentials(info["username"], info["password"]))
        account = Account(info["email"], config=config, autodiscover=False, access_type=DELEGATE)
        subjects = [m.subject for m in account.drafts.all().only("subject")]
        account.protocol.close()
        assert len(subjects) == 7
        assert any(s.startswith("Field trip") for s in subjects)
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert "Traceback" not in err


def test_sigint_stops_it_cleanly_too():
    proc, info = start("--seed", "empty", "--tls")
    assert info["url"].startswith("https://") and info["ca_file"].endswith(".pem")
    code, err = stop(proc, signal.SIGINT)
    assert code == 0 and "Traceback" not in err


def test_graph_kind_prints_what_a_graph_client_needs():
    import ssl

    import httpx

    proc, info = start("--kind", "graph", "--seed", "demo")
    try:
        assert set(info) == {"kind", "url", "token", "authority", "client_id", "email", "ca_file"}
        r = httpx.get(info["url"] + "/me/mailFolders/drafts/messages", params={"$select": "subject"},
                      headers={"Authorization": f"Bearer {info['token']}"}, verify=ssl.create_default_context(cafile=info["ca_file"]))
        assert r.status_code == 200 and len(r.json()["value"]) == 7
    finally:
        code, err = stop(proc)
    assert code == 0, err


def run_bad(*args: str) -> str:
    done = subprocess.run([*ENTRY, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and done.stdout == "", (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done.stderr


@pytest.mark.parametrize("args, message", [
    (["--seed", "no/such/folder"], "--seed must be demo, empty or a folder of .eml files; 'no/such/folder'"),
    (["--kind", "imap"], "Invalid value for '--kind'"),
    (["--port", "70000"], "Invalid value for '--port'"),
])
def test_bad_input_is_a_clear_error_with_exit_3(args, message):
    assert message in run_bad(*args)


def test_a_taken_port_is_a_clear_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert f"cannot listen on 127.0.0.1:{port}" in run_bad("--port", str(port), "--seed", "empty")
