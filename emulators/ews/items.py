"""Items as EWS XML: which properties a shape asks for, how each is written,
and how a <t:Message> sent by a client becomes column values."""

from __future__ import annotations

import base64
import json
import sqlite3
from typing import Any, Callable

from lxml import etree, html as lxml_html

from emulators.ews import extended, mime
from emulators.ews.soap import T, ResponseError, attr, text, to_bool
from emulators.ews.store import MailboxStore

Row = sqlite3.Row


def _mailbox_xml(rec: list[str] | tuple[str, ...]) -> str:
    name, address = rec[0], rec[1]
    mtype = rec[2] if len(rec) > 2 and rec[2] else "Mailbox"
    name_xml = f"<t:Name>{text(name)}</t:Name>" if name else ""
    return (
        f"<t:Mailbox>{name_xml}<t:EmailAddress>{text(address)}</t:EmailAddress>"
        f"<t:RoutingType>SMTP</t:RoutingType><t:MailboxType>{mtype}</t:MailboxType></t:Mailbox>"
    )


def _list(tag: str, col: str) -> Callable[[Row, dict[str, Any]], str | None]:
    def render(row: Row, opts: dict[str, Any]) -> str | None:
        recs = json.loads(row[col] or "[]")
        if not recs:
            return None
        return f"<t:{tag}>{''.join(_mailbox_xml(r) for r in recs)}</t:{tag}>"

    return render


def _single(tag: str, col: str) -> Callable[[Row, dict[str, Any]], str | None]:
    def render(row: Row, opts: dict[str, Any]) -> str | None:
        if not row[col]:
            return None
        rec = json.loads(row[col])
        return f"<t:{tag}>{_mailbox_xml(rec)}</t:{tag}>" if rec else None

    return render


def _simple(tag: str, col: str, kind: str = "str") -> Callable[[Row, dict[str, Any]], str | None]:
    def render(row: Row, opts: dict[str, Any]) -> str | None:
        value = row[col]
        if value is None:
            return None
        if kind == "bool":
            value = "true" if value else "false"
        return f"<t:{tag}>{text(value)}</t:{tag}>"

    return render


def _const(tag: str, value: str) -> Callable[[Row, dict[str, Any]], str | None]:
    return lambda row, opts: f"<t:{tag}>{value}</t:{tag}>"


def html_to_text(body: str) -> str:
    if not body.strip():
        return ""
    try:
        doc = lxml_html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return body
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in doc.iter("p", "div", "li", "tr", "h1", "h2", "h3", "table"):
        block.tail = "\n" + (block.tail or "")
    return doc.text_content().strip("\n") + "\n"


def text_to_html(body: str) -> str:
    lines = "".join(f"<div>{text(line) or '<br>'}</div>" for line in body.splitlines())
    return f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>{lines}</body></html>"


def _body(tag: str) -> Callable[[Row, dict[str, Any]], str | None]:
    def render(row: Row, opts: dict[str, Any]) -> str | None:
        wanted = "Text" if tag == "TextBody" else opts.get("body_type", "Best")
        stored = row["body_type"]
        body = row["body"] or ""
        if wanted == "Best":
            wanted = stored
        if wanted != stored:
            body = html_to_text(body) if wanted == "Text" else text_to_html(body)
        return f'<t:{tag} BodyType="{wanted}">{text(body)}</t:{tag}>'

    return render


def _attachments(row: Row, opts: dict[str, Any]) -> str | None:
    atts = json.loads(row["attachments_json"] or "[]")
    if not atts:
        return None
    parts = []
    for i, a in enumerate(atts):
        att_id = base64.b64encode(f"{row['id']}:{i}".encode()).decode()
        parts.append(
            f'<t:FileAttachment><t:AttachmentId Id={attr(att_id)}/><t:Name>{text(a.get("name", ""))}</t:Name>'
            f'<t:ContentType>{text(a.get("content_type", "application/octet-stream"))}</t:ContentType>'
            f'<t:Size>{int(a.get("size", 0))}</t:Size>'
            f'<t:IsInline>{"true" if a.get("inline") else "false"}</t:IsInline></t:FileAttachment>'
        )
    return f"<t:Attachments>{''.join(parts)}</t:Attachments>"


def _display(tag: str, col: str) -> Callable[[Row, dict[str, Any]], str | None]:
    def render(row: Row, opts: dict[str, Any]) -> str | None:
        recs = json.loads(row[col] or "[]")
        return f"<t:{tag}>{text('; '.join(r[0] or r[1] for r in recs))}</t:{tag}>"

    return render


