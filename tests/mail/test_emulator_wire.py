"""The emulator speaks EWS as Exchange does: checked on the wire with plain HTTP."""

from __future__ import annotations

import requests
from lxml import etree

from emulators.ews.soap import M_NS, SOAP_NS, T_NS

E_NS = "http://schemas.microsoft.com/exchange/services/2006/errors"


def envelope(body: str, version: str = "Exchange2016") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP_NS}" xmlns:m="{M_NS}" xmlns:t="{T_NS}">'
        f'<s:Header><t:RequestServerVersion Version="{version}"/></s:Header><s:Body>{body}</s:Body></s:Envelope>'
    ).encode()


def post(emulator, data: bytes, auth=None) -> requests.Response:
    return requests.post(emulator.url, data=data, auth=auth or (emulator.username, emulator.password),
                         headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=10)


FIND_DRAFTS = (
    '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>'
    '<t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/>{extra}</t:AdditionalProperties></m:ItemShape>'
    '<m:IndexedPageItemView MaxEntriesReturned="{size}" Offset="{offset}" BasePoint="Beginning"/>'
    '<m:ParentFolderIds><t:DistinguishedFolderId Id="drafts"/></m:ParentFolderIds></m:FindItem>'
)


def test_basic_auth_required_and_wrong_password_gets_401(emulator):
    r = requests.post(emulator.url, data=envelope(""), timeout=10)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].startswith("Basic")
    assert post(emulator, envelope(""), auth=(emulator.username, "wrong")).status_code == 401


def test_malformed_soap_gets_a_schema_validation_fault(emulator):
    r = post(emulator, b"<s:Envelope xmlns:s='x'><unclosed>")
    assert r.status_code == 500
    root = etree.fromstring(r.content)
    fault = root.find(f"{{{SOAP_NS}}}Body/{{{SOAP_NS}}}Fault")
    assert fault is not None
    assert fault.findtext(f"detail/{{{E_NS}}}ResponseCode") == "ErrorSchemaValidation"
    assert fault.find(f"detail/{{{T_NS}}}MessageXml/{{{T_NS}}}LineNumber") is not None


def test_unknown_operation_and_bad_version_are_faults(emulator):
    r = post(emulator, envelope("<m:MakeCoffee/>"))
    assert r.status_code == 500 and b"ErrorInvalidRequest" in r.content
    r = post(emulator, envelope("<m:GetFolder/>", version="Exchange2099"))
    assert r.status_code == 500 and b"ErrorInvalidServerVersion" in r.content


def test_every_response_carries_server_version_info(emulator):
    r = post(emulator, envelope(FIND_DRAFTS.format(extra="", size=2, offset=0)))
    assert r.status_code == 200
    info = etree.fromstring(r.content).find(f"{{{SOAP_NS}}}Header/{{{T_NS}}}ServerVersionInfo")
    assert info is not None and info.get("MajorVersion") == "15"


def test_find_item_pages_with_offsets(emulator):
    seen = []
    offset = 0
    while True:
        r = post(emulator, envelope(FIND_DRAFTS.format(extra="", size=3, offset=offset)))
        root = etree.fromstring(r.content)
        msg = root.find(f".//{{{M_NS}}}FindItemResponseMessage")
        assert msg.get("ResponseClass") == "Success"
        folder = msg.find(f"{{{M_NS}}}RootFolder")
        assert folder.get("TotalItemsInView") == "7"
        subjects = [m.findtext(f"{{{T_NS}}}Subject") for m in folder.iter(f"{{{T_NS}}}Message")]
        seen += subjects
        offset = int(folder.get("IndexedPagingOffset"))
        if folder.get("IncludesLastItemInRange") == "true":
            break
    assert len(seen) == len(set(seen)) == 7


def test_find_item_refuses_bodies_like_exchange(emulator):
    r = post(emulator, envelope(FIND_DRAFTS.format(extra='<t:FieldURI FieldURI="item:Body"/>', size=10, offset=0)))
    msg = etree.fromstring(r.content).find(f".//{{{M_NS}}}FindItemResponseMessage")
    assert msg.get("ResponseClass") == "Error"
    assert msg.findtext(f"{{{M_NS}}}ResponseCode") == "ErrorInvalidPropertyRequest"


def test_restriction_filters_on_the_server(emulator):
    body = (
        '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>'
        '<t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>'
        '<m:IndexedPageItemView MaxEntriesReturned="100" Offset="0" BasePoint="Beginning"/>'
        '<m:Restriction><t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase">'
        '<t:FieldURI FieldURI="item:Subject"/><t:Constant Value="warning"/></t:Contains></m:Restriction>'
        '<m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>'
    )
    root = etree.fromstring(post(emulator, envelope(body)).content)
    subjects = [m.findtext(f"{{{T_NS}}}Subject") for m in root.iter(f"{{{T_NS}}}Message")]
    assert subjects == ["FW: FW: WARNING read this now"]


def test_get_item_on_a_missing_id_is_error_item_not_found(emulator):
    body = ('<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>'
            '<m:ItemIds><t:ItemId Id="AAMkADdoesnotexist"/></m:ItemIds></m:GetItem>')
    msg = etree.fromstring(post(emulator, envelope(body)).content).find(f".//{{{M_NS}}}GetItemResponseMessage")
    assert msg.get("ResponseClass") == "Error"
    assert msg.findtext(f"{{{M_NS}}}ResponseCode") == "ErrorItemNotFound"


def test_update_with_stale_change_key_and_never_overwrite_conflicts(emulator):
    drafts = emulator.store.folder_id("drafts")
    item_id, ck = emulator.store.add_item(drafts, {"subject": "v1", "is_draft": True})
    emulator.store.update_item(item_id, {"subject": "edited elsewhere"})

    def update(resolution: str) -> etree._Element:
        body = (
            f'<m:UpdateItem ConflictResolution="{resolution}" MessageDisposition="SaveOnly"><m:ItemChanges>'
            f'<t:ItemChange><t:ItemId Id="{item_id}" ChangeKey="{ck}"/><t:Updates><t:SetItemField>'
            '<t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>mine</t:Subject></t:Message>'
            "</t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>"
        )
        return etree.fromstring(post(emulator, envelope(body)).content).find(f".//{{{M_NS}}}UpdateItemResponseMessage")

    msg = update("NeverOverwrite")
    assert msg.findtext(f"{{{M_NS}}}ResponseCode") == "ErrorIrresolvableConflict"
    assert emulator.store.get_item(item_id)["subject"] == "edited elsewhere"
    msg = update("AlwaysOverwrite")
    assert msg.findtext(f"{{{M_NS}}}ResponseCode") == "NoError"
    assert emulator.store.get_item(item_id)["subject"] == "mine"
