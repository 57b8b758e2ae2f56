"""AX101-AX106 (RULES.md "Accessible mail"): must-flag and must-pass tables on District
newsletters and notices to families, the rules' documentation and citations, the WCAG
contrast arithmetic, and the two unsafe fixes.

The rules are run from their classes on a check ``Context`` (the module registers
itself with one line in ``RULE_MODULES``; these tests do not depend on that line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.core.accessibility import (
    BLACK,
    WHITE,
    Page,
    colours_may_fail,
    contrast,
    parse_colour,
    parse_size,
    sizes_may_fail,
)
from assistant.core.content import parse, split_html
from assistant.core.fixes.accessibility import fix_contrast, fix_text_size
from assistant.core.model import Applicability, ComposeType, Draft, Severity
from assistant.policy import default_policy
from assistant.rules import rules_of
from assistant.rules.accessibility import ACCESSIBILITY_RULES
from assistant.rules.base import DOC_SECTIONS, Context

from .district_mail import (
    NOTICE,
    PARENT,
    PARENTS,
    PRINCIPAL,
    TEACHER,
    html_mail,
    html_quote_outlook,
    html_quote_owa,
    text_mail,
)
from .test_catalogue import SHARED_POLICY, fragments, policy_text, quotes

POLICY = default_policy()
RULES = {r.code: r for r in ACCESSIBILITY_RULES}


def hints(d: Draft, code: str):
    return list(RULES[code]().check(Context(d, POLICY)))


def mail(body_html: str, **kw) -> Draft:
    """An Outlook HTML draft to families: body, closing, signature, notice."""
    kw.setdefault("to", (PARENT,))
    return html_mail(body_html, body_is_html=True, **kw)


def p(text: str, style: str = "") -> str:
    attr = f' style="{style}"' if style else ""
    return f'<p class="MsoNormal"{attr}>{text}<o:p></o:p></p>'


LOGO_SIGNATURE = (
    '<div id="Signature"><p class="MsoNormal"><b>Dana Whitfield</b><br>Third Grade Teacher, Walnut Acres Elementary<br>'
    "(925) 555-0142 | whitfieldd@mdusd.org</p>"
    '<p class="MsoNormal"><img width="160" height="48" id="Picture_x0020_2" src="cid:image002.png@01DB4A5C.9E0F2D30"></p></div>'
)


def with_logo(body_html: str, **kw) -> Draft:
    """A draft whose signature (Outlook's id="Signature" block) ends with the school logo."""
    return mail(body_html + "\n" + p("Thank you,") + "\n" + LOGO_SIGNATURE, signature=False, **kw)


def reply_owa(new_html: str, quoted_body_html: str) -> Draft:
    """An OWA reply: a short new text above a quoted newsletter (the quote holds ``quoted_body_html``)."""
    quote = html_quote_owa(PRINCIPAL, TEACHER, "Walnut Acres Weekly", "Walnut Acres Weekly", extra_html=quoted_body_html)
    return mail(new_html, to=(PRINCIPAL,), subject="RE: Walnut Acres Weekly", compose=ComposeType.REPLY, quote_html=quote)


def reply_outlook(new_html: str, quoted_body_html: str) -> Draft:
    quote = html_quote_outlook(PRINCIPAL, TEACHER, "Book fair", "Book fair next week", extra_html=quoted_body_html)
    return mail(new_html, to=(PRINCIPAL,), subject="RE: Book fair", compose=ComposeType.REPLY, quote_html=quote)


WEEKLY = p("Dear Walnut Acres families,") + p(
    "Here is this week's news. The book fair runs December 8-12 in the library, and picture retakes are Thursday."
)
SEMANAL = p("Estimadas familias de Walnut Acres:") + p(
    "La feria del libro será del 8 al 12 de diciembre en la biblioteca. Las fotos de reposición son el jueves."
)


@dataclass
class Case:
    id: str
    code: str
    draft: Draft
    flag: bool
    words: tuple[str, ...] = ()


CASES: list[Case] = []


def flag(id: str, code: str, d: Draft, *words: str) -> None:
    CASES.append(Case(id, code, d, True, words))


def ok(id: str, code: str, d: Draft) -> None:
    CASES.append(Case(id, code, d, False))


# ---------------------------------------------------------------- AX101 image without alt
_FLYER = '<p class="MsoNormal"><img width="600" height="776" id="Picture_x0020_1" src="cid:image001.png@01DB4A5C.9E0F2D30"{alt}></p>'
flag("ax101-outlook-pasted-flyer-no-alt", "AX101", mail(WEEKLY + _FLYER.format(alt="")))
flag("ax101-phone-photo-file-name", "AX101", mail(WEEKLY + _FLYER.format(alt=' alt="IMG_2041.jpg"')))
flag("ax101-outlook-image001", "AX101", mail(WEEKLY + _FLYER.format(alt=' alt="image001.png"')))
flag("ax101-word-image", "AX101", mail(WEEKLY + _FLYER.format(alt=' alt="image"')))
flag("ax101-word-photo", "AX101", mail(p("Our class at the Lindsay Wildlife Experience:") + _FLYER.format(alt=' alt="photo"')))
flag("ax101-spanish-imagen", "AX101", mail(SEMANAL + _FLYER.format(alt=' alt="imagen"'), subject="Noticias semanales"))
flag("ax101-camera-dsc", "AX101", mail(p("Photos from the harvest festival:") + '<p><img src="https://attachments.mdusd.org/DSC01234.JPG" alt="DSC01234"></p>'))
flag("ax101-screenshot-name", "AX101", mail(p("Where to find grades in ParentSquare:") + '<p><img src="cid:image003.png" alt="Screenshot 2026-11-03 at 10.22.14 AM"></p>'))
flag("ax101-linked-flyer-no-alt", "AX101", mail(p("Sign up for the Walk-a-thon:") + '<p><a href="https://www.mdusd.org/walkathon"><img src="cid:image004.jpg" width="500" height="300"></a></p>'))
flag("ax101-one-good-one-bad", "AX101", mail(
    WEEKLY + _FLYER.format(alt=' alt="Book fair flyer: December 8 to 12, library, 8 am to 4 pm"') + '<p><img src="cid:image005.jpg" alt="Picture 3"></p>'))
flag("ax101-flyer-pasted-last", "AX101", Draft(subject="Book fair", to=(PARENT,), html=(
    '<html><body><div class="WordSection1"><p class="MsoNormal">Dear families, the book fair flyer:</p>'
    '<p class="MsoNormal"><img width="612" height="792" src="cid:image001.png@01DB4A5C.9E0F2D30"></p></div></body></html>')))
flag("ax101-flyer-last-above-owa-quote", "AX101", mail(
    p("Please share this flyer:") + '<p><img src="cid:image008.png" width="600" height="800"></p>', signature=False, notice=False,
    compose=ComposeType.REPLY, subject="RE: Weekly news", quote_html=html_quote_owa(PRINCIPAL, TEACHER, "Weekly news", "Weekly news.")))
ok("ax101-picture-first-in-owa-quote", "AX101", mail(
    p("Thank you, I will share it."), signature=False, notice=False, compose=ComposeType.REPLY, subject="RE: Weekly news",
    quote_html=html_quote_owa(PRINCIPAL, TEACHER, "Weekly news", "Weekly news.").replace('<div class="BodyFragment">', '<div class="BodyFragment"><img src="cid:q.png" width="600" height="800">')))
flag("ax101-with-logo-signature-too", "AX101", with_logo(WEEKLY + _FLYER.format(alt="")))

ok("ax101-signature-logo-without-alt", "AX101", with_logo(WEEKLY))
ok("ax101-real-description", "AX101", mail(WEEKLY + _FLYER.format(alt=' alt="Book fair flyer: December 8 to 12 in the library, 8 am to 4 pm"')))
ok("ax101-decorative-empty-alt", "AX101", mail(WEEKLY + '<p><img src="cid:divider.png" width="600" height="8" alt=""></p>'))
ok("ax101-role-presentation", "AX101", mail(WEEKLY + '<p><img src="cid:border.png" width="600" height="12" role="presentation"></p>'))
ok("ax101-tracking-pixel", "AX101", mail(WEEKLY + '<img src="https://t.newsletters.example/o.gif" width="1" height="1">'))
ok("ax101-spacer-gif-and-rule", "AX101", mail(WEEKLY + '<img src="https://news.example.org/img/spacer.gif" width="20" height="10"><img src="cid:rule.gif" width="600" height="1">'))
ok("ax101-only-in-quoted-history", "AX101", reply_owa(p("Thanks, I will print copies for Room 14."), _FLYER.format(alt="")))
ok("ax101-plain-text-mentions-file", "AX101", text_mail("I attached IMG_2041.jpg, the class photo from Tuesday."))
ok("ax101-office-generated-description", "AX101", mail(
    p("Our garden club:") + '<p><img src="cid:image006.jpg" alt="A group of children planting vegetables  Description automatically generated"></p>'))
ok("ax101-spanish-description", "AX101", mail(SEMANAL + _FLYER.format(alt=' alt="Folleto de la feria del libro, del 8 al 12 de diciembre, en la biblioteca"'), subject="Noticias"))
ok("ax101-description-prefix", "AX101", mail(p("Pick-up map:") + '<p><img src="cid:image007.png" alt="Description: Map of the pick-up loop on Walnut Avenue"></p>'))

# ---------------------------------------------------------------- AX102 low contrast
flag("ax102-light-grey-on-white", "AX102", mail(WEEKLY + p('<span style="color:#999999">Picture retakes are Thursday morning.</span>')), "Picture retakes")
flag("ax102-yellow-on-white", "AX102", mail(p('<span style="color:yellow">Minimum day on Friday: dismissal at 12:30.</span>')), "Minimum day")
flag("ax102-just-under-4-5", "AX102", mail(p('<span style="color:#777777">Slips are due Friday.</span>')), "Slips are due")
flag("ax102-navy-in-black-banner", "AX102", mail(
    '<table><tr><td style="background:black;padding:8pt">' + p('<b><span style="font-size:12pt;color:#1F3864">Walnut Acres Weekly</span></b>') + "</td></tr></table>" + WEEKLY),
    "Walnut Acres Weekly")
flag("ax102-default-text-in-dark-cell", "AX102", mail(
    '<table class="MsoTableGrid"><tr><td bgcolor="#1F4E79">' + p("<span>Conferences are November 16-20.</span>") + "</td></tr></table>"), "Conferences")
flag("ax102-rgba-see-through-black", "AX102", mail(p('<span style="color:rgba(0,0,0,0.3)">Please label jackets and lunch boxes.</span>')), "label jackets")
flag("ax102-large-but-below-3", "AX102", mail(
    '<h1 style="font-size:24pt;color:#AAAAAA">Winter Concert</h1>' + p("Thursday, December 10, 6 pm, multipurpose room.")), "Winter Concert")
flag("ax102-owa-font-gold", "AX102", mail('<div><font face="Calibri" color="#FFC000">Spirit week starts Monday!</font></div>'), "Spirit week")
flag("ax102-black-page-background", "AX102", mail(WEEKLY, body_attrs='lang="EN-US" bgcolor="#000000"'), "Dear Walnut Acres")
flag("ax102-spanish-orange-on-red", "AX102", mail(
    '<p style="background:#C00000"><span style="color:#FF6600">¡Feria del libro del 8 al 12 de diciembre!</span></p>', subject="Feria del libro"), "Feria del libro")
flag("ax102-gold-on-pale-yellow-cell", "AX102", mail(
    '<table><tr><td style="background-color:#FFF2CC">' + p('<span style="color:#FFC000">Bring a canned food item.</span>') + "</td></tr></table>"), "canned food")

ok("ax102-white-on-dark-cell", "AX102", mail(
    '<table><tr><td bgcolor="#1F3864" style="padding:8pt">' + p('<b><span style="color:white">Walnut Acres Weekly</span></b>') + "</td></tr></table>" + WEEKLY))
ok("ax102-just-over-4-5", "AX102", mail(p('<span style="color:#767676">Slips are due Friday.</span>')))
ok("ax102-large-text-at-3-to-1", "AX102", mail('<p><span style="font-size:18pt;color:#949494">Winter Concert</span></p>' + WEEKLY))
ok("ax102-bold-14pt-at-3-3", "AX102", mail('<p><b><span style="font-size:14pt;color:#8C8C8C">Book Fair</span></b></p>' + WEEKLY))
ok("ax102-dark-red-on-white", "AX102", mail(p('<span style="color:#C00000">Slips are due Friday.</span>')))
ok("ax102-default-link-blue", "AX102", mail(p('Forms are on <a href="https://www.mdusd.org/forms" style="color:#0563C1">the District forms page</a>.')))
ok("ax102-low-contrast-only-in-quote", "AX102", reply_outlook(p("Thank you, I will be there."), p('<span style="color:#BFBFBF">Set-up starts at 7:30.</span>')))
ok("ax102-light-grey-notice", "AX102", mail(WEEKLY, notice=False).replace(
    html=mail(WEEKLY, notice=False).html.replace("</div></body>", f'<p class="MsoNormal" style="font-size:8pt;color:#A6A6A6">{NOTICE}</p></div></body>')))
ok("ax102-text-over-background-picture", "AX102", mail(
    '<table><tr><td background="cid:snowflakes.jpg">' + p('<span style="color:#DDDDDD">Happy holidays!</span>') + "</td></tr></table>"))
ok("ax102-see-through-white-on-navy", "AX102", mail(
    '<div style="background-color:#1F3864">' + p('<span style="color:rgba(255,255,255,0.9)">Winter break: December 21 to January 1.</span>') + "</div>"))
ok("ax102-black-on-yellow-highlight", "AX102", mail(p('<span style="background:yellow">Slips are due Friday.</span>')))
ok("ax102-same-colour-spacer-dot", "AX102", mail(WEEKLY + '<table><tr><td bgcolor="#DFEEDC"><font color="#DFEEDC">.</font></td></tr></table>'))
ok("ax102-plain-text", "AX102", text_mail("Slips are due Friday. Please write in dark ink."))

# ---------------------------------------------------------------- AX103 vague link text
_FORM = "https://docs.google.com/forms/d/e/1FAIpQLSdX3k9v2Yw7uZ/viewform?usp=sf_link"
flag("ax103-click-here", "AX103", mail(p(f'To volunteer at the book fair, <a href="{_FORM}">click here</a>.')), "click here")
flag("ax103-here", "AX103", mail(p(f'Sign up for a conference time <a href="{_FORM}">here</a>.')), "here")
flag("ax103-read-more", "AX103", mail(WEEKLY + p('<a href="https://walnutacres.mdusd.org/news/garden">Read more</a>')), "Read more")
flag("ax103-aqui", "AX103", mail(SEMANAL + p(f'Para inscribirse, vaya <a href="{_FORM}">aquí</a>.'), subject="Feria del libro"), "aquí")
flag("ax103-haga-clic-aqui", "AX103", mail(p('Para ver el menú de diciembre, <a href="https://www.mdusd.org/menus">haga clic aquí</a>.'), subject="Menú"), "haga clic aquí")
flag("ax103-bare-long-url", "AX103", mail(p(f'Permission slip: <a href="{_FORM}">{_FORM}</a>')), "docs.google.com")
flag("ax103-link", "AX103", mail(p(f'The volunteer form is at this <a href="{_FORM}">link</a>.')), "link")
flag("ax103-this", "AX103", mail(p(f'Please fill out <a href="{_FORM}">this</a> by Friday.')), "this")
flag("ax103-more-with-arrow", "AX103", mail(WEEKLY + p('<a href="https://walnutacres.mdusd.org/news">More »</a>')), "More")
flag("ax103-click-here-shouted", "AX103", mail(p(f'<a href="{_FORM}"><b>CLICK HERE!</b></a> to RSVP for Family Math Night.')), "CLICK HERE")

ok("ax103-descriptive-link", "AX103", mail(p(f'Please fill out the <a href="{_FORM}">book fair volunteer form</a> by Friday.')))
ok("ax103-short-url", "AX103", mail(p('Menus are on <a href="https://www.mdusd.org">www.mdusd.org</a>.')))
ok("ax103-click-here-only-in-quote", "AX103", reply_owa(p("Thank you! I signed up."), p(f'To volunteer, <a href="{_FORM}">click here</a>.')))
ok("ax103-email-address-link", "AX103", mail(p('Questions? Write to <a href="mailto:reyesl@mdusd.org">reyesl@mdusd.org</a>.')))
ok("ax103-here-link-in-signature", "AX103", mail(
    WEEKLY + p("Thank you,") + '<div id="Signature"><p class="MsoNormal"><b>Dana Whitfield</b><br>Third Grade Teacher, Walnut Acres Elementary<br>'
    '(925) 555-0142 | Class page <a href="https://walnutacres.mdusd.org/room14">here</a></p></div>', signature=False))
ok("ax103-picture-link", "AX103", mail(p('<a href="https://www.mdusd.org/walkathon"><img src="cid:image004.jpg" alt="Walk-a-thon sign-up"></a>')))
ok("ax103-plain-text-click-here", "AX103", text_mail(f"To volunteer, click here: {_FORM}"))
ok("ax103-not-a-link", "AX103", mail(p("Please click here on the portal's Forms tab, then choose Field trips.")))
ok("ax103-spanish-descriptive", "AX103", mail(p(f'Llene el <a href="{_FORM}">formulario de voluntarios de la feria del libro</a>.'), subject="Feria"))
ok("ax103-click-here-plus-destination", "AX103", mail(p('<a href="https://www.mdusd.org/menus">Click here to see the December lunch menu</a>')))

# ---------------------------------------------------------------- AX104 colour-only meaning
flag("ax104-assignments-in-red", "AX104", mail(p("I attached your child's grade report. The assignments in red are missing.")), "in red are")
flag("ax104-see-the-green-text", "AX104", mail(p("The bus times changed. Please see the green text below for the new times.")), "the green text")
flag("ax104-highlighted-in-yellow", "AX104", mail(p("The dates highlighted in yellow are minimum days.")), "highlighted in yellow")
flag("ax104-los-que-estan-en-rojo", "AX104", mail(p("Adjunto la lista de tareas. Los que están en rojo faltan por entregar."), subject="Tareas"), "Los que están en rojo")
flag("ax104-anything-in-red", "AX104", text_mail("Anything in red is overdue; please send it back this week."), "in red is")
flag("ax104-highlighted-names", "AX104", mail(p("The highlighted names still need to return the permission slip.")), "highlighted names")
flag("ax104-fechas-marcadas-en-amarillo", "AX104", mail(p("Las fechas marcadas en amarillo son días mínimos."), subject="Calendario"), "marcadas en amarillo")
flag("ax104-names-in-blue-have", "AX104", mail(p("Students whose names are in blue have been placed in the reading group.")), "in blue have")
flag("ax104-marked-in-red", "AX104", text_mail("On the attached schedule, the sessions marked in red need a signature."), "marked in red")

flag("ax104-with-a-red-dot", "AX104", mail(p("On the supply list, items with a red dot are the ones we still need.")), "with a red dot")
ok("ax104-with-a-red-shirt", "AX104", mail(p("Look for the volunteer with a red shirt at the front gate.")))
ok("ax104-wear-red", "AX104", mail(p("Wear red on Friday for Red Ribbon Week!")))
ok("ax104-yellow-slip", "AX104", mail(p("Please return the yellow permission slip in your child's folder.")))
ok("ax104-school-colours", "AX104", mail(p("Our colours are blue and gold; wear them on Friday for the assembly.")))
ok("ax104-second-cue", "AX104", mail(p("Missing assignments are marked with an asterisk (*) and shown in red.")))
ok("ax104-vestirse-de-rojo", "AX104", mail(p("Los estudiantes pueden vestirse de rojo el viernes."), subject="Semana del listón rojo"))
ok("ax104-green-team", "AX104", mail(p("The Green Team meets Tuesday at lunch in the garden.")))
ok("ax104-only-in-quote", "AX104", reply_outlook(p("Got it, thank you."), p("The items in red are due Friday.")))
ok("ax104-dress-in-red-and-white", "AX104", text_mail("Dress in red and white for the spirit assembly on Friday."))
ok("ax104-red-folder", "AX104", text_mail("The red folder goes home every Monday; please sign the reading log inside."))
ok("ax104-green-shirts", "AX104", mail(p("Students in green shirts line up at door 3 for the field trip bus.")))

# ---------------------------------------------------------------- AX105 tiny text
flag("ax105-8pt-span", "AX105", mail(WEEKLY + p('<span style="font-size:8.0pt">Pick-up is at 2:45 on minimum days.</span>')), "Pick-up is at 2:45")
flag("ax105-9pt", "AX105", mail(p('<span style="font-size:9pt">Lunch accounts must be paid by Friday.</span>')), "Lunch accounts")
flag("ax105-12px", "AX105", mail('<div style="font-size:12px">Picture day is Thursday.</div>'), "Picture day")
flag("ax105-font-size-1", "AX105", mail('<div><font size="1">The field trip costs $12; scholarships are available.</font></div>'), "field trip costs")
flag("ax105-x-small", "AX105", mail(p('<span style="font-size:x-small">Parking is limited; please carpool.</span>')), "Parking is limited")
flag("ax105-small-em", "AX105", mail('<div style="font-size:0.7em">Slips are due Friday.</div>'), "Slips are due")
flag("ax105-font-shorthand", "AX105", mail('<p style="font:7pt Arial">Fees are due at registration.</p>'), "Fees are due")
flag("ax105-spanish-flyer-footer", "AX105", mail(SEMANAL + p('<span style="font-size:7.5pt">La excursión cuesta $12; hay becas disponibles.</span>'), subject="Excursión"), "excursión cuesta")
flag("ax105-percent", "AX105", mail('<div style="font-size:70%">Dismissal is at 12:30 on Friday.</div>'), "Dismissal")

ok("ax105-notice-at-8pt", "AX105", mail(WEEKLY))  # the District notice in 8 pt beneath the signature
ok("ax105-11pt", "AX105", mail(p('<span style="font-size:11pt">Pick-up is at 2:45.</span>')))
ok("ax105-exactly-10pt", "AX105", mail(p('<span style="font-size:10pt">Pick-up is at 2:45.</span>')))
ok("ax105-exactly-13px", "AX105", mail('<div style="font-size:13px">Pick-up is at 2:45.</div>'))
ok("ax105-owa-font-size-2-wrapper", "AX105", mail('<div><font size="2"><span style="font-size:11pt">Pick-up is at 2:45.</span></font></div>'))
ok("ax105-signature-in-8pt", "AX105", mail(
    WEEKLY + p("Thank you,") + '<div id="Signature"><p class="MsoNormal" style="font-size:8pt"><b>Dana Whitfield</b><br>Third Grade Teacher, Walnut Acres Elementary<br>(925) 555-0142</p></div>',
    signature=False))
ok("ax105-tiny-only-in-quote", "AX105", reply_owa(p("Thank you!"), p('<span style="font-size:7pt">Fees are due at registration.</span>')))
ok("ax105-hidden-preheader", "AX105", mail('<div style="display:none;font-size:1px;max-height:0;overflow:hidden">This week at Walnut Acres</div>' + WEEKLY))
ok("ax105-spacer-paragraph", "AX105", mail(WEEKLY + '<p style="font-size:1px;line-height:1px">&nbsp;</p>' + p("See you Friday.")))
ok("ax105-relative-in-large", "AX105", mail('<div style="font-size:14pt">Winter concert <span style="font-size:0.9em">Thursday at 6 pm</span></div>'))

# ---------------------------------------------------------------- AX106 tables
def _table(rows: list[list[str]], attrs: str = 'class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0"', head: str = "td") -> str:
    out = [f"<table {attrs}><tbody>"]
    for i, row in enumerate(rows):
        tag = head if i == 0 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{p(c)}</{tag}>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


_SCHEDULE = [["<b>Time</b>", "<b>Teacher</b>", "<b>Room</b>"], ["3:00", "Ms. Whitfield", "14"], ["3:20", "Mr. Okafor", "Library"]]
_LONG = ("The book fair runs December 8-12 in the library. Families may shop before and after school, and students visit with "
         "their class on Tuesday. Volunteers are still needed for the Wednesday evening family night; sign up in the office. ")
flag("ax106-excel-schedule-bold-first-row", "AX106", mail(p("Conference times:") + _table(_SCHEDULE)))
flag("ax106-supply-list", "AX106", mail(p("Supplies for the science fair:") + _table([["Item", "Quantity"], ["Poster board", "1"], ["Glue sticks", "2"], ["Markers", "1 pack"]])))
flag("ax106-spanish-schedule", "AX106", mail(p("Horario de conferencias:") + _table([["Hora", "Maestra", "Salón"], ["3:00", "Sra. Whitfield", "14"], ["3:20", "Sr. Okafor", "Biblioteca"]]), subject="Conferencias"))
flag("ax106-two-column-layout", "AX106", mail(
    '<table width="100%"><tr><td width="50%">' + p(_LONG) + '</td><td width="50%">' + p(_LONG.replace("book fair", "science fair")) + "</td></tr></table>"))
flag("ax106-bus-schedule", "AX106", mail(_table([["Route 5", "7:42"], ["Route 7", "7:50"], ["Route 9", "8:05"], ["Route 12", "8:11"], ["Route 14", "8:20"]], attrs="border=1")))
flag("ax106-lunch-menu-week", "AX106", mail(_table([["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], ["Pizza", "Tacos", "Pasta", "Chicken", "Fish"]])))
flag("ax106-owa-styled-table", "AX106", mail(
    '<table style="border-collapse:collapse;width:100%"><tr><td style="border:1px solid #000">Grade</td><td style="border:1px solid #000">Pick-up door</td></tr>'
    '<tr><td style="border:1px solid #000">K-2</td><td style="border:1px solid #000">Door 1</td></tr><tr><td style="border:1px solid #000">3-5</td>'
    '<td style="border:1px solid #000">Door 3</td></tr></table>'))
flag("ax106-fees-table", "AX106", mail(p("Field trip fees:") + _table([["Trip", "Cost"], ["Lindsay Wildlife", "$12"], ["Chabot Space Center", "$15"]])))

ok("ax106-th-header-row", "AX106", mail(p("Conference times:") + _table(_SCHEDULE, head="th")))
ok("ax106-thead", "AX106", mail(
    "<table><thead><tr><td>Time</td><td>Room</td></tr></thead><tbody><tr><td>3:00</td><td>14</td></tr><tr><td>3:20</td><td>Library</td></tr></tbody></table>"))
ok("ax106-single-cell-wrapper", "AX106", mail('<table width="600" align="center"><tr><td>' + WEEKLY + p(_LONG) + "</td></tr></table>"))
ok("ax106-role-presentation-layout", "AX106", mail(
    '<table role="presentation" width="100%"><tr><td>' + p(_LONG) + "</td><td>" + p(_LONG) + "</td></tr><tr><td>" + p("Left") + "</td><td>" + p("Right") + "</td></tr></table>"))
ok("ax106-one-column-list", "AX106", mail(_table([["Poster board"], ["Glue sticks"], ["Markers"]])))
ok("ax106-signature-table", "AX106", mail(
    WEEKLY + p("Thank you,") + '<div id="Signature"><table><tr><td><img src="cid:logo.png" alt="Walnut Acres Elementary"></td>'
    "<td><b>Dana Whitfield</b><br>Third Grade Teacher, Walnut Acres Elementary<br>(925) 555-0142</td></tr>"
    "<tr><td>Room 14</td><td>whitfieldd@mdusd.org</td></tr></table></div>", signature=False))
ok("ax106-table-only-in-quote", "AX106", reply_outlook(p("Thanks, Room 14 will take the 3:00 slot."), _table(_SCHEDULE)))
ok("ax106-row-of-icons", "AX106", mail(WEEKLY + '<table><tr><td><img src="cid:fb.png" alt="Facebook"></td><td><img src="cid:ig.png" alt="Instagram"></td></tr>'
                                        '<tr><td><img src="cid:x.png" alt="X"></td><td><img src="cid:yt.png" alt="YouTube"></td></tr></table>'))
ok("ax106-one-data-row", "AX106", mail(_table([["Minimum day", "Friday, 12:30 dismissal"]])))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    found = hints(case.draft, case.code)
    if not case.flag:
        assert found == [], f"{case.code} must pass; got {[h.message for h in found]}"
        return
    assert len(found) == 1, f"{case.code} must flag this draft (once); got {found}"
    h = found[0]
    new_text = parse(case.draft, POLICY.notice_words).new_text
    assert len(h.excerpts) == len(h.spans)
    for span, excerpt in zip(h.spans, h.excerpts):
        assert 0 <= span.start < span.end <= len(new_text)
        assert new_text[span.start : span.end] == excerpt
    covered = " ".join(h.excerpts).lower()
    for w in case.words:
        assert w.lower() in covered, f"{case.code} excerpts {h.excerpts} do not cover {w!r}"


def test_tables_hold_enough_cases_per_rule() -> None:
    for code in RULES:
        assert sum(1 for c in CASES if c.code == code and c.flag) >= 8, code
        assert sum(1 for c in CASES if c.code == code and not c.flag) >= 8, code


def test_an_everyday_newsletter_gets_no_accessibility_hints() -> None:
    d = with_logo(
        WEEKLY
        + _FLYER.format(alt=' alt="Book fair flyer: December 8 to 12 in the library"')
        + p('Volunteer with the <a href="https://www.mdusd.org/bookfair">book fair sign-up form</a>.')
        + _table(_SCHEDULE, head="th")
        + p('<span style="color:#C00000">Minimum day Friday: dismissal at 12:30.</span>'),
        to=(TEACHER,),
        bcc=PARENTS,
    )
    assert [h.code for r in ACCESSIBILITY_RULES for h in r().check(Context(d, POLICY))] == []


# ---------------------------------------------------------------- messages name what to do
def test_messages_say_what_was_found() -> None:
    (h,) = hints(mail(p('<span style="color:#999999">Picture retakes are Thursday.</span>')), "AX102")
    assert "#999999 on white" in h.message and "2.8:1" in h.message and "4.5:1" in h.message
    (h,) = hints(mail('<table><tr><td bgcolor="#1F4E79">' + p("Conferences are next week.") + "</td></tr></table>"), "AX102")
    assert "black on #1f4e79" in h.message and "white" in h.message.split(":")[-1]
    (h,) = hints(mail(WEEKLY + _FLYER.format(alt=' alt="IMG_2041.jpg"')), "AX101")
    assert "IMG_2041.jpg" in h.message
    (h,) = hints(mail(p('<span style="font-size:7.5pt">Fees are due.</span>')), "AX105")
    assert "7.5 pt" in h.message
    (h,) = hints(mail(p(f'<a href="{_FORM}">{_FORM}</a>')), "AX103")
    assert "long web address" in h.message


# ---------------------------------------------------------------- the WCAG arithmetic
@pytest.mark.parametrize(
    ("fg", "bg", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the well-known near miss
        ("#767676", "#ffffff", 4.54),
        ("red", "white", 4.0),
        ("rgb(0, 0, 255)", "#fff", 8.59),
        ("rgba(0,0,0,0.5)", "#ffffff", 3.98),  # half black over white: grey 127.5 (#808080 is 3.95)
    ],
)
def test_contrast_ratio(fg: str, bg: str, ratio: float) -> None:
    assert contrast(parse_colour(fg), parse_colour(bg)) == pytest.approx(ratio, abs=0.01)


def test_colour_parsing() -> None:
    assert parse_colour("WindowText") == BLACK
    assert parse_colour("ffcc00") == parse_colour("#FFCC00")  # bgcolor without '#'
    assert parse_colour("lightgoldenrodyellow") is not None  # every CSS named colour
    assert parse_colour("transparent")[3] == 0
    assert parse_colour("not-a-colour") is None
    assert parse_colour("#fff !important") == WHITE
    assert parse_size("10.5pt").pt == 10.5 and parse_size("12px").px == 12 and parse_size("80%").factor == 0.8


def test_cheap_precheck_is_exact_about_what_it_skips() -> None:
    """The source-level pre-checks skip the walk only when no finding is possible."""
    assert not colours_may_fail('<p><span style="color:#1F4E79">ok</span></p>')
    assert colours_may_fail('<p><span style="color:#999999">grey</span></p>')
    assert colours_may_fail('<td bgcolor="#000000">dark</td>')
    assert not sizes_may_fail('<p style="font-size:11pt">ok</p>')
    assert sizes_may_fail('<p style="font-size:8pt">small</p>')
    assert sizes_may_fail('<p style="font-size:.8em">relative</p>')
    assert sizes_may_fail('<font size="1">tiny</font>') and not sizes_may_fail('<font size="2">owa</font>')


def test_page_reads_new_text_of_a_bottom_posted_or_plain_split() -> None:
    d = mail(WEEKLY + p('<span style="color:#999999">Grey</span>'))
    c = parse(d, POLICY.notice_words)
    page = Page(split_html(d.html), c.signature, c.notices)
    (found,) = page.low_contrast
    span = page.span_of(found.element, found.start)
    assert c.new_text[span.start : span.end] == "Grey"


# ---------------------------------------------------------------- catalogue entries and docs
def _rules_md_rows() -> dict[str, list[str]]:
    rules_md = SHARED_POLICY / "RULES.md"
    if not rules_md.is_file():
        pytest.skip("RULES.md not found beside the repo")
    rows = {}
    for line in rules_md.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and re.fullmatch(r"AX\d{3}", cells[0]):
            rows[cells[0]] = cells
    return rows


SPEC = {
    "AX101": ("image-without-alt", Severity.WARNING, Applicability.NONE, "1.1.1"),
    "AX102": ("low-contrast-text", Severity.WARNING, Applicability.UNSAFE, "1.4.3"),
    "AX103": ("vague-link-text", Severity.INFO, Applicability.NONE, "2.4.4"),
    "AX104": ("colour-only-meaning", Severity.INFO, Applicability.NONE, "1.4.1"),
    "AX105": ("tiny-text", Severity.INFO, Applicability.UNSAFE, None),
    "AX106": ("layout-table", Severity.INFO, Applicability.NONE, "1.3.1"),
}


def test_module_registers_exactly_the_ax_family() -> None:
    # What RULE_MODULES would pick up from this module: the six classes, in code order.
    assert [r.code for r in rules_of("assistant.rules.accessibility")] == list(SPEC)
    assert [r.code for r in ACCESSIBILITY_RULES] == list(SPEC)


def test_spec_matches_rules_md() -> None:
    rows = _rules_md_rows()
    assert set(rows) == set(SPEC)
    for code, cells in rows.items():
        name, sev, fix, sc = SPEC[code]
        assert cells[1] == name
        assert sev.value in cells[-2].lower()
        assert cells[-1].lower().startswith("none" if fix is Applicability.NONE else fix.value)
        if sc:
            assert f"WCAG {sc}" in cells[2]


@pytest.mark.parametrize("code", list(SPEC))
def test_rule_metadata_docs_and_citation(code: str) -> None:
    rule = RULES[code]
    name, severity, applicability, sc = SPEC[code]
    assert (rule.name, rule.severity, rule.applicability) == (name, severity, applicability)
    assert (rule.fix is not None) == (applicability is not Applicability.NONE)
    assert rule.citation.startswith("BP 1114, Email Protocol I")
    docs = rule.docs()
    assert docs["Summary"]
    for section in DOC_SECTIONS:
        assert len(docs.get(section, "").split()) >= 3, (code, section)
    policy = docs["Policy"]
    assert policy.split(":", 1)[0] == "BP 1114, Email Protocol I"
    if sc:
        assert f"success criterion {sc}" in " ".join(policy.split())
        assert f"WCAG 2.1 SC {sc}" in rule.citation
    fix = docs["Fix"].lower()
    assert fix.startswith("none" if applicability is Applicability.NONE else "unsafe")


@pytest.mark.parametrize("code", list(SPEC))
def test_policy_quotes_occur_in_bp1114(code: str) -> None:
    text = policy_text()
    passages = quotes(RULES[code].docs()["Policy"])
    assert passages
    for passage in passages:
        for piece in fragments(passage):
            assert piece in text, f"{code} quotes {piece!r}, which is not in BP 1114"


# ---------------------------------------------------------------- the unsafe fixes
def _visible_words(d: Draft) -> list[str]:
    return re.findall(r"\w+", parse(d, POLICY.notice_words).new_text)


def test_contrast_fix_clears_the_rule_keeps_words_and_the_quote() -> None:
    quoted = p('<span style="color:#BFBFBF">Set-up starts at 7:30.</span>')
    d = reply_outlook(
        p('<span style="color:#999999">Picture retakes are Thursday.</span>')
        + '<table><tr><td bgcolor="#1F4E79">' + p("Conferences are next week.") + "</td></tr></table>"
        + '<div><font color="#FFC000">Spirit week starts Monday!</font></div>',
        quoted,
    )
    assert hints(d, "AX102")
    fixed, changes = fix_contrast(d, POLICY)
    assert [c.fix_id for c in changes] == ["contrast"] and changes[0].applicability is Applicability.UNSAFE
    assert "(3 elements)" in changes[0].description
    assert hints(fixed, "AX102") == []
    assert _visible_words(fixed) == _visible_words(d)
    quote_at = d.html.index("border-top:solid #E1E1E1")
    assert fixed.html.endswith(d.html[quote_at:])  # the quoted history keeps every byte
    assert 'style="color:#BFBFBF"' in fixed.html
    assert 'bgcolor="#1F4E79" style="color:#FFFFFF"' in fixed.html  # white on the dark cell
    assert fix_contrast(fixed, POLICY) == (fixed, [])  # idempotent


def test_text_size_fix_clears_the_rule_and_leaves_the_notice() -> None:
    d = mail(
        p('<span style="font-size:7.5pt">Fees are due at registration.</span>')
        + '<div><font size="1">Scholarships are available.</font></div>'
    )
    fixed, changes = fix_text_size(d, POLICY)
    assert [c.fix_id for c in changes] == ["text-size"] and "(2 elements)" in changes[0].description
    assert hints(fixed, "AX105") == []
    assert _visible_words(fixed) == _visible_words(d)
    assert 'style="font-size:8.0pt;color:#595959"' in fixed.html  # the District notice is not resized
    assert fix_text_size(fixed, POLICY) == (fixed, [])


def test_fixes_leave_plain_text_and_clean_drafts_alone() -> None:
    t = text_mail("Slips are due Friday.")
    assert fix_contrast(t, POLICY) == (t, []) and fix_text_size(t, POLICY) == (t, [])
    clean = mail(WEEKLY)
    assert fix_contrast(clean, POLICY) == (clean, []) and fix_text_size(clean, POLICY) == (clean, [])


# ---------------------------------------------------------------- the labelled set of bench/eval_accessibility.py
def test_labelled_set_has_every_rule_both_ways_and_the_recorded_split() -> None:
    import hashlib
    import json

    root = Path(__file__).resolve().parents[1] / "data" / "accessibility"
    labels = json.loads((root / "labels.json").read_text("utf-8"))
    assert len(labels) >= 60
    for name, entry in labels.items():
        assert (root / name).is_file(), name
        assert set(entry["labels"]) == set(SPEC), name
        # The split rule written in README.md before any evaluation.
        assert entry["split"] == ("test" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 else "dev"), name
    for split in ("dev", "test"):
        for code in SPEC:
            values = [e["labels"][code] for e in labels.values() if e["split"] == split]
            assert any(values) and not all(values), (split, code)


def test_contrast_fix_never_recolours_the_quote_through_the_body_tag() -> None:
    from assistant.core.fixes import FixError, apply

    html = ('<html><body text="#EEEEEE"><p>Please see the attached schedule for the spring concert.</p>'
            '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">'
            '<p><b>From:</b> Ana Ruiz &lt;ana@gmail.com&gt;<br><b>Sent:</b> Monday, March 2, 2026 9:00 AM<br>'
            '<b>To:</b> Maria Delgado<br><b>Subject:</b> Concert</p></div><p>When is the concert?</p></body></html>')
    with pytest.raises(FixError, match="quoted history"):
        apply(Draft(html=html), ["contrast"])
