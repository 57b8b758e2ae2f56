"""DavMail, an EWS client nobody here wrote, against the EWS emulator.

DavMail (Debian's ``davmail-server``, Java) runs as an IMAP gateway in front of the
emulator; Python's imaplib then logs in (the e-mail address, and ``DOMAIN\\user``),
lists folders, selects the Inbox, fetches a message and appends one to Drafts, and
the emulator's store shows each step. Without DavMail installed these are skipped,
except under CI=true, where a missing DavMail fails the run.

The first part checks on the wire, with plain HTTP, the Exchange behaviour DavMail
relies on (so it runs everywhere): ConvertId giving the mailbox of an id, the
Calendar/Contacts/Tasks folders, extended properties in shapes, sort orders and
restrictions (PR_INTERNET_ARTICLE_NUMBER is DavMail's IMAP UID), MimeContent both
ways, and Basic logons as ``DOMAIN\\user``.
"""

from __future__ import annotations

import base64
import email
import email.policy
import imaplib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests
from lxml import etree

from emulators.ews import EmulatorHandle
from emulators.ews.soap import M_NS, SOAP_NS, T_NS

M, T = f"{{{M_NS}}}", f"{{{T_NS}}}"
DAVMAIL_JAR = Path("/usr/share/davmail/davmail.jar")  # where Debian's davmail packages put it


def envelope(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP_NS}" xmlns:m="{M_NS}" '
            f'xmlns:t="{T_NS}"><s:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></s:Header>'
            f'<s:Body>{body}</s:Body></s:Envelope>').encode()


def call(emulator: EmulatorHandle, body: str, user: str | None = None) -> etree._Element:
    r = requests.post(emulator.url, data=envelope(body), auth=(user or emulator.username, emulator.password),
                      headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=10)
    assert r.status_code == 200, r.text
    return etree.fromstring(r.content)


def response_codes(root: etree._Element) -> list[str]:
    return [m.findtext(f"{M}ResponseCode") for m in root.iter() if str(m.tag).endswith("ResponseMessage")]


# -- the Exchange behaviour DavMail relies on -----------------------------------------------

def test_convert_id_answers_the_mailbox_of_a_folder_id(emulator):
    root_id = emulator.store.folder_id("root")
    answer = call(emulator, '<m:ConvertId DestinationFormat="EwsId"><m:SourceIds>'
                            f'<t:AlternateId Format="EwsId" Id="{root_id}" Mailbox="blah@blah.com"/>'
                            '</m:SourceIds></m:ConvertId>')
    alt = answer.find(f".//{M}AlternateId")
    assert alt.get("Mailbox") == emulator.email and alt.get("Id") == root_id  # the owner, not what was sent
    # HexEntryId and back: the same id again.
    hexed = call(emulator, '<m:ConvertId DestinationFormat="HexEntryId"><m:SourceIds>'
                           f'<t:AlternateId Format="EwsId" Id="{root_id}" Mailbox="{emulator.email}"/>'
                           '</m:SourceIds></m:ConvertId>').find(f".//{M}AlternateId").get("Id")
    back = call(emulator, '<m:ConvertId DestinationFormat="EwsId"><m:SourceIds>'
                          f'<t:AlternateId Format="HexEntryId" Id="{hexed}" Mailbox="{emulator.email}"/>'
                          '</m:SourceIds></m:ConvertId>').find(f".//{M}AlternateId").get("Id")
    assert back == root_id and hexed != root_id
    bad = call(emulator, '<m:ConvertId DestinationFormat="EwsId"><m:SourceIds>'
                         '<t:AlternateId Format="EwsId" Id="DUMMY" Mailbox="DUMMY"/></m:SourceIds></m:ConvertId>')
    assert response_codes(bad) == ["ErrorInvalidIdMalformed"]


