"""The personal-mail model (EM901): a shipped TF-IDF + logistic-regression scorer.

``scripts/train_personal.py`` trains the model with scikit-learn and exports it
as JSON (``assistant/rules/models/personal.json``). This module scores with
plain Python from that file, so the product never imports scikit-learn or
numpy (cold start matters). It reproduces ``TfidfVectorizer(analyzer="word")``
exactly for the settings the file records: lowercasing, optional "unicode"
accent stripping, the token regex, word n-grams, sublinear tf, the file's idf
and l2 normalisation over the whole vocabulary; then ``coef · x + intercept``.

The model reads ``document(text, subject)``: what the author wrote, then the
subject line, the same way in training and at run time.

Everything here is pure except ``load_model``, which reads the shipped file
once (lazily, cached). A missing or damaged file raises ``ModelError``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

FORMAT = "mail-assistant/personal-model"
FORMAT_VERSION = 1
MODEL_PATH = Path(__file__).resolve().parents[1] / "rules" / "models" / "personal.json"
_DEFAULT_TOKENS = r"(?u)\b\w\w+\b"  # TfidfVectorizer's default token_pattern


class ModelError(RuntimeError):
    """The personal-mail model file is missing or unusable (reported by ``doctor``)."""


def document(text: str, subject: str = "") -> str:
    """The text the model scores: the author's words, then the subject line."""
    return f"{text}\n{subject}" if subject else text


def strip_accents_unicode(s: str) -> str:
    """Decompose (NFKD) and drop combining marks, as scikit-learn's function of that name."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Weighed:
    """One n-gram's share of the score, and where its words are in the text (best effort)."""

    term: str
    weight: float
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class PersonalScore:
    score: float  # the decision function (log-odds)
    threshold: float
    is_personal: bool
    top_terms: tuple[Weighed, ...]  # n-grams that pushed towards "personal", biggest first

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.score)) if self.score > -700 else 0.0

    @property
    def words(self) -> tuple[str, ...]:
        """The words that weighed most, for the hint."""
        return tuple(t.term for t in self.top_terms)


