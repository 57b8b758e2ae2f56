"""`mail-assistant demo` and `serve` as a user runs them (new processes)."""

from __future__ import annotations

import ssl

import httpx
from server_processes import read_open_line, reap, start, stop_cleanly

def test_demo_without_a_display_serves_the_demo_mailbox_and_stops_cleanly(tmp_path):
    proc = start(["demo", "--no-browser", "--exit-after", "120"], tmp_path)
    try:
        url, token = read_open_line(proc)
        ctx = ssl.create_default_context(cafile=str(tmp_path / "tls" / "ca.pem"))
        with httpx.Client(verify=ctx, timeout=30) as c:
            r = c.get(url + "api/drafts", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200
            assert len(r.json()["drafts"]) >= 5
            assert c.get(url + "api/drafts").status_code == 401
        assert not (tmp_path / "api-token").exists()  # the demo's token is for this run only
        stop_cleanly(proc)
    finally:
        reap(proc)


def test_serve_on_a_busy_port_is_a_clear_error(secret_service, tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = start(["serve", "--port", str(port), "--exit-after", "5"], tmp_path)
        out, err = proc.communicate(timeout=60)
    from assistant.cli import BAD_INPUT

    assert proc.returncode == BAD_INPUT  # the CLI exit code for bad input or settings
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    assert "Traceback" not in err