def test_calendar_contacts_and_tasks_folders_exist(emulator):
    answer = call(emulator, '<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>'
                            '<m:FolderIds><t:DistinguishedFolderId Id="calendar"/><t:DistinguishedFolderId '
                            'Id="contacts"/><t:DistinguishedFolderId Id="tasks"/></m:FolderIds></m:GetFolder>')
    assert response_codes(answer) == ["NoError"] * 3
    kinds = [e.tag.replace(T, "") for e in answer.iter(f"{T}CalendarFolder", f"{T}ContactsFolder", f"{T}TasksFolder")]
    assert kinds == ["CalendarFolder", "ContactsFolder", "TasksFolder"]
    # ...and the mail views leave them out: the backend's folder list, Graph's mailFolders.
    with emulator.backend() as backend:
        from assistant.mail import ews_sync

        names = {f["name"] for f in ews_sync.list_folders(backend)}
    assert "Inbox" in names and not names & {"Calendar", "Contacts", "Tasks"}


FIND_BY_ARTICLE = (
    '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>'
    '<t:ExtendedFieldURI PropertyTag="0x0e23" PropertyType="Integer"/>'
    '<t:ExtendedFieldURI PropertyTag="0xe07" PropertyType="Integer"/>'
    '<t:ExtendedFieldURI DistinguishedPropertySetId="Common" PropertyId="34160" PropertyType="Integer"/>'
    '<t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>'
    '<m:IndexedPageItemView MaxEntriesReturned="500" Offset="0" BasePoint="Beginning"/>{restriction}'
    '<m:SortOrder><t:FieldOrder Order="{order}"><t:ExtendedFieldURI PropertyTag="0xe23" PropertyType="Integer"/>'
    '</t:FieldOrder></m:SortOrder><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds>'
    '</m:FindItem>'
)


def articles(answer: etree._Element) -> list[tuple[int, int, str]]:
    """(article number, message flags, subject) of each message found."""
    out = []
    for msg in answer.iter(f"{T}Message"):
        props = {p.find(f"{T}ExtendedFieldURI").get("PropertyTag"): int(p.findtext(f"{T}Value"))
                 for p in msg.iter(f"{T}ExtendedProperty")}
        assert set(props) == {"0xe23", "0xe07"}  # Exchange's spelling; the unset named property is left out
        out.append((props["0xe23"], props["0xe07"], msg.findtext(f"{T}Subject")))
    return out


