"""Browser fixtures: the real server over TLS on the demo mailbox (the
``browser`` itself comes from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"


@pytest.fixture(scope="module")
def emulator():
    from emulators.ews import start_emulator

    with start_emulator(seed="demo", port=0) as handle:
        yield handle


@pytest.fixture(scope="module")
def server(emulator, tmp_path_factory):
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    companion = Companion(backend_factory=emulator.backend, account_label=f"{emulator.email} (demo mailbox)")
    handle = start_server(companion, 0, home=tmp_path_factory.mktemp("server-home"), info={"demo": True})
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def page(browser, server):
    # The TLS chain itself is tested in tests/server; here Chromium has no way
    # to trust our CA without touching the machine's NSS database.
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1360, "height": 900})
    pg = context.new_page()
    pg.errors = []  # uncaught page errors and CSP reports, checked by tests
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
