"""EM804's look for a run of capitals never misses a shouted word.

``AllCaps.may_shout`` looks for four characters without a lower-case a-z (letters at
both ends; ASCII text: capitals) before ``shouted_words`` walks every word; when it
finds none, the walk must count no shouted word, on any text, including letters whose
case Python reads its own way (titlecase "ǅ", "ϒ" with no lower case, "ß", dotted and
dotless i, uncased scripts).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.model import Draft
from assistant.policy import default_policy
from assistant.rules.base import Context
from assistant.rules.formatting import AllCaps

ACRONYMS = default_policy().acronyms
PIECES = ["PLEASE", "RETURN", "Books", "by", "FRIDAY", "IEP", "IEPs", "PTA'S", "K-12", "A-B-C", "AB-C", "AB",
          "ÉCOLE", "école", "ǅEMAL", "ϒϒϒϒ", "STRAßE", "İSTANBUL", "ıiı", "日本語A", "漢字漢字", "TRANS_TYPE",
          "[IMAGE]", "O’NEIL", "NASA", "the", "x" * 5, "X" * 5, "12", "Σ"]
SEPARATORS = [" ", "\n", ", ", "-", "'", "’", "", "_", "[", "]"]


@st.composite
def texts(draw) -> str:
    words = draw(st.lists(st.sampled_from(PIECES), max_size=30))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps))


@settings(max_examples=600, deadline=None)
@given(st.one_of(texts(), st.text(max_size=40)))
def test_no_run_of_capitals_means_nothing_shouted(text):
    shouted = AllCaps.shouted_words(text, ACRONYMS)[1]
    assert AllCaps.may_shout(text) or shouted == 0
    assert AllCaps.shouted_words(text, frozenset())[1] == 0 or AllCaps.may_shout(text)


def test_three_letter_acronyms_and_lower_case_text_need_no_walk():
    assert not AllCaps.may_shout("The IEP and PTA meet at 8:45; the ELA books are due.")
    assert not AllCaps.may_shout("Straße, école, İstanbul, ıiı, 日本語")
    assert AllCaps.may_shout("PLEASE return")
    assert AllCaps.may_shout("AB-C") and AllCaps.may_shout("ÉCOLE")


def test_a_long_lower_case_body_yields_nothing_and_a_shouted_one_is_flagged():
    policy = default_policy()
    calm = "Families, the field trip leaves at 8:45 on Tuesday; the IEP meeting is Friday.\n" * 2000
    assert list(AllCaps().check(Context(Draft(subject="Field trip", text=calm), policy))) == []
    loud = "PLEASE RETURN ALL LIBRARY BOOKS BY FRIDAY\n" + calm
    hints = list(AllCaps().check(Context(Draft(subject="Field trip", text=loud), policy)))
    assert [h.code for h in hints] == ["EM804"]
    assert hints[0].excerpts == ("PLEASE RETURN ALL LIBRARY BOOKS BY FRIDAY",)
