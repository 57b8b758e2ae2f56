"""docs/rules.md is generated from the rule classes and kept up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.rules import RULES
from assistant.rules.base import DOC_SECTIONS
from assistant.rules.docs import render

REPO = Path(__file__).resolve().parents[2]
RULES_MD = REPO / "docs" / "rules.md"


def test_rules_md_is_up_to_date() -> None:
    assert RULES_MD.read_text("utf-8") == render(), (
        "docs/rules.md is out of date: run `python -m assistant.rules.docs > docs/rules.md`"
    )


def test_every_rule_has_its_section_with_facts_and_docs() -> None:
    text = render()
    for code, rule in RULES.items():
        head = f"### {code} {rule.title}\n"
        assert text.count(head) == 1, code
        section = text.split(head, 1)[1].split("\n### ", 1)[0]
        assert f"| `{rule.name}` | {rule.severity.value} | {rule.applicability.value}" in section, code
        assert rule.citation in section, code
        for name in DOC_SECTIONS:
            assert f"**{name}**" in section, (code, name)
        # The Policy section carries the quoted passage, not only the citation.
        policy = section.split("**Policy**", 1)[1].split("**Fix**", 1)[0]
        assert policy.count('"') >= 2 or "“" in policy, code


def test_a_changed_docstring_makes_the_file_stale(monkeypatch) -> None:
    rule = RULES["EM601"]
    monkeypatch.setattr(rule, "__doc__", rule.__doc__.replace("Long messages are skimmed", "Long messages are read"))
    assert render() != RULES_MD.read_text("utf-8")


def test_module_entry_point_prints_the_file() -> None:
    out = subprocess.run([sys.executable, "-m", "assistant.rules.docs"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == RULES_MD.read_text("utf-8")


def test_the_index_links_each_rule_by_its_title() -> None:
    text = render()
    rule = RULES["EM201"]
    assert rule.title == "Too many people on Cc" and rule.name == "cc-overuse"
    assert "| [EM201](#em201-too-many-people-on-cc) | Too many people on Cc | `cc-overuse` |" in text
    assert "### EM201 Too many people on Cc\n" in text
    # Every index link points at a heading that exists (GitHub's slug of it).
    import re

    for code, r in RULES.items():
        slug = re.search(rf"\| \[{code}\]\(#([^)]+)\)", text).group(1)
        heading = f"### {code} {r.title}".lower()[4:]
        assert slug == re.sub(r"[^\w\- ]", "", heading).replace(" ", "-"), code


def test_every_rule_and_its_hints_carry_a_human_title():
    from assistant.core.check import check
    from assistant.core.model import Draft, Recipient
    from assistant.rules import RULES

    for code, rule in RULES.items():
        assert rule.title and rule.title != rule.name and " " in rule.title, code
    hints = check(Draft(subject="", to=(Recipient("a@mdusd.org"),), text="Please send the forms."))
    assert hints and all(h.to_json()["title"] == RULES[h.code].title for h in hints)
