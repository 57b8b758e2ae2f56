"""The real server (uvicorn, TLS, 127.0.0.1): token, Host, CORS, loopback only."""

from __future__ import annotations

import os
import socket
import ssl
import stat
import threading

import httpx
import psutil
import pytest
from cryptography import x509

from assistant.server import tls as tlsmod

API_CALLS = [
    ("GET", "info", None),
    ("POST", "check", {"draft": {"text": "hello"}}),
    ("POST", "fix", {"draft": {"text": "hello"}, "fixes": ["notice"]}),
    ("GET", "drafts", None),
    ("POST", "drafts", {"draft": {"subject": "x"}}),
    ("GET", "drafts/abc", None),
    ("POST", "drafts/abc/fix", {"fixes": ["notice"]}),
    ("POST", "send", {"draft": {"subject": "x"}}),
    ("GET", "rules", None),
    ("GET", "config", None),
    ("PUT", "signature", {"fields": {"name": "X"}}),
    ("POST", "signature/preview", {"fields": {"name": "X"}}),
    ("GET", "summary", None),
    ("GET", "does-not-exist", None),
]


@pytest.mark.parametrize("method, path, body", API_CALLS)
def test_every_api_call_needs_the_token(live, method, path, body, tls_client):
    with tls_client(live) as c:
        for headers in ({}, {"Authorization": "Bearer wrong-token-" + "x" * 30}, {"X-Assistant-Token": live.token[:-1]},
                        {"Authorization": "Basic " + live.token}):
            r = c.request(method, live.url + "api/" + path, json=body, headers=headers)
            assert r.status_code == 401, (path, headers)
            assert "token" in r.json()["error"]
    # Nothing was done: no signature saved, nothing sent.
    from assistant.config import load_config

    assert "signature" not in load_config()


