"""Hostile and concurrent clients against the real server (issue 8, items 5 and 7).

uvicorn over TLS on 127.0.0.1; the mailbox is the EWS emulator over TLS,
reached with exchangelib.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time

import httpx
import pytest

from assistant.server.app import MAX_BODY

MALFORMED = [
    # 100,000 levels of nesting: json.loads raises RecursionError.
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "nested too deeply", id="deep-nesting"),
    # Past Python's 4,300-digit limit for int(): ValueError.
    pytest.param(b'{"draft": {"subject": "x"}, "n": ' + b"7" * 5000 + b"}", "too many digits", id="5000-digit-int"),
    # An escaped lone surrogate parses, then cannot be encoded as UTF-8.
    pytest.param(b'{"draft": {"subject": "\\ud800 report"}}', "lone surrogate", id="escaped-lone-surrogate"),
    # The same surrogate sent as raw (invalid) UTF-8 bytes.
    pytest.param(b'{"draft": {"subject": "\xed\xa0\x80"}}', "not valid UTF-8", id="encoded-surrogate"),
    pytest.param(b'{"draft": {"subject": "caf\xe9"}}', "not valid UTF-8", id="latin-1"),
    pytest.param(b'{"draft": ', "not valid JSON", id="truncated"),
]


@pytest.mark.parametrize("body, needle", MALFORMED)
def test_malformed_json_is_a_400_with_a_clear_message(api, body, needle):
    r = api.post("check", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text[:300]
    message = r.json()["error"]
    assert needle in message
    assert "\n" not in message and "Traceback" not in message
    # The server is unharmed.
    assert api.post("check", json={"draft": {"text": "hello"}}).status_code == 200


def test_a_valid_surrogate_pair_is_fine(api):
    r = api.post("check", content=b'{"draft": {"subject": "Field trip \\ud83d\\ude8c", "text": "hi"}}',
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text


def test_bodies_over_the_cap_get_413(api, tls_live):
    # Declared too large: refused before a byte of the body is read.
    with _tls_socket(tls_live) as sock:
        sock.sendall(f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{tls_live.port}\r\n"
                     f"Authorization: Bearer {tls_live.token}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {MAX_BODY + 1}\r\n\r\n{{".encode())
        sock.settimeout(10)
        answer = b""
        while b"32 MB" not in answer and (chunk := sock.recv(4096)):
            answer += chunk  # the head and the body may come in separate TLS records
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    assert b"larger than 32 MB" in answer
    # Streamed without a length (chunked): refused once the cap is passed.
    chunk = b" " * (1024 * 1024)

    def stream():
        yield b'{"draft": {"text": "'
        for _ in range(MAX_BODY // len(chunk) + 2):
            yield chunk
        yield b'"}}'

    r = api.post("check", content=stream(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "larger than 32 MB" in r.json()["error"]
    assert api.post("check", json={"draft": {"text": "hello"}}).status_code == 200


# -- slow loris ----------------------------------------------------------------------


@pytest.fixture
def quick_server(tls_emulator, tmp_path):
    """The server with 1 s deadlines for request heads and bodies, to keep the tests short."""
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    handle = start_server(Companion(backend_factory=tls_emulator.backend), 0, home=tmp_path / "home",
                          head_timeout=1.0, body_timeout=1.0)
    try:
        yield handle
    finally:
        handle.stop()


def _tls_socket(handle) -> ssl.SSLSocket:
    ctx = ssl.create_default_context(cafile=str(handle.tls.ca))
    raw = socket.create_connection(("127.0.0.1", handle.port), timeout=10)
    return ctx.wrap_socket(raw, server_hostname="127.0.0.1")


def _trickle(sock: ssl.SSLSocket, lines: list[bytes], pause: float) -> tuple[int, bytes]:
    """Send one line per ``pause`` until the server closes; (lines sent, what it answered)."""
    sent = 0
    sock.settimeout(pause)
    for line in lines:
        try:
            sock.sendall(line)
            sent += 1
            answer = sock.recv(4096)
        except socket.timeout:
            continue
        except (ConnectionError, ssl.SSLError):
            return sent, b""
        return sent, answer  # data or EOF: the server acted
    return sent, b"<still open>"


def test_a_slow_loris_connection_is_closed_at_the_head_deadline(quick_server):
    host = f"127.0.0.1:{quick_server.port}"
    head = [b"GET /api/info HTTP/1.1\r\n", f"Host: {host}\r\n".encode()]
    head += [f"X-Padding-{i}: {'a' * 20}\r\n".encode() for i in range(60)]
    with _tls_socket(quick_server) as sock:
        start = time.monotonic()
        sent, answer = _trickle(sock, head, pause=0.25)  # a line every 0.25 s, 15 s in all
        elapsed = time.monotonic() - start
    assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
    assert 0.9 <= elapsed < 2.5, elapsed  # closed at the 1 s deadline, not after 15 s
    assert sent < len(head)


def test_a_silent_connection_is_closed_too(quick_server):
    with _tls_socket(quick_server) as sock:
        sock.settimeout(5)
        start = time.monotonic()
        answer = sock.recv(4096)
        elapsed = time.monotonic() - start
    assert answer.startswith(b"HTTP/1.1 408")
    assert elapsed < 2.5


def test_a_head_that_arrives_in_pieces_within_the_deadline_is_served(quick_server):
    host = f"127.0.0.1:{quick_server.port}"
    pieces = [b"GET /api/info HTTP/1.1\r\n", f"Host: {host}\r\n".encode(),
              f"Authorization: Bearer {quick_server.token}\r\n".encode(), b"Connection: close\r\n", b"\r\n"]
    with _tls_socket(quick_server) as sock:
        for p in pieces:
            sock.sendall(p)
            time.sleep(0.1)
        sock.settimeout(5)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
    assert b'"version"' in answer


def test_a_body_that_trickles_in_gets_408(quick_server):
    with _tls_socket(quick_server) as sock:
        sock.sendall(f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{quick_server.port}\r\n"
                     f"Authorization: Bearer {quick_server.token}\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1000\r\n\r\n".encode())
        start = time.monotonic()
        sent, answer = _trickle(sock, [b"{"] + [b" "] * 60, pause=0.25)
        elapsed = time.monotonic() - start
        sock.settimeout(5)
        while b"did not arrive" not in answer and (chunk := sock.recv(4096)):
            answer += chunk  # the head and the body may come in separate TLS records
    assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
    assert b"did not arrive within 1 s" in answer  # the companion's own deadline, not uvicorn's
    assert elapsed < 2.5 and sent < 60


def test_keep_alive_requests_each_get_a_fresh_head_deadline(quick_server):
    # Three requests on one connection, 0.6 s apart: 1.8 s in all, more than the
    # 1 s deadline, but each head arrives in time.
    ctx = ssl.create_default_context(cafile=str(quick_server.tls.ca))
    with httpx.Client(verify=ctx, base_url=quick_server.url, headers={"Authorization": f"Bearer {quick_server.token}"}) as c:
        for _ in range(3):
            assert c.get("api/info").status_code == 200
            time.sleep(0.6)
        assert c.get("api/info").status_code == 200


# -- concurrency ---------------------------------------------------------------------


def test_draft_lists_are_served_in_parallel(api, tls_emulator):
    """With 150 ms added to every EWS call, N parallel /api/drafts take well
    under N times one: no lock is held across mailbox I/O."""
    assert api.get("drafts").status_code == 200  # connect and warm up
    tls_emulator.faults.latency_ms = 150
    n = 4

    def one() -> float:
        t = time.perf_counter()
        assert api.get("drafts").status_code == 200
        return time.perf_counter() - t

    serial = min(one() for _ in range(2))
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            one()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    parallel = time.perf_counter() - start
    assert not errors, errors
    ratio = parallel / (n * serial)
    assert ratio < 0.6, f"{n} parallel requests took {parallel:.2f} s, one takes {serial:.2f} s (ratio {ratio:.2f})"


def test_an_answer_with_a_lone_surrogate_is_still_sent():
    from assistant.server.app import SafeJSONResponse

    # Text the UTF-8 codec refuses goes out as a JSON escape instead of a 500.
    assert SafeJSONResponse({"subject": "x\ud800y"}).body == b'{"subject":"x\\ud800y"}'
    assert SafeJSONResponse({"subject": "caf\u00e9"}).body == '{"subject":"café"}'.encode()
