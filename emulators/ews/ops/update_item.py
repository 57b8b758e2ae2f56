"""UpdateItem: Set/Append/DeleteItemField with ChangeKey and ConflictResolution.

NeverOverwrite with a stale ChangeKey fails with ErrorIrresolvableConflict, as
on Exchange; AutoResolve and AlwaysOverwrite write the fields sent.
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from emulators.ews import extended
from emulators.ews.items import estimate_size, parse_message
from emulators.ews.ops.common import Context, find_item_row
from emulators.ews.ops.create_item import send_draft
from emulators.ews.soap import M, T, ResponseError, attr, error, response, success
from emulators.ews.store import StaleChangeKey

OPERATION = "UpdateItem"

# Field URI -> the columns parse_message fills for it.
URI_COLUMNS: dict[str, tuple[str, ...]] = {
    "item:Subject": ("subject",), "item:Body": ("body", "body_type"), "item:Sensitivity": ("sensitivity",),
    "item:Importance": ("importance",), "item:Categories": ("categories_json",), "item:InReplyTo": ("in_reply_to",),
    "item:ItemClass": ("item_class",),
    "message:ToRecipients": ("to_json",), "message:CcRecipients": ("cc_json",), "message:BccRecipients": ("bcc_json",),
    "message:ReplyTo": ("reply_to_json",), "message:From": ("from_json",), "message:Sender": ("sender_json",),
    "message:IsRead": ("is_read",), "message:References": ("refs",), "message:InternetMessageId": ("message_id",),
    "message:IsReadReceiptRequested": ("read_receipt",), "message:IsDeliveryReceiptRequested": ("delivery_receipt",),
}
_EMPTY: dict[str, Any] = {
    "subject": "", "body": "", "categories_json": [], "to_json": [], "cc_json": [], "bcc_json": [],
    "reply_to_json": [], "from_json": None, "sender_json": None, "in_reply_to": None, "refs": None,
}
_APPENDABLE = {"item:Body", "message:ToRecipients", "message:CcRecipients", "message:BccRecipients"}


def _extended_change(row: Any, values: dict[str, Any], kind: str, path: etree._Element,
                     upd: etree._Element) -> dict[str, Any]:
    """Set or delete one extended property (earlier updates of this request included)."""
    current = dict(row)
    if "extended_json" in values:
        current["extended_json"] = json.dumps(values["extended_json"])
    if kind == "DeleteItemField":
        return extended.delete_values(current, [extended.parse(path)])
    if kind != "SetItemField":
        raise ResponseError("ErrorInvalidPropertyAppend", "Extended properties cannot be appended to.")
    item_elem = next((c for c in upd if isinstance(c.tag, str) and c is not path), None)
    prop = item_elem.find(f"{T}ExtendedProperty") if item_elem is not None else None
    if prop is None:
        raise ResponseError("ErrorInvalidPropertySet", "No value for the extended property.")
    field, value = extended.read_value(prop)
    if field.key != extended.parse(path).key:
        raise ResponseError("ErrorInvalidPropertySet", "The value does not match the property to set.")
    return extended.column_values(current, [(field, value)])


def _changes(row: Any, updates: etree._Element) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for upd in updates:
        if not isinstance(upd.tag, str):
            continue
        kind = upd.tag[len(T):]
        path = upd.find(f"{T}FieldURI")
        ext_path = upd.find(f"{T}ExtendedFieldURI")
        if path is None and ext_path is not None:
            values.update(_extended_change(row, values, kind, ext_path, upd))
            continue
        if path is None:
            if upd.find(f"{T}IndexedFieldURI") is not None:
                continue  # valid EWS, not modelled here
            raise ResponseError("ErrorInvalidPropertyRequest", "An update must name a property.")
        uri = path.get("FieldURI", "")
        cols = URI_COLUMNS.get(uri)
        if kind == "DeleteItemField":
            for col in cols or ():
                values[col] = _EMPTY.get(col)
            continue
        if kind not in ("SetItemField", "AppendToItemField"):
            raise ResponseError("ErrorSchemaValidation", f"Unexpected update element {kind!r}.")
        item_elem = next((c for c in upd if isinstance(c.tag, str) and c is not path), None)
        if item_elem is None:
            raise ResponseError("ErrorInvalidPropertySet", f"No value for {uri}.")
        parsed = parse_message(item_elem)
        if cols is None:
            continue
        missing = [c for c in cols if c not in parsed and c != "body_type"]
        if missing:
            raise ResponseError("ErrorInvalidPropertySet", f"The value for {uri} does not match the property.")
        if kind == "AppendToItemField":
            if uri not in _APPENDABLE:
                raise ResponseError("ErrorInvalidPropertyAppend", f"{uri} cannot be appended to.")
            if uri == "item:Body":
                current = values.get("body", row["body"])
                parsed["body"] = current + parsed["body"]
                parsed.pop("body_type", None)
            else:
                col = cols[0]
                parsed[col] = json.loads(row[col] or "[]") + parsed[col]
        for col in cols:
            if col in parsed:
                values[col] = parsed[col]
    return values


def handle(ctx: Context, body: etree._Element) -> str:
    resolution = body.get("ConflictResolution", "AutoResolve")
    if resolution not in ("NeverOverwrite", "AutoResolve", "AlwaysOverwrite"):
        raise ResponseError("ErrorInvalidRequest", f"Invalid ConflictResolution {resolution!r}.")
    disposition = body.get("MessageDisposition", "SaveOnly")
    changes = body.find(f"{M}ItemChanges")
    if changes is None:
        raise ResponseError("ErrorInvalidRequest", "UpdateItem needs ItemChanges.")
    messages = []
    for change in changes.findall(f"{T}ItemChange"):
        try:
            ref = change.find(f"{T}ItemId")
            if ref is None:
                raise ResponseError("ErrorInvalidIdMalformed", "Id is malformed.")
            if ctx.hooks is not None:
                ctx.hooks.before_update(ctx.store, ref.get("Id", ""))
            row = find_item_row(ctx, ref)
            updates = change.find(f"{T}Updates")
            values = _changes(row, updates if updates is not None else [])
            if "body" in values or "subject" in values:
                values["size"] = estimate_size({"body": values.get("body", row["body"]),
                                                "subject": values.get("subject", row["subject"])})
            expected = ref.get("ChangeKey") if resolution == "NeverOverwrite" else None
            try:
                ck = ctx.store.update_item(row["id"], values, expected_change_key=expected)
            except StaleChangeKey:
                raise ResponseError(
                    "ErrorIrresolvableConflict",
                    "The send or update operation could not be performed because the change key passed in the "
                    "request does not match the current change key for the item.",
                ) from None
            if disposition in ("SendOnly", "SendAndSaveCopy"):
                # The draft as this update left it.
                send_draft(ctx, body, ctx.store.get_item(row["id"]), save_copy=disposition == "SendAndSaveCopy")
                messages.append(success(OPERATION, "<m:Items/><m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>"))
                continue
            messages.append(
                success(
                    OPERATION,
                    f"<m:Items><t:Message><t:ItemId Id={attr(row['id'])} ChangeKey={attr(ck)}/></t:Message></m:Items>"
                    "<m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>",
                )
            )
        except ResponseError as err:
            messages.append(error(OPERATION, err, "<m:Items/>"))
    return response(OPERATION, messages)
