"""Signature and notice: placement, idempotency, older versions, bad input."""

import pytest
from fixhelpers import JANE, NOTICE_WORDS, POLICY, authored_words_after, html_quote_source, our_blocks, text_parts

from assistant.core.content import find_notices, parse, words
from assistant.core.fixes import FixError, apply
from assistant.core.model import Draft
from assistant.core.signature import Signature

NOTICE = POLICY.notice_text
BOTH = ["signature", "notice"]


def fix(draft: Draft, fixes=BOTH, sig=JANE) -> Draft:
    return apply(draft, fixes, signature=sig, policy=POLICY)[0]


# --- plain text ---------------------------------------------------------------------------


REPLY = (
    "Hi Maria,\n\nThe field trip form is attached. Please return it by Friday.\n\nThanks,\nJane\n\n"
    "-----Original Message-----\nFrom: Maria Diaz <mdiaz@example.com>\nSent: Monday, May 5, 2025 9:12 AM\n"
    "To: Jane Doe <jdoe@mdusd.org>\nSubject: Field trip\n\nCan you send the form?\n"
)


def test_text_reply_gets_signature_then_notice_above_the_quote():
    after = fix(Draft(text=REPLY))
    new, quoted = text_parts(after.text)
    _, quoted_before = text_parts(REPLY)
    assert quoted == quoted_before  # byte-identical
    assert new.rstrip().endswith(" ".join(NOTICE.split()))
    sig_at = new.index("-- \nJane Doe\nTeacher")
    assert new.index("CONFIDENTIALITY NOTICE") > sig_at
    assert new.startswith("Hi Maria,\n\nThe field trip form is attached. Please return it by Friday.\n\nThanks,\nJane\n\n-- \n")
    c = parse(after, NOTICE_WORDS)
    assert len(c.notices) == 1 and c.signature_text.startswith("-- \nJane Doe")


def test_fixing_twice_equals_fixing_once_and_reports_nothing():
    once = fix(Draft(text=REPLY))
    twice, changes = apply(once, BOTH, signature=JANE, policy=POLICY)
    assert twice == once and changes == []


def test_crlf_text_keeps_its_line_endings_and_quote_bytes():
    crlf = REPLY.replace("\n", "\r\n")
    after = fix(Draft(text=crlf))
    assert "\n" not in after.text.replace("\r\n", "")
    assert after.text.endswith(text_parts(crlf)[1])
    assert fix(after) == after


def test_an_older_version_of_the_same_signature_is_replaced_not_stacked():
    old = Signature.from_config({"name": "Jane Doe", "title": "Teacher", "phone": "(925) 555-0199"})
    first = fix(Draft(text=REPLY), sig=old)
    assert "555-0199" in first.text
    # The phone number changed in settings; the settings remember the old one.
    second = fix(first, sig=JANE.with_previous([old]))
    new, _ = text_parts(second.text)
    assert "555-0199" not in second.text and new.count("Jane Doe") == 1
    assert "(925) 555-0100" in new and len(find_notices(new, NOTICE_WORDS)) == 1
    assert words(new).count("Thanks") == 1


def test_an_older_block_not_known_to_the_settings_is_kept():
    # Without the history nothing proves the block is ours: it stays, word for word.
    old = Signature.from_config({"name": "Jane Doe", "title": "Teacher", "phone": "(925) 555-0199"})
    first = fix(Draft(text=REPLY), sig=old)
    second = fix(first)
    new, _ = text_parts(second.text)
    assert new.startswith(text_parts(first.text)[0].split("CONFIDENTIALITY")[0].rstrip())
    assert "555-0199" in new and "(925) 555-0100" in new


def test_a_hand_typed_signature_of_the_same_person_is_kept():
    text = "Please see the agenda below.\n\nJane Doe\nTeacher, Valle Verde Elementary School\n925-555-0100\n"
    after = fix(Draft(text=text))
    assert after.text.startswith(text.rstrip() + "\n\n-- \nJane Doe\nTeacher\n")
    assert words(text) == authored_words_after(after)


