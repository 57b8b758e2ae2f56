"""Train the conduct model (``assistant/core/conduct.py``): CF202 threats and CF301
explicit content, read sentence by sentence.

    .venv/bin/python scripts/train_conduct.py [--corpora DIR] [--out FILE]

Data:
- Positives and District negatives: the tuning drafts of the labelled District sets
  (tests/data/district, splits dev and dev2 ... dev8; never test, test2 or test3), read
  as the rules read a draft (the authored text; the subject without RE:/FW:) and cut
  into units by ``conduct.units``.
- Real-mail negatives: the units of one half of the messages in ``../shared/corpora``
  (Enron inboxes, Berkeley categories, HTML ham; the half whose path hashes even).
  The other half stays out, to count false flags on mail nobody labelled for this.

Vocabulary: word 1-2 grams in at least two District units (unsupervised, so the
leave-one-writer-out figures do not see the held-out writer's labels), less those
with a word of laughter (STYLE_WORDS); TF-IDF with sublinear tf and l2, shared by
every code.

Model, per code (multiple-instance learning, since a label belongs to a draft and the
problem to one sentence of it):
1. every unit of a positive draft counts as positive, each weighed 1/(its draft's
   units); every unit of a negative draft is negative, a near miss for that code
   weighing NEAR_WEIGHT (precision first);
2. then, ROUNDS times: each positive draft's best-scoring unit is its positive.
Units a code's gate (``confidentiality.MODEL_GATES``: a word of harm, of the body or
sex) does not open are never that code's positives, and never its score at run time.
LogisticRegression(C, lbfgs); the positives weigh half the negatives in all.

Threshold, precision first: leave one writer out (each id prefix is one writer), score
every tuning draft (its best unit) with a model that never saw its writer, and take
the lowest threshold whose precision over those scores is still >= MIN_PRECISION
(halfway to the next lower score). Deterministic: the same data gives the same file,
except ``metadata.trained_at``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_personal import corpus_half_drafts, district_records, missing_inputs, round_sig, sha256_of, write_checked, writer_of  # noqa: E402
from train_personal import training_files as shared_training_files  # noqa: E402

from assistant.core import conduct  # noqa: E402
from assistant.core.model import Draft  # noqa: E402
from assistant.policy import default_policy  # noqa: E402
from assistant.rules.base import Context, strip_prefixes  # noqa: E402
from assistant.rules.confidentiality import model_gates  # noqa: E402

DATA = ROOT / "tests" / "data" / "district"
SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8")
CODES = ("CF202", "CF301")
CORPORA = ("enron-inboxes", "berkeley-enron-categories", "html-ham")
TOKENIZER = {"analyzer": "word", "lowercase": True, "strip_accents": "unicode", "token_pattern": r"(?u)\b\w\w+\b",
             "ngram_range": [1, 2], "sublinear_tf": True, "norm": "l2"}
C = 2.0
NEAR_WEIGHT = 3.0
ROUNDS = 2
MIN_PRECISION = 0.98
GATES = tuple(model_gates()[code] for code in CODES)
# Laughter is how the writers of sexting drafts type, and how everyone types a joke:
# as a feature it flagged "funny video lol". No term holds one of these words.
STYLE_WORDS = frozenset("lol lool lmao lmfao rofl haha hahaha hehe jaja jajaja jajajaja jeje jejeje xd omg".split())


def training_files() -> list[Path]:
    """The District files whose records this trainer reads (those of SPLITS)."""
    return shared_training_files(DATA, SPLITS)


def load_district() -> list[dict]:
    policy = default_policy()
    out = []
    for rec in district_records(DATA, SPLITS):
        draft = Draft.from_json(rec["draft"])
        read = conduct.units(Context(draft, policy).text, strip_prefixes(draft.subject or ""), GATES)
        out.append({"writer": writer_of(rec["id"]), "labels": rec["labels"], "near": set(rec.get("near_miss", ())),
                    "units": [u for u, _ in read], "open": [o for _, o in read]})
    return out


def corpus_half(root: Path, half: int) -> list[tuple[str, list[str]]]:
    """(path, units) of the corpus messages whose path hashes to ``half``."""
    policy = default_policy()
    return [(rel, [u for u, _ in conduct.units(Context(draft, policy).text, strip_prefixes(draft.subject or ""), GATES)])
            for rel, draft in corpus_half_drafts(root, CORPORA, half)]


def vectorizer(vocabulary=None):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    t = TOKENIZER
    return TfidfVectorizer(analyzer=t["analyzer"], lowercase=t["lowercase"], strip_accents=t["strip_accents"],
                           token_pattern=t["token_pattern"], ngram_range=tuple(t["ngram_range"]),
                           sublinear_tf=t["sublinear_tf"], norm=t["norm"], min_df=2, vocabulary=vocabulary, dtype=np.float64)


class Units:
    """Every unit of the drafts and the corpus half, as one matrix."""

    def __init__(self, drafts: list[dict], corpus: list[tuple[str, list[str]]], vec) -> None:
        import numpy as np

        self.rows: list[list[int]] = []  # per draft: its unit rows
        texts: list[str] = []
        opens: list[tuple[bool, ...]] = []
        for d in drafts:
            self.rows.append(list(range(len(texts), len(texts) + len(d["units"]))))
            texts += d["units"]
            opens += d["open"]
        self.corpus_rows = list(range(len(texts), len(texts) + sum(len(u) for _, u in corpus)))
        texts += [u for _, us in corpus for u in us]
        self.X = vec.transform(texts)
        # Which units each code may read (its gate matches in them, as at run time).
        self.open = {code: np.array([o[k] for o in opens] + [False] * len(self.corpus_rows)) for k, code in enumerate(CODES)}


def train(U: Units, drafts: list[dict], idx: list[int], code: str):
    """The multiple-instance model of ``code`` on the drafts ``idx`` (module docstring)."""
    neg_rows, neg_w = list(U.corpus_rows), [1.0] * len(U.corpus_rows)
    pos = []
    for i in idx:
        d = drafts[i]
        if d["labels"][code]:
            if U.rows[i]:
                pos.append(i)
        else:
            neg_rows += U.rows[i]
            neg_w += [NEAR_WEIGHT if code in d["near"] else 1.0] * len(U.rows[i])

    # A positive draft's candidates: its units the gate opens (all, if it opens none).
    gate = U.open[code]
    return mil_fit(U.X, neg_rows, neg_w, [[r for r in U.rows[i] if gate[r]] or U.rows[i] for i in pos])


def mil_fit(X, neg_rows: list[int], neg_w: list[float], cands: list[list[int]]):
    """Multiple-instance logistic regression (module docstring): every candidate unit of a
    positive draft counts, weighed 1/(its candidates); then, ROUNDS times, each draft's
    best-scoring candidate alone. Positives weigh half the negatives in all. Shared with
    ``train_insults``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    def fit(pos_rows, pos_w):
        rows = neg_rows + pos_rows
        y = np.array([0] * len(neg_rows) + [1] * len(pos_rows))
        w = np.array(neg_w + pos_w, dtype=float)
        w[y == 1] *= w[y == 0].sum() * 0.5 / w[y == 1].sum()
        return LogisticRegression(C=C, max_iter=5000).fit(X[rows], y, sample_weight=w)

    rows, w = [], []
    for c in cands:
        rows += c
        w += [1.0 / len(c)] * len(c)
    clf = fit(rows, w)
    for _ in range(ROUNDS):
        best = [c[int(np.argmax(clf.decision_function(X[c])))] for c in cands]
        clf = fit(best, [1.0] * len(best))
    return clf


