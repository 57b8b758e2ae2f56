"""The server's sanitiser (nh3 + tinycss2) from the shared allow-list file."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from assistant.server import sanitize
from assistant.server.app import sanitize_draft, ui_dir
from assistant.server.sanitize import sanitize_html
from assistant.core.model import Draft

OVERLAY = (
    '<p>Hi team,</p>'
    '<div style="position:fixed;top:0;left:0;right:0;bottom:0;inset:0;z-index:99999;'
    "transform:none;opacity:1;pointer-events:auto;clip-path:none;filter:none;"
    'background-color:#c00000;color:#ffffff;font-family:Arial;font-size:28px;font-weight:bold">'
    "SESSION EXPIRED: paste your token below to continue</div>"
    "<p>Thanks, Pat</p>"
)


def styles(out: str) -> list[dict[str, str]]:
    """Each element's style declarations as {property: value}."""
    root = lxml_html.fragment_fromstring(out, create_parent="div")
    found = []
    for el in root.iter():
        if el.get("style") is not None:
            decls = [d.split(":", 1) for d in el.get("style").split(";") if d.strip()]
            found.append({k.strip(): v.strip() for k, v in decls})
    return found


def test_overlay_loses_position_and_stacking_but_keeps_colour_and_font():
    out = sanitize_html(OVERLAY)
    (style,) = styles(out)
    assert style == {
        "background-color": "#c00000",
        "color": "#ffffff",
        "font-family": "Arial",
        "font-size": "28px",
        "font-weight": "bold",
    }
    assert "SESSION EXPIRED: paste your token below to continue" in out
    assert "Hi team," in out and "Thanks, Pat" in out


def test_service_uses_the_shared_sanitiser():
    assert sanitize_html is sanitize.sanitize_html
    d = sanitize_draft(Draft(subject="s", html=OVERLAY))
    assert "position" not in d.html and "z-index" not in d.html and "color: #ffffff" in d.html


@pytest.mark.parametrize(
    "style, kept",
    [
        # A comment, an escape or a nested block cannot hide a declaration.
        ("color: red; /* ; */ position: fixed", "color: red"),
        ("posit\\ion: fixed; color: blue", "color: blue"),
        ("color: red; }div{position: fixed", "color: red"),
        ("color: red; {position: fixed}", "color: red"),
        ("POSITION: FIXED; Z-INDEX: 9; COLOR: Red", "color: Red"),
        # url() and functions outside the list drop the declaration whole.
        ("background: url(https://x.example/a.png) #fff; color: navy", "color: navy"),
        ("background-image: url('javascript:alert(1)')", ""),
        ("color: expression(alert(1)); width: calc(100vw); color: var(--x)", ""),
        ("behavior: url(x.htc); -moz-binding: url(x.xml); content: 'x'", ""),
        ("transform: scale(9); top: 0; left: 0; inset: 0; opacity: 0", ""),
        # Formatting survives, with !important and rgb().
        ("color: rgb(1, 2, 3) !important; margin: 0 4px", "color: rgb(1, 2, 3) !important; margin: 0 4px"),
        ('font: bold 12pt "Times New Roman", serif', 'font: bold 12pt "Times New Roman", serif'),
        ("float: left; text-align: center", "float: left; text-align: center"),
    ],
)
def test_style_filter(style, kept):
    assert sanitize.filter_style(style) == kept


def test_urls_follow_the_shared_pattern():
    out = sanitize_html(
        '<a href="javascript:alert(1)">a</a><a href="data:text/html,<b>x</b>">b</a>'
        '<a href="https://mdusd.org/x">c</a><img src="data:image/png;base64,iVBO" alt="p">'
        '<img src="cid:logo@mdusd" alt="q"><table background="java\nscript:x"><tr><td>t</td></tr></table>'
    )
    root = lxml_html.fragment_fromstring(out, create_parent="div")
    assert [a.get("href") for a in root.iter("a")] == [None, None, "https://mdusd.org/x"]
    assert [a.get("rel") for a in root.iter("a")] == ["noopener noreferrer"] * 3
    assert [i.get("src") for i in root.iter("img")] == ["data:image/png;base64,iVBO", "cid:logo@mdusd"]
    assert root.find(".//table").get("background") is None


def test_marks_and_quote_ids_survive_for_the_round_trip_through_compose():
    # content.py finds quotes and the inserted signature by these.
    out = sanitize_html(
        '<div data-mail-assistant="signature">Pat</div><div id="appendonsend"></div>'
        '<div class="gmail_quote" onclick="x()">old</div>'
    )
    assert 'data-mail-assistant="signature"' in out and 'id="appendonsend"' in out
    assert 'class="gmail_quote"' in out and "onclick" not in out


def test_the_allowlist_file_is_the_one_beside_the_ui():
    path = sanitize.allowlist_path()
    assert path == ui_dir() / "sanitize-allowlist.json"
    data = json.loads(path.read_text("utf-8"))
    allow = sanitize.allowlist()
    assert allow.tags == frozenset(data["tags"])
    assert allow.css_properties == frozenset(data["css_properties"])
    # Nothing that moves a box out of its place is allowed.
    for prop in ("position", "z-index", "transform", "top", "left", "right", "bottom", "inset",
                 "clip-path", "filter", "pointer-events", "content", "opacity", "behavior"):
        assert prop not in allow.css_properties
    assert not allow.tags & allow.drop_with_content
