"""Recipient fixes (safe) and look fixes (unsafe), plus the fix list and the diff."""

import pytest
from fixhelpers import NOTICE_WORDS, POLICY

from assistant.core.content import parse, words
from assistant.core.fixes import FixError, apply, parse_fix_list, visible_diff
from assistant.core.model import Applicability, ComposeType, Draft, Recipient

ME = Recipient("jdoe@mdusd.org", "Jane Doe")


def people(n: int, domain: str = "example.com") -> tuple[Recipient, ...]:
    return tuple(Recipient(f"parent{i}@{domain}", f"Parent {i}") for i in range(n))


def test_bcc_moves_visible_recipients_and_puts_the_sender_in_to():
    d = Draft(sender=ME, to=people(8), cc=people(4)[2:] + (ME,), bcc=(Recipient("x@example.com"),), text="Hi")
    after, changes = apply(d, ["bcc"], policy=POLICY)
    assert after.to == (ME,) and after.cc == ()
    addrs = [r.address for r in after.bcc]
    assert addrs[0] == "x@example.com" and len(addrs) == len(set(addrs)) == 9
    assert "jdoe@mdusd.org" not in addrs
    assert changes[0].fix_id == "bcc" and "8 To/Cc recipients" in changes[0].description
    assert apply(after, ["bcc"], policy=POLICY) == (after, [])


def test_bcc_without_a_sender_is_a_clear_error():
    with pytest.raises(FixError, match="sender"):
        apply(Draft(to=people(12)), ["bcc"], policy=POLICY)


def test_reply_sender_only_uses_the_quoted_from_line():
    text = (
        "Thanks!\n\n-----Original Message-----\nFrom: Parent 3 <parent3@example.com>\nSent: Monday\n"
        "To: staff@mdusd.org\nSubject: Bake sale\n\nWho is bringing cookies?\n"
    )
    d = Draft(sender=ME, to=people(5), cc=people(2, "mdusd.org"), compose_type=ComposeType.REPLY_ALL, text=text)
    after, changes = apply(d, ["EM301"], policy=POLICY)
    assert after.to == (Recipient("parent3@example.com", "Parent 3"),) and after.cc == ()
    assert after.compose_type is ComposeType.REPLY
    assert "removed 6 other recipients" in changes[0].description
    assert apply(after, ["reply-sender-only"], policy=POLICY)[1] == []


def test_caps_keeps_acronyms_and_sentence_case_and_the_quote():
    text = (
        "PLEASE BRING THE SIGNED IEP FORMS TO THE MDUSD OFFICE BY FRIDAY. Thanks!\n\n"
        "On Mon, May 5, 2025 at 9:00 AM A <a@example.com> wrote:\n> PLEASE CONFIRM THE MEETING TIME\n> ok\n"
    )
    after, changes = apply(Draft(subject="URGENT IEP MEETING TOMORROW", text=text), ["caps"], policy=POLICY)
    assert after.text.startswith("Please bring the signed IEP forms to the MDUSD office by Friday. Thanks!")
    assert after.text.endswith("> PLEASE CONFIRM THE MEETING TIME\n> ok\n")
    assert after.subject == "Urgent IEP meeting tomorrow"
    assert all(c.applicability is Applicability.UNSAFE for c in changes)
    assert [w.casefold() for w in words(after.text)] == [w.casefold() for w in words(text)]
    assert apply(after, ["caps"], policy=POLICY)[1] == []


def test_caps_in_html_recases_text_only_not_entities_or_tags():
    html = "<div>HELLO EVERYONE, THE BUS &AMP; <b>LUNCH SCHEDULE</b> CHANGED TODAY.</div><div>ok</div>"
    after, _ = apply(Draft(html=html), ["caps"], policy=POLICY)
    assert after.html == "<div>Hello everyone, the bus &AMP; <b>lunch schedule</b> changed today.</div><div>ok</div>"


