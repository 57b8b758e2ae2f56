"""The rule code against the catalogue in the repo (docs/catalogue.md) and the policy it cites.

docs/catalogue.md is the spec the code cites: a rule whose code, name,
severity, fix applicability or citation drifts from its row fails here, and so
does a registered rule with no row or a row (outside a section marked
*planned*) with no rule. These checks need nothing outside the repository; the
ones that compare with the policy text and the team's RULES.md beside the repo
(../shared/policy) are skipped without it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.core.model import Applicability, Severity
from assistant.policy import default_policy
from assistant.rules import RULES, all_rules, get_rule
from assistant.rules.base import DOC_SECTIONS

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "docs" / "catalogue.md"
SHARED_POLICY = REPO / ".." / "shared" / "policy"

SAFE, UNSAFE, NONE = Applicability.SAFE, Applicability.UNSAFE, Applicability.NONE
_CODE = re.compile(r"[A-Z]{2}\d{3}")


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    section: str  # the BP 1114 section the citation names, e.g. "Email Protocol A"
    severity: Severity  # the first severity the cell names (CF101: error outside, warning inside)
    fix: Applicability
    planned: bool  # in a section whose heading says "planned"


def catalogue_rows(text: str) -> dict[str, Row]:
    """The rule rows of the catalogue's tables (| code | name | policy | checks | default | severity | fix |)."""
    rows: dict[str, Row] = {}
    planned = False
    for line in text.splitlines():
        if line.startswith("## "):
            planned = "planned" in line.lower()
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7 or not _CODE.fullmatch(cells[0]):
            continue
        code, name, section, _checks, _default, sev, fix = cells
        assert code not in rows, f"{code} has two rows"
        severity = min((s for s in Severity if s.value in sev.lower()), key=lambda s: sev.lower().index(s.value))
        applicability = next(a for a in (SAFE, UNSAFE, NONE) if fix.lower().startswith(a.value))
        rows[code] = Row(code, name, section, severity, applicability, planned)
    return rows


ROWS = catalogue_rows(CATALOGUE.read_text("utf-8"))
SPEC = {code: row for code, row in ROWS.items() if not row.planned}


def test_catalogue_has_the_rule_tables() -> None:
    assert len(SPEC) >= 21
    assert {c[:2] for c in SPEC} >= {"EM", "CF"}


def test_registered_rules_are_exactly_the_catalogue_in_its_order() -> None:
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
    names = [r.name for r in all_rules()]
    assert len(names) == len(set(names))
    assert codes == list(SPEC)
    for code, rule in RULES.items():
        assert rule.code == code
        assert get_rule(code.lower()) is rule


def test_planned_rows_are_not_registered() -> None:
    planned = [c for c, row in ROWS.items() if row.planned]
    assert not set(planned) & set(RULES), "a registered rule's section is still marked planned in docs/catalogue.md"


@pytest.mark.parametrize("code", list(SPEC))
def test_rule_metadata_matches_catalogue(code: str) -> None:
    rule, row = RULES[code], SPEC[code]
    assert rule.name == row.name
    assert rule.severity is row.severity
    assert rule.applicability is row.fix
    # A rule with a fix names it; a rule without one has none.
    assert (rule.fix is not None) == (row.fix is not NONE)
    assert rule.citation == f"BP 1114, {row.section}", (rule.citation, row.section)


def test_catalogue_parser_reads_a_row() -> None:
    text = "## Accessible mail (planned)\n| AX105 | tiny-text | Email Protocol I | small | | info | unsafe: size |\n"
    assert catalogue_rows(text) == {"AX105": Row("AX105", "tiny-text", "Email Protocol I", Severity.INFO, UNSAFE, True)}
    two = "| CF101 | r | Social Media Protocol 3 | x | | error (outside); warning (inside) | none |"
    assert catalogue_rows(two)["CF101"].severity is Severity.ERROR


def test_catalogue_agrees_with_the_teams_rules_md_when_present() -> None:
    """The in-repo catalogue keeps the team's codes, names, severities and fixes."""
    rules_md = SHARED_POLICY / "RULES.md"
    if not rules_md.is_file():
        pytest.skip("RULES.md not found beside the repo")
    team = {}
    for line in rules_md.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and _CODE.fullmatch(cells[0]):
            team[cells[0]] = cells
    assert set(team) >= set(ROWS)
    for code, row in ROWS.items():
        cells = team[code]
        assert cells[1] == row.name, code
        sev_cell, fix_cell = cells[-2].lower(), cells[-1].lower()
        assert row.severity.value in sev_cell, (code, sev_cell)
        assert fix_cell.startswith(row.fix.value), (code, fix_cell)


