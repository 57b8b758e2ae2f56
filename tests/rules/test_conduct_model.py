"""The conduct model (CF202, CF301): the shipped file, its pure-Python scorer, the
rules' use of it, and the trainer.

- the scorer's one-pass reading equals scoring each unit string on its own, and
  scikit-learn's decision function (when scikit-learn, a training dependency, is here);
- units: sentences, long ones in pieces, pairs, the subject; fewer than three words
  are not read; a gate opens only the units its words are in;
- the rules flag threats and sexual content the patterns miss, say which sentence and
  which words, and pass near misses and reported words (sentences written for this test);
- the shipped file records how its thresholds were chosen, and retraining on the same
  data gives the same file (needs ../shared/corpora);
- a missing or damaged file is a clear ModelError, reported at start.
"""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core import conduct
from assistant.core.check import check
from assistant.core.conduct import MIN_TOKENS, MODEL_PATH, ConductModel, load_model, parse_model, sentence_spans, units
from assistant.core.model import Draft
from assistant.core.personal import ModelError
from assistant.rules import load_resources
from assistant.rules.confidentiality import MODEL_GATES, model_gates, threat_spans, explicit_spans

REPO = Path(__file__).resolve().parents[2]
DISTRICT = REPO / "tests" / "data" / "district"
COLLEAGUE = [{"address": "jlee@mdusd.org", "name": "Jordan Lee"}]

TEXTS = [
    "",
    "lol",
    "Your turn.",
    "Thanks! See you at the IEP meeting on Friday.\n\nDana",
    "Keep complaining about my class to the board and see if your tires are still round on Monday. I mean it.",
    "Mañana hay junta a las 3. Si la maestra Ruiz me vuelve a acusar, su carro va a amanecer sin vidrios.",
    "word " * 130 + "and then a threat to slash your tires. Next sentence here!",
    "Line one\nLine two is longer here\n\n\nA third, with Ünïcödé accents and ﬁ ligatures.",
]


@pytest.fixture(scope="module")
def model() -> ConductModel:
    return load_model()


def _unit_scores(model: ConductModel, text: str, subject: str, gates) -> dict[str, float]:
    """The best score per code, each unit string scored on its own (the trainer's view)."""
    fns = [gates.get(c) for c in model.codes] if gates else []
    best = {c: -math.inf for c in model.codes}
    for unit, opens in units(text, subject, fns):
        scores = model.decision(unit)
        for k, code in enumerate(model.codes):
            if (not fns or opens[k]) and scores[k] > best[code]:
                best[code] = scores[k]
    return best


@pytest.mark.parametrize("gated", [False, True])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_one_pass_reading_equals_scoring_every_unit(model: ConductModel, text: str, gated: bool) -> None:
    gates = model_gates() if gated else None
    for subject in ("", "RE: did you see what happens to your car"):
        got = model.read(text, subject, gates)
        want = _unit_scores(model, text, subject, gates)
        for code in model.codes:
            assert got[code].score == pytest.approx(want[code], abs=1e-9) or got[code].score == want[code] == -math.inf, (code, text)


def test_the_scorer_equals_scikit_learn(model: ConductModel, need) -> None:
    need("sklearn", "scikit-learn is a dev dependency (pip install -e .[dev])")
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vocab = sorted(model.terms)
    vec = TfidfVectorizer(strip_accents="unicode", ngram_range=(1, 2), sublinear_tf=True, vocabulary=vocab, dtype=np.float64)
    vec.idf_ = np.array([model.terms[t][0] for t in vocab])
    samples = [u for t in TEXTS for u, _ in units(t, "")]
    X = vec.transform(samples)
    for k in range(len(model.codes)):
        coef = np.array([model.terms[t][1][k] for t in vocab])
        expected = X @ coef + model.intercepts[k]
        for i, unit in enumerate(samples):
            assert abs(model.decision(unit)[k] - expected[i]) < 1e-9, unit


def test_units_are_sentences_pieces_pairs_and_the_subject() -> None:
    text = "Hi Dana. " + " ".join(f"w{i}" for i in range(100)) + ". Bye now, see you soon."
    spans = sentence_spans(text)
    pieces = [text[a:b] for a, b in spans]
    assert pieces[0] == "Hi Dana."
    # The 100-word "sentence" is read in overlapping pieces of at most 30 words.
    long = pieces[1:-1]
    assert len(long) == 5 and all(len(p.split()) <= 30 for p in long)
    assert long[0].split()[0] == "w0" and long[1].split()[0] == "w20" and long[-1].split()[-1] == "w99."
    read = [u for u, _ in units(text, "Subject words here")]
    assert "Subject words here" == read[-1]
    assert f"{pieces[0]} {pieces[1]}" in read
    # Fewer than three words is no unit: "Hi Dana." alone is not read.
    assert "Hi Dana." not in read and all(len(conduct._TOKENS.findall(u)) >= MIN_TOKENS for u in read)
    assert units("lol", "ok") == []