def test_find_item_sorts_and_restricts_on_extended_properties(emulator):
    up = articles(call(emulator, FIND_BY_ARTICLE.format(order="Ascending", restriction="")))
    inbox = emulator.store.item_ids_in(emulator.store.folder_id("inbox"))
    assert len(up) == len(inbox) and [a for a, _, _ in up] == sorted({a for a, _, _ in up})
    down = articles(call(emulator, FIND_BY_ARTICLE.format(order="Descending", restriction="")))
    assert down == up[::-1]
    unread = {s for _, flags, s in up if not flags & 1}  # MSGFLAG_READ
    assert unread and len(unread) < len(up)
    newer = up[len(up) // 2][0]
    only = articles(call(emulator, FIND_BY_ARTICLE.format(order="Ascending", restriction=(
        '<m:Restriction><t:IsGreaterThan><t:ExtendedFieldURI PropertyTag="0xe23" PropertyType="Integer"/>'
        f'<t:FieldURIOrConstant><t:Constant Value="{newer}"/></t:FieldURIOrConstant></t:IsGreaterThan>'
        '</m:Restriction>'))))
    assert only == [r for r in up if r[0] > newer]


def test_extended_properties_and_mime_content_round_trip(emulator):
    mime = (b"From: Maria Delgado <delgadom@mdusd.org>\r\nTo: Chidi Okafor <okaforc@mdusd.org>\r\n"
            b"Subject: Appended by an IMAP client\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"\r\nThe field trip forms are due Friday.\r\n")
    created = call(emulator, (
        '<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="inbox"/>'
        f'</m:SavedItemFolderId><m:Items><t:Message><t:MimeContent>{base64.b64encode(mime).decode()}</t:MimeContent>'
        '<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0xe07" PropertyType="Integer"/><t:Value>1</t:Value>'
        '</t:ExtendedProperty><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/>'
        '<t:Value>appended.EML</t:Value></t:ExtendedProperty></t:Message></m:Items></m:CreateItem>'))
    item_id = created.find(f".//{T}ItemId").get("Id")
    row = emulator.store.get_item(item_id)
    assert row["subject"] == "Appended by an IMAP client" and "forms are due Friday" in row["body"]
    assert row["is_read"] == 1 and row["is_draft"] == 0  # PR_MESSAGE_FLAGS said: read, not unsent
    got = call(emulator, (
        '<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>'
        '<t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/>'
        '</t:AdditionalProperties></m:ItemShape>'
        f'<m:ItemIds><t:ItemId Id="{item_id}"/></m:ItemIds></m:GetItem>'))
    assert base64.b64decode(got.findtext(f".//{T}MimeContent")) == mime  # as it was created
    assert got.findtext(f".//{T}ExtendedProperty/{T}Value") == "appended.EML"
    # A changed subject: the MIME is rebuilt from the properties.
    call(emulator, (
        '<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges>'
        f'<t:ItemChange><t:ItemId Id="{item_id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/>'
        '<t:Message><t:Subject>Renamed</t:Subject></t:Message></t:SetItemField><t:DeleteItemField>'
        '<t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/></t:DeleteItemField></t:Updates>'
        '</t:ItemChange></m:ItemChanges></m:UpdateItem>'))
    again = call(emulator, (
        '<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>'
        '<t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/>'
        '</t:AdditionalProperties></m:ItemShape>'
        f'<m:ItemIds><t:ItemId Id="{item_id}"/></m:ItemIds></m:GetItem>'))
    rebuilt = email.message_from_bytes(base64.b64decode(again.findtext(f".//{T}MimeContent")),
                                       policy=email.policy.default)
    assert rebuilt["Subject"] == "Renamed" and "forms are due Friday" in rebuilt.get_content()
    assert again.find(f".//{T}ExtendedProperty") is None


def test_basic_logon_as_domain_user(emulator):
    assert emulator.domain_login == "MDUSD\\delgadom"
    for name in (emulator.domain_login, "mdusd\\DELGADOM", "mdusd.org\\delgadom", "delgadom", emulator.email):
        r = requests.post(emulator.url, data=envelope('<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly'
                                                      '</t:BaseShape></m:FolderShape><m:FolderIds>'
                                                      '<t:DistinguishedFolderId Id="inbox"/></m:FolderIds>'
                                                      '</m:GetFolder>'),
                          auth=(name, emulator.password), timeout=10)
        assert r.status_code == 200, name
    for name in ("OTHER\\delgadom", "MDUSD\\someoneelse"):
        assert requests.post(emulator.url, data=envelope(""), auth=(name, emulator.password),
                             timeout=10).status_code == 401


# -- DavMail's IMAP gateway end to end --------------------------------------------------------

def davmail_command() -> list[str]:
    """How to start DavMail in server mode; skip (fail under CI=true) when it is not installed."""
    wrapper, java = shutil.which("davmail-server"), shutil.which("java")
    if wrapper:
        return [wrapper]
    if java and DAVMAIL_JAR.exists():
        return [java, "-jar", str(DAVMAIL_JAR), "-server"]
    message = "DavMail is not installed (apt-get install davmail-server; scripts/setup.sh test installs it)"
    if os.environ.get("CI"):  # as tests/conftest.py: any value means CI
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gateway(emulator: EmulatorHandle, tmp_path: Path) -> Iterator[int]:
    """DavMail's IMAP port, in front of the emulator; only IMAP, only on 127.0.0.1."""
    command = davmail_command()
    port = free_port()
    log = tmp_path / "davmail.log"
    props = tmp_path / "davmail.properties"
    props.write_text("\n".join([
        "davmail.server=true", "davmail.mode=EWS", f"davmail.url={emulator.url}",
        f"davmail.imapPort={port}", "davmail.popPort=", "davmail.smtpPort=", "davmail.caldavPort=",
        "davmail.ldapPort=", "davmail.allowRemote=false", "davmail.bindAddress=127.0.0.1",
        "davmail.enableProxy=false", "davmail.useSystemProxies=false", "davmail.disableUpdateCheck=true",
        "davmail.enableKeepAlive=false", "davmail.showStartupBanner=false", f"davmail.logFilePath={log}",
        "log4j.rootLogger=WARN", "log4j.logger.davmail=WARN", "",
    ]))
    proc = subprocess.Popen([*command, str(props)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 60  # the JVM's start
        while True:
            if proc.poll() is not None:
                pytest.fail(f"DavMail exited ({proc.returncode}): {proc.stdout.read() if proc.stdout else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("DavMail did not open its IMAP port within 60 s")
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def imap_quoted(text: str) -> str:
    """An IMAP quoted string (RFC 3501): a backslash in it is escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_davmail_imap_login_list_select_fetch_and_append(emulator, gateway):
    with imaplib.IMAP4("127.0.0.1", gateway) as imap:
        assert imap.login(emulator.email, emulator.password)[0] == "OK"
        typ, listing = imap.list()
        assert typ == "OK"
        names = {line.decode().rsplit(' "/" ', 1)[1].strip('"') for line in listing}
        assert {"INBOX", "Drafts", "Sent", "Trash"} <= names

        typ, count = imap.select("INBOX", readonly=True)
        inbox = emulator.store.item_ids_in(emulator.store.folder_id("inbox"))
        assert typ == "OK" and int(count[0]) == len(inbox)
        # DavMail's UIDs are the items' article numbers (PR_INTERNET_ARTICLE_NUMBER).
        typ, uids = imap.uid("SEARCH", "ALL")
        rows = sorted((emulator.store.get_item(i) for i in inbox), key=lambda r: r["article"])
        assert [int(u) for u in uids[0].split()] == [r["article"] for r in rows]

        first = rows[0]
        typ, data = imap.uid("FETCH", str(first["article"]), "(BODY.PEEK[HEADER] BODY.PEEK[TEXT])")
        assert typ == "OK"
        parts = [d for d in data if isinstance(d, tuple)]
        header = email.message_from_bytes(parts[0][1], policy=email.policy.default)
        assert header["Subject"] == first["subject"]
        assert header["Message-ID"] == first["message_id"]
        message = email.message_from_bytes(parts[0][1] + parts[1][1], policy=email.policy.default)
        assert message.get_body(("html", "plain")).get_content().strip() == first["body"].strip()

        drafts_before = set(emulator.store.item_ids_in(emulator.store.folder_id("drafts")))
        note = (b"From: Maria Delgado <delgadom@mdusd.org>\r\nTo: Chidi Okafor <okaforc@mdusd.org>\r\n"
                b"Subject: Saved from an IMAP client\r\nMIME-Version: 1.0\r\n"
                b"Content-Type: text/plain; charset=utf-8\r\n\r\nThe bus leaves at 8:15.\r\n")
        typ, _ = imap.append("Drafts", "(\\Draft \\Seen)", None, note)
        assert typ == "OK"
    added = set(emulator.store.item_ids_in(emulator.store.folder_id("drafts"))) - drafts_before
    assert len(added) == 1
    draft = emulator.store.get_item(added.pop())
    assert draft["subject"] == "Saved from an IMAP client" and "The bus leaves at 8:15." in draft["body"]
    assert draft["is_draft"] == 1 and draft["is_read"] == 1
    assert emulator.stats["ConvertId"] >= 1 and emulator.stats["CreateItem"] == 1


def test_davmail_login_as_domain_user_and_refusals(emulator, gateway):
    with imaplib.IMAP4("127.0.0.1", gateway) as imap:
        assert imap.login(imap_quoted(emulator.domain_login), emulator.password)[0] == "OK"
        typ, count = imap.select("Drafts", readonly=True)
        assert typ == "OK" and int(count[0]) == 7
    for user, password in ((imap_quoted("OTHER\\delgadom"), emulator.password), (emulator.email, "wrong")):
        with imaplib.IMAP4("127.0.0.1", gateway) as imap, pytest.raises(imaplib.IMAP4.error, match="LOGIN failed"):
            imap.login(user, password)

