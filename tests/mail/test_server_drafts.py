"""Fixing drafts on the server: ChangeKey + NeverOverwrite, re-read and re-apply on a race."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.core.model import Draft
from assistant.mail.errors import ConflictError
from assistant.app.server_drafts import fix_server_draft

MARK = "<p>[checked by the assistant]</p>"


def add_marker(draft: Draft) -> Draft:
    """A small idempotent fix: append a marker paragraph once."""
    if draft.html is None or MARK in draft.html:
        return draft
    return draft.replace(html=draft.html + MARK)


def test_fix_appends_once_and_is_idempotent(emulator, backend, draft_by_subject):
    d = draft_by_subject(backend, "Field trip")
    first = fix_server_draft(backend, d.id, add_marker)
    assert first.changed and first.attempts == 1
    assert emulator.store.get_item(d.id)["body"].count(MARK) == 1
    second = fix_server_draft(backend, d.id, add_marker)
    assert not second.changed
    assert emulator.store.get_item(d.id)["body"].count(MARK) == 1
    assert second.draft.change_key == first.draft.change_key


def test_race_keeps_the_other_edit_and_applies_the_fix_once(emulator, backend, draft_by_subject):
    d = draft_by_subject(backend, "Field trip")
    outlook_edit = "<p>PS: bring a water bottle.</p>"

    def edit_in_outlook(store, item_id):
        row = store.get_item(item_id)
        store.update_item(item_id, {"body": row["body"] + outlook_edit})

    emulator.faults.race_on_update(d.id, edit_in_outlook)
    result = fix_server_draft(backend, d.id, add_marker, conflict_pause=0)
    assert result.attempts == 2 and result.changed
    assert emulator.faults.fired["race"] == 1
    body = emulator.store.get_item(d.id)["body"]
    assert body.count(outlook_edit) == 1 and body.count(MARK) == 1
    assert body.index(outlook_edit) < body.index(MARK)
    assert "Lindsay Wildlife" in body


def test_a_draft_that_keeps_changing_gives_up_clearly(emulator, backend, draft_by_subject):
    d = draft_by_subject(backend, "Field trip")
    for _ in range(3):
        emulator.faults.race_on_update(d.id, {"subject": "edited again"})
    with pytest.raises(ConflictError, match="kept changing"):
        fix_server_draft(backend, d.id, add_marker, max_attempts=1, conflict_pause=0)


def test_real_signature_and_notice_fix_on_the_server(emulator, backend, draft_by_subject):
    from assistant.core import fixes
    from assistant.core.check import check
    from assistant.core.signature import Signature
    from assistant.policy import default_policy

    policy = default_policy()
    me = backend.me()
    sig = Signature(name=me.name, title=me.title, school=me.department, phone=me.phone, email=me.email)

    def apply_fn(draft: Draft):
        return fixes.apply(draft, ["signature", "notice"], signature=sig, policy=policy)

    for prefix in ("Field trip", "Substitute plans", "RE: Minimum day"):
        d = draft_by_subject(backend, prefix)
        result = fix_server_draft(backend, d.id, apply_fn)
        assert result.changed and result.changes
        body = emulator.store.get_item(d.id)["body"]
        flat = " ".join(body.split())
        assert flat.count("CONFIDENTIALITY NOTICE") == 1
        assert flat.count("(925) 555-0114") == 1
        fixed = backend.get_draft(d.id)
        codes = {h.code for h in check(fixed, policy)}
        assert not codes & {"EM501", "EM502", "EM701"}
        # Fixing again changes nothing on the server.
        again = fix_server_draft(backend, d.id, apply_fn)
        assert not again.changed
        assert emulator.store.get_item(d.id)["body"] == body
    # The reply keeps its quoted history, with the new block above it.
    reply = emulator.store.get_item(draft_by_subject(backend, "RE: Minimum day").id)["body"]
    assert reply.index("CONFIDENTIALITY NOTICE") < reply.index("Good morning, team.")


# -- a save whose answer is lost (issue 8, item 9) ---------------------------------------


def test_a_lost_answer_is_not_reported_as_nothing_changed(emulator, draft_by_subject):
    backend = emulator.backend(retry_wait=0.05)
    try:
        d = draft_by_subject(backend, "Field trip")
        # The server applies the UpdateItem, then drops the connection before answering.
        emulator.faults.drop_after_commit(count=1, operation="UpdateItem")
        result = fix_server_draft(backend, d.id, lambda draft: (add_marker(draft), ("marker added",)))
        assert emulator.faults.fired["drop_after_commit"] == 1
        assert result.changed and result.changes == ("marker added",)
        stored = backend.get_draft(d.id)
    finally:
        backend.close()
    assert emulator.store.get_item(d.id)["body"].count(MARK) == 1
    assert result.draft.change_key == stored.change_key  # the version the server holds


def test_a_lost_answer_then_an_outlook_edit_reports_what_the_server_holds(emulator, draft_by_subject):
    backend = emulator.backend(retry_wait=0.5)
    outlook_edit = "<p>PS: lunches are provided.</p>"
    try:
        d = draft_by_subject(backend, "Field trip")
        emulator.faults.drop_after_commit(count=1, operation="UpdateItem")
        done: list = []
        worker = threading.Thread(target=lambda: done.append(
            fix_server_draft(backend, d.id, lambda draft: (add_marker(draft), ("marker added",)), conflict_pause=0)))
        worker.start()
        # Once the write has landed (its answer lost), and while the client waits to
        # retry, Outlook saves an edit.
        deadline = time.monotonic() + 10
        while MARK not in emulator.store.get_item(d.id)["body"] and time.monotonic() < deadline:
            time.sleep(0.005)
        row = emulator.store.get_item(d.id)
        emulator.store.update_item(d.id, {"body": row["body"] + outlook_edit})
        worker.join(30)
        result = done[0]
    finally:
        backend.close()
    body = emulator.store.get_item(d.id)["body"]
    assert body.count(MARK) == 1 and body.count(outlook_edit) == 1
    # Not "changed=False, nothing to fix": the fix is on the server, and the result says so.
    assert result.changed and result.answer_lost
    assert result.changes == ("marker added",)
    assert outlook_edit in result.draft.html and MARK in result.draft.html
