"""`serve --public` (District-hosted mode) over real uvicorn: started as the real
command in a new process on loopback, spoken to over TLS with a certificate made
here, or over plain HTTP on loopback."""

from __future__ import annotations

import json
import re
import time
import subprocess

import httpx
import pytest
from test_public_service import run_command, self_signed, start_public

from assistant.server.security import OUTLOOK_ORIGINS, OUTLOOK_FRAME_HOSTS

DISTRICT_OWA = "https://owa.mdusd.org"
MAX_BODY = 65536
DRAFT = {"subject": "Field trip", "html": "<p>Hello families, the trip is on Friday.</p>",
         "to": [{"address": "parent@example.net", "name": "A Parent"}]}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    svc = start_public(tmp_path_factory.mktemp("public"), "--outlook-origin", DISTRICT_OWA,
                       "--max-body", str(MAX_BODY), "--rate-limit", "1000/second")
    try:
        yield svc
    finally:
        svc.stop()


@pytest.fixture
def client(service):
    with service.client() as c:
        yield c


def test_tls_with_the_given_certificate(service):
    with service.client() as c:  # trusts only the certificate made for this test
        assert c.get("/api/info").json()["mode"] == "public"
    with httpx.Client(timeout=10) as c, pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        c.get(f"{service.url}/api/info")  # the system's trust store does not know it


def test_only_the_addin_pages_and_stateless_endpoints_exist(client):
    for path in ("/addin/taskpane.html", "/addin/commands.html", "/addin/taskpane.js", "/addin/launchevent.bundle.js",
                 "/addin/help.html", "/addin/help.js",
                 "/addin/assets/icon-80.png", "/css/app.css", "/js/hints.js", "/js/diff.js", "/api/rules", "/api/info"):
        assert client.get(path).status_code == 200, path
    # The companion's pages, its mailbox and its settings are not there at all.
    for path in ("/", "/index.html", "/js/api.js", "/js/drafts.js", "/js/settings.js", "/api/drafts",
                 "/api/drafts/AAMk=", "/api/config", "/api/summary", "/addin/", "/../pyproject.toml"):
        assert client.get(path).status_code == 404, path
    for method, path in (("POST", "/api/drafts"), ("POST", "/api/drafts/AAMk=/fix"), ("POST", "/api/send"),
                         ("PUT", "/api/signature"), ("POST", "/api/signature/preview"), ("POST", "/api/grammar")):
        r = client.request(method, path, json={"draft": DRAFT, "fixes": ["notice"], "fields": {"name": "X"}})
        assert r.status_code == 404 and "no such API endpoint" in r.json()["error"], (method, path)


def test_check_and_rules_answer_without_a_token(client):
    r = client.post("/api/check", json={"draft": DRAFT})
    assert r.status_code == 200 and "EM501" in {h["code"] for h in r.json()["hints"]}
    codes = {rule["code"] for rule in client.get("/api/rules").json()["rules"]}
    assert {"EM501", "EM701", "CF101"} <= codes


def test_cors_for_each_outlook_origin_and_the_district_host(client):
    for origin in (*OUTLOOK_ORIGINS, DISTRICT_OWA):
        pre = client.options("/api/check", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "content-type"})
        assert pre.status_code == 204, origin
        assert pre.headers["access-control-allow-origin"] == origin
        assert "POST" in pre.headers["access-control-allow-methods"]
        assert "content-type" in pre.headers["access-control-allow-headers"]
        r = client.post("/api/check", json={"draft": DRAFT}, headers={"Origin": origin})
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == origin
        assert "Origin" in r.headers["vary"]


