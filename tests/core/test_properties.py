"""Property tests: any draft goes through ``check`` without error, with sane hints.

Hypothesis builds drafts from unicode subjects, random recipients, and bodies
made of HTML fragments, plain text, quote headers, signatures and the notice,
so the splitter, the detectors and every rule see odd combinations.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.core.check import check
from assistant.core.content import parse
from assistant.core.model import Attachment, ComposeType, Draft, Recipient, Severity
from assistant.policy import default_policy
from assistant.rules import RULES

POLICY = default_policy()
NOTICE = POLICY.notice_text

WORDS = [
    "Friday", "permission", "slip", "field", "trip", "IEP", "PTA", "CAASPP", "K-12", "THANKS", "PLEASE",
    "RETURN", "absences", "grades", "student", "Maria", "Lopez", "weekend", "joke", "forward", "this",
    "to", "10", "people", "kill", "sex", "education", "useless", "form", "reunión", "mañana", "niños",
    "🙂", "—", "“quoted”", "e-mail", "(925) 555-0142", "whitfieldd@mdusd.org", "Separately,", "On another note",
    "\u00a0", "\u200b", "&amp;", "<", ">", "&",
]
QUOTE_HEADERS = [
    "\n\nOn Mon, Nov 16, 2026 at 4:05 PM Michael Okafor <okaform@mdusd.org> wrote:\n> old text\n> more old text\n",
    "\n\n-----Original Message-----\nFrom: Michael\nSent: Monday\nTo: Dana\nSubject: old\n\nold text\n",
    "\n\n________________________________\nFrom: Michael <m@mdusd.org>\nSent: Monday, November 16, 2026 4:05 PM\nTo: Dana\nSubject: x\n\nold\n",
    "\n\n----- Forwarded by Dana/MDUSD on 11/16/2026 04:30 PM -----\n\nold\n",
    "\n> a\n> b\n",
]
HTML_QUOTES = [
    '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> M<br><b>Sent:</b> Monday<br><b>Subject:</b> x</div><div>old</div>',
    '<div class="gmail_quote"><div class="gmail_attr">On Mon, M wrote:<br></div><blockquote class="gmail_quote">old</blockquote></div>',
    '<blockquote type="cite">On Nov 16, M wrote:<br>old</blockquote>',
    '<div style="border-top:solid #E1E1E1 1.0pt"><p><b>From:</b> M<br><b>Sent:</b> Monday<br><b>To:</b> D<br><b>Subject:</b> x</p></div><p>old</p>',
]
SIGNATURES = [
    "\n\nThanks,\nDana Whitfield\nTeacher, Walnut Acres Elementary\n(925) 555-0142\n",
    "\n\n-- \nDana Whitfield\n(925) 555-0142\n",
    "\n\nAtentamente,\nDana\n",
    "",
]
HTML_SIGNATURES = [
    '<div id="Signature"><p>Dana Whitfield<br>(925) 555-0142</p></div>',
    '<div class="gmail_signature">Dana Whitfield<br>Teacher, Walnut Acres Elementary</div>',
    "<p>Thanks,<br>Dana</p>",
    "",
]
TAGS = ["p", "div", "span", "b", "i", "font", "td", "li", "blockquote", "pre", "h1", "a", "table", "tr", "o:p"]
STYLES = ["", ' style="color:red"', ' style="font-family:Comic Sans MS"', ' style="background-color:yellow"',
          ' bgcolor="#ffcc00"', ' color="#7030A0"', ' face="Papyrus"', ' style="color:rgb(0,0,0)"', ' class="MsoNormal"']

sentence = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=0, max_size=25).map(" ".join)
plain_text = st.lists(sentence, max_size=8).map(lambda xs: "\n".join(xs))


@st.composite
def html_fragment(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        if kind == 0 or depth > 3:
            parts.append(draw(sentence).replace("<", "&lt;"))
        elif kind == 1:
            parts.append("<br>")
        elif kind == 2:
            parts.append(f'<img src="{draw(st.sampled_from(["cid:a.gif", "logo.png", "clipart-turkey.png", "x.jpg"]))}" width="{draw(st.integers(0, 300))}">')
        elif kind == 3:
            parts.append(draw(st.sampled_from(["<p>", "</div>", "<td>", "</b>", "<!-- c -->", "<![CDATA[x]]>", "<script>x()</script>", "&nbsp;", "&#0;", "&bogus;"])))
        else:
            tag = draw(st.sampled_from(TAGS))
            style = draw(st.sampled_from(STYLES))
            parts.append(f"<{tag}{style}>{draw(html_fragment(depth + 1))}</{tag}>")
    return "".join(parts)


addresses = st.one_of(
    st.sampled_from(["whitfieldd@mdusd.org", "parent@gmail.com", "news@paper.com", "staff@mdusd.org", "", "no-at-sign", "x@sub.mdusd.org"]),
    st.emails().map(str),
)
recipients = st.lists(
    st.builds(Recipient, address=addresses.map(str.strip), name=st.text(max_size=20).map(str.strip), group_size=st.none() | st.integers(0, 500)),
    max_size=14,
).map(tuple)
dates = st.none() | st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.none() | st.just(timezone.utc))
attachments = st.lists(
    st.builds(
        Attachment,
        filename=st.text(max_size=15),
        content_type=st.sampled_from(["image/jpeg", "image/png", "video/mp4", "application/pdf", "text/plain"]),
        size=st.integers(0, 10**8),
        inline=st.booleans(),
        content_id=st.text(max_size=8),
    ),
    max_size=3,
).map(tuple)


@st.composite
def drafts(draw) -> Draft:
    as_html = draw(st.booleans())
    notice = draw(st.sampled_from(["", NOTICE, NOTICE.upper(), NOTICE[:200]]))
    notice_first = draw(st.booleans())
    if as_html:
        body = draw(html_fragment())
        sig = draw(st.sampled_from(HTML_SIGNATURES))
        note = f"<p>{notice}</p>" if notice else ""
        quote = draw(st.sampled_from(["", *HTML_QUOTES]))
        inner = (note + body + sig) if notice_first else (body + sig + note)
        wrapper = draw(st.sampled_from(["{}", "<html><body>{}</body></html>", '<html><body bgcolor="#ffff99">{}</body></html>', "<div>{}"]))
        html, text = wrapper.replace("{}", inner + quote), draw(st.none() | plain_text)
    else:
        body = draw(plain_text)
        sig = draw(st.sampled_from(SIGNATURES))
        quote = draw(st.sampled_from(["", *QUOTE_HEADERS]))
        text = ((notice + "\n\n" + body + sig) if notice_first else (body + sig + "\n\n" + notice)) + quote
        if draw(st.booleans()):
            text = text.replace("\n", "\r\n")
        html = None
    return Draft(
        subject=draw(st.text(max_size=60) | st.sampled_from(["RE:", "FW: FW:", "URGENT", "Pregunta", "Field trip slips due Friday"])),
        sender=draw(st.none() | st.builds(Recipient, address=addresses.map(str.strip), name=st.text(max_size=20).map(str.strip))),
        to=draw(recipients),
        cc=draw(recipients),
        bcc=draw(recipients),
        html=html,
        text=text,
        compose_type=draw(st.sampled_from(list(ComposeType))),
        in_reply_to_date=draw(dates),
        in_reply_to_subject=draw(st.none() | st.text(max_size=30)),
        attachments=draw(attachments),
        date=draw(dates),
    )


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
QUICK = settings(SETTINGS, max_examples=40)


@SETTINGS
@given(drafts())
def test_check_never_raises_and_hints_are_sane(d: Draft) -> None:
    hints = check(d)
    new_text = parse(d, POLICY.notice_words).new_text
    for h in hints:
        assert h.code in RULES
        assert isinstance(h.severity, Severity)
        rule = RULES[h.code]
        # CF101 drops to a warning for internal mail; every other rule keeps its severity.
        assert h.severity is rule.severity or (h.code == "CF101" and h.severity is Severity.WARNING)
        assert h.message and h.citation.startswith("BP 1114")
        assert len(h.spans) == len(h.excerpts)
        for span, excerpt in zip(h.spans, h.excerpts):
            assert 0 <= span.start <= span.end <= len(new_text)
            assert new_text[span.start : span.end] == excerpt
        if h.spans:
            assert h.field == "body" or h.code in ("EM301",)
        if h.fix is None:
            assert h.applicability.value == "none"
        else:
            assert h.applicability is rule.applicability


@QUICK
@given(drafts())
def test_json_round_trip(d: Draft) -> None:
    assert Draft.from_json(d.to_json()) == d


@SETTINGS
@given(st.lists(st.fixed_dictionaries({"address": st.text(max_size=20), "name": st.text(max_size=20)}), max_size=4))
def test_json_normalises_recipients_once(raw: list[dict]) -> None:
    """from_json strips names and addresses; after that the JSON form is a fixed point."""
    d = Draft.from_json({"to": raw})
    assert all(r.address == r.address.strip() and r.name == r.name.strip() for r in d.to)
    assert Draft.from_json(d.to_json()) == d


@QUICK
@given(drafts())
def test_check_is_deterministic(d: Draft) -> None:
    assert [h.to_json() for h in check(d)] == [h.to_json() for h in check(d)]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.text(max_size=400))
def test_arbitrary_text_and_html_bodies(text: str, html: str) -> None:
    """Not even built from fragments: any unicode as a text body, and as an HTML body."""
    for d in (Draft(text=text), Draft(html=html), Draft(html="<p>" + html + "</p>", text=text)):
        for h in check(d):
            new_text = parse(d, POLICY.notice_words).new_text
            for span, excerpt in zip(h.spans, h.excerpts):
                assert new_text[span.start : span.end] == excerpt


def test_reply_date_arithmetic_mixed_timezones() -> None:
    """Aware and naive dates (loader vs quote header) compare without TypeError."""
    d = Draft(
        text="When are report cards going home?\n\nOn Mon, Sep 1, 2026 at 4:05 PM M <m@mdusd.org> wrote:\n> x\n> y\n",
        compose_type=ComposeType.REPLY,
        date=datetime(2026, 11, 17, tzinfo=timezone(timedelta(hours=-8))),
    )
    assert "EM102" in {h.code for h in check(d)}
