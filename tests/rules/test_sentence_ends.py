"""Sentence ends as the rules read them (``rules.base.sentence_bounds``): a full stop
inside closing quotes ends the sentence too ('he said "no." That kid ...'), so what was
quoted does not make the next sentence someone else's words (dev12)."""

from __future__ import annotations

from assistant.core.check import check
from assistant.core.model import Draft
from assistant.rules.base import sentence_bounds


def test_a_stop_inside_closing_quotes_ends_the_sentence() -> None:
    for text in ('He told me he "doesn\'t do science." That kid is lazy.',
                 "Ella dijo “ya no vuelvo.” Luego se fue.",
                 "(See the attached plan.) Then call me."):
        first, second = sentence_bounds(text)[:2]
        assert text[second[0]:].lstrip().startswith(("That", "Luego", "Then")), (text, first, second)


def test_a_stop_inside_a_number_or_before_a_quote_that_goes_on_does_not() -> None:
    assert len(sentence_bounds("The trip is $4.50 a student and 3.5 hours long.")) == 1
    assert len(sentence_bounds('She wrote "ok."and left.')) == 1


def test_a_put_down_after_a_quoted_reply_is_the_writers_own() -> None:
    text = ('Tyler spent the lab throwing paper towels and then told me he "doesn\'t do science." '
            "That kid is a lazy, entitled little punk.")
    draft = Draft.from_json({"subject": "6th period", "sender": {"address": "jk@mdusd.org"},
                             "to": [{"address": "dw@mdusd.org", "name": "Dana Whit"}], "text": text})
    hints = check(draft, only=("CF201",))
    assert [h.code for h in hints] == ["CF201"] and "lazy, entitled little punk" in hints[0].message
