"""The summary against the EWS emulator, every count checked against an independent
count made with exchangelib's own query API (QuerySet filters, .count(), fetched
recipients and bodies), not with the summary's scanner."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from exchangelib import EWSDateTime

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind
from assistant.app.summary import run_summary
from assistant.core.check import check
from assistant.core.model import Draft, Recipient
from assistant.core.summary.weeks import last_complete_week, working_days_before
from assistant.core.text.subject import strip_prefixes
from assistant.mail.convert import DRAFT_FIELDS, item_to_draft

ME = "delgadom@mdusd.org"
AUTOMATED = re.compile(r"^(no-?reply|newsletter)", re.I)


def ews(dt: datetime) -> EWSDateTime:
    return EWSDateTime.from_datetime(dt.astimezone(timezone.utc))


def incoming_draft(item) -> Draft:
    return Draft(subject=item.subject or "", sender=Recipient(item.sender.email_address, item.sender.name or ""),
                 to=tuple(Recipient(m.email_address) for m in item.to_recipients or ()),
                 html=str(item.body or ""))


def independent(account, now: datetime) -> dict:
    """The figures the summary reports, counted with exchangelib directly."""
    week = last_complete_week(now)
    start, end = week.bounds(now.tzinfo)
    out: dict = {}
    sent = account.sent.filter(datetime_sent__gte=ews(start), datetime_sent__lt=ews(end))
    out["sent"] = sent.count()
    codes: Counter = Counter()
    for item in sent.only(*DRAFT_FIELDS):
        codes.update({h.code for h in check(item_to_draft(item))})
    out["by_rule"] = dict(codes)
    inbox_week = account.inbox.filter(datetime_received__gte=ews(start), datetime_received__lt=ews(end))
    out["received"] = inbox_week.count()
    out["unread"] = account.inbox.filter(is_read=False).count()
    cc_only = bulk = chain = personal = 0
    bulk_senders: Counter = Counter()
    for item in inbox_week.only("subject", "sender", "to_recipients", "cc_recipients", "body"):
        to = {m.email_address.lower() for m in item.to_recipients or ()}
        cc = {m.email_address.lower() for m in item.cc_recipients or ()}
        cc_only += ME in cc and ME not in to
        if "unsubscribe" in str(item.body or "").lower():
            bulk += 1
            bulk_senders[item.sender.email_address] += 1
        found = {h.code for h in check(incoming_draft(item), only=["EM901", "EM902"])}
        chain += "EM902" in found
        personal += "EM901" in found
    out.update(cc_only=cc_only, bulk=bulk, bulk_senders=dict(bulk_senders), chain=chain, personal=personal)
    # waiting for a reply: to me, from a person, 2 working days to 4 weeks old, no answer
    replies = list(account.sent.filter(datetime_sent__gte=ews(now - timedelta(days=28)))
                   .only("in_reply_to", "subject", "datetime_sent"))
    answered_ids = {r.in_reply_to for r in replies if r.in_reply_to}
    waiting = []
    for item in account.inbox.filter(datetime_received__gte=ews(now - timedelta(days=28)),
                                     datetime_received__lt=ews(working_days_before(now, 2))).only(
            "subject", "sender", "to_recipients", "body", "message_id", "datetime_received"):
        if ME not in {m.email_address.lower() for m in item.to_recipients or ()}:
            continue
        if AUTOMATED.match(item.sender.email_address) or item.sender.email_address.lower() == ME:
            continue
        if "unsubscribe" in str(item.body or "").lower() or any(
                h.code == "EM902" for h in check(incoming_draft(item), only=["EM902"])):
            continue
        topic = strip_prefixes(item.subject or "").lower()
        if item.message_id in answered_ids or any(
                strip_prefixes(r.subject or "").lower() == topic and r.datetime_sent > item.datetime_received
                for r in replies):
            continue
        waiting.append(item.subject)
    out["waiting"] = sorted(waiting)
    sizes, items = {}, {}
    for folder in account.msg_folder_root.walk():
        if folder.folder_class not in (None, "IPF.Note") or folder.name == "Outbox":
            continue
        sizes[folder.name] = sum(i.size for i in folder.all().only("size"))
        items[folder.name] = folder.total_count
    out["sizes"], out["items"] = sizes, items
    out["old_drafts"] = account.drafts.filter(last_modified_time__lt=ews(now - timedelta(days=14))).count()
    return out


def reported(s: dict) -> dict:
    inbox = s["inbox"]
    return {
        "sent": s["sent"]["messages"], "by_rule": s["sent"]["by_rule"], "received": inbox["received"],
        "unread": inbox["unread"]["count"], "cc_only": inbox["cc_only"], "bulk": inbox["bulk_messages"],
        "bulk_senders": {b["sender"]: b["count"] for b in inbox["bulk_senders"]},
        "chain": inbox["received_chain"], "personal": inbox["received_personal"],
        "waiting": sorted(i["subject"] for i in inbox["awaiting_reply"]["items"]),
        "sizes": {f["name"]: f["size_bytes"] for f in s["mailbox"]["folders"] if f["role"] != "outbox"},
        "items": {f["name"]: f["items"] for f in s["mailbox"]["folders"] if f["role"] != "outbox"},
        "old_drafts": s["mailbox"]["old_drafts"]["count"],
    }


@pytest.fixture
def account(week_emulator):
    with week_emulator.backend() as backend:
        yield backend.account


def test_every_count_equals_an_independent_exchangelib_count(ctx, account, tmp_path):
    now = datetime.now().astimezone()
    s = run_summary(ctx, now=now, store_file=str(tmp_path / "cache.sqlite")).summary
    got, want = reported(s), independent(account, now)
    assert s["inbox"]["awaiting_reply"]["count"] == len(want["waiting"]) <= 10  # all listed (up to 10)
    assert got == want
    # The demo week shows every section.
    assert got["sent"] == 6 and set(got["by_rule"]) >= {"EM501", "EM701", "EM804", "EM401", "EM301", "EM901", "CF101"}
    assert got["bulk_senders"] == {"newsletter@scholastic.example": 3, "no-reply@pbslearning.example": 2}
    assert got["cc_only"] == 4 and got["chain"] >= 1 and got["personal"] >= 1 and got["old_drafts"] == 1
    assert {"Archivo 2025", "Proyectos de Ciencias"} <= set(got["sizes"])  # folders by any name
    assert s["inbox"]["bulk_senders"][0]["unsubscribe"] == "https://scholastic.example/unsubscribe?u=8812"
    assert s["mailbox"]["largest"][0]["attachments"] == [{"name": "anuario-fotos.zip", "size": 4_800_000}]
    assert s["sent"]["examples"][0]["subject"] == "Notes for Jordan" and "CF101" in s["sent"]["examples"][0]["codes"]
    assert s["sent"]["examples"][0]["link"].endswith("&exvsurl=1&viewmodel=ReadMessageItem")
    assert [a["clears"] for a in s["actions"]] == sorted((a["clears"] for a in s["actions"]), reverse=True)


def test_a_second_run_reads_only_the_changes_and_still_matches(ctx, account, week_emulator, tmp_path):
    now = datetime.now().astimezone()
    cache = str(tmp_path / "cache.sqlite")
    first = run_summary(ctx, now=now, store_file=cache).summary
    store = week_emulator.store
    inbox = store.folder_id("inbox")
    rows, _ = store.find_items(inbox, limit=50)
    unread = [r["id"] for r in rows if not r["is_read"]]
    store.update_item(unread[0], {"is_read": True})  # read
    store.delete_item(rows[0]["id"])  # deleted
    week_start = last_complete_week(now).bounds(now.tzinfo)[0]
    store.add_item(inbox, {"subject": "Late arrival", "body": "<p>Running late</p>", "received": week_start + timedelta(
        days=2), "from_json": ["Linh Nguyen", "nguyenl@mdusd.org", "Mailbox"],
        "cc_json": [["Maria Delgado", ME, "Mailbox"]], "size": 900})
    week_emulator.reset_stats()
    second = run_summary(ctx, now=now, store_file=cache)
    assert week_emulator.stats["SyncFolderItems"] == 5  # one page per non-empty folder: only the changes
    assert week_emulator.stats.get("GetItem", 0) <= 3  # the new item's 4 KB + the report's named items
    assert second.analysed == 1
    assert reported(second.summary) == independent(account, now)
    assert second.summary["inbox"]["cc_only"] == first["inbox"]["cc_only"] + 1
    # The cache keeps counts, ids and hashes: no subject, address or body text.
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("cache.sqlite*"))  # with any -wal/-shm file
    for text in (b"Late arrival", b"nguyenl@mdusd.org", b"Running late", b"Notes for Jordan", b"Scholastic"):
        assert text not in raw


def test_throttling_and_dropped_connections_give_the_clean_result(week_emulator, tmp_path, monkeypatch):
    import assistant.mail.ews_sync as ews_sync

    monkeypatch.setattr(ews_sync, "MAX_CHANGES", 10)  # several pages per folder
    now = datetime.now().astimezone()

    def summary_with(cache: str) -> dict:
        with AppContext(backend_factory=lambda: week_emulator.backend(retry_wait=0.05)) as c:
            return run_summary(c, now=now, store_file=cache).summary

    clean = summary_with(str(tmp_path / "clean.sqlite"))
    week_emulator.faults.server_busy(count=3, back_off_ms=50, operation="SyncFolderItems")
    week_emulator.faults.drop_connection(count=1, operation="SyncFolderItems", after=4)
    week_emulator.faults.drop_connection(count=1, operation="SyncFolderItems", after=2)
    week_emulator.faults.drop_connection(count=1, operation="GetItem", after=1)
    faulty = summary_with(str(tmp_path / "faulty.sqlite"))
    assert week_emulator.faults.fired["busy"] == 3 and week_emulator.faults.fired["drop"] == 3
    assert json.dumps(faulty, sort_keys=True) == json.dumps(clean, sort_keys=True)


def test_a_scan_cut_off_resumes_from_its_saved_page(week_emulator, tmp_path, monkeypatch):
    import assistant.mail.ews_sync as ews_sync

    monkeypatch.setattr(ews_sync, "MAX_CHANGES", 10)
    now = datetime.now().astimezone()
    cache = str(tmp_path / "cache.sqlite")

    def summary_with(path: str) -> dict:
        with AppContext(backend_factory=lambda: week_emulator.backend(retry_wait=0.01)) as c:
            return run_summary(c, now=now, store_file=path).summary

    week_emulator.reset_stats()
    clean = summary_with(str(tmp_path / "clean.sqlite"))
    pages = week_emulator.stats["SyncFolderItems"]
    week_emulator.faults.drop_connection(count=10, operation="SyncFolderItems", after=5)
    with pytest.raises(AppError) as err:
        summary_with(cache)
    assert err.value.kind is Kind.UNAVAILABLE and "cannot reach" in err.value.message
    with sqlite3.connect(cache) as db:  # what the cut-off run saved: five pages, some folders finished
        finished = db.execute("SELECT COUNT(*) FROM folders WHERE complete = 1").fetchone()[0]
        assert db.execute("SELECT COUNT(*) FROM folders WHERE state IS NOT NULL").fetchone()[0] >= 1
    week_emulator.faults.clear()
    week_emulator.reset_stats()
    resumed = summary_with(cache)
    # The five saved pages are not asked again; a finished folder costs one "any changes?" call.
    assert week_emulator.stats["SyncFolderItems"] == pages - 5 + finished
    assert json.dumps(resumed, sort_keys=True) == json.dumps(clean, sort_keys=True)


def test_an_empty_mailbox_and_a_renamed_inbox(tmp_path):
    from emulators.ews import start_emulator

    with start_emulator(seed="empty") as handle, AppContext(backend_factory=handle.backend) as c:
        s = run_summary(c, store_file=str(tmp_path / "empty.sqlite")).summary
        assert s["sent"]["messages"] == 0 and s["inbox"]["unread"]["count"] == 0 and s["actions"] == []
        assert s["mailbox"]["size_bytes"] == 0
        # A German mailbox: the Inbox is "Posteingang"; roles come from the server, not names.
        handle.store._db.execute("UPDATE folders SET display_name = 'Posteingang' WHERE distinguished = 'inbox'")
        handle.store.add_item(handle.store.folder_id("inbox"), {"subject": "Hallo", "is_read": False, "size": 10})
        s = run_summary(c, store_file=str(tmp_path / "empty.sqlite")).summary
        assert s["inbox"]["unread"]["count"] == 1
        assert {"name": "Posteingang", "role": "inbox", "size_bytes": 10, "items": 1} in s["mailbox"]["folders"]


def test_send_to_self_saves_the_html_report_in_the_inbox(ctx, account, tmp_path):
    s = run_summary(ctx, store_file=str(tmp_path / "c.sqlite"), send_to_self=True).summary
    week = s["week"]
    (item,) = account.inbox.filter(subject=f"Weekly mail summary {week}")
    assert item.id == s["saved_to_inbox"]
    body = str(item.body)
    assert body.startswith("<!DOCTYPE html>") and "<svg" in body and "Suggested actions" in body
    assert not list(account.sent.filter(subject=f"Weekly mail summary {week}"))  # nothing was sent


def test_a_bad_week_is_one_clear_error(ctx):
    with pytest.raises(AppError) as err:
        run_summary(ctx, "2026-W60", store_file=":memory:")
    assert err.value.kind is Kind.BAD_INPUT and err.value.message == "2026 has no ISO week 60"


def test_the_exchangelib_hooks_the_scanner_overrides_are_still_there():
    """ews_sync parses SyncFolderItems and FindFolder pages itself through two exchangelib
    hooks and pages FindFolder with _paged_call; fail loudly when exchangelib changes them."""
    import inspect

    from exchangelib.services import FindFolder, SyncFolderItems

    from assistant.mail.exchangelib_internals import hooks_present

    assert hooks_present() == []
    for cls in (SyncFolderItems, FindFolder):
        assert list(inspect.signature(cls._elem_to_obj).parameters) == ["self", "elem"]
        assert list(inspect.signature(cls._get_soap_parts).parameters) == ["response"]
    assert {"payload_func", "max_items"} <= set(inspect.signature(FindFolder._paged_call).parameters)
    assert list(inspect.signature(FindFolder.get_payload).parameters)[1:] == [
        "folders", "additional_fields", "restriction", "shape", "depth", "page_size", "offset"]
    source = inspect.getsource(SyncFolderItems.__mro__[1])  # SyncFolder: where a page's state is kept
    assert "self.sync_state =" in source and "self.includes_last_item_in_range =" in source
