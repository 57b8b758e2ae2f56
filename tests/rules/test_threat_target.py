"""CF201 for a threat aimed at a student or an employee (BP 1114 item 7 names
"threatening ... comments toward or about any student or employee"), and CF202 alone for
a threat at a parent, a referee, a vendor or property: ``threatened_insider``.
Sentences written for this test (the last adapted from a tuning draft), not from a held-out set.
"""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import Draft
from assistant.policy import default_policy
from assistant.rules import confidentiality
from assistant.rules.base import Context

SENDER = {"address": "rvaldez@mdusd.org", "name": "Rick Valdez"}
COLLEAGUE = {"address": "tmoore@mdusd.org", "name": "Tina Moore"}
PARENT = {"address": "dan.shaw77@gmail.com", "name": "Dan Shaw"}


def draft(text: str, to: dict = COLLEAGUE) -> Draft:
    return Draft.from_json({"subject": "Today", "sender": SENDER, "to": [to], "compose_type": "new", "text": text})


def codes(d: Draft) -> list[str]:
    return [h.code for h in check(d, only=("CF201", "CF202"))]


@pytest.mark.parametrize(("text", "who"), [
    # The reader, a colleague: every recipient is in the District.
    ("Tina, park in my spot one more time and I'll slash all four of your tires. Last warning.",
     "the reader, who is in the District"),
    # A student named by a role word in the threat's sentence.
    ("If that kid spits at me again I'm going to break his arm. I'm done being nice.", "\u201ckid\u201d"),
    # Staff, in Spanish.
    ("Te juro que si el subdirector me vuelve a cambiar el turno, le voy a romper la cara.", "\u201csubdirector\u201d"),
    # A person named.
    ("If Kyle spits at me again I'm going to break his arm.", "\u201cKyle\u201d"),
    # A staff word in the sentences before, the threat's sentence naming no one.
    ("The new yard-duty aide reported me again. One more write-up and I will put her in the hospital.",
     "\u201caide\u201d"),
])
def test_a_threat_at_a_student_or_employee_is_cf201_too(text: str, who: str) -> None:
    hints = check(draft(text), only=("CF201", "CF202"))
    assert [h.code for h in hints] == ["CF201", "CF202"]
    message = hints[0].message
    assert message.startswith("This threatens a student or employee (") and f"aimed at {who})" in message
    assert hints[0].spans  # the threat's words are marked


@pytest.mark.parametrize("text", [
    # A parent, in the sentence before.
    "Heads up, the dad came by the office again and yelled at Kayla. If he shows up one more time, "
    "he's going to leave in an ambulance.",
    # A referee; a contractor.
    "That ref from Friday better never work one of our games again. I'm going to put him in the hospital.",
    "Can you tell the roofing contractor that if he leaves the gym doors open again I'll break his jaw?",
    # Property, no person: a building, or a car a name-like word names.
    "One more budget cut and I'll smash every window in the district office. I'm not playing.",
    "One more budget cut and I'll smash every window of that white Tesla in the staff lot.",
])
def test_a_threat_at_an_outsider_or_property_is_cf202_alone(text: str) -> None:
    assert codes(draft(text)) == ["CF202"]


def test_a_threat_at_him_is_not_at_the_reader_and_its_scene_is_read_further_back() -> None:
    text = ("Did you see the Novak dad at the game again? Screaming at our girls from the fence all half. "
            "Called our shortstop useless. I am DONE. I'm telling you, if he pulls that Saturday I will walk over there "
            "and put him through that fence myself.")
    assert "CF202" in codes(draft(text)) and "CF201" not in codes(draft(text))


def test_the_reader_outside_the_district_is_not_an_employee() -> None:
    text = "Mr. Shaw, come near my practice like that again and I'll break your jaw. Consider this your only warning."
    assert codes(draft(text, to=PARENT)) == ["CF202"]
    # The same words to a colleague threaten an employee.
    assert codes(draft(text)) == ["CF201", "CF202"]


def test_no_threat_no_hint() -> None:
    for text in ("The kids killed it at the concert, you should have seen them.",
                 "Tina, I'm going to shoot you an email with the schedule tonight."):
        assert codes(draft(text)) == []


def test_a_reported_threat_is_neither() -> None:
    text = 'For the record, a parent told me in the lot, "I will break your jaw, coach." I walked away and called the office.'
    assert codes(draft(text)) == []


def test_only_a_clear_model_reading_makes_it_cf201() -> None:
    # A sentence only the conduct model reads as a threat, and not clearly: CF202's
    # hint may stand, but CF201 does not rest on it.
    text = "This report card deadline is killing me. If I see one more drop-down I'm going to scream. Anyway, can you shoot me your comments?"
    ctx = Context(draft(text), default_policy())
    assert not confidentiality.threats(ctx)
    r = confidentiality.model_reading(ctx, "CF202")
    assert r is not None and r.score - r.threshold < confidentiality._CLEAR
    assert "CF201" not in codes(draft(text))
    # The target test itself would take it: the reader is a colleague.
    assert confidentiality.threatened_insider(ctx, [confidentiality.Span(*r.span)]) is not None


def test_the_students_a_threat_protects_are_not_its_target() -> None:
    # "one of my kids" are the writer's students to protect: the threat is at "your guy".
    text = "Tell your installer that if he ever puts his hands on one of my kids again, I'll break his jaw."
    vendor = {"address": "dispatch@acmeinstall.com", "name": "Acme Dispatch"}
    assert codes(draft(text, to=vendor)) == ["CF202"]
    # Mail to an outsider: "your kids" are the reader's children, not students.
    reporter = {"address": "jlee@contracostanews.com", "name": "Jordan Lee"}
    assert codes(draft("Print that story and you'll regret it. I know where your kids go to school.", to=reporter)) == ["CF202"]
    # A kid who is no one's own is the target.
    assert codes(draft("If that kid touches my car again I'll break his jaw.")) == ["CF201", "CF202"]


def test_a_threat_at_you_in_mail_to_an_outsider_is_at_that_outsider() -> None:
    # "the kids" in the sentence are the writer's own, not students: the threat is at the reader.
    text = "I saw your truck outside again. If you come near my house or the kids one more time I will shoot you myself."
    assert codes(draft(text, to=PARENT)) == ["CF202"]
    # To a colleague, the same threat is at an employee.
    assert codes(draft(text)) == ["CF201", "CF202"]
