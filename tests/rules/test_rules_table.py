"""Must-flag and must-pass tables for every rule, on realistic District mail.

Each case is one draft and one rule code: a must-flag case asserts the code is
among ``check(draft)``'s codes (and, for body hints, that a span's excerpt
covers the offending words); a must-pass case asserts it is not. Cases where a
rule misbehaves on realistic mail stay in the table as strict xfails, so the
suite turns red the day the rule is fixed and the mark can go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from assistant.core.check import check
from assistant.core.content import parse
from assistant.core.model import Attachment, ComposeType, Draft, Recipient, Severity
from assistant.policy import default_policy
from assistant.rules import RULES

from .district_mail import (
    COUNSELOR,
    COUNSELOR_NOTE,
    FIELD_TRIP,
    NOTICE,
    NOW,
    OFFICE_MANAGER,
    PADRES,
    PARENT,
    PARENTS,
    PRINCIPAL,
    STAFF,
    STAFF_LIST,
    STAFF_MEMO,
    TEACHER,
    VENDOR,
    VENDOR_NOTE,
    VICE_PRINCIPAL,
    html_body,
    html_doc,
    html_mail,
    html_notice,
    html_quote_outlook,
    html_quote_owa,
    html_signature,
    paras,
    text_body,
    text_mail,
    text_quote_gt,
    text_quote_outlook,
)

POLICY = default_policy()


@dataclass
class Case:
    id: str
    code: str
    draft: Draft
    flag: bool
    # For body hints: words that one of the hint's excerpts must cover.
    words: tuple[str, ...] = ()
    xfail: str | None = None
    field: str | None = None


CASES: list[Case] = []


def flag(id: str, code: str, d: Draft, *words: str, xfail: str | None = None, field: str | None = None) -> None:
    CASES.append(Case(id, code, d, True, tuple(words), xfail, field))


def ok(id: str, code: str, d: Draft, *, xfail: str | None = None) -> None:
    CASES.append(Case(id, code, d, False, (), xfail))


def staff_memo(**kw) -> Draft:
    kw.setdefault("sender", PRINCIPAL)
    kw.setdefault("to", (PRINCIPAL,))
    kw.setdefault("bcc", (STAFF_LIST,))
    kw.setdefault("subject", "Report card comments due December 4")
    return html_mail(kw.pop("body", STAFF_MEMO), **kw)


LONG_HISTORY = "\n\n".join(
    f"Paragraph {i} of last week's bulletin: the schedule for conferences, the rainy-day plan for recess, "
    "the library's new checkout rules, the book fair volunteers and the parking changes near the "
    "multipurpose room were all discussed at length by the leadership team on Tuesday afternoon."
    for i in range(1, 41)
)  # about 1,700 words of quoted history

# ---------------------------------------------------------------- EM101 generic subject
flag("em101-empty", "EM101", text_mail(FIELD_TRIP, subject=""), field="subject")
flag("em101-bare-re", "EM101", text_mail(FIELD_TRIP, subject="RE:", compose=ComposeType.REPLY), field="subject")
flag("em101-question", "EM101", text_mail(FIELD_TRIP, subject="Question"), field="subject")
flag("em101-urgent-html", "EM101", html_mail(STAFF_MEMO, sender=PRINCIPAL, to=(PRINCIPAL,), bcc=(STAFF_LIST,), subject="URGENT"), field="subject")
flag("em101-quick-question", "EM101", text_mail(VENDOR_NOTE, sender=OFFICE_MANAGER, to=(VENDOR,), subject="Quick question"), field="subject")
flag("em101-pregunta", "EM101", text_mail(PADRES, subject="Pregunta", closing="Atentamente,"), field="subject")
flag("em101-hola", "EM101", text_mail(PADRES, subject="Hola", closing="Atentamente,"), field="subject")
flag("em101-fyi", "EM101", text_mail(COUNSELOR_NOTE, sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="FYI"), field="subject")
flag("em101-follow-up", "EM101", text_mail(VENDOR_NOTE, sender=OFFICE_MANAGER, to=(VENDOR,), subject="Following up"), field="subject")
ok("em101-specific", "EM101", text_mail(FIELD_TRIP, subject="Field trip permission slips due Friday"))
ok("em101-specific-spanish", "EM101", text_mail(PADRES, subject="Reunión de padres el jueves 19", closing="Atentamente,"))
ok("em101-reply-keeps-thread-subject", "EM101", text_mail(FIELD_TRIP, subject="RE: Question", compose=ComposeType.REPLY))
ok("em101-short-but-specific", "EM101", text_mail(COUNSELOR_NOTE, sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="Jaden's PE schedule"))
ok("em101-iep-meeting", "EM101", text_mail(COUNSELOR_NOTE, sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="IEP meeting Thursday"))
flag("em101-caps-first-sentence", "EM101", text_mail("PLEASE RETURN THE SIGNED FIELD TRIP FORMS BY FRIDAY. " + FIELD_TRIP, subject="Question"), field="subject")

# ---------------------------------------------------------------- EM102 new topic in old thread
_reply_text = "Thank you for the reminder. I will send the signed permission slip back with Sofia tomorrow morning."
flag(
    "em102-old-thread-date",
    "EM102",
    text_mail(
        "Quick question about something else: when are winter report cards going home, and will there be conferences in January?",
        subject="RE: Back to school night",
        compose=ComposeType.REPLY,
        in_reply_to_date=NOW - timedelta(days=75),
        quote=text_quote_outlook(PARENT, TEACHER, "Back to school night", "See you at back to school night on September 3."),
    ),
    field="subject",
)
flag(
    "em102-old-thread-date-from-quote-header",
    "EM102",
    text_mail(
        "When are winter report cards going home this year?",
        subject="RE: Back to school night",
        compose=ComposeType.REPLY,
        quote=text_quote_outlook(PARENT, TEACHER, "Back to school night", "See you at back to school night.", sent="Wednesday, September 2, 2026 7:12 PM"),
    ),
    field="subject",
)
flag(
    "em102-unrelated-content",
    "EM102",
    html_mail(
        "Separately from all of that, the district warehouse is collecting surplus laptops, projectors, "
        "document cameras and chromebook carts until December fifteenth; please label equipment "
        "with asset tags before pickup.",
        sender=OFFICE_MANAGER,
        to=(PRINCIPAL,),
        subject="RE: Kindergarten orientation",
        compose=ComposeType.REPLY,
        in_reply_to_date=NOW - timedelta(days=2),
        quote_html=html_quote_outlook(
            PRINCIPAL,
            OFFICE_MANAGER,
            "Kindergarten orientation",
            "Families touring kindergarten orientation Friday morning should gather near the cafeteria "
            "entrance; teachers will guide groups through classrooms, playground, library, and nurse office.",
        ),
    ),
    field="subject",
)
ok(
    "em102-recent-related-reply",
    "EM102",
    text_mail(
        _reply_text,
        to=(PARENT,),
        subject="RE: Field trip permission slips due Friday",
        compose=ComposeType.REPLY,
        in_reply_to_date=NOW - timedelta(days=1),
        quote=text_quote_gt(PARENT, "Is the permission slip for the field trip due Friday? Sofia lost hers."),
    ),
)
ok(
    "em102-new-message-old-date-ignored",
    "EM102",
    text_mail(FIELD_TRIP, in_reply_to_date=NOW - timedelta(days=200)),
)

# ---------------------------------------------------------------- EM201 cc overuse
flag("em201-six-cc", "EM201", staff_memo(to=(VICE_PRINCIPAL,), cc=STAFF[:6], bcc=()), field="cc")
flag("em201-cc-dwarfs-to", "EM201", text_mail(FIELD_TRIP, to=(PARENT,), cc=(PRINCIPAL, VICE_PRINCIPAL, COUNSELOR, OFFICE_MANAGER)), field="cc")
flag("em201-cc-distribution-list", "EM201", text_mail(FIELD_TRIP, to=(PARENT,), cc=(Recipient("3rdgrade@mdusd.org", "Third grade team", group_size=7),)), field="cc")
ok("em201-two-cc", "EM201", text_mail(FIELD_TRIP, to=(PARENT,), cc=(PRINCIPAL, COUNSELOR)))
ok("em201-balanced", "EM201", staff_memo(to=STAFF[:3], cc=STAFF[3:7], bcc=()))

# ---------------------------------------------------------------- EM301 reply-all caution
_ann_quote = html_quote_outlook(PRINCIPAL, STAFF[0], "Staff meeting moved to Thursday", "The staff meeting moves to Thursday at 3:15 in the library.")
_ann_quote_text = text_quote_outlook(PRINCIPAL, STAFF[0], "Staff meeting moved to Thursday", "The staff meeting moves to Thursday at 3:15 in the library.")


def reply_all(body: str, *, html: bool = True, to=None, closing: str = "", **kw) -> Draft:
    kw.setdefault("sender", TEACHER)
    kw.setdefault("subject", "RE: Staff meeting moved to Thursday")
    kw.setdefault("compose", ComposeType.REPLY_ALL)
    to = to if to is not None else (PRINCIPAL, *STAFF[:6])
    if html:
        return html_mail(body, to=to, closing=closing, quote_html=_ann_quote, **kw)
    return text_mail(body, to=to, closing=closing, quote=_ann_quote_text, **kw)


flag("em301-thanks-html", "EM301", reply_all("Thanks!"), "Thanks", field="to")
flag("em301-got-it-text", "EM301", reply_all("Got it, thank you.", html=False), "Got it", field="to")
flag("em301-plus-one", "EM301", reply_all("+1"), "+1", field="to")
flag("em301-see-you-there", "EM301", reply_all("Sounds good, see you there."), "see you there", field="to")
flag("em301-gracias", "EM301", reply_all("¡Muchas gracias!", html=False), "gracias", field="to")
flag("em301-dl-counts", "EM301", reply_all("Thank you!", to=(PRINCIPAL, STAFF_LIST)), "Thank you", field="to")
flag(
    "em301-thanks-as-closing",
    "EM301",
    reply_all("", closing="Thanks!"),
    field="to",
)
ok("em301-substantive", "EM301", reply_all(
    "Thanks. I can't make Thursday because of the IEP meeting for one of my students; could someone "
    "share the slides afterwards? I will read them before Friday."
))
ok("em301-reply-to-sender-only", "EM301", reply_all("Thanks!", to=(PRINCIPAL,), compose=ComposeType.REPLY))
ok("em301-two-recipients", "EM301", reply_all("Got it, thank you.", to=(PRINCIPAL, STAFF[0])))
ok("em301-new-message-not-reply", "EM301", html_mail("Thanks!", to=STAFF[:6], subject="Thank you for the baked goods at the staff meeting", closing=""))

# ---------------------------------------------------------------- EM401 Bcc for a large group
flag("em401-eleven-parents", "EM401", text_mail(FIELD_TRIP, to=PARENTS), field="to")
flag("em401-staff-list-expanded", "EM401", html_mail(STAFF_MEMO, sender=PRINCIPAL, to=(STAFF_LIST,), subject="Report card comments due December 4"), field="to")
flag("em401-to-plus-cc", "EM401", text_mail(FIELD_TRIP, to=PARENTS[:6], cc=PARENTS[6:10]), field="to")
ok("em401-parents-in-bcc", "EM401", text_mail(FIELD_TRIP, to=(TEACHER,), bcc=PARENTS))
ok("em401-nine-visible", "EM401", text_mail(FIELD_TRIP, to=PARENTS[:9]))
ok("em401-unexpanded-list-counts-one", "EM401", staff_memo(to=(Recipient("walnutacres-staff@mdusd.org", "Walnut Acres Staff"),), bcc=()))

# ---------------------------------------------------------------- EM501 notice missing
flag("em501-text-no-notice", "EM501", text_mail(FIELD_TRIP, notice=False))
flag("em501-html-no-notice", "EM501", html_mail(VENDOR_NOTE, sender=OFFICE_MANAGER, to=(VENDOR,), notice=False))
_altered = NOTICE.replace("may contain confidential information", "might contain private information")
flag(
    "em501-altered-notice",
    "EM501",
    text_mail(FIELD_TRIP, notice=False).replace(text=text_body(FIELD_TRIP, TEACHER, notice=False) + "\n" + _altered + "\n"),
    "CONFIDENTIALITY NOTICE",
)
_cut = NOTICE[: NOTICE.index("Unless you are")]
flag("em501-cut-short-notice", "EM501", text_mail(FIELD_TRIP, notice=False).replace(text=text_body(FIELD_TRIP, TEACHER, notice=False) + "\n" + _cut + "\n"), "CONFIDENTIALITY NOTICE")
ok("em501-text-notice", "EM501", text_mail(FIELD_TRIP))
ok("em501-html-notice", "EM501", html_mail(FIELD_TRIP))
# The notice hard-wrapped at 70 columns and lower-cased, as a plain-text client may send it.
_wrapped_words, _line, _lines = NOTICE.split(), "", []
for _w in _wrapped_words:
    if len(_line) + len(_w) > 70:
        _lines.append(_line.strip())
        _line = ""
    _line += " " + _w
_lines.append(_line.strip())
ok("em501-wrapped-lowercase-notice", "EM501", text_mail(FIELD_TRIP, notice=False).replace(
    text=text_body(FIELD_TRIP, TEACHER, notice=False) + "\n" + "\n".join(_lines).lower() + "\n"
))
_split_notice_html = (
    '<p class="MsoNormal" style="font-size:8pt"><b>CONFIDENTIALITY NOTICE:</b> This electronic mail '
    "<span>transmission, including any</span><br>attachments, may contain "
    + NOTICE[NOTICE.index("confidential information only") :].replace("Thank you.", "<i>Thank you.</i>")
    + "</p>"
)
ok("em501-notice-split-by-markup", "EM501", html_mail(FIELD_TRIP, notice=False).replace(
    html=html_doc(html_body(paras(FIELD_TRIP), TEACHER, notice=False) + _split_notice_html)
))

# ---------------------------------------------------------------- EM502 notice misplaced
_q_with_notice = html_quote_outlook(PRINCIPAL, TEACHER, "Yard duty schedule", "Here is the new yard duty schedule.\n\n" + NOTICE)
_q_with_notice_text = text_quote_outlook(PRINCIPAL, TEACHER, "Yard duty schedule", "Here is the new yard duty schedule.\n\n" + NOTICE)
_yard = "I can take Tuesday and Thursday morning yard duty; Wednesday I have a parent conference at 8."
for _id, _d in (
    ("html", html_mail(_yard, to=(PRINCIPAL,), subject="RE: Yard duty schedule", compose=ComposeType.REPLY, notice=False, quote_html=_q_with_notice)),
    ("text", text_mail(_yard, to=(PRINCIPAL,), subject="RE: Yard duty schedule", compose=ComposeType.REPLY, notice=False, quote=_q_with_notice_text)),
):
    flag(f"em502-notice-only-in-quote-{_id}", "EM502", _d)
    ok(f"em501-not-raised-when-notice-only-in-quote-{_id}", "EM501", _d)
# The same reply from Outlook on the web, signature typed as plain paragraphs (no crash path).
_owa_reply = html_mail(_yard, to=(PRINCIPAL,), subject="RE: Yard duty schedule", compose=ComposeType.REPLY).replace(
    html=html_doc(paras(_yard + "\n\nThanks,\nDana Whitfield\nThird Grade Teacher, Walnut Acres Elementary\n(925) 555-0142") + "\n"
                  + html_quote_owa(PRINCIPAL, TEACHER, "Yard duty schedule", "Here is the new yard duty schedule.\n\n" + NOTICE)))
flag("em502-notice-only-in-quote-owa", "EM502", _owa_reply)
ok("em501-not-raised-when-notice-only-in-quote-owa", "EM501", _owa_reply)
_above = NOTICE + "\n\n" + text_body(FIELD_TRIP, TEACHER, notice=False)
flag("em502-notice-above-signature-text", "EM502", text_mail(FIELD_TRIP).replace(text=_above), "CONFIDENTIALITY NOTICE")
ok("em501-not-raised-when-notice-above-signature", "EM501", text_mail(FIELD_TRIP).replace(text=_above))
flag(
    "em502-notice-above-signature-html",
    "EM502",
    html_mail(FIELD_TRIP).replace(html=html_doc(paras(FIELD_TRIP) + html_notice() + paras("Thank you,") + html_signature(TEACHER))),
    "CONFIDENTIALITY NOTICE",
)
flag("em502-notice-twice", "EM502", text_mail(FIELD_TRIP).replace(text=text_body(FIELD_TRIP, TEACHER) + "\n" + NOTICE + "\n"), "CONFIDENTIALITY NOTICE")
ok("em502-notice-beneath-signature", "EM502", text_mail(FIELD_TRIP))
ok("em502-notice-beneath-signature-html-reply", "EM502", html_mail(_yard, to=(PRINCIPAL,), subject="RE: Yard duty schedule", compose=ComposeType.REPLY, quote_html=_q_with_notice))

# ---------------------------------------------------------------- EM601 message too long
_long_body = " ".join(
    ["Thank you all for a strong first trimester. Here is what the leadership team decided on Tuesday about conferences, schedules and supervision."]
    * 14
)  # about 300 words
flag("em601-long-text", "EM601", text_mail(_long_body, sender=PRINCIPAL, to=(PRINCIPAL,), bcc=(STAFF_LIST,), subject="Trimester wrap-up and conference schedule"))
flag("em601-long-html", "EM601", staff_memo(body=_long_body, subject="Trimester wrap-up and conference schedule"))
_short = " ".join(["Conference sign-ups open Monday in the office, and the schedule is posted by the mailboxes."] * 8)  # ~120 words
ok("em601-long-quote-outlook-html", "EM601", html_mail(_short, to=(PRINCIPAL,), subject="RE: Weekly bulletin", compose=ComposeType.REPLY,
                                                      quote_html=html_quote_outlook(PRINCIPAL, TEACHER, "Weekly bulletin", LONG_HISTORY)))
ok("em601-long-quote-owa-html", "EM601", html_mail(_short, to=(PRINCIPAL,), subject="RE: Weekly bulletin", compose=ComposeType.REPLY,
                                                  quote_html=html_quote_owa(PRINCIPAL, TEACHER, "Weekly bulletin", LONG_HISTORY)))
ok("em601-long-quote-plain", "EM601", text_mail(_short, to=(PRINCIPAL,), subject="RE: Weekly bulletin", compose=ComposeType.REPLY,
                                               quote=text_quote_outlook(PRINCIPAL, TEACHER, "Weekly bulletin", LONG_HISTORY)))
ok("em601-long-quote-gt", "EM601", text_mail(_short, to=(PRINCIPAL,), subject="RE: Weekly bulletin", compose=ComposeType.REPLY,
                                            quote=text_quote_gt(PRINCIPAL, LONG_HISTORY)))
_230 = " ".join(["Conference sign-ups open Monday in the office, and the schedule is posted by the mailboxes."] * 15)  # ~225 words
ok("em601-notice-and-signature-not-counted", "EM601", text_mail(_230, subject="Conference sign-ups open Monday"))

# ---------------------------------------------------------------- EM602 several subjects
_multi = (
    "The permission slips for the field trip are due Friday.\n\n"
    "On another note, the PTA is asking for volunteers for the book fair.\n\n"
    "Separately, picture retakes are on December 2."
)
flag("em602-two-shifts-text", "EM602", text_mail(_multi), "On another note", "Separately")
flag("em602-two-shifts-html", "EM602", html_mail(_multi.replace("Separately,", "Also, unrelated:")), "On another note", "unrelated")
flag("em602-spanish", "EM602", text_mail(
    "Las boletas de permiso se entregan el viernes.\n\nPor otro lado, la PTA necesita voluntarios.\n\nCambiando de tema, las fotos se repiten el 2 de diciembre.",
    subject="Boletas de permiso y voluntarios", closing="Atentamente,"), "Por otro lado", "Cambiando de tema")
ok("em602-one-aside", "EM602", text_mail(FIELD_TRIP + "\n\nBy the way, the bus leaves from the front of the school."))
ok("em602-none", "EM602", html_mail(STAFF_MEMO, sender=PRINCIPAL, to=(PRINCIPAL,), bcc=(STAFF_LIST,), subject="Report card comments due December 4"))

# ---------------------------------------------------------------- EM701 signature missing
flag("em701-no-signature-text", "EM701", text_mail(FIELD_TRIP, signature=False))
flag("em701-no-signature-html", "EM701", html_mail(VENDOR_NOTE, sender=OFFICE_MANAGER, to=(VENDOR,), signature=False))
flag("em701-initial-only", "EM701", text_mail(FIELD_TRIP, signature=False).replace(text=FIELD_TRIP + "\n\nThanks,\nDana\n\n" + NOTICE + "\n"))
ok("em701-text-signature", "EM701", text_mail(FIELD_TRIP))
ok("em701-html-signature", "EM701", html_mail(FIELD_TRIP))
ok("em701-spanish-closing", "EM701", text_mail(PADRES, subject="Reunión de padres el jueves 19", closing="Atentamente,"))
ok("em701-sig-dash-delimiter", "EM701", text_mail(FIELD_TRIP, signature=False).replace(
    text=FIELD_TRIP + "\n\n-- \nDana Whitfield\nWalnut Acres Elementary | (925) 555-0142\n\n" + NOTICE + "\n"))
ok("em701-reply-with-signature-above-quote", "EM701", html_mail(_yard, to=(PRINCIPAL,), subject="RE: Yard duty schedule", compose=ComposeType.REPLY, quote_html=_q_with_notice))

# ---------------------------------------------------------------- EM801 too many colours
_colorful = (
    '<p class="MsoNormal"><span style="color:red">Field trip Tuesday!</span> '
    '<span style="color:#00B050">Bring a lunch</span> and '
    '<span style="color:#7030A0">wear walking shoes</span>. '
    '<span style="background-color:yellow">Slips due Friday.</span></p>'
)
flag("em801-four-colors", "EM801", html_mail(_colorful, body_is_html=True))
ok("em801-one-color-plus-link", "EM801", html_mail(
    '<p class="MsoNormal"><span style="color:#C00000">Slips are due Friday.</span> The route is on '
    '<a href="https://www.mdusd.org/trips" style="color:#0563C1">the district site</a>.</p>', body_is_html=True))
ok("em801-greys-and-black", "EM801", html_mail(
    '<p class="MsoNormal"><span style="color:#000000">Slips are due Friday.</span> '
    '<span style="color:#595959">We leave at 8:45.</span> <font color="windowtext">Thanks.</font></p>', body_is_html=True))
ok("em801-colors-only-in-quote", "EM801", html_mail(_yard, to=(PRINCIPAL,), subject="RE: Spirit week", compose=ComposeType.REPLY,
                                                   quote_html=html_quote_outlook(PRINCIPAL, TEACHER, "Spirit week", "Spirit week!", extra_html=_colorful)))

# ---------------------------------------------------------------- EM802 non-standard font
_comic = f'<p class="MsoNormal"><span style="font-family:\'Comic Sans MS\'">{FIELD_TRIP.splitlines()[2]}</span></p>'
flag("em802-comic-sans", "EM802", html_mail(_comic, body_is_html=True))
flag("em802-papyrus-font-tag", "EM802", html_mail('<p><font face="Papyrus">Happy Thanksgiving break to all our families.</font></p>', body_is_html=True))
flag("em802-three-standard-families", "EM802", html_mail(
    '<p style="font-family:Calibri">Slips are due Friday.</p><p style="font-family:Georgia">We leave at 8:45.</p>'
    '<p style="font-family:Verdana">Bring a lunch.</p>', body_is_html=True))
ok("em802-calibri-arial", "EM802", html_mail(
    '<p style="font-family:Calibri, sans-serif">Slips are due Friday.</p><p style="font-family:Arial">We leave at 8:45.</p>', body_is_html=True))
ok("em802-aptos-new-outlook", "EM802", html_mail('<div style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt">Slips are due Friday.</div>', body_is_html=True))
ok("em802-font-only-in-quote", "EM802", html_mail(_yard, to=(PRINCIPAL,), subject="RE: Spirit week", compose=ComposeType.REPLY,
                                                 quote_html=html_quote_outlook(PRINCIPAL, TEACHER, "Spirit week", "Spirit week!", extra_html=_comic)))

# ---------------------------------------------------------------- EM803 background or decoration
flag("em803-page-background", "EM803", html_mail(FIELD_TRIP, body_attrs='lang="EN-US" bgcolor="#FFFF99"'))
flag("em803-stationery-image", "EM803", html_mail(FIELD_TRIP, body_attrs='lang="EN-US" background="cid:autumn-leaves.jpg"'))
flag("em803-animated-gif", "EM803", html_mail(paras(FIELD_TRIP) + '<p><img src="cid:dancing-turkey.gif" width="120" height="120"></p>', body_is_html=True))
flag("em803-clipart", "EM803", html_mail(paras(FIELD_TRIP) + '<p><img src="https://example.org/img/pumpkin-clipart.png" alt="pumpkin clip art" width="200"></p>', body_is_html=True))
flag("em803-table-background", "EM803", html_mail('<table bgcolor="#FFCC00"><tr><td>Book fair this week!</td></tr></table>', body_is_html=True))
ok("em803-white-page", "EM803", html_mail(FIELD_TRIP, body_attrs='lang="EN-US" bgcolor="#FFFFFF"'))
ok("em803-photo-of-flyer", "EM803", html_mail(paras(FIELD_TRIP) + '<p><img src="cid:image001.jpg" alt="Lindsay Wildlife map" width="480" height="320"></p>', body_is_html=True))
ok("em803-logo-in-signature", "EM803", html_mail(FIELD_TRIP).replace(
    html=html_doc(html_body(paras(FIELD_TRIP), TEACHER).replace('<div id="Signature">', '<div id="Signature"><img src="cid:mdusd-logo.png" alt="MDUSD logo" width="90" height="40"><br>'))))
ok("em803-tracking-pixel", "EM803", html_mail(paras(FIELD_TRIP) + '<img src="https://news.example.org/open.gif" width="1" height="1">', body_is_html=True))
ok("em803-background-only-in-quote", "EM803", html_mail(_yard, to=(PRINCIPAL,), subject="RE: Spirit week", compose=ComposeType.REPLY,
                                                       quote_html=html_quote_outlook(PRINCIPAL, TEACHER, "Spirit week", "Spirit week!", extra_html='<table bgcolor="#FFCC00"><tr><td>Go Tigers</td></tr></table>')))

# ---------------------------------------------------------------- EM804 all caps
flag("em804-caps-subject", "EM804", text_mail(FIELD_TRIP, subject="FIELD TRIP FORMS DUE FRIDAY"), field="subject")
flag("em804-caps-run-text", "EM804", text_mail("PLEASE RETURN ALL LIBRARY BOOKS BY FRIDAY. " + FIELD_TRIP), "PLEASE RETURN ALL LIBRARY BOOKS")
flag("em804-run-from-a-short-word", "EM804", text_mail("THE FIELD TRIP FORMS ARE DUE FRIDAY. " + FIELD_TRIP), "THE FIELD TRIP FORMS")
flag("em804-caps-run-html", "EM804", html_mail('<p class="MsoNormal"><b>PLEASE DO NOT PARK IN THE STAFF PARKING LOT</b> during the book fair.</p>', body_is_html=True,
                                                 sender=PRINCIPAL, to=(PRINCIPAL,), bcc=(STAFF_LIST,), subject="Parking during the book fair"), "PLEASE DO NOT PARK", "STAFF PARKING")
# Words of three letters or fewer never count (RULES.md), so this is not a run of four.
ok("em804-short-words-do-not-count", "EM804", html_mail('<p class="MsoNormal"><b>DO NOT PARK IN THE LOT</b> during the book fair.</p>', body_is_html=True,
                                                          sender=PRINCIPAL, to=(PRINCIPAL,), bcc=(STAFF_LIST,), subject="Parking during the book fair"))
flag("em804-caps-spanish", "EM804", text_mail("FAVOR DE DEVOLVER LOS LIBROS ANTES DEL VIERNES.\n\n" + PADRES, subject="Reunión de padres el jueves 19", closing="Atentamente,"), "FAVOR DE DEVOLVER LOS LIBROS")
ok("em804-acronyms", "EM804", text_mail(
    "The IEP team will review CAASPP and ELPAC results with the PTA and the SELPA for our K-12 "
    "families. ELA and STEM nights are listed in the LCAP and the SARC. Questions go to the SST lead.",
    subject="IEP and CAASPP results night"))
ok("em804-acronym-subject", "EM804", text_mail(FIELD_TRIP, subject="PTA / IEP / CAASPP dates for MDUSD families"))
ok("em804-one-emphasised-word", "EM804", text_mail("Slips are due this Friday, NOT Monday. " + FIELD_TRIP))
ok("em804-short-caps-tokens", "EM804", text_mail("Bus 12 leaves at 8:45 AM from Lot B. " + FIELD_TRIP))

# ---------------------------------------------------------------- EM901 personal content
flag("em901-bbq-and-couch", "EM901", text_mail(
    "Hey! Are you and your husband still coming to the BBQ this weekend? I'm also selling my old couch, "
    "if you want it. Love you guys!", sender=TEACHER, to=(Recipient("jen.k@mdusd.org", "Jen Kim"),), subject="BBQ Saturday and the couch", closing="xoxo"), "weekend")
flag("em901-fantasy-football", "EM901", html_mail(
    "Fantasy football draft is Sunday at my house, bring chips. My wife says hi.",
    sender=OFFICE_MANAGER, to=(Recipient("ortizj@mdusd.org", "Jose Ortiz"),), subject="Draft day Sunday", closing="Later,"), "Fantasy", "Sunday")
ok("em901-weekend-once-business", "EM901", text_mail(VENDOR_NOTE + "\n\nWe are closed this weekend, so Monday delivery is best.",
                                                     sender=OFFICE_MANAGER, to=(VENDOR,), subject="PO 2026-1184 copy paper and toner"))
ok("em901-thanksgiving-closure-notice", "EM901", text_mail(
    "School is closed November 23-27 for Thanksgiving break. Classes resume Monday, November 30. "
    "Please remind students to bring their library books back after the break.",
    sender=PRINCIPAL, to=(PRINCIPAL,), bcc=PARENTS, subject="Thanksgiving break: no school November 23-27"))
ok("em901-student-family-context", "EM901", html_mail(
    "Jaden's mom called: his grandmother is in the hospital, so he may be absent Thursday. "
    "Please send his classwork home with his sister.", sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="Jaden absent Thursday - classwork"))
ok("em901-staff-celebration", "EM901", staff_memo(body=(
    "Our holiday potluck for staff is on Friday, December 18, in the multipurpose room after school. "
    "The sign-up sheet is in the staff lounge.")
    , subject="Staff holiday potluck December 18"))

# ---------------------------------------------------------------- EM902 chain letters, hoaxes, jokes
flag("em902-virus-hoax", "EM902", text_mail(
    "WARNING!! Do not open any email titled 'Holiday Greetings', it will erase your hard drive. "
    "This is not a hoax, it was confirmed by Microsoft. Forward this to everyone in your address book!",
    subject="FW: virus warning"), "Do not open any email")
flag("em902-chain-letter", "EM902", html_mail(
    "Forward this to 10 people within the next hour and your wish will come true. Don't break the chain!",
    subject="Make a wish"), "Forward this to")
flag("em902-joke-of-the-day", "EM902", text_mail("Joke of the day: why did the chicken cross the playground? To get to the other slide!",
                                                 to=STAFF[:3], subject="Friday smile"), "Joke of the day")
flag("em902-forwarded-hoax-in-quote", "EM902", text_mail(
    "Is this real? Thought you should see it.", subject="FW: Important virus information", compose=ComposeType.FORWARD,
    quote="\n---------- Forwarded message ---------\nFrom: Someone <someone@example.com>\nDate: Mon, Nov 16, 2026\n"
    "Subject: virus\n\nDo not open any email titled 'Holiday Greetings'. Forward this to everyone in your address book.\n"))
ok("em902-forward-to-families", "EM902", text_mail(FIELD_TRIP + "\n\nPlease forward this to any families who missed the meeting."))
ok("em902-good-luck", "EM902", text_mail("Good luck to all of our fifth graders on the CAASPP next week! Get a good night's sleep.",
                                         sender=PRINCIPAL, to=(PRINCIPAL,), bcc=PARENTS, subject="CAASPP testing next week"))
ok("em902-tis-alert-relay", "EM902", staff_memo(body=(
    "The Technology and Information Services Department has confirmed a phishing message going around "
    "that asks for your password. Do not click the link; report it with the Phish Alert button."),
    subject="Phishing message reported by TIS"))
ok("em902-one-joke-mention", "EM902", text_mail("The students laughed at every joke in the class play, and the families loved it. Thank you for helping.",
                                                subject="Thank you for helping with the class play"))

# ---------------------------------------------------------------- CF101 student or personnel records
_records = "Marco Alvarez has 6 unexcused absences this month and is failing math, so please call me."
flag("cf101-docstring-example", "CF101", text_mail("Maria Lopez has 14 unexcused absences and is failing Algebra.", to=(PARENT,)), "unexcused")
flag("cf101-external-parent-name-first", "CF101", text_mail(FIELD_TRIP + "\n\n" + _records, to=(PARENT,)), "unexcused")
flag("cf101-internal-name-first", "CF101", html_mail(_records, sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="Marco - attendance and math"), "unexcused")
flag("cf101-external-parent", "CF101", text_mail(FIELD_TRIP + "\n\nAlso, " + _records, to=(Recipient("tutor@learningtree.com", "Learning Tree Tutoring"),)), "unexcused")
flag("cf101-your-son-absences", "CF101", html_mail("Your son has missed 9 days this trimester and has 6 unexcused absences.", to=(PARENT,), subject="Attendance this trimester"), "unexcused")
flag("cf101-student-id", "CF101", text_mail("Please update the bus roster for student ID 4820193 starting Monday.", sender=OFFICE_MANAGER, to=(VENDOR,), subject="Bus roster update for Monday"), "4820193")
flag("cf101-ssn", "CF101", text_mail("The employee's SSN is 512-44-1234 for the background check.", sender=OFFICE_MANAGER, to=(VENDOR,), subject="Background check for the new aide"), "512-44-1234")
flag("cf101-iep-with-name", "CF101", text_mail("Sofia Ramirez has an IEP with speech services twice a week, so she will miss the last 20 minutes.",
                                                sender=TEACHER, to=(Recipient("coach@baysidesports.com", "Bayside Sports"),), subject="After-school program pickup time"), "IEP")
flag("cf101-iep-mid-sentence-name", "CF101", text_mail("On Tuesdays, Sofia Ramirez has an IEP speech session, so she will miss the last 20 minutes.",
                                                        sender=TEACHER, to=(Recipient("coach@baysidesports.com", "Bayside Sports"),), subject="After-school program pickup time"), "IEP")
flag("cf101-salary", "CF101", text_mail("Her salary for the 2026-27 year will be step 4 on the certificated schedule.", sender=OFFICE_MANAGER,
                                        to=(Recipient("loans@firstcreditunion.com", "First Credit Union"),), subject="Employment verification for J. Park"), "salary")
flag("cf101-salary-named", "CF101", text_mail("As requested, the salary of Jin Park for 2026-27 is step 4 on the certificated schedule.", sender=OFFICE_MANAGER,
                                              to=(Recipient("loans@firstcreditunion.com", "First Credit Union"),), subject="Employment verification for J. Park"), "salary")
ok("cf101-general-report-card-date", "CF101", text_mail("Report cards go home on Friday, December 11. Conferences are the week after.", subject="Report cards go home December 11"))
ok("cf101-attendance-statistic", "CF101", staff_memo(body="Our school-wide attendance rate was 96 percent in October, up from 94 percent last year.",
                                                     subject="October attendance rate 96 percent"))
ok("cf101-grading-window", "CF101", staff_memo())
ok("cf101-report-card-possessive", "CF101", text_mail("Please sign your child's report card and return the envelope by Friday.", to=PARENTS[:3], subject="Report card envelopes due Friday"))
ok(
    "cf101-report-card-instruction",
    "CF101",
    text_mail("Report cards go home Friday; please look over the report card with your child and sign the envelope.", to=PARENTS[:3], subject="Report card envelopes due Friday"),
)

# ---------------------------------------------------------------- CF102 identifying student media
_photos = (Attachment("IMG_2041.jpg", "image/jpeg", 2_400_000), Attachment("IMG_2042.jpg", "image/jpeg", 2_300_000))
flag("cf102-photos-to-newspaper", "CF102", text_mail(
    "Attached are photos of our students at the science fair for Sunday's community page.",
    to=(Recipient("news@contracostatimes.com", "Community desk"),), subject="Science fair photos for the community page", attachments=_photos), field="attachments")
flag("cf102-video-to-parent", "CF102", html_mail(
    "Here is the video from the assembly; my class did a great job.", to=(PARENT,), subject="Assembly video",
    attachments=(Attachment("assembly.mp4", "video/mp4", 40_000_000),)), field="attachments")
flag("cf102-name-with-photo", "CF102", text_mail(
    "I will send the photo of Sofia Ramirez with her science fair project to the newspaper, as my students asked.",
    to=(Recipient("news@contracostatimes.com", "Community desk"),), subject="Science fair winner for the community page"), "photo")
ok("cf102-photos-internal", "CF102", text_mail("Attached are photos of our students at the science fair for the yearbook.", to=(Recipient("yearbook@mdusd.org", "Yearbook"),),
                                               subject="Science fair photos for the yearbook", attachments=_photos))
ok("cf102-external-pdf", "CF102", text_mail(FIELD_TRIP, to=(PARENT,), attachments=(Attachment("permission-slip.pdf", "application/pdf", 80_000),)))
ok("cf102-external-inline-logo", "CF102", html_mail(FIELD_TRIP, to=(PARENT,), attachments=(Attachment("image001.png", "image/png", 6_000, inline=True, content_id="image001.png"),)))
ok("cf102-vendor-product-photo", "CF102", text_mail("Attached is a photo of the damaged toner box we received.", sender=OFFICE_MANAGER, to=(VENDOR,),
                                                    subject="Damaged toner delivery on PO 2026-1184", attachments=(Attachment("toner-box.jpg", "image/jpeg", 900_000),)))

# ---------------------------------------------------------------- CF201 harassing or derogatory
flag("cf201-lazy-brat", "CF201", text_mail("Honestly that kid is a lazy brat and his mother is worse.", sender=TEACHER, to=(VICE_PRINCIPAL,), subject="Jaden in 4th period"), "that kid", "lazy")
flag("cf201-you-are-pathetic", "CF201", html_mail("You are pathetic and everyone on staff knows it.", sender=TEACHER, to=(STAFF[0],), subject="Yesterday's meeting"), "You are pathetic")
flag("cf201-slur", "CF201", text_mail("That fag in 3rd period was at it again.", sender=TEACHER, to=(STAFF[0],), subject="3rd period"), "fag")
ok("cf201-form-is-useless", "CF201", text_mail("This form is useless; the new version leaves out the emergency contact line.", sender=OFFICE_MANAGER, to=(PRINCIPAL,),
                                               subject="Emergency card form is missing a line"))
ok("cf201-copier-is-garbage", "CF201", text_mail("The workroom copier is garbage again, jammed on every tray.", sender=TEACHER, to=(OFFICE_MANAGER,), subject="Workroom copier jammed"))
ok("cf201-reporting-name-calling", "CF201", html_mail("Jaden told me another boy called him stupid at lunch. I spoke with both of them.",
                                                      sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="Name-calling at lunch"))
ok(
    "cf201-counselor-documents-slur",
    "CF201",
    html_mail("A student reported that two classmates called her a \u201cspic\u201d in the hallway. I have notified the vice principal and her parents.",
              sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="Hallway incident report"),
)

# ---------------------------------------------------------------- CF202 threat
flag("cf202-kill-over-parking", "CF202", text_mail("If he takes my parking spot again I'll kill him.", sender=TEACHER, to=(STAFF[0],), subject="Parking spot"), "I'll kill")
flag("cf202-watch-your-back", "CF202", html_mail("You'll be sorry if you report me. Watch your back.", sender=TEACHER, to=(STAFF[1],), subject="Yesterday"), "sorry")
ok("cf202-counselor-reports-threat", "CF202", html_mail(
    "Jaden told me at lunch that another student said he would bring a gun to the dance. I am reporting this "
    "now; the student's parents have been called and I need you to start a threat assessment.",
    sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="Threat reported by a student - assessment needed"))
ok("cf202-quoted-threat", "CF202", text_mail(
    "A parent forwarded a post where a student wrote \"I'm going to kill everyone at school tomorrow\". The police have been notified.",
    sender=PRINCIPAL, to=(VICE_PRINCIPAL,), subject="Social media post reported tonight"))
ok(
    "cf202-shoot-you-an-email",
    "CF202",
    text_mail("I'll shoot you an email with the new bell schedule tomorrow morning.", sender=OFFICE_MANAGER, to=(PRINCIPAL,), subject="New bell schedule"),
)
ok(
    "cf202-balloons",
    "CF202",
    text_mail("Could two PTA volunteers blow up the balloons for the carnival on Friday morning?", to=PARENTS[:3], subject="Carnival balloons Friday morning"),
)

# ---------------------------------------------------------------- CF301 explicit content
flag("cf301-naked-pics", "CF301", text_mail("lol send me the pics from last night, the naked pics too", sender=TEACHER, to=(STAFF[0],), subject="Saturday", closing=""), "naked pics")
flag("cf301-porn", "CF301", html_mail("Check out this porn site, it's hilarious.", sender=TEACHER, to=(STAFF[0],), subject="Saturday"), "porn")
ok("cf301-sex-education", "CF301", text_mail(
    "Our 7th grade sex education unit starts Monday. Families may review the materials in the office or opt their child out in writing.",
    to=PARENTS[:3], subject="7th grade sex education unit starts Monday"))
ok("cf301-title-ix", "CF301", staff_memo(body="Title IX training on sexual harassment is due by January 15 in the Keenan portal.", subject="Title IX training due January 15"))
ok(
    "cf301-av-hookup",
    "CF301",
    text_mail("The projector hookup in room 12 is broken; can the tech come by before Thursday?", sender=TEACHER, to=(OFFICE_MANAGER,), subject="Room 12 projector cable"),
)
ok(
    "cf301-dance-recital-tights",
    "CF301",
    text_mail("Dancers should wear nude tights and black leotards for Friday's winter recital.", to=PARENTS[:3], subject="Winter recital costume: tights and leotards"),
)


# ------------------------------------------------------------------------------ the tests


def _param(c: Case):
    marks = [pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else []
    return pytest.param(c, id=f"{c.code}-{'flag' if c.flag else 'pass'}-{c.id}", marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_rule_table(case: Case) -> None:
    hints = check(case.draft)
    mine = [h for h in hints if h.code == case.code]
    if not case.flag:
        assert not mine, f"{case.code} must not flag this draft: {[h.message for h in mine]} {[h.excerpts for h in mine]}"
        return
    assert mine, f"{case.code} must flag this draft; got {[h.code for h in hints]}"
    if case.field:
        assert any(h.field == case.field for h in mine), [h.field for h in mine]
    new_text = parse(case.draft, POLICY.notice_words).new_text
    for h in mine:
        # Spans are offsets into the new text, and excerpts are exactly what they cover.
        assert len(h.excerpts) == len(h.spans)
        for span, excerpt in zip(h.spans, h.excerpts):
            assert 0 <= span.start < span.end <= len(new_text)
            assert new_text[span.start : span.end] == excerpt
    if case.words:
        covered = " ".join(e for h in mine for e in h.excerpts).lower()
        for w in case.words:
            assert w.lower() in covered, f"{case.code} excerpts {[h.excerpts for h in mine]} do not cover {w!r}"


def test_every_rule_has_flag_and_pass_cases() -> None:
    # The accessibility family has its own tables (tests/rules/test_accessibility.py,
    # which checks the same for AX101-AX106); every other rule has rows here.
    rules = {code for code in RULES if not code.startswith("AX")}
    flagged = {c.code for c in CASES if c.flag and not c.xfail}
    passed = {c.code for c in CASES if not c.flag and not c.xfail}
    assert rules - flagged == set(), "rules without a must-flag case"
    assert rules - passed == set(), "rules without a must-pass case"


CLEAN = {
    "teacher-to-parents-text": text_mail(FIELD_TRIP, to=(TEACHER,), bcc=PARENTS),
    "teacher-to-parent-html": html_mail(FIELD_TRIP, to=(PARENT,)),
    "principal-to-staff-html": staff_memo(),
    "office-manager-to-vendor-text": text_mail(VENDOR_NOTE, sender=OFFICE_MANAGER, to=(VENDOR,), subject="PO 2026-1184 copy paper and toner"),
    "teacher-to-parents-spanish": text_mail(PADRES, to=(PARENT,), subject="Reunión de padres el jueves 19", closing="Atentamente,"),
    "reply-outlook-html": html_mail(_yard, to=(PRINCIPAL,), subject="RE: Yard duty schedule", compose=ComposeType.REPLY, quote_html=_q_with_notice),
    "reply-plain-gt": text_mail(_reply_text, to=(PARENT,), subject="RE: Field trip permission slips due Friday", compose=ComposeType.REPLY,
                                in_reply_to_date=NOW - timedelta(days=1), quote=text_quote_gt(PARENT, "Is the slip due Friday? Sofia lost hers.")),
}


@pytest.mark.parametrize("name", list(CLEAN))
def test_well_written_mail_gets_no_hints(name: str) -> None:
    hints = check(CLEAN[name])
    assert [(h.code, h.message) for h in hints] == []


def test_a_note_about_a_named_student_inside_the_district_gets_only_the_sharing_reminder() -> None:
    """A counselor's note to the vice principal about a named student's conflict and plan
    is well written, and it is a student record shared inside the District: CF101's
    warning (share only with people authorized), never the error of a record going out.
    (The labelled District sets label such notes so; the records model reads them.)"""
    d = html_mail(COUNSELOR_NOTE, sender=COUNSELOR, to=(VICE_PRINCIPAL,), subject="Jaden's lunch plan and PE period")
    [hint] = check(d)
    assert hint.code == "CF101" and hint.severity is Severity.WARNING and "Jaden" in hint.message
