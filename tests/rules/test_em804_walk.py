"""EM804's line-by-line walk gives the hints of the word-by-word walk it replaced.

``AllCaps.check`` counts shouted words on the lines that hold a run of capitals only
(``shouted_count``), stops when too few are shouted for a run or for the ratio, and
otherwise walks the text a line at a time (``_walk``). Here the hints are compared
with the earlier walk over every word of the text (kept below as the reference),
on generated texts with acronyms, short words, titlecase and non-ASCII letters,
blank lines and runs next to the thresholds, and under other thresholds.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.model import Draft, Span
from assistant.policy import Policy, default_policy
from assistant.rules.base import Context
from assistant.rules.formatting import AllCaps

POLICY = default_policy()
ACRONYMS = POLICY.acronyms
PIECES = ["PLEASE", "RETURN", "Books", "by", "FRIDAY", "IEP", "IEPs", "PTA'S", "K-12", "A-B-C", "AB-C", "AB", "THE",
          "ÉCOLE", "école", "ǅEMAL", "STRAßE", "İSTANBUL", "日本語A", "TRANS_TYPE", "[IMAGE]", "O’NEIL", "NASA",
          "the", "field", "trip", "xxxxx", "XXXXX", "12", "ENRON", "Σ"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ", ", "-", "'", "’", "", "\t", "["]


@st.composite
def texts(draw) -> str:
    words = draw(st.lists(st.sampled_from(PIECES), max_size=60))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps))


def reference(text: str, acr: frozenset[str], need: float, ratio: float, min_words: float):
    """(runs, ratio hit, percentage) by the earlier walk over every counted word, or None
    where it returned early."""
    if ratio >= 0 and not AllCaps.may_shout(text):
        return None
    counted, shouted_total = AllCaps.shouted_words(text, acr)
    if not shouted_total and ratio >= 0:
        return None
    runs: list[Span] = []
    run: list[re.Match[str]] = []
    total = shouted = 0
    line_words: list[re.Match[str]] = []

    def end_run() -> None:
        if len(run) >= need:
            runs.append(AllCaps._widen(text, run[0].start(), run[-1].end(), acr))
        run.clear()

    def end_line() -> None:
        nonlocal total, shouted
        if len(line_words) >= 5:
            total += len(line_words)
            shouted += sum(1 for w in line_words if w.group().isupper())
        line_words.clear()

    prev_end = 0
    for m in counted:
        if "\n" in text[prev_end : m.start()]:
            end_run()
            end_line()
        prev_end = m.end()
        line_words.append(m)
        if m.group().isupper():
            run.append(m)
        else:
            end_run()
    end_run()
    end_line()
    hit = total >= min_words and shouted / total > ratio
    return runs, hit, (round(100 * shouted / total) if total else 0)


def hints(text: str, policy=POLICY):
    return [(h.field, h.message, h.spans) for h in AllCaps().check(Context(Draft(subject="Note", text=text), policy))]


def policy_with(need, ratio, min_words) -> Policy:
    data = POLICY.data
    return Policy({**data, "thresholds": {**data["thresholds"], "caps_run": need, "caps_ratio": ratio, "caps_min_words": min_words}})


def expected(text: str, need=4, ratio=0.30, min_words=10):
    ref = reference(text, ACRONYMS, need, ratio, min_words)
    if ref is None:
        return []
    runs, hit, pct = ref
    if not (runs or hit):
        return []
    msg = f"{pct} % of your words are in capitals, which reads as shouting: use sentence case." if hit else "Words in capitals read as shouting: use sentence case."
    return [("body", msg, tuple(runs))]


# Texts at the edges: lines of exactly five counted words, exactly ``caps_run`` (4)
# shouted words in a run or spread out for the ratio, three shouted (no hint), a run
# across a line break, acronyms and short words inside a run.
EDGES = [
    "PLEASE RETURN field trip forms\n" * 3,
    "PLEASE RETURN THESE BOOKS\n",
    "PLEASE RETURN THESE\nBOOKS today\n",
    "PLEASE field RETURN trip THESE forms BOOKS today with notes\n",
    "PLEASE field RETURN trip THESE forms and notes with today\n",
    "PLEASE RETURN THE IEP FORMS AND BOOKS\n\n\nthe field trip\n",
    "ENRON NORTH AMERICA CORP\n" + "the field trip forms are here\n" * 4,
    "PLEASE return the field trip forms today\n",
    "PLEASE RETURN THESE field FORMS\nthe field trip forms were here\n",  # a 5-word line makes the 10 words the ratio needs
    "PLEASE RETURN THESE field FORMS\nthe field trip forms were here\n" + "more words from other people here today\n" * 3,
    "PLEASE return the field trip forms today\nFILE PARSING\nFINAL MESSAGES\n" + "the field trip forms are here\n" * 2,
    "",
    "\n\n",
]


@pytest.mark.parametrize("text", EDGES)
def test_hints_at_the_edges_are_those_of_the_word_by_word_walk(text):
    assert hints(text) == expected(text)


@settings(max_examples=600, deadline=None)
@given(texts())
def test_hints_are_those_of_the_word_by_word_walk(text):
    assert hints(text) == expected(text), text


@settings(max_examples=300, deadline=None)
@given(texts())
def test_shouted_count_is_that_of_shouted_words(text):
    assert AllCaps.shouted_count(text, ACRONYMS) == AllCaps.shouted_words(text, ACRONYMS)[1]
    assert AllCaps.shouted_count(text, frozenset()) == AllCaps.shouted_words(text, frozenset())[1]


# (caps_run, caps_ratio, caps_min_words): where a few shouted words reach a run but
# not the ratio, the ratio but not a run, either, and a negative ratio (no early stop).
THRESHOLDS = [(1, 0.0, 1), (2, 0.1, 3), (6, 0.5, 20), (4, 0.9, 5), (6, 0.1, 10), (4, -1.0, 5), (3, 0.3, 1)]


@settings(max_examples=600, deadline=None)
@given(st.one_of(texts(), st.sampled_from(EDGES)), st.sampled_from(THRESHOLDS))
def test_hints_under_other_thresholds(text, thresholds):
    assert hints(text, policy_with(*thresholds)) == expected(text, *thresholds), (text, thresholds)


@pytest.mark.parametrize("thresholds", THRESHOLDS)
def test_edges_under_other_thresholds(thresholds):
    for text in EDGES + ["PLEASE RETURN THESE BOOKS today with the forms and notes\n" * 2]:
        assert hints(text, policy_with(*thresholds)) == expected(text, *thresholds), (text, thresholds)


def test_a_few_shouted_words_stop_before_the_walk_and_enough_are_flagged():
    signature = "Thanks for the notes on the field trip forms, see you Friday.\n" * 3 + "ENRON NORTH AMERICA\n"
    assert AllCaps.shouted_count(signature, ACRONYMS) == 3 and hints(signature) == []
    shout = "Thanks for the notes.\nPLEASE RETURN THESE LIBRARY BOOKS, the IEP forms and the slips\n"
    got = hints(shout)
    assert got == expected(shout) and got[0][2] == (Span(22, 55),)
    lines = "PLEASE SIGN\n" * 3 + "the field trip forms are due Friday morning\n"
    assert hints(lines) == expected(lines)
