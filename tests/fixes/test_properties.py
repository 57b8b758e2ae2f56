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


# --- issue 8: files with header lines, hand-written signatures, check clean => no-op -------

import os  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import event  # noqa: E402

from assistant.core.fixes import ALL_FIXES  # noqa: E402
from assistant.app.fixing import fix_file, load_file, reported_fixes  # noqa: E402

subjects = st.lists(st.sampled_from(VOCAB[:30]), min_size=2, max_size=6).map(" ".join)


@st.composite
def header_blocks(draft):  # noqa: ANN001, ANN201
    """A few header lines as people type them above a .txt draft (Subject always)."""
    lines = [f"Subject: {draft(subjects)}"]
    if draft(st.booleans()):
        lines.append("To: " + ", ".join(f"parent{i}@example.com" for i in range(draft(st.integers(1, 3)))))
    if draft(st.booleans()):
        lines.append("Cc: office@mdusd.org")
    if draft(st.booleans()):
        lines.append("From: Jane Doe <jdoe@mdusd.org>")
    if len(lines) == 1:
        lines.append("To: parent@example.com")
    return draft(st.permutations(lines))


def _in_order(needles: list[bytes], haystack: list[bytes]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


def _fix_bytes(data: bytes, suffix: str, only: str | None = None, sig: Signature = JANE) -> tuple[bytes, object]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"draft{suffix}"
        p.write_bytes(data)
        before = p.stat().st_mtime_ns
        result = fix_file(p, None, only, policy=POLICY, signature=sig)
        if p.read_bytes() == data:
            assert p.stat().st_mtime_ns == before  # not rewritten at all
        return p.read_bytes(), result


@SETTINGS
@given(header_blocks(), text_drafts())
def test_txt_drafts_with_header_lines_keep_every_line(headers: list[str], d: Draft):
    newline = "\r\n" if "\r\n" in d.text else "\n"
    head = (newline.join(headers) + newline + newline).encode("utf-8")
    data = head + d.text.encode("utf-8")
    out, _ = _fix_bytes(data, ".txt")
    assert out.startswith(head)  # the header lines, byte for byte
    assert _in_order(data.splitlines(), out.splitlines())  # every line kept, in order
    assert _fix_bytes(out, ".txt")[0] == out  # and fixing again changes nothing


@st.composite
def hand_written_signatures(draft):  # noqa: ANN001, ANN201
    """JANE's signature as a person might have changed it: never exactly ours."""
    lines = JANE.lines()
    how = draft(st.sampled_from(["append", "drop", "insert", "digit", "case"]))
    i = draft(st.integers(0, len(lines) - 1))
    if how == "append":
        lines[i] += draft(st.sampled_from([", Room 14", " (mornings)", " & PTA liaison"]))
    elif how == "drop" and len(lines) > 1:
        del lines[i]
    elif how == "insert":
        lines.insert(i + 1, draft(st.sampled_from(["Room 14", "Cell: 925-555-0177", "Go Falcons!"])))
    elif how == "digit":
        lines[3] = lines[3].replace("0100", "0101")
    else:
        lines[i] = lines[i].upper() if lines[i] != lines[i].upper() else lines[i].lower()
    if lines == JANE.lines():
        lines.append("Room 14")
    return lines


@SETTINGS
@given(paragraphs, hand_written_signatures(), st.booleans(), st.sampled_from(["text", "html", "html-marked"]))
def test_hand_written_signatures_that_differ_from_the_configured_one_are_never_removed(paras, sig_lines, dash, form):
    # A paragraph starting with ">" is quoted history: the block would go above it.
    paras = [p for p in paras if not p.lstrip().startswith((">", "&gt;"))]
    if form == "text":
        block = (["-- "] if dash else []) + sig_lines
        d = Draft(text="\n\n".join(paras + ["\n".join(block)]) + "\n")
        after = fix(d)
        assert _in_order([ln.encode() for ln in block], after.text.encode().split(b"\n"))
        assert after.text.startswith(d.text.rstrip("\n"))
    else:
        rows = "".join(f"<div>{htmllib.escape(x, quote=False)}</div>" for x in sig_lines)
        wrap = '<div class="mdusd-signature" data-mail-assistant="signature">{}</div>' if form == "html-marked" else "{}"
        html = "<html><body>" + _ps(paras, False) + wrap.format(rows) + "</body></html>"
        after = fix(Draft(html=html))
        assert after.html.startswith(html[: -len("</body></html>")])
        assert [x for x in sig_lines if x.strip()] == [
            x for x in parse(after, NOTICE_WORDS).new_text.split("\n") if x.strip() in sig_lines
        ][: len([x for x in sig_lines if x.strip()])]
    assert fix(after) == after


@st.composite
def check_candidates(draft):  # noqa: ANN001, ANN201
    """Files near "clean": fixed before, hand-signed with the notice, or raw."""
    kind = draft(st.sampled_from(["txt", "html"]))
    d = draft(text_drafts() if kind == "txt" else html_drafts())
    how = draft(st.sampled_from(["fixed", "hand-signed", "raw"]))
    if how == "fixed":
        d = fix(d)
    elif how == "hand-signed":
        sig = "\n".join(draft(hand_written_signatures()))
        if kind == "txt":
            d = Draft(text=(d.text or "") + "\n\n" + sig + "\n\n" + " ".join(POLICY.notice_text.split()) + "\n")
        else:
            d = fix(Draft(html=(d.html or "").replace("</body>", "<div>" + sig.replace("\n", "<br>") + "</div></body>")), JANE)
    if kind == "txt":
        return ".txt", f"Subject: {draft(subjects)}\nTo: parent@example.com\n\n".encode() + d.text.encode()
    return ".html", d.html.encode()


@SETTINGS
@given(check_candidates(), st.sampled_from([None, ",".join(ALL_FIXES)]))
def test_check_clean_means_fix_is_a_no_op(candidate, only):
    suffix, data = candidate
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"draft{suffix}"
        p.write_bytes(data)
        reported = reported_fixes(load_file(p).draft, POLICY)
    out, result = _fix_bytes(data, suffix, only)
    if not reported:
        event("check clean")
        assert out == data and not result.changes  # byte for byte, and the file was not rewritten
    assert _fix_bytes(out, suffix, only)[0] == out  # what fix leaves, check calls clean for its fixes
