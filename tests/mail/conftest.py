"""Mail fixtures: a demo-seeded EWS emulator on 127.0.0.1 and a real exchangelib backend for it."""

from __future__ import annotations

from typing import Iterator

import pytest

from emulators.ews import EmulatorHandle, start_emulator
from assistant.mail.ews import EwsBackend


@pytest.fixture
def emulator() -> Iterator[EmulatorHandle]:
    handle = start_emulator(seed="demo")
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def backend(emulator: EmulatorHandle) -> Iterator[EwsBackend]:
    b = emulator.backend()
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def draft_by_subject():
    """find(backend, prefix) -> the demo draft whose subject starts with prefix."""

    def find(backend: EwsBackend, prefix: str):
        for d in backend.list_drafts():
            if d.subject.startswith(prefix):
                return d
        raise AssertionError(f"no demo draft starting with {prefix!r}")

    return find
