"""The shared case table (tests/data/addin_cases.json) against the Python rules,
and the add-in's generated policy files against the policy pack.

tests/addin/js/cases.test.mjs runs the same table against ui/addin/checks.js
(the checks inside the Outlook event handler): the two must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.addin import policy_js
from assistant.core.check import check
from assistant.core.model import Draft
from assistant.policy import Policy

REPO = Path(__file__).resolve().parents[2]
TABLE = json.loads((REPO / "tests" / "data" / "addin_cases.json").read_text("utf-8"))
POLICY = policy_js.district_policy()


def send_critical(hints) -> list[str]:
    """The codes the event handler checks itself; CF101 only as an error (outside the District)."""
    return sorted({h.code for h in hints if h.code in policy_js.SEND_CRITICAL and (h.code != "CF101" or h.severity.value == "error")})


def test_the_table_names_the_send_critical_codes():
    assert sorted(TABLE["codes"]) == sorted(policy_js.SEND_CRITICAL)
    assert len({c["name"] for c in TABLE["cases"]}) == len(TABLE["cases"]) >= 30
    # Every code is expected somewhere, and so is a clean draft.
    expected = {code for c in TABLE["cases"] for code in c["expect"]}
    assert expected == set(policy_js.SEND_CRITICAL)
    assert any(c["expect"] == [] for c in TABLE["cases"])


@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["name"] for c in TABLE["cases"]])
def test_case_against_the_python_rules(case):
    notice = " ".join(POLICY.notice_text.split())
    draft = Draft.from_json(json.loads(json.dumps(case["draft"]).replace("{NOTICE}", notice)))
    # service_only: codes the companion's rules add that the on-device checks do not have.
    assert send_critical(check(draft, POLICY)) == sorted({*case["expect"], *case.get("service_only", ())})


def test_generated_files_are_up_to_date():
    stale = policy_js.stale(POLICY)
    assert not stale, f"run: python -m assistant.addin.policy_js ({', '.join(p.name for p in stale)})"


def test_generated_data_follows_the_policy_pack(tmp_path):
    data = policy_js.policy_data(POLICY)
    assert data["notice"]["words"] == list(POLICY.notice_words)
    assert data["thresholds"]["bcc_min_recipients"] == POLICY.threshold("bcc_min_recipients")
    assert "CAASPP" in data["acronyms"] and data["domains"] == ["mdusd.org"]
    cats = {c["key"]: c for c in data["records"]["categories"]}
    assert {"grades", "attendance", "health", "personnel"} <= set(cats) and "your son" in data["records"]["person"]
    assert cats["ids"]["needs_person"] is False and "ssn" in cats["ids"]["triggers"]
    # The header words of record tables, lower case (the Python rule matches them whole, ignoring case).
    headers = data["records"]["table"]["headers"]
    assert {"grade", "absences", "reading level", "calificación"} <= set(headers) and headers == sorted(headers)
    # An admin pack with another threshold and domain gives other files, and a stale check notices.
    changed = json.loads(json.dumps(POLICY.data))
    changed["thresholds"]["bcc_min_recipients"] = 25
    changed["district"]["domains"] = ["mdusd.org", "mdusd.k12.ca.us"]
    other = Policy(changed)
    for name in policy_js.BUNDLE_PARTS:
        (tmp_path / name).write_text((policy_js.UI_ADDIN / name).read_text("utf-8"), "utf-8")
    assert policy_js.write(POLICY, tmp_path) and not policy_js.stale(POLICY, tmp_path)
    assert set(policy_js.stale(other, tmp_path)) == {tmp_path / policy_js.POLICY_FILE, tmp_path / policy_js.BUNDLE_FILE}
    policy_js.write(other, tmp_path)
    text = (tmp_path / policy_js.BUNDLE_FILE).read_text("utf-8")
    assert '"bcc_min_recipients": 25' in text and "mdusd.k12.ca.us" in text


def test_the_generator_command_checks_and_refuses_a_bad_policy(tmp_path, capsys):
    assert policy_js.main(["--check"]) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[thresholds]\nnot_a_key = 1\n")
    assert policy_js.main(["--check", "--policy", str(bad)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not_a_key" in err and len(err.strip().splitlines()) == 1


def test_local_hints_carry_the_rules_names_and_citations():
    import re

    from assistant.rules import get_rule

    js = (policy_js.UI_ADDIN / "checks.js").read_text("utf-8")
    rows = re.findall(r'^\s+(EM\d{3}|CF\d{3}): \["([^"]+)", "([^"]+)"\],$', js, re.M)
    table = {code: (name, citation) for code, name, citation in rows}
    assert sorted(table) == sorted(policy_js.SEND_CRITICAL)
    for code, (name, citation) in table.items():
        rule = get_rule(code)
        assert (name, json.loads(f'"{citation}"')) == (rule.name, rule.citation), code


@pytest.mark.parametrize(
    "python, js",
    [
        (r"\bis failing\b", r"\b[iI][sS] [fF][aA][iI][lL][iI][nN][gG]\b"),
        # Case matters only inside (?-i:...): letter grades stay capitals.
        (r"\ban?\s+(?-i:[A-DF][+-]?)\s+in\b", r"\b[aA][nN]?\s+(?:[A-DF][+-]?)\s+[iI][nN]\b"),
        (r"n[úu]mero [a-c]", r"[nN][úÚuU][mM][eE][rR][oO] [a-cA-C]"),
        (r"(?=\s)\d{2,}(?!x)", r"(?=\s)\d{2,}(?![xX])"),
    ],
)
def test_record_patterns_become_javascript_with_the_same_case_rules(python, js):
    assert policy_js.js_pattern(python) == js


@pytest.mark.parametrize("python", [r"(?<!\w)grade", r"(?P<g>a)", r"\Aabc", r"(a)\1", r"(?i)abc"])
def test_python_only_syntax_fails_the_build(python):
    with pytest.raises(policy_js.PatternError):
        policy_js.js_pattern(python)
