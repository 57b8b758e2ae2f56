"""Server misbehaviour: throttling, 503s, dropped connections, wrong passwords."""

from __future__ import annotations

import time

import pytest

from assistant.mail.errors import AuthError, ServerError


def gaps(emulator, operation: str) -> list[float]:
    times = [t for t, _, _ in emulator.requests(operation)]
    return [b - a for a, b in zip(times, times[1:])]


def test_throttling_back_off_is_waited_out(emulator, backend):
    backend.test()  # connect first, so only FindItem is throttled
    emulator.reset_stats()
    emulator.faults.server_busy(count=2, back_off_ms=400, operation="FindItem")
    drafts = backend.list_drafts()
    assert len(drafts) == 7
    assert emulator.faults.fired["busy"] == 2
    # The client honoured BackOffMilliseconds before each retry.
    assert len(gaps(emulator, "FindItem")) == 2
    assert all(g >= 0.38 for g in gaps(emulator, "FindItem"))


def test_http_503_is_retried(emulator, backend):
    backend.test()
    emulator.reset_stats()
    emulator.faults.http_503(count=2, retry_after=1, operation="FindItem")
    emulator.faults.http_503(count=1, operation="GetItem")  # no Retry-After: the client's own back-off
    assert len(backend.list_drafts()) == 7
    assert emulator.faults.fired["503"] == 3
    assert len(emulator.requests("FindItem")) == 3 and len(emulator.requests("GetItem")) == 2


def test_dropped_connection_is_retried_for_reads(emulator, backend, draft_by_subject):
    d = draft_by_subject(backend, "question")
    emulator.reset_stats()
    emulator.faults.drop_connection(count=1, operation="GetItem")
    assert backend.get_draft(d.id).subject == "question"
    assert emulator.faults.fired["drop"] == 1 and len(emulator.requests("GetItem")) == 2


def test_endless_throttling_gives_up_within_the_budget(emulator):
    b = emulator.backend(max_total_wait=1.5)
    try:
        b.test()
        emulator.faults.server_busy(count=50, back_off_ms=600, operation="FindItem")
        with pytest.raises(ServerError, match="too busy"):
            b.list_drafts()
        assert emulator.faults.fired["busy"] <= 4
    finally:
        b.close()


def test_wrong_password_fails_clearly_and_fast(emulator):
    b = emulator.backend(password="not-the-password")
    started = time.monotonic()
    try:
        with pytest.raises(AuthError, match="refused the user name or password"):
            b.list_drafts()
    finally:
        b.close()
    assert time.monotonic() - started < 5  # not exchangelib's hour of 401 retries
    assert emulator.stats.get("401", 0) <= 2


def test_unreachable_server_is_a_clear_error(emulator):
    from assistant.mail.accounts import AccountSettings
    from assistant.mail.ews import EwsBackend

    emulator.stop()
    b = EwsBackend(AccountSettings(email=emulator.email, server=emulator.url, auth="basic"),
                   password=emulator.password, retry_wait=0.1, timeout=2)
    with pytest.raises(ServerError, match=r"^cannot reach http://127\.0\.0\.1:\d+/EWS/Exchange\.asmx \(connection refused"):
        b.list_drafts()


def test_https_with_the_servers_own_ca():
    from dataclasses import replace

    from emulators.ews import start_emulator
    from assistant.mail.ews import EwsBackend

    with start_emulator(seed="demo", tls=True) as handle:
        assert handle.url.startswith("https://127.0.0.1:")
        with handle.backend() as b:
            assert len(b.list_drafts()) == 7
        untrusted = EwsBackend(replace(handle.settings(), ca_file=None), password=handle.password, retry_wait=0.1)
        with pytest.raises(ServerError, match="certificate is not trusted"):
            untrusted.list_drafts()


def test_a_long_scan_resumes_after_a_dropped_connection(emulator, backend):
    from datetime import datetime, timedelta, timezone

    start = datetime(2027, 3, 1, tzinfo=timezone.utc)
    emulator.store.bulk_add(emulator.store.folder_id("inbox"), (
        {"subject": f"m{i}", "received": start + timedelta(minutes=i)} for i in range(2500)))
    backend.test()
    emulator.reset_stats()
    emulator.faults.drop_connection(count=1, operation="FindItem", after=1)  # the second page
    subjects = [i.subject for i in backend.iter_items("inbox", fields=("subject",), since=start)]
    assert subjects == [f"m{i}" for i in range(2499, -1, -1)]  # every item once, in order
    assert emulator.faults.fired["drop"] == 1
    offsets = [b.split(b'Offset="')[1].split(b'"')[0] for _, _, b in emulator.requests("FindItem")]
    assert offsets == [b"0", b"1000", b"1000", b"2000"]


def _soap(body: str) -> bytes:
    from emulators.ews.soap import M_NS, SOAP_NS, T_NS

    return (f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP_NS}" xmlns:m="{M_NS}" '
            f'xmlns:t="{T_NS}"><s:Body>{body}</s:Body></s:Envelope>').encode()


def test_drop_after_commit_applies_the_write_and_loses_its_answer(emulator):
    import requests

    drafts = emulator.store.folder_id("drafts")
    item_id, ck = emulator.store.add_item(drafts, {"subject": "before", "is_draft": True})
    update = _soap(
        f'<m:UpdateItem ConflictResolution="NeverOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges>'
        f'<t:ItemChange><t:ItemId Id="{item_id}" ChangeKey="{ck}"/><t:Updates><t:SetItemField>'
        '<t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>after</t:Subject></t:Message>'
        "</t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>")
    create = _soap(
        '<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="drafts"/>'
        "</m:SavedItemFolderId><m:Items><t:Message><t:Subject>created</t:Subject></t:Message></m:Items></m:CreateItem>")
    auth = (emulator.username, emulator.password)
    emulator.faults.drop_after_commit(count=1, operation="UpdateItem")
    emulator.faults.drop_after_commit(count=1, operation="CreateItem")
    before = len(emulator.store.item_ids_in(drafts))
    for data in (update, create):
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.post(emulator.url, data=data, auth=auth, timeout=10)
    assert emulator.faults.fired["drop_after_commit"] == 2
    # Both writes landed although no answer came back.
    assert emulator.store.get_item(item_id)["subject"] == "after"
    assert len(emulator.store.item_ids_in(drafts)) == before + 1
    # The faults are used up: the next write is answered.
    again = requests.post(emulator.url, data=create, auth=auth, timeout=10)
    assert again.status_code == 200 and b'ResponseClass="Success"' in again.content


def test_drop_after_commit_can_let_requests_through_first(emulator, backend):
    backend.test()
    emulator.faults.drop_after_commit(count=1, operation="FindItem", after=1)
    assert len(backend.list_drafts()) == 7  # the first FindItem is answered
    assert emulator.faults.fired["drop_after_commit"] == 0
    assert len(backend.list_drafts()) == 7  # a read: the backend retries the lost answer
    assert emulator.faults.fired["drop_after_commit"] == 1
