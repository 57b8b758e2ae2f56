"""The conduct model: a learned second reader for CF201, CF202 and CF301.

Why: the patterns of the conduct rules reach a new writer's wording only after that
writer has been seen (tests/data/district/SPLIT.md: every blind set, measured before
any tuning on it, had CF201/CF202/CF301 recall between 0.2 and 0.6). A linear model
over word n-grams, trained on the tuning drafts of many writers, reads what they
share; it runs where the patterns found nothing.

It reads *units*, not whole drafts: each sentence, each pair of neighbouring
sentences, and the subject, so that a harm word in one paragraph and "your" in
another do not add up. A draft's score for a code is its best unit's. Training
(``scripts/train_conduct.py``) picks, in each positive draft, the unit that carries
the problem (multiple-instance learning), and chooses each threshold on writers the
model had not seen.

One shared vocabulary (TF-IDF, as ``TfidfVectorizer(analyzer="word")`` with the
file's settings) and one coefficient per code, so a unit is tokenised once for all
three codes. Scored in plain Python; the file is read once. Everything is pure
except ``load_model``; a missing or damaged file raises ``ModelError``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from assistant.core.personal import ModelError, check_model_file, json_object, read_model_file, strip_accents_unicode

FORMAT = "mail-assistant/conduct-model"
FORMAT_VERSION = 1
MODEL_PATH = Path(__file__).resolve().parents[1] / "rules" / "models" / "conduct.json"
# CF201's reader (scripts/train_insults.py): the same format, one code, its own file,
# so that it is trained on its own splits and gate without moving CF202's and CF301's.
INSULTS_PATH = MODEL_PATH.with_name("insults.json")

# Sentence ends for the models' units: the model must see the same units in training
# and use, so this stays as the models were trained (the rules' sentence_bounds also
# end a sentence at a stop inside closing quotes; changing this means retraining).
_SENTENCE_END = re.compile(r"[.!?]+(?=\s)|\n")
_WORDS = re.compile(r"\S+")
LONG_WORDS = 40  # a "sentence" longer than this is a list or a paste...
CHUNK_WORDS, CHUNK_STEP = 30, 20  # ...read in overlapping pieces
_MAX_UNITS = 400  # a huge body: its first units decide (the rules cap their scans too)
# A unit of fewer words carries no sentence ("lol", "Your turn."): scored, such a unit
# stood for a whole draft by one strong word.
MIN_TOKENS = 3
_TOKENS = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token_pattern


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The single units of ``text``: sentences (stripped, longer than two characters),
    long ones cut in overlapping pieces of words."""
    out: list[tuple[int, int]] = []
    start = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    for end in [*ends, len(text)]:
        piece = text[start:end]
        start, a = end, end - len(piece)
        stripped = piece.strip()
        if len(stripped) <= 2:
            continue
        a += len(piece) - len(piece.lstrip())
        b = a + len(stripped)
        # More than LONG_WORDS words need more than twice as many characters.
        words = [m.span() for m in _WORDS.finditer(text, a, b)] if b - a > 2 * LONG_WORDS else ()
        if len(words) <= LONG_WORDS:
            out.append((a, b))
        else:
            for i in range(0, len(words), CHUNK_STEP):
                part = words[i : i + CHUNK_WORDS]
                out.append((part[0][0], part[-1][1]))
        if len(out) >= _MAX_UNITS:
            break
    return out[:_MAX_UNITS]


Gate = Callable[[str], Sequence[int]]  # a text -> where the gate's words start in it, in order


def _hits(text: str, gate: Gate | None) -> Sequence[int] | None:
    """Where ``gate`` matches in ``text`` (None: no gate, all open)."""
    return None if gate is None else gate(text)


def _opens(hits: Sequence[int] | None, a: int, b: int) -> bool:
    """Whether a gate match starts inside ``[a, b)``."""
    if hits is None:
        return True
    i = bisect_left(hits, a)
    return i < len(hits) and hits[i] < b


