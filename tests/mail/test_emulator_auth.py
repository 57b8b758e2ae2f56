"""The emulator authenticates as IIS + Active Directory do: from the headers before the
body, and with account/address lockout after repeated failures. Real HTTP throughout."""

from __future__ import annotations

import base64
import http.client
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests

from emulators.ews import LockoutPolicy, start_emulator
from emulators.ews.server import UNAUTH_DRAIN_BYTES
from assistant.mail.errors import AuthError

SOAP = (b'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><s:Body>'
        b'<m:GetFolder/></s:Body></s:Envelope>')
BIG = 60_000_000  # the Content-Length an attacker announces


class FakeClock:
    """Seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def locking(clock):
    """An emulator with the default (AD baseline) lockout policy on a fake clock."""
    with start_emulator(seed="empty", lockout=LockoutPolicy(clock=clock)) as handle:
        yield handle


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def raw_request(emulator, auth: str | None, length: int, extra: str = "") -> bytes:
    path = urlsplit(emulator.url).path
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: {length}\r\n"
    if auth:
        head += f"Authorization: {auth}\r\n"
    return (head + extra + "\r\n").encode()


def connect(emulator) -> socket.socket:
    u = urlsplit(emulator.url)
    return socket.create_connection((u.hostname, u.port), timeout=10)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a reset counts as closed)."""
    got = b""
    try:
        while chunk := sock.recv(65536):
            got += chunk
    except ConnectionResetError:
        pass
    return got


def wait_for_stat(emulator, key: str, timeout: float = 5.0) -> int:
    """The stat once the server has recorded it (it does so when it lets go of a connection)."""
    deadline = time.monotonic() + timeout
    while key not in emulator.stats and time.monotonic() < deadline:
        time.sleep(0.02)
    return emulator.stats[key]


def flood(emulator, auth: str | None) -> tuple[bytes, int]:
    """Announce a 60 MB body and push it as fast as the server takes it, while reading the
    answer. Returns (what the server sent before closing, body bytes the client got out)."""
    sock = connect(emulator)
    sent = 0

    def push() -> None:
        nonlocal sent
        chunk = b"x" * 65536
        try:
            sock.sendall(raw_request(emulator, auth, BIG))
            while sent < BIG:
                sent += sock.send(chunk)
        except OSError:  # the server closed the connection: stop, as a client must
            pass

    pusher = threading.Thread(target=push)
    pusher.start()
    answer = read_until_closed(sock)
    pusher.join(timeout=20)
    sock.close()
    assert not pusher.is_alive(), "the client could keep sending: the server never closed"
    return answer, sent


def test_unauthenticated_60mb_posts_get_401_and_are_not_read(emulator):
    auths = [None, basic(emulator.username, "wrong")] * 4
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda a: flood(emulator, a), auths))
    for answer, sent in results:
        head = answer.split(b"\r\n\r\n", 1)[0].decode()
        assert head.startswith("HTTP/1.1 401 ")
        assert 'WWW-Authenticate: Basic realm="' in head
        assert "Connection: close" in head
        assert sent < BIG  # the server closed before taking the body
    # The server itself read at most the small drain per request: 8 x 64 KiB, not 8 x 60 MB.
    assert emulator.stats["401"] == 8
    assert emulator.stats["unauth_body_bytes"] <= 8 * UNAUTH_DRAIN_BYTES
    assert emulator.stats.get("requests", 0) == 0  # nothing reached the SOAP layer


def test_slow_unauthenticated_body_is_closed_without_waiting_for_it(emulator):
    sock = connect(emulator)
    sock.sendall(raw_request(emulator, basic(emulator.username, "wrong"), BIG) + b"<" * 1000)
    answer = read_until_closed(sock)  # the server answers and closes; the client sent 1000 of 60 MB
    sock.close()
    assert answer.startswith(b"HTTP/1.1 401 ")
    assert wait_for_stat(emulator, "unauth_body_bytes") == 1000


def test_expect_100_continue_gets_401_instead_of_continue(emulator):
    sock = connect(emulator)
    sock.sendall(raw_request(emulator, basic(emulator.username, "wrong"), BIG, "Expect: 100-continue\r\n"))
    answer = read_until_closed(sock)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 401 ") and b"100 Continue" not in answer
    assert b'WWW-Authenticate: Basic realm="' in answer
    assert emulator.stats.get("unauth_body_bytes", 0) == 0