def _categories(row: Row, opts: dict[str, Any]) -> str | None:
    cats = json.loads(row["categories_json"] or "[]")
    if not cats:
        return None
    return "<t:Categories>" + "".join(f"<t:String>{text(c)}</t:String>" for c in cats) + "</t:Categories>"


def _parent(row: Row, opts: dict[str, Any]) -> str | None:
    return f'<t:ParentFolderId Id={attr(row["folder"])} ChangeKey="AQAAAA=="/>'


def _is_from_me(row: Row, opts: dict[str, Any]) -> str | None:
    rec = json.loads(row["from_json"] or "null")
    mine = bool(rec) and rec[1].lower() == opts.get("owner", "")
    return f"<t:IsFromMe>{'true' if mine else 'false'}</t:IsFromMe>"


# Message properties in schema order: field URI -> (renderer, allowed in FindItem).
FIELDS: dict[str, tuple[Callable[[Row, dict[str, Any]], str | None], bool]] = {
    "item:MimeContent": (lambda row, opts: mime.element(row), False),  # before ItemId: see item_xml
    "item:ParentFolderId": (_parent, True),
    "item:ItemClass": (_simple("ItemClass", "item_class"), True),
    "item:Subject": (_simple("Subject", "subject"), True),
    "item:Sensitivity": (_simple("Sensitivity", "sensitivity"), True),
    "item:Body": (_body("Body"), False),
    "item:Attachments": (_attachments, False),
    "item:DateTimeReceived": (_simple("DateTimeReceived", "received"), True),
    "item:Size": (_simple("Size", "size"), True),
    "item:Categories": (_categories, True),
    "item:Importance": (_simple("Importance", "importance"), True),
    "item:InReplyTo": (_simple("InReplyTo", "in_reply_to"), True),
    "item:IsSubmitted": (_simple("IsSubmitted", "is_submitted", "bool"), True),
    "item:IsDraft": (_simple("IsDraft", "is_draft", "bool"), True),
    "item:IsFromMe": (_is_from_me, True),
    "item:IsResend": (_const("IsResend", "false"), True),
    "item:IsUnmodified": (_const("IsUnmodified", "false"), True),
    "item:DateTimeSent": (_simple("DateTimeSent", "sent"), True),
    "item:DateTimeCreated": (_simple("DateTimeCreated", "created"), True),
    "item:DisplayCc": (_display("DisplayCc", "cc_json"), True),
    "item:DisplayTo": (_display("DisplayTo", "to_json"), True),
    "item:HasAttachments": (_simple("HasAttachments", "has_attachments", "bool"), True),
    "item:LastModifiedTime": (_simple("LastModifiedTime", "modified"), True),
    "item:TextBody": (_body("TextBody"), False),
    "message:Sender": (_single("Sender", "sender_json"), True),
    "message:ToRecipients": (_list("ToRecipients", "to_json"), False),
    "message:CcRecipients": (_list("CcRecipients", "cc_json"), False),
    "message:BccRecipients": (_list("BccRecipients", "bcc_json"), False),
    "message:IsReadReceiptRequested": (_simple("IsReadReceiptRequested", "read_receipt", "bool"), True),
    "message:IsDeliveryReceiptRequested": (_simple("IsDeliveryReceiptRequested", "delivery_receipt", "bool"), True),
    "message:ConversationIndex": (_simple("ConversationIndex", "conversation_index"), True),
    "message:ConversationTopic": (_simple("ConversationTopic", "conversation_topic"), True),
    "message:From": (_single("From", "from_json"), True),
    "message:InternetMessageId": (_simple("InternetMessageId", "message_id"), True),
    "message:IsRead": (_simple("IsRead", "is_read", "bool"), True),
    "message:References": (_simple("References", "refs"), True),
    "message:ReplyTo": (_list("ReplyTo", "reply_to_json"), False),
}
FIELD_ORDER = {uri: i for i, uri in enumerate(FIELDS)}

# Properties Exchange knows but this emulator does not store: accepted in
# requests, never returned (Exchange omits properties that have no value).
IGNORED_PREFIXES = ("item:", "message:", "calendar:", "meeting:", "meetingRequest:", "task:", "contacts:",
                    "distributionlist:", "postitem:", "conversation:", "persona:", "folder:")

DEFAULT_SHAPE = frozenset(
    uri for uri in (
        "item:Subject", "item:Sensitivity", "item:DateTimeReceived", "item:Size", "item:Importance",
        "item:IsSubmitted", "item:IsDraft", "item:IsFromMe", "item:IsResend", "item:IsUnmodified",
        "item:DateTimeSent", "item:DateTimeCreated", "item:DisplayCc", "item:DisplayTo", "item:HasAttachments",
        "message:Sender", "message:IsReadReceiptRequested", "message:IsDeliveryReceiptRequested",
        "message:From", "message:IsRead", "message:ConversationIndex", "message:ConversationTopic",
    )
)
ALL_SHAPE = frozenset(FIELDS)

