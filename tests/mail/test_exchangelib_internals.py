"""The exchangelib internals assistant.mail relies on: checked loudly, and checked against exchangelib itself."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from exchangelib.protocol import Protocol

from assistant.mail.backend import ITEM_FIELDS
from assistant.mail.exchangelib_internals import SUPPORTED, hooks_present


def test_the_installed_exchangelib_still_has_the_hooks_we_override():
    # When this fails, exchangelib changed: re-check exchangelib_internals against the new
    # version (or move to a public seam it now offers), then widen SUPPORTED.
    assert hooks_present() == [], f"exchangelib internals changed (checked range {SUPPORTED})"


def test_the_check_notices_a_changed_hook(monkeypatch):
    from exchangelib.services import SyncFolderItems

    monkeypatch.setattr(SyncFolderItems, "_elem_to_obj", lambda self, elem, account: None)
    monkeypatch.delattr(SyncFolderItems, "READ_FLAG_CHANGE")
    assert hooks_present() == ["SyncFolderItems._elem_to_obj(self, elem) changed",
                               "SyncFolderItems.READ_FLAG_CHANGE is gone"]


def test_list_view_rows_equal_what_exchangelib_parses_itself(backend):
    """iter_items' one-pass parser against exchangelib's own (.only() + GetItem) on the demo Inbox."""
    fields = sorted(ITEM_FIELDS - {"to_count", "cc_count"}) + ["display_to", "display_cc"]
    qs = backend.account.inbox.all().only(*fields).order_by("-datetime_received")
    theirs = {row["id"]: row for row in qs.values("id", *fields)}
    ours = list(backend.iter_items("inbox", fields=sorted(ITEM_FIELDS)))
    assert len(ours) == len(theirs) >= 7
    for item in ours:
        ref = theirs[item.id]
        assert item.subject == ref["subject"] and item.size == ref["size"]
        assert item.is_read == ref["is_read"] and item.has_attachments == ref["has_attachments"]
        assert item.importance == ref["importance"] and item.is_draft == ref["is_draft"]
        assert item.datetime_received == ref["datetime_received"] and item.datetime_sent == ref["datetime_sent"]
        assert item.sender.address == ref["sender"].email_address and item.sender.name == ref["sender"].name
        assert item.to_count == len([p for p in (ref["display_to"] or "").split(";") if p.strip()])
        assert item.cc_count == len([p for p in (ref["display_cc"] or "").split(";") if p.strip()])
    assert any(i.cc_count for i in ours) and any(i.has_attachments is False for i in ours)


def test_closing_a_backend_forgets_its_cached_connection(emulator):
    first = emulator.backend(max_wait=1.0)
    first.test()
    config = first._config
    assert Protocol[config][0] is first.account.protocol  # exchangelib cached it
    first.close()
    with pytest.raises(KeyError):
        Protocol[config]
    # The next backend for the same account gets its own connection and retry policy.
    second = emulator.backend(max_wait=7.0)
    try:
        second.test()
        assert second.account.protocol.retry_policy.max_wait == 7.0
    finally:
        second.close()


def test_date_restricted_scan_still_uses_one_find_item_per_page(emulator, backend):
    emulator.reset_stats()
    items = list(backend.iter_items("inbox", since=datetime(2020, 1, 1, tzinfo=timezone.utc)))
    assert items and emulator.stats.get("FindItem") == 1 and "GetItem" not in emulator.stats
