"""EM301 knows a reply without its quoted history: compose type, RE:, In-Reply-To.

Issue 10: "Thanks!" as a reply to 12 colleagues, with no quote, was not flagged.
"""

from __future__ import annotations

import pytest

from assistant.core.check import check
from assistant.core.loaders import draft_from_bytes
from assistant.core.model import ComposeType, Draft, Recipient
from assistant.rules.recipients import is_reply

SENDER = Recipient("ltran@mdusd.org", "Linda Tran")
COLLEAGUES = tuple(Recipient(f"teacher{i}@mdusd.org", f"Teacher {i}") for i in range(1, 13))


def reply(text: str, *, subject: str = "RE: Revised bell schedule", compose: ComposeType = ComposeType.NEW,
          to: tuple[Recipient, ...] = COLLEAGUES, in_reply_to_subject: str | None = None) -> Draft:
    return Draft(subject=subject, sender=SENDER, to=to, text=text, compose_type=compose,
                 in_reply_to_subject=in_reply_to_subject)


def em301(draft: Draft) -> list:
    return [h for h in check(draft) if h.code == "EM301"]


@pytest.mark.parametrize(
    "draft",
    [
        reply("Thanks!\n\nLinda", compose=ComposeType.REPLY),
        reply("Thanks!\n\nLinda"),  # "new" in the file, but RE: says reply
        reply("Thanks!\n\nLinda", subject="Revised bell schedule", in_reply_to_subject="Revised bell schedule"),
        reply("Thank you so much!\n\nLinda", subject="AW: Revised bell schedule"),
        reply("Perfecto, ahí estaré.\n\nLinda", subject="RE: Reunión de auxiliares"),
        reply("De acuerdo, gracias.\n\nLinda", subject="RE: Volantes para la feria"),
        reply("Thanks for sending these, Omar.\n\nBest regards,\nLinda Tran\nSchool Counselor\n(925) 687-2030"),
        # dev19: a one-line signature that opens with the name ("Linda Tran | Counselor | x3112").
        reply("Got it, thx\n\nLinda Tran | School Counselor | Ygnacio Valley HS | x3112"),
    ],
    ids=["reply", "re-prefix", "in-reply-to-subject", "aw-prefix", "spanish-ahi-estare", "spanish-de-acuerdo", "thanks-for-sending",
         "one-line-signature"],
)
def test_short_acknowledgement_reply_without_quote_is_flagged(draft: Draft) -> None:
    hints = em301(draft)
    assert len(hints) == 1
    assert hints[0].field == "to"
    assert "12 people" in hints[0].message
    assert hints[0].fix == "reply-sender-only"
    # The span points at the acknowledgement, not at the name under it.
    assert hints[0].excerpts and all("Linda" not in e for e in hints[0].excerpts)


def test_in_reply_to_header_makes_an_eml_a_reply() -> None:
    """An .eml with In-Reply-To and no RE: in the subject is a reply."""
    to = ", ".join(r.address for r in COLLEAGUES)
    raw = (
        f"From: Linda Tran <ltran@mdusd.org>\r\nTo: {to}\r\nSubject: Revised bell schedule\r\n"
        "In-Reply-To: <bell-2026@mdusd.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThanks!\r\n\r\nLinda\r\n"
    ).encode()
    draft = draft_from_bytes(raw, ".eml")
    assert is_reply(draft)
    assert len(em301(draft)) == 1


@pytest.mark.parametrize(
    "draft",
    [
        # A forward is not a reply, whatever it says.
        reply("Thanks!\n\nLinda", subject="FW: Revised bell schedule", compose=ComposeType.FORWARD),
        reply("Thanks!\n\nLinda", subject="FW: Revised bell schedule"),
        # A new message of thanks to a team is not Reply All.
        reply("Thanks!\n\nLinda", subject="Thank you for the baked goods"),
        # Two recipients are not a crowd.
        reply("Thanks!\n\nLinda", to=COLLEAGUES[:2]),
        # Content after the thanks.
        reply("Thanks. Bus 42 can't take the detour because of the low bridge, so I'll reroute it "
              "and add 6 minutes to the afternoon run.\n\nLinda"),
        reply("¡Gracias! Yo llevo las tarjetas y los frijolitos. ¿Alguien puede ayudar con la mesa de comida?\n\nLinda"),
    ],
    ids=["forward", "fw-prefix", "new-thanks", "two-recipients", "content-en", "content-es"],
)
def test_not_an_acknowledgement_reply_all(draft: Draft) -> None:
    assert em301(draft) == []


