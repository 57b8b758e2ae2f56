"""Loaders: drafts from .eml, .msg, .html, .txt and .json, and bad input.

Every message here is built in the test (EmailMessage or raw bytes written by
hand), so each case shows exactly the MIME shape it covers. Bad input must end
in a Draft or a DraftError that says what is wrong: never another exception,
never a hang, never lost words.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from assistant.core.check import check
from assistant.core.content import parse
from assistant.core.loaders import MAX_PART_DEPTH, as_email_message, draft_from_bytes, load_path
from assistant.core.model import Attachment, ComposeType, Draft, DraftError, Recipient
from assistant.policy import default_policy

NOTICE_WORDS = default_policy().notice_words
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def message(**headers: str) -> EmailMessage:
    msg = EmailMessage()
    for k, v in headers.items():
        msg[k.replace("_", "-")] = v
    return msg


def field_trip_message() -> EmailMessage:
    msg = message(
        From="Dana Whitfield <whitfieldd@mdusd.org>",
        To="Maria Lopez <maria.lopez.family@gmail.com>, room14@mdusd.org",
        Cc="Michael Okafor <okaform@mdusd.org>",
        Subject="Field trip permission slips due Friday",
        Date=format_datetime(datetime(2026, 11, 17, 15, 42, tzinfo=timezone.utc)),
    )
    msg.set_content("Please sign the permission slip by Friday.\n")
    msg.add_alternative("<html><body><p>Please sign the <b>permission slip</b> by Friday.</p></body></html>", subtype="html")
    return msg


# -- .eml -------------------------------------------------------------------------------


def test_eml_multipart_alternative(tmp_path: Path) -> None:
    path = tmp_path / "trip.eml"
    path.write_bytes(field_trip_message().as_bytes())
    d = load_path(path)
    assert d.subject == "Field trip permission slips due Friday"
    assert d.sender == Recipient("whitfieldd@mdusd.org", "Dana Whitfield")
    assert [r.address for r in d.to] == ["maria.lopez.family@gmail.com", "room14@mdusd.org"]
    assert d.to[0].name == "Maria Lopez"
    assert [r.address for r in d.cc] == ["okaform@mdusd.org"]
    assert d.text.strip() == "Please sign the permission slip by Friday."
    assert "<b>permission slip</b>" in d.html
    assert d.date == datetime(2026, 11, 17, 15, 42, tzinfo=timezone.utc)
    assert d.compose_type is ComposeType.NEW
    # The HTML part is the one checked; it reads as the same words.
    assert parse(d, NOTICE_WORDS).new_text.strip() == "Please sign the permission slip by Friday."


@pytest.mark.parametrize(
    "subject, headers, expected",
    [
        ("RE: Field trip", {}, ComposeType.REPLY),
        ("AW: Ausflug", {}, ComposeType.REPLY),
        ("Field trip", {"In-Reply-To": "<abc@mdusd.org>"}, ComposeType.REPLY),
        ("FW: Field trip", {}, ComposeType.FORWARD),
        ("Fwd: Field trip", {}, ComposeType.FORWARD),
        ("RV: Excursión", {}, ComposeType.FORWARD),
        ("Field trip", {}, ComposeType.NEW),
    ],
)
def test_eml_compose_type(subject: str, headers: dict, expected: ComposeType) -> None:
    msg = message(From="a@mdusd.org", Subject=subject, **{k.replace("-", "_"): v for k, v in headers.items()})
    msg.set_content("hello")
    assert draft_from_bytes(msg.as_bytes(), ".eml").compose_type is expected


def test_eml_attachments_and_inline_images() -> None:
    msg = field_trip_message()
    html_part = msg.get_payload()[1]
    html_part.add_related(PNG_1PX, maintype="image", subtype="png", cid="<logo@mdusd>", filename="logo.png", disposition="inline")
    msg.add_attachment(b"%PDF-1.4 permission slip", maintype="application", subtype="pdf", filename="permission-slip.pdf")
    msg.add_attachment(b"\xff\xd8\xff\xe0 jpeg", maintype="image", subtype="jpeg", filename="IMG_2041.jpg")
    d = draft_from_bytes(msg.as_bytes(), ".eml")
    by_name = {a.filename: a for a in d.attachments}
    assert set(by_name) == {"logo.png", "permission-slip.pdf", "IMG_2041.jpg"}
    assert by_name["logo.png"] == Attachment("logo.png", "image/png", len(PNG_1PX), inline=True, content_id="logo@mdusd")
    assert by_name["permission-slip.pdf"].size == len(b"%PDF-1.4 permission slip")
    assert not by_name["permission-slip.pdf"].inline
    assert by_name["IMG_2041.jpg"].is_image and not by_name["IMG_2041.jpg"].inline
    # The bodies are still found under the related/mixed wrappers.
    assert "permission slip" in d.text and "permission slip" in d.html


def test_eml_unknown_charset_keeps_words() -> None:
    for body in ("Reunión de padres mañana".encode("utf-8"), "Reunión de padres mañana".encode("latin-1")):
        raw = (
            b"From: a@mdusd.org\nSubject: Padres\nMIME-Version: 1.0\n"
            b"Content-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: 8bit\n\n" + body + b"\n"
        )
        d = draft_from_bytes(raw, ".eml")
        assert d.text.strip() == "Reunión de padres mañana"


def test_eml_broken_base64_best_effort() -> None:
    good = base64.b64encode(b"Hello parents, the field trip is on Tuesday.").decode()
    raw = (
        "From: a@mdusd.org\nSubject: Trip\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        f"{good}*&^%$ not base64 !!!\n"
    ).encode()
    d = draft_from_bytes(raw, ".eml")
    assert "Hello parents, the field trip is on Tuesday" in d.text
    assert check(d)  # checks without error


def test_eml_unterminated_boundary_keeps_both_parts() -> None:
    raw = (
        b'From: a@mdusd.org\nSubject: Trip\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="XYZ"\n\n'
        b"--XYZ\nContent-Type: text/plain\n\nPlain words here\n--XYZ\nContent-Type: text/html\n\n<p>Html words here</p>\n"
    )
    d = draft_from_bytes(raw, ".eml")
    assert d.text.strip() == "Plain words here"
    assert "Html words here" in d.html




@pytest.mark.parametrize("ctype", ['multipart/alternative; boundary="XYZ"', "multipart/mixed"])
def test_eml_wrong_boundary_loses_no_words(ctype: str) -> None:
    raw = (
        f"From: a@mdusd.org\nSubject: Trip\nMIME-Version: 1.0\nContent-Type: {ctype}\n\n"
        "--ABC\nContent-Type: text/plain\n\nPlease sign the permission slip by Friday.\n--ABC--\n"
    ).encode()
    try:
        d = draft_from_bytes(raw, ".eml")
    except DraftError as exc:
        assert "boundary" in str(exc).lower()
        return
    assert "permission slip" in (d.text or "") + (d.html or "")


@pytest.mark.parametrize(
    "header, expected",
    [
        ("=?utf-8?q?Reuni=C3=B3n_de_padres_el_jueves?=", "Reunión de padres el jueves"),
        ("=?UTF-8?B?" + base64.b64encode("Excursión al museo".encode()).decode() + "?=", "Excursión al museo"),
        ("=?iso-8859-1?q?Ni=F1os?= and families", "Niños and families"),
        ("RE: =?utf-8?q?caf=C3=A9?= =?utf-8?q?_meeting?=", "RE: café meeting"),  # adjacent encoded words join
        ("=?x-unknown?q?Reuni=F3n?= ok", None),  # unknown charset: best effort, no crash
        ("=?utf-8?B?!!!notbase64?=", None),  # broken encoded word
    ],
)
def test_eml_rfc2047_subjects(header: str, expected: str | None) -> None:
    raw = f"From: =?utf-8?q?Luc=C3=ADa_Reyes?= <reyesl@mdusd.org>\nSubject: {header}\n\nhi\n".encode()
    d = draft_from_bytes(raw, ".eml")
    assert d.sender == Recipient("reyesl@mdusd.org", "Lucía Reyes")
    if expected is not None:
        assert d.subject == expected
    else:
        assert isinstance(d.subject, str) and d.subject


# -- .msg -------------------------------------------------------------------------------
# extract-msg reads Outlook .msg files but cannot write them, and no real .msg
# can be produced here; these tests cover the failure paths of the .msg loader.


@pytest.mark.parametrize(
    "data",
    [field_trip_message().as_bytes(), b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600],
    ids=["eml-renamed", "empty", "truncated-ole-header"],
)
def test_msg_suffix_on_non_msg_is_a_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "draft.msg"
    path.write_bytes(data)
    with pytest.raises(DraftError) as exc:
        load_path(path)
    assert "Outlook .msg" in str(exc.value) and str(path) in str(exc.value)


def test_msg_bytes_need_a_path() -> None:
    with pytest.raises(DraftError, match="path"):
        draft_from_bytes(b"anything", ".msg")


# -- .html and .txt -----------------------------------------------------------------------


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "draft.html"
    path.write_bytes("<p>Café “menu” for the PTA</p>".encode("cp1252"))
    d = load_path(path)
    assert d.html == "<p>Café “menu” for the PTA</p>"
    assert d.text is None
    path.write_text("<p>Reunión ☕</p>", "utf-8")
    assert load_path(path).html == "<p>Reunión ☕</p>"


def test_txt_plain_and_quoted_header_block_stay_body(tmp_path: Path) -> None:
    body = "Hello families,\n\nSlips are due Friday.\n\nFrom: Maria Lopez\nSent: Monday\nTo: Dana\nSubject: Trip\n\nIs it due Friday?\n"
    path = tmp_path / "reply.txt"
    path.write_text(body, "utf-8")
    d = load_path(path)
    assert d.text == body and d.subject == "" and d.html is None
    assert parse(d, NOTICE_WORDS).new_text.strip() == "Hello families,\n\nSlips are due Friday."


def test_txt_holding_a_whole_message(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_bytes(field_trip_message().as_bytes())
    d = load_path(path)
    assert d.subject == "Field trip permission slips due Friday"
    assert d.sender.address == "whitfieldd@mdusd.org"
    assert "permission slip" in d.html


def test_unsupported_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="unsupported file type '.docx'"):
        draft_from_bytes(b"hello", ".docx")
    with pytest.raises(DraftError, match="no such file"):
        load_path(tmp_path / "missing.eml")
    with pytest.raises(DraftError, match="folder"):
        load_path(tmp_path)


# -- .json -------------------------------------------------------------------------------


def full_draft() -> Draft:
    return Draft(
        subject="Reunión de padres — jueves",
        sender=Recipient("whitfieldd@mdusd.org", "Dana Whitfield"),
        to=(Recipient("maria.lopez.family@gmail.com", "Maria Lopez"),),
        cc=(Recipient("okaform@mdusd.org"),),
        bcc=(Recipient("staff@mdusd.org", "Staff", group_size=46),),
        html="<p>Hola</p>",
        text="Hola",
        compose_type=ComposeType.REPLY_ALL,
        in_reply_to_date=datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc),
        in_reply_to_subject="Reunión",
        attachments=(Attachment("slip.pdf", "application/pdf", 1234), Attachment("logo.png", "image/png", 10, True, "logo@x")),
        date=datetime(2026, 11, 17, 15, 42, tzinfo=timezone.utc),
        id="AAMkAD=",
        change_key="CQAAAB",
    )


def test_json_round_trip(tmp_path: Path) -> None:
    d = full_draft()
    assert Draft.from_json(d.to_json()) == d
    path = tmp_path / "d.json"
    path.write_text(json.dumps(d.to_json(), ensure_ascii=False), "utf-8")
    assert load_path(path) == d
    # A BOM (Windows Notepad) is fine too.
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(d.to_json()).encode())
    assert load_path(path) == d


@pytest.mark.parametrize(
    "patch, named",
    [
        ({"subjcet": "typo"}, "subjcet"),
        ({"subject": 5}, "subject"),
        ({"html": ["<p>"]}, "html"),
        ({"to": "someone@mdusd.org"}, "to"),
        ({"cc": [5]}, "recipient"),
        ({"to": [{"address": 5}]}, "address"),
        ({"bcc": [{"address": "x@y.org", "group_size": -3}]}, "group_size"),
        ({"bcc": [{"address": "x@y.org", "group_size": True}]}, "group_size"),
        ({"compose_type": "replyall"}, "compose_type"),
        ({"date": "next Tuesday"}, "date"),
        ({"in_reply_to_date": 20261117}, "in_reply_to_date"),
        ({"attachments": {"filename": "a"}}, "attachments"),
        ({"attachments": [{"filename": "a", "colour": "red"}]}, "colour"),
        ({"attachments": [{"filename": "a", "size": "big"}]}, "attachment"),
    ],
)
def test_json_errors_name_the_field(patch: dict, named: str) -> None:
    data = full_draft().to_json() | patch
    with pytest.raises(DraftError) as exc:
        Draft.from_json(data)
    assert named in str(exc.value)
    # The same through the file loader.
    with pytest.raises(DraftError, match=named):
        draft_from_bytes(json.dumps(data).encode(), ".json")


def test_json_not_an_object_or_not_json() -> None:
    with pytest.raises(DraftError, match="JSON object"):
        draft_from_bytes(b"[1, 2]", ".json")
    with pytest.raises(DraftError, match="not valid JSON"):
        draft_from_bytes(b"{subject: 'x'", ".json")
    with pytest.raises(DraftError, match="not valid JSON"):
        draft_from_bytes(b"\xff\xfe\x00junk", ".json")


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [".eml", ".txt", ".html"])
def test_binary_junk_is_refused(kind: str) -> None:
    junk = bytes(range(256)) * 64
    with pytest.raises(DraftError, match="binary"):
        draft_from_bytes(junk, kind)
    with pytest.raises(DraftError, match="binary"):
        draft_from_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 500, kind)  # control bytes, no NUL


@pytest.mark.parametrize("kind", [".eml", ".txt", ".html"])
def test_empty_file_is_an_empty_draft(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"empty{kind}"
    path.write_bytes(b"")
    d = load_path(path)
    assert (d.text or "") == "" and (d.html or "") == "" and d.subject == ""
    codes = {h.code for h in check(d)}
    assert "EM101" in codes  # an empty draft still gets its subject hint, nothing breaks


def test_empty_json_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    with pytest.raises(DraftError, match="not valid JSON"):
        load_path(path)


def test_25_mb_body_completes() -> None:
    line = "Please return the signed permission slip for the field trip by Friday morning.\n"
    body = line * (25 * 2**20 // len(line))
    msg = message(From="a@mdusd.org", To="b@mdusd.org", Subject="Very long paste")
    msg.set_content(body)
    raw = msg.as_bytes()
    assert len(raw) > 25 * 10**6
    d = draft_from_bytes(raw, ".eml")
    assert len(d.text) >= len(body) - 10
    content = parse(d, NOTICE_WORDS)
    assert content.truncated  # best effort: the first part is checked
    codes = {h.code for h in check(d)}
    assert "EM601" in codes


def test_5000_recipients() -> None:
    to = ", ".join(f"Parent {i} <parent{i}@gmail.com>" for i in range(5000))
    msg = message(From="a@mdusd.org", To=to, Subject="Kindergarten registration opens January 5")
    msg.set_content("Registration opens January 5.")
    d = draft_from_bytes(msg.as_bytes(), ".eml")
    assert len(d.to) == 5000 and d.to[4999].address == "parent4999@gmail.com"
    em401 = [h for h in check(d) if h.code == "EM401"]
    assert em401 and "5000" in em401[0].message


def nested(depth: int) -> bytes:
    head = b'From: a@mdusd.org\nSubject: deep\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b0"\n\n'
    body = b"".join(b'--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' % (i, i + 1) for i in range(depth))
    body += b"--b%d\nContent-Type: text/plain\n\nhello\n" % depth
    body += b"".join(b"--b%d--\n" % i for i in range(depth, -1, -1))
    return head + body


def test_nested_multiparts_beyond_the_limit_are_refused() -> None:
    with pytest.raises(DraftError, match="nested"):
        draft_from_bytes(nested(MAX_PART_DEPTH + 10), ".eml")
    d = draft_from_bytes(nested(10), ".eml")
    assert d.text.strip() == "hello"


def test_1000_deep_nested_multiparts_give_a_clear_error() -> None:
    with pytest.raises(DraftError, match="nested"):
        draft_from_bytes(nested(1000), ".eml")


def test_as_email_message_round_trips_through_the_loader() -> None:
    d = full_draft().replace(id=None, change_key=None, in_reply_to_date=None, in_reply_to_subject=None, attachments=(), compose_type=ComposeType.NEW)
    d = d.replace(subject="Reunión de padres el jueves")
    back = draft_from_bytes(as_email_message(d).as_bytes(), ".eml")
    assert back.subject == d.subject
    assert back.sender == d.sender and back.to == d.to and back.cc == d.cc
    assert back.text.strip() == "Hola" and back.html.strip() == "<p>Hola</p>"
    assert back.date == d.date
