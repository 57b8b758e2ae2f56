"""The mechanisms added after the fourth tuning set (dev4), each with a draft it must flag
and near misses it must pass. Sentences written for these tests, not taken from any set.
"""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import Draft

SENDER = {"address": "tvance@mdusd.org", "name": "Terry Vance"}
INSIDE = [{"address": "plopez@mdusd.org", "name": "Pat Lopez"}]


def draft(text: str, *, to=INSIDE, subject: str = "Today", compose: str = "new") -> Draft:
    return Draft.from_json({"subject": subject, "sender": SENDER, "to": list(to), "compose_type": compose, "text": text})


def hints(text: str, code: str, **kw) -> list:
    return [h for h in check(draft(text, **kw), only=(code,)) if h.code == code]


# CF202, veiled: an ultimatum with a consequence that means harm, in a sentence or the
# ones on either side; (must flag, words the hint names).
VEILED = [
    ("Borrow my projector without asking one more time and you'll go home in the back of an ambulance.", "ambulance"),
    ("Report my class to the VP again. I promise you'll need a nurse afterwards.", "nurse"),
    ("Keep parking in my spot and we'll see how long your mirrors last.", "see how long your"),
    ("Whoever keeps stealing my markers: when I find out I'm setting your car on fire. Not joking.", "on fire"),
    ("Nice truck you drive. It'd be a shame if something happened to it.", "something happened to"),
    ("Si me vuelves a gritar en el pasillo, te parto la cara.", "te parto la"),
    ("Sigue hablando de mí con la directora y vas a ver lo que te pasa.", "lo que te pasa"),
    ("Fix my login today or I'll put my fist through your monitor.", "fist through"),
]

# Must pass: the same words in ordinary school mail.
VEILED_NEAR = [
    "Next time you park your car in the fire lane it will be towed.",
    "Thanks again to the nurse who drove Mia's mom to the hospital.",
    "If you keep running on the wet floor you'll slip; please walk.",
    "Accidents happen in that lot all the time, so please drive slowly at pickup.",
    "Rosa called again: she said the driver told her that if the kids throw things again they'll go home in an ambulance.",
    "If he is late again, you will need a doctor note for the absence.",
    "Si me vuelves a llamar a esta hora no contesto, estoy en clase.",
    "We will crush them again on Friday. Their defense won't be in one piece after our offense shows up!",
]


@pytest.mark.parametrize("text, says", VEILED, ids=[f"veiled-{i}" for i in range(len(VEILED))])
def test_veiled_threats_are_flagged_and_named(text: str, says: str) -> None:
    found = hints(text, "CF202")
    assert found, text
    assert says in found[0].message, found[0].message


@pytest.mark.parametrize("text", VEILED_NEAR, ids=[f"near-{i}" for i in range(len(VEILED_NEAR))])
def test_warnings_reports_and_sports_talk_pass(text: str) -> None:
    assert not hints(text, "CF202"), text


def test_a_spanish_verb_with_lo_that_breaks_a_thing_is_not_a_threat() -> None:
    assert not hints("Recibí esta cadena y no quise romperlo, así que se la mando.", "CF202")
    assert hints("Si lo vuelves a hacer voy a romperte la cara.", "CF202")


# CF201: insults without a grammatical subject, after a name, in Spanish without a
# subject, with "a" before a role, ranked worst, and set phrases; (must flag, words named).
INSULTS = [
    ("Met the new transfer in 3rd period. Total psycho.", "psycho"),
    ("Asked Nadia to fix the schedule twice. Useless old bat.", "old bat"),
    ("Everyone knows Pruitt is a spineless coward.", "coward"),
    ("La secretaria no contesta el teléfono, es una inútil.", "inútil"),
    ("You're a washed-up teacher hiding behind the contract.", "washed-up teacher"),
    ("Honestly the dumbest sub in the whole pool.", "dumbest sub"),
    ("The Ward boy is dumb as a box of rocks.", "dumb as a box of rocks"),
    ("I told him he is a clown and I meant it.", "clown"),
]

INSULT_NEAR = [
    "The copier jammed again. Total disaster.",
    "Monday is a nightmare with three assemblies.",
    "La impresora nueva es inútil, ya pedí otra.",
    "It will be a crazy busy parent night, so please come early.",
    "Mr. Ortega is entitled to a representative at the meeting.",
    "A student said in class that his brother is a clown at birthday parties.",
    "\"Tonto,\" the narrator said, and the class laughed at the old radio show.",
]


@pytest.mark.parametrize("text, says", INSULTS, ids=[f"insult-{i}" for i in range(len(INSULTS))])
def test_insults_in_other_shapes_are_flagged(text: str, says: str) -> None:
    found = hints(text, "CF201")
    assert found, text
    assert says in found[0].message, found[0].message


@pytest.mark.parametrize("text", INSULT_NEAR, ids=[f"insult-near-{i}" for i in range(len(INSULT_NEAR))])
def test_the_same_shapes_about_things_or_in_others_words_pass(text: str) -> None:
    assert not hints(text, "CF201"), text
