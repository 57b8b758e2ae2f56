"""`mail-assistant check --explain`: where the new text ends and why, by line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import cli

REPLY = (
    "Hi Maria,\n\nI can take Tuesday.\n\nThanks,\nJane Doe\n(925) 555-0100\n\n"
    "Maria Diaz\n12/04/2000 10:31 AM\n\t\tTo: Jane Doe/MDUSD@MDUSD\n\t\tcc:\n\t\tSubject: Yard duty\n\n"
    "Here is the schedule."
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reply.txt"
    path.write_text(text, "utf-8")
    return path


def test_explain_prints_the_split_and_every_line(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["check", "--explain", str(_write(tmp_path, REPLY))], catch_exceptions=False)
    out = r.output
    assert "new text ends at line 7; quoted history starts at line 9" in out
    assert "a quoted header block" in out
    assert "signature: lines 5-7" in out
    assert " 9 quote-header Maria Diaz" in out and "15 quote        Here is the schedule." in out
    assert r.exit_code == 2  # the check itself is unchanged: the notice is missing


def test_explain_in_json(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["check", "--format", "json", "--explain", str(_write(tmp_path, REPLY))])
    [entry] = json.loads(r.output)
    e = entry["explain"]
    assert (e["marker"], e["quote_start"], e["new_end"], e["signature"]) == ("header-block", 8, 6, [4, 6])
    assert e["lines"][8] == {"line": 8, "zone": "quote-header", "text": "Maria Diaz"}


def test_without_explain_nothing_about_the_split(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["check", str(_write(tmp_path, REPLY))])
    assert "quoted history starts" not in r.output and "quote-header" not in r.output
    r = CliRunner().invoke(cli, ["check", "--format", "json", str(_write(tmp_path, REPLY))])
    assert "explain" not in json.loads(r.output)[0]
