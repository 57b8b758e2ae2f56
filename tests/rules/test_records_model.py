"""The records model (CF101's second reader) and the rule's use of it.

- the shipped file loads, with the metadata the training script records, trained on
  tuning splits only and on the tuning drafts as they are now;
- retraining on the same data gives the same file (needs ../shared/corpora and
  scikit-learn);
- a missing or damaged file is a clear ModelError, at start and in ``doctor``;
- a record in words no phrase of records.toml lists is flagged, naming the person and
  the words; an anonymous incident, the reader addressed, the writer's own name and a
  thank-you that names a child pass. Sentences written for this test, not from any set.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core import records_model
from assistant.core.check import check
from assistant.core.model import Draft, Severity
from assistant.core.personal import ModelError
from assistant.rules import load_resources
from assistant.rules import confidentiality

REPO = Path(__file__).resolve().parents[2]
DISTRICT = REPO / "tests" / "data" / "district"
SENDER = {"address": "lbarrett@mdusd.org", "name": "Lena Barrett"}
PARENT = [{"address": "dana.whitlock77@gmail.com", "name": "Dana Whitlock"}]
COLLEAGUE = [{"address": "pquinn@mdusd.org", "name": "Paul Quinn"}]


def draft(text: str, to=PARENT) -> Draft:
    return Draft.from_json({"subject": "Following up", "sender": SENDER, "to": to, "compose_type": "new", "text": text})


def cf101(d: Draft) -> list:
    return [h for h in check(d, only=("CF101",)) if h.code == "CF101"]


# -- the shipped file ------------------------------------------------------------------


def test_shipped_model_records_how_it_was_chosen() -> None:
    model = records_model.load_model()
    meta = model.metadata
    assert meta["trainer"] == "scripts/train_records.py" and meta["code"] == "CF101"
    assert meta["min_precision"] >= 0.98 and meta["writers"] >= 18
    assert not {s for s in meta["splits"] if s.startswith("test")}  # never a held-out split
    lowo = meta["leave_one_writer_out"]
    assert lowo["precision"] >= 0.98 and lowo["recall"] > 0.5, lowo
    assert meta["vocabulary_size"] == len(model.terms)
    # Names do not stand for records: no term is made only of a name the sets write Capitalised.
    assert "kevin" not in model.terms and "ms" not in model.terms
    files = sorted(p for p in DISTRICT.glob("drafts*.jsonl")
                   if any(json.loads(ln)["split"] in meta["splits"] for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()))
    h = hashlib.sha256()
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    assert meta["data_sha256"] == h.hexdigest(), "tuning drafts changed: rerun scripts/train_records.py"


def test_retraining_gives_the_same_file(tmp_path: Path, corpora_dir: Path, need) -> None:
    need("sklearn", "scikit-learn is a dev dependency (pip install -e .[dev])")
    out = tmp_path / "records.json"
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "train_records.py"), "--corpora", str(corpora_dir), "--out", str(out)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    fresh = json.loads(out.read_text(encoding="utf-8"))
    shipped = json.loads(records_model.MODEL_PATH.read_text(encoding="utf-8"))
    for d in (fresh, shipped):
        d["metadata"].pop("trained_at")
        d["metadata"].pop("python_version")
    assert fresh == shipped, "the shipped model is not what the script trains: rerun scripts/train_records.py"


# -- errors ----------------------------------------------------------------------------


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"records model file .*records\.json is missing; reinstall"):
        records_model.load_model(tmp_path / "records.json")


@pytest.mark.parametrize("content, message", [
    (None, "missing"),
    (b'{"format":"mail-assistant/conduct-model","format_version":1}', "not a mail-assistant/personal-model file"),
])
def test_the_start_up_check_refuses_a_missing_or_foreign_file(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "records.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        records_model.check_file(path)


def test_start_up_checks_the_model_file_and_names_it() -> None:
    assert f"records model ({records_model.MODEL_PATH.stat().st_size // 1024} KB)" in load_resources()


def test_doctor_reports_a_damaged_model(tmp_path: Path, monkeypatch) -> None:
    from assistant.commands import doctor

    bad = tmp_path / "records.json"
    bad.write_bytes(records_model.MODEL_PATH.read_bytes()[:3000])  # the right header, a cut body
    monkeypatch.setattr(records_model, "MODEL_PATH", bad)
    records_model._load.cache_clear()
    try:
        ok, message = doctor.check_rule_data()
    finally:
        records_model._load.cache_clear()
    assert not ok and "records model file" in message and "reinstall" in message


# -- the rule --------------------------------------------------------------------------


@pytest.mark.parametrize("text, who, word", [
    ("Quick update on Camila Reyes: the speech eval is done and she qualifies for services, her articulation is well "
     "below age level, and the team meets Thursday about her plan.", "Camila Reyes", "eval"),
    ("Ms. Whitlock, Mateo Ruiz's counselor says he has been struggling since the divorce and now sees the school "
     "therapist weekly; his teachers are adjusting his workload.", "Mateo Ruiz", "his teachers"),
], ids=["speech-eval", "counseling"])
def test_a_record_no_phrase_lists_is_read_by_the_model(text: str, who: str, word: str, monkeypatch) -> None:
    [hint] = cf101(draft(text))
    assert "reads like student or personnel record details" in hint.message
    assert who in hint.message and f"\u201c{word}\u201d" in hint.message
    assert hint.severity is Severity.ERROR  # going to a parent's gmail
    [inside] = cf101(draft(text, to=COLLEAGUE))
    assert inside.severity is Severity.WARNING
    # Without the model's reading, no phrase finds it.
    monkeypatch.setattr(confidentiality.StudentOrPersonnelRecords, "_read_by_model", lambda self, ctx: iter(()))
    assert cf101(draft(text)) == []


@pytest.mark.parametrize("text", [
    # Anonymous: "a student", the reader addressed at the start, "the nurse".
    "Mr. Delgado, here is a factual summary of today's incident: a student refused to put away his phone and left "
    "the room; the referral is in the system.",
    "During PE today a student twisted her ankle; the nurse evaluated her and the incident report is in the office.",
    # A thank-you that names a child.
    "Thanks for helping with the book fair on Friday, Camila Reyes and her mom did a great job at the register.",
    # The writer's own name, signing an anonymous note about a plan for the class.
    "The counselor will visit every class this week to talk about study plans and who to ask for help.\n\nLena Barrett",
], ids=["anonymous-incident", "anonymous-injury", "thank-you", "writer-signs"])
def test_anonymous_or_innocent_mail_passes(text: str) -> None:
    assert cf101(draft(text)) == []


FORWARD_HEAD = ("Passing this along for Tuesday.\n\n---------- Forwarded message ---------\n"
                "From: Lena Barrett <lbarrett@mdusd.org>\nDate: Mon, Nov 2, 2026\nSubject: Camila\n"
                "To: Paul Quinn <pquinn@mdusd.org>\n\n")


def forward(quoted: str) -> Draft:
    return Draft.from_json({"subject": "FW: Camila", "sender": {"address": "pquinn@mdusd.org", "name": "Paul Quinn"},
                            "to": [{"address": "tutor.ana@gmail.com", "name": "Ana Tutor"}], "compose_type": "forward",
                            "text": FORWARD_HEAD + quoted})


def test_a_forwarded_note_is_read_too_about_the_child_not_the_header(monkeypatch) -> None:
    d = forward("Quick update on Camila Reyes: the speech eval is done and she qualifies for services, her articulation "
                "is well below age level, and the team meets Thursday about her plan.")
    [hint] = cf101(d)
    assert hint.message.startswith("The forwarded message reads like") and "Camila Reyes" in hint.message
    assert "Lena Barrett" not in hint.message  # the From: line names who wrote it, not whom it is about
    assert hint.severity is Severity.ERROR
    monkeypatch.setattr(confidentiality, "_model_records", lambda ctx: None)
    assert cf101(d) == []


def test_a_forwarded_note_about_an_event_passes() -> None:
    assert cf101(forward("Quick update on the book fair: the volunteers did a great job and the team meets Thursday "
                         "about the plan for spring.")) == []


@pytest.mark.parametrize(("text", "who", "subject"), [
    ("Estimada familia Herrera:\n\nTraigan el acta de nacimiento y, si lo tiene, el IEP.", "Herrera", False),
    ("Dear Mr. Delgado,\n\nPlease bring the IEP to the meeting.", "Mr. Delgado", False),
    ("Buenas tardes Herrera, aquí está la lista.", "Herrera", False),
    ("Ms. Ruiz asked about Herrera's IEP goals.", "Herrera's", True),
])
def test_the_reader_greeted_is_not_whom_a_record_is_about(text: str, who: str, subject: bool) -> None:
    # A greeting line names the reader ("Estimada familia Herrera:", dev12), not someone
    # whose records the draft holds; the same name elsewhere can be.
    from assistant.policy import default_policy
    from assistant.rules.base import Context
    from assistant.rules.confidentiality import _model_subject, _people

    d = Draft.from_json({"subject": "Kínder", "sender": {"address": "ad@mdusd.org", "name": "Ana Diaz"},
                         "to": [{"address": "fam@gmail.com"}], "text": text})
    ctx = Context(d, default_policy())
    [ref] = [p for p in _people(ctx) if p.text == who]
    assert _model_subject(ctx, ref) is subject