def test_our_signature_with_a_word_added_by_hand_is_kept():
    # The case: configured "Oak Hollow Elementary", the author added ", Room 14".
    oak = Signature.from_config({"name": "Jane Doe", "title": "Teacher", "school": "Oak Hollow Elementary", "phone": "925-555-0100"})
    edited = "Hello families,\n\n" + oak.text().replace("Oak Hollow Elementary", "Oak Hollow Elementary, Room 14") + "\n"
    after = fix(Draft(text=edited), sig=oak)
    assert after.text.startswith(edited.rstrip() + "\n\n-- \nJane Doe")
    assert "Room 14" in after.text
    html = "<div>Hello families,</div>" + oak.html().replace("Oak Hollow Elementary", "Oak Hollow Elementary, Room 14")
    after = fix(Draft(html=html), sig=oak)
    assert after.html.startswith(html) and "Room 14" in after.html
    assert fix(after, sig=oak) == after


def test_a_sign_off_is_never_taken_for_a_signature():
    # "Thanks, Jane Doe" is the author's own words: kept, ours goes below.
    text = "Thanks for the update.\n\nThanks,\nJane Doe\n"
    after = fix(Draft(text=text))
    assert after.text.startswith("Thanks for the update.\n\nThanks,\nJane Doe\n\n-- \nJane Doe\n")
    # And a P.S. after the name line is prose, so the block is not removed.
    text = "Hi,\n\nJane Doe\n925-555-0100\nPS bring the permission slips tomorrow please!\n"
    after = fix(Draft(text=text))
    assert words(text) == authored_words_after(after)


def test_notice_above_the_signature_is_moved_beneath_it():
    text = "Hello,\n\nHere are the scores.\n\n" + NOTICE + "\n\nBest,\nJane\n"
    after = fix(Draft(text=text))
    new, _ = text_parts(after.text)
    assert len(find_notices(new, NOTICE_WORDS)) == 1
    assert new.index("CONFIDENTIALITY") > new.index("-- \nJane Doe")
    assert "Best,\nJane" in new


def test_notice_wrapped_differently_counts_as_the_same_notice():
    wrapped = "\n".join(NOTICE[i : i + 70] for i in range(0, len(NOTICE), 70))
    # Re-wrap on word boundaries the way an old client would.
    import textwrap

    wrapped = textwrap.fill(NOTICE, 60)
    text = "Hi all,\n\nSee below.\n\n" + JANE.text() + "\n\n" + wrapped + "\n"
    after = fix(Draft(text=text))
    assert len(find_notices(after.text, NOTICE_WORDS)) == 1
    assert after.text.count("Jane Doe") == 1


def test_notice_only_in_the_quote_is_added_to_the_new_text_and_the_quote_is_left_alone():
    quoted_part = (
        "-----Original Message-----\nFrom: Jane Doe <jdoe@mdusd.org>\nSent: Friday, May 2, 2025 3:00 PM\n"
        "To: Maria Diaz\nSubject: Field trip\n\nThe form is due Friday.\n\n-- \nJane Doe\n\n" + NOTICE + "\n"
    )
    text = "Yes, Friday works.\n\n" + quoted_part
    after = fix(Draft(text=text))
    new, quoted = text_parts(after.text)
    assert quoted == quoted_part
    assert len(find_notices(new, NOTICE_WORDS)) == 1 and len(find_notices(quoted, NOTICE_WORDS)) == 1
    assert parse(after, NOTICE_WORDS).notice_in_quote


def test_notice_alone_goes_beneath_the_existing_signature():
    text = "Reminder: picture day is Tuesday.\n\nJane Doe\nTeacher\n(925) 555-0100\n"
    after = fix(Draft(text=text), ["notice"], sig=None)
    assert after.text.startswith(text.rstrip() + "\n\nCONFIDENTIALITY NOTICE:")
    assert fix(after, ["notice"], sig=None) == after


def test_signature_fix_without_a_configured_signature_is_a_clear_error():
    with pytest.raises(FixError, match="no signature is configured"):
        apply(Draft(text="Hi"), ["signature"], signature=None)


def test_empty_new_text_of_a_forward_gets_the_block_first():
    text = "---------- Forwarded message ---------\nFrom: A <a@example.com>\nDate: Mon\nSubject: x\nTo: b@example.com\n\nbody\n"
    after = fix(Draft(text=text))
    assert after.text.startswith("-- \nJane Doe") and after.text.endswith(text)


