"""Rendering shortcuts give exactly what the plain way gives.

``htmltext._strip_line_ends`` drops the spaces that end a line and moves every
element offset with them; it is compared here with the character-by-character
definition, on text with long runs of spaces (which the old walk read once per
space). ``htmltext.render`` (text written in one place of its loop) and the style
inventory (each distinct element look worked out once) are compared with the
versions they replaced (issue 8, item 5), on generated HTML.
"""

from __future__ import annotations

import lxml.etree as etree
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core import htmltext
from assistant.core.content import split_html
from assistant.core.htmltext import Rendered
from assistant.core.model import Span
from assistant.core.text import style as S
from assistant.core.text.style import inventory


def plain_strip(text: str, offsets: dict[int, int]) -> tuple[str, dict[int, int]]:
    """Keep a character unless it is a space and only spaces lie between it and a newline;
    an offset moves back by the characters dropped before it."""
    dropped = []
    for i, ch in enumerate(text):
        rest = text[i:].lstrip(" ")
        dropped.append(ch == " " and rest.startswith("\n"))
    kept = "".join(ch for ch, d in zip(text, dropped) if not d)
    return kept, {k: v - sum(dropped[:v]) for k, v in offsets.items()}


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=" \na", max_size=60),
    st.lists(st.integers(0, 60), max_size=8),
)
def test_strip_line_ends_matches_the_plain_definition(text, positions):
    offsets = {i: min(p, len(text)) for i, p in enumerate(positions)}
    out = htmltext._strip_line_ends(text, offsets, {}, dict(offsets))
    want_text, want_offsets = plain_strip(text, offsets)
    assert out.text == want_text
    assert out.starts == want_offsets
    assert out.ends == want_offsets


def test_long_space_runs_in_pre_keep_their_text_and_offsets():
    body = "<pre>a" + " " * 20_000 + "b   \nc</pre><p>Thanks,<br>Dana</p>"
    split = split_html(f"<html><body>{body}</body></html>")
    text = split.rendered.text
    assert text == "a" + " " * 20_000 + "b\nc\nThanks,\nDana"
    p = split.root.find(".//p")
    assert text[split.rendered.start_of(p):].startswith("Thanks,")


# --- render and the style inventory against the versions they replaced ------------------

TAGS = ["p", "div", "span", "b", "font", "mark", "a", "td", "th", "tr", "table", "pre", "li",
        "blockquote", "h1", "center", "script", "style", "title", "o:p"]
ATTRIBUTES = ["", ' style="color:#ff0000"', ' style="font-family:Comic Sans MS;background-color:#ffff00"',
              ' color="navy" face="Papyrus"', ' bgcolor="#ffcc00"', ' style="background:url(x.png)"',
              ' class="MsoNormal"', ' href="https://example.org"', ' style="color:#444"']
VOIDS = ["<br>", '<img alt=" a  b ">', '<img alt="">', "<img>", '<img src="x.gif" width="1">',
         '<img src="y.png" style="width:50px">', "<!-- c -->", "<hr>", "<mark>",
         '<a href="x"><span style="color:#ff0000">go</span></a>', '<a><font color="green" face="Papyrus">here</font></a>']
TEXTS = ["", " ", "  ", "\n", "\r\n", "a", "b c", "x  y", "\u00a0", "\t", "\u200b", "\u00e9\u2028f",
         " lead", "trail ", "Thanks,", "Dana"]


@st.composite
def html_bodies(draw) -> str:
    pieces = draw(st.lists(st.one_of(
        st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES)),
        st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
        st.sampled_from(VOIDS),
        st.sampled_from(TEXTS),
    ), max_size=40))
    return "".join(pieces)


