"""Rendering shortcuts give exactly what the plain way gives.

``htmltext._strip_line_ends`` drops the spaces that end a line and moves every
element offset with them; it is compared here with the character-by-character
definition, on text with long runs of spaces (which the old walk read once per
space).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core import htmltext
from assistant.core.content import split_html


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
