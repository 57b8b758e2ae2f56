"""Fixtures for the weekly summary: the demo-week mailbox in the EWS emulator, and an
independent view of it through exchangelib's own query API (not our scanner)."""

from __future__ import annotations

import pytest


@pytest.fixture
def week_emulator():
    from emulators.ews import DEMO_OWNER, start_emulator

    with start_emulator(seed="emulators.ews.demo_week", email=DEMO_OWNER[0], name=DEMO_OWNER[1]) as handle:
        yield handle


@pytest.fixture
def ctx(week_emulator):
    from assistant.app.context import AppContext

    with AppContext(backend_factory=week_emulator.backend) as context:
        yield context