def test_is_reply_by_compose_type_subject_and_replied_subject() -> None:
    assert is_reply(reply("x", subject="Plain", compose=ComposeType.REPLY_ALL))
    assert is_reply(reply("x", subject="Re[2]: Plain"))
    assert is_reply(reply("x", subject="Plain", in_reply_to_subject="Plain"))
    assert not is_reply(reply("x", subject="Plain"))
    assert not is_reply(reply("x", subject="Fwd: Plain", in_reply_to_subject="Plain", compose=ComposeType.FORWARD))
    assert not is_reply(reply("x", subject="Registration is open"))  # "re" only as a word start


@pytest.mark.parametrize("text", ["👍", "Enterado, gracias.", "Great news! Thanks for organizing."])
def test_more_acknowledgements(text: str) -> None:
    assert len(em301(reply(text + "\n\nLinda"))) == 1


@pytest.mark.parametrize("text", [
    "Sounds good 👍\n\nSent from my iPhone",  # the phone's line is not what the reply says
    "Congratulations Barbara!!! You will be missed! 🎉",  # a farewell's reply to the whole list
    "lol same, can't wait",
])
def test_acknowledgements_with_a_phone_line_or_a_farewell(text: str) -> None:
    assert len(em301(reply(text, compose=ComposeType.REPLY_ALL))) == 1


def test_a_phone_line_under_real_content_is_still_content() -> None:
    text = "Room 212 is booked that day, let's use the library instead.\n\nSent from my iPhone"
    assert em301(reply(text, compose=ComposeType.REPLY_ALL)) == []


@pytest.mark.parametrize("text", [
    "¡¡Felicidades Rosy!! 🎉🎉 Que Dios la bendiga",  # a blessing
    "¡¡Felicidades, Vero!! 💕 ¡Qué emoción! Les deseo lo mejor.",  # good wishes
    "haha good one Chuy 😂",  # laughing along
    "Yo también!! apúntame 🙋‍♀️",  # joining in
])
def test_blessings_wishes_and_joining_in_are_acknowledgements(text: str) -> None:
    # dev14, dev15.
    assert len(em301(reply(text, compose=ComposeType.REPLY_ALL))) == 1


@pytest.mark.parametrize("address", ["chs-certificated@mdusd.org", "mg-sped@mdusd.org", "transportation-drivers@mdusd.org"])
def test_a_staff_group_address_reaches_many(address: str) -> None:
    to = (Recipient("halvorsenk@mdusd.org", "Karen Halvorsen"), Recipient(address, "Group"))
    assert len(em301(reply("I'll be there.", compose=ComposeType.REPLY_ALL, to=to))) == 1


def test_a_wish_with_news_is_content() -> None:
    text = "Best wishes! The sub plans for Friday are in the blue folder on my desk."
    assert em301(reply(text, compose=ComposeType.REPLY_ALL)) == []


@pytest.mark.parametrize("text", [
    "Got it, thanks. On my calendar.\n\nMB",  # a date noted
    "Got them, thanks!\n\nKim",  # files received
    "Thank you!! Happy spring break everyone 🌴",  # a holiday wished back
])
def test_a_date_noted_files_received_or_a_holiday_wished_back(text: str) -> None:
    # dev16.
    assert len(em301(reply(text, compose=ComposeType.REPLY_ALL))) == 1


def test_a_holiday_wish_with_a_question_is_content() -> None:
    text = "Happy holidays! Is the building open on the 29th for the custodians to wax the floors?"
    assert em301(reply(text, compose=ComposeType.REPLY_ALL)) == []