def plain_render(root: etree._Element) -> Rendered:
    """The renderer before issue 8 item 5: one call per piece of text."""
    out: list[str] = []
    length = 0
    pending_break = False
    blank_line = False
    waiting: list[etree._Element] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    elements: dict[int, etree._Element] = {}
    pre_depth = 0
    ends_newline = True  # nothing written yet counts as "at line start"
    last_char = "\n"

    def emit(s: str) -> None:
        nonlocal length, pending_break, blank_line, ends_newline, last_char
        if not s:
            return
        if pending_break and length:
            brk = "\n\n" if blank_line else "\n"
            if ends_newline:
                brk = "\n" if blank_line and not out[-1].endswith("\n\n") else ""
            if brk:
                out.append(brk)
                length += len(brk)
                last_char = "\n"
        pending_break = False
        blank_line = False
        for el in waiting:
            starts[id(el)] = length
        waiting.clear()
        out.append(s)
        length += len(s)
        last_char = s[-1]
        ends_newline = last_char == "\n"

    def text(s: str | None) -> None:
        if not s:
            return
        if pre_depth:
            emit(s.replace("\r\n", "\n"))
            return
        # Fast paths with the same result as the substitution: text made only of
        # collapsible whitespace becomes one space, and printable text without a
        # double space has nothing to collapse (every _WS character but " " is
        # unprintable).
        if not s.strip(htmltext._WS_CHARS):
            collapsed = " "
        elif s.isprintable() and "  " not in s:
            collapsed = s
        else:
            collapsed = htmltext._WS.sub(" ", s)
        if last_char in (" ", "\n") or pending_break:
            collapsed = collapsed.lstrip(" ")
        emit(collapsed)

    skip_depth = 0
    block_had_text: list[int] = []
    names: dict[str, str] = {}  # raw tag -> tag_of's name, without a call per event
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if isinstance(tag, str):
            name = names.get(tag)
            if name is None:
                name = names[tag] = htmltext._tag_name(tag)
            tag = name
        else:
            tag = ""
        if event == "start":
            if skip_depth or tag in htmltext.SKIP_TAGS or not tag:
                if tag in htmltext.SKIP_TAGS or not tag:
                    skip_depth += 1
                continue
            elements[id(el)] = el
            waiting.append(el)
            if tag in htmltext.BLOCK_TAGS:
                pending_break = True
                block_had_text.append(length)
            if tag == "pre":
                pre_depth += 1
            if tag == "br":
                emit("\n")
            elif tag == "img":
                alt = (el.get("alt") or "").strip()
                if alt:
                    text(f" {alt} ")
            text(el.text)
        else:
            if skip_depth:
                if tag in htmltext.SKIP_TAGS or not tag:
                    skip_depth -= 1
                    if skip_depth == 0:
                        text(el.tail)
                continue
            if tag == "pre":
                pre_depth -= 1
            if tag in htmltext.BLOCK_TAGS:
                ends[id(el)] = length
                began = block_had_text.pop() if block_had_text else length
                if began == length and tag in ("p", "div") and length:
                    # An empty paragraph is a blank line in Outlook HTML.
                    blank_line = True
                pending_break = True
                if tag == "td" or tag == "th":
                    pending_break = False
                    text(" ")
            if el is not root:
                text(el.tail)
    # Elements that never saw text start at the end.
    for el in waiting:
        starts[id(el)] = length
    rendered = "".join(out)
    # Trailing spaces on lines come from inline whitespace before a break.
    if " \n" in rendered:
        return htmltext._strip_line_ends(rendered, starts, elements, ends)
    return Rendered(rendered, starts, elements, ends)


@settings(max_examples=600, deadline=None)
@given(html_bodies())
def test_render_matches_the_plain_walk(html):
    root = htmltext.parse_html(html)
    want, got = plain_render(root), htmltext.render(root)
    assert got.text == want.text
    assert list(got.starts.items()) == list(want.starts.items())
    assert got.ends == want.ends
    assert list(got.elements) == list(want.elements)


def test_render_keeps_pre_breaks_alt_text_and_cells():
    html = "<p>Dear <b>families</b>,</p><p></p><pre>a  b\r\nc</pre><table><tr><td>x</td><td>y</td></tr></table>" \
           '<p>see<br>the <img alt=" map "> here</p>'
    root = htmltext.parse_html(html)
    assert htmltext.render(root).text == "Dear families,\n\na  b\nc\nx\ny\nsee\nthe map here"
    assert htmltext.render(root).text == plain_render(root).text


PLAIN_STYLED = etree.XPath("descendant::*[@style or @color or @face or @bgcolor or @background or self::img or self::mark]")


