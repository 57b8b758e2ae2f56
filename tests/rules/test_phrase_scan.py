"""The occurrence index of ``phrase_scan`` answers as ``str.find`` does.

``occurrences(low)`` finds every watched string of a folded text in one Aho-Corasick
pass; ``present``, ``positions``, ``_starts`` and ``_trigger_at`` read it instead of
calling ``str.find`` per string and rule. Each is compared here with the plain
``str.find`` / ``re.finditer`` answer it replaces, on generated texts (non-ASCII
letters, overlapping and repeated strings) and on windows whose bounds fall
anywhere, negative and past the end included; strings too short to be indexed and
strings never watched take the ``str.find`` path and must agree too.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import assistant.rules.phrase_scan as ps

# Strings the index holds (watched below), with overlaps ("aaa" in "aaaa"), a prefix
# of another ("par"/"part"), non-ASCII letters and spaces inside.
WATCHED = ("aaa", "aab", "par", "part", "is absent", "café", "ñandú", "über", "ab'c", "x y", "ßtraße", "ıdx")
# Never watched before the texts are indexed (asked about all the same), and short ones.
OTHERS = ("zzz", "qua", "a", "ab", "é", " ")
ALL = WATCHED + OTHERS

ps.watch(WATCHED)

TEXT = st.lists(st.sampled_from(list("abpartxyzqu éñüßı'\n") + list(ALL) + ["part ", "apart", "aaaa"]), max_size=80).map("".join)
BOUND = st.integers(min_value=-100, max_value=400)
WINDOW_BOUND = st.integers(min_value=0, max_value=400)


def _fresh(low: str) -> ps.Occurrences:
    """The index of ``low`` with the watched strings in its automaton (a build is forced)."""
    ps._WATCHED.since = 10**6
    return ps.Occurrences(low)


def _all_finds(low: str, w: str) -> list[int]:
    out, i = [], low.find(w)
    while i >= 0:
        out.append(i)
        i = low.find(w, i + 1)
    return out


def test_watched_strings_are_indexed_and_others_are_not():
    index = _fresh("a part of it")
    assert set(WATCHED) <= index.covered
    assert not {"a", "ab", "é", " "} & index.covered  # shorter than _MIN_INDEXED
    assert index.positions("par") == [2] and index.positions("part") == [2] and index.positions("aaa") == []
    assert index.positions("ab") is None  # not indexed: the callers use str.find


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_positions_are_every_occurrence_str_find_gives(low):
    index = _fresh(low)
    for w in ALL:
        found = index.positions(w)
        if found is not None:
            assert found == _all_finds(low, w), (low, w)
        else:
            assert w not in index.covered


@settings(max_examples=300, deadline=None)
@given(TEXT, BOUND, BOUND)
def test_present_is_str_find_in_the_window(low, lo, hi):
    index = _fresh(low)
    words = frozenset(ALL)
    assert index.present(words, lo, hi) == {w for w in words if low.find(w, lo, hi) >= 0}, (low, lo, hi)
    assert index.present(words, 0, len(low)) == {w for w in words if w in low}


def _starts_by_find(low, words, lo, hi):
    out = set()
    for w in words:
        i = low.find(w, lo, hi)
        while i >= 0:
            out.add(i)
            if len(out) > ps._MAX_STARTS:
                return None
            i = low.find(w, i + 1, hi)
    return sorted(out)


@settings(max_examples=300, deadline=None)
@given(TEXT, BOUND, BOUND, st.sets(st.sampled_from(ALL), min_size=1, max_size=5))
def test_starts_are_those_str_find_gives(low, lo, hi, words):
    words = frozenset(words)
    ps._occurrences.cache_clear()
    _fresh("")  # build the automaton; occurrences() then indexes ``low`` with it
    assert ps._starts(low, words, lo, hi) == _starts_by_find(low, words, lo, hi), (low, lo, hi, words)


def test_starts_give_none_past_the_limit_as_before():
    low = "aaa " * (ps._MAX_STARTS + 1)
    _fresh("")
    assert ps._starts(low, frozenset({"aaa"}), 0, len(low)) is None
    assert ps._starts(low, frozenset({"aaa"}), 0, 4 * ps._MAX_STARTS) == list(range(0, 4 * ps._MAX_STARTS, 4))
    # "aaa" ending exactly at hi counts, one character later it does not.
    assert ps._starts(low, frozenset({"aaa"}), 4, 7) == [4] and ps._starts(low, frozenset({"aaa"}), 4, 6) == []


def _trigger_by_find(low, trigger, start):
    whole = trigger.endswith(" ")
    core = trigger.rstrip(" ") if whole else trigger
    i = low.find(core, start)
    while i >= 0:
        j = i + len(core)
        if (i == 0 or not core[0].isalpha() or not low[i - 1].isalpha()) and (not whole or j >= len(low) or not low[j].isalpha()):
            return i
        i = low.find(core, i + 1)
    return -1


@settings(max_examples=300, deadline=None)
@given(TEXT, BOUND)
def test_trigger_at_is_the_word_start_str_find_gives(low, start):
    ps._occurrences.cache_clear()
    _fresh("")
    for trigger in tuple(w for w in ALL if w.strip()) + ("par ", "part ", "aaa ", "ab ", "ıdx "):
        assert ps._trigger_at(low, trigger, start) == _trigger_by_find(low, trigger, start), (low, trigger, start)


def test_trigger_at_walks_every_occurrence():
    low = "apart parts part par"
    _fresh("")
    ps._occurrences.cache_clear()
    assert [ps._trigger_at(low, "par ", s) for s in (0, 18, 19)] == [17, -1, -1]
    assert [ps._trigger_at(low, "part", s) for s in (0, 7, 12, 13)] == [6, 12, 12, -1]


def test_a_string_first_asked_about_is_indexed_from_a_later_build():
    new = "wxyzzy"
    low = "ab wxyzzy wxyzzy"
    assert ps._trigger_at(low, new, 0) == 3  # not indexed yet: str.find answers
    assert _fresh(low).positions(new) == [3, 10]


@settings(max_examples=300, deadline=None)
@given(TEXT, WINDOW_BOUND, WINDOW_BOUND)
def test_alternation_matches_are_finditer_in_any_window(text, lo, hi):
    """The phrases (with leading strings or scanned, some sharing strings) give what
    ``finditer`` of their alternation gives in the window (bounds as the rules pass
    them: not negative, which ``finditer`` and ``str.find`` read differently)."""
    sources = (r"part\b", r"aaa+b?", r"(?:is absent|ıdx)\s*x", r"\bcafé|über", r"[xy] ?zzz", r"ñandú(?:es)?", r"q?ua\w{0,3}")
    split = ps.split_phrases(sources)
    assert split is not None and split.scanned  # both kinds of phrase are exercised
    low = ps.folded(text)
    if low is None:
        return
    _fresh("")
    ps._occurrences.cache_clear()
    want = [m.span() for m in ps._alternation(sources).finditer(text, lo, hi) if m.end() > m.start()]
    assert [(a, b) for a, b, _ in ps.alternation_matches(split, text, low, lo, hi)] == want, (text, lo, hi)


def test_long_text_index_matches_regex():
    text = ("Part of the café is absent; über aaaab qua ñandúes. " * 300) + "İd x"
    low = ps.folded(text)
    assert low is None or len(low) == len(text)
    plain = text.lower()
    index = _fresh(plain)
    for w in WATCHED:
        assert index.positions(w) == [m.start() for m in re.finditer(f"(?={re.escape(w)})", plain)], w
