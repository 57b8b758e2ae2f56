"""Issue 11's caps rough edges: EM101's suggested subject and EM804's highlight.

- A shouted first sentence gives a sentence-case suggestion (acronyms, "I" and
  day names kept), never a subject in capitals.
- EM804's highlight starts at the first shouted word, short ones ("THE") included,
  but never grows over an acronym.
"""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import Draft, Recipient
from assistant.policy import default_policy
from assistant.rules.subject_thread import sentence_case

TEACHER = Recipient("mlopez@mdusd.org", "Maria Lopez")
PARENT = Recipient("parent.kim@gmail.com", "Jin Kim")


def draft(text: str, subject: str = "Forms") -> Draft:
    return Draft(subject=subject, sender=TEACHER, to=(PARENT,), text=text + "\n\nMaria Lopez\nRoom 12, (925) 555-0142")


def hint(d: Draft, code: str):
    [h] = [h for h in check(d) if h.code == code]
    return h


def test_em101_suggests_a_sentence_case_subject_for_a_shouted_sentence() -> None:
    h = hint(draft("PLEASE RETURN THE SIGNED FIELD TRIP FORMS BY FRIDAY. Thank you!", subject="Question"), "EM101")
    assert h.suggestion == "Please return the signed field trip forms by Friday"


def test_em101_suggestion_keeps_acronyms_and_mixed_case() -> None:
    h = hint(draft("THE IEP FORMS ARE IN THE iPad CART. Please sign them.", subject="Hi"), "EM101")
    assert h.suggestion == "The IEP forms are in the iPad cart"


@pytest.mark.parametrize(
    "text, want",
    [
        ("THE ORDER IS MISSING THE COMPOSITION BOOKS AGAIN", "The order is missing the composition books again"),
        ("I NEED THE CAASPP SCORES BY MONDAY", "I need the CAASPP scores by Monday"),
        ("Please RETURN the PTA forms", "Please return the PTA forms"),
        ("iPad carts are in room 12", "iPad carts are in room 12"),
        ("FAVOR DE DEVOLVER LOS LIBROS", "Favor de devolver los libros"),
    ],
)
def test_sentence_case(text: str, want: str) -> None:
    assert sentence_case(text, default_policy().acronyms) == want


def test_em804_highlight_starts_at_the_short_word_before_the_run() -> None:
    h = hint(draft("Hello families,\nTHE FIELD TRIP FORMS ARE DUE BY FRIDAY.\nThanks"), "EM804")
    assert h.excerpts[0].startswith("THE FIELD TRIP")


def test_em804_highlight_does_not_grow_over_an_acronym() -> None:
    h = hint(draft("Reminder: the PTA MEETING TONIGHT WILL START LATE in the library."), "EM804")
    assert h.excerpts[0] == "MEETING TONIGHT WILL START LATE"


def test_em804_highlight_stays_on_its_line() -> None:
    h = hint(draft("Dear all,\nOK\nPLEASE RETURN ALL LIBRARY BOOKS today."), "EM804")
    assert h.excerpts[0] == "PLEASE RETURN ALL LIBRARY BOOKS"
