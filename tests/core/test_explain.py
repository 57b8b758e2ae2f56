"""explain(draft): the split laid out by line, for tests and `check --explain`."""

from __future__ import annotations

from pathlib import Path

from assistant.core.content import explain
from assistant.core.model import Draft
from assistant.policy import default_policy

WORDS = default_policy().notice_words
NOTICE = default_policy().notice_text
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "replies"


def test_top_posted_reply_by_line() -> None:
    text = (
        "Hi Maria,\n\nI can take Tuesday.\n\nThanks,\nJane Doe\n(925) 555-0100\n\n"
        "From: Maria Diaz <mdiaz@example.org>\nSent: Monday, December 4, 2000 10:31 AM\n"
        "To: Jane Doe\nSubject: Yard duty\n\nHere is the schedule."
    )
    e = explain(Draft(text=text), WORDS)
    assert (e.marker, e.quote_start, e.new_end, e.bottom_posted) == ("header-block", 8, 6, False)
    assert "header block" in e.reason
    assert e.signature == (4, 6) and e.notices == ()
    assert e.zones == (
        ("new",) * 4 + ("signature",) * 3 + ("new",) + ("quote-header",) * 4 + ("quote", "quote")
    )


def test_notice_lines_and_no_quote() -> None:
    text = f"Slips are due Friday.\n\nDana Whitfield\n(925) 555-0142\n\n{NOTICE}"
    e = explain(Draft(text=text), WORDS)
    assert e.quote_start is None and e.quote_end is None and e.reason == "no quoted history found"
    assert e.signature == (2, 3)
    assert len(e.notices) == 1 and e.zones[e.notices[0][0]] == "notice"
    assert e.new_end == len(e.lines) - 1


def test_bottom_posted_text() -> None:
    e = explain(Draft(text="> Can you cover Tuesday?\n> Maria\n\nYes, I can.\n\nJane\n"), WORDS)
    assert e.bottom_posted and e.marker == "gt-quote"
    assert (e.quote_start, e.quote_end, e.new_start, e.new_end) == (0, 2, 3, 5)
    assert e.zones[:2] == ("quote", "quote") and e.zones[3] == "new"


def test_html_reply_uses_the_rendered_lines_and_the_client_marker() -> None:
    e = explain(Draft(html=(FIXTURES / "gmail.html").read_text("utf-8")), WORDS)
    assert e.is_html and e.marker == "gmail" and "quote marker (gmail)" in e.reason
    assert "I can take Tuesday and Thursday morning yard duty" in "\n".join(e.lines[: e.quote_start])
    assert all(z in ("quote", "quote-header") for z in e.zones[e.quote_start :])
    assert e.zones[e.quote_start] == "quote-header"  # the "On ... wrote:" line


def test_bottom_posted_html() -> None:
    html = (
        '<html><body><div class="moz-cite-prefix">On 12/4/2000 10:31 AM, Maria Diaz wrote:<br></div>'
        '<blockquote type="cite">Can you cover Tuesday?<br>Maria</blockquote><div>Yes, I can.</div><div>Jane</div>'
        "</body></html>"
    )
    e = explain(Draft(html=html), WORDS)
    assert e.bottom_posted and e.marker == "thunderbird"
    assert e.lines[e.new_start] == "Yes, I can." and e.new_end == len(e.lines) - 1
    assert e.zones[: e.quote_end] == ("quote-header", "quote", "quote")


def test_to_json_lists_every_line() -> None:
    e = explain(Draft(text="Hi\n\n> a\n> b\n"), WORDS)
    j = e.to_json()
    assert j["marker"] == "gt-quote" and j["quote_start"] == 2
    assert [row["zone"] for row in j["lines"]] == ["new", "new", "quote", "quote", "quote"]
