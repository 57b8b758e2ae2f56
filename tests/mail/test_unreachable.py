"""An unreachable Exchange server gets a sentence a person can act on, not exchangelib's internals."""

from __future__ import annotations

import socket
import threading

import pytest

from assistant.mail.accounts import AccountSettings
from assistant.mail.errors import ServerError
from assistant.mail.ews import EwsBackend


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _backend(url: str) -> EwsBackend:
    settings = AccountSettings(email="jdoe@mdusd.org", server=url, auth="basic")
    return EwsBackend(settings, password="pw", timeout=1, retry_wait=0.05, attempts=1, max_wait=1, max_total_wait=2)


def test_nothing_listening_says_connection_refused() -> None:
    url = f"http://127.0.0.1:{_free_port()}/EWS/Exchange.asmx"
    with pytest.raises(ServerError) as err:
        _backend(url).list_drafts()
    message = str(err.value)
    assert message.startswith(f"cannot reach {url} (connection refused")
    assert "Reraised" not in message and "version headers" not in message


def test_a_server_that_never_answers_says_timed_out_after_n_seconds() -> None:
    # Accepts the connection, reads, never answers: what a hung proxy or firewall does.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/EWS/Exchange.asmx"
    try:
        with pytest.raises(ServerError) as err:
            _backend(url).list_drafts()
    finally:
        stop.set()
        t.join()
        for c in held:
            c.close()
        listener.close()
    message = str(err.value)
    assert message.startswith(f"cannot reach {url} (timed out after 1 s)")
    assert "Reraised" not in message and "version headers" not in message
