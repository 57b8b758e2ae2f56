"""The accessibility page's one-pass reads give exactly what the plain walks gave.

``Page.tables`` sorts rows, header cells and inner tables to their nearest table in
one pass and reads a cell's text with a stack; the plain version (issue 8, item 5)
asked every table for all its descendants and read cells recursively, so a cell
of a table nested five deep was read five times. ``Page.hidden`` skips a hidden
container already inside another. Both are compared here on generated HTML with
nested tables, header cells, comments, scripts and hidden parts.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.accessibility import _TABLES, Page, Table, _is_hidden
from assistant.core.content import split_html
from assistant.core.htmltext import SKIP_TAGS, tag_of

TAGS = ["table", "tr", "td", "th", "thead", "tbody", "div", "span", "b", "p", "script"]
ATTRIBUTES = ["", "", "", ' style="display:none"', ' role="presentation"', ' hidden']
TEXTS = ["", " ", "ab", "c d ", "x" * 210, "\n", "<!-- note -->", "<script>var a;</script>"]
# Runs of well-formed table markup, so cells, rows and nested tables are common.
SNIPPETS = ["<table><tr><td>", "</td><td>", "</td></tr><tr><td>", "</td></tr></table>", "<table><thead><tr><th>",
            "</th></tr></thead><tr><td>", "<td><table><tr><td>inner</td><td>cell</td></tr></table></td>"]


@st.composite
def table_bodies(draw) -> str:
    pieces = draw(st.lists(st.one_of(
        st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES)),
        st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
        st.sampled_from(TEXTS),
        st.sampled_from(SNIPPETS),
        st.sampled_from(SNIPPETS),
    ), max_size=60))
    return "".join(pieces)


def _nearest_table(el):
    return next(el.iterancestors("table"), None)


def _plain_cell_text(cell):
    if cell.text:
        yield cell.text
    for ch in cell:
        if isinstance(ch.tag, str) and tag_of(ch) != "table" and tag_of(ch) not in SKIP_TAGS:
            yield from _plain_cell_text(ch)
        if ch.tail:
            yield ch.tail


def plain_tables(page: Page) -> list[Table]:
    """``Page.tables`` before issue 8 item 5: each table walks all its descendants."""
    out = []
    for t in _TABLES(page.body):
        start = page.start(t)
        if start is None or id(t) in page.hidden:
            continue
        rows = [tr for tr in t.iter("tr") if _nearest_table(tr) is t]
        has_header = any(_nearest_table(x) is t for x in t.iter("thead", "th"))
        data_rows = columns = longest = 0
        for tr in rows:
            filled = 0
            for cell in tr:
                if tag_of(cell) not in ("td", "th"):
                    continue
                text = " ".join("".join(_plain_cell_text(cell)).split())
                longest = max(longest, len(text))
                filled += bool(text)
            columns = max(columns, filled)
            data_rows += filled >= 2
        nested = any(_nearest_table(x) is t for x in t.iter("table") if x is not t)
        role = (t.get("role") or "").lower()
        out.append(Table(data_rows, columns, has_header, role in ("presentation", "none"), longest, nested,
                         page.in_signature(start), page.span_of(t, start)))
    return out


def plain_hidden(page: Page) -> frozenset[int]:
    keep, out = [], set()
    for el in page.body.iterdescendants():
        if isinstance(el.tag, str) and _is_hidden(el):
            for d in el.iter():
                keep.append(d)
                out.add(id(d))
    return frozenset(out)


@settings(max_examples=500, deadline=None)
@given(table_bodies())
def test_tables_and_hidden_match_the_plain_walks(html):
    page = Page(split_html(f"<html><body>{html}<p>Thanks,<br>Dana</p></body></html>"))
    assert page.tables == plain_tables(page)
    assert page.hidden == plain_hidden(page)


def test_nested_tables_are_read_as_the_plain_walk_reads_them():
    inner = "<table><tr><th>Time</th><th>Room</th></tr><tr><td>8:00</td><td>14</td></tr></table>"
    html = f"<table><tr><td>{inner}<!-- x --></td><td>Notes <script>var a;</script>here</td></tr>" \
           "<tr><td>a</td><td>b</td></tr></table>"
    page = Page(split_html(f"<html><body>{html}</body></html>"))
    outer, inner_t = page.tables
    assert (outer.rows, outer.columns, outer.has_header, outer.nested, outer.longest_cell) == (1, 2, False, True, 10)
    assert (inner_t.rows, inner_t.has_header, inner_t.nested) == (2, True, False)
    assert page.tables == plain_tables(page)
