"""Look fixes never leave text unreadable (white on white, black on a dark cell).

Removing a background (EM803), a text colour (EM801) or giving text the default
colour (AX102) changes one half of a colour pair; the other half was chosen for the
first. After each, every text of the new text must still reach WCAG's minimum
against the background that really applies: its own, an ancestor's, or the page's.
Each case is checked with the analysis AX102 uses, and by the exact markup written.
"""

from __future__ import annotations

import pytest
from fixhelpers import NOTICE_WORDS, POLICY

from assistant.core.accessibility import Page, contrast, parse_colour
from assistant.core.check import check
from assistant.core.content import parse, split_html, words
from assistant.core.fixes import FixError, apply
from assistant.core.fixes.block import MARK_ATTR
from assistant.core.model import Draft

QUOTE = ('<div class="gmail_quote">On Mon, Sep 8, 2025 at 9:14 AM Ann Lee &lt;alee@mdusd.org&gt; wrote:'
         '<blockquote><p style="color:#ffffff;background:#003366">Quoted white on navy</p></blockquote></div>')


def low_contrast(html: str) -> list[str]:
    """The texts AX102 would report, as words."""
    return [" ".join("".join(f.element.itertext()).split()) for f in Page(split_html(html)).low_contrast]


def fixed(html: str, fix: str) -> tuple[str, list]:
    after, changes = apply(Draft(html=html), [fix], policy=POLICY)
    assert words(parse(after, NOTICE_WORDS).new_text) == words(parse(Draft(html=html), NOTICE_WORDS).new_text)
    assert apply(after, [fix], policy=POLICY)[1] == []  # a second run changes nothing
    return after.html, changes


def body(html: str) -> str:
    return html[html.index("<body") : html.index("</body>")]


def test_background_fix_white_text_on_a_dark_cell_inside_a_white_page():
    html = ('<html><body><p>Dear families,</p><table><tr><td style="background:#003366;color:#ffffff;padding:4px">'
            "Field trip forms are due Friday</td></tr></table><p>Ms. Lee</p></body></html>")
    assert low_contrast(html) == []  # white on navy reads well
    after, changes = fixed(html, "background")
    # The cell lost its navy, so the white written for it goes too: page black on white.
    assert body(after) == ('<body><p>Dear families,</p><table><tr><td style="padding:4px">Field trip forms are due Friday'
                           "</td></tr></table><p>Ms. Lee</p>")
    assert low_contrast(after) == []
    assert "a text colour that reads" in changes[0].description


def test_background_fix_font_colour_inside_a_coloured_table():
    html = ('<html><body><table bgcolor="navy"><tr><td><font color="white" face="Arial">'
            "Spirit week starts Monday</font></td></tr></table></body></html>")
    after, _ = fixed(html, "background")
    assert body(after) == '<body><table><tr><td><font face="Arial">Spirit week starts Monday</font></td></tr></table>'
    assert low_contrast(after) == []


def test_background_fix_on_a_dark_page_with_white_body_text():
    html = ('<html><body bgcolor="#222222" text="#ffffff"><p>Picture day is Tuesday.</p>'
            '<table><tr><td bgcolor="#ffffff"><span style="color:#000000">Order online</span></td></tr></table>'
            "</body></html>")
    after, _ = fixed(html, "background")
    assert after.startswith("<html><body><p>Picture day is Tuesday.</p>")  # no white-on-white page
    assert low_contrast(after) == []


def test_background_fix_keeps_a_light_highlight_readable_when_its_text_inherits_a_light_colour():
    # The span's yellow highlight is EM801's (colours), so the background fix keeps it; the white
    # it inherits from the table cell becomes black when the cell's navy goes, and black reads on it.
    html = ('<html><body><table><tr><td bgcolor="#003366" style="color:#ffffff">Minimum day: '
            '<span style="background-color:#ffff00;color:#000000">early release</span></td></tr></table></body></html>')
    after, _ = fixed(html, "background")
    assert low_contrast(after) == []
    assert '<span style="background-color:#ffff00;color:#000000">early release</span>' in after


