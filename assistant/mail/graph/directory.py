"""The user's directory entry (signature defaults) and recipients resolved for EM401.

Reading other users and group members needs ``User.ReadBasic.All`` and
``GroupMember.Read.All``, which the assistant does not ask for by default (the
second needs an admin's consent). Without them ``resolve_recipients`` returns the
recipients as written (no list sizes) instead of failing the drafts view.
"""

from __future__ import annotations

import logging
from typing import Sequence
from urllib.parse import quote, urlencode

from assistant.core.model import Recipient
from assistant.mail.backend import DirectoryEntry
from assistant.mail.errors import AuthError
from assistant.mail.graph.client import Answer, GraphClient, path_id

log = logging.getLogger(__name__)
ME_SELECT = "displayName,mail,userPrincipalName,jobTitle,department,companyName,officeLocation,businessPhones,mobilePhone"


def me(client: GraphClient, email: str) -> DirectoryEntry:
    u = client.get("me", {"$select": ME_SELECT})
    phones = u.get("businessPhones") or []
    return DirectoryEntry(
        email=u.get("mail") or u.get("userPrincipalName") or email, name=u.get("displayName") or "",
        title=u.get("jobTitle") or "", department=u.get("department") or "", company=u.get("companyName") or "",
        office=u.get("officeLocation") or "", phone=phones[0] if phones else "", mobile=u.get("mobilePhone") or "")


def _group_query(address: str) -> str:
    flt = "mail eq '" + address.replace("'", "''") + "'"
    return "/groups?" + urlencode({"$filter": flt, "$select": "id,displayName,mail"}, quote_via=quote)


def _members_url(group_id: str, transitive: bool = True) -> str:
    kind = "transitiveMembers" if transitive else "members"
    return f"/groups/{path_id(group_id)}/{kind}?$select=mail,displayName&$top=999"


def _denied(answers: dict[str, Answer]) -> bool:
    return bool(answers) and all(a.status == 403 for a in answers.values())


def resolve_recipients(client: GraphClient, recipients: Sequence[Recipient | str]) -> list[Recipient]:
    """Names from the directory and distribution lists with their member count (nested lists
    counted by their members): one ``$batch`` per 10 addresses, one per 20 lists."""
    wanted = [Recipient(address=r) if isinstance(r, str) else r for r in recipients]
    if not wanted:
        return []
    reqs = []
    for n, r in enumerate(wanted):
        reqs.append({"id": f"u{n}", "method": "GET",
                     "url": f"/users/{path_id(r.address)}?$select=displayName,mail"})
        reqs.append({"id": f"g{n}", "method": "GET", "url": _group_query(r.address)})
    answers = client.batch(reqs)
    if _denied(answers):
        log.info("no directory permission (User.ReadBasic.All, GroupMember.Read.All): list sizes unknown")
        return wanted
    groups: dict[int, dict] = {}
    names: dict[int, str] = {}
    for n, r in enumerate(wanted):
        g, u = answers.get(f"g{n}"), answers.get(f"u{n}")
        found = (g.body or {}).get("value") if g is not None and g.status == 200 else None
        if found:
            groups[n] = found[0]
            names[n] = found[0].get("displayName") or ""
        elif u is not None and u.status == 200 and (u.body.get("mail") or "").lower() == r.address.lower():
            names[n] = u.body.get("displayName") or ""
    sizes = _group_sizes(client, {n: g["id"] for n, g in groups.items()})
    return [Recipient(address=r.address, name=r.name or names.get(n, ""), group_size=sizes.get(n))
            for n, r in enumerate(wanted)]


def _group_sizes(client: GraphClient, group_ids: dict[int, str]) -> dict[int, int]:
    if not group_ids:
        return {}
    answers = client.batch([{"id": str(n), "method": "GET", "url": _members_url(gid)} for n, gid in group_ids.items()])
    sizes = {}
    for n in group_ids:
        ans = answers.get(str(n))
        if ans is None or ans.status != 200:
            continue
        members = list(ans.body.get("value", []))
        link = ans.body.get("@odata.nextLink")
        while link:  # a list of more than 999 people
            page = client.get(link)
            members.extend(page.get("value", []))
            link = page.get("@odata.nextLink")
        sizes[n] = len({(m.get("mail") or m.get("id") or "").lower() for m in members
                        if m.get("@odata.type") == "#microsoft.graph.user"})
    return sizes


def expand_group(client: GraphClient, address: str) -> list[Recipient]:
    """A distribution list's direct members, nested lists as one entry each (as EWS's
    ExpandDL answers); [] when the address is not a list."""
    try:
        found = client.get(_group_query(address).lstrip("/")).get("value", [])
    except AuthError as exc:
        raise AuthError(f"reading distribution lists needs the GroupMember.Read.All permission ({exc})") from None
    if not found:
        return []
    out, seen = [], set()
    for page in client.pages(_members_url(found[0]["id"], transitive=False).lstrip("/")):
        for m in page.get("value", []):
            mail = (m.get("mail") or "").lower()
            if mail and mail not in seen:
                seen.add(mail)
                name = m.get("displayName") or ""
                out.append(Recipient(address=m["mail"], name="" if name.lower() == mail else name))
    return out