def draft_scores(U: Units, clf, idx: list[int], code: str) -> list[float]:
    """Each draft's best unit that the gate opens (as ``ConductModel.read``)."""
    s = clf.decision_function(U.X)
    gate = U.open[code]
    out = []
    for i in idx:
        rows = [r for r in U.rows[i] if gate[r]]
        out.append(float(s[rows].max()) if rows else float("-inf"))
    return out


def lowo_threshold(scores: list[float], y: list[bool]) -> tuple[float, dict]:
    pairs = sorted(zip(scores, y), key=lambda p: -p[0])
    tp = fp = 0
    best = None
    for i, (s, pos) in enumerate(pairs):
        tp += pos
        fp += not pos
        if i + 1 < len(pairs) and pairs[i + 1][0] == s:
            continue
        if tp and tp / (tp + fp) >= MIN_PRECISION:
            best = (i, tp, fp)
    if best is None:
        raise SystemExit("no threshold reaches the precision goal on held-out writers")
    i, tp, fp = best
    lower = pairs[i + 1][0] if i + 1 < len(pairs) else pairs[i][0] - 1.0
    return round_sig((pairs[i][0] + lower) / 2), {"tp": tp, "fp": fp, "positives": int(sum(y)),
                                                   "precision": round(tp / (tp + fp), 3), "recall": round(tp / sum(y), 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora", help="the shared corpora folder")
    ap.add_argument("--out", type=Path, default=conduct.MODEL_PATH, help="the model file to write")
    args = ap.parse_args()
    if (why := missing_inputs(args.corpora, CORPORA)) is not None:
        print(why, file=sys.stderr)
        return 3
    import sklearn
    drafts = load_district()
    corpus = corpus_half(args.corpora, 0)
    found = vectorizer().fit([u for d in drafts for u in d["units"]]).vocabulary_
    vocabulary = sorted(t for t in found if not STYLE_WORDS & set(t.split(" ")))
    vec = vectorizer(vocabulary).fit([u for d in drafts for u in d["units"]])
    U = Units(drafts, corpus, vec)
    writers = sorted({d["writer"] for d in drafts})
    every = list(range(len(drafts)))
    codes, coefs = {}, []
    for code in CODES:
        y = [bool(d["labels"][code]) for d in drafts]
        oof = [0.0] * len(drafts)
        for w in writers:
            held = [i for i in every if drafts[i]["writer"] == w]
            clf = train(U, drafts, [i for i in every if drafts[i]["writer"] != w], code)
            for i, s in zip(held, draft_scores(U, clf, held, code)):
                oof[i] = s
        threshold, lowo = lowo_threshold(oof, y)
        clf = train(U, drafts, every, code)
        codes[code] = {"intercept": round_sig(clf.intercept_[0]), "threshold": threshold, "leave_one_writer_out": lowo}
        coefs.append(clf.coef_[0])
        print(f"{code}: threshold {threshold}, leave-one-writer-out {lowo}", flush=True)
    trained_at = (dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
                  if os.environ.get("SOURCE_DATE_EPOCH") else dt.date.today())
    data = {
        "format": conduct.FORMAT,
        "format_version": conduct.FORMAT_VERSION,
        "tokenizer": TOKENIZER,
        "codes": codes,
        "metadata": {
            "trained_at": trained_at.isoformat(), "trainer": "scripts/train_conduct.py", "sklearn_version": sklearn.__version__,
            "C": C, "near_weight": NEAR_WEIGHT, "rounds": ROUNDS, "min_precision": MIN_PRECISION, "splits": list(SPLITS),
            "drafts": len(drafts), "writers": len(writers), "corpus_messages": len(corpus), "vocabulary_size": len(vocabulary),
            "data_sha256": sha256_of(training_files()),
        },
        "terms": {t: [round_sig(vec.idf_[j])] + [round_sig(c[j]) for c in coefs] for t, j in sorted(vec.vocabulary_.items())},
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    model = conduct.parse_model(text, "the freshly trained conduct model")
    # The shipped scorer must agree with scikit-learn on the units it was trained on.
    sample = [u for d in drafts[:400] for u in d["units"]]
    Xs = vec.transform(sample)
    ref = list(zip(*(Xs @ c for c in coefs)))
    drift = max(abs(model.decision(u)[k] - (ref[n][k] + codes[code]["intercept"]))
                for n, u in enumerate(sample) for k, code in enumerate(CODES))
    return write_checked(args.out, text, drift, f"{len(vocabulary)} terms, {len(drafts)} drafts, drift {drift:.1e}")


if __name__ == "__main__":
    raise SystemExit(main())
