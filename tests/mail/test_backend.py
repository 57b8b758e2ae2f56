"""The real exchangelib client against the emulator over HTTP: drafts, directory, paging, sync."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from assistant.core.model import ComposeType, Recipient
from assistant.mail.backend import MailBackend
from assistant.mail.errors import ConflictError, ItemNotFoundError, MailError


def test_backend_satisfies_the_protocol(backend):
    assert isinstance(backend, MailBackend)


def test_list_drafts_converts_items(backend):
    drafts = backend.list_drafts()
    assert len(drafts) == 7
    assert all(d.id and d.change_key for d in drafts)
    trip = next(d for d in drafts if d.subject.startswith("Field trip"))
    assert trip.is_html and "Lindsay Wildlife" in trip.html
    assert len(trip.to) == 14 and trip.sender.address == "delgadom@mdusd.org"
    plain = next(d for d in drafts if d.subject.startswith("Substitute plans"))
    assert plain.html is None and plain.text.startswith("Hi Chidi")
    reply_all = next(d for d in drafts if d.subject.startswith("RE: Minimum day"))
    assert reply_all.compose_type is ComposeType.REPLY_ALL
    fwd = next(d for d in drafts if d.subject.startswith("FW:"))
    assert fwd.compose_type is ComposeType.FORWARD


def test_drafts_are_checked_with_group_sizes(backend):
    from assistant.core.check import check
    from assistant.mail.drafts import with_group_sizes

    drafts = {d.subject: d for d in with_group_sizes(backend, backend.list_drafts())}
    codes = {s: {h.code for h in check(d)} for s, d in drafts.items()}
    assert {"EM401", "EM501", "EM701"} <= codes["Field trip to Lindsay Wildlife Experience on December 12"]
    assert codes["Swapping library days next week"] == set()
    # The staff list counts as its 23 members, so a 2-address reply is a large audience.
    staff = next(r for r in drafts["RE: Minimum day schedule for conferences, Dec 1-5"].to if "staff" in r.address)
    assert staff.group_size == 23
    assert "EM401" in codes["RE: Minimum day schedule for conferences, Dec 1-5"]


def test_update_writes_only_changed_fields_with_never_overwrite(emulator, backend, draft_by_subject):
    d = draft_by_subject(backend, "Substitute plans")
    emulator.reset_stats()
    saved = backend.update_draft(d, d.replace(text=d.text + "\nMaria Delgado\n"))
    assert saved.change_key != d.change_key
    (_, _, body), = emulator.requests("UpdateItem")
    assert b'ConflictResolution="NeverOverwrite"' in body
    assert f'ChangeKey="{d.change_key}"'.encode() in body
    assert body.count(b"<t:SetItemField>") == 1 and b'FieldURI="item:Body"' in body
    assert b"ToRecipients" not in body and b"item:Subject" not in body
    again = backend.get_draft(d.id)
    assert again.text.endswith("Maria Delgado\n") and again.to == d.to
    # Nothing changed: nothing sent.
    emulator.reset_stats()
    assert backend.update_draft(again, again) == again
    assert emulator.requests("UpdateItem") == []


def test_stale_change_key_is_a_conflict(emulator, backend, draft_by_subject):
    d = draft_by_subject(backend, "question")
    emulator.store.update_item(d.id, {"subject": "Question about order 20931"})
    with pytest.raises(ConflictError):
        backend.update_draft(d, d.replace(subject="Missing composition books"))
    assert backend.get_draft(d.id).subject == "Question about order 20931"


def test_recipients_can_be_moved_to_bcc(backend, draft_by_subject):
    d = draft_by_subject(backend, "Field trip")
    moved = d.replace(to=(Recipient("delgadom@mdusd.org", "Maria Delgado"),), bcc=d.to)
    backend.update_draft(d, moved)
    again = backend.get_draft(d.id)
    assert [r.address for r in again.to] == ["delgadom@mdusd.org"]
    assert {r.address for r in again.bcc} == {r.address for r in d.to}


def test_missing_draft_is_item_not_found(backend):
    with pytest.raises(ItemNotFoundError):
        backend.get_draft("QUFNa0FEbm90LWEtcmVhbC1pZAAAAAAAAAAAAAAA")


def test_me_comes_from_the_directory(backend):
    me = backend.me()
    assert (me.name, me.title, me.department, me.phone) == (
        "Maria Delgado", "5th Grade Teacher", "Oak Hollow Elementary", "(925) 555-0114")


def test_resolve_and_expand_distribution_lists(backend):
    resolved = backend.resolve_recipients(["oakhollow-all@mdusd.org", "whitakerj@mdusd.org", "someone@example.org"])
    everyone, principal, unknown = resolved
    # Nested lists are expanded and each person counted once (staff ∪ grade-5 team ∪ PTA board).
    assert everyone.group_size == 24
    assert principal.name == "James Whitaker" and principal.group_size is None
    assert unknown == Recipient("someone@example.org")
    members = backend.expand_group("grade5-team@mdusd.org")
    assert {m.address for m in members} == {"delgadom@mdusd.org", "nguyenl@mdusd.org", "brennanp@mdusd.org"}
    assert backend.expand_group("whitakerj@mdusd.org") == []


def _bulk(emulator, n: int, start: datetime) -> None:
    inbox = emulator.store.folder_id("inbox")
    emulator.store.bulk_add(inbox, (
        {"subject": f"Message {i}", "received": start + timedelta(minutes=i), "is_read": i % 2 == 0,
         "from_json": ["Parent", f"p{i}@example.net", "Mailbox"],
         "to_json": [["A", "a@mdusd.org"], ["B", "b@mdusd.org"]], "cc_json": [["C", "c@mdusd.org"]],
         "size": 1000 + i}
        for i in range(n)
    ))


def test_iter_items_pages_with_only_the_fields_asked(emulator, backend):
    start = datetime(2027, 1, 4, tzinfo=timezone.utc)  # after the demo mail
    _bulk(emulator, 2500, start)
    emulator.reset_stats()
    items = list(backend.iter_items("inbox", since=start, page_size=1000))
    assert len(items) == 2500
    assert emulator.stats.get("FindItem") == 3 and "GetItem" not in emulator.stats
    newest = items[0]
    assert newest.subject == "Message 2499" and newest.to_count == 2 and newest.cc_count == 1
    assert newest.sender == Recipient("p2499@example.net", "Parent") and newest.size == 3499
    assert newest.datetime_received == start + timedelta(minutes=2499)
    assert [i.datetime_received for i in items] == sorted((i.datetime_received for i in items), reverse=True)
    (_, _, body), *_ = emulator.requests("FindItem")
    assert b"item:Body" not in body and b'MaxEntriesReturned="1000"' in body
    # A date window is a server-side restriction.
    week = list(backend.iter_items("inbox", fields=("subject",), since=start, until=start + timedelta(minutes=10)))
    assert [i.subject for i in week] == [f"Message {i}" for i in range(9, -1, -1)]
    assert week[0].size is None  # not asked for, not fetched


def test_iter_items_rejects_bad_arguments(backend):
    with pytest.raises(MailError):
        list(backend.iter_items("inbox", fields=("body",)))
    with pytest.raises(MailError):
        list(backend.iter_items("inbox", page_size=5000))
    with pytest.raises(MailError):
        list(backend.iter_items("inbox", since=datetime(2026, 1, 1)))  # naive datetime


def test_sync_drafts_reports_changes(emulator, backend, draft_by_subject):
    first = backend.sync_drafts()
    assert len(first.created) == 7 and not first.updated and not first.deleted
    assert backend.sync_drafts(first.state).empty
    d = draft_by_subject(backend, "question")
    backend.update_draft(d, d.replace(subject="Missing composition books"))
    gone = draft_by_subject(backend, "FW:")
    backend.delete_draft(gone.id)
    later = backend.sync_drafts(first.state)
    assert [u.subject for u in later.updated] == ["Missing composition books"]
    assert later.deleted == (gone.id,)


def test_send_and_send_draft(emulator, backend, draft_by_subject):
    d = draft_by_subject(backend, "Swapping library days")
    backend.send_draft(d.id)
    assert len(backend.list_drafts()) == 6
    sent = [i.subject for i in backend.iter_items("sent", fields=("subject",))]
    assert "Swapping library days next week" in sent
    backend.send(d.replace(id=None, change_key=None, to=(Recipient("delgadom@mdusd.org"),), subject="Note to self"))
    inbox = [i.subject for i in backend.iter_items("inbox", fields=("subject",))]
    assert "Note to self" in inbox


def test_create_and_delete_drafts_and_list_folders(emulator, backend):
    from assistant.core.model import Draft

    created = backend.create_draft(Draft(subject="New one", html="<p>Hello</p>", to=(Recipient("a@mdusd.org"),)))
    assert created.id and backend.get_draft(created.id).html == "<p>Hello</p>"
    assert len(backend.list_drafts()) == 8
    backend.delete_draft(created.id)
    assert len(backend.list_drafts()) == 7
    with pytest.raises(ItemNotFoundError):
        backend.get_draft(created.id)
    # FindFolder through exchangelib's folder tree.
    names = {f.name for f in backend.account.msg_folder_root.children}
    assert {"Inbox", "Drafts", "Sent Items", "Deleted Items"} <= names