def test_cors_refused_for_other_sites(client):
    for origin in ("https://evil.example", "https://outlook.office.com.evil.example", "http://outlook.office.com",
                   "https://owa.mdusd.org.evil.example", "null"):
        pre = client.options("/api/check", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 403 and "access-control-allow-origin" not in pre.headers, origin
        r = client.post("/api/check", json={"draft": DRAFT}, headers={"Origin": origin})
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers, origin
        assert "hints" not in r.json()


def test_the_task_pane_calls_its_own_origin(service, client):
    r = client.post("/api/check", json={"draft": DRAFT}, headers={"Origin": service.url})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == service.url


def test_pages_may_be_framed_by_outlook_only(client):
    csp = client.get("/addin/taskpane.html").headers["content-security-policy"]
    ancestors = re.search(r"frame-ancestors ([^;]*)", csp).group(1).split()
    assert set(ancestors) == {"'self'", *OUTLOOK_ORIGINS, DISTRICT_OWA, *OUTLOOK_FRAME_HOSTS}
    assert "https://*.cloud.microsoft" in ancestors
    assert "script-src 'self' https://appsforoffice.microsoft.com;" in csp  # no inline scripts


def test_well_known_file_lists_the_event_script_of_this_host(service, client):
    r = client.get("/.well-known/microsoft-officeaddins-allowed.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json() == {"allowed": [f"https://localhost:{service.port}/addin/launchevent.bundle.js"]}
    behind_proxy = client.get("/.well-known/microsoft-officeaddins-allowed.json",
                              headers={"Host": "mail-assistant.mdusd.org"})
    assert behind_proxy.json() == {"allowed": ["https://mail-assistant.mdusd.org/addin/launchevent.bundle.js"]}


def test_event_script_knows_the_service_origin(service, client):
    from assistant.server.app import ui_dir

    r = client.get("/addin/launchevent.bundle.js", headers={"Host": "mail-assistant.mdusd.org"})
    first, rest = r.text.split("\n", 1)
    assert first == 'var MailAssistantConfig = {origin: "https://mail-assistant.mdusd.org"};'
    assert rest == (ui_dir() / "addin" / "launchevent.bundle.js").read_text()
    assert r.headers["content-type"].startswith("text/javascript")


def test_request_larger_than_the_cap_is_413(client):
    big = {"draft": {**DRAFT, "html": "<p>" + "word " * MAX_BODY + "</p>"}}
    r = client.post("/api/check", json=big)
    assert r.status_code == 413 and "larger than 64 KB" in r.json()["error"]

    def chunks():  # no Content-Length: the cap holds while the body streams in
        for _ in range(40):
            yield b"x" * 4096

    r = client.post("/api/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert client.post("/api/check", json={"draft": DRAFT}).status_code == 200  # and the service carries on


def test_fix_uses_the_signature_sent_with_the_request(client):
    sig = {"name": "Ana Ruiz", "title": "Counselor", "school": "Ygnacio Valley High", "phone": "925-555-0142"}
    r = client.post("/api/fix", json={"draft": DRAFT, "fixes": ["signature", "notice"], "signature": sig})
    assert r.status_code == 200, r.text
    html = r.json()["draft"]["html"]
    assert "Ana Ruiz" in html and "Ygnacio Valley High" in html and "tel:9255550142" in html
    assert html.index("Ana Ruiz") < html.index("CONFIDENTIALITY NOTICE")
    assert not {"EM501", "EM701"} & {h["code"] for h in r.json()["hints"]}


def test_a_bad_signature_field_is_400_naming_it(client):
    r = client.post("/api/fix", json={"draft": DRAFT, "fixes": ["signature"],
                                      "signature": {"name": "Ana Ruiz", "phone": "call me"}})
    assert r.status_code == 400 and "signature.phone" in r.json()["error"]
    r = client.post("/api/fix", json={"draft": DRAFT, "fixes": ["signature"], "signature": {"nmae": "Ana"}})
    assert r.status_code == 400 and "nmae" in r.json()["error"]
    r = client.post("/api/fix", json={"draft": DRAFT, "fixes": ["signature"], "signature": "Ana"})
    assert r.status_code == 400 and "signature fields must be an object" in r.json()["error"]


def test_fix_never_reads_the_settings_file(service, client):
    # The service's own user has a signature in its settings: the hosted fix must not use it.
    home = service.out.parent / "home"  # the service's $MAIL_ASSISTANT_HOME
    home.mkdir(exist_ok=True)
    (home / "config.json").write_text(json.dumps({"signature": {"name": "Server Admin", "phone": "925-555-0100"}}))
    r = client.post("/api/fix", json={"draft": DRAFT, "fixes": ["signature"]})
    assert r.status_code == 422 and "no signature" in r.json()["error"]
    r = client.post("/api/fix", json={"draft": DRAFT, "fixes": ["notice"]})
    assert r.status_code == 200 and "Server Admin" not in r.json()["draft"]["html"]


def test_rate_limit_per_client_with_retry_after_behind_a_trusted_proxy(tmp_path):
    # Plain HTTP on loopback (allowed there); the proxy (this test, on 127.0.0.1) names clients.
    svc = start_public(tmp_path, "--rate-limit", "5/minute", "--proxy-headers", tls=False)
    try:
        with svc.client() as c:
            a = {"X-Forwarded-For": "10.1.2.3"}
            assert [c.post("/api/check", json={"draft": DRAFT}, headers=a).status_code for _ in range(5)] == [200] * 5
            r = c.post("/api/check", json={"draft": DRAFT}, headers=a)
            assert r.status_code == 429 and "Too many requests" in r.json()["error"]
            assert 1 <= int(r.headers["retry-after"]) <= 60
            # Another client behind the same proxy is not held back.
            assert c.post("/api/check", json={"draft": DRAFT}, headers={"X-Forwarded-For": "10.1.2.4"}).status_code == 200
    finally:
        svc.stop()


def test_forwarded_for_is_ignored_without_proxy_headers(tmp_path):
    svc = start_public(tmp_path, "--rate-limit", "3/minute", tls=False)
    try:
        with svc.client() as c:
            # The start-up probe used one request of 127.0.0.1's three; a forged header does not get more.
            codes = [c.get("/api/info", headers={"X-Forwarded-For": f"10.9.9.{i}"}).status_code for i in range(4)]
            assert codes == [200, 200, 429, 429]
    finally:
        svc.stop()


def test_two_workers_serve_and_stop_on_sigterm(tmp_path):
    svc = start_public(tmp_path, "--workers", "2")
    try:
        for _ in range(6):  # a new connection each time: the workers share the socket
            with svc.client() as c:
                assert c.post("/api/check", json={"draft": DRAFT}).status_code == 200
        # The second worker may still be starting under load: wait (bounded) for its line.
        deadline = time.monotonic() + 30
        while True:
            logs = svc.logs()
            workers = set(re.findall(r"Started server process \[(\d+)\]", logs))
            if len(workers) >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert len(workers) == 2
        assert "(2 workers)" in logs
    finally:
        assert svc.stop() == 0
    assert "Traceback" not in svc.logs()


def test_no_draft_text_in_the_logs(tmp_path):
    svc = start_public(tmp_path, "--max-body", "4096")
    secret = "Quokkaberry Zanzibar Pellucid"
    words = secret.split()
    try:
        with svc.client() as c:
            draft = {**DRAFT, "subject": f"About {words[0]}", "html": f"<p>{secret} IEP meeting for Jamie.</p>"}
            assert c.post("/api/check", json={"draft": draft}).status_code == 200
            assert c.post("/api/fix", json={"draft": draft, "fixes": ["notice"]}).status_code == 200
            assert c.post("/api/fix", json={"draft": draft, "fixes": ["signature"],
                                            "signature": {"name": words[1], "phone": words[2]}}).status_code == 400
            assert c.post("/api/check", content=f'{{"draft": "{secret}'.encode()).status_code == 400
            assert c.post("/api/check", json={"draft": {**draft, "html": secret * 500}}).status_code == 413
            assert c.post("/api/check", json={"draft": {"to": secret}}).status_code == 400
    finally:
        code = svc.stop()
    assert code == 0  # SIGTERM (one worker): a clean stop
    logs = svc.logs()
    assert '"POST /api/check HTTP/1.1" 200' in logs and '"POST /api/fix HTTP/1.1" 400' in logs  # the access log is on
    for word in words:
        assert word.lower() not in logs.lower()
    # Nor kept anywhere: no file the service could have written holds the draft.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert words[0].encode() not in path.read_bytes(), path


@pytest.mark.parametrize("args, message", [
    (["--bind", "0.0.0.0"], "without --cert/--key would serve plain HTTP"),
    (["--cert", "c.pem"], "give both --cert and --key"),
    (["--outlook-origin", "http://owa.mdusd.org"], "--outlook-origin"),
    (["--rate-limit", "lots"], "--rate-limit 'lots'"),
    (["--trusted-proxy", "10.0.0.1"], "--trusted-proxy needs --proxy-headers"),
    (["--demo"], "--public serves no mailbox"),
])
def test_bad_options_are_one_line_and_exit_3(tmp_path, args, message):
    proc = run_command(["--port", "0", *args], tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 3 and message in err and "Traceback" not in err


def test_a_certificate_that_cannot_be_used_is_one_line(tmp_path):
    cert, key = self_signed(tmp_path)
    other_cert, _ = self_signed(tmp_path / "other")
    proc = run_command(["--port", "0", "--cert", str(other_cert), "--key", str(key)], tmp_path,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 3 and "cannot use --cert" in err and "Traceback" not in err


def test_insecure_http_beyond_loopback_only_when_asked(tmp_path):
    proc = run_command(["--port", "0", "--bind", "0.0.0.0", "--insecure-http"], tmp_path,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "http://0.0.0.0:" in line
        assert "reverse proxy in front must terminate TLS" in proc.stdout.readline()
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: do not let the cleanup fail the test
            proc.kill()
            proc.communicate(timeout=30)


def test_the_local_mode_refuses_public_options(tmp_path):
    import os
    import sys

    env = {**os.environ, "MAIL_ASSISTANT_HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "assistant", "serve", "--workers", "2", "--port", "0"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 3 and "--workers needs --public" in r.stderr


def test_a_tls_port_does_not_answer_plain_http(service):
    # uvicorn answers a plain-HTTP request on its TLS port with nothing: the connection
    # is dropped, so no API answer (and no draft) ever travels unencrypted.
    with httpx.Client(timeout=10) as c, pytest.raises(httpx.HTTPError):
        c.get(f"http://127.0.0.1:{service.port}/api/info")


def test_behind_a_tls_proxy_the_pane_s_own_https_origin_is_same_origin(tmp_path):
    # The proxy ends TLS and forwards plain HTTP on loopback; the page's origin is https.
    svc = start_public(tmp_path, tls=False)
    try:
        with svc.client() as c:
            host = f"127.0.0.1:{svc.port}"
            ok = c.post("/api/check", json={"draft": DRAFT}, headers={"Origin": f"https://{host}"})
            assert ok.status_code == 200, ok.text
            other = c.post("/api/check", json={"draft": DRAFT}, headers={"Origin": "https://evil.example"})
            assert other.status_code == 403
    finally:
        assert svc.stop() == 0
