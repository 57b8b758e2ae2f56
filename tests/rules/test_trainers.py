"""The model trainers refuse to start without what they need, saying what to do: a
missing corpus folder (their real-mail negatives) is exit code 3 and one line, not a
traceback half-way through training."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script", ["train_conduct.py", "train_records.py", "train_insults.py"])
def test_a_trainer_without_the_corpora_says_where_to_point_it(script: str, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(REPO / "scripts" / script), "--corpora", str(tmp_path), "--out", str(tmp_path / "m.json")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3
    assert run.stderr.strip().endswith("are needed as real-mail negatives: pass --corpora DIR"), run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "m.json").exists()
