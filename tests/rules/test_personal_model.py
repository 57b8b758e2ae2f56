"""The shipped personal-mail model (EM901) and its pure-Python scorer.

- the shipped file loads, with the metadata the training script records;
- the scorer reproduces scikit-learn's TfidfVectorizer + decision function
  (skipped when scikit-learn, a training-only dependency, is not installed);
- retraining on the same data gives the same file (needs ../shared/corpora);
- a missing or damaged file is a clear ModelError;
- District sentences written for this test (not in the training file) behave.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core import personal
from assistant.core.personal import MODEL_PATH, ModelError, PersonalModel, document, load_model, parse_model

REPO = Path(__file__).resolve().parents[2]
TRAINING = REPO / "training" / "personal" / "district_examples.jsonl"

SAMPLES = [
    "",
    "   \n\t ",
    "Are you coming to the BBQ on Saturday? Bring the kids!",
    "The students did great at the winter concert. Thank you for coming!",
    "¿Vienen a la carne asada el sábado? Es el cumpleaños de mi hija.",
    "CAFÉ con leche, ÑANDÚ, naïve résumé: accents and CAPITALS",
    "Cafe\u0301 decomposed, ligature \ufb01ne, İstanbul, STRASSE straße, ﬀ",
    "under_score snake_case x y z 42 1999 a1 9am $300 50% e-mail re: fw:",
    "emoji 🎉🎉 party!!! 日本語のテキスト and ελληνικά words",
    "my my my my my my weekend weekend sale sale sale",
    ("Staff meeting Tuesday at 3:15 in the library. " * 40) + "my daughter's birthday party",
]


@pytest.fixture(scope="module")
def model() -> PersonalModel:
    return load_model()


# -- the shipped file ------------------------------------------------------------------


def test_shipped_model_loads_with_metadata(model: PersonalModel) -> None:
    raw = MODEL_PATH.read_bytes()
    assert len(raw) < 1_000_000
    meta = model.metadata
    assert meta["trainer"] == "scripts/train_personal.py"
    assert meta["sklearn_version"].split(".")[0] == "1"
    assert len(meta["data"]["berkeley_sha256"]) == 64 and len(meta["data"]["district_sha256"]) == 64
    sources = ("berkeley", "district", "district-sets")
    assert set(meta["data"]["sizes"]) == {f"{s}/{p}" for s in sources for p in ("train", "validation", "test")}
    # The District tuning drafts train and validate; none is a test draft (their held-out twins are).
    assert meta["data"]["sizes"]["district-sets/test"] == "0/0"
    assert meta["vocabulary_size"] == len(model.terms) > 500
    assert meta["min_precision"] >= 0.8
    assert model.ngram_range == (1, 2) and model.sublinear_tf and model.lowercase and model.strip_accents
    assert math.isfinite(model.threshold) and math.isfinite(model.intercept)
    # The file names the District data it was trained on: this very file.
    import hashlib

    h = hashlib.sha256(TRAINING.name.encode() + b"\0" + TRAINING.read_bytes() + b"\0").hexdigest()
    assert meta["data"]["district_sha256"] == h, "training data changed: rerun scripts/train_personal.py"


def test_load_is_cached(model: PersonalModel) -> None:
    assert load_model() is model
    assert load_model(MODEL_PATH) is model


def test_product_scorer_imports_no_numeric_library() -> None:
    code = (
        "import sys; from assistant.core import personal; personal.score('Selling my couch, $300')\n"
        "bad = sorted(m for m in ('numpy', 'sklearn', 'scipy') if m in sys.modules)\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- equality with scikit-learn ----------------------------------------------------------


def test_scorer_equals_sklearn(model: PersonalModel, need) -> None:
    need("sklearn", "scikit-learn is a dev dependency (pip install -e .[dev])")
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vocab = sorted(model.terms)
    tok = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["tokenizer"]
    vec = TfidfVectorizer(
        analyzer=tok["analyzer"],
        lowercase=tok["lowercase"],
        strip_accents=tok["strip_accents"],
        token_pattern=tok["token_pattern"],
        ngram_range=tuple(tok["ngram_range"]),
        sublinear_tf=tok["sublinear_tf"],
        norm=tok["norm"],
        vocabulary=vocab,
        dtype=np.float64,
    )
    vec.idf_ = np.array([model.terms[t][0] for t in vocab])
    coef = np.array([model.terms[t][1] for t in vocab])
    texts = SAMPLES + [json.loads(line)["text"] for line in TRAINING.read_text(encoding="utf-8").splitlines()[::25]]
    X = vec.transform(texts)
    expected = X @ coef + model.intercept
    analyzer = vec.build_analyzer()
    for i, text in enumerate(texts):
        assert model.analyze(text) == analyzer(text), text
        assert abs(model.decision(text) - expected[i]) < 1e-9, text
        assert abs(model.score(text).score - expected[i]) < 1e-9, text
        feats = model.features(text)
        row = X[i].toarray()[0]
        assert {t for t, w in feats.items() if w} == {vocab[j] for j in np.flatnonzero(row)}
        for t, w in feats.items():
            assert abs(w - row[vec.vocabulary_[t]]) < 1e-12


def test_retraining_gives_the_same_file(tmp_path: Path, corpora_dir: Path, need) -> None:
    need("sklearn", "scikit-learn is a dev dependency (pip install -e .[dev])")
    out = tmp_path / "personal.json"
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "train_personal.py"), "--corpora", str(corpora_dir), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    fresh, shipped = json.loads(out.read_text(encoding="utf-8")), json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    for d in (fresh, shipped):
        d["metadata"].pop("trained_at")
        d["metadata"].pop("python_version")
    assert fresh == shipped, "the shipped model is not what the script trains: rerun scripts/train_personal.py"


# -- errors ----------------------------------------------------------------------------


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "personal.json"
    with pytest.raises(ModelError, match=r"personal-mail model file .*personal\.json is missing; reinstall"):
        load_model(path)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"format": "something-else", "format_version": 1}', "is not mail-assistant/personal-model"),
        (b"\xff\xfe\x00garbage", "damaged"),
    ],
)
def test_damaged_model_file_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "personal.json"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_model_missing_a_key_is_a_clear_error() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    del data["intercept"]
    with pytest.raises(ModelError, match="damaged .*intercept"):
        PersonalModel(data)
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["terms"] = {}
    with pytest.raises(ModelError, match="no vocabulary"):
        parse_model(json.dumps(data))


# -- scores, decisions and the words that weighed most -----------------------------------


def test_top_words_are_reported_with_their_place(model: PersonalModel) -> None:
    text = "Selling my couch for $300 this weekend, text me if you want it!"
    result = model.score(text, top=3)
    assert result.is_personal and result.score >= result.threshold
    assert 0.5 < result.probability < 1
    assert 1 <= len(result.top_terms) <= 3
    weights = [t.weight for t in result.top_terms]
    assert weights == sorted(weights, reverse=True) and weights[0] > 0
    assert "weekend" in result.words or "this weekend" in result.words or "couch" in result.words
    for t in result.top_terms:
        assert t.spans, t.term
        for start, end in t.spans:
            assert " ".join(model.token_re.findall(model.preprocess(text[start:end]))) == t.term


def test_spans_point_at_the_users_own_text_with_accents_and_capitals(model: PersonalModel) -> None:
    text = "VENDO MI SOFÁ, 300 DÓLARES."
    result = model.score(text, top=10)
    by_term = {t.term: t.spans for t in result.top_terms}
    assert "dolares" in by_term
    (start, end), = by_term["dolares"]
    assert text[start:end] == "DÓLARES"


def test_business_words_do_not_count_as_top_words(model: PersonalModel) -> None:
    result = model.score("Staff meeting Tuesday at 3:15 in the library about the new attendance procedures.")
    assert not result.is_personal
    assert all(t.weight > 0 for t in result.top_terms)
    assert "meeting" not in result.words and "attendance" not in result.words


def test_module_level_score_reads_the_subject_too() -> None:
    body = "See attached."
    assert personal.score(body, "Garage sale Saturday: couch, bikes and my old treadmill").score > personal.score(body).score
    assert document(body, "Hi") == "See attached.\nHi" and document(body) == body


def test_any_text_of_any_size(model: PersonalModel) -> None:
    huge = ("word " * 50_000) + "my birthday party weekend " * 10
    assert math.isfinite(model.score(huge).score)
    assert model.score("").score == model.intercept
    odd = "\x00\ud800 zzqx \U0010ffff"
    assert model.features(odd) == {} and model.score(odd).score == model.intercept


# District sentences written for this test (none is in the training file).
MUST_FLAG = [
    ("Anyone want in on the March Madness pool? $20 buy-in, brackets due Thursday.", "bracket pool"),
    ("My daughter is selling wrapping paper for her dance team. Let me know if you want a few rolls!", ""),
    ("We're driving to Yosemite this weekend with the kids and the dog. Can't wait to unplug!", "weekend"),
    ("Happy anniversary, honey! Dinner at our favorite place tonight, I made reservations at 7.", ""),
    ("I'm selling my son's old crib and stroller, both in great shape. $150 for both.", "for sale"),
    ("My sister just had her baby! A little girl, 8 pounds. I'm an aunt!", "baby"),
    ("Vendo mi refrigerador, casi nuevo, 400 dólares. Si les interesa me avisan.", "vendo"),
    ("Are you going to Jenny's birthday party Saturday night? I need a ride.", "party"),
    ("Macy's has a huge shoe sale this weekend, want to go Saturday?", "sale"),
    ("My husband and I are celebrating our anniversary in Napa this weekend. Any winery recommendations?", ""),
    ("Mi hija se gradúa de la universidad en mayo y vamos a hacer una fiesta en la casa.", "fiesta"),
]
MUST_PASS = [
    ("The kids did great at the winter concert. Thank you for coming!", "Winter concert"),
    ("The students did great at the winter concert. Thank you for coming!", "Winter concert"),
    ("Our field trip to the Oakland Zoo is Friday. Please send a sack lunch and a signed permission slip.", "Field trip"),
    ("Staff meeting Tuesday at 3:15 in the library; we will go over the new attendance codes.", "Staff meeting"),
    ("La excursión al zoológico es el viernes. Manden el permiso firmado y un almuerzo.", "Excursión"),
    ("Report cards go home Friday. Please sign and return the envelope.", "Report cards"),
    ("The 5th grade basketball team won their game Saturday! Great job, everyone.", "Basketball"),
    ("The bus for the science camp leaves at 7:30 am on Monday. Students should bring a sleeping bag.", "Science camp"),
    ("Las boletas de calificaciones se mandan a casa el viernes. Por favor fírmenlas y devuélvanlas.", "Boletas"),
    ("Please join us for the staff holiday luncheon on Friday in the library, hosted by the PTA.", "Holiday luncheon"),
]


def test_written_sentences_are_not_training_examples() -> None:
    trained = {json.loads(line)["text"] for line in TRAINING.read_text(encoding="utf-8").splitlines()}
    assert not trained & {t for t, _ in MUST_FLAG + MUST_PASS}


@pytest.mark.parametrize("text, subject", MUST_FLAG, ids=[t[:40] for t, _ in MUST_FLAG])
def test_personal_district_mail_is_flagged(model: PersonalModel, text: str, subject: str) -> None:
    result = model.score(document(text, subject))
    assert result.is_personal, (result.score, result.threshold, result.words)
    assert result.words


@pytest.mark.parametrize("text, subject", MUST_PASS, ids=[t[:40] for t, _ in MUST_PASS])
def test_business_district_mail_passes(model: PersonalModel, text: str, subject: str) -> None:
    # EM901 flags at its operating point (the data file's min_score, stricter than the
    # model's validation threshold): that is the decision a user sees.
    from assistant.rules.personal_use import personal_min_score

    result = model.score(document(text, subject))
    assert result.score < max(result.threshold, personal_min_score()), (result.score, result.threshold, result.words)

