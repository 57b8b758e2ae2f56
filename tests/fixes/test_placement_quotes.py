"""Signature and notice land between the new text and the quoted history, for
every style of quoted header, in plain text and in HTML; bottom-posted replies
get them after the new text below the quote.

Every fixture is written here (names and addresses are made up). Each test
knows the exact new text and the exact quote, so it checks the whole result
(not the splitter's opinion of it): the new text, then the signature, then the
notice, then the quote byte for byte; and a second fix changes nothing.
"""

from __future__ import annotations

import html as htmllib

import pytest
from fixhelpers import JANE, NOTICE_WORDS, POLICY

from assistant.core.content import parse, words
from assistant.core.fixes import apply
from assistant.core.htmltext import parse_html, render
from assistant.core.model import Draft

NOTICE = " ".join(POLICY.notice_text.split())
BOTH = ["signature", "notice"]
NEW = "Hi Maria,\n\nI can take Tuesday and Thursday morning yard duty.\n\nThanks,\nJane"
OLD = "Here is the new yard duty schedule for December."

# style -> the quoted history, exactly as the client writes it below the reply.
QUOTES = {
    "outlook, English": (
        "From: Maria Diaz <mdiaz@example.org>\nSent: Monday, December 4, 2000 10:31 AM\n"
        f"To: Jane Doe <jdoe@mdusd.org>\nSubject: Yard duty\n\n{OLD}"
    ),
    "outlook, English, rule above": (
        "________________________________\nFrom: Maria Diaz <mdiaz@example.org>\n"
        f"Sent: Monday, December 4, 2000 10:31 AM\nTo: Jane Doe <jdoe@mdusd.org>\nSubject: Yard duty\n\n{OLD}"
    ),
    "outlook, Spanish": (
        "De: Maria Diaz <mdiaz@example.org>\nEnviado el: lunes, 4 de diciembre de 2000 10:31\n"
        f"Para: Jane Doe <jdoe@mdusd.org>\nAsunto: Turnos de patio\n\n{OLD}"
    ),
    "outlook, French": (
        "De : Maria Diaz <mdiaz@example.org>\nEnvoyé : lundi 4 décembre 2000 10:31\n"
        f"À : Jane Doe <jdoe@mdusd.org>\nObjet : Surveillance de la cour\n\n{OLD}"
    ),
    "outlook, Portuguese": (
        "De: Maria Diaz <mdiaz@example.org>\nEnviada em: segunda-feira, 4 de dezembro de 2000 10:31\n"
        f"Para: Jane Doe <jdoe@mdusd.org>\nAssunto: Turnos do recreio\n\n{OLD}"
    ),
    "original message separator": (
        "-----Original Message-----\nFrom: Maria Diaz [mailto:mdiaz@example.org]\n"
        f"Sent: Monday, December 04, 2000 10:31 AM\nTo: Jane Doe\nSubject: Yard duty\n\n{OLD}"
    ),
    "lotus notes: name line, date line, To/cc/Subject indented with tabs": (
        "Maria Diaz\n12/04/2000 10:31 AM\n\t\t\n\t\t To: Jane Doe/MDUSD@MDUSD\n\t\t cc: \n"
        f"\t\t Subject: Yard duty\n\n{OLD}"
    ),
    "lotus notes: quoted sender on date": (
        '"Maria Diaz" <mdiaz@example.org> on 12/04/2000 10:31:32 AM\n\n'
        f"To: Jane Doe <jdoe@mdusd.org>\ncc: Robert Chen <rchen@example.org>\nSubject: Yard duty\n\n{OLD}"
    ),
    "lotus notes: address on date": (
        "MariaDiaz@example.org on 11/06/2001 06:50:07 AM\nTo: Jane Doe/MDUSD@MDUSD\ncc: \n"
        f"Subject: Yard duty\n\n{OLD}"
    ),
    "lotus notes: name and date in columns": (
        "Maria Diaz                12/04/2000 10:31 AM\n\nTo: Jane Doe/MDUSD@MDUSD\ncc:\n"
        f"Subject: Yard duty\n\n{OLD}"
    ),
    "lotus notes: forwarded by": (
        "---------------------- Forwarded by Maria Diaz/MDUSD on 12/04/2000 10:31 AM "
        "---------------------------\n\n\nRobert Chen\n12/01/2000 08:15 AM\nTo: Maria Diaz/MDUSD@MDUSD\n"
        f"cc:\nSubject: Yard duty\n\n{OLD}"
    ),
    "gmail forward": (
        "---------- Forwarded message ---------\nFrom: Maria Diaz <mdiaz@example.org>\n"
        f"Date: Mon, Dec 4, 2000 at 10:31 AM\nSubject: Yard duty\nTo: Jane Doe <jdoe@mdusd.org>\n\n{OLD}"
    ),
    "yahoo: --- Name wrote:": f"--- Maria Diaz <mdiaz@example.org> wrote:\n\n> {OLD}\n> See you Monday.",
    "attribution": f"On Mon, Dec 4, 2000 at 10:31 AM Maria Diaz <mdiaz@example.org> wrote:\n\n> {OLD}",
    "attribution wrapped over three lines": (
        "On Mon, Dec 4, 2000 at 10:31 AM, Maria Diaz\n<mdiaz@example.org>\nwrote:\n\n" f"> {OLD}\n> See you Monday."
    ),
    "Spanish attribution": (
        f"El lun., 4 dic. 2000 a las 10:31, Maria Diaz (<mdiaz@example.org>) escribió:\n\n> {OLD}"
    ),
    "Spanish attribution wrapped": (
        f"El lun., 4 dic. 2000 a las 10:31, Maria Diaz\n<mdiaz@example.org> escribió:\n\n> {OLD}"
    ),
}


