"""Extended (MAPI) properties: ``ExtendedFieldURI`` in shapes, restrictions, sort orders and updates.

Exchange answers any extended property a client names: a tagged property
(``PropertyTag="0x0e23"``) or a named one (``DistinguishedPropertySetId`` or
``PropertySetId`` with ``PropertyId`` or ``PropertyName``). The ones Exchange
derives from an item's own fields are computed here from its columns (message
flags, size, delivery and modification times, the internet article number that
IMAP gateways use as UID, the record key...); any other property a client wrote
is kept in the item's property bag (``extended_json``) and returned as written.
A property that has no value is left out of the answer, sorts as empty and
matches no comparison, as in a MAPI restriction.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from lxml import etree

from emulators.ews.soap import T, ResponseError, attr, text

# PR_MESSAGE_FLAGS bits (MS-OXCMSG 2.2.1.6) the emulator keeps in columns.
MSGFLAG_READ, MSGFLAG_UNSENT, MSGFLAG_HASATTACH = 0x1, 0x8, 0x10
PR_MESSAGE_FLAGS = 0x0E07

# Tagged properties computed from columns: tag -> (SQL expression, columns it reads).
_COMPUTED: dict[int, tuple[str, tuple[str, ...]]] = {
    0x001A: ("item_class", ("item_class",)),  # PR_MESSAGE_CLASS
    0x0037: ("subject", ("subject",)),  # PR_SUBJECT
    0x0E06: ("received", ("received",)),  # PR_MESSAGE_DELIVERY_TIME
    PR_MESSAGE_FLAGS: ("(is_read * 1 + is_draft * 8 + has_attachments * 16)", ("is_read", "is_draft", "has_attachments")),
    0x0E08: ("size", ("size",)),  # PR_MESSAGE_SIZE
    0x0E23: ("article", ("article",)),  # PR_INTERNET_ARTICLE_NUMBER
    0x0FF9: ("id", ("id",)),  # PR_RECORD_KEY (binary, from the id)
    0x1035: ("message_id", ("message_id",)),  # PR_INTERNET_MESSAGE_ID
    0x3007: ("created", ("created",)),  # PR_CREATION_TIME
    0x3008: ("modified", ("modified",)),  # PR_LAST_MODIFICATION_TIME
}
# Property types (types.xsd MapiPropertyTypeType) whose values are numbers in SQL.
_NUMERIC = {"Integer", "Short", "Long", "Boolean", "Double", "Float", "Currency"}


@dataclass(frozen=True)
class ExtendedField:
    """One ExtendedFieldURI: its key in the property bag and how to write it back."""

    key: str
    tag: int | None
    property_type: str
    uri_xml: str  # the ExtendedFieldURI element as Exchange echoes it

    @property
    def computed(self) -> bool:
        return self.tag in _COMPUTED

    @property
    def columns(self) -> tuple[str, ...]:
        return _COMPUTED[self.tag][1] if self.tag in _COMPUTED else ("extended_json",)

    def sql(self) -> tuple[str, str]:
        """(SQL expression, kind) for restrictions and sorting."""
        kind = "int" if self.property_type in _NUMERIC else "str"
        if self.property_type == "SystemTime":
            kind = "datetime"
        if self.tag in _COMPUTED and self.tag != 0x0FF9:
            return _COMPUTED[self.tag][0], kind
        path = json.dumps(self.key).replace("'", "''")
        expr = f"json_extract(extended_json, '$.' || '{path}')"
        return (f"CAST({expr} AS INTEGER)" if kind == "int" else expr), kind


def parse(elem: etree._Element) -> ExtendedField:
    """An ExtendedFieldURI element -> its field; a malformed one is ErrorInvalidExtendedProperty."""
    ptype = elem.get("PropertyType", "")
    tag_text, set_id = elem.get("PropertyTag"), elem.get("DistinguishedPropertySetId") or elem.get("PropertySetId")
    if not ptype:
        raise ResponseError("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.")
    if tag_text is not None:
        if set_id:
            raise ResponseError("ErrorInvalidExtendedProperty",
                                "The extended property attribute combination is invalid.")
        try:
            tag = int(tag_text, 16) if tag_text.lower().startswith("0x") else int(tag_text)
        except ValueError:
            raise ResponseError("ErrorInvalidExtendedProperty", f"Invalid PropertyTag {tag_text!r}.") from None
        if not 0 < tag <= 0xFFFF:
            raise ResponseError("ErrorInvalidExtendedProperty", f"Invalid PropertyTag {tag_text!r}.")
        # Exchange echoes tags in lower-case hex without leading zeros ("0xe23").
        return ExtendedField(f"tag:{tag:#x}:{ptype}", tag, ptype,
                             f'<t:ExtendedFieldURI PropertyTag="{tag:#x}" PropertyType="{ptype}"/>')
    prop_id, name = elem.get("PropertyId"), elem.get("PropertyName")
    if not set_id or (prop_id is None) == (name is None):
        raise ResponseError("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.")
    set_attr = "DistinguishedPropertySetId" if elem.get("DistinguishedPropertySetId") else "PropertySetId"
    which = f'PropertyId="{int(prop_id)}"' if prop_id is not None else f"PropertyName={attr(name or '')}"
    key = f"{set_id.lower()}:{'id:' + str(int(prop_id)) if prop_id is not None else 'name:' + (name or '')}:{ptype}"
    return ExtendedField(key, None, ptype, f'<t:ExtendedFieldURI {set_attr}={attr(set_id)} {which} '
                                           f'PropertyType="{ptype}"/>')


def _value_of(row: sqlite3.Row, field: ExtendedField) -> Any:
    if field.tag == 0x0FF9:
        raw = base64.b64decode(row["id"])
        return base64.b64encode(raw[6:22]).decode("ascii")  # the GUID part of the id
    if field.tag in _COMPUTED:
        if field.tag == PR_MESSAGE_FLAGS:
            return (MSGFLAG_READ * bool(row["is_read"]) + MSGFLAG_UNSENT * bool(row["is_draft"])
                    + MSGFLAG_HASATTACH * bool(row["has_attachments"]))
        return row[_COMPUTED[field.tag][0]]
    return json.loads(row["extended_json"] or "{}").get(field.key)


def render(row: sqlite3.Row, fields: list[ExtendedField]) -> str:
    """ExtendedProperty elements for the fields that have a value on this item."""
    out = []
    for field in fields:
        value = _value_of(row, field)
        if value is None or value == "":
            continue
        if field.property_type.endswith("Array") and isinstance(value, list):
            inner = "<t:Values>" + "".join(f"<t:Value>{text(str(v))}</t:Value>" for v in value) + "</t:Values>"
        else:
            if field.property_type == "Boolean" and not isinstance(value, str):
                value = "true" if value else "false"
            inner = f"<t:Value>{text(str(value))}</t:Value>"
        out.append(f"<t:ExtendedProperty>{field.uri_xml}{inner}</t:ExtendedProperty>")
    return "".join(out)


def read_value(prop: etree._Element) -> tuple[ExtendedField, Any]:
    """An ExtendedProperty element a client sent -> (field, value)."""
    uri = prop.find(f"{T}ExtendedFieldURI")
    if uri is None:
        raise ResponseError("ErrorInvalidExtendedProperty", "An extended property needs an ExtendedFieldURI.")
    field = parse(uri)
    values = prop.find(f"{T}Values")
    if values is not None:
        return field, [v.text or "" for v in values.findall(f"{T}Value")]
    raw = prop.findtext(f"{T}Value")
    if raw is None:
        raise ResponseError("ErrorInvalidExtendedPropertyValue", "An extended property needs a value.")
    if field.property_type in ("Integer", "Short", "Long"):
        try:
            return field, int(raw)
        except ValueError:
            raise ResponseError("ErrorInvalidExtendedPropertyValue", f"{raw!r} is not an integer.") from None
    return field, raw


def column_values(row: sqlite3.Row | None, props: list[tuple[ExtendedField, Any]]) -> dict[str, Any]:
    """Column values for extended properties a client set (CreateItem, SetItemField): message
    flags set the read and draft columns, computed read-only properties are ignored as Exchange
    ignores writes to them, any other property goes to the item's bag."""
    values: dict[str, Any] = {}
    bag = json.loads(row["extended_json"] or "{}") if row is not None else {}
    changed = False
    for field, value in props:
        if field.tag == PR_MESSAGE_FLAGS:
            values["is_read"] = bool(int(value) & MSGFLAG_READ)
            values["is_draft"] = bool(int(value) & MSGFLAG_UNSENT)
        elif field.computed:
            continue
        else:
            bag[field.key] = value
            changed = True
    if changed:
        values["extended_json"] = bag
    return values


def delete_values(row: sqlite3.Row, fields: list[ExtendedField]) -> dict[str, Any]:
    """DeleteItemField on extended properties: drop them from the bag."""
    bag = json.loads(row["extended_json"] or "{}")
    for field in fields:
        bag.pop(field.key, None)
    return {"extended_json": bag}
