"""The API in-process (Starlette TestClient) against the demo mailbox in the EWS emulator."""

from __future__ import annotations

import pytest

from assistant.config import load_config
from assistant.core.check import check
from assistant.core.content import parse
from assistant.core.model import Draft
from assistant.mail.drafts import with_group_sizes
from assistant.policy import default_policy

NOTICE_START = "CONFIDENTIALITY NOTICE: This electronic mail transmission"

SIGNED_HTML = (
    "<p>Hello families,</p><p>The field trip to the science museum is on Friday. "
    "Please return the permission slip by Wednesday.</p>"
    "<p>Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary<br>Phone: (925) 555-0114</p>"
)


def test_check_flags_all_caps_subject_on_the_subject_field(client):
    r = client.post("/api/check", json={"draft": {"subject": "PLEASE READ THE NEW SCHEDULE", "to": ["a@mdusd.org"], "html": SIGNED_HTML}})
    assert r.status_code == 200
    body = r.json()
    caps = [h for h in body["hints"] if h["code"] == "EM804"]
    assert caps and caps[0]["field"] == "subject"
    assert caps[0]["citation"].startswith("BP 1114")
    assert body["counts"]["error"] == sum(h["severity"] == "error" for h in body["hints"])
    # The same draft in sentence case has no EM804.
    r = client.post("/api/check", json={"draft": {"subject": "Please read the new schedule", "to": ["a@mdusd.org"], "html": SIGNED_HTML}})
    assert "EM804" not in {h["code"] for h in r.json()["hints"]}


def test_check_with_a_severity_floor_runs_only_the_rules_that_can_reach_it(client):
    # EM601 (advice: over 250 words) and EM501 (error: no notice) on one draft.
    draft = {"subject": "Field trip on Friday", "to": ["a@example.net"], "text": "Hello families. " + "The trip is on Friday. " * 60}
    full = client.post("/api/check", json={"draft": draft}).json()["hints"]
    assert {"EM601", "EM501"} <= {h["code"] for h in full}
    sending = client.post("/api/check", json={"draft": draft, "severity": "warning"}).json()["hints"]
    # What decides a send is unchanged; only the advice is left out.
    assert sending == [h for h in full if h["severity"] != "info"]
    r = client.post("/api/check", json={"draft": draft, "severity": "loud"})
    assert r.status_code == 400 and '"severity"' in r.json()["error"]


def test_check_hints_carry_excerpts_of_the_new_text(client):
    html = SIGNED_HTML.replace("Please return", "PLEASE RETURN THE SIGNED SLIP NOW. Please return")
    r = client.post("/api/check", json={"draft": {"subject": "Field trip permission slips", "to": ["a@mdusd.org"], "html": html}})
    body_caps = [h for h in r.json()["hints"] if h["code"] == "EM804" and h["field"] == "body"]
    assert body_caps
    new_text = parse(Draft.from_json({"html": html})).new_text
    for h in body_caps:
        for (start, end), excerpt in zip(h["spans"], h["excerpts"]):
            assert new_text[start:end] == excerpt
        assert "PLEASE RETURN" in " ".join(h["excerpts"])


@pytest.mark.parametrize(
    "payload, needle",
    [
        ({"draft": {"subject": 5}}, "subject"),
        ({"draft": {"colour": "red"}}, "unknown draft field"),
        ({"draft": {"to": "a@b.org"}}, "'to' must be a list"),
        ({"nothing": 1}, "draft"),
        ([1, 2], "draft"),
    ],
)
def test_check_rejects_bad_drafts_with_a_clear_message(client, payload, needle):
    r = client.post("/api/check", json=payload)
    assert r.status_code == 400
    assert needle in r.json()["error"]


