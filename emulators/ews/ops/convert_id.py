"""ConvertId: an identifier of this mailbox in another format, with the mailbox it belongs to.

As on Exchange the conversion reads the identifier itself, not the store: any
well-formed item or folder id of this mailbox converts (the item need not exist),
and the answer's ``Mailbox`` is the owner's primary SMTP address whatever the
request said (an EwsId carries its mailbox; DavMail learns the user's address
this way, converting the root folder's id with a placeholder mailbox). A string
that is no id of this shape is ``ErrorInvalidIdMalformed`` (exchangelib's version
probe relies on that error). Formats: EwsId and EwsLegacyId (the same string
here), EntryId (the PR_ENTRYID bytes in base64) and HexEntryId (the same bytes in
hex); StoreId and OwaId are not modelled.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from emulators.ews.ops.common import Context
from emulators.ews.soap import M, ResponseError, attr, error, response, success

OPERATION = "ConvertId"
FORMATS = ("EwsLegacyId", "EwsId", "EntryId", "HexEntryId", "StoreId", "OwaId")
_PREFIX = b"AAMkAD"  # every store id: these bytes, 16 of a GUID, two zero bytes (store.new_id)
_ID_LENGTH = len(_PREFIX) + 18


def _malformed() -> ResponseError:
    return ResponseError("ErrorInvalidIdMalformed", "Id is malformed.")


def _entry_bytes(value: str, fmt: str) -> bytes:
    """The id's binary form (what follows the prefix), read in ``fmt``."""
    try:
        if fmt in ("EwsId", "EwsLegacyId"):
            raw = base64.b64decode(value, validate=True)
            if len(raw) != _ID_LENGTH or not raw.startswith(_PREFIX):
                raise _malformed()
            return raw[len(_PREFIX):]
        raw = bytes.fromhex(value) if fmt == "HexEntryId" else base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _malformed() from None
    if len(raw) != _ID_LENGTH - len(_PREFIX):
        raise _malformed()
    return raw


def _to_format(entry: bytes, fmt: str) -> str:
    if fmt in ("EwsId", "EwsLegacyId"):
        return base64.b64encode(_PREFIX + entry).decode("ascii")
    if fmt == "HexEntryId":
        return entry.hex().upper()
    return base64.b64encode(entry).decode("ascii")


def convert(ctx: Context, source: etree._Element, dest: str) -> str:
    fmt = source.get("Format", "")
    if fmt not in FORMATS or dest not in FORMATS:
        raise ResponseError("ErrorInvalidRequest", "The request is invalid.")
    if "StoreId" in (fmt, dest) or "OwaId" in (fmt, dest):
        raise ResponseError("ErrorUnsupportedTypeForConversion", "The type is not supported for conversion.")
    new_id = _to_format(_entry_bytes(source.get("Id", ""), fmt), dest)
    return f'<m:AlternateId xsi:type="t:AlternateIdType" Format="{dest}" Id={attr(new_id)} ' \
           f'Mailbox={attr(ctx.store.owner)}/>'


def handle(ctx: Context, body: etree._Element) -> str:
    dest = body.get("DestinationFormat", "EwsId")
    ids = body.find(f"{M}SourceIds")
    messages = []
    for src in ids if ids is not None else []:
        if not isinstance(src.tag, str):
            continue
        try:
            messages.append(success(OPERATION, convert(ctx, src, dest)))
        except ResponseError as exc:
            messages.append(error(OPERATION, exc))
    return response(OPERATION, messages)