def test_colour_fix_keeps_text_readable_on_a_dark_cell_it_does_not_remove():
    html = ('<html><body><table><tr><td bgcolor="#003366"><span style="color:#ffffff">Field trip forms are due'
            "</span></td></tr></table></body></html>")
    assert low_contrast(html) == []
    after, _ = fixed(html, "colors")
    # Default black on the navy cell would be 1.7:1: the text is drawn white there.
    assert low_contrast(after) == []
    assert '<td bgcolor="#003366" style="color:#FFFFFF"><span>Field trip forms are due</span>' in after


def test_colour_fix_reads_the_background_of_an_ancestor():
    # The gold text sits on the near-black of a div two levels up (the fix keeps block backgrounds).
    html = ('<html><body><div style="background:#1a1a1a;padding:8px"><p style="color:#ffffff"><span style="color:#ffd700">'
            "Go Eagles!</span> Game at 7.</p></div></body></html>")
    assert low_contrast(html) == []
    after, _ = fixed(html, "colors")
    assert low_contrast(after) == []
    assert '<div style="background:#1a1a1a;padding:8px;color:#FFFFFF"><p><span>Go Eagles!</span> Game at 7.</p>' in after


def test_contrast_fix_does_not_darken_a_span_that_sits_on_its_own_dark_highlight():
    html = ('<html><body><div style="color:#eeeeee">Bring a water bottle <span style="background:#333333">and a hat'
            "</span></div></body></html>")
    assert low_contrast(html) == ["Bring a water bottle and a hat"]
    after, changes = fixed(html, "contrast")
    assert body(after) == ('<body><div style="color:#000000">Bring a water bottle '
                           '<span style="background:#333333;color:#FFFFFF">and a hat</span></div>')
    assert low_contrast(after) == []
    assert "(2 elements)" in changes[0].description


def test_text_already_unreadable_before_the_fix_is_left_to_ax102():
    html = ('<html><body><p style="color:#cccccc">Faint note</p><table><tr><td style="background:#003366;color:#fff">'
            "Cell</td></tr></table></body></html>")
    after, _ = fixed(html, "background")
    assert '<p style="color:#cccccc">Faint note</p>' in after  # AX102 reports it; this fix does not hide it
    assert "<td>Cell</td>" in after
    assert low_contrast(after) == ["Faint note"]
    assert [h.code for h in check(Draft(html=after), POLICY) if h.code == "AX102"] == ["AX102"]


def test_the_quoted_history_keeps_its_bytes():
    html = ('<html><body><div style="background-color:#003366;color:white">See you at the concert.</div>'
            + QUOTE + "</body></html>")
    after, _ = fixed(html, "background")
    assert after.endswith(QUOTE + "</body></html>")
    assert after.startswith("<html><body><div>See you at the concert.</div>")


def test_text_that_would_be_unreadable_in_the_assistants_own_block_refuses_the_fix():
    html = (f'<html><body><div style="background:#003366"><p>Hello</p><div {MARK_ATTR}="signature" '
            'style="color:#ffffff">Jane Doe<br>Teacher</div></div></body></html>')
    with pytest.raises(FixError) as err:
        apply(Draft(html=html), ["background"], policy=POLICY)
    assert "unreadable" in str(err.value) and "not changed" in str(err.value)


@pytest.mark.parametrize("fix", ["background", "colors", "contrast"])
def test_every_text_reaches_the_minimum_after_each_fix(fix):
    html = ('<html><body bgcolor="#0b1f3a" text="#f0f0f0"><h2 style="color:#ffcc00">Welcome back!</h2>'
            '<p>Classes start <span style="background:#ffcc00;color:#0b1f3a">August 14</span>.</p>'
            '<table><tr><td style="background:#ffffff;color:#0b1f3a">Supply list</td>'
            '<td style="background:#8b0000"><font color="#ffffff">Bus routes</font></td></tr></table></body></html>')
    after, _ = fixed(html, fix)
    page = Page(split_html(after))
    assert page.low_contrast == []
    bg = page.page_background
    assert bg is not None and contrast(parse_colour(page.body.get("text") or "black"), bg) >= 4.5