@pytest.mark.parametrize("code", list(SPEC))
def test_docs_have_every_section(code: str) -> None:
    docs = RULES[code].docs()
    assert docs.get("Summary"), f"{code} has no one-line summary"
    for section in DOC_SECTIONS:
        assert section in docs, f"{code} docs lack '{section}'"
        assert len(docs[section].split()) >= 3, f"{code} '{section}' is empty"
    assert list(DOC_SECTIONS) == ["What it does", "Why", "Example", "Policy", "Fix"]


@pytest.mark.parametrize("code", list(SPEC))
def test_policy_section_cites_bp1114_and_the_section(code: str) -> None:
    rule = RULES[code]
    policy = rule.docs()["Policy"]
    assert policy.startswith("BP 1114"), policy
    # The docs cite the same section as the hint's citation (e.g. "Email Protocol E").
    head = policy.split(":", 1)[0]
    section = SPEC[code].section.split(";")[0]
    words = section.rsplit(" ", 1)
    assert words[0] in head and words[1] in head, (head, section)
    assert quotes(policy), f"{code} Policy section quotes no passage"
    # The Fix section agrees with the applicability.
    fix = rule.docs()["Fix"].lower()
    if rule.applicability is SAFE:
        assert fix.startswith("safe"), fix
    elif rule.applicability is UNSAFE:
        assert fix.startswith("unsafe"), fix
    else:
        assert fix.startswith("none"), fix


# -- the quoted passages really occur in the policy ---------------------------------

_QUOTE_CHARS = dict.fromkeys(map(ord, "\"“”'‘’*`"), None)


def normalise(text: str) -> str:
    """Lower case, no quote marks or markdown emphasis, one space between words."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_CHARS)
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.lower().split())


def quotes(section: str) -> list[str]:
    """The double-quoted passages of a docs section (inner single quotes kept)."""
    flat = " ".join(section.split())
    return [m.group(1) for m in re.finditer(r"\"([^\"]{12,})\"", flat)]


def fragments(passage: str) -> list[str]:
    """A quote may elide with "…" or "..."; each piece must occur on its own."""
    out = []
    for piece in re.split(r"…|\.\.\.", passage):
        piece = normalise(piece).strip(" .,;:")
        if len(piece.split()) >= 3:
            out.append(piece)
    return out


def policy_text() -> str:
    found = sorted(SHARED_POLICY.glob("BP1114-*.txt")) if SHARED_POLICY.is_dir() else []
    if not found:
        pytest.skip("the BP 1114 policy text is not beside the repo (../shared/policy)")
    return normalise(found[0].read_text("utf-8"))


MISQUOTED: dict[str, str] = {}


@pytest.mark.parametrize(
    "code",
    [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=MISQUOTED[c])) if c in MISQUOTED else c for c in SPEC],
)
def test_policy_quotes_occur_in_the_policy_text(code: str) -> None:
    text = policy_text()
    passages = quotes(RULES[code].docs()["Policy"])
    assert passages
    for passage in passages:
        pieces = fragments(passage)
        assert pieces, passage
        for piece in pieces:
            assert piece in text, f"{code} quotes {piece!r}, which is not in BP 1114"


def test_notice_in_policy_pack_is_the_policy_notice() -> None:
    """EM501's notice (the policy pack's) is Email Protocol E's text, word for word."""
    notice = default_policy().notice_text
    assert notice.startswith("CONFIDENTIALITY NOTICE:") and notice.endswith("Thank you.")
    try:
        text = policy_text()
    except pytest.skip.Exception:
        # Without the policy file, at least check the pack's notice is one paragraph of the known length.
        assert 80 <= len(notice.split()) <= 100
        return
    assert normalise(notice).rstrip(".") in text


def test_quote_helpers_catch_a_misquote() -> None:
    """The checks above would notice an invented or altered passage."""
    text = policy_text()
    assert all(p in text for p in fragments("Keep messages brief and to the point."))
    assert not all(p in text for p in fragments("Keep messages short and to the point."))
    assert all(p in text for p in fragments("“Threats are taken seriously … formal threat assessments.”"))
