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


def test_a_titles_stop_ends_no_sentence() -> None:
    for text, first in (("I heard Mr. Dale Renner say it. Then he left.", "I heard Mr. Dale Renner say it."),
                        ("Hola Sra. Cárdenas, hoy fue bien. Gracias.", "Hola Sra. Cárdenas, hoy fue bien.")):
        a, b = sentence_bounds(text)[0]
        assert text[a:b] == first


def test_what_the_writer_heard_someone_say_is_a_report() -> None:
    # The witness heard it: the insult is Mr. Renner's, reported (dev13's Title IX witness).
    text = "On Tuesday in the staff room I heard Mr. Dale Renner call the new aide a useless idiot in front of everyone."
    draft = Draft.from_json({"subject": "Witness statement", "sender": {"address": "jk@mdusd.org"},
                             "to": [{"address": "titleix@mdusd.org", "name": "Title IX Office"}], "text": text})
    assert check(draft, only=("CF201",)) == []
    # The writer's own words are the writer's, "I told him" included.
    own = "I told Mr. Renner the new aide is a useless idiot."
    assert [h.code for h in check(Draft.from_json({**draft.to_json(), "text": own}), only=("CF201",))] == ["CF201"]
