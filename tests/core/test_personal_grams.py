"""The personal-mail scorer's fast n-gram count gives exactly what the plain one did.

``PersonalModel._known_grams`` builds the vocabulary n-grams with C iterators and
tokenises ASCII text with an ASCII pattern; the scores must not move by one bit, so
the counts, their order (the l2 norm sums in that order) and the features are
compared with the plain loop over ``analyze`` on generated texts: ASCII and not,
digits and underscores, one-letter words, words that start a vocabulary bigram,
with the shipped model and with models of other n-gram ranges and token patterns.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.core.personal import FORMAT, FORMAT_VERSION, PersonalModel, load_model

SHIPPED = load_model()
# Words of the shipped vocabulary (so that known grams occur), and others.
VOCAB_WORDS = sorted({w for t in SHIPPED.terms for w in t.split(" ")})[:400:7] + ["my", "party", "weekend", "sale"]
BIGRAMS = sorted(t for t in SHIPPED.terms if t.count(" ") == 1)[::15]
WORDS = st.one_of(st.sampled_from(VOCAB_WORDS), st.sampled_from(BIGRAMS), st.sampled_from(["a", "x1", "under_score", "42", "Café", "naïve", "straße", "İd", "日本", "’s"]))
SEPS = st.sampled_from([" ", " ", "\n", ", ", ".", "-", "'", "’", "_", "é", "\t"])
TEXT = st.lists(st.tuples(WORDS, SEPS), max_size=60).map(lambda parts: "".join(w + s for w, s in parts))


def plain_counts(model: PersonalModel, text: str) -> Counter:
    """The earlier count: every n-gram of ``analyze`` that is in the vocabulary, in order."""
    return Counter(g for g in model.analyze(text) if g in model.terms)


def plain_features(model: PersonalModel, text: str) -> dict[str, float]:
    counts = plain_counts(model, text)
    raw = {g: ((1.0 + math.log(c)) if model.sublinear_tf else float(c)) * model.terms[g][0] for g, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    return {g: v / norm for g, v in raw.items()} if norm > 0 else {}


def model_with(ngram_range, token_pattern=r"(?u)\b\w\w+\b") -> PersonalModel:
    terms = {t: (1.0 + i % 7 / 3, (i % 5 - 2) / 3) for i, t in enumerate(sorted(SHIPPED.terms))}
    # Trigrams of shipped words, so that a (1, 3) model has some to find.
    words = VOCAB_WORDS
    terms.update({f"{a} {b} {c}": (1.5, 0.25) for a, b, c in zip(words, words[1:], words[2:])})
    return PersonalModel({
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "tokenizer": {"analyzer": "word", "lowercase": True, "strip_accents": "unicode", "token_pattern": token_pattern,
                      "ngram_range": list(ngram_range), "sublinear_tf": True, "norm": "l2"},
        "terms": {t: list(v) for t, v in terms.items()}, "intercept": -0.5, "threshold": 0.0,
    })


MODELS = [SHIPPED, model_with((1, 3)), model_with((2, 2)), model_with((1, 2), r"(?u)\b\w+\b")]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_counts_order_and_features_are_those_of_the_plain_loop(text):
    for model in MODELS:
        got = Counter(model._known_grams(text))
        want = plain_counts(model, text)
        assert list(got.items()) == list(want.items()), (text, model.ngram_range)
        assert list(model.features(text).items()) == list(plain_features(model, text).items())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_tokens_are_those_of_the_model_pattern(text):
    doc = SHIPPED.preprocess(text)
    assert SHIPPED._tokens(doc) == SHIPPED.token_re.findall(doc)


def test_the_shipped_model_uses_the_ascii_tokens_and_another_pattern_does_not():
    assert SHIPPED._ascii_token_re is not None
    other = model_with((1, 2), r"(?u)\b\w+\b")
    assert other._ascii_token_re is None and other._tokens("a bb c") == ["a", "bb", "c"]
    # Non-ASCII text keeps the model's own pattern.
    assert SHIPPED._tokens("café naïve x_1 日本語") == re.findall(r"(?u)\b\w\w+\b", "café naïve x_1 日本語")


def test_a_known_bigram_and_its_words_are_counted():
    two = next(t for t in SHIPPED.terms if " " in t and all(w in SHIPPED.terms for w in t.split(" ")))
    text = f"{two}. {two}, and {two.upper()}!"
    counts = Counter(SHIPPED._known_grams(text))
    assert counts[two] == 3 and all(counts[w] >= 3 for w in two.split(" "))
    assert counts == plain_counts(SHIPPED, text)
