"""The occurrence index of ``phrase_scan`` answers as ``str.find`` does.

``occurrences(low)`` finds which watched strings a folded text holds in one
Aho-Corasick pass; ``present``, ``find_all``, ``_starts``, ``_trigger_at``,
``triggers_found`` and ``can_match`` never look for a string it rules out. Each is compared here with the plain
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

TEXT = st.lists(st.sampled_from(list("abpartxyzqu éñüßı'\n,;😈💦") + list(ALL) + ["part ", "apart", "aaaa"]), max_size=80).map("".join)
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
    assert index.found == {"par", "part"}
    assert index.absent("aaa") and not index.absent("part")
    assert not index.absent("ab") and not index.absent("zz")  # not indexed: the callers use str.find


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_found_are_the_watched_strings_in_the_text(low):
    index = _fresh(low)
    assert index.found == {w for w in index.covered if w in low}, low
    for w in ALL:
        assert index.absent(w) == (w in index.covered and w not in low), (low, w)


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
    assert new not in ps.occurrences(low).covered
    index = _fresh(low)
    assert new in index.covered and new in index.found and not _fresh("ab wxyzz").found


@settings(max_examples=300, deadline=None)
@given(TEXT, WINDOW_BOUND, WINDOW_BOUND)
def test_alternation_matches_are_finditer_in_any_window(text, lo, hi):
    """The phrases (with leading strings or scanned, some sharing strings) give what
    ``finditer`` of their alternation gives in the window (bounds as the rules pass
    them: not negative, which ``finditer`` and ``str.find`` read differently)."""
    sources = (r"part\b", r"aaa+b?", r"(?:is absent|ıdx)\s*x", r"\bcafé|über", r"[xy] ?zzz", r"ñandú(?:es)?", r"q?ua\w{0,3}",
               r"\b(?:ab|xy)\s?(?:part|café)", r"(?:a|ab)\s*aab", r"😈|🍆|💦", r"[,;]\s*[qz]")
    split = ps.split_phrases(sources)
    # Both kinds of phrase are exercised: led by strings (two letters too), and scanned.
    assert split is not None and split.scanned == (3, 4, 6, 8, 9, 10) and split.leads[7] == {"ab", "xy"}
    assert split.needs[9] == {"😈", "🍆", "💦"} and split.needs[10] == {",", ";"}  # single characters: a set of them
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
    assert index.found == {w for w in index.covered if w in plain} and set(WATCHED) <= index.covered
    for w in WATCHED:
        assert list(ps.find_all(plain, w)) == [m.start() for m in re.finditer(f"(?={re.escape(w)})", plain)], w


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_find_all_is_the_find_loop(low):
    ps._occurrences.cache_clear()
    _fresh("")
    for w in ALL:
        assert list(ps.find_all(low, w)) == _all_finds(low, w), (low, w)


PATTERNS = [re.compile(p, f) for p, f in (
    (r"\b(?:the|a)\s+(?P<insult>aaab?|part)\b", re.I),
    (r"(?:^|(?<=[.\n]))\s*(?:café|über)(?=\s|$)", re.I | re.M),
    (r"(?-i:[A-Z])[a-z]+\s+is\s+(?:ñandú|is absent)", re.I),
    (r"x y  # a comment in a verbose pattern", re.X),
    (r"\w+", 0),  # no required string: always tried
)]


@settings(max_examples=300, deadline=None)
@given(TEXT, WINDOW_BOUND, WINDOW_BOUND)
def test_can_match_is_false_only_where_the_pattern_finds_nothing(text, lo, hi):
    low = ps.folded(text)
    for rx in PATTERNS:
        if not ps.can_match(rx, low, lo, hi):
            assert low is not None and list(rx.finditer(text, lo, hi)) == [], (rx.pattern, text, lo, hi)


def test_can_match_rules_out_texts_without_the_strings():
    rx = PATTERNS[0]
    assert not ps.can_match(rx, ps.folded("the lot is a park"))
    assert ps.can_match(rx, ps.folded("Call him a PART of it"))
    assert not ps.can_match(rx, ps.folded("the part"), 0, 7)  # "part" ends past the window
    assert ps.can_match(rx, None)  # no folded form: the pattern must run
    assert ps.can_match(PATTERNS[4], ps.folded("anything"))
    assert not ps.can_match(PATTERNS[3], ps.folded("x y"))  # verbose: the pattern is "xy", spaces are not in it
    assert ps.can_match(PATTERNS[3], ps.folded("a xy b"))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_triggers_found_are_those_trigger_at_finds(low):
    triggers = tuple(w for w in ALL if w.strip()) + ("par ", "part ", "aaa ", "ab ", "ıdx ", "newtrig")
    ps._occurrences.cache_clear()
    want = frozenset(t for t in triggers if _trigger_by_find(low, t, 0) >= 0)
    assert ps.triggers_found(low, triggers) == want, low
    assert ps.triggers_found(_fresh(low).low, triggers) == want, low


def test_windows_starting_just_after_a_string_and_strings_never_watched():
    low = "part of a part"
    index = _fresh(low)
    assert index.present(frozenset({"part"}), 1, len(low)) == {"part"}
    assert index.present(frozenset({"part", "of a"}), 1, 12) == {"of a"}
    assert index.present(frozenset({"part"}), 0, 3) == set() and index.present(frozenset({"part"}), -4, 99) == {"part"}
    # Strings the index has never seen: looked for all the same.
    assert list(ps.find_all(low, "t of")) == [3] and ps._starts(low, frozenset({"a pa"}), 0, len(low)) == [8]
    assert ps._trigger_at(low, "a part", 0) == 8


def test_required_strings_fall_back_to_a_set_of_characters():
    assert ps.required_strings("😈|🍆|🍑|💦") == {"😈", "🍆", "🍑", "💦"}
    assert ps.required_strings(r"[,;]\s*\d") == {",", ";"}
    assert ps.required_strings(r"(?:X|y)z?") == {"x", "y"}
    # Patterns with a literal string keep it; classes of ranges or negated ones give none.
    assert ps.required_strings(r"[,;]\s*failing") == {"failing"} and ps.required_strings(r"q[xy]") == {"qx", "qy"}
    assert ps.required_strings(r"[^ab]") is None and ps.required_strings(r"[a-c]+") is None and ps.required_strings(r"x?") is None
    # A set of phrases one of which has only characters is split, not scanned as one regex.
    assert ps.split_phrases((r"\bfailing\b", r"😈|💦")) is not None


def test_the_strings_version_is_part_of_the_cache_key(monkeypatch, tmp_path):
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(tmp_path))
    sources = (r"😈|💦", r"\bwas\s+absent\b")
    ps.phrase_strings.cache_clear()
    assert ps.phrase_strings(sources)[0] == (frozenset({"😈", "💦"}), None)
    monkeypatch.setattr(ps, "_STRINGS_VERSION", ps._STRINGS_VERSION + 1)
    ps.phrase_strings.cache_clear()
    ps.phrase_strings(sources)  # another version: a second entry, not the first one read back
    assert len(list((tmp_path / "cache" / "data").glob("cf-phrase-strings-*"))) == 2
    ps.phrase_strings.cache_clear()


def test_forget_texts_drops_the_kept_texts_not_the_watched_strings():
    low = "a part of it"
    index = ps.occurrences(low)
    assert ps.occurrences(low) is index and ps.folded("Part") == "part"
    ps.forget_texts()
    assert ps.folded.cache_info().currsize == 0 and ps._occurrences.cache_info().currsize == 0
    again = ps.occurrences(low)
    assert again is not index and "part" in again.covered and again.found == index.found


def test_a_letter_or_two_are_joined_to_the_group_after_them():
    """The parser takes the letters alternatives share out of them ("mg|milligrams" is
    "m" then "g|illigrams"): a letter or two (in every text) give the strings with each
    way the rest starts; longer letters stay alone."""
    assert ps.required_strings(r"\b\d+\s?(?:mg|milligrams?)\b") == {"mg", "milligram"}
    assert ps.required_strings(r"x(?:absences|absent)") == ps.leading_strings(r"x(?:absences|absent)") == {"xabsen"}
    assert ps.required_strings(r"\b(?:sat|sun)day") == {"day"} and ps.leading_strings(r"\b(?:sat|sun)day") == {"sat", "sun"}
    assert ps.leading_strings(r"(?:ab|ac)\s") == {"ab", "ac"} and ps.leading_strings(r"ab(c+|d)") == {"abc", "abd"}
    assert ps.required_strings(r"\bfail(?:ed|s)\s+\w+") == ps.leading_strings(r"\bfail(?:ed|s)") == {"fail"}
    # An optional or possibly empty group, a lookahead, a negated set: the letters alone.
    for pattern, letters in ((r"m(?:g|illi)?x", {"m"}), (r"ab(?:c|)d", {"ab"}), (r"ab(?=c)d", {"ab"}), (r"ab[^c]", {"ab"})):
        assert ps.leading_strings(pattern) == letters, pattern
    assert ps.required_strings(r"m(?:g|illi)?x") == {"m"} and ps.required_strings(r"ab(?:c|)d") == {"ab"}