# Columns a FindItem page needs per field URI (so pages never load bodies).
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "item:ParentFolderId": ("folder",), "item:Body": ("body", "body_type"), "item:TextBody": ("body", "body_type"),
    "item:Attachments": ("attachments_json",), "item:Categories": ("categories_json",),
    "item:IsFromMe": ("from_json",), "item:DisplayCc": ("cc_json",), "item:DisplayTo": ("to_json",),
    "message:Sender": ("sender_json",), "message:ToRecipients": ("to_json",), "message:CcRecipients": ("cc_json",),
    "message:BccRecipients": ("bcc_json",), "message:From": ("from_json",), "message:ReplyTo": ("reply_to_json",),
    "item:IsResend": (), "item:IsUnmodified": (),
}
_ALL_COLUMNS = "*"  # MimeContent is made from every property
_SIMPLE_COLUMN = {
    "item:ItemClass": "item_class", "item:Subject": "subject", "item:Sensitivity": "sensitivity",
    "item:DateTimeReceived": "received", "item:Size": "size", "item:Importance": "importance",
    "item:InReplyTo": "in_reply_to", "item:IsSubmitted": "is_submitted", "item:IsDraft": "is_draft",
    "item:DateTimeSent": "sent", "item:DateTimeCreated": "created", "item:HasAttachments": "has_attachments",
    "item:LastModifiedTime": "modified", "message:IsReadReceiptRequested": "read_receipt",
    "message:IsDeliveryReceiptRequested": "delivery_receipt", "message:ConversationIndex": "conversation_index",
    "message:ConversationTopic": "conversation_topic", "message:InternetMessageId": "message_id",
    "message:IsRead": "is_read", "message:References": "refs",
}


def columns_for(fields: set[str], extended_fields: tuple[extended.ExtendedField, ...] = ()) -> str:
    if "item:MimeContent" in fields:
        return _ALL_COLUMNS
    cols = {"pk", "id", "version", "item_class"}
    for ext in extended_fields:
        cols.update(ext.columns)
    for uri in fields:
        if uri in _SIMPLE_COLUMN:
            cols.add(_SIMPLE_COLUMN[uri])
        else:
            cols.update(FIELD_COLUMNS.get(uri, ()))
    return ", ".join(sorted(cols))


class Shape:
    """A parsed ItemShape: base shape + additional properties + body type."""

    def __init__(self, elem: etree._Element | None, *, for_find: bool) -> None:
        base = "IdOnly"
        self.body_type = "Best"
        extra: set[str] = set()
        ext: list[extended.ExtendedField] = []
        if elem is not None:
            base = (elem.findtext(f"{T}BaseShape") or "IdOnly").strip()
            self.body_type = (elem.findtext(f"{T}BodyType") or "Best").strip()
            if to_bool(elem.findtext(f"{T}IncludeMimeContent")):
                if for_find:
                    raise ResponseError("ErrorInvalidPropertyRequest", "The property can't be used in FindItem "
                                        "requests.", message_xml='<t:FieldURI FieldURI="item:MimeContent"/>')
                extra.add("item:MimeContent")
            props = elem.find(f"{T}AdditionalProperties")
            if props is not None:
                for p in props:
                    if p.tag == f"{T}ExtendedFieldURI":
                        field = extended.parse(p)
                        if field not in ext:
                            ext.append(field)
                    elif p.tag == f"{T}FieldURI":
                        uri = p.get("FieldURI", "")
                        if not uri.startswith(IGNORED_PREFIXES):
                            raise ResponseError("ErrorInvalidPropertyRequest", f"The property {uri} is not valid.")
                        if for_find and uri in FIELDS and not FIELDS[uri][1]:
                            raise ResponseError(
                                "ErrorInvalidPropertyRequest",
                                "The property can't be used in FindItem requests.",
                                message_xml=f'<t:FieldURI FieldURI={attr(uri)}/>',
                            )
                        extra.add(uri)
                    # IndexedFieldURI: accepted, not stored here.
        if base == "IdOnly":
            fields: set[str] = set()
        elif base == "Default":
            fields = set(DEFAULT_SHAPE)
            if not for_find:
                fields |= {"item:Body", "item:Attachments", "message:ToRecipients", "message:CcRecipients"}
        elif base == "AllProperties":
            fields = {u for u in ALL_SHAPE if not for_find or FIELDS[u][1]}
        else:
            raise ResponseError("ErrorInvalidRequest", f"Unknown BaseShape {base!r}.")
        self.fields = sorted((fields | extra) & set(FIELDS), key=FIELD_ORDER.__getitem__)
        self.extended = tuple(ext)

    def columns(self) -> str:
        return columns_for(set(self.fields), self.extended)