def test_bad_json_and_oversized_bodies_are_refused(client):
    r = client.post("/api/check", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]
    big = b'{"draft": {"text": "' + b"a" * (33 * 1024 * 1024) + b'"}}'
    r = client.post("/api/check", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_a_large_draft_gets_a_best_effort_check(client):
    text = ("Please bring the signed forms to the office by Friday. " * 40 + "\n\n") * 500  # ~1.1 MB
    r = client.post("/api/check", json={"draft": {"subject": "Forms due Friday for the trip", "text": text, "to": ["a@mdusd.org"]}})
    assert r.status_code == 200
    assert "EM601" in {h["code"] for h in r.json()["hints"]}


def test_fix_notice_puts_it_beneath_the_signature_and_returns_a_diff(client):
    draft = {"subject": "Field trip permission slips", "to": ["parent@example.com"], "html": SIGNED_HTML}
    before = client.post("/api/check", json={"draft": draft}).json()
    assert "EM501" in {h["code"] for h in before["hints"]}
    r = client.post("/api/fix", json={"draft": draft, "fixes": ["notice"]})
    assert r.status_code == 200
    out = r.json()
    new = Draft.from_json(out["draft"])
    text = parse(new).new_text
    assert text.index("Phone: (925) 555-0114") < text.index(NOTICE_START)
    assert "EM501" not in {h["code"] for h in out["hints"]}
    inserted = [line["text"] for line in out["diff"]["lines"] if line["op"] == "insert"]
    assert any(NOTICE_START in t for t in inserted)
    assert not [line for line in out["diff"]["lines"] if line["op"] == "delete"]  # safe: no word lost
    assert out["changes"] and out["changes"][0]["fix"] == "notice"
    # Idempotent through the API too.
    again = client.post("/api/fix", json={"draft": out["draft"], "fixes": ["notice"]}).json()
    assert again["draft"]["html"] == out["draft"]["html"] and not again["diff"]["changed"]


def test_unsafe_fix_diff_shows_the_changed_words(client):
    draft = {"subject": "Schedule", "to": ["a@mdusd.org"], "html": "<p>THE LIBRARY WILL BE CLOSED ON MONDAY FOR INVENTORY.</p>" + SIGNED_HTML}
    out = client.post("/api/fix", json={"draft": draft, "fixes": ["caps"]}).json()
    deleted = " ".join(line["text"] for line in out["diff"]["lines"] if line["op"] == "delete")
    inserted = " ".join(line["text"] for line in out["diff"]["lines"] if line["op"] == "insert")
    assert "THE LIBRARY WILL BE CLOSED" in deleted
    assert "The library will be closed" in inserted


@pytest.mark.parametrize("fixes", [[], "notice", ["no-such-fix"], [""]])
def test_fix_rejects_bad_fix_lists(client, fixes):
    r = client.post("/api/fix", json={"draft": {"text": "hi"}, "fixes": fixes})
    assert r.status_code == 400
    assert r.json()["error"]


def test_drafts_lists_the_demo_mailbox_with_the_checkers_counts(client, emulator):
    r = client.get("/api/drafts")
    assert r.status_code == 200
    listed = {d["id"]: d for d in r.json()["drafts"]}
    backend = emulator.backend()
    try:
        # Distribution lists count by their members, as the `drafts` command counts them.
        server_drafts = with_group_sizes(backend, backend.list_drafts())
    finally:
        backend.close()
    assert len(listed) == len(server_drafts) >= 5
    # The forwarded chain letter goes to a distribution list: its members make EM401 fire.
    assert any("EM401" in listed[d.id]["codes"] and sum(r.count for r in d.visible_recipients) > len(d.visible_recipients) for d in server_drafts)
    policy = default_policy()
    for d in server_drafts:
        hints = check(d, policy)
        expected = {s: sum(h.severity.value == s for h in hints) for s in ("error", "warning", "info")}
        assert listed[d.id]["counts"] == expected, d.subject
        assert listed[d.id]["subject"] == d.subject
    # The demo has both kinds: drafts needing fixes and a clean one.
    assert any(d["counts"]["error"] for d in listed.values())
    assert any(not any(d["counts"].values()) for d in listed.values())


def test_get_draft_sanitises_html_but_keeps_the_words(client, emulator):
    backend = emulator.backend()
    try:
        created = backend.create_draft(
            Draft(
                subject="Picture day reminder",
                to=(),
                html='<p>Picture day is <b>Tuesday</b>.</p><script>document.title="PWNED"</script>'
                '<img src="x" onerror="document.title=\'PWNED\'"><a href="javascript:alert(1)">link</a>',
            )
        )
    finally:
        backend.close()
    r = client.get(f"/api/drafts/{created.id}")
    assert r.status_code == 200
    html = r.json()["draft"]["html"]
    low = html.lower()
    assert "<script" not in low and "onerror" not in low and "javascript:" not in low
    assert "Picture day is <b>Tuesday</b>." in html


def test_fix_server_draft_saves_and_dry_run_does_not(client, emulator):
    drafts = client.get("/api/drafts").json()["drafts"]
    target = next(d for d in drafts if "EM501" in d["codes"])
    backend = emulator.backend()
    try:
        original = backend.get_draft(target["id"])
        preview = client.post(f"/api/drafts/{target['id']}/fix", json={"fixes": ["notice"], "dry_run": True}).json()
        assert preview["saved"] is False and preview["diff"]["changed"]
        assert backend.get_draft(target["id"]).change_key == original.change_key
        r = client.post(f"/api/drafts/{target['id']}/fix", json={"fixes": ["notice"]})
        assert r.status_code == 200 and r.json()["saved"] is True
        stored = backend.get_draft(target["id"])
    finally:
        backend.close()
    assert stored.change_key != original.change_key
    assert NOTICE_START in parse(stored).new_text
    assert "EM501" not in {h.code for h in check(stored, default_policy())}
    listed = {d["id"]: d for d in client.get("/api/drafts").json()["drafts"]}
    assert "EM501" not in listed[target["id"]]["codes"]


def test_unknown_draft_is_a_404(client):
    r = client.get("/api/drafts/QUFNa0FEAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert r.status_code == 404, r.text
    assert r.json()["error"]


def test_save_creates_a_draft_then_updates_it(client, emulator):
    draft = {"subject": "Staff meeting agenda for Monday", "to": [{"address": "staff@mdusd.org", "name": "Staff"}], "html": SIGNED_HTML}
    r = client.post("/api/drafts", json={"draft": draft})
    assert r.status_code == 200, r.text
    saved = r.json()["draft"]
    assert saved["id"] and saved["change_key"]
    # An update must say which version it edits (the change_key the save returned).
    no_version = client.post("/api/drafts", json={"draft": {**draft, "id": saved["id"], "subject": "x"}})
    assert no_version.status_code == 400 and "change_key" in no_version.json()["error"]
    edit = {**draft, "id": saved["id"], "change_key": saved["change_key"], "subject": "Staff meeting agenda for Tuesday"}
    saved_again = client.post("/api/drafts", json={"draft": edit})
    assert saved_again.status_code == 200, saved_again.text
    subjects = [d["subject"] for d in client.get("/api/drafts").json()["drafts"]]
    assert "Staff meeting agenda for Tuesday" in subjects
    assert "Staff meeting agenda for Monday" not in subjects


def test_send_refuses_drafts_with_errors_and_sends_fixed_ones(client, emulator):
    draft = {"subject": "Field trip permission slips", "to": ["parent@example.com"], "html": SIGNED_HTML}
    r = client.post("/api/send", json={"draft": draft})
    assert r.status_code == 409 and "EM501" in r.json()["error"]
    fixed = client.post("/api/fix", json={"draft": draft, "fixes": ["notice"]}).json()["draft"]
    r = client.post("/api/send", json={"draft": fixed})
    assert r.status_code == 200, r.text
    backend = emulator.backend()
    try:
        sent = [i.subject for i in backend.iter_items(folder="sentitems", fields=("subject",))]
    finally:
        backend.close()
    assert "Field trip permission slips" in sent
    assert client.post("/api/send", json={"draft": {"subject": "x"}}).status_code == 400


def test_rules_have_docs_with_policy_citations(client):
    rules = client.get("/api/rules").json()["rules"]
    codes = [r["code"] for r in rules]
    assert len(codes) == len(set(codes)) >= 21
    assert {"EM501", "EM804", "CF101"} <= set(codes)
    for r in rules:
        assert r["docs"].get("Policy"), r["code"]
        assert r["severity"] in ("error", "warning", "info")


def test_signature_preview_save_and_validation(client):
    fields = {"name": "Sam Ortiz", "title": "Principal", "school": "Cedar Park Middle", "phone": "925-555-0199", "email": "ortizs@mdusd.org"}
    r = client.post("/api/signature/preview", json={"fields": fields})
    assert r.status_code == 200 and "Sam Ortiz" in r.json()["html"] and r.json()["complete"]
    assert "signature" not in load_config()  # a preview saves nothing
    loaded = client.get("/api/config").json()["signature"]["version"]
    assert client.put("/api/signature", json={"fields": fields}).status_code == 400  # a save carries its version
    r = client.put("/api/signature", json={"fields": fields, "version": loaded})
    assert r.status_code == 200
    assert load_config()["signature"]["name"] == "Sam Ortiz"
    cfg = client.get("/api/config").json()
    assert cfg["signature"]["fields"]["title"] == "Principal" and cfg["signature"]["version"] == r.json()["version"]
    assert cfg["account"]["label"].endswith("(demo mailbox)")
    # A save from the version loaded before the first save is stale: 409, nothing written.
    stale = client.put("/api/signature", json={"fields": {**fields, "title": "Teacher"}, "version": loaded})
    assert stale.status_code == 409 and load_config()["signature"]["title"] == "Principal"
    bad = client.put("/api/signature", json={"fields": {**fields, "email": "not an address"}, "version": r.json()["version"]})
    assert bad.status_code == 400 and "email" in bad.json()["error"]
    assert load_config()["signature"]["email"] == "ortizs@mdusd.org"  # unchanged


def test_signature_defaults_come_from_the_directory(client, emulator):
    cfg = client.get("/api/config").json()
    # Nothing configured: the demo owner's directory entry fills the form.
    assert cfg["signature"]["fields"]["name"] == "Maria Delgado"


def test_unknown_endpoint_and_bad_summary_week_answer_json(client):
    r = client.get("/api/nope")
    assert r.status_code == 404 and "nope" in r.json()["error"]
    r = client.get("/api/summary", params={"week": "last tuesday"})
    assert r.status_code == 400 and "week" in r.json()["error"].lower()


def test_mail_errors_become_clear_answers(tmp_path):
    from starlette.testclient import TestClient

    from assistant.mail import MailConfigError
    from assistant.server.app import Settings, create_app
    from assistant.server.service import Companion

    def no_account():
        raise MailConfigError("no mail account is configured: run 'mail-assistant account setup'")

    app = create_app(Settings(port=8431, token="k" * 43, companion=Companion(backend_factory=no_account)))
    with TestClient(app, base_url="https://127.0.0.1:8431", headers={"Authorization": "Bearer " + "k" * 43}) as c:
        r = c.get("/api/drafts")
        assert r.status_code == 409 and "account setup" in r.json()["error"]
        # Checking still works without a mailbox.
        assert c.post("/api/check", json={"draft": {"text": "hello"}}).status_code == 200


def test_grammar_unavailable_never_breaks_checking(companion):
    import socket

    from starlette.testclient import TestClient

    from assistant.server.app import Settings, create_app

    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    companion.grammar_url = f"http://127.0.0.1:{dead}"
    app = create_app(Settings(port=8431, token="k" * 43, companion=companion))
    with TestClient(app, base_url="https://127.0.0.1:8431", headers={"Authorization": "Bearer " + "k" * 43}) as c:
        r = c.post("/api/grammar", json={"draft": {"text": "Their going to the libary."}})
        assert r.status_code == 200 and r.json()["status"] == "unavailable" and r.json()["error"]
        assert c.post("/api/check", json={"draft": {"subject": "ALL CAPS SUBJECT LINE HERE", "text": "hi"}}).status_code == 200


@pytest.mark.languagetool
def test_grammar_hints_from_a_real_languagetool(companion, languagetool_url):
    from starlette.testclient import TestClient

    from assistant.server.app import Settings, create_app

    companion.grammar_url = languagetool_url
    app = create_app(Settings(port=8431, token="k" * 43, companion=companion))
    with TestClient(app, base_url="https://127.0.0.1:8431", headers={"Authorization": "Bearer " + "k" * 43}) as c:
        text = "Please bring the permision slip tomorow."
        r = c.post("/api/grammar", json={"draft": {"text": text}})
        body = r.json()
        assert r.status_code == 200 and body["status"] == "ok", body
        words = {e for h in body["hints"] for e in h["excerpts"]}
        assert {"permision", "tomorow"} <= words
        assert all(h["code"].startswith("GR") for h in body["hints"])
