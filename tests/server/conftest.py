"""Companion fixtures: the demo mailbox (EWS emulator), the app in-process, and
a real uvicorn over TLS on 127.0.0.1 for the security tests."""

from __future__ import annotations

import ssl

import httpx
import pytest

TOKEN = "t" * 43
PORT = 8431  # the in-process app only checks Host against it; nothing listens there


@pytest.fixture
def emulator():
    from emulators.ews import start_emulator

    with start_emulator(seed="demo", port=0) as handle:
        yield handle


@pytest.fixture
def companion(emulator):
    from assistant.server.service import Companion

    c = Companion(backend_factory=emulator.backend, account_label=f"{emulator.email} (demo mailbox)")
    yield c
    c.close()


@pytest.fixture
def client(companion):
    from starlette.testclient import TestClient

    from assistant.server.app import Settings, create_app

    app = create_app(Settings(port=PORT, token=TOKEN, companion=companion))
    with TestClient(app, base_url=f"https://127.0.0.1:{PORT}", headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


@pytest.fixture
def live(companion, tmp_path):
    """The real server: uvicorn, TLS with the generated certificate, 127.0.0.1."""
    from assistant.server.run import start_server

    handle = start_server(companion, 0, home=tmp_path / "home")
    try:
        yield handle
    finally:
        handle.stop()


def _tls_client(handle, **kw) -> httpx.Client:
    ctx = ssl.create_default_context(cafile=str(handle.tls.ca))
    return httpx.Client(verify=ctx, timeout=30, **kw)


@pytest.fixture
def tls_client():
    """``tls_client(handle)``: an httpx client trusting only the server's own CA."""
    return _tls_client


# -- the whole chain over TLS: uvicorn -> Companion -> exchangelib -> EWS emulator --------


@pytest.fixture
def tls_emulator():
    """The demo mailbox served by the EWS emulator over TLS (its own certificate)."""
    from emulators.ews import start_emulator

    with start_emulator(seed="demo", port=0, tls=True) as handle:
        yield handle


@pytest.fixture
def tls_live(tls_emulator, tmp_path):
    """uvicorn over TLS whose Companion talks to ``tls_emulator`` with exchangelib
    (retries after a dropped connection wait 0.1 s instead of 1 s)."""
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    companion = Companion(backend_factory=lambda: tls_emulator.backend(retry_wait=0.1),
                          account_label=f"{tls_emulator.email} (demo mailbox)")
    handle = start_server(companion, 0, home=tmp_path / "home")
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def api(tls_live):
    """An httpx client for ``tls_live``'s API: base URL, token, and trust in its CA only."""
    with _tls_client(tls_live, base_url=f"{tls_live.url}api/",
                     headers={"Authorization": f"Bearer {tls_live.token}"}) as c:
        yield c

