"""A damaged install (a shipped rule file missing) is a clear error at start, not a crash mid-check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAFT = "From: a@mdusd.org\nTo: b@mdusd.org\nSubject: Field trip forms\n\nPlease send the forms by Friday.\n"


def _copy_package(tmp_path: Path) -> Path:
    dest = tmp_path / "site"
    shutil.copytree(ROOT / "assistant", dest / "assistant", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _check(site: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    draft = tmp_path / "draft.eml"
    draft.write_text(DRAFT)
    env = {**os.environ, "PYTHONPATH": str(site), "MAIL_ASSISTANT_HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, "-m", "assistant", "check", str(draft)], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize(
    ("missing", "says"),
    [
        ("rules/models/personal.json", "personal-mail model"),
        ("rules/data/terms.toml", "terms.toml"),
        ("core/data/surnames.txt.gz", "surnames"),
    ],
)
def test_missing_shipped_file_is_a_one_line_error_with_exit_3(tmp_path: Path, missing: str, says: str) -> None:
    site = _copy_package(tmp_path)
    (site / "assistant" / missing).unlink()
    done = _check(site, tmp_path)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert says in done.stderr and "reinstall" in done.stderr


def test_the_same_copy_checks_fine_when_complete(tmp_path: Path) -> None:
    done = _check(_copy_package(tmp_path), tmp_path)
    assert done.returncode in (0, 1, 2) and "Traceback" not in done.stderr
    assert "draft.eml" in done.stdout


def test_every_shipped_word_list_is_loaded_at_start() -> None:
    from importlib import resources

    from assistant.rules import DATA_FILES

    shipped = {p.name for p in resources.files("assistant.rules").joinpath("data").iterdir() if p.name.endswith(".toml")}
    assert set(DATA_FILES) == shipped


def test_doctor_reports_the_missing_model(tmp_path: Path) -> None:
    site = _copy_package(tmp_path)
    (site / "assistant" / "rules/models/personal.json").unlink()
    env = {**os.environ, "PYTHONPATH": str(site), "MAIL_ASSISTANT_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "assistant", "doctor"], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    line = next(l for l in done.stdout.splitlines() if "Rule data" in l)
    assert "personal-mail model" in line and "reinstall" in line
    assert not line.startswith("ok")
