"""Realistic District mail for the rule tests, written for this project.

Builders return ``Draft``s the way the mail clients produce them: a plain-text
body or Outlook-style HTML, the signature and the BP 1114 notice where staff
put them, and replies with quoted history in Outlook HTML or plain text.
"""

from __future__ import annotations

import html as _html
from datetime import datetime, timedelta, timezone

from assistant.core.model import Attachment, ComposeType, Draft, Recipient
from assistant.policy import default_policy

NOTICE = default_policy().notice_text
NOW = datetime(2026, 11, 17, 15, 42, tzinfo=timezone(timedelta(hours=-8)))

# People (all District addresses end in mdusd.org; parents and vendors do not).
TEACHER = Recipient("whitfieldd@mdusd.org", "Dana Whitfield")
PRINCIPAL = Recipient("okaform@mdusd.org", "Michael Okafor")
OFFICE_MANAGER = Recipient("reyesl@mdusd.org", "Lucia Reyes")
COUNSELOR = Recipient("tanakas@mdusd.org", "Sam Tanaka")
VICE_PRINCIPAL = Recipient("brooksa@mdusd.org", "Angela Brooks")
VENDOR = Recipient("orders@bayareaschoolsupply.com", "Bay Area School Supply")
PARENT = Recipient("maria.lopez.family@gmail.com", "Maria Lopez")
PARENTS = tuple(Recipient(f"room14.family{i}@gmail.com", f"Family {i}") for i in range(1, 12))
STAFF = tuple(Recipient(f"staff{i}@mdusd.org", f"Staff Member {i}") for i in range(1, 9))
STAFF_LIST = Recipient("walnutacres-staff@mdusd.org", "Walnut Acres Staff", group_size=46)

SIGNATURES = {
    TEACHER.address: ["Dana Whitfield", "Third Grade Teacher, Walnut Acres Elementary", "(925) 555-0142 | whitfieldd@mdusd.org"],
    PRINCIPAL.address: ["Michael Okafor", "Principal, Walnut Acres Elementary School", "(925) 555-0100"],
    OFFICE_MANAGER.address: ["Lucia Reyes", "Office Manager, Walnut Acres Elementary", "(925) 555-0101 | reyesl@mdusd.org"],
    COUNSELOR.address: ["Sam Tanaka", "School Counselor, Oak Grove Middle School", "(925) 555-0177"],
    VICE_PRINCIPAL.address: ["Angela Brooks", "Vice Principal, Oak Grove Middle School", "(925) 555-0170"],
}


def signature_lines(sender: Recipient) -> list[str]:
    return SIGNATURES[sender.address]


# -- plain text -------------------------------------------------------------------


def text_body(body: str, sender: Recipient, *, closing: str = "Thank you,", signature: bool = True, notice: bool = True) -> str:
    """The author's words, a closing, the signature, then the notice beneath it."""
    parts = [body.strip()]
    if signature:
        parts.append("\n".join(([closing] if closing else []) + signature_lines(sender)))
    if notice:
        parts.append(NOTICE)
    return "\n\n".join(parts) + "\n"


def text_quote_outlook(sender: Recipient, to: Recipient, subject: str, body: str, sent: str = "Monday, November 16, 2026 4:05 PM") -> str:
    """Outlook's plain-text reply header and the original message below it."""
    return (
        "\n________________________________\n"
        f"From: {sender.name} <{sender.address}>\n"
        f"Sent: {sent}\n"
        f"To: {to.name} <{to.address}>\n"
        f"Subject: {subject}\n\n"
        f"{body.strip()}\n"
    )


def text_quote_gt(sender: Recipient, body: str, when: str = "Mon, Nov 16, 2026 at 4:05 PM") -> str:
    """Gmail-style "On … wrote:" with ``>`` quoted lines."""
    quoted = "\n".join("> " + line if line else ">" for line in body.strip().split("\n"))
    return f"\nOn {when} {sender.name} <{sender.address}> wrote:\n{quoted}\n"


# -- HTML (Outlook desktop / Outlook on the web) -------------------------------------


def paras(text: str) -> str:
    """Paragraphs as Outlook writes them (MsoNormal, an empty one between)."""
    out = []
    for block in text.strip().split("\n\n"):
        lines = "<br>\n".join(_html.escape(line) for line in block.split("\n"))
        out.append(f'<p class="MsoNormal">{lines}<o:p></o:p></p>')
    return '\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'.join(out)


def html_signature(sender: Recipient) -> str:
    lines = signature_lines(sender)
    inner = "<br>\n".join(_html.escape(x) for x in lines)
    return f'<div id="Signature"><p class="MsoNormal"><b>{inner.split("<br>", 1)[0]}</b><br>{inner.split("<br>", 1)[1]}</p></div>'


def html_notice(text: str = NOTICE) -> str:
    return f'<p class="MsoNormal" style="font-size:8.0pt;color:#595959">{_html.escape(text)}</p>'


def html_doc(inner: str, body_attrs: str = 'lang="EN-US" link="#0563C1" vlink="#954F72"') -> str:
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        "<style>p.MsoNormal{margin:0in;font-size:11.0pt;font-family:\"Calibri\",sans-serif;}</style>"
        f"</head><body {body_attrs}><div class=\"WordSection1\">\n{inner}\n</div></body></html>"
    )