def test_empty_draft():
    after = fix(Draft(text=""))
    assert after.text.startswith("-- \nJane Doe") and len(find_notices(after.text, NOTICE_WORDS)) == 1
    assert fix(after) == after


# --- HTML ---------------------------------------------------------------------------------

OUTLOOK_REPLY = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head>'
    '<body lang="EN-US"><div class="WordSection1">'
    '<p class="MsoNormal">Hi Maria,<o:p></o:p></p>'
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
    '<p class="MsoNormal">The form is attached.<o:p></o:p></p>'
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
    '<div id="appendonsend"></div>'
    '<hr style="display:inline-block;width:98%" tabindex="-1">'
    '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri" style="font-size:11pt" color="#000000">'
    "<b>From:</b> Maria Diaz &lt;mdiaz@example.com&gt;<br><b>Sent:</b> Monday, May 5, 2025 9:12 AM<br>"
    "<b>To:</b> Jane Doe<br><b>Subject:</b> Field trip</font><div>&nbsp;</div></div>"
    '<div><p class="MsoNormal">Can you send the form?</p></div>'
    "</div></body></html>"
)


def test_outlook_reply_block_goes_before_appendonsend_and_uses_msonormal():
    after = fix(Draft(html=OUTLOOK_REPLY))
    quote = html_quote_source(OUTLOOK_REPLY)
    assert quote.startswith('<div id="appendonsend">') and after.html.endswith(quote)
    block = after.html[: after.html.index('<div id="appendonsend">')]
    assert block.endswith("</div>") and 'data-mail-assistant="signature"' in block
    assert '<p class="MsoNormal">Jane Doe</p>' in block
    sigs, notices = our_blocks(after.html)
    assert len(sigs) == 1 and len(notices) == 1
    c = parse(after, NOTICE_WORDS)
    assert len(c.notices) == 1 and c.signature_text.startswith("Jane Doe")
    assert c.notices[0].start > c.signature.start
    assert fix(after) == after


def test_html_stays_html_and_untouched_bytes_stay():
    html = "<div>Hello &amp; welcome,</div><div>see you soon.</div>"
    after = fix(Draft(html=html))
    assert after.text is None and after.html.startswith(html)
    assert authored_words_after(after) == words("Hello & welcome, see you soon.")


def test_gmail_reply_block_goes_before_gmail_quote():
    html = (
        '<div dir="ltr">Sounds good.<div><br></div></div><br>'
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, May 5, 2025 at 9:00 AM Maria '
        '&lt;m@example.com&gt; wrote:<br></div><blockquote class="gmail_quote">Can we meet?</blockquote></div>'
    )
    after = fix(Draft(html=html))
    assert after.html.endswith(html[html.index('<div class="gmail_quote">') :])
    assert after.html.index("data-mail-assistant") < after.html.index("gmail_quote")


def test_quote_starting_inside_a_paragraph_uses_the_inline_form():
    html = (
        "<p>Hi. I am fine.<br /><br />Thanks,<br />Alex<br /><br />26.06.2014, 14:41, \"Alexander L\" "
        '&lt;<a href="mailto:abc@example.com">abc@example.com</a>&gt;:</p><blockquote> Hello! How are you?</blockquote>'
    )
    after = fix(Draft(html=html))
    head, _, tail = after.html.partition('<span class="mdusd-signature"')
    assert head.endswith("Alex<br /><br />") and "<div" not in tail.split("26.06.2014")[0]
    assert after.html.endswith(html[html.index("26.06.2014") :])
    assert fix(after) == after
    assert len(parse(after, NOTICE_WORDS).notices) == 1


def test_body_without_body_tag_and_broken_html():
    for html in ("Just a line of text", "<p>Unclosed <b>bold <i>and italic", "<div><p>a</div></span>b</p>"):
        after = fix(Draft(html=html))
        assert after.html.startswith(html)
        assert authored_words_after(after) == words(
            parse(Draft(html=html), NOTICE_WORDS).new_text
        ), html
        assert fix(after) == after
        sigs, notices = our_blocks(after.html)
        assert (len(sigs), len(notices)) == (1, 1)


