"""EWS Restriction and SortOrder elements translated to SQL over the items table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxml import etree

from emulators.ews import extended
from emulators.ews.soap import T, ResponseError, to_bool
from emulators.ews.store import format_dt

# Field URI -> (column, type) for the properties a restriction or sort may use.
COLUMNS: dict[str, tuple[str, str]] = {
    "item:Subject": ("subject", "str"),
    "item:DateTimeReceived": ("received", "datetime"),
    "item:DateTimeSent": ("sent", "datetime"),
    "item:DateTimeCreated": ("created", "datetime"),
    "item:LastModifiedTime": ("modified", "datetime"),
    "item:Size": ("size", "int"),
    "item:HasAttachments": ("has_attachments", "bool"),
    "item:IsDraft": ("is_draft", "bool"),
    "item:ItemClass": ("item_class", "str"),
    "item:Importance": ("importance", "str"),
    "item:Sensitivity": ("sensitivity", "str"),
    "message:IsRead": ("is_read", "bool"),
    "message:InternetMessageId": ("message_id", "str"),
    "message:ConversationTopic": ("conversation_topic", "str"),
}

_COMPARE = {
    "IsEqualTo": "=", "IsNotEqualTo": "!=", "IsGreaterThan": ">", "IsGreaterThanOrEqualTo": ">=",
    "IsLessThan": "<", "IsLessThanOrEqualTo": "<=",
}


def _field(elem: etree._Element) -> tuple[str, str]:
    uri_elem = elem.find(f"{T}FieldURI")
    if uri_elem is None:
        ext = elem.find(f"{T}ExtendedFieldURI")
        if ext is not None:  # any MAPI property may be restricted or sorted on
            return extended.parse(ext).sql()
        raise ResponseError("ErrorUnsupportedPathForQuery", "IndexedFieldURI paths are not supported in "
                            "restrictions by this server.")
    uri = uri_elem.get("FieldURI", "")
    if uri not in COLUMNS:
        raise ResponseError(
            "ErrorUnsupportedPathForQuery",
            "The property path is not supported for restrictions.",
            message_xml=f'<t:FieldURI FieldURI="{uri}"/>',
        )
    return COLUMNS[uri]


def _value(raw: str, kind: str) -> Any:
    try:
        if kind == "datetime":
            return format_dt(datetime.fromisoformat(raw.strip().replace("Z", "+00:00")))
        if kind == "int":
            return int(raw)
        if kind == "bool":
            return int(to_bool(raw))
    except ValueError:
        raise ResponseError("ErrorInvalidValueForProperty", f"{raw!r} is not a valid {kind} value.") from None
    return raw


def to_sql(elem: etree._Element) -> tuple[str, list[Any]]:
    tag = elem.tag[len(T):] if isinstance(elem.tag, str) and elem.tag.startswith(T) else str(elem.tag)
    if tag in ("And", "Or"):
        parts = [to_sql(c) for c in elem if isinstance(c.tag, str)]
        if not parts:
            raise ResponseError("ErrorInvalidRestriction", f"{tag} needs operands.")
        sql = f" {tag.upper()} ".join(f"({p[0]})" for p in parts)
        return sql, [v for p in parts for v in p[1]]
    if tag == "Not":
        inner = [c for c in elem if isinstance(c.tag, str)]
        if len(inner) != 1:
            raise ResponseError("ErrorInvalidRestriction", "Not needs one operand.")
        sql, params = to_sql(inner[0])
        return f"NOT ({sql})", params
    if tag == "Exists":
        col, _ = _field(elem)
        return f"{col} IS NOT NULL AND {col} != ''", []
    if tag in _COMPARE:
        col, kind = _field(elem)
        const = elem.find(f"{T}FieldURIOrConstant/{T}Constant")
        if const is None:
            raise ResponseError("ErrorInvalidRestriction", f"{tag} needs a constant.")
        value = _value(const.get("Value", ""), kind)
        cmp = f"{col} {_COMPARE[tag]} ?" + (" COLLATE NOCASE" if kind == "str" and tag in ("IsEqualTo", "IsNotEqualTo")
                                            else "")
        if elem.find(f"{T}ExtendedFieldURI") is not None:
            # A property with no value matches no comparison (and Not of one is true), as in MAPI.
            return f"COALESCE({cmp}, 0)", [value]
        return cmp, [value]
    if tag in ("Contains", "Excludes"):
        col, kind = _field(elem)
        const = elem.find(f"{T}Constant")
        if const is None:
            raise ResponseError("ErrorInvalidRestriction", f"{tag} needs a constant.")
        raw = const.get("Value", "")
        if tag == "Excludes":  # bitmask test
            return f"({col} & ?) = 0", [int(raw)]
        mode = elem.get("ContainmentMode", "Substring")
        ignore_case = "IgnoreCase" in elem.get("ContainmentComparison", "Exact")
        if mode == "FullString":
            return (f"{col} = ? COLLATE NOCASE" if ignore_case else f"{col} = ?"), [raw]
        pattern = {"Prefixed": "{}*", "Substring": "*{}*", "PrefixOnWords": "*{}*", "ExactPhrase": "*{}*"}.get(
            mode, "*{}*"
        ).format(_glob_escape(raw))
        if ignore_case:
            return f"lower({col}) GLOB ?", [pattern.lower()]
        return f"{col} GLOB ?", [pattern]
    raise ResponseError("ErrorInvalidRestriction", f"Unsupported restriction element {tag!r}.")


def _glob_escape(value: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in value)


def order_sql(sort_elem: etree._Element | None) -> str:
    if sort_elem is None:
        return "received DESC, pk DESC"  # Exchange's default view order
    parts = []
    for fo in sort_elem.findall(f"{T}FieldOrder"):
        col, _ = _field(fo)
        order = fo.get("Order", "Ascending")
        parts.append(f"{col} {'DESC' if order == 'Descending' else 'ASC'}")
    parts.append("pk DESC")
    return ", ".join(parts)
