"""Keep text readable after a fix changed colours or removed backgrounds.

A look fix works on one kind of declaration at a time, but readability depends on
two: removing a dark cell's background leaves the white text written for it on the
white page; removing a text colour leaves default black on the dark cell it was
chosen for; giving a paragraph black text darkens the words of a span inside it
that sits on its own dark highlight. ``keep_readable`` compares the fixed HTML with
the original through the same analysis AX102 uses (``core.accessibility.Page``:
the colour a text is drawn in and the background that really applies, inherited
from ancestors, composited, the page's own included) and repairs every text the
fix pushed below the WCAG minimum:

- its own colour is dropped when the colour it then inherits reads well on that
  background (white text on a cell that lost its navy becomes the page's black);
- otherwise it gets the default colour that reads there: black, or white on a
  dark background (``readable_on``), as the AX102 fix does.

Text that was already below the minimum before the fix is AX102's to report and
is left alone. Repairs are start-tag patches like the fixes' own, in the new text
only and never in the assistant's signature or notice blocks; if a text the fix
made unreadable cannot be repaired there, the fix is refused (``FixError``) and
the draft is not changed.
"""

from __future__ import annotations

import lxml.etree as etree

from assistant.core.accessibility import BLACK, RGBA, LowContrast, Page, colours_may_fail, contrast, hex_of, readable_on
from assistant.core.content import HtmlSplit, split_html
from assistant.core.fixes.common import FixError
from assistant.core.fixes.source import apply_patches, parse_start_tag, start_tag_html
from assistant.core.fixes.style import _in_protected, _join_style, _region, _Region, _split_style
from assistant.core.htmltext import tag_of

Attrs = list[tuple[str, str | None]]

# Each round repairs elements whose descendants it may push below the minimum in
# turn (they inherit the new colour); a round reaches one level deeper, so this
# bounds the nesting of coloured elements handled.
MAX_ROUNDS = 24
UNREADABLE = "this change would leave some text unreadable on its background{}; the draft was not changed"


def _order(root: etree._Element) -> dict[int, int]:
    """Element id -> position in document order. Fixes change attributes only, so
    the same position names the same element before and after."""
    return {id(el): i for i, el in enumerate(root.iter())}


def _may_fail(html: str) -> bool:
    low = html.lower()
    return colours_may_fail(low) or "<mark" in low


def _inherited(page: Page, el: etree._Element) -> RGBA:
    """The text colour ``el`` would draw in without a colour of its own."""
    for anc in el.iterancestors():
        own = page._own_colour(anc)
        if own is None and tag_of(anc) == "a" and anc.get("href") is not None:
            own = page.link_colour
        if own is not None:
            return own
        if anc is page.body:
            break
    return BLACK


def _without_colour(name: str, attrs: Attrs) -> Attrs:
    """``attrs`` without the text colour they set (style ``color``, ``<font color>``,
    ``<body text>``); an emptied style attribute goes."""
    out: Attrs = []
    for k, v in attrs:
        lk = k.lower()
        if (lk == "color" and name in ("font", "basefont")) or (lk == "text" and name == "body"):
            continue
        if lk == "style" and v:
            decls = [(p, val) for p, val in _split_style(v) if p.strip().lower() != "color"]
            if not decls:
                continue
            v = _join_style(decls)
        out.append((k, v))
    return out


def _with_colour(name: str, attrs: Attrs, colour: str) -> Attrs:
    out = _without_colour(name, attrs)
    for i, (k, v) in enumerate(out):
        if k.lower() == "style":
            out[i] = (k, _join_style(_split_style(v or "") + [("color", colour)]))
            return out
    return out + [("style", f"color:{colour}")]


def _repair(page: Page, found: LowContrast, name: str, attrs: Attrs) -> Attrs:
    """The start tag's attributes with its text drawn readably on ``found.bg``: its own
    colour dropped when what it then inherits reads well, else black or white."""
    own = page._own_colour(found.element)
    if own is not None and contrast(_inherited(page, found.element), found.bg) >= page.needed_ratio(found):
        return _without_colour(name, attrs)
    return _with_colour(name, attrs, hex_of(readable_on(found.bg)).upper())


def _editable(reg: _Region, start: int, end: int, name: str) -> bool:
    """A start tag a fix may patch: in the new text and outside the assistant's own
    blocks, or ``<body>`` itself (whose colours the look fixes may change too)."""
    if name == "body" and end == reg.lo:
        return True
    return reg.lo <= start < reg.hi and not _in_protected(reg, start)


def keep_readable(before: HtmlSplit, after: str) -> tuple[str, int]:
    """``after``, a look fix's output (as ``_region`` reads it) from the draft
    ``before`` was parsed from, with every text the fix pushed below the WCAG
    minimum repaired; and how many start tags that took. ``FixError`` when such a
    text cannot be repaired."""
    if not _may_fail(after):
        return after, 0
    html = after
    split = split_html(html)
    page = Page(split)
    if not page.low_contrast:
        return after, 0
    before_order = _order(before.root)
    was_low = {before_order[id(f.element)] for f in Page(before).low_contrast}
    repaired: set[int] = set()
    for _ in range(MAX_ROUNDS):
        order = _order(split.root)
        new = [f for f in page.low_contrast if order[id(f.element)] not in was_low]
        if not new:
            return html, len(repaired)
        reg = _region(html, split)  # the source map, only when there is something to patch
        patches: list[tuple[int, int, str]] = []
        for found in new:
            t = reg.smap.tag(found.element)
            if t is None or not _editable(reg, t.start, t.end, t.name):
                raise FixError(UNREADABLE.format(" and that text cannot be changed here"))
            try:
                name, attrs, selfclosing = parse_start_tag(reg.src[t.start : t.end])
            except ValueError:
                raise FixError(UNREADABLE.format("")) from None
            patches.append((t.start, t.end, start_tag_html(name, _repair(page, found, name, attrs), selfclosing)))
            repaired.add(order[id(found.element)])
        html = apply_patches(reg.src, patches)
        split = split_html(html)
        page = Page(split)
    raise FixError(UNREADABLE.format(""))


__all__ = ["keep_readable"]