def test_empty_html_body():
    after = fix(Draft(html=""))
    sigs, notices = our_blocks(after.html)
    assert (len(sigs), len(notices)) == (1, 1)


def test_marked_older_signature_is_replaced_when_it_is_an_exact_rendering():
    old = Signature.from_config({"name": "Jane Doe", "title": "Teacher", "phone": "(925) 555-0199"})
    html = "<div>Please sign the attached form.</div>" + old.html()
    after = fix(Draft(html=html), sig=JANE.with_previous([old]))
    assert "555-0199" not in after.html
    assert after.html.startswith("<div>Please sign the attached form.</div>")
    sigs, notices = our_blocks(after.html)
    assert len(sigs) == 1 and "(925) 555-0100" in sigs[0]


def test_marked_block_edited_by_hand_is_kept_with_its_image():
    # A marker alone does not prove the block unedited: an added logo makes it the author's.
    html = (
        "<div>Please sign the attached form.</div>"
        '<div class="mdusd-signature" data-mail-assistant="signature"><div>Jane Doe</div>'
        '<div><img src="cid:logo.png" alt="Valle Verde logo" width="80"></div><div>Phone: 925-555-0199</div></div>'
    )
    after = fix(Draft(html=html))
    assert after.html.startswith(html)
    assert "(925) 555-0100" in after.html
    assert fix(after) == after


def test_image_in_the_authors_text_is_kept():
    html = '<div>Our class photo:</div><div><img src="cid:class.jpg" alt="class photo"></div>'
    after = fix(Draft(html=html))
    assert after.html.startswith(html)


def test_resent_message_rewritten_by_outlook_loses_markers_but_stays_single():
    # What Outlook's editor makes of our block: plain MsoNormal paragraphs, no data- attributes.
    html = (
        '<div class="WordSection1"><p class="MsoNormal">Reminder: minimum day Friday.</p>'
        '<p class="MsoNormal">&nbsp;</p>'
        '<p class="MsoNormal">Jane Doe</p><p class="MsoNormal">Teacher</p>'
        '<p class="MsoNormal">Valle Verde Elementary School</p><p class="MsoNormal">Phone: (925) 555-0100</p>'
        '<p class="MsoNormal">Email: <a href="mailto:jdoe@mdusd.org">jdoe@mdusd.org</a></p>'
        '<p class="MsoNormal">&nbsp;</p>'
        f'<p class="MsoNormal"><span style="font-size:9.0pt;color:#595959">{NOTICE}</span></p></div>'
    )
    after = fix(Draft(html=html))
    c = parse(after, NOTICE_WORDS)
    assert len(c.notices) == 1
    assert c.new_text.count("Jane Doe") == 1
    assert "Reminder: minimum day Friday." in c.new_text
    assert fix(after) == after


def test_notice_in_the_quote_only_is_added_to_the_new_text_not_moved():
    html = (
        "<div>Thanks, that works.</div>"
        '<div class="gmail_quote">On Fri, Jane Doe wrote:<blockquote>Form due Friday.<br>'
        f"<div>{NOTICE}</div></blockquote></div>"
    )
    after = fix(Draft(html=html))
    quote = html[html.index('<div class="gmail_quote">') :]
    assert after.html.endswith(quote)
    c = parse(after, NOTICE_WORDS)
    assert len(c.notices) == 1 and c.notice_in_quote


def test_notice_inside_an_authors_paragraph_is_refused_not_mangled():
    html = f"<div>Here is my note. {NOTICE} And one more sentence.</div>"
    with pytest.raises(FixError, match="inside a paragraph"):
        fix(Draft(html=html))


def test_multipart_draft_fixes_both_bodies():
    d = Draft(html="<div>Hi there</div>", text="Hi there\n")
    after = fix(d)
    assert "data-mail-assistant" in after.html and "-- \nJane Doe" in after.text
    assert fix(after) == after


def test_only_signature_still_keeps_an_existing_notice_beneath_it():
    text = "Hi,\n\nSee attached.\n\n" + NOTICE + "\n"
    after = fix(Draft(text=text), ["signature"])
    new, _ = text_parts(after.text)
    assert new.index("-- \nJane Doe") < new.index("CONFIDENTIALITY")
    assert len(find_notices(new, NOTICE_WORDS)) == 1