def fix(draft: Draft) -> Draft:
    return apply(draft, BOTH, signature=JANE, policy=POLICY)[0]


def expected_text(new: str, quote: str) -> str:
    return f"{new}\n\n{JANE.text()}\n\n{NOTICE}\n\n{quote}"


@pytest.mark.parametrize("style", list(QUOTES))
def test_text_reply_block_between_new_text_and_quote(style: str) -> None:
    quote = QUOTES[style]
    before = Draft(text=f"{NEW}\n\n{quote}")
    c = parse(before, NOTICE_WORDS)
    assert c.new_text == NEW and not c.bottom_posted
    after = fix(before)
    assert after.text == expected_text(NEW, quote)
    assert fix(after) == after


@pytest.mark.parametrize("style", list(QUOTES))
def test_text_reply_with_crlf_keeps_the_quote_bytes(style: str) -> None:
    quote = QUOTES[style].replace("\n", "\r\n")
    after = fix(Draft(text=f"{NEW}\n\n".replace("\n", "\r\n") + quote))
    assert after.text == expected_text(NEW, QUOTES[style]).replace("\n", "\r\n")
    assert fix(after) == after


def _html_lines(text: str) -> str:
    """One <div> per line, as Outlook and Gmail write plain paragraphs."""
    return "".join(f"<div>{htmllib.escape(line) or '<br>'}</div>\n" for line in text.split("\n"))


def _rendered_words(html: str) -> list[str]:
    return words(render(parse_html(html)).text)


@pytest.mark.parametrize("style", list(QUOTES))
def test_html_reply_block_between_new_text_and_quote(style: str) -> None:
    quote_html = _html_lines(QUOTES[style])
    html = f"<html><body>\n{_html_lines(NEW)}<div><br></div>\n{quote_html}</body></html>"
    c = parse(Draft(html=html), NOTICE_WORDS)
    assert words(c.new_text) == words(NEW)
    after = fix(Draft(html=html))
    # The quoted markup is untouched, from its first line to the end.
    assert after.html.endswith(quote_html + "</body></html>")
    assert after.html.count('data-mail-assistant="signature"') == 1
    assert _rendered_words(after.html) == words(NEW) + words("\n".join(JANE.lines())) + words(NOTICE) + words(
        QUOTES[style]
    )
    assert fix(after) == after


# --- bottom-posting: the quote first, the new text after it ------------------------------

BOTTOM_TEXT = {
    "> quote": f"> {OLD}\n> See you Monday.",
    "attribution and > quote": f"On Mon, Dec 4, 2000 at 10:31 AM Maria Diaz <mdiaz@example.org> wrote:\n> {OLD}\n>\n> Maria",
    "Spanish attribution and > quote": f"El lun., 4 dic. 2000 a las 10:31, Maria Diaz escribió:\n> {OLD}",
}