def units(text: str, subject: str = "", gates: Sequence[Gate | None] = (),
          min_tokens: int = MIN_TOKENS) -> list[tuple[str, tuple[bool, ...]]]:
    """What the model reads, as strings (the trainer's view): every single unit, then
    every pair of neighbouring units joined by a space, then the subject; each with,
    per gate, whether a match of it starts inside the unit. Units of fewer than
    ``min_tokens`` words are left out."""
    spans = sentence_spans(text)
    hits = [_hits(text, g) for g in gates]
    sub = [_hits(subject, g) for g in gates]
    out = [(text[a:b], tuple(_opens(h, a, b) for h in hits)) for a, b in spans]
    out += [(f"{text[spans[i][0]:spans[i][1]]} {text[spans[i + 1][0]:spans[i + 1][1]]}",
             tuple(_opens(h, spans[i][0], spans[i + 1][1]) for h in hits)) for i in range(len(spans) - 1)]
    if subject.strip():
        out.append((subject, tuple(_opens(h, 0, len(subject)) for h in sub)))
    return [(u, o) for u, o in out if len(_TOKENS.findall(u)) >= min_tokens]


@dataclass(frozen=True)
class Reading:
    """A code's verdict on a draft: its best unit, that unit's score and the words
    that weighed most."""

    code: str
    score: float
    threshold: float
    span: tuple[int, int] | None  # the unit in the text (None: the subject)
    words: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        return self.score >= self.threshold


@dataclass
class _Sums:
    """A unit's n-gram counts (a pair's: its halves' and the n-gram across the join,
    merged only for the unit that wins) and its raw tf-idf sums before l2."""

    parts: tuple[Counter[str], ...]
    join: str | None
    dots: list[float]
    sq: float

    def counts(self) -> Counter[str]:
        if len(self.parts) == 1 and self.join is None:
            return self.parts[0]
        out = sum(self.parts, Counter())
        if self.join is not None:
            out[self.join] += 1
        return out


