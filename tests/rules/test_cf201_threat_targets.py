"""CF201 for a threat aimed at a student or an employee (item 7 names "threatening"
language toward them), and CF202 alone for one aimed at a parent, an outsider or a
building. Sentences written for these tests, not taken from any District set.
"""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import Draft
from assistant.policy import default_policy
from assistant.rules.base import Context
from assistant.rules.confidentiality import threat_target, threats

SENDER = {"address": "tvance@mdusd.org", "name": "Terry Vance"}
INSIDE = [{"address": "plopez@mdusd.org", "name": "Pat Lopez"}]
OUTSIDE = [{"address": "dale.simmons@yahoo.com", "name": "Dale Simmons"}]


def draft(text: str, to=INSIDE) -> Draft:
    return Draft.from_json({"subject": "Today", "sender": SENDER, "to": list(to), "compose_type": "new", "text": text})


def codes(text: str, to=INSIDE) -> set[str]:
    return {h.code for h in check(draft(text, to), only=("CF201", "CF202"))}


# (text, recipients, the words the hint names as the target)
TOWARD_SCHOOL = [
    # A school role in the sentence or the two before.
    ("If that kid on route 9 spits on my bus one more time I'm going to break his arm.", INSIDE, "kid"),
    ("The bus driver was late again. Next time I'll slash his tires and see how he likes walking.", INSIDE, "bus driver"),
    ("Tell the new aide that if she touches my files again I will hurt her.", OUTSIDE, "aide"),
    ("Si el chofer le vuelve a gritar a mi hija, le voy a romper la cara.", INSIDE, "chofer"),
    # Inside the District: the reader is a colleague, a name a colleague or a student.
    ("Greg, move my boxes out of the workroom one more time and I'll break your fingers.", INSIDE, "Greg"),
    ("Move my boxes out of the workroom one more time and I'll break your fingers.", INSIDE, "the reader, a colleague"),
    ("If Jaylen mouths off to me again I swear I'll slap him across the room.", INSIDE, "Jaylen"),
    ("Mr. Kraus, park in my spot again and I'll put a brick through your windshield.", INSIDE, "the reader, a colleague"),
]

# Threats CF202 flags that are not toward a student or an employee: CF202 alone.
TOWARD_OTHERS = [
    # A parent or an outsider named near the threat.
    ("That dad screamed at me again at pickup. If he does it once more I'll break his jaw.", INSIDE),
    ("That ref better never work our games again. If I see him I'm going to put him in the hospital.", INSIDE),
    ("Si ese señor me vuelve a gritar en la puerta, te juro que le voy a romper la cara.", INSIDE),
    # Mail going outside: "you" is the reader, an outsider; a title is a parent's.
    ("You shoved my aide in front of the children. If you ever do it again, I will hurt you badly.", OUTSIDE),
    ("Mr. Simmons, come near my practice again and I'll break your jaw.", OUTSIDE),
    # No person: a building.
    ("One more budget cut and I'll put a brick through every window of that portable.", INSIDE),
]


@pytest.mark.parametrize("text,to,who", TOWARD_SCHOOL)
def test_a_threat_toward_a_student_or_employee_is_cf201_too(text, to, who):
    found = [h for h in check(draft(text, to), only=("CF201", "CF202"))]
    assert {h.code for h in found} == {"CF201", "CF202"}, text
    cf201 = next(h for h in found if h.code == "CF201")
    assert f"aimed at {who}" in cf201.message or f"aimed at \u201c{who}" in cf201.message, cf201.message
    assert cf201.spans  # it marks the threat's words


@pytest.mark.parametrize("text,to", TOWARD_OTHERS)
def test_a_threat_toward_anyone_else_is_cf202_alone(text, to):
    assert codes(text, to) == {"CF202"}, text


def test_no_threat_no_target():
    """Without a threat there is nothing to aim: an angry note about a colleague is neither."""
    text = "Greg, move my boxes out of the workroom one more time and I'm going straight to the principal."
    assert codes(text) == set()
    ctx = Context(draft(text), default_policy())
    assert threats(ctx) == []


def test_the_target_is_read_around_the_threat_not_anywhere_in_the_mail():
    """A school role far from the threat (three sentences and more before) does not make
    a threat toward a stranger's car the school's."""
    text = ("The kids loved the field trip. We saw the sea lions. Lunch was on the pier. The bus was on time. "
            "Then some guy in a pickup cut us off on the freeway, and if I ever see that pickup again I'll smash its windows.")
    ctx = Context(draft(text), default_policy())
    found = threats(ctx)
    assert found
    assert threat_target(ctx, sorted({s for s, _ in found})) is None


def test_a_reported_threat_is_neither():
    text = "At 9:10 the dad of a student called and said, 'If nobody fixes it, I'll come down there and hurt the principal.' I logged it."
    assert codes(text) == set()