def plain_inventory(split, signature: Span | None) -> S.Style:
    """The style inventory before issue 8 item 5: every element worked out in full."""
    body = htmltext.body_of(split.root)
    colors: dict[str, None] = {}
    fonts: dict[str, None] = {}
    backgrounds: list[str] = []
    images: list = []
    starts = split.rendered.starts
    lo, limit = split.new_range
    # <body> itself: its background covers the whole page.
    for el in (body,):
        d = S._decls(el.get("style") or "")
        bg = S.normalize_color(el.get("bgcolor") or d.get("background-color") or "")
        if el.get("background") or "url(" in d.get("background", "") or d.get("background-image"):
            backgrounds.append("page background image")
        elif bg and not S._is_white(bg):
            backgrounds.append(f"page background {bg}")
        elif "background" in d:
            bgv = S.normalize_color(d["background"].split()[0])
            if bgv and not S._is_white(bgv):
                backgrounds.append(f"page background {bgv}")
    # Only elements that can carry formatting, found by libxml2; link text keeps its colour.
    # The list keeps the proxies alive, so their ids stay theirs while in use.
    linked = [d for a in S._LINKS(body) for d in a.iter(etree.Element)]
    in_link = {id(e) for e in linked}
    for el in PLAIN_STYLED(body):
        tag = htmltext.tag_of(el)
        start = starts.get(id(el))
        if start is None or not lo <= start < limit or el is split.boundary:
            continue
        start -= lo  # an offset into the new text, as the signature's are
        style = el.get("style") or ""
        d = S._decls(style) if style else {}
        if id(el) not in in_link:
            for raw in (el.get("color"), d.get("color")):
                c = S.normalize_color(raw or "")
                if c and not S.is_default_text_color(c):
                    colors.setdefault(c)
            hl = S.normalize_color(d.get("background-color", "")) if tag in ("span", "font", "mark", "b", "i", "u", "em", "strong") else None
            if tag == "mark":
                hl = hl or "#ffff00"
            if hl and not S._is_white(hl):
                colors.setdefault(hl)
        for raw in (el.get("face"), d.get("font-family")):
            if raw:
                f = S._primary_font(raw)
                if f:
                    fonts.setdefault(f)
        if tag in ("table", "td", "th", "div", "p", "tr", "center"):
            in_sig = signature is not None and signature.start <= start < signature.end
            bgimg = el.get("background") or d.get("background-image") or ("url(" in d.get("background", ""))
            bg = S.normalize_color(el.get("bgcolor") or d.get("background-color") or "")
            if bgimg and not in_sig:
                backgrounds.append(f"{tag} background image")
            elif bg and not S._is_white(bg) and not in_sig and not S.is_default_text_color(bg):
                backgrounds.append(f"{tag} background {bg}")
        if tag == "img":
            in_sig = signature is not None and signature.start <= start <= signature.end
            images.append(
                S.Image(
                    src=el.get("src") or "",
                    alt=el.get("alt") or "",
                    width=S._int(el.get("width") or d.get("width")),
                    height=S._int(el.get("height") or d.get("height")),
                    in_signature=in_sig,
                )
            )
    return S.Style(tuple(colors), tuple(fonts), tuple(dict.fromkeys(backgrounds)), tuple(images))


@settings(max_examples=400, deadline=None)
@given(html_bodies(), st.integers(0, 40), st.integers(0, 40))
def test_inventory_matches_the_plain_walk(html, a, b):
    split = split_html(f"<html><body>{html}</body></html>")
    for signature in (None, Span(min(a, b), max(a, b))):
        assert inventory(split, signature) == plain_inventory(split, signature)


def test_inventory_reads_a_repeated_look_once_and_keeps_first_seen_order():
    body = '<p style="color:#ff0000">a</p><p style="color:#00ff00">b</p>' * 3 + '<td bgcolor="#ffcc00">c</td>'
    split = split_html(f"<html><body><table><tr>{body}</tr></table></body></html>")
    got = inventory(split, None)
    assert got.colors == ("#ff0000", "#00ff00")
    assert got == plain_inventory(split, None)
