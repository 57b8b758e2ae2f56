"""Every write carries the version the user saw (issue 8, item 1).

The whole chain is real: httpx over TLS -> uvicorn -> Companion -> exchangelib
-> the EWS emulator over TLS. "Outlook" is a second exchangelib connection that
edits the draft on the server between the UI's load and its save.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

SIGNED_HTML = (
    "<p>Hello team,</p><p>The staff meeting moves to the library on Monday.</p>"
    "<p>Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary<br>Phone: (925) 555-0114</p>"
)


def enc(item_id: str) -> str:
    return quote(item_id, safe="")  # EWS ids are base64: '/', '+' and '=' occur


@pytest.fixture
def outlook(tls_emulator):
    """Another client of the same mailbox (exchangelib), as Outlook would be."""
    backend = tls_emulator.backend()
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def loaded(api):
    """A draft created through the API, then opened as the UI opens it (GET)."""
    r = api.post("drafts", json={"draft": {"subject": "Staff meeting on Monday", "to": ["staff@mdusd.org"],
                                           "html": SIGNED_HTML}})
    assert r.status_code == 200, r.text
    item_id = r.json()["draft"]["id"]
    r = api.get(f"drafts/{enc(item_id)}")
    assert r.status_code == 200, r.text
    draft = r.json()["draft"]
    assert draft["id"] == item_id and draft["change_key"]
    return draft


def sent_subjects(backend) -> list[str]:
    return [i.subject for i in backend.iter_items(folder="sentitems", fields=("subject",))]


def test_two_saves_of_the_same_loaded_version_the_second_gets_409_with_both(api, loaded, outlook):
    first = api.post("drafts", json={"draft": {**loaded, "subject": "Staff meeting moved to Tuesday"}})
    assert first.status_code == 200, first.text
    saved = first.json()["draft"]
    assert saved["change_key"] != loaded["change_key"]  # the editor must take this one

    # A second tab (or a double click) saves the same loaded version: refused, nothing overwritten.
    second = api.post("drafts", json={"draft": {**loaded, "subject": "Staff meeting cancelled"}})
    assert second.status_code == 409, second.text
    body = second.json()
    assert "changed elsewhere" in body["error"]
    assert body["conflict"]["yours"]["subject"] == "Staff meeting cancelled"
    assert body["conflict"]["theirs"]["subject"] == "Staff meeting moved to Tuesday"
    assert body["conflict"]["theirs"]["change_key"] == saved["change_key"]
    assert outlook.get_draft(loaded["id"]).subject == "Staff meeting moved to Tuesday"

    # With the change_key the first save returned, the next save goes through.
    third = api.post("drafts", json={"draft": {**saved, "subject": "Staff meeting cancelled"}})
    assert third.status_code == 200, third.text
    assert outlook.get_draft(loaded["id"]).subject == "Staff meeting cancelled"


def test_save_after_an_outlook_edit_is_refused_and_the_outlook_edit_stays(api, loaded, outlook):
    current = outlook.get_draft(loaded["id"])
    outlook_html = current.html + "<p>PS: bring the sign-in sheets.</p>"
    outlook.update_draft(current, current.replace(html=outlook_html))

    r = api.post("drafts", json={"draft": {**loaded, "subject": "Staff meeting: new room"}})
    assert r.status_code == 409, r.text
    conflict = r.json()["conflict"]
    assert "bring the sign-in sheets" in conflict["theirs"]["html"]
    assert "bring the sign-in sheets" not in conflict["yours"]["html"]
    assert conflict["yours"]["subject"] == "Staff meeting: new room"
    on_server = outlook.get_draft(loaded["id"])
    assert "bring the sign-in sheets" in on_server.html
    assert on_server.subject == "Staff meeting on Monday"

    # "Keep mine": the same edit, now carrying their version, replaces it deliberately.
    keep_mine = {**loaded, "subject": "Staff meeting: new room", "change_key": conflict["theirs"]["change_key"]}
    r = api.post("drafts", json={"draft": keep_mine})
    assert r.status_code == 200, r.text
    assert outlook.get_draft(loaded["id"]).subject == "Staff meeting: new room"


def test_send_with_a_stale_version_is_refused_and_nothing_is_sent(api, loaded, outlook):
    current = outlook.get_draft(loaded["id"])
    outlook.update_draft(current, current.replace(subject="Staff meeting on Monday (room 12)"))
    before = sent_subjects(outlook)

    r = api.post("send", json={"draft": loaded, "override": True})
    assert r.status_code == 409, r.text
    assert r.json()["conflict"]["theirs"]["subject"] == "Staff meeting on Monday (room 12)"
    assert sent_subjects(outlook) == before
    assert outlook.get_draft(loaded["id"]).subject == "Staff meeting on Monday (room 12)"  # still a draft

    # The version on the server now can be sent.
    theirs = r.json()["conflict"]["theirs"]
    r = api.post("send", json={"draft": theirs, "override": True})
    assert r.status_code == 200, r.text
    assert sent_subjects(outlook).count("Staff meeting on Monday (room 12)") == before.count(
        "Staff meeting on Monday (room 12)") + 1


@pytest.mark.parametrize("path", ["drafts", "send"])
def test_a_write_to_a_stored_draft_without_its_version_is_a_400(api, loaded, outlook, path):
    mine = {k: v for k, v in loaded.items() if k != "change_key"}
    r = api.post(path, json={"draft": {**mine, "subject": "No version"}, "override": True})
    assert r.status_code == 400, r.text
    assert "change_key" in r.json()["error"]
    assert outlook.get_draft(loaded["id"]).subject == "Staff meeting on Monday"


def test_a_save_whose_answer_is_lost_returns_the_version_the_server_holds(api, loaded, outlook, tls_emulator):
    # The server applies the UpdateItem, then the connection drops before its answer.
    tls_emulator.faults.drop_after_commit(count=1, operation="UpdateItem")
    r = api.post("drafts", json={"draft": {**loaded, "subject": "Staff meeting: agenda attached"}})
    assert tls_emulator.faults.fired["drop_after_commit"] == 1
    assert r.status_code == 200, r.text
    on_server = outlook.get_draft(loaded["id"])
    assert on_server.subject == "Staff meeting: agenda attached"
    assert r.json()["draft"]["change_key"] == on_server.change_key


def test_a_server_fix_whose_answer_is_lost_reports_the_fix_the_server_holds(api, outlook, tls_emulator):
    target = next(d for d in api.get("drafts").json()["drafts"] if "EM501" in d["codes"])
    tls_emulator.faults.drop_after_commit(count=1, operation="UpdateItem")
    r = api.post(f"drafts/{enc(target['id'])}/fix", json={"fixes": ["notice"]})
    assert tls_emulator.faults.fired["drop_after_commit"] == 1
    assert r.status_code == 200, r.text
    result = r.json()
    # Before: changes=[] and an unchanged diff ("nothing to fix") although the notice was saved.
    assert result["saved"] is True and result["changes"] and result["diff"]["changed"]
    assert "EM501" not in {h["code"] for h in result["hints"]}
    on_server = outlook.get_draft(target["id"])
    assert "CONFIDENTIALITY NOTICE" in (on_server.html or on_server.text)
    assert result["draft"]["change_key"] == on_server.change_key


def test_a_previewed_fix_is_not_applied_to_a_version_the_user_did_not_see(api, loaded, outlook):
    # The Drafts page previews an unsafe fix on the version it loaded...
    preview = api.post(f"drafts/{enc(loaded['id'])}/fix", json={"fixes": ["caps"], "dry_run": True})
    assert preview.status_code == 200, preview.text
    seen = preview.json()["draft"]["change_key"]
    assert seen == loaded["change_key"]
    # ...Outlook autosaves an edit meanwhile...
    current = outlook.get_draft(loaded["id"])
    outlook.update_draft(current, current.replace(subject="STAFF MEETING MOVED TO THE GYM"))
    # ...and the approved fix, sent with the version previewed, writes nothing.
    r = api.post(f"drafts/{enc(loaded['id'])}/fix", json={"fixes": ["caps"], "change_key": seen})
    assert r.status_code == 409, r.text
    assert r.json()["conflict"]["theirs"]["subject"] == "STAFF MEETING MOVED TO THE GYM"
    assert outlook.get_draft(loaded["id"]).subject == "STAFF MEETING MOVED TO THE GYM"
    # With the version the server holds now, the same fix goes through.
    now = api.get(f"drafts/{enc(loaded['id'])}").json()["draft"]["change_key"]
    r = api.post(f"drafts/{enc(loaded['id'])}/fix", json={"fixes": ["caps"], "change_key": now})
    assert r.status_code == 200, r.text
    assert outlook.get_draft(loaded["id"]).subject == "Staff meeting moved to the gym"