def html_body(body_html: str, sender: Recipient, *, closing: str = "Thank you,", signature: bool = True, notice: bool = True) -> str:
    """Body markup, closing, signature and notice (without the document wrapper)."""
    parts = [body_html]
    if signature:
        if closing:
            parts.append(paras(closing))
        parts.append(html_signature(sender))
    if notice:
        parts.append(html_notice())
    return '\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'.join(parts)


def html_quote_outlook(sender: Recipient, to: Recipient, subject: str, body: str, sent: str = "Monday, November 16, 2026 4:05 PM", *, extra_html: str = "") -> str:
    """Outlook desktop's reply block: a border-top From: header, then the original."""
    return (
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">'
        f'<p class="MsoNormal"><b>From:</b> {_html.escape(sender.name)} &lt;{sender.address}&gt; <br>'
        f"<b>Sent:</b> {sent}<br><b>To:</b> {_html.escape(to.name)} &lt;{to.address}&gt;<br>"
        f"<b>Subject:</b> {_html.escape(subject)}<o:p></o:p></p></div>\n"
        f'<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n{paras(body)}\n{extra_html}'
    )


def html_quote_owa(sender: Recipient, to: Recipient, subject: str, body: str, sent: str = "Monday, November 16, 2026 4:05 PM", *, extra_html: str = "") -> str:
    """Outlook on the web / new Outlook: appendonsend, a rule, divRplyFwdMsg."""
    return (
        '<div id="appendonsend"></div>\n<hr style="display:inline-block;width:98%" tabindex="-1">\n'
        '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">'
        f"<b>From:</b> {_html.escape(sender.name)} &lt;{sender.address}&gt;<br><b>Sent:</b> {sent}<br>"
        f"<b>To:</b> {_html.escape(to.name)} &lt;{to.address}&gt;<br><b>Subject:</b> {_html.escape(subject)}</font>"
        "<div>&nbsp;</div></div>\n"
        f'<div class="BodyFragment"><font size="2"><span style="font-size:11pt;">{paras(body)}{extra_html}</span></font></div>'
    )


# -- drafts -------------------------------------------------------------------------


def draft(
    *,
    subject: str,
    sender: Recipient,
    to: tuple[Recipient, ...] | list[Recipient] = (),
    cc: tuple[Recipient, ...] | list[Recipient] = (),
    bcc: tuple[Recipient, ...] | list[Recipient] = (),
    text: str | None = None,
    html: str | None = None,
    compose: ComposeType = ComposeType.NEW,
    attachments: tuple[Attachment, ...] = (),
    in_reply_to_date: datetime | None = None,
    date: datetime | None = NOW,
) -> Draft:
    return Draft(
        subject=subject,
        sender=sender,
        to=tuple(to),
        cc=tuple(cc),
        bcc=tuple(bcc),
        text=text,
        html=html,
        compose_type=compose,
        attachments=attachments,
        in_reply_to_date=in_reply_to_date,
        date=date,
    )


def text_mail(body: str, *, sender: Recipient = TEACHER, subject: str = "Field trip permission slips due Friday", to=(PARENT,), closing: str = "Thank you,", signature: bool = True, notice: bool = True, quote: str = "", **kw) -> Draft:
    return draft(subject=subject, sender=sender, to=to, text=text_body(body, sender, closing=closing, signature=signature, notice=notice) + quote, **kw)


def html_mail(body: str, *, sender: Recipient = TEACHER, subject: str = "Field trip permission slips due Friday", to=(PARENT,), closing: str = "Thank you,", signature: bool = True, notice: bool = True, quote_html: str = "", body_is_html: bool = False, body_attrs: str | None = None, **kw) -> Draft:
    inner = html_body(body if body_is_html else paras(body), sender, closing=closing, signature=signature, notice=notice)
    if quote_html:
        inner += '\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n' + quote_html
    doc = html_doc(inner) if body_attrs is None else html_doc(inner, body_attrs)
    return draft(subject=subject, sender=sender, to=to, html=doc, **kw)


# Everyday messages that break no rule (used as bases for the tables).
FIELD_TRIP = (
    "Dear Room 14 families,\n\n"
    "Our class visits the Lindsay Wildlife Experience next Tuesday. Please sign the permission slip "
    "in your child's folder and send it back by Friday. We leave at 8:45 and return before lunch.\n\n"
    "If you can chaperone, reply to this message and I will send the volunteer form."
)
STAFF_MEMO = (
    "Good afternoon, team.\n\n"
    "Report card comments are due in Aeries by Friday, December 4. The grading window closes at 4 pm "
    "that day, and the office prints report cards the following Monday. If you need help with the "
    "comment bank, Angela and I will be in the library after school on Wednesday."
)
VENDOR_NOTE = (
    "Hello,\n\n"
    "Please find our purchase order 2026-1184 for 40 reams of copy paper and 12 toner cartridges "
    "for the HP M608. Delivery should go to the front office at 2151 Walnut Blvd. "
    "Could you confirm the delivery date and send the invoice to me?"
)
COUNSELOR_NOTE = (
    "Hi Angela,\n\n"
    "I met with Jaden this morning about the lunch-time conflict with the group of eighth graders. "
    "We made a plan for him to check in with me before lunch this week. Could we talk on Thursday "
    "about moving his PE period?"
)
PADRES = (
    "Estimadas familias:\n\n"
    "La reunión de padres será el jueves 19 de noviembre a las 6 pm en la biblioteca. "
    "Habrá cuidado de niños y servicio de interpretación. Por favor confirmen su asistencia con la oficina."
)