class ConductModel:
    """A loaded model; build it from the parsed JSON."""

    def __init__(self, data: Mapping[str, Any], source: str = "the conduct model") -> None:
        try:
            if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"format {data.get('format')!r} version {data.get('format_version')!r} is not {FORMAT} {FORMAT_VERSION}")
            tok = data["tokenizer"]
            if (tok.get("analyzer") != "word" or tok.get("norm") != "l2" or tok.get("strip_accents") != "unicode"
                    or not tok.get("lowercase") or list(tok.get("ngram_range")) != [1, 2] or not tok.get("sublinear_tf")):
                raise ValueError(f"unsupported tokenizer settings {tok!r}")
            self.token_re = re.compile(tok["token_pattern"])
            # The fewest words of a unit it reads (a model file may ask for more than
            # MIN_TOKENS: the insults model, scripts/train_insults.py).
            self.min_tokens = int(tok.get("min_tokens", MIN_TOKENS))
            # The default pattern on ASCII text: the same tokens, found faster (as personal.py).
            self._ascii_token_re = re.compile(r"\w\w+", re.ASCII) if tok["token_pattern"] == _TOKENS.pattern else None
            self.codes: tuple[str, ...] = tuple(str(c) for c in data["codes"])
            self.intercepts = tuple(float(data["codes"][c]["intercept"]) for c in self.codes)
            self.thresholds = tuple(float(data["codes"][c]["threshold"]) for c in self.codes)
            n = len(self.codes)
            # term -> (idf, coefficient per code)
            self.terms: dict[str, tuple[float, tuple[float, ...]]] = {}
            for term, row in data["terms"].items():
                if len(row) != n + 1:
                    raise ValueError(f"term {term!r} has {len(row)} numbers, not {n + 1}")
                self.terms[str(term)] = (float(row[0]), tuple(float(x) for x in row[1:]))
            self.metadata: dict[str, Any] = dict(data.get("metadata", {}))
        except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
            raise ModelError(f"{source} is damaged ({exc.__class__.__name__}: {exc}); reinstall the application") from exc
        if not self.terms or not self.codes:
            raise ModelError(f"{source} has no vocabulary; reinstall the application")
        # Only pairs whose first word starts a vocabulary pair are joined.
        self._starts = frozenset(t.split(" ", 1)[0] for t in self.terms if " " in t)

    # -- text -> n-gram counts, exactly as TfidfVectorizer ------------------------------

    def _tokens(self, text: str) -> list[str]:
        low = text.lower()
        if low.isascii() and self._ascii_token_re is not None:
            return self._ascii_token_re.findall(low)
        return self.token_re.findall(strip_accents_unicode(low))

    def _counts(self, tokens: list[str]) -> Counter[str]:
        terms, starts = self.terms, self._starts
        grams = [t for t in tokens if t in terms]
        grams += [g for i in range(len(tokens) - 1) if tokens[i] in starts
                  for g in (f"{tokens[i]} {tokens[i + 1]}",) if g in terms]
        return Counter(grams)

    def _score(self, counts: Counter[str]) -> tuple[list[float], dict[str, float]]:
        """Each code's decision value for one unit, and each n-gram's l2-normalised weight."""
        terms = self.terms
        raw = {g: (1.0 + math.log(c)) * terms[g][0] for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        if norm == 0:
            return list(self.intercepts), {}
        weights = {g: v / norm for g, v in raw.items()}
        out = []
        for k, b in enumerate(self.intercepts):
            out.append(b + math.fsum(w * terms[g][1][k] for g, w in weights.items()))
        return out, weights

    def _sums(self, counts: Counter[str]) -> "_Sums":
        """A unit's raw tf-idf sums (before l2): per code coefficients · weights, and the
        squares; a pair's are its halves' corrected for the n-grams they share."""
        terms = self.terms
        n = len(self.intercepts)
        dots = [0.0] * n
        sq = 0.0
        for g, c in counts.items():
            idf, coefs = terms[g]
            v = (1.0 + math.log(c)) * idf
            sq += v * v
            for k in range(n):
                dots[k] += v * coefs[k]
        return _Sums((counts,), None, dots, sq)

    def _pair(self, a: "_Sums", b: "_Sums", join: str | None) -> "_Sums":
        """The sums of two neighbouring units read as one (and the n-gram across the join)."""
        ca, cb = a.parts[0], b.parts[0]
        dots = [x + y for x, y in zip(a.dots, b.dots)]
        sq = a.sq + b.sq
        shared = ca.keys() & cb.keys()
        if join is not None:
            shared.add(join)
        for g in shared:
            idf, coefs = self.terms[g]
            old = [(1.0 + math.log(x[g])) * idf for x in (ca, cb) if g in x]
            v = (1.0 + math.log(ca[g] + cb[g] + (g == join))) * idf
            sq += v * v - sum(o * o for o in old)
            for k in range(len(dots)):
                dots[k] += (v - sum(old)) * coefs[k]
        return _Sums((ca, cb), join, dots, sq)

    @cached_property
    def _push(self) -> list[dict[str, float]]:
        """Per code, the square of each positive coefficient (``may_flag``)."""
        return [{t: c[k] * c[k] for t, (_, c) in self.terms.items() if c[k] > 0} for k in range(len(self.codes))]

    def may_flag(self, text: str, subject: str = "") -> tuple[bool, ...]:
        """Per code, whether any unit of the draft could reach the threshold. A unit's
        weights have unit length, so its score is at most the intercept plus the length
        of the positive coefficients of its n-grams (Cauchy-Schwarz), and every unit's
        n-grams are among the draft's: when even all of those fall short, no unit needs
        reading (most mail, for a model read wherever a person is mentioned)."""
        tokens = self._tokens(f"{text}\n{subject}")
        grams = set(tokens)
        grams.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a in self._starts)
        out = []
        for k, push in enumerate(self._push):
            total = math.fsum(push[g] for g in grams if g in push)
            out.append(self.intercepts[k] + math.sqrt(total) >= self.thresholds[k])
        return tuple(out)

    def decision(self, unit: str) -> list[float]:
        """Each code's decision value for one unit string (the trainer's check)."""
        return self._score(self._counts(self._tokens(unit)))[0]

    def read(self, text: str, subject: str = "", gates: Mapping[str, Gate] | None = None,
             top: int = 3) -> dict[str, Reading]:
        """Each code's best unit in the draft (``units``, read the same way). With
        ``gates``, a code reads only the units where its gate matches; only the
        sentences of those units are tokenised, and each once: a pair's counts are its
        two halves' plus the pair that spans the join."""
        gate_of = [gates.get(c) if gates else None for c in self.codes]
        hits = [_hits(text, g) for g in gate_of]
        # No gate word anywhere: no sentence to read (most mail).
        spans = sentence_spans(text) if any(h is None or h for h in hits) else []
        # (span, sentence indexes, which codes may read it)
        cands: list[tuple[tuple[int, int], tuple[int, ...], tuple[bool, ...]]] = []
        for i, (a, b) in enumerate(spans):
            allowed = tuple(_opens(h, a, b) for h in hits)
            if any(allowed):
                cands.append(((a, b), (i,), allowed))
        for i in range(len(spans) - 1):
            a, b = spans[i][0], spans[i + 1][1]
            allowed = tuple(_opens(h, a, b) for h in hits)
            if any(allowed):
                cands.append(((a, b), (i, i + 1), allowed))
        toks: dict[int, list[str]] = {}
        sums: dict[int, _Sums] = {}
        for _, idx, _ in cands:
            for i in idx:
                if i not in toks:
                    toks[i] = self._tokens(text[spans[i][0]:spans[i][1]])
                    sums[i] = self._sums(self._counts(toks[i]))
        best: list[tuple[float, tuple[int, int] | None, _Sums | None]] = [
            (float("-inf"), None, None) for _ in self.codes]

        def consider(span: tuple[int, int] | None, su: _Sums, allowed: tuple[bool, ...]) -> None:
            if su.join is None and not any(su.parts):
                return
            norm = math.sqrt(su.sq)
            for k, b in enumerate(self.intercepts):
                s = b + su.dots[k] / norm if norm > 0 else b
                if allowed[k] and s > best[k][0]:
                    best[k] = (s, span, su)

        for span, idx, allowed in cands:
            if sum(len(toks[i]) for i in idx) < self.min_tokens:
                continue
            if len(idx) == 1:
                consider(span, sums[idx[0]], allowed)
                continue
            i, j = idx
            join = None
            if toks[i] and toks[j] and toks[i][-1] in self._starts:
                g = f"{toks[i][-1]} {toks[j][0]}"
                if g in self.terms:
                    join = g
            consider(span, self._pair(sums[i], sums[j], join), allowed)
        if subject.strip():
            allowed = tuple(_opens(_hits(subject, g), 0, len(subject)) for g in gate_of)
            if any(allowed):
                subject_tokens = self._tokens(subject)
                if len(subject_tokens) >= self.min_tokens:
                    consider(None, self._sums(self._counts(subject_tokens)), allowed)
        out = {}
        for k, code in enumerate(self.codes):
            s, span, su = best[k]
            weights = self._score(su.counts())[1] if su is not None else {}
            pushed = sorted(((w * self.terms[g][1][k], g) for g, w in weights.items()), key=lambda p: (-p[0], p[1]))
            out[code] = Reading(code, s, self.thresholds[k], span, tuple(g for p, g in pushed[:top] if p > 0))
        return out


def parse_model(raw: bytes | str, source: str = "the conduct model") -> ConductModel:
    return ConductModel(json_object(raw, source), source)


def check_file(path: str | Path | None = None) -> int:
    """The shipped file is there, readable and of this format (its first bytes): the
    start-up check. Parsing it costs ~0.1 s, so a short command (``check``) reads it
    only when a sentence holds a word its gates open; ``load_model`` then says what is
    wrong with a damaged file. Returns the file's size."""
    p = Path(path) if path is not None else MODEL_PATH
    return check_model_file(p, _source(p), FORMAT)


def _source(path: Path) -> str:
    """How an error names the file."""
    return f"the {'insults' if path.name == INSULTS_PATH.name else 'conduct'} model file {path}"


def load_model(path: str | Path | None = None) -> ConductModel:
    """The model in ``path`` (default: the shipped file, read once and cached)."""
    return _load(str(Path(path) if path is not None else MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> ConductModel:
    source = _source(Path(path))
    return parse_model(read_model_file(path, source), source)
