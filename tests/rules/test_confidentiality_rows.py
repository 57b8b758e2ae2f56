"""CF101 on HTML table rows without a header row: a person's cell beside a cell that
labels its own record value. The row comes from the HTML (``<tr>``), not the text."""

from __future__ import annotations

from assistant.core.check import check
from assistant.core.model import Draft, Severity
from assistant.policy import default_policy
from assistant.rules import Context
import assistant.rules.confidentiality as cf

POLICY = default_policy()
PARENT = {"address": "the.okoro.family@yahoo.com", "name": "Ada Okoro"}
COUNSELOR = {"address": "tanakas@mdusd.org", "name": "Sam Tanaka"}


def _draft(rows: str, to: dict = PARENT, before: str = "<p>Here is the summary we talked about.</p>") -> Draft:
    html = (f"<html><body><p>Hello,</p>{before}<table border='1'>{rows}</table>"
            "<p>Best,<br>Lucia Reyes<br>Office Manager, Walnut Acres Elementary<br>(925) 555-0101</p>"
            f"<p>{POLICY.notice_text}</p></body></html>")
    return Draft.from_json({"subject": "Summary", "to": [to], "cc": [], "bcc": [], "html": html})


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _cf101(draft: Draft):
    return [h for h in check(draft, POLICY) if h.code == "CF101"]


def test_a_name_beside_a_labelled_record_value_is_a_disclosure():
    for cell in ("Absences: 9", "GPA: 1.8", "Score: 37%", "Grade: F"):
        hints = _cf101(_draft(_row("Devon Price", cell)))
        assert [h.severity for h in hints] == [Severity.ERROR], cell
        assert "Devon Price" in hints[0].message and cell in hints[0].message


def test_inside_the_district_it_is_a_warning():
    hints = _cf101(_draft(_row("Devon Price", "Absences: 9"), to=COUNSELOR))
    assert [h.severity for h in hints] == [Severity.WARNING]


def test_the_name_and_the_value_must_share_a_row():
    assert _cf101(_draft(_row("Devon Price", "Room: 12") + _row("Period 2", "Absences: 9"))) == []
    # A label that names no record, or a value that is not a number or a grade.
    assert _cf101(_draft(_row("Devon Price", "Room: 12"))) == []
    assert _cf101(_draft(_row("Devon Price", "Grade: pending"))) == []
    # No person in the row.
    assert _cf101(_draft(_row("Period 2", "Absences: 9"))) == []


def test_rows_are_the_html_rows_of_the_new_text():
    draft = _draft(_row("Devon Price", "Absences: 9") + _row("Ana Ruiz", "Room 4"))
    ctx = Context(draft, POLICY)
    rows = cf._html_rows(ctx)
    assert [[ctx.text[a:b].strip() for a, b in cells] for cells in rows] == [["Devon Price", "Absences: 9"], ["Ana Ruiz", "Room 4"]]
    # A plain-text draft has no rows to read.
    plain = Draft.from_json({"subject": "Summary", "to": [PARENT], "text": "Devon Price\nAbsences: 9\n"})
    assert cf._html_rows(Context(plain, POLICY)) == []