def test_the_right_token_is_accepted_in_either_header(live, tls_client):
    with tls_client(live) as c:
        assert c.get(live.url + "api/info", headers={"Authorization": f"Bearer {live.token}"}).status_code == 200
        assert c.get(live.url + "api/info", headers={"X-Assistant-Token": live.token}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.1:1", "localhost.evil.example:{port}", "[::1]:{port}", ""])
def test_foreign_host_headers_are_rejected_even_with_the_token(live, host, tls_client):
    with tls_client(live) as c:
        r = c.get(live.url + "api/info", headers={"Authorization": f"Bearer {live.token}", "Host": host.format(port=live.port)})
        assert r.status_code == 421
        r = c.get(live.url, headers={"Host": host.format(port=live.port)})  # static pages too
        assert r.status_code == 421


def test_localhost_and_127_0_0_1_both_work(live, tls_client):
    import socket

    try:
        resolved = {ai[4][0] for ai in socket.getaddrinfo("localhost", live.port, proto=socket.IPPROTO_TCP)}
    except socket.gaierror as exc:
        pytest.fail(f"this machine cannot resolve 'localhost' ({exc}): the add-in and the window use it; "
                    "add '127.0.0.1 localhost' to /etc/hosts")
    assert "127.0.0.1" in resolved, f"'localhost' resolves to {sorted(resolved)}, not 127.0.0.1: fix /etc/hosts"
    with tls_client(live) as c:
        for host in ("127.0.0.1", "localhost"):
            r = c.get(f"https://{host}:{live.port}/api/info", headers={"Authorization": f"Bearer {live.token}"})
            assert r.status_code == 200, host


def test_cors_only_for_our_own_origin(live, tls_client):
    auth = {"Authorization": f"Bearer {live.token}"}
    with tls_client(live) as c:
        own = f"https://127.0.0.1:{live.port}"
        r = c.get(live.url + "api/info", headers={**auth, "Origin": own})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == own
        for foreign in ("https://evil.example", "null", f"http://127.0.0.1:{live.port}", f"https://127.0.0.1:{live.port + 1}"):
            r = c.post(live.url + "api/check", json={"draft": {"text": "hi"}}, headers={**auth, "Origin": foreign})
            assert r.status_code == 403, foreign
            assert not any(h.startswith("access-control-") for h in r.headers), foreign
            pre = c.options(live.url + "api/check", headers={"Origin": foreign, "Access-Control-Request-Method": "POST",
                                                             "Access-Control-Request-Headers": "authorization"})
            assert not any(h.startswith("access-control-") for h in pre.headers), foreign
        pre = c.options(live.url + "api/check", headers={"Origin": own, "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == own


def test_pages_carry_a_csp_that_forbids_inline_scripts(live, tls_client):
    with tls_client(live) as c:
        r = c.get(live.url)
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert live.token not in r.text  # the page itself never carries the token
        for asset in ("js/app.js", "css/app.css"):
            assert c.get(live.url + asset).status_code == 200


def test_desktop_window_csp_adds_eval_for_pywebview_only(live, tls_client):
    from assistant.desktop.window import user_agent

    with tls_client(live) as c:
        csp = c.get(live.url, headers={"User-Agent": user_agent()}).headers["content-security-policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-eval'" in script_src  # pywebview's bridge uses new Function
    assert "'unsafe-inline'" not in script_src  # draft HTML still cannot run


def _non_loopback_addresses() -> list[str]:
    out = []
    for addrs in psutil.net_if_addrs().values():
        for a in addrs:
            if a.family == socket.AF_INET and not a.address.startswith("127."):
                out.append(a.address)
    return out


def test_listens_on_loopback_only(live, tls_client):
    mine = [c for c in psutil.Process().net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN and c.laddr.port == live.port]
    assert mine and all(c.laddr.ip == "127.0.0.1" for c in mine)
    others = _non_loopback_addresses()
    if not others:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    for ip in others:
        with pytest.raises(OSError):
            socket.create_connection((ip, live.port), timeout=3).close()


def test_no_plain_http(live, tls_client):
    with httpx.Client(timeout=5) as c:
        with pytest.raises(httpx.HTTPError):
            c.get(f"http://127.0.0.1:{live.port}/api/info", headers={"Authorization": f"Bearer {live.token}"})


def test_certificate_is_trusted_only_through_our_constrained_ca(live, tmp_path, tls_client):
    # Verifies with our CA for both names...
    for host in ("127.0.0.1", "localhost"):
        ctx = ssl.create_default_context(cafile=str(live.tls.ca))
        with socket.create_connection(("127.0.0.1", live.port), timeout=5) as raw:
            with ctx.wrap_socket(raw, server_hostname=host) as s:
                assert s.version() in ("TLSv1.2", "TLSv1.3")
    # ...and not without it.
    with httpx.Client(timeout=5) as c:
        with pytest.raises(httpx.ConnectError):
            c.get(live.url + "api/info")
    ca = x509.load_pem_x509_certificate(live.tls.ca.read_bytes())
    nc = ca.extensions.get_extension_for_class(x509.NameConstraints)
    assert nc.critical
    assert {str(n.value) for n in nc.value.permitted_subtrees} == {"localhost", "127.0.0.1/32", "::1/128"}
    # The CA's private key was never written anywhere.
    home = live.tls.ca.parent
    keys = [p for p in home.iterdir() if b"PRIVATE KEY" in p.read_bytes()]
    assert keys == [live.tls.key]
    assert stat.S_IMODE(os.stat(live.tls.key).st_mode) == 0o600


def test_certificate_is_reused_then_renewed_when_expiring(tmp_path):
    a = tlsmod.ensure_certificate(tmp_path)
    fp = a.fingerprint
    assert tlsmod.ensure_certificate(tmp_path).fingerprint == fp
    (tmp_path / tlsmod.KEY_FILE).write_text("garbage")
    assert tlsmod.ensure_certificate(tmp_path).fingerprint != fp


def test_stop_lets_a_request_in_flight_finish(live, emulator, tls_client):
    emulator.faults.latency_ms = 700  # every EWS call is slow
    result: dict = {}

    def call():
        with tls_client(live) as c:
            r = c.get(live.url + "api/drafts", headers={"Authorization": f"Bearer {live.token}"})
            result["status"] = r.status_code
            result["body"] = r.json()

    t = threading.Thread(target=call)
    t.start()
    threading.Event().wait(0.5)  # the request is now inside the mailbox call
    live.stop()
    t.join(30)
    emulator.faults.latency_ms = 0
    assert result.get("status") == 200, result
    assert result["body"]["drafts"]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", live.port), timeout=2).close()


def test_local_pages_may_be_framed_by_outlook_on_the_web_including_cloud_microsoft():
    import re

    from assistant.server.security import CSP

    ancestors = re.search(r"frame-ancestors ([^;]*)", CSP).group(1).split()
    assert "https://*.cloud.microsoft" in ancestors  # where Outlook on the web is moving
    assert "https://*.office.com" in ancestors and "'self'" in ancestors
    assert "*" not in ancestors
