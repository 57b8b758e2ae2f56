"""core.text.subject: the one set of reply and forward prefixes."""

import pytest

from assistant.core.text.subject import is_forward, is_reply, strip_prefixes


@pytest.mark.parametrize("subject", ["RE: Yard duty", "re:Yard duty", "AW: x", "SV: x", "Antw: x", "RIF: x", "R: x", "RE[2]: x"])
def test_reply_prefixes(subject: str) -> None:
    assert is_reply(subject) and not is_forward(subject)


@pytest.mark.parametrize("subject", ["FW: Yard duty", "Fwd: x", "WG: x", "RV: x", "TR: x", "ENC: x", "FW[3]: x"])
def test_forward_prefixes(subject: str) -> None:
    assert is_forward(subject) and not is_reply(subject)


@pytest.mark.parametrize(
    "subject, bare",
    [("RE: FW: RE[2]: Yard duty", "Yard duty"), ("  rv: Turnos de patio ", "Turnos de patio"), ("Re:", ""),
     ("Reading list", "Reading list"), ("Rework: the plan", "Rework: the plan"), ("Fwd schedule", "Fwd schedule")],
)
def test_strip_prefixes(subject: str, bare: str) -> None:
    assert strip_prefixes(subject) == bare


def test_words_that_begin_like_a_prefix_are_not_one() -> None:
    assert not is_reply("Reading list") and not is_reply("Rework: the plan") and not is_forward("Trip: Friday")
