"""Seeding the emulated mailbox: .eml directories, seed modules, the demo mailbox."""

from __future__ import annotations

import sys

import pytest

from emulators.ews import start_emulator
from emulators.ews.seed import SeedError

DRAFT = b"""From: Staff <staff@mdusd.org>
To: Parent <parent@example.net>
Subject: Conference time
X-Unsent: 1
Content-Type: text/html; charset=utf-8

<p>Does Tuesday at 3:15 work?</p>
"""
RECEIVED = b"""From: Parent <parent@example.net>
To: Staff <staff@mdusd.org>
Cc: Other <other@example.net>
Subject: Re: Conference time
Date: Mon, 23 Nov 2026 10:00:00 -0800
Content-Type: text/plain; charset=utf-8

Tuesday works.
"""


def test_eml_directory_seed(tmp_path):
    (tmp_path / "a.eml").write_bytes(DRAFT)
    (tmp_path / "b.eml").write_bytes(RECEIVED)
    with start_emulator(seed=tmp_path, email="staff@mdusd.org") as h, h.backend() as b:
        (draft,) = b.list_drafts()
        assert draft.subject == "Conference time" and draft.html.strip() == "<p>Does Tuesday at 3:15 work?</p>"
        (item,) = b.iter_items("inbox")
        assert item.subject == "Re: Conference time" and item.cc_count == 1
        assert item.datetime_received.isoformat() == "2026-11-23T18:00:00+00:00"


def test_seed_module(tmp_path, monkeypatch):
    (tmp_path / "my_seed_mod.py").write_text(
        "def seed(store):\n"
        "    store.add_item(store.folder_id('drafts'), {'subject': 'from a module', 'is_draft': True})\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with start_emulator(seed="my_seed_mod", email="staff@mdusd.org") as h, h.backend() as b:
        assert [d.subject for d in b.list_drafts()] == ["from a module"]
    sys.modules.pop("my_seed_mod", None)


def test_bad_seeds_are_clear_errors(tmp_path):
    with pytest.raises(SeedError, match="seed must be"):
        start_emulator(seed=str(tmp_path / "missing dir"))
    with pytest.raises(SeedError, match="cannot import"):
        start_emulator(seed="no_such_seed_module_xyz")


def test_demo_mailbox_hands_out_a_connected_backend():
    with start_emulator(seed="demo") as h, h.backend() as b:
        assert len(b.list_drafts()) >= 1
        assert b.me().name == "Maria Delgado"