@pytest.mark.parametrize("style", list(BOTTOM_TEXT))
def test_text_bottom_posted_block_goes_after_the_new_text(style: str) -> None:
    quote = BOTTOM_TEXT[style]
    before = Draft(text=f"{quote}\n\n{NEW}\n")
    c = parse(before, NOTICE_WORDS)
    assert c.bottom_posted and c.new_text == NEW
    assert OLD in c.quoted_text and OLD not in c.new_text
    after = fix(before)
    assert after.text == f"{quote}\n\n{NEW}\n\n{JANE.text()}\n\n{NOTICE}\n"
    assert fix(after) == after
    c = parse(after, NOTICE_WORDS)
    assert c.bottom_posted and c.signature_text.startswith("-- \nJane Doe") and len(c.notices) == 1


def test_text_bottom_posted_rules_read_only_the_new_text() -> None:
    from assistant.core.check import check

    shouting = "> PLEASE SEND THE SCHEDULE TODAY, EVERYONE MUST READ IT NOW.\n> THANK YOU ALL."
    codes = {h.code for h in check(Draft(text=f"{shouting}\n\n{NEW}\n"), POLICY)}
    assert "EM804" not in codes  # ALL CAPS in the quote is not the author's
    codes = {h.code for h in check(Draft(text=f"> {OLD}\n> See you Monday.\n\nPLEASE SEND THE SCHEDULE TODAY, EVERYONE MUST READ IT NOW.\n"), POLICY)}
    assert "EM804" in codes


BOTTOM_HTML = {
    "thunderbird": (
        '<div class="moz-cite-prefix">On 12/4/2000 10:31 AM, Maria Diaz wrote:<br></div>\n'
        f'<blockquote type="cite">{OLD}<br>See you Monday.</blockquote>\n'
    ),
    "gmail": (
        '<div class="gmail_quote"><div class="gmail_attr">On Mon, Dec 4, 2000 at 10:31 AM Maria Diaz '
        '&lt;<a href="mailto:mdiaz@example.org">mdiaz@example.org</a>&gt; wrote:<br></div>'
        f'<blockquote class="gmail_quote">{OLD}</blockquote></div>\n'
    ),
    "apple mail": f'<blockquote type="cite"><div>{OLD}</div><div>See you Monday.</div></blockquote>\n',
}


@pytest.mark.parametrize("style", list(BOTTOM_HTML))
def test_html_bottom_posted_block_goes_after_the_new_text(style: str) -> None:
    quote = BOTTOM_HTML[style]
    html = f"<html><body>{quote}{_html_lines(NEW)}</body></html>"
    c = parse(Draft(html=html), NOTICE_WORDS)
    assert c.bottom_posted and words(c.new_text) == words(NEW) and OLD in c.quoted_text
    after = fix(Draft(html=html))
    assert after.html.startswith(f"<html><body>{quote}{_html_lines(NEW)}")  # quote and new text kept
    got = words(render(parse_html(after.html)).text)
    want_quote = words(render(parse_html(f"<html><body>{quote}</body></html>")).text)
    assert got == want_quote + words(NEW) + words("\n".join(JANE.lines())) + words(NOTICE)
    assert fix(after) == after
    c = parse(after, NOTICE_WORDS)
    assert c.bottom_posted and c.signature_text.startswith("Jane Doe") and len(c.notices) == 1


def test_html_quote_at_the_top_with_nothing_below_is_not_bottom_posted() -> None:
    """An empty reply in Gmail: the block goes above the quote, as in every reply."""
    html = f"<html><body>{BOTTOM_HTML['gmail']}</body></html>"
    c = parse(Draft(html=html), NOTICE_WORDS)
    assert not c.bottom_posted and c.new_text == ""
    after = fix(Draft(html=html))
    assert after.html.endswith(BOTTOM_HTML["gmail"] + "</body></html>")
    got = words(render(parse_html(after.html)).text)
    assert got[: len(words("\n".join(JANE.lines())))] == words("\n".join(JANE.lines()))


def test_outlook_empty_reply_keeps_the_quoted_body_quoted() -> None:
    """Outlook marks only the quote's header; the quoted body after it is not new text."""
    html = (
        '<html><body><div id="divRplyFwdMsg"><b>From:</b> Maria Diaz<br><b>Sent:</b> Monday, December 4, 2000 '
        f"10:31 AM<br><b>To:</b> Jane Doe<br><b>Subject:</b> Yard duty</div><div>{OLD}</div></body></html>"
    )
    c = parse(Draft(html=html), NOTICE_WORDS)
    assert not c.bottom_posted and c.new_text == "" and OLD in c.quoted_text