def test_a_gate_opens_only_the_units_holding_its_words() -> None:
    def gate(text: str) -> list[int]:
        i = text.find("tires")
        return [i] if i >= 0 else []

    read = units("Nice work on the concert today. See what happens to your tires.", "", [gate])
    assert [(u, o) for u, o in read] == [
        ("Nice work on the concert today.", (False,)),
        ("See what happens to your tires.", (True,)),
        ("Nice work on the concert today. See what happens to your tires.", (True,)),
    ]


def test_a_code_whose_gate_finds_nothing_reads_nothing(model: ConductModel) -> None:
    r = model.read("Please send the field trip forms by Friday.", "", model_gates())
    assert all(x.score == -math.inf and not x.flagged and x.span is None for x in r.values())


# -- the rules -------------------------------------------------------------------------


def hints(text: str, code: str, subject: str = "today") -> list:
    d = Draft.from_json({"subject": subject, "text": text, "to": COLLEAGUE,
                         "sender": {"address": "pat.ruiz@mdusd.org", "name": "Pat Ruiz"}})
    return [h for h in check(d, only=(code,)) if h.code == code]


MODEL_FLAGS = [
    ("CF202", "Keep complaining about my class to the board and see if your tires are still round on Monday.", "tires"),
    ("CF202", "Tell Rick that if he reports my lunch breaks again, his bike might not be in one piece when he leaves.", "again"),
    ("CF202", "Si la maestra Ruiz me vuelve a acusar con el director, su carro va a amanecer sin vidrios.", "vuelve"),
    ("CF301", "Can't wait to get you alone after the staff party, I want that skirt on my floor.", "skirt"),
    ("CF301", "Ya quiero tenerte en mi cama otra vez, sin esa blusita.", "cama"),
]
MODEL_PASSES = [
    ("CF202", 'She told me, "If you report me, your bike won\'t be in one piece when you leave."'),
    ("CF202", "Tell Rick his bike is in one piece again after the repair shop fixed the wheel."),
    ("CF202", "Next time you park your car in the fire lane it will be towed."),
    ("CF301", "The skirt for the play costume is on the floor of the drama room."),
    ("CF301", "Mi cama nueva llega el sábado, así que no puedo cubrir el turno."),
    ("CF301", "Tonight the comet is visible to the naked eye from the field."),
    # Gates too broad before: "hard" (work) and "ropa" (gym clothes).
    ("CF301", "Last night our girls' volleyball coach, Kim Delaney, earned her 200th career win. That's 14 seasons of hard work."),
    ("CF301", "Se pueden comprar en la tienda escolar por $15, pero cualquier ropa similar está bien."),
    ("CF301", "Estimadas familias: los alumnos de 5o grado verán un video sobre la pubertad del currículo de salud aprobado por "
              "el distrito. El video habla de cambios en el cuerpo, higiene y emociones. Firmen el permiso adjunto."),
    ("CF301", "Hi Mr. Soto, I wanted to share that Mia noticed a new girl sitting alone at recess today and invited her to play. "
              "She did it quietly, without anyone asking her to. It made my day, and I thought you'd want to hear about it."),
]


@pytest.mark.parametrize("code, text, word", MODEL_FLAGS, ids=[f"{c}-{i}" for i, (c, *_) in enumerate(MODEL_FLAGS)])
def test_the_model_flags_what_the_patterns_miss_and_says_why(code: str, text: str, word: str) -> None:
    assert not (threat_spans(text) if code == "CF202" else explicit_spans(text))  # the patterns alone miss it
    found = hints(text, code)
    assert len(found) == 1, text
    h = found[0]
    assert h.message.startswith("This may ") and "most telling:" in h.message
    assert text[:20] in h.message  # the sentence it read
    assert any(word in w for w in h.message.split("most telling:")[1].split("\u201c")), h.message
    assert [(s.start, s.end) for s in h.spans] == [(0, len(text))]


