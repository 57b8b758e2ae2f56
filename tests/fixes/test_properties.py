"""Property tests over generated drafts: words kept, quote kept, idempotent, single."""

from __future__ import annotations

import html as htmllib

from fixhelpers import JANE, NOTICE_WORDS, POLICY, authored_words_after, html_quote_source, our_blocks, text_parts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.core.content import find_notices, parse, words
from assistant.core.fixes import apply
from assistant.core.model import Draft
from assistant.core.signature import Signature

VOCAB = (
    "the students parents teacher field trip form Friday please return signed by "
    "reading math science homework IEP meeting room library lunch recess bus schedule "
    "thank you all grade report conference Tuesday agenda minutes budget PTA "
    "café naïve señora über & < > 'quoted' \"double\" 50% $12 #3 e-mail co-op"
).split()
word = st.one_of(
    st.sampled_from(VOCAB),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñ", min_size=1, max_size=12),
)
sentence = st.lists(word, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + st_punct(ws))
paragraphs = st.lists(sentence, min_size=0, max_size=5)


def st_punct(ws: list[str]) -> str:
    return "." if len(ws) % 3 else "?"


QUOTES_TEXT = [
    "-----Original Message-----\nFrom: Maria Diaz <mdiaz@example.com>\nSent: Monday, May 5, 2025 9:12 AM\n"
    "To: Jane Doe <jdoe@mdusd.org>\nSubject: Field trip\n\nCan you send the form?\n",
    "On Mon, May 5, 2025 at 9:12 AM Maria Diaz <mdiaz@example.com> wrote:\n> Can you send the form?\n> Thanks\n",
    "________________________________\nFrom: Maria Diaz\nSent: Monday\nTo: Jane Doe\nSubject: Trip\n\nHello\r\n",
]
VALEDICTIONS = ["", "Thanks,\nJane", "Best regards,\nJane Doe", "Sincerely,"]


@st.composite
def text_drafts(draft):  # noqa: ANN001, ANN201
    paras = draft(paragraphs)
    sign_off = draft(st.sampled_from(VALEDICTIONS))
    quote = draft(st.sampled_from([""] + QUOTES_TEXT))
    newline = draft(st.sampled_from(["\n", "\r\n"]))
    body = "\n\n".join(p for p in paras + [sign_off] if p)
    text = (body + "\n\n" if body else "") + quote
    return Draft(text=text.replace("\n", newline) if newline != "\n" else text)


def _ps(paras: list[str], outlook: bool) -> str:
    tag = '<p class="MsoNormal">' if outlook else "<div>"
    close = "</p>" if outlook else "</div>"
    return "".join(f"{tag}{htmllib.escape(p, quote=False)}{close}" for p in paras)


@st.composite
def html_drafts(draft):  # noqa: ANN001, ANN201
    paras = draft(paragraphs)
    style = draft(st.sampled_from(["outlook", "gmail", "apple", "new", "fragment", "text-quote"]))
    if style == "outlook":
        html = (
            '<html><head><meta name="Generator" content="Microsoft Word 15"></head><body><div class="WordSection1">'
            + _ps(paras, True)
            + '<p class="MsoNormal"><o:p>&nbsp;</o:p></p><div id="appendonsend"></div><hr>'
            '<div id="divRplyFwdMsg"><b>From:</b> Maria<br><b>Sent:</b> Monday<br><b>To:</b> Jane<br>'
            "<b>Subject:</b> Trip</div><div>Can you &amp; the class come?</div></div></body></html>"
        )
    elif style == "gmail":
        html = (
            '<div dir="ltr">' + _ps(paras, False) + '</div><br><div class="gmail_quote"><div class="gmail_attr">'
            "On Mon, May 5, 2025 at 9:12 AM Maria &lt;m@example.com&gt; wrote:<br></div>"
            '<blockquote class="gmail_quote">Can you send it?</blockquote></div>'
        )
    elif style == "apple":
        html = (
            "<html><body>" + _ps(paras, False) + '<div><br><blockquote type="cite"><div>Original text</div>'
            "</blockquote></div></body></html>"
        )
    elif style == "text-quote":
        html = (
            "<html><body>" + _ps(paras, False) + "<div>-----Original Message-----<br>From: Maria<br>"
            "Sent: Monday<br>To: Jane<br>Subject: Trip</div><div>Hello</div></body></html>"
        )
    elif style == "new":
        html = "<html><body>" + _ps(paras, False) + "</body></html>"
    else:
        html = _ps(paras, False) or "Hello"
    return Draft(html=html)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fix(d: Draft, sig: Signature = JANE) -> Draft:
    return apply(d, ["signature", "notice"], signature=sig, policy=POLICY)[0]


@SETTINGS
@given(text_drafts())
def test_text_drafts(d: Draft):
    before_new, before_quote = text_parts(d.text)
    after = fix(d)
    new, quote = text_parts(after.text)
    assert quote == before_quote  # the quoted history, byte for byte
    assert authored_words_after(after) == words(parse(d, NOTICE_WORDS).new_text)
    assert new.count("-- \nJane Doe") + new.count("-- \r\nJane Doe") == 1
    assert len(find_notices(new, NOTICE_WORDS)) == 1
    assert fix(after) == after


@SETTINGS
@given(html_drafts())
def test_html_drafts(d: Draft):
    quote = html_quote_source(d.html)
    after = fix(d)
    assert after.html.endswith(quote)
    assert authored_words_after(after) == words(parse(d, NOTICE_WORDS).new_text)
    sigs, notices = our_blocks(after.html)
    assert len(sigs) == 1 and len(notices) == 1
    c = parse(after, NOTICE_WORDS)
    assert len(c.notices) == 1 and c.signature is not None and c.signature.start < c.notices[0].start
    assert c.quoted_text == parse(d, NOTICE_WORDS).quoted_text
    assert fix(after) == after


OLD = Signature.from_config({"name": "Jane Doe", "title": "Teacher", "phone": "(925) 555-0199"})


@SETTINGS
@given(st.one_of(text_drafts(), html_drafts()))
def test_an_older_signature_and_notice_are_replaced(d: Draft):
    first = fix(d, OLD)
    second = fix(first, JANE.with_previous([OLD]))  # the settings remember OLD
    body = second.html if second.html is not None else second.text
    assert "555-0199" not in body
    c = parse(second, NOTICE_WORDS)
    assert len(c.notices) == 1
    assert authored_words_after(second) == words(parse(d, NOTICE_WORDS).new_text)
    assert fix(second, JANE.with_previous([OLD])) == second
