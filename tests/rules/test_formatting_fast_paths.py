"""EM804's look for a run of capitals gives exactly what the walk over every word gives.

``AllCaps.count_shouted`` first looks for a run of three letters without a lower-case
a-z (ASCII text: three capitals) and only then counts; it must agree with
``shouted_words`` on any text, including letters whose case Python reads its own way
(titlecase "ǅ", "ϒ" with no lower case, "ß", dotted and dotless i, uncased scripts).
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
def test_count_shouted_matches_the_word_walk(text):
    assert AllCaps.count_shouted(text, ACRONYMS) == AllCaps.shouted_words(text, ACRONYMS)[1]


def test_a_long_lower_case_body_yields_nothing_and_a_shouted_one_is_flagged():
    policy = default_policy()
    calm = "Families, the field trip leaves at 8:45 on Tuesday; the IEP meeting is Friday.\n" * 2000
    assert list(AllCaps().check(Context(Draft(subject="Field trip", text=calm), policy))) == []
    loud = "PLEASE RETURN ALL LIBRARY BOOKS BY FRIDAY\n" + calm
    hints = list(AllCaps().check(Context(Draft(subject="Field trip", text=loud), policy)))
    assert [h.code for h in hints] == ["EM804"]
    assert hints[0].excerpts == ("PLEASE RETURN ALL LIBRARY BOOKS BY FRIDAY",)
