"""The CF prefilters give the answers of the patterns they stand in for.

Each fast path (a table header found by ``str.find`` then tried, the scanned phrases
chosen by their required strings, CF202's stand-alone and conditional threats and
EM901's cue words through ``alternation_matches``) is compared with the one-regex
scan it replaces, on District sentences, near misses, long text and non-ASCII text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import assistant.rules.confidentiality as cf
import assistant.rules.phrase_scan as ps
from assistant.rules import personal_use as pu
from assistant.rules.base import terms_regex

SAMPLES = [
    "Name\tGrade\tAbsences\nAndre Sims\tB-\t4\nMaya Ortiz\tC\t7\n",
    "Student | Reading level | Lexile\nNoah F. | 3 | 540\n",
    "Please return the slip by Friday; the field trip is on Friday too. " * 80,
    "Friday Friday Friday inside insider Idaho ID: 55012\n",
    "Grades are posted. I’ll see you Friday, no matter what happens.",
    "If he benches my son one more time I’ll be waiting for him in the parking lot.",
    "I know where you park, and next time it won't be me asking nicely.",
    "Selling my old couch, or best offer! Hey babe, our wedding is in June.",
    "hey babe, can you grab milk?",
    "Quote for my truck's bumper came in at $900.",
    "Vendo mi carro, casi nuevo. Nuestra boda es en junio.",
    "The İstanbul trip: grade reports and ſcores (odd letters).",
    "",
]

# Letters, separators and the words the patterns need, glued in any order.
TEXT = st.lists(st.sampled_from(list("abcdefghijklmnoprstuwy IDGA%:\t\n|'’.,-İ") + [
    "Grade", "ID ", "babe", "again", "score", "if he ", "I'll ", "be waiting outside", "or best offer", "selling my couch ",
    "next time ", "you ", "know where you live", "Student", "Absences",
]), max_size=120).map("".join)


def _all_samples():
    return SAMPLES + ["\n".join(SAMPLES) * 3]


def test_table_header_by_find_is_the_regex_search():
    for text in _all_samples():
        assert cf._has_table_header(text, ps.folded(text)) == (cf._table_headers().search(text) is not None), text[:60]
    # More starts of a header than the tries allow ("id" in every "Friday"): the scan decides.
    many = "Friday " * 2000 + "\nStudent ID\n"
    assert cf._has_table_header(many, ps.folded(many)) and not cf._has_table_header("Friday " * 2000, ps.folded("Friday " * 2000))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_prefilters_agree_with_the_patterns_on_any_text(text):
    low = ps.folded(text)
    assert cf._has_table_header(text, low) == (cf._table_headers().search(text) is not None)
    m = terms_regex(pu.DATA, "personal", "cue_regex").search(text)
    assert pu._first_cue(text) == (None if m is None else m.span())
    if low is not None:
        t = cf._threat_parts()
        for rx, split in (("standalone_regex", "standalone_split"), ("conditional", "conditional_split")):
            want = [m.span() for m in t[rx].finditer(text)]
            assert [(a, b) for a, b, _ in ps.alternation_matches(t[split], text, low, 0, len(text))] == want


def test_threats_and_cues_match_the_one_regex_scan():
    t = cf._threat_parts()
    for text in _all_samples():
        low = ps.folded(text)
        m = terms_regex(pu.DATA, "personal", "cue_regex").search(text)
        assert pu._first_cue(text) == (None if m is None else m.span()), text[:60]
        if low is None:
            continue
        for rx, split in (("standalone_regex", "standalone_split"), ("conditional", "conditional_split")):
            want = [m.span() for m in t[rx].finditer(text)]
            assert [(a, b) for a, b, _ in ps.alternation_matches(t[split], text, low, 0, len(text))] == want
    # The samples reach both kinds: a conditional threat and a stand-alone one.
    cond = "If he benches my son one more time I’ll be waiting for him in the parking lot."
    assert list(t["conditional"].finditer(cond)) and pu._first_cue("Selling my old couch, or best offer!") is not None


def test_live_phrases_are_those_whose_required_strings_occur():
    split = ps.split_phrases([r"\b\w+\s+(?:absent|tardy)\b", r"\b\w+\s+failing\b", r"\bscored\s+\d+"])
    assert split.scanned == (0, 1)  # the third starts with its own word: it is tried where "scored" starts
    text = "Jaylen was absent twice. Ana scored 91."
    low = ps.folded(text)
    assert split.live(low, 0, len(text)) == [0]
    assert split.live(low, 0, 10) == []
    assert [(a, b, i) for a, b, i in ps.alternation_matches(split, text, low, 0, len(text))] == [(7, 17, 0), (29, 38, 2)]
    spans = [(a, b) for a, b, _ in ps.alternation_matches(split, text, low, 0, len(text))]
    assert spans == [m.span() for m in ps._alternation(split.sources).finditer(text)]


def test_phrase_strings_are_cached_per_pattern_set(monkeypatch, tmp_path):
    monkeypatch.setenv("MAIL_ASSISTANT_HOME", str(tmp_path))
    sources = (r"\bwas\s+absent\b", r"\b(?:is|was)\s+failing\b")
    ps.phrase_strings.cache_clear()
    first = ps.phrase_strings(sources)
    assert first == ((frozenset({"absent"}), frozenset({"was"})), (frozenset({"failing"}), frozenset({"is", "was"})))
    assert len(list((tmp_path / "cache" / "data").glob("cf-phrase-strings-v1-*"))) == 1
    # A new process (the in-process cache cleared) reads them back without parsing a pattern.
    ps.phrase_strings.cache_clear()
    monkeypatch.setattr(ps, "required_strings", lambda *a: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert ps.phrase_strings(sources) == first
    ps.phrase_strings.cache_clear()


def _naive_matches(items, text):
    """Phrases.matches as its contract says: left to right, longest phrase first, no overlaps."""
    from assistant.rules.base import tokens

    toks, spans, _ = tokens(text)
    seqs = sorted({tuple(t.lower().replace("’", "'") for t in base_token.findall(p.strip().lower())) for p in items if p.strip()},
                  key=len, reverse=True)
    out, i = [], 0
    while i < len(toks):
        for seq in seqs:
            if seq and tuple(toks[i : i + len(seq)]) == seq:
                out.append((spans[i][0], spans[i + len(seq) - 1][1], " ".join(seq)))
                i += len(seq)
                break
        else:
            i += 1
    return out


from assistant.rules.base import _TOKEN as base_token  # noqa: E402
from assistant.rules.base import Phrases  # noqa: E402

PHRASE_ITEMS = ["please forward", "please forward this", "forward this to", "so true", "lol", "this is not a hoax", "not", "to ten people"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["please", "forward", "this", "to", "ten", "people", "so", "true", "lol", "is", "not", "a", "hoax", ",", "!"]),
                max_size=40).map(" ".join))
def test_phrases_skip_only_phrases_whose_words_are_absent(text):
    assert Phrases(PHRASE_ITEMS).matches(text) == _naive_matches(PHRASE_ITEMS, text)


def test_an_insult_phrase_opens_its_window_at_its_rarer_word() -> None:
    # "old" and "action" are in a message in a hundred of real mail: the window opens at
    # the phrase's rarer word, and the phrase is still found there.
    assert cf._key_words("old bag") == ["bag"]
    assert cf._key_words("affirmative action hire") == ["affirmative"]
    assert cf._key_words("a waste of time") == ["time"]  # nothing rarer: its own words
    words = cf._conduct()["words"]
    assert "old" not in words and "bag" in words
    from assistant.core.check import check
    from assistant.core.model import Draft, Recipient

    d = Draft(subject="x", text="Honestly the new clerk is an old bag and everyone knows it.", to=(Recipient("a@mdusd.org"),))
    assert [h.code for h in check(d, only=("CF201",))] == ["CF201"]