def test_colors_fonts_background_change_only_the_new_text():
    quote = (
        '<div class="gmail_quote">On Mon, A wrote:<blockquote><span style="color:#ff0000;font-family:Comic Sans MS">'
        "red quoted</span></blockquote></div>"
    )
    html = (
        '<html><body bgcolor="#ffcc00" style="background-image:url(x.png)">'
        '<div style="font-family:Comic Sans MS;color:#ff0000">Hello <font color="green" face="Papyrus">team</font>'
        ' <span style="background-color:yellow">now</span></div>'
        '<table bgcolor="#00ff00"><tr><td>cell</td></tr></table>'
        + quote
        + "</body></html>"
    )
    d = Draft(html=html)
    after, changes = apply(d, ["colors", "fonts", "background"], policy=POLICY)
    assert after.html.endswith(quote + "</body></html>")
    assert {c.fix_id for c in changes} == {"colors", "fonts", "background"}
    style = parse(after, NOTICE_WORDS).style
    assert style.colors == () and style.backgrounds == ()
    assert set(style.fonts) <= {"Calibri"}
    assert words(parse(after, NOTICE_WORDS).new_text) == words(parse(d, NOTICE_WORDS).new_text)
    assert apply(after, ["colors", "fonts", "background"], policy=POLICY)[1] == []


def test_look_fixes_leave_plain_text_alone():
    d = Draft(text="Hello")
    assert apply(d, ["colors", "fonts", "background"], policy=POLICY) == (d, [])


def test_fix_list_accepts_ids_and_rule_codes_and_rejects_unknown():
    assert parse_fix_list("notice, EM701,em401") == ("signature", "notice", "bcc")
    assert parse_fix_list(["EM502", "notice"]) == ("notice",)
    with pytest.raises(FixError, match="unknown fix 'sparkles'"):
        parse_fix_list("sparkles")


def test_visible_diff_shows_text_and_header_changes():
    before = Draft(sender=ME, to=people(10), text="Hello all\n")
    after, _ = apply(before, ["bcc"], policy=POLICY)
    diff = visible_diff(before, after, "x.eml")
    assert diff.startswith("--- x.eml (before)\n+++ x.eml (after)\n")
    assert "+To: Jane Doe <jdoe@mdusd.org>" in diff and "-To: Parent 0 <parent0@example.com>" in diff
    assert visible_diff(before, before) == ""


def test_caps_fix_on_a_bottom_posted_text_reply_recases_only_the_new_text_below_the_quote():
    from assistant.core.fixes import apply
    from assistant.core.model import Draft

    quote = "On Mon, Jan 5, 2026 at 9:00 AM Ana Ruiz <ana@gmail.com> wrote:\r\n> PLEASE SEND THE FORMS\r\n> THANKS\r\n\r\n"
    d = Draft(text=quote + "THE FIELD TRIP FORMS ARE DUE FRIDAY FOR EVERYONE.\r\n")
    new, changes = apply(d, ["caps"])
    assert new.text == quote + "The field trip forms are due Friday for everyone.\r\n"
    assert [c.fix_id for c in changes] == ["caps"]


def test_look_fixes_refuse_a_bottom_posted_html_reply_rather_than_touch_the_quote():
    import pytest

    from assistant.core.fixes import FixError, apply
    from assistant.core.model import Draft

    html = ('<html><body><div class="gmail_quote"><div dir="ltr">On Mon, Jan 5, 2026 Ana Ruiz wrote:</div>'
            '<blockquote class="gmail_quote">PLEASE SEND THE FORMS</blockquote></div>'
            '<div>THE FIELD TRIP FORMS ARE DUE FRIDAY FOR EVERYONE.</div></body></html>')
    from assistant.core.content import split_html

    assert split_html(html).bottom_posted  # the shape this test is about
    with pytest.raises(FixError, match="below the quoted history"):
        apply(Draft(html=html), ["caps"])