# ItemType's schema order: MimeContent, ItemId, ... HasAttachments, ExtendedProperty, ...
_EXTENDED_AFTER = FIELD_ORDER["item:HasAttachments"]


def item_xml(store: MailboxStore, row: Row, shape: Shape) -> str:
    opts = {"body_type": shape.body_type, "owner": store.owner}
    parts = []
    item_id = f'<t:ItemId Id={attr(row["id"])} ChangeKey={attr(store.item_change_key(row))}/>'
    pending_extended = bool(shape.extended)
    for uri in shape.fields:
        if pending_extended and FIELD_ORDER[uri] > _EXTENDED_AFTER:
            parts.append(extended.render(row, list(shape.extended)))
            pending_extended = False
        rendered = FIELDS[uri][0](row, opts)
        if rendered is not None:
            parts.append(rendered)
        if uri == "item:MimeContent":
            parts.append(item_id)
    if pending_extended:
        parts.append(extended.render(row, list(shape.extended)))
    if "item:MimeContent" not in shape.fields:
        parts.insert(0, item_id)
    return f"<t:Message>{''.join(parts)}</t:Message>"


# -- parsing what clients send ---------------------------------------------
def parse_mailbox(elem: etree._Element) -> list[str]:
    address = (elem.findtext(f"{T}EmailAddress") or "").strip()
    name = (elem.findtext(f"{T}Name") or "").strip()
    mtype = (elem.findtext(f"{T}MailboxType") or "Mailbox").strip()
    if not address:
        raise ResponseError("ErrorInvalidRecipients", "A recipient has no e-mail address.")
    if "@" not in address:
        raise ResponseError("ErrorInvalidRecipients", f"{address!r} is not a valid SMTP address.")
    return [name, address, mtype]


_MESSAGE_TAGS = {
    "Subject": ("subject", str), "Sensitivity": ("sensitivity", str), "Importance": ("importance", str),
    "InReplyTo": ("in_reply_to", str), "IsRead": ("is_read", bool), "References": ("refs", str),
    "InternetMessageId": ("message_id", str), "IsReadReceiptRequested": ("read_receipt", bool),
    "IsDeliveryReceiptRequested": ("delivery_receipt", bool), "ItemClass": ("item_class", str),
}
_LIST_TAGS = {"ToRecipients": "to_json", "CcRecipients": "cc_json", "BccRecipients": "bcc_json",
              "ReplyTo": "reply_to_json"}


def parse_message(elem: etree._Element, row: Row | None = None) -> dict[str, Any]:
    """Column values from a <t:Message> in CreateItem or SetItemField (``row``: the item
    being updated, whose property bag the message's extended properties go into).
    MimeContent comes first in the schema; the properties after it override it."""
    values: dict[str, Any] = {}
    props: list[tuple[extended.ExtendedField, Any]] = []
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        if not child.tag.startswith(T):
            raise ResponseError("ErrorSchemaValidation", f"Unexpected element {child.tag}.")
        tag = child.tag[len(T):]
        if tag in _MESSAGE_TAGS:
            col, kind = _MESSAGE_TAGS[tag]
            values[col] = to_bool(child.text) if kind is bool else (child.text or "")
        elif tag in ("Body", "TextBody"):
            body_type = child.get("BodyType", "Text")
            if body_type not in ("HTML", "Text"):
                raise ResponseError("ErrorSchemaValidation", f"Invalid BodyType {body_type!r}.")
            values["body"] = child.text or ""
            values["body_type"] = body_type
        elif tag in _LIST_TAGS:
            values[_LIST_TAGS[tag]] = [parse_mailbox(mb) for mb in child.findall(f"{T}Mailbox")]
        elif tag in ("From", "Sender"):
            mb = child.find(f"{T}Mailbox")
            values["from_json" if tag == "From" else "sender_json"] = parse_mailbox(mb) if mb is not None else None
        elif tag == "Categories":
            values["categories_json"] = [s.text or "" for s in child.findall(f"{T}String")]
        elif tag == "MimeContent":
            values.update(mime.parse(child.text))
        elif tag == "ExtendedProperty":
            props.append(extended.read_value(child))
        # Other ItemType properties (reminders, flags, extended properties...) are
        # valid EWS but not modelled; Exchange would store them, we drop them.
    if props:
        values.update(extended.column_values(row, props))
    return values


def estimate_size(values: dict[str, Any]) -> int:
    body = values.get("body") or ""
    return 600 + len(body.encode("utf-8")) + len((values.get("subject") or "").encode("utf-8"))
