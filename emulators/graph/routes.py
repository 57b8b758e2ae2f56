"""The Graph v1.0 mail subset: one handler per route, shared by HTTP requests and ``$batch``.

A handler takes a ``Call`` (method, path parts, query, headers, JSON body, the caller's
scopes) and returns a ``Reply`` or raises ``GraphError``.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import urlencode

from emulators.ews.store import MailboxStore, StaleChangeKey, is_mail_folder, now_utc
from emulators.graph import messages as m
from emulators.graph.errors import (
    GraphError,
    access_denied,
    bad_request,
    directory_denied,
    not_found,
    stale_etag,
)
from emulators.graph.faults import Faults

WELL_KNOWN = ("inbox", "drafts", "sentitems", "deleteditems", "outbox", "junkemail", "msgfolderroot")
DEFAULT_PAGE, MAX_PAGE = 10, 1000
MAX_BATCH = 20
_FILTER_RE = re.compile(
    r"^\s*(receivedDateTime|sentDateTime|createdDateTime|lastModifiedDateTime)\s+(ge|gt|le|lt|eq)\s+"
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\s*$", re.I)
_COLUMNS = {"receiveddatetime": "received", "sentdatetime": "sent", "createddatetime": "created",
            "lastmodifieddatetime": "modified"}
_OPS = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<", "eq": "="}
# Delegated permissions that allow each kind of access (any one of them suffices).
READ_MAIL = ("Mail.Read", "Mail.ReadWrite")
WRITE_MAIL = ("Mail.ReadWrite",)
SEND_MAIL = ("Mail.Send",)
READ_ME = ("User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "Directory.Read.All")
READ_SETTINGS = ("MailboxSettings.Read", "MailboxSettings.ReadWrite")
READ_USERS = ("User.ReadBasic.All", "User.Read.All", "Directory.Read.All")
READ_GROUPS = ("GroupMember.Read.All", "Group.Read.All", "Directory.Read.All")


@dataclass
class Call:
    method: str
    parts: list[str]  # path after /v1.0, split on "/", e.g. ["me", "messages", "ID"]
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: Any
    scopes: frozenset[str]
    base: str  # https://127.0.0.1:PORT/v1.0
    path: str = ""


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    store: MailboxStore
    faults: Faults
    user_id: str
    mailbox_settings: dict[str, Any]


def _need(call: Call, allowed: tuple[str, ...], denied: Callable[[], GraphError] = access_denied) -> None:
    if not call.scopes & set(allowed):
        raise denied()


# -- folders ----------------------------------------------------------------------
def _folder(ctx: Context, ref: str) -> Any:
    row = ctx.store.folder(distinguished=ref.lower()) if ref.lower() in WELL_KNOWN else None
    if row is None:
        row = ctx.store.folder(id=m.store_id(ref))
    if row is None:
        raise GraphError(404, "ErrorInvalidIdMalformed" if len(ref) < 20 else "ErrorItemNotFound",
                         "Id is malformed." if len(ref) < 20 else "The specified object was not found in the store.")
    return row


def list_folders(ctx: Context, call: Call) -> Reply:
    _need(call, READ_MAIL)
    root = ctx.store.folder_id("msgfolderroot")
    # mailFolders are the mail folders only: Graph lists calendars, contacts and tasks elsewhere.
    rows = [r for r in ctx.store.child_folders(root, deep=False) if is_mail_folder(r["folder_class"])]
    select = m.parse_select(call.query.get("$select"), m.FOLDER_LOWER, "mailFolder")
    top, skip = _paging(call)
    page = rows[skip:skip + top]
    out: dict[str, Any] = {"@odata.context": f"{call.base}/$metadata#users('{ctx.user_id}')/mailFolders",
                           "value": [m.render_folder(r, ctx.store.folder_counts(r["id"]), select) for r in page]}
    if skip + top < len(rows):
        out["@odata.nextLink"] = _next_link(call, skip + top)
    return Reply(body=out)


def get_folder(ctx: Context, call: Call) -> Reply:
    _need(call, READ_MAIL)
    row = _folder(ctx, call.parts[2])
    select = m.parse_select(call.query.get("$select"), m.FOLDER_LOWER, "mailFolder")
    body = m.render_folder(row, ctx.store.folder_counts(row["id"]), select)
    return Reply(body={"@odata.context": f"{call.base}/$metadata#users('{ctx.user_id}')/mailFolders/$entity", **body})


# -- message lists --------------------------------------------------------------------
def _paging(call: Call) -> tuple[int, int]:
    try:
        top = int(call.query.get("$top", DEFAULT_PAGE))
        skip = int(call.query.get("$skip", 0))
        if "$skiptoken" in call.query:
            skip = int(json.loads(_unb64(call.query["$skiptoken"]))["o"])
    except (ValueError, KeyError, TypeError):
        raise bad_request("Invalid $top, $skip or $skiptoken value.", "ErrorInvalidUrlQuery") from None
    if top < 1 or skip < 0:
        raise bad_request("Invalid $top or $skip value.", "ErrorInvalidUrlQuery")
    return min(top, MAX_PAGE), skip


def _next_link(call: Call, skip: int) -> str:
    query = {k: v for k, v in call.query.items() if k not in ("$skip", "$skiptoken")}
    query["$skip"] = str(skip)
    return f"{call.base}/{call.path}?{urlencode(query)}"


def _where(call: Call) -> tuple[str, tuple[Any, ...]]:
    text = call.query.get("$filter", "").strip()
    if not text:
        return "", ()
    clauses, params = [], []
    for part in re.split(r"\s+and\s+", text, flags=re.I):
        mt = _FILTER_RE.match(part)
        if not mt:
            raise bad_request(f"Invalid filter clause: {part}", "ErrorInvalidUrlQueryFilter")
        value = datetime.fromisoformat(mt.group(3).replace("Z", "+00:00")).astimezone(timezone.utc)
        clauses.append(f"{_COLUMNS[mt.group(1).lower()]} {_OPS[mt.group(2).lower()]} ?")
        params.append(value.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return " AND ".join(clauses), tuple(params)


def _order(call: Call) -> str:
    text = call.query.get("$orderby", "receivedDateTime desc").strip()
    mt = re.fullmatch(r"(\w+)(?:\s+(asc|desc))?", text, re.I)
    if not mt or mt.group(1).lower() not in _COLUMNS:
        raise bad_request(f"The $orderby value '{text}' is not supported.", "ErrorInvalidUrlQuery")
    direction = (mt.group(2) or "asc").upper()
    return f"{_COLUMNS[mt.group(1).lower()]} {direction}, pk {direction}"


def list_messages(ctx: Context, call: Call) -> Reply:
    _need(call, READ_MAIL)
    folder = _folder(ctx, call.parts[2])
    select = m.parse_select(call.query.get("$select"))
    attachments, extended = m.parse_expand(call.query.get("$expand"))
    top, skip = _paging(call)
    where, params = _where(call)
    rows, total = ctx.store.find_items(folder["id"], where, params, order=_order(call), offset=skip, limit=top)
    fgid = m.graph_id(folder["id"])
    out: dict[str, Any] = {"@odata.context": f"{call.base}/$metadata#users('{ctx.user_id}')/mailFolders"
                                             f"('{call.parts[2]}')/messages"}
    if call.query.get("$count", "").lower() == "true":
        out["@odata.count"] = total
    out["value"] = [m.render_message(r, ctx.store.item_change_key(r), fgid, select, attachments, extended)
                    for r in rows]
    if skip + len(rows) < total:
        out["@odata.nextLink"] = _next_link(call, skip + len(rows))
    return Reply(body=out)


# -- one message --------------------------------------------------------------------
def _item(ctx: Context, gid: str) -> Any:
    row = ctx.store.get_item(m.store_id(gid))
    if row is None:
        raise not_found()
    return row


def _render(ctx: Context, row: Any, call: Call, select: list[str] | None = None) -> Reply:
    attachments, extended = m.parse_expand(call.query.get("$expand"))
    body = m.render_message(row, ctx.store.item_change_key(row), m.graph_id(row["folder"]), select, attachments,
                            extended)
    return Reply(body={"@odata.context": f"{call.base}/$metadata#users('{ctx.user_id}')/messages/$entity", **body},
                 headers={"ETag": body["@odata.etag"]})


def get_message(ctx: Context, call: Call) -> Reply:
    _need(call, READ_MAIL)
    return _render(ctx, _item(ctx, call.parts[2]), call, m.parse_select(call.query.get("$select")))


def _if_match(call: Call) -> str | None:
    """The change key the client saw (If-Match), or None for an unconditional write."""
    value = call.headers.get("if-match")
    if value is None or value.strip() == "*":
        return None
    v = value.strip()
    if v.startswith("W/"):
        v = v[2:]
    return v.strip('"')


def patch_message(ctx: Context, call: Call) -> Reply:
    _need(call, WRITE_MAIL)
    gid = call.parts[2]
    values = m.values_from_json(call.body)
    ctx.faults.before_write(ctx.store, m.store_id(gid), gid)
    try:
        ctx.store.update_item(m.store_id(gid), values, expected_change_key=_if_match(call))
    except KeyError:
        raise not_found() from None
    except StaleChangeKey:
        raise stale_etag() from None
    return _render(ctx, _item(ctx, gid), call)


def delete_message(ctx: Context, call: Call) -> Reply:
    _need(call, WRITE_MAIL)
    gid = call.parts[2]
    ctx.faults.before_write(ctx.store, m.store_id(gid), gid)
    expected = _if_match(call)
    # The store's lock makes check-then-move one step (the EWS emulator's store, reused).
    with ctx.store._lock:  # noqa: SLF001
        row = _item(ctx, gid)
        if expected is not None and expected != ctx.store.item_change_key(row):
            raise stale_etag()
        trash = ctx.store.folder_id("deleteditems")
        if row["folder"] == trash:
            ctx.store.delete_item(row["id"])
        else:
            ctx.store.move_item(row["id"], trash)  # Graph's DELETE moves mail to Deleted Items
    return Reply(status=204)


def _owner(ctx: Context) -> list[str]:
    return [ctx.store.owner_name, ctx.store.owner, "Mailbox"]


def create_message(ctx: Context, call: Call) -> Reply:
    _need(call, WRITE_MAIL)
    folder = ctx.store.folder_id("drafts") if len(call.parts) == 2 else _folder(ctx, call.parts[2])["id"]
    values = {"body": "", "body_type": "Text", **m.values_from_json(call.body if call.body is not None else {})}
    values.update(is_draft=True, is_read=True)
    values.setdefault("from_json", _owner(ctx))
    values["size"] = len(values.get("body", "")) + len(values.get("subject", "")) + 500
    item_id, _ = ctx.store.add_item(folder, values)
    reply = _render(ctx, ctx.store.get_item(item_id), call)
    reply.status = 201
    reply.headers["Location"] = f"{call.base}/users('{ctx.user_id}')/messages('{m.graph_id(item_id)}')"
    return reply


def send_message(ctx: Context, call: Call) -> Reply:
    _need(call, SEND_MAIL)
    gid = call.parts[2]
    ctx.faults.before_write(ctx.store, m.store_id(gid), gid)
    with ctx.store._lock:  # noqa: SLF001 - one step, as above
        row = _item(ctx, gid)
        if not row["is_draft"]:
            raise bad_request("The item is not a draft and cannot be sent.", "ErrorInvalidOperation")
        if not (json.loads(row["to_json"]) or json.loads(row["cc_json"]) or json.loads(row["bcc_json"])):
            raise bad_request("At least one recipient is required, but none were found.", "ErrorInvalidRecipients")
        now = now_utc()
        ctx.store.move_item(row["id"], ctx.store.folder_id("sentitems"),
                            {"is_draft": False, "is_submitted": True, "sent": now, "received": now,
                             "from_json": _owner(ctx)})
    return Reply(status=202)


def send_mail(ctx: Context, call: Call) -> Reply:
    _need(call, SEND_MAIL)
    if not isinstance(call.body, dict) or not isinstance(call.body.get("message"), dict):
        raise bad_request("Empty Payload. JSON content expected.", "ErrorInvalidRequest")
    values = {"body": "", "body_type": "Text", **m.values_from_json(call.body["message"])}
    if not (values.get("to_json") or values.get("cc_json") or values.get("bcc_json")):
        raise bad_request("At least one recipient is required, but none were found.", "ErrorInvalidRecipients")
    if call.body.get("saveToSentItems", True):
        now = now_utc()
        values.update(is_draft=False, is_submitted=True, is_read=True, sent=now, received=now,
                      from_json=_owner(ctx), size=len(values.get("body", "")) + 500)
        ctx.store.add_item(ctx.store.folder_id("sentitems"), values)
    return Reply(status=202)


# -- delta -------------------------------------------------------------------------------
def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def _unb64(token: str) -> str:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()


def delta(ctx: Context, call: Call) -> Reply:
    """Per-folder delta: the first round lists every item; its last page carries a
    deltaLink whose token marks the change log; later rounds return items created or
    changed since (once each) and removed ones as ``@removed``."""
    _need(call, READ_MAIL)
    folder = _folder(ctx, call.parts[2])
    select = m.parse_select(call.query.get("$select"))
    size = _max_page_size(call)
    try:
        if "$skiptoken" in call.query:
            state = json.loads(_unb64(call.query["$skiptoken"]))
        elif "$deltatoken" in call.query:
            state = {"since": json.loads(_unb64(call.query["$deltatoken"]))["s"], "o": 0}
        else:
            state = {"since": None, "o": 0}
    except (ValueError, KeyError, TypeError):
        raise GraphError(410, "SyncStateNotFound", "The sync state generation is not valid or has expired. "
                         "Start a new sync without a delta token.") from None
    if state.get("f", folder["id"]) != folder["id"]:
        raise GraphError(400, "SyncStateInvalid", "The delta token belongs to another folder.")
    anchor = state.get("a", ctx.store.last_seq())
    if state["since"] is None:
        ids = ctx.store.item_ids_in(folder["id"])
    else:
        seen: dict[str, None] = {}
        for seq, item_id, _kind in ctx.store.changes_since(folder["id"], int(state["since"])):
            if seq > anchor:
                break
            seen.pop(item_id, None)
            seen[item_id] = None  # an item changed twice is returned once, at its last change
        ids = list(seen)
    offset = int(state["o"])
    page = ids[offset:offset + size]
    fgid = m.graph_id(folder["id"])
    value = []
    for item_id in page:
        row = ctx.store.get_item(item_id)
        if row is None or row["folder"] != folder["id"]:
            value.append({"@odata.type": "#microsoft.graph.message", "id": m.graph_id(item_id),
                          "@removed": {"reason": "deleted"}})
        else:
            value.append({"@odata.type": "#microsoft.graph.message",
                          **m.render_message(row, ctx.store.item_change_key(row), fgid, select)})
    out: dict[str, Any] = {"@odata.context": f"{call.base}/$metadata#Collection(message)", "value": value}
    keep = {k: v for k, v in call.query.items() if k in ("$select",)}
    if offset + size < len(ids):
        token = _b64({"f": folder["id"], "since": state["since"], "a": anchor, "o": offset + size})
        out["@odata.nextLink"] = f"{call.base}/{call.path}?{urlencode({**keep, '$skiptoken': token})}"
    else:
        token = _b64({"s": anchor})
        out["@odata.deltaLink"] = f"{call.base}/{call.path}?{urlencode({**keep, '$deltatoken': token})}"
    return Reply(body=out, headers={"Preference-Applied": f"odata.maxpagesize={size}"})


def _max_page_size(call: Call) -> int:
    mt = re.search(r"odata\.maxpagesize\s*=\s*(\d+)", call.headers.get("prefer", ""))
    return max(1, min(int(mt.group(1)), MAX_PAGE)) if mt else DEFAULT_PAGE


# -- the user, settings and directory -------------------------------------------------------
def _user(ctx: Context, address: str, user_id: str | None = None) -> dict[str, Any] | None:
    p = ctx.store.person(address)
    if p is None or p.kind != "Mailbox":
        return None
    return {"businessPhones": [p.phone] if p.phone else [], "displayName": p.name, "givenName": p.given_name or None,
            "jobTitle": p.title or None, "mail": p.address, "mobilePhone": p.mobile or None,
            "officeLocation": p.office or None, "preferredLanguage": "en-US", "surname": p.surname or None,
            "userPrincipalName": p.address, "id": user_id or str(uuid.uuid5(uuid.NAMESPACE_URL, p.address.lower())),
            "department": p.department or None, "companyName": p.company or None}


_DEFAULT_USER = ("businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
                 "preferredLanguage", "surname", "userPrincipalName", "id")


def _user_reply(ctx: Context, call: Call, user: dict[str, Any]) -> Reply:
    allowed = {k.lower(): k for k in user}
    select = m.parse_select(call.query.get("$select"), allowed, "user")
    body = {k: user[k] for k in (select or _DEFAULT_USER)}
    if select:
        body.setdefault("id", user["id"])
    return Reply(body={"@odata.context": f"{call.base}/$metadata#users/$entity", **body})


def me(ctx: Context, call: Call) -> Reply:
    _need(call, READ_ME, directory_denied)
    user = _user(ctx, ctx.store.owner, ctx.user_id) or {
        **{k: None for k in (*_DEFAULT_USER, "department", "companyName")}, "businessPhones": [],
        "id": ctx.user_id, "displayName": ctx.store.owner_name, "mail": ctx.store.owner,
        "userPrincipalName": ctx.store.owner}
    return _user_reply(ctx, call, user)


def mailbox_settings(ctx: Context, call: Call) -> Reply:
    _need(call, READ_SETTINGS)
    return Reply(body={"@odata.context": f"{call.base}/$metadata#users('{ctx.user_id}')/mailboxSettings",
                       **ctx.mailbox_settings})


def get_user(ctx: Context, call: Call) -> Reply:
    _need(call, READ_USERS, directory_denied)
    ref = call.parts[1]
    user = _user(ctx, ref) if "@" in ref else None
    if user is None:
        raise GraphError(404, "Request_ResourceNotFound",
                         f"Resource '{ref}' does not exist or one of its queried reference-property objects are "
                         "not present.")
    return _user_reply(ctx, call, user)


def _group_id(address: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, "group:" + address.lower()))


def _groups(ctx: Context) -> dict[str, Any]:
    out = {}
    for p in ctx.store.search_people(""):
        if p.kind != "Mailbox":
            out[_group_id(p.address)] = p
    return out


def list_groups(ctx: Context, call: Call) -> Reply:
    _need(call, READ_GROUPS, directory_denied)
    mt = re.fullmatch(r"\s*mail\s+eq\s+'([^']*)'\s*", call.query.get("$filter", ""), re.I)
    if not mt:
        raise bad_request("Only $filter=mail eq '...' is supported on /groups by this emulator.",
                          "Request_UnsupportedQuery")
    p = ctx.store.person(mt.group(1))
    value = [] if p is None or p.kind == "Mailbox" else [
        {"id": _group_id(p.address), "displayName": p.name, "mail": p.address, "mailEnabled": True,
         "securityEnabled": False, "groupTypes": []}]
    return Reply(body={"@odata.context": f"{call.base}/$metadata#groups", "value": value})


def group_members(ctx: Context, call: Call) -> Reply:
    _need(call, READ_GROUPS, directory_denied)
    group = _groups(ctx).get(call.parts[1])
    if group is None:
        raise GraphError(404, "Request_ResourceNotFound", f"Resource '{call.parts[1]}' does not exist.")
    transitive = call.parts[2].lower() == "transitivemembers"
    seen: dict[str, dict[str, Any]] = {}
    todo, visited = list(group.members), {group.address.lower()}
    while todo:
        addr = todo.pop(0)
        p = ctx.store.person(addr)
        if p is not None and p.kind != "Mailbox":
            if transitive and addr.lower() not in visited:
                visited.add(addr.lower())
                todo.extend(p.members)
            seen.setdefault(addr.lower(), {"@odata.type": "#microsoft.graph.group", "id": _group_id(addr),
                                           "displayName": p.name, "mail": p.address})
            continue
        seen.setdefault(addr.lower(), {"@odata.type": "#microsoft.graph.user",
                                       "id": str(uuid.uuid5(uuid.NAMESPACE_URL, addr.lower())),
                                       "displayName": p.name if p else addr, "mail": addr})
    return Reply(body={"@odata.context": f"{call.base}/$metadata#directoryObjects", "value": list(seen.values())})


# -- dispatch ---------------------------------------------------------------------------------
# (method, path pattern, operation name, handler); "*" matches one segment.
ROUTES: list[tuple[str, tuple[str, ...], str, Callable[[Context, Call], Reply]]] = [
    ("GET", ("me",), "me", me),
    ("GET", ("me", "mailboxsettings"), "mailboxSettings", mailbox_settings),
    ("GET", ("me", "mailfolders"), "mailFolders.list", list_folders),
    ("GET", ("me", "mailfolders", "*"), "mailFolders.get", get_folder),
    ("GET", ("me", "mailfolders", "*", "messages"), "messages.list", list_messages),
    ("POST", ("me", "mailfolders", "*", "messages"), "messages.create", create_message),
    ("GET", ("me", "mailfolders", "*", "messages", "delta"), "delta", delta),
    ("POST", ("me", "messages"), "messages.create", create_message),
    ("GET", ("me", "messages", "*"), "messages.get", get_message),
    ("PATCH", ("me", "messages", "*"), "messages.update", patch_message),
    ("DELETE", ("me", "messages", "*"), "messages.delete", delete_message),
    ("POST", ("me", "messages", "*", "send"), "messages.send", send_message),
    ("POST", ("me", "sendmail"), "sendMail", send_mail),
    ("GET", ("users", "*"), "users.get", get_user),
    ("GET", ("groups",), "groups.list", list_groups),
    ("GET", ("groups", "*", "transitivemembers"), "groups.members", group_members),
    ("GET", ("groups", "*", "members"), "groups.members", group_members),
]
OPERATIONS = sorted({r[2] for r in ROUTES} | {"batch"})


def route(method: str, parts: list[str]) -> tuple[str, Callable[[Context, Call], Reply]]:
    # OData functions and actions may be called as "delta()" or "microsoft.graph.delta()".
    lowered = [p.lower().removeprefix("microsoft.graph.").removesuffix("()") for p in parts]
    path_found = False
    for verb, pattern, op, handler in ROUTES:
        if len(pattern) == len(parts) and all(p == "*" or p == s for p, s in zip(pattern, lowered)):
            path_found = True
            if verb == method:
                return op, handler
    if path_found:
        raise GraphError(405, "Request_BadRequest", f"The HTTP method '{method}' is not allowed for this resource.")
    raise GraphError(400, "BadRequest", f"Resource not found for the segment '{parts[-1] if parts else ''}'.")
