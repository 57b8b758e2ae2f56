"""The Graph backend against the Graph emulator over real HTTPS (bearer token; MSAL is in
test_graph_msal.py): drafts, If-Match updates, the draft-fix race, sending, paging, delta,
$batch and the directory."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest

from assistant.core.model import Draft, Recipient
from assistant.mail.backend import ITEM_FIELDS, MailBackend
from assistant.mail.errors import AuthError, ConflictError, ItemNotFoundError
from assistant.mail.graph import GraphBackend
from assistant.app.server_drafts import fix_server_draft
from emulators.graph import DIRECTORY_SCOPES, GRANTABLE, GraphEmulatorHandle, start_graph_emulator

MARK = "<p>[checked by the assistant]</p>"


def add_marker(draft: Draft) -> Draft:
    if draft.html is None or MARK in draft.html:
        return draft
    return draft.replace(html=draft.html + MARK)


@pytest.fixture
def graph() -> Iterator[GraphEmulatorHandle]:
    with start_graph_emulator(seed="demo") as handle:
        yield handle


@pytest.fixture
def backend(graph: GraphEmulatorHandle) -> Iterator[GraphBackend]:
    with graph.backend(retry_wait=0.05) as b:
        yield b


def by_subject(backend: GraphBackend, prefix: str) -> Draft:
    return next(d for d in backend.list_drafts() if d.subject.startswith(prefix))


def test_it_is_a_mail_backend_over_https(graph, backend):
    assert graph.url.startswith("https://127.0.0.1:") and graph.url.endswith("/v1.0")
    assert isinstance(backend, MailBackend)
    assert backend.test()["drafts"] == 7


def test_demo_drafts_are_the_district_drafts(backend):
    drafts = backend.list_drafts()
    assert len(drafts) == 7 and all(d.id and d.change_key.startswith('W/"') for d in drafts)
    trip = next(d for d in drafts if d.subject.startswith("Field trip"))
    assert len(trip.to) == 14 and "Lindsay Wildlife" in trip.html
    assert trip.sender == Recipient("delgadom@mdusd.org", "Maria Delgado")
    plain = next(d for d in drafts if d.html is None)
    assert plain.text
    assert backend.get_draft(trip.id) == trip


def test_update_writes_only_with_the_etag_read(graph, backend):
    d = by_subject(backend, "Field trip")
    saved = backend.update_draft(d, d.replace(subject="Field trip on Dec 12"))
    assert saved.change_key != d.change_key
    assert graph.store.get_item(graph.store_id(d.id))["subject"] == "Field trip on Dec 12"
    with pytest.raises(ConflictError):  # the version read before is stale now
        backend.update_draft(d, d.replace(subject="something else"))
    assert graph.store.get_item(graph.store_id(d.id))["subject"] == "Field trip on Dec 12"
    assert backend.update_draft(saved, saved) == saved  # nothing to write: no request


def test_draft_fix_race_keeps_the_other_edit(graph, backend):
    d = by_subject(backend, "Field trip")
    outlook_edit = "<p>PS: bring a water bottle.</p>"

    def edit_in_outlook(store, item_id):
        row = store.get_item(item_id)
        store.update_item(item_id, {"body": row["body"] + outlook_edit})

    graph.faults.race_on_update(d.id, edit_in_outlook)
    result = fix_server_draft(backend, d.id, add_marker, conflict_pause=0)
    assert result.attempts == 2 and result.changed and graph.faults.fired["race"] == 1
    assert [r[4] for r in graph.requests("messages.update")] == [412, 200]
    body = graph.store.get_item(graph.store_id(d.id))["body"]
    assert body.count(outlook_edit) == 1 and body.count(MARK) == 1
    assert body.index(outlook_edit) < body.index(MARK)
    again = fix_server_draft(backend, d.id, add_marker)
    assert not again.changed and again.draft.change_key == result.draft.change_key


def test_lost_update_answer_is_recognised(graph, backend):
    d = by_subject(backend, "Field trip")
    graph.faults.drop_after_commit(operation="messages.update")
    saved = backend.update_draft(d, d.replace(subject="Field trip (updated)"))
    assert saved.subject == "Field trip (updated)"
    assert saved.change_key == backend.get_draft(d.id).change_key
    assert [r[4] for r in graph.requests("messages.update")] == [200, 412]


def test_create_send_and_delete(graph, backend):
    new = backend.create_draft(Draft(subject="Library day", html="<p>Tuesday works.</p>",
                                     to=(Recipient("nguyenl@mdusd.org", "Linh Nguyen"),)))
    assert new.id and backend.get_draft(new.id).subject == "Library day"
    stale = new.change_key
    backend.update_draft(new, new.replace(subject="Library day swap"))
    with pytest.raises(ConflictError):
        backend.send_draft(new.id, stale)  # the user saw an older version
    backend.send_draft(new.id)
    row = graph.store.get_item(graph.store_id(new.id))
    assert row["folder"] == graph.store.folder_id("sentitems") and not row["is_draft"]
    backend.send(Draft(subject="Quick note", text="See you at 3.", to=(Recipient("okaforc@mdusd.org"),)))
    sent, _ = graph.store.find_items(graph.store.folder_id("sentitems"), "subject = ?", ("Quick note",))
    assert len(sent) == 1 and sent[0]["body"] == "See you at 3."
    doomed = backend.create_draft(Draft(subject="delete me", text="x"))
    backend.delete_draft(doomed.id)
    assert graph.store.get_item(graph.store_id(doomed.id))["folder"] == graph.store.folder_id("deleteditems")
    with pytest.raises(ItemNotFoundError):
        backend.get_draft("AAMkAGnotthere" + "A" * 30)


def test_me_and_mailbox_settings(backend):
    me = backend.me()
    assert (me.email, me.name, me.title, me.phone) == (
        "delgadom@mdusd.org", "Maria Delgado", "5th Grade Teacher", "(925) 555-0114")
    assert backend.mailbox_settings()["timeZone"] == "Pacific Standard Time"


def _inbox_rows(n: int):
    start = datetime(2027, 3, 2, 8, 0, tzinfo=timezone.utc)
    for i in range(n):
        yield {"subject": f"Message {i}", "body": "<p>hello</p>", "body_type": "HTML",
               "from_json": [f"Sender {i}", f"s{i}@example.net", "Mailbox"],
               "to_json": [["A", "a@mdusd.org", "Mailbox"]] * (1 + i % 3), "cc_json": [["C", "c@mdusd.org", "Mailbox"]] * (i % 2),
               "received": start + timedelta(minutes=i), "is_read": i % 4 != 0, "size": 1000 + i}


def test_iter_items_pages_with_select_and_top(graph, backend):
    graph.store.bulk_add(graph.store.folder_id("inbox"), _inbox_rows(2500))
    graph.reset_stats()
    items = list(backend.iter_items("inbox", page_size=1000))
    assert len(items) == 2507 and len({i.id for i in items}) == 2507
    assert graph.stats["messages.list"] == 3  # 1000 + 1000 + 507
    first = items[0]
    assert first.subject == "Message 2499" and first.to_count == 1 + 2499 % 3 and first.cc_count == 1
    assert first.size == 1000 + 2499 and first.is_read and first.sender.address == "s2499@example.net"
    assert all(i.datetime_received >= j.datetime_received for i, j in zip(items, items[1:]))
    paths = [r[3] for r in graph.requests("messages.list")]
    assert paths == ["me/mailFolders/inbox/messages"] * 3
    since = datetime(2027, 3, 2, 8, 10, tzinfo=timezone.utc)
    window = list(backend.iter_items("inbox", ("subject",), since=since, until=since + timedelta(minutes=5)))
    assert [i.subject for i in window] == [f"Message {n}" for n in range(14, 9, -1)]
    assert window[0].is_read is None  # not asked for
    assert ITEM_FIELDS >= {"is_draft"}
    assert all(i.is_draft for i in backend.iter_items("drafts", ("is_draft",)))


def test_delta_reports_created_updated_and_deleted(graph, backend):
    first = backend.sync_drafts()
    assert len(first.created) == 7 and not first.updated and not first.deleted
    assert all(d.id and d.change_key for d in first.created)
    assert backend.sync_drafts(first.state).empty
    trip = next(d for d in first.created if d.subject.startswith("Field trip"))
    gone = next(d for d in first.created if d.subject.startswith("FW:"))
    backend.update_draft(trip, trip.replace(subject="Field trip (v2)"))
    backend.delete_draft(gone.id)
    new = backend.create_draft(Draft(subject="Brand new", text="hi"))
    graph.reset_stats()
    second = backend.sync_drafts(first.state)
    assert [d.subject for d in second.updated] == ["Field trip (v2)"]
    assert [d.subject for d in second.created] == ["Brand new"] and second.created[0].id == new.id
    assert list(second.deleted) == [gone.id]
    # the two changed drafts came back in one $batch call, not one GET each
    assert graph.stats["batch"] == 1 and graph.stats["messages.get"] == 2
    assert backend.sync_drafts(second.state).empty


def test_batch_fetches_drafts_20_at_a_time(graph, backend):
    ids = [backend.create_draft(Draft(subject=f"d{n}", text="x")).id for n in range(45)]
    graph.reset_stats()
    got = backend.get_drafts(ids + ["AAMkAGmissing" + "A" * 30])
    assert sorted(got) == sorted(ids) and got[ids[44]].subject == "d44"
    assert graph.stats["batch"] == 3 and graph.stats["requests"] == 3


def test_directory_needs_its_permissions():
    with start_graph_emulator(seed="demo") as plain:  # the default scopes: no directory reading
        with plain.backend() as b:
            out = b.resolve_recipients(["oakhollow-staff@mdusd.org"])
            assert out == [Recipient("oakhollow-staff@mdusd.org")]
            with pytest.raises(AuthError, match="GroupMember.Read.All"):
                b.expand_group("oakhollow-staff@mdusd.org")
    with start_graph_emulator(seed="demo", scopes=GRANTABLE + DIRECTORY_SCOPES) as full:
        with full.backend() as b:
            full.reset_stats()
            out = b.resolve_recipients(["oakhollow-staff@mdusd.org", "oakhollow-all@mdusd.org",
                                        "whitakerj@mdusd.org", "nobody@example.net"])
            assert [(r.name, r.group_size) for r in out] == [
                ("Oak Hollow Staff", 23), ("Oak Hollow Everyone", 24), ("James Whitaker", None), ("", None)]
            assert full.stats["requests"] == 2  # one batch of lookups, one of list members
            members = b.expand_group("oakhollow-all@mdusd.org")
            assert [m.address for m in members] == ["oakhollow-staff@mdusd.org", "grade5-team@mdusd.org",
                                                    "pta-board@example.org"]


def test_same_drafts_as_the_ews_backend_on_the_same_seed(backend):
    """Both backends turn the demo mailbox into the same drafts (subjects, bodies, recipients,
    compose types), so every check and fix behaves the same on Exchange Server and Online."""
    from emulators.ews import start_emulator

    def key(d: Draft):
        return (d.subject, d.html, d.text, d.to, d.cc, d.bcc, d.sender, d.compose_type,
                tuple((a.filename, a.size) for a in d.attachments))

    with start_emulator(seed="demo") as ews, ews.backend() as eb:
        assert sorted(map(key, backend.list_drafts())) == sorted(map(key, eb.list_drafts()))
