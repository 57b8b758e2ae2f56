"""The learned second signal of the conduct rules (assistant/rules/learned.py, models/cf.json).

- the shipped file loads with the codes the cross-validation supported, and each
  model flags a clear sentence written for this test and not its near miss;
- training is deterministic and reproduces the shipped file (needs scikit-learn);
- a missing or damaged file is a clear ModelError.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.model import ComposeType, Draft, Recipient
from assistant.core.personal import ModelError
from assistant.policy import default_policy
from assistant.rules import Context, learned

REPO = Path(__file__).resolve().parents[2]
SENDER = Recipient("dwhitfield@mdusd.org", "Dana Whitfield")
TO = Recipient("jen.k@mdusd.org", "Jen Kim")

# Written for this test (not in any District set): one clear case and one near miss per shipped code.
CASES = {
    "CF201": ("That new aide is useless and lazy, honestly a waste of space.",
              "The printer is useless today, it keeps jamming."),
    "CF202": ("Mark my words, you'll regret crossing me. Watch yourself in the parking lot.",
              "Please pay the field trip fee by Friday or the bus seat will go to the wait list."),
}


def ctx(text: str, subject: str = "Today") -> Context:
    return Context(Draft(subject=subject, sender=SENDER, to=(TO,), text=text, compose_type=ComposeType.NEW), default_policy())


def test_the_shipped_file_has_the_codes_the_cv_supported() -> None:
    models = learned.load_models()
    assert set(models) == set(CASES)
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["metadata"]["trainer"] == "scripts/train_cf.py"
    assert data["metadata"]["data"]["test_split"] == "never read"
    for code, entry in models.items():
        assert entry.min_terms >= 2 and entry.gate is None
        assert 0.0 < entry.model.threshold < 3.0
        assert len(entry.model.terms) > 500


@pytest.mark.parametrize("code", sorted(CASES))
def test_model_flags_a_clear_case_and_names_its_words(code: str) -> None:
    clear, _ = CASES[code]
    r = learned.flag(ctx(clear), code)
    assert r is not None and r.score >= learned.load_models()[code].model.threshold
    assert len(r.words) >= 2
    text = clear.lower()
    assert all(w.split(" ")[0] in text for w in r.words)  # the words are the draft's own
    assert learned.words(r).startswith("\u201c")
    assert learned.spans(r, len(clear)) and all(0 <= a < b <= len(clear) for a, b in learned.spans(r, len(clear)))


@pytest.mark.parametrize("code", sorted(CASES))
def test_model_leaves_the_near_miss_alone(code: str) -> None:
    _, near = CASES[code]
    assert learned.flag(ctx(near), code) is None


def test_codes_without_a_model_and_disabled_signal_are_never_flagged() -> None:
    clear = CASES["CF202"][0]
    assert learned.flag(ctx(clear), "CF301") is None
    with learned.disabled():
        assert learned.flag(ctx(clear), "CF202") is None
    assert learned.flag(ctx(clear), "CF202") is not None


def test_one_telling_word_alone_is_not_a_hint() -> None:
    # A short business note whose one scored word pushes towards a threat.
    assert learned.flag(ctx("No problem.", subject="Vacation time"), "CF202") is None


# -- broken files ------------------------------------------------------------------------


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="conduct-rule model file .* is missing; reinstall"):
        learned.load_models(tmp_path / "cf.json")


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"{not json", "not JSON"),
        (b"[]", "not a mail-assistant/cf-models"),
        (b'{"format": "mail-assistant/cf-models", "format_version": 1}', "no models"),
        (b'{"format": "mail-assistant/cf-models", "format_version": 1, "models": {"CF202": {"gate": "moon"}}}', "known gate"),
        (b'{"format": "mail-assistant/cf-models", "format_version": 1, "models": {"CF202": {"gate": null, "min_terms": 2}}}', "damaged"),
    ],
)
def test_damaged_file_is_a_clear_error(tmp_path: Path, raw: bytes, says: str) -> None:
    path = tmp_path / "cf.json"
    path.write_bytes(raw)
    with pytest.raises(ModelError, match=says):
        learned.load_models(path)


# -- training ------------------------------------------------------------------------------


def test_training_is_deterministic_and_reproduces_the_shipped_file(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1796428800"}
    outs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        done = subprocess.run([sys.executable, str(REPO / "scripts" / "train_cf.py"), "--out", str(out)],
                              capture_output=True, text=True, env=env, cwd=REPO, timeout=600)
        assert done.returncode == 0, done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    fresh, shipped = json.loads(outs[0]), json.loads(learned.MODEL_PATH.read_bytes())
    for data in (fresh, shipped):
        data["metadata"].pop("trained_at")
        data["metadata"].pop("sklearn_version")
        data["metadata"].pop("python_version")
    assert fresh == shipped