@pytest.mark.parametrize("code, text", MODEL_PASSES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(MODEL_PASSES)])
def test_near_misses_and_reported_words_pass(code: str, text: str) -> None:
    assert hints(text, code) == []


def test_one_problem_one_hint_the_patterns_speak_first() -> None:
    found = hints("I am going to slash his tires and hurt him.", "CF202")
    assert len(found) == 1 and found[0].message.startswith("This reads as a threat")


# -- the shipped file ------------------------------------------------------------------


def test_shipped_model_records_how_it_was_chosen(model: ConductModel) -> None:
    meta = model.metadata
    assert model.codes == tuple(MODEL_GATES) == ("CF202", "CF301")
    assert meta["trainer"] == "scripts/train_conduct.py"
    assert meta["min_precision"] >= 0.98 and meta["writers"] >= 15
    # Never a held-out split.
    assert not {s for s in meta["splits"] if s.startswith("test")}
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    for code in model.codes:
        lowo = data["codes"][code]["leave_one_writer_out"]
        assert lowo["precision"] >= 0.98 and lowo["recall"] > 0.5, (code, lowo)
    assert meta["vocabulary_size"] == len(model.terms) > 10_000
    assert not any(w in ("lol", "jaja", "haha") for t in model.terms for w in t.split(" "))
    # The files of the splits it was trained on: a tuning set added since is not yet in it.
    files = sorted(p for p in DISTRICT.glob("drafts*.jsonl")
                   if any(json.loads(ln)["split"] in meta["splits"] for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()))
    h = hashlib.sha256()
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    assert meta["data_sha256"] == h.hexdigest(), "tuning drafts changed: rerun scripts/train_conduct.py"


def test_retraining_gives_the_same_file(tmp_path: Path, corpora_dir: Path, need) -> None:
    need("sklearn", "scikit-learn is a dev dependency (pip install -e .[dev])")
    out = tmp_path / "conduct.json"
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "train_conduct.py"), "--corpora", str(corpora_dir), "--out", str(out)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    fresh, shipped = json.loads(out.read_text(encoding="utf-8")), json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    for d in (fresh, shipped):
        d["metadata"].pop("trained_at")
    assert fresh == shipped, "the shipped model is not what the script trains: rerun scripts/train_conduct.py"


# -- errors ----------------------------------------------------------------------------


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"conduct model file .*conduct\.json is missing; reinstall"):
        load_model(tmp_path / "conduct.json")


@pytest.mark.parametrize("content, message", [
    (b"{not json", "not JSON"),
    (b"[1, 2]", "not a JSON object"),
    (b'{"format": "mail-assistant/personal-model", "format_version": 1}', "is not mail-assistant/conduct-model"),
])
def test_damaged_model_file_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "conduct.json"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_a_term_with_the_wrong_numbers_is_a_clear_error() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["terms"]["tires"] = [1.0, 2.0]
    with pytest.raises(ModelError, match="damaged .*tires"):
        parse_model(json.dumps(data))
    data["terms"] = {}
    with pytest.raises(ModelError, match="no vocabulary"):
        ConductModel(data)


def test_start_up_checks_the_model_file_and_names_it() -> None:
    assert f"conduct model ({MODEL_PATH.stat().st_size // 1024} KB)" in load_resources()


@pytest.mark.parametrize("content, message", [
    (None, "missing"),
    (b'{"format":"mail-assistant/personal-model","format_version":1}', "not a mail-assistant/conduct-model file"),
])
def test_the_start_up_check_refuses_a_missing_or_foreign_file(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "conduct.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        conduct.check_file(path)


def test_a_damaged_model_is_a_config_error_at_the_first_check_that_needs_it(tmp_path: Path, monkeypatch) -> None:
    from assistant.app.check import check_draft
    from assistant.app.context import AppContext
    from assistant.app.errors import AppError, Kind

    bad = tmp_path / "conduct.json"
    bad.write_bytes(MODEL_PATH.read_bytes()[:5000])  # the right header, a cut body
    monkeypatch.setattr(conduct, "MODEL_PATH", bad)
    conduct.check_file(bad)  # the start-up check passes: the header is right
    d = Draft.from_json({"subject": "today", "text": "Keep it up and see what happens to your tires.", "to": COLLEAGUE,
                         "sender": {"address": "pat.ruiz@mdusd.org", "name": "Pat Ruiz"}})
    with AppContext() as ctx, pytest.raises(AppError) as err:
        check_draft(ctx, d)
    assert err.value.kind is Kind.CONFIG and "conduct model file" in err.value.message and "reinstall" in err.value.message
