"""EM902: chain letters and jokes in English and Spanish, and what must pass."""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.model import ComposeType, Draft, Recipient

SENDER = Recipient("yortiz@mdusd.org", "Yolanda Ortiz")
STAFF = tuple(Recipient(f"staff{i}@mdusd.org", f"Staff {i}") for i in range(1, 5))


def draft(text: str, subject: str, compose: ComposeType = ComposeType.NEW) -> Draft:
    return Draft(subject=subject, sender=SENDER, to=STAFF, text=text + "\n\nYoli", compose_type=compose)


def em902(d: Draft) -> list:
    return [h for h in check(d) if h.code == "EM902"]


@pytest.mark.parametrize(
    "d, kind",
    [
        (draft("La Virgen te bendice. Reenvía este mensaje a 12 personas hoy y recibirás un milagro. "
               "No rompas la cadena.", "RV: Oración", ComposeType.FORWARD), "chain"),
        (draft("Send it to 7 friends within 24 hours and you'll receive unexpected money.",
               "FW: Luck", ComposeType.FORWARD), "chain"),
        (draft("Costco is giving away coupons! Just forward this email to 15 people to claim yours.",
               "FW: Free coupons", ComposeType.FORWARD), "chain"),
        (draft("Here's a joke for you: why was the math book sad? It had too many problems.", "Friday"), "joke"),
        (draft("- Mamá, ¿qué hay de comer?\n- Nada.\n- ¿Otra vez?\n\n¡Jajaja! Un chiste para el viernes.", "Chiste"), "joke"),
        (draft("Q: How many IT techs does it take to change a light bulb? A: None, it's a hardware problem.",
               "fun one"), "joke"),
    ],
    ids=["es-cadena", "en-send-to-7-friends", "en-forward-to-15-people", "en-heres-a-joke", "es-chiste-jajaja", "en-light-bulb"],
)
def test_chain_letters_and_jokes_are_flagged(d: Draft, kind: str) -> None:
    [hint] = em902(d)
    assert ("chain letter" in hint.message) == (kind == "chain")
    assert hint.excerpts  # it shows the words that gave it away


@pytest.mark.parametrize(
    "d",
    [
        # Teaching about humour is not sending a joke.
        draft("The 9th graders start Romeo and Juliet next week. We'll handle the bawdy jokes in Act 1 with a "
              "quick note on Elizabethan humor and move on.", "Romeo and Juliet"),
        # One number of people is not a chain letter.
        draft("Please forward this to the 12 families who missed the meeting.", "Field trip forms"),
        draft("¡Buena suerte a todos los estudiantes en el examen! Descansen bien.", "Examen"),
        draft("Our guest speaker told a joke about the cafeteria and the students loved it.", "Assembly recap"),
    ],
    ids=["teaching-humor", "forward-to-families", "es-buena-suerte", "one-joke-mention"],
)
def test_school_mail_passes(d: Draft) -> None:
    assert em902(d) == []
