"""The speed-ups of check give exactly what the plain way gives.

Each fast path (issue 8, item 5) is compared with the straightforward
computation it replaces, on generated text that mixes the cases that matter:
notice words, targets and verbs, capitals, non-ASCII letters, odd whitespace.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core import content
from assistant.core.model import Span
from assistant.policy import default_policy
from assistant.rules import base
from assistant.rules.base import terms
from assistant.rules.confidentiality import HarassingOrDerogatory

NOTICE = default_policy().notice_words
HARASS = terms()["harassing"]
PIECES = [
    *NOTICE[:12], *HARASS["targets"][:12], *HARASS["insults"][:8],
    "is", "are", "was", "'s", "’s", "seems", "so", "really", "a",
    "Thanks,", "Dana Whitfield", "(925) 555-0142", "-- ", "ΟΔΟΣ", "İstanbul", "ſhe", "Straße", "x" * 85,
]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\t", ". ", ", ", "", " <b> ", "\u00a0", "’", "-"]


@st.composite
def texts(draw) -> str:
    words = draw(st.lists(st.sampled_from(PIECES), max_size=50))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(words)))
        words[at:at] = list(NOTICE[: draw(st.sampled_from([8, len(NOTICE)]))])
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps))
    return draw(st.sampled_from([text, text.upper(), text.title()]))


def reference_tokens(text: str):
    toks, spans = [], []
    for m in base._TOKEN.finditer(text):
        toks.append(m.group().lower().replace("’", "'"))
        spans.append(m.span())
    return tuple(toks), tuple(spans), frozenset(toks)


@settings(max_examples=300, deadline=None)
@given(texts())
def test_tokens(text):
    toks, spans, present = base.tokens.__wrapped__(text)
    want = reference_tokens(text)
    assert (toks, present) == (want[0], want[2])
    assert [spans[i] for i in range(len(toks))] == list(want[1])


@settings(max_examples=300, deadline=None)
@given(texts())
def test_aimed_insults(text):
    want = [m.span() for m in HarassingOrDerogatory.aimed().finditer(text)]
    assert [m.span() for m in HarassingOrDerogatory.aimed_matches(text)] == want


def test_aimed_insults_found_where_they_are():
    target, insult = HARASS["targets"][4], HARASS["insults"][0]
    text = f"Notes.\n{target.title()}   is\tso {insult}. And {target} was really  {insult}!"
    found = [m.group() for m in HarassingOrDerogatory.aimed_matches(text)]
    assert found == [m.group() for m in HarassingOrDerogatory.aimed().finditer(text)]
    assert len(found) == 2


@settings(max_examples=300, deadline=None)
@given(texts())
def test_notice_search(text):
    present = NOTICE[0] in text.lower()
    want = content._find_notices_by_tokens(text, NOTICE) if present else ()
    assert content.find_notices(text, NOTICE) == want
    want = content._find_fragments_by_tokens(text, NOTICE[:8]) if present else ()
    assert content.find_notice_fragments(text, NOTICE) == want


@settings(max_examples=300, deadline=None)
@given(texts(), st.lists(st.tuples(st.integers(-3, 400), st.integers(-3, 400)), max_size=4))
def test_mask(text, cuts):
    spans = [Span(a, b) for a, b in cuts]

    def outcome(fn):
        try:
            return fn()
        except IndexError:  # a negative start past the front, as a list index raises
            return IndexError

    want = outcome(lambda: content._mask_chars(text, spans)) if spans else text
    assert outcome(lambda: content.mask(text, spans)) == want


@settings(max_examples=300, deadline=None)
@given(texts())
def test_text_signature_reads_only_the_tail(text):
    assert content.find_text_signature(text) == content._find_text_signature(text)


def test_marker_precheck_drops_only_names_that_contain_another():
    for words in (content._QUOTE_WORDS, content._SIG_WORDS):
        short = content._shortest(words)
        assert all(any(s in w for s in short) for w in words)
        for source in ("", "x_appendonsend", "<div class=gmail_quote_container>", "moz-cite-prefix", "_mailautosig"):
            assert any(w in source for w in words) == any(w in source for w in short)


def test_whitespace_fast_path_matches_the_regex():
    # render() skips _WS.sub for printable text without a double space: only " " of
    # the collapsed characters is printable, so the substitution would change nothing.
    from assistant.core import htmltext

    assert [c for c in htmltext._WS_CHARS if c.isprintable()] == [" "]
    assert htmltext._WS.pattern == "[" + htmltext._WS_CHARS + "]+"
    assert re.sub(htmltext._WS, " ", "a \u00a0 b\u200bc") == "a b c"


def reference_matches(phrases: base.Phrases, text: str):
    toks, spans, _ = reference_tokens(text)
    out = []
    i, n = 0, len(toks)
    while i < n:
        for seq in phrases._by_first.get(toks[i], ()):
            k = len(seq)
            if toks[i : i + k] == seq:
                out.append((spans[i][0], spans[i + k - 1][1], " ".join(seq)))
                i += k - 1
                break
        i += 1
    return out


WORDS = ["a", "b", "c", "the", "kid", "’s", "'s", "."]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=6),
    st.lists(st.sampled_from(WORDS + [" ", "\n", "A", "THE"]), max_size=60).map(" ".join),
)
def test_phrase_matches(items, text):
    phrases = base.Phrases(items)
    assert phrases.matches(text) == reference_matches(phrases, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["SSN", "123-45-6789", "Student ID", "student #", "PERM#", "Permanent ID:", "12345",
                                 "DOB:", "d.o.b.", "Date of Birth", "birthdate", "3/4/2015", "-", " ", "\n", "ſtudent"]),
                max_size=20).map(" ".join))
def test_record_patterns_skip_only_what_cannot_match(text):
    from assistant.rules import confidentiality as cf

    run = cf._record_patterns(text)
    for rx, _ in cf._NEEDS:
        if rx not in run:
            assert rx.search(text) is None
