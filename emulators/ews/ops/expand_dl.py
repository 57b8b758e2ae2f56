"""ExpandDL: the members of a distribution list (one level, as Exchange does)."""

from __future__ import annotations

from lxml import etree

from emulators.ews.ops.common import Context
from emulators.ews.ops.resolve_names import mailbox_xml
from emulators.ews.soap import M, T, ResponseError, error, response, success
from emulators.ews.store import Person

OPERATION = "ExpandDL"


def handle(ctx: Context, body: etree._Element) -> str:
    address = (body.findtext(f"{M}Mailbox/{T}EmailAddress") or "").strip()
    group = ctx.store.person(address) if address else None
    if group is None or group.kind != "PublicDL":
        err = ResponseError("ErrorNameResolutionNoResults", "No results were found.")
        return response(OPERATION, [error(OPERATION, err)])
    members = [ctx.store.person(m) or Person(address=m, name="") for m in group.members]
    inner = "".join(mailbox_xml(p) for p in members)
    return response(
        OPERATION,
        [success(OPERATION, f'<m:DLExpansion TotalItemsInView="{len(members)}" IncludesLastItemInRange="true">'
                            f"{inner}</m:DLExpansion>")],
    )
