"""Rough edges a new user hit on the command line (issue 11): the rule list at
80 columns, and the `account add` help text."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(*args: str, columns: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.fixture(scope="module")
def rules() -> list[dict]:
    return json.loads(run("rules", "--format", "json", columns=80).stdout)


def test_rules_at_80_columns_fit_and_keep_citations_and_fixes_whole(rules: list[dict]) -> None:
    r = run("rules", columns=80)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines and max(map(len, lines)) <= 80
    for rule in rules:
        head = [i for i, line in enumerate(lines) if line.startswith(rule["code"] + " ")]
        assert len(head) == 1, rule["code"]
        i = head[0]
        assert rule["title"] in lines[i] and rule["severity"] in lines[i]
        below = []
        for line in lines[i + 1:]:
            if not line.startswith(" "):
                break
            below.append(line)
        # Every line under a rule is indented under its name, the citation whole on one line...
        assert below and all(line.startswith(" " * 7) and not line[7].isspace() for line in below)
        assert any(rule["citation"] in line for line in below), rule["code"]
        # ...and the fix, when there is one, whole too.
        if rule["fix"]:
            fix = f"fix: {rule['fix']} ({rule['applicability']})"
            assert any(fix in line for line in below), rule["code"]


def test_rules_on_a_wide_terminal_take_one_line_each(rules: list[dict]) -> None:
    lines = run("rules", columns=200).stdout.splitlines()
    assert len(lines) == len(rules)
    for rule, line in zip(rules, lines):
        assert line.startswith(rule["code"]) and rule["citation"] in line and len(line) <= 200


def test_account_add_help_shows_one_backslash() -> None:
    r = run("account", "add", "--help", columns=100)
    assert r.returncode == 0
    assert "MDUSD\\jdoe" in r.stdout and "MDUSD\\\\jdoe" not in r.stdout