class PersonalModel:
    """A loaded model; build it from the parsed JSON (``PersonalModel(data)``)."""

    def __init__(self, data: Mapping[str, Any], source: str = "the personal-mail model") -> None:
        try:
            if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"format {data.get('format')!r} version {data.get('format_version')!r} is not {FORMAT} {FORMAT_VERSION}")
            tok = data["tokenizer"]
            if tok.get("analyzer", "word") != "word" or tok.get("norm") != "l2" or tok.get("strip_accents") not in (None, "unicode"):
                raise ValueError(f"unsupported tokenizer settings {tok!r}")
            self.lowercase = bool(tok["lowercase"])
            self.strip_accents = tok["strip_accents"] == "unicode"
            self.token_re = re.compile(tok["token_pattern"])
            # scikit-learn's default pattern on ASCII text: the same tokens (maximal runs
            # of two or more word characters) found twice as fast.
            self._ascii_token_re = re.compile(r"\w\w+", re.ASCII) if tok["token_pattern"] == _DEFAULT_TOKENS else None
            lo, hi = (int(n) for n in tok["ngram_range"])
            if not 1 <= lo <= hi:
                raise ValueError(f"bad ngram_range {tok['ngram_range']!r}")
            self.ngram_range = (lo, hi)
            self.sublinear_tf = bool(tok["sublinear_tf"])
            # term -> (idf, coefficient)
            self.terms: dict[str, tuple[float, float]] = {
                str(term): (float(idf), float(coef)) for term, (idf, coef) in data["terms"].items()
            }
            self.intercept = float(data["intercept"])
            self.threshold = float(data["threshold"])
            self.metadata: dict[str, Any] = dict(data.get("metadata", {}))
        except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
            raise ModelError(f"{source} is damaged ({exc.__class__.__name__}: {exc}); reinstall the application") from exc
        if not self.terms:
            raise ModelError(f"{source} has no vocabulary; reinstall the application")
        # First words of the vocabulary's n-grams (n >= 2): only those n-grams are
        # built, so a long text does not make every pair of words a string.
        self._starts: dict[int, frozenset[str]] = {}
        for n in range(2, hi + 1):
            self._starts[n] = frozenset(t.split(" ", 1)[0] for t in self.terms if t.count(" ") == n - 1)

    # -- text -> features, exactly as TfidfVectorizer ---------------------------------

    def preprocess(self, text: str) -> str:
        if self.lowercase:
            text = text.lower()
        return strip_accents_unicode(text) if self.strip_accents else text

    def analyze(self, text: str) -> list[str]:
        """The n-grams of ``text`` in scikit-learn's order (``build_analyzer()``)."""
        tokens = self.token_re.findall(self.preprocess(text))
        lo, hi = self.ngram_range
        grams = list(tokens) if lo == 1 else []
        for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def _tokens(self, doc: str) -> list[str]:
        """``token_re.findall(doc)`` of a preprocessed text."""
        fast = self._ascii_token_re
        return (fast if fast is not None and doc.isascii() else self.token_re).findall(doc)

    def _known_grams(self, text: str) -> Iterator[str]:
        """The n-grams of ``analyze(text)`` that are in the vocabulary (same counts, same
        order). Built by iterators that run in C: an n-gram is joined only where its
        first word starts one of the vocabulary's (``_starts``)."""
        known = self.terms.__contains__
        tokens = self._tokens(self.preprocess(text))
        lo, hi = self.ngram_range
        parts: list[Iterable[str]] = [filter(known, tokens)] if lo == 1 else []
        for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
            grams = zip(*(islice(tokens, k, None) for k in range(n)))
            parts.append(filter(known, map(" ".join, compress(grams, map(self._starts[n].__contains__, tokens)))))
        return chain.from_iterable(parts)

    def features(self, text: str) -> dict[str, float]:
        """The l2-normalised tf-idf weight of every vocabulary n-gram in ``text``."""
        terms = self.terms
        counts = Counter(self._known_grams(text))
        raw = {
            g: ((1.0 + math.log(c)) if self.sublinear_tf else float(c)) * terms[g][0] for g, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return {g: v / norm for g, v in raw.items()} if norm > 0 else {}

    def decision(self, text: str) -> float:
        """``decision_function``: coefficients · features + intercept."""
        terms = self.terms
        return self.intercept + math.fsum(w * terms[g][1] for g, w in self.features(text).items())

    def score(self, text: str, top: int = 5) -> PersonalScore:
        feats = self.features(text)
        parts = sorted(
            ((w * self.terms[g][1], g) for g, w in feats.items()), key=lambda p: (-p[0], p[1])
        )
        value = self.intercept + math.fsum(p for p, _ in parts)
        best = [(g, p) for p, g in parts[:top] if p > 0]
        spans = self._spans(text, [g for g, _ in best]) if best else {}
        return PersonalScore(
            score=value,
            threshold=self.threshold,
            is_personal=value >= self.threshold,
            top_terms=tuple(Weighed(g, p, spans.get(g, ())) for g, p in best),
        )

    def _spans(self, text: str, grams: list[str], limit: int = 3) -> dict[str, tuple[tuple[int, int], ...]]:
        """Where each n-gram's words are in the original text (at most ``limit`` places each).

        Tokens are found in the original text and normalised one by one, so the
        offsets are the user's own; a text whose normalisation changes the token
        boundaries (rare decomposed characters) just gets fewer spans.
        """
        by_last: dict[str, list[tuple[str, list[str]]]] = {}
        for g in grams:
            parts = g.split(" ")
            by_last.setdefault(parts[-1], []).append((g, parts))
        out: dict[str, list[tuple[int, int]]] = {g: [] for g in grams}
        todo = len(grams)
        window: list[tuple[str, int, int]] = []  # the last tokens, enough for the longest n-gram
        for m in self.token_re.finditer(text):
            key = self.preprocess(m.group())
            window.append((key, m.start(), m.end()))
            if len(window) > self.ngram_range[1]:
                del window[0]
            for g, parts in by_last.get(key, ()):
                n, found = len(parts), out[g]
                if len(found) < limit and n <= len(window) and all(window[-n + k][0] == parts[k] for k in range(n - 1)):
                    found.append((window[-n][1], m.end()))
                    todo -= len(found) == limit
            if not todo:
                break
        return {g: tuple(s) for g, s in out.items()}


def json_object(raw: bytes | str, source: str) -> dict:
    """A shipped model file's JSON object, or a clear ModelError (shared by the models)."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"{source} is damaged (not JSON: {exc}); reinstall the application") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{source} is damaged (not a JSON object); reinstall the application")
    return data


def read_model_file(path: str | Path, source: str, limit: int = -1) -> bytes:
    """A shipped model file's bytes (the first ``limit`` of them, or all), or a clear
    ModelError (shared by the models)."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(limit)
    except FileNotFoundError:
        raise ModelError(f"{source} is missing; reinstall the application") from None
    except OSError as exc:
        raise ModelError(f"{source} cannot be read ({exc.strerror}); reinstall the application") from None


def check_model_file(path: Path, source: str, fmt: str) -> int:
    """A shipped model file is there, readable and of format ``fmt`` (its first bytes):
    the start-up check of the models a check parses only when it needs them. Returns
    the file's size (shared by the models)."""
    if f'"format":"{fmt}"'.encode() not in read_model_file(path, source, 200):
        raise ModelError(f"{source} is damaged (not a {fmt} file); reinstall the application")
    return path.stat().st_size


def parse_model(raw: bytes | str, source: str = "the personal-mail model") -> PersonalModel:
    return PersonalModel(json_object(raw, source), source)


def load_model(path: str | Path | None = None) -> PersonalModel:
    """The model in ``path`` (default: the shipped file, read once and cached)."""
    return _load(str(Path(path) if path is not None else MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> PersonalModel:
    source = f"the personal-mail model file {path}"
    return parse_model(read_model_file(path, source), source)


def score(text: str, subject: str = "", top: int = 5) -> PersonalScore:
    """Score a draft's own words (and subject) with the shipped model."""
    return load_model().score(document(text, subject), top)
