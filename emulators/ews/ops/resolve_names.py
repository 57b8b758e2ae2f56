"""ResolveNames: directory lookup by address or name prefix, with contact data."""

from __future__ import annotations

from lxml import etree

from emulators.ews.ops.common import Context
from emulators.ews.soap import M, ResponseError, to_bool, error, response, success, text
from emulators.ews.store import Person

OPERATION = "ResolveNames"
LIMIT = 100  # Exchange returns at most 100 candidates


def mailbox_xml(p: Person) -> str:
    return (
        f"<t:Mailbox><t:Name>{text(p.name)}</t:Name><t:EmailAddress>{text(p.address)}</t:EmailAddress>"
        f"<t:RoutingType>SMTP</t:RoutingType><t:MailboxType>{p.kind}</t:MailboxType></t:Mailbox>"
    )


def _opt(tag: str, value: str) -> str:
    return f"<t:{tag}>{text(value)}</t:{tag}>" if value else ""


def contact_xml(p: Person) -> str:
    phones = "".join(
        f'<t:Entry Key="{key}">{text(val)}</t:Entry>'
        for key, val in (("BusinessPhone", p.phone), ("MobilePhone", p.mobile))
        if val
    )
    return (
        "<t:Contact><t:Culture>en-US</t:Culture>"
        f"{_opt('DisplayName', p.name)}{_opt('GivenName', p.given_name)}{_opt('CompanyName', p.company)}"
        f'<t:EmailAddresses><t:Entry Key="EmailAddress1">SMTP:{text(p.address)}</t:Entry></t:EmailAddresses>'
        f"{'<t:PhoneNumbers>' + phones + '</t:PhoneNumbers>' if phones else ''}"
        f"<t:ContactSource>ActiveDirectory</t:ContactSource>"
        f"{_opt('Department', p.department)}{_opt('JobTitle', p.title)}{_opt('OfficeLocation', p.office)}"
        f"{_opt('Surname', p.surname)}</t:Contact>"
    )


def handle(ctx: Context, body: etree._Element) -> str:
    full = to_bool(body.get("ReturnFullContactData", "false"))
    messages = []
    for entry in body.findall(f"{M}UnresolvedEntry"):
        query = (entry.text or "").strip()
        people = ctx.store.search_people(query) if query else []
        if not people:
            messages.append(error(OPERATION, ResponseError("ErrorNameResolutionNoResults", "No results were found.")))
            continue
        shown = people[:LIMIT]
        resolutions = "".join(
            f"<t:Resolution>{mailbox_xml(p)}{contact_xml(p) if full else ''}</t:Resolution>" for p in shown
        )
        inner = (
            f'<m:ResolutionSet TotalItemsInView="{len(shown)}" '
            f'IncludesLastItemInRange="{"true" if len(people) <= LIMIT else "false"}">{resolutions}</m:ResolutionSet>'
        )
        if len(people) == 1:
            messages.append(success(OPERATION, inner))
        else:
            messages.append(
                error(
                    OPERATION,
                    ResponseError("ErrorNameResolutionMultipleResults", "Multiple results were found."),
                    inner,
                    response_class="Warning",
                )
            )
    return response(OPERATION, messages)
