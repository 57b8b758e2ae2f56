"""What a `check` process imports: to a pipe it needs neither click nor rich (their
imports are a large part of a cold start, bench/cold_start.py); rich is loaded only by
`rules` and `check --explain`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "teacher-to-parents.eml"


def imported(*args: str) -> tuple[set[str], subprocess.CompletedProcess]:
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "assistant", *args], capture_output=True,
                       text=True, env={**os.environ, "COLUMNS": "100"}, timeout=120)
    names = {line.rsplit("|", 1)[1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    return names, r


def test_check_imports_neither_click_nor_rich_and_prints_plain_text_to_a_pipe() -> None:
    names, r = imported("check", str(EXAMPLE))
    assert r.returncode == 2
    assert "EM501" in r.stdout and "BP 1114, Email Protocol E" in r.stdout
    assert "\x1b[" not in r.stdout  # no colour codes when the output is not a terminal
    assert "click" not in names and not {n for n in names if n == "rich" or n.startswith("rich.")}


def test_rules_still_draws_with_rich() -> None:
    names, r = imported("rules")
    assert r.returncode == 0 and "EM101" in r.stdout
    assert "rich.console" in names