def test_a_small_refused_request_keeps_the_connection_like_iis(emulator):
    u = urlsplit(emulator.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("POST", u.path, SOAP, {"Authorization": basic(emulator.username, "wrong")})
    first = conn.getresponse()
    first.read()
    sock = conn.sock
    conn.request("POST", u.path, SOAP, {"Authorization": basic(emulator.username, emulator.password)})
    second = conn.getresponse()
    second.read()
    assert first.status == 401 and second.status == 200
    assert conn.sock is sock  # the same connection served both
    conn.close()


def test_300_wrong_passwords_lock_the_account_and_stop_being_checked(locking, clock):
    threshold = locking.lockout.policy.threshold
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(
            lambda i: requests.post(locking.url, data=SOAP, auth=(locking.username, f"guess{i}"), timeout=10),
            range(300)))
    assert {r.status_code for r in statuses} == {401}
    # Only the first `threshold` guesses were compared with the password, even in parallel.
    assert locking.stats["auth_checked"] == threshold
    assert locking.stats["auth_locked"] == 300 - threshold

    # Locked: the right password is refused too, unchecked, in the same shape as a wrong one.
    right = requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password), timeout=10)
    wrong = statuses[-1]
    assert right.status_code == 401
    assert right.headers["WWW-Authenticate"] == wrong.headers["WWW-Authenticate"]
    assert right.content == wrong.content == b""
    assert locking.stats["auth_checked"] == threshold

    clock.now += locking.lockout.policy.duration - 1
    assert requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password),
                         timeout=10).status_code == 401
    clock.now += 2  # the lockout duration has passed
    ok = requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password), timeout=10)
    assert ok.status_code == 200


def test_failures_older_than_the_window_do_not_add_up(locking, clock):
    policy = locking.lockout.policy
    for _ in range(2):
        for i in range(policy.threshold - 1):
            assert requests.post(locking.url, data=SOAP, auth=(locking.username, f"g{i}"),
                                 timeout=10).status_code == 401
        clock.now += policy.window + 1  # "reset account lockout counter after"
    ok = requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password), timeout=10)
    assert ok.status_code == 200 and locking.stats.get("auth_locked", 0) == 0


def test_a_good_logon_resets_the_account_count(locking):
    threshold = locking.lockout.policy.threshold
    for _ in range(3):
        for i in range(threshold - 1):
            requests.post(locking.url, data=SOAP, auth=(locking.username, f"g{i}"), timeout=10)
        ok = requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password), timeout=10)
        assert ok.status_code == 200
    assert locking.stats.get("auth_locked", 0) == 0


def test_a_password_spray_over_many_names_locks_the_address(locking, clock):
    policy = locking.lockout.policy
    for i in range(policy.address_threshold):  # unknown names: no account to lock
        requests.post(locking.url, data=SOAP, auth=(f"user{i}@mdusd.org", "Spring2027!"), timeout=10)
    assert locking.stats["auth_checked"] == policy.address_threshold
    r = requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password), timeout=10)
    assert r.status_code == 401 and locking.stats["auth_locked"] == 1
    clock.now += policy.duration + 1
    r = requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password), timeout=10)
    assert r.status_code == 200


def test_exchangelib_sees_a_lockout_as_a_refused_password_and_recovers(clock):
    policy = LockoutPolicy(threshold=3, clock=clock)
    with start_emulator(seed="demo", lockout=policy) as handle:
        for _ in range(2):  # two clients with a wrong password: AuthError, quickly
            with handle.backend(password="not-the-password") as b, pytest.raises(AuthError, match="refused"):
                b.list_drafts()
        with handle.backend(password="still-wrong") as b, pytest.raises(AuthError, match="refused"):
            b.list_drafts()
        assert handle.stats["auth_checked"] == 3  # one logon per client: the account is now locked
        with handle.backend() as b, pytest.raises(AuthError, match="refused the user name or password"):
            b.list_drafts()
        clock.now += policy.duration + 1
        with handle.backend() as b:
            assert len(b.list_drafts()) == 7


def test_lockout_can_be_turned_off_for_tests(clock):
    with start_emulator(seed="empty", lockout=LockoutPolicy(threshold=0, address_threshold=0, clock=clock)) as h:
        for i in range(50):
            requests.post(h.url, data=SOAP, auth=(h.username, f"g{i}"), timeout=10)
        assert requests.post(h.url, data=SOAP, auth=(h.username, h.password), timeout=10).status_code == 200
        assert h.stats.get("auth_locked", 0) == 0


def test_reset_unlocks_at_once(locking):
    for i in range(locking.lockout.policy.threshold):
        requests.post(locking.url, data=SOAP, auth=(locking.username, f"g{i}"), timeout=10)
    assert requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password),
                         timeout=10).status_code == 401
    locking.lockout.reset()
    assert requests.post(locking.url, data=SOAP, auth=(locking.username, locking.password),
                         timeout=10).status_code == 200
