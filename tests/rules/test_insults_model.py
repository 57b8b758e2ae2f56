"""The insults model (CF201's second reader) and the rule's use of it.

- the shipped file records how it was chosen: tuning splits only, the tuning drafts as
  they are now, precision >= 0.98 on writers it had not seen, no name and no gate word
  alone among its terms;
- retraining on the same data gives the same file (needs ../shared/corpora and
  scikit-learn);
- ``may_flag`` never skips a draft the model would flag, and the one-pass reading
  equals scoring every unit on its own (the pairs' sums are corrected, not recounted);
- the gate: whole words that point at a person, a two-word role by its last word;
- a put-down in words no pattern lists is flagged, quoting the sentence; near misses
  (praise, pronoun tags in a signature, a sentence that only mentions someone) pass,
  and a draft with a threat is not read by the model;
- a missing or damaged file is a clear ModelError, at start and in ``doctor``.
Sentences written for this test, not from any set.
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
from assistant.core.model import Draft, Severity
from assistant.core.personal import ModelError
from assistant.rules import confidentiality, load_resources
from assistant.rules.confidentiality import person_gate, person_words

REPO = Path(__file__).resolve().parents[2]
DISTRICT = REPO / "tests" / "data" / "district"
SENDER = {"address": "lbarrett@mdusd.org", "name": "Lena Barrett"}
COLLEAGUE = [{"address": "pquinn@mdusd.org", "name": "Paul Quinn"}]

PUT_DOWN = ("Paul, honestly the new library aide has the brains of a goldfish and the work ethic of a sloth. "
            "Can we move her somewhere she can't do damage?")


@pytest.fixture(scope="module")
def model() -> conduct.ConductModel:
    return conduct.load_model(conduct.INSULTS_PATH)


def draft(text: str, subject: str = "Staffing") -> Draft:
    return Draft.from_json({"subject": subject, "sender": SENDER, "to": COLLEAGUE, "compose_type": "new", "text": text})


def cf201(d: Draft) -> list:
    return [h for h in check(d, only=("CF201",)) if h.code == "CF201"]


def tuning_texts(limit: int = 600) -> list[tuple[str, str]]:
    out = []
    for p in sorted(DISTRICT.glob("drafts*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)["draft"]
                out.append((d.get("text") or "", d.get("subject") or ""))
    return out[::max(1, len(out) // limit)]


# -- the shipped file ------------------------------------------------------------------


def test_shipped_model_records_how_it_was_chosen(model: conduct.ConductModel) -> None:
    meta = model.metadata
    assert model.codes == ("CF201",) and meta["trainer"] == "scripts/train_insults.py"
    assert meta["min_precision"] >= 0.98 and meta["warm_up"] == 50 and meta["writers"] >= 20
    assert model.min_tokens == 5  # a sentence of a few words is not read ("Did you see it?")
    assert not {s for s in meta["splits"] if s.startswith("test")}  # never a held-out split
    data = json.loads(conduct.INSULTS_PATH.read_text(encoding="utf-8"))
    lowo = data["codes"]["CF201"]["leave_one_writer_out"]
    assert lowo["precision"] >= 0.98 and lowo["recall"] > 0.2, lowo
    assert meta["vocabulary_size"] == len(model.terms)
    # Neither who is named nor the gate's words alone stand for an insult.
    assert not {"she", "her", "he", "kid", "aide", "gina", "kevin"} & model.terms.keys()
    files = sorted(p for p in DISTRICT.glob("drafts*.jsonl")
                   if any(json.loads(ln)["split"] in meta["splits"] for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()))
    h = hashlib.sha256()
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    assert meta["data_sha256"] == h.hexdigest(), "tuning drafts changed: rerun scripts/train_insults.py"


def test_retraining_gives_the_same_file(tmp_path: Path, corpora_dir: Path, need) -> None:
    need("sklearn", "scikit-learn is a dev dependency (pip install -e .[dev])")
    out = tmp_path / "insults.json"
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "train_insults.py"), "--corpora", str(corpora_dir), "--out", str(out)],
                         capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr
    fresh = json.loads(out.read_text(encoding="utf-8"))
    shipped = json.loads(conduct.INSULTS_PATH.read_text(encoding="utf-8"))
    for d in (fresh, shipped):
        d["metadata"].pop("trained_at")
    assert fresh == shipped, "the shipped model is not what the script trains: rerun scripts/train_insults.py"


# -- the scorer ------------------------------------------------------------------------


def test_may_flag_never_skips_a_draft_the_model_would_flag(model: conduct.ConductModel) -> None:
    gates = {"CF201": person_gate()}
    skipped = read = 0
    for text, subject in tuning_texts():
        got = model.read(text, subject, gates)["CF201"]
        if not model.may_flag(text, subject)[0]:
            skipped += 1
            assert got.score < got.threshold, text[:80]
        else:
            read += 1
    assert skipped and read  # both sides are exercised


def _unit_scores(model: conduct.ConductModel, text: str, subject: str) -> float:
    """The best gated unit, each scored on its own; a unit with no term of the model
    scores its intercept alone, and the reading leaves it out."""
    best = -math.inf
    for unit, (opens,) in conduct.units(text, subject, (person_gate(),), model.min_tokens):
        score = model.decision(unit)[0]
        if opens and score != model.intercepts[0]:
            best = max(best, score)
    return best


def test_one_pass_reading_equals_scoring_every_unit(model: conduct.ConductModel) -> None:
    texts = tuning_texts(150) + [(PUT_DOWN + " " + PUT_DOWN, "her her her"), ("She said she would. She did. She did!", "")]
    for text, subject in texts:
        got = model.read(text, subject, {"CF201": person_gate()})["CF201"].score
        want = _unit_scores(model, text, subject)
        assert got == pytest.approx(want, abs=1e-9) or got == want == -math.inf, text[:80]


def test_the_gate_is_whole_words_that_point_at_a_person() -> None:
    gate = person_gate()
    text = "Theresa said the vice principal and Él were there; shelf, y’all."
    assert [text[a:a + 3] for a in gate(text)] == ["pri", "Él ", "y’a"]  # not "he" in "Theresa" or "shelf"
    assert {"principal", "she", "él", "y'all"} <= person_words() and "el" not in person_words()


# -- the rule --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    PUT_DOWN,
    "Honestly the new library aide has the brains of a goldfish, she can't even shelve books in order.",
], ids=["goldfish-sloth", "goldfish"])
def test_a_put_down_no_pattern_lists_is_read_by_the_model(text: str, monkeypatch) -> None:
    [hint] = cf201(draft(text))
    assert hint.message.startswith("This reads as demeaning about a person (\u201c")
    assert "brains of a" in hint.message and "most telling: \u201c" in hint.message
    assert hint.severity is Severity.ERROR and hint.spans and hint.spans[0].start == 0
    # Without the model's reading, no pattern finds it.
    monkeypatch.setattr(confidentiality.HarassingOrDerogatory, "_read_by_model", lambda self, ctx: iter(()))
    assert cf201(draft(text)) == []


@pytest.mark.parametrize("text", [
    "The new aide is great, honestly the kids love her and she always shows up early.",
    "Please congratulate her if you see her, she won the district award.",
    "She's at Baylor now and loving it.\n\nRosa Ochoa (she/her)\nLibrary aide",
    "Maybe next time he will remember to sign the form.",
    "The kid is struggling with reading and needs more support at home.",
    "Did you see it? The new bulletin board in the hall, I mean.",
], ids=["praise", "congratulate", "signature-tag", "reminder", "support", "did-you"])
def test_near_misses_pass(text: str) -> None:
    assert cf201(draft(text)) == []


def test_a_threat_is_not_read_by_the_model() -> None:
    # The threat is what the draft says: CF201's hint is about it (threatening an
    # employee), not the model's reading of the put-down beside it.
    text = PUT_DOWN + " If she touches my classroom again I will slash her tires."
    hints = check(draft(text), only=("CF201", "CF202"))
    assert [h.code for h in hints] == ["CF201", "CF202"]
    assert hints[0].message.startswith("This threatens a student or employee") and "aimed at \u201caide\u201d" in hints[0].message


# -- errors ----------------------------------------------------------------------------


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"insults model file .*insults\.json is missing; reinstall"):
        conduct.load_model(tmp_path / "insults.json")


def test_start_up_checks_the_model_file_and_names_it() -> None:
    assert f"insults model ({conduct.INSULTS_PATH.stat().st_size // 1024} KB)" in load_resources()


def test_the_start_up_check_refuses_a_foreign_file(tmp_path: Path) -> None:
    path = tmp_path / "insults.json"
    path.write_bytes(b'{"format":"mail-assistant/personal-model","format_version":1}')
    with pytest.raises(ModelError, match="insults model file"):
        conduct.check_file(path)


def test_doctor_reports_a_damaged_model(tmp_path: Path, monkeypatch) -> None:
    from assistant.commands import doctor

    bad = tmp_path / "insults.json"
    bad.write_bytes(conduct.INSULTS_PATH.read_bytes()[:3000])  # the right header, a cut body
    monkeypatch.setattr(conduct, "INSULTS_PATH", bad)
    conduct._load.cache_clear()
    try:
        ok, message = doctor.check_rule_data()
    finally:
        conduct._load.cache_clear()
    assert not ok and "insults model file" in message and "reinstall" in message
