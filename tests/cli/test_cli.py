"""`mail-assistant check` and `mail-assistant rules` through click's CliRunner.

Exit status of `check`: 0 no problems (or info only), 1 warnings, 2 errors,
3 a file could not be read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assistant.cli import cli
from assistant.rules import RULES
from assistant.rules.base import DOC_SECTIONS

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from rules.district_mail import FIELD_TRIP, PARENT, PARENTS, text_mail  # noqa: E402

EXAMPLE = REPO / "examples" / "teacher-to-parents.eml"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_json(path: Path, draft) -> Path:
    path.write_text(json.dumps(draft.to_json()), "utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_json(tmp_path / "clean.json", text_mail(FIELD_TRIP, to=(PARENT,)))


@pytest.fixture
def warnings_only(tmp_path: Path) -> Path:
    return write_json(tmp_path / "warn.json", text_mail(FIELD_TRIP, to=(PARENT,), subject="Question"))


@pytest.fixture
def info_only(tmp_path: Path) -> Path:
    long_text = " ".join([FIELD_TRIP.replace("\n", " ")] * 5)  # > 250 words: EM601 (info)
    return write_json(tmp_path / "info.json", text_mail(long_text, to=(PARENT,)))


# -- check: exit status -------------------------------------------------------------------


def test_clean_draft_exits_0(clean: Path) -> None:
    r = run("check", str(clean))
    assert r.exit_code == 0, r.output
    assert "no problems found" in r.output


def test_info_only_exits_0(info_only: Path) -> None:
    r = run("check", str(info_only))
    assert r.exit_code == 0, r.output
    assert "EM601" in r.output


def test_warnings_exit_1(warnings_only: Path) -> None:
    r = run("check", str(warnings_only))
    assert r.exit_code == 1, r.output
    assert "EM101" in r.output and "WARNINGS" in r.output and "ERRORS" not in r.output


def test_errors_exit_2() -> None:
    r = run("check", str(EXAMPLE))
    assert r.exit_code == 2, r.output
    for code in ("EM501", "EM101", "EM401", "EM804"):
        assert code in r.output
    assert "BP 1114, Email Protocol E" in r.output
    assert "fix: notice (safe)" in r.output


def test_several_files_take_the_worst(clean: Path, warnings_only: Path) -> None:
    assert run("check", str(clean), str(warnings_only)).exit_code == 1
    assert run("check", str(clean), str(EXAMPLE), str(warnings_only)).exit_code == 2


def test_only_limits_the_rules() -> None:
    r = run("check", "--only", "em101,EM401", str(EXAMPLE))
    assert r.exit_code == 1  # the errors come from rules not run
    assert "EM101" in r.output and "EM401" in r.output and "EM501" not in r.output


def test_only_with_unknown_code_names_it() -> None:
    r = CliRunner().invoke(cli, ["check", "--only", "EM999", str(EXAMPLE)])
    assert r.exit_code != 0
    assert "EM999" in r.output


# -- check: files that cannot be read ----------------------------------------------------


def test_missing_file_exits_3(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.eml")])
    assert r.exit_code == 3
    assert "no such file" in r.output


def test_binary_file_exits_3(tmp_path: Path) -> None:
    junk = tmp_path / "junk.eml"
    junk.write_bytes(bytes(range(256)) * 20)
    r = CliRunner().invoke(cli, ["check", str(junk)])
    assert r.exit_code == 3
    assert "binary" in r.output


def test_an_unreadable_file_exits_3_even_beside_errors(tmp_path: Path, warnings_only: Path) -> None:
    """Bad input wins over findings in other files (issue 8, item 10), in either order,
    and the readable file is still checked and reported."""
    missing = str(tmp_path / "nope.eml")
    assert CliRunner().invoke(cli, ["check", missing, str(warnings_only)]).exit_code == 3
    for args in ([missing, str(EXAMPLE)], [str(EXAMPLE), missing]):
        r = CliRunner().invoke(cli, ["check", *args])
        assert r.exit_code == 3, r.output
        assert "no such file" in r.output and "EM501" in r.output
    r = CliRunner().invoke(cli, ["check", "--format", "json", str(EXAMPLE), missing])
    assert r.exit_code == 3
    out = json.loads(r.stdout)
    assert out[0]["counts"]["error"] >= 1 and "no such file" in out[1]["error"]


def test_check_help_documents_that_3_wins() -> None:
    r = run("check", "--help")
    assert "3 wins over" in " ".join(r.output.split())


def test_json_error_field_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"subject": "x", "recipients": []}), "utf-8")
    r = CliRunner().invoke(cli, ["check", "--format", "json", str(bad)])
    assert r.exit_code == 3
    out = json.loads(r.stdout)
    assert out[0]["file"] == str(bad) and "recipients" in out[0]["error"]


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv to drop privileges")
def test_permission_denied_exits_3(tmp_path: Path) -> None:
    """A file the user may not read (root reads everything, so run as nobody)."""
    exe = Path(sys.executable).with_name("mail-assistant")
    if not exe.exists():
        pytest.skip("the mail-assistant entry point is not installed in this environment")
    tmp_path.chmod(0o755)
    secret = tmp_path / "secret.eml"
    secret.write_bytes(EXAMPLE.read_bytes())
    secret.chmod(0o000)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "MAIL_ASSISTANT_HOME": str(tmp_path)}
    proc = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(exe), "check", str(secret)],
        capture_output=True, text=True, timeout=60, env=env,
    )
    if "Permission denied" in proc.stderr and str(exe) in proc.stderr:
        pytest.skip("the virtualenv is not readable by an unprivileged user here")
    assert proc.returncode == 3, proc.stderr
    assert "cannot read" in proc.stderr or "Permission denied" in proc.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv to drop privileges")
def test_unreadable_file_beside_errors_exits_3_as_an_unprivileged_user() -> None:
    """A really unreadable file (mode 000, checked as nobody, in a folder nobody can
    reach) next to a draft with errors: 3 wins, and the errors are still reported."""
    import tempfile

    exe = Path(sys.executable).with_name("mail-assistant")
    if not exe.exists():
        pytest.skip("the mail-assistant entry point is not installed in this environment")
    d = Path(tempfile.mkdtemp(prefix="check-nobody-"))
    try:
        d.chmod(0o755)
        secret = d / "secret.eml"
        secret.write_bytes(EXAMPLE.read_bytes())
        secret.chmod(0o000)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(d), "MAIL_ASSISTANT_HOME": str(d / "home")}
        (d / "home").mkdir()
        os.chown(d / "home", 65534, 65534)
        proc = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(exe), "check", str(EXAMPLE), str(secret)],
            capture_output=True, text=True, timeout=120, env=env,
        )
        if "Permission denied" in proc.stderr and str(exe) in proc.stderr:
            pytest.skip("the virtualenv is not readable by an unprivileged user here")
        assert proc.returncode == 3, proc.stderr
        assert f"{secret}: cannot read (Permission denied)" in proc.stderr
        assert "EM501" in proc.stdout and "Traceback" not in proc.stderr
    finally:
        shutil.rmtree(d, ignore_errors=True)


# -- check --format json -----------------------------------------------------------------


def test_json_output_parses_and_has_hints() -> None:
    r = run("check", "--format", "json", str(EXAMPLE))
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert isinstance(out, list) and len(out) == 1
    result = out[0]
    assert result["file"] == str(EXAMPLE)
    assert result["counts"]["error"] >= 1 and result["counts"]["warning"] >= 1
    codes = [h["code"] for h in result["hints"]]
    assert "EM501" in codes and "EM401" in codes
    for h in result["hints"]:
        assert set(h) >= {"code", "name", "severity", "message", "citation", "field", "spans", "excerpts", "fix", "applicability"}
        assert h["severity"] in ("error", "warning", "info")
        assert len(h["spans"]) == len(h["excerpts"])
    # Most severe first.
    ranks = [{"error": 2, "warning": 1, "info": 0}[h["severity"]] for h in result["hints"]]
    assert ranks == sorted(ranks, reverse=True)
    caps = next(h for h in result["hints"] if h["code"] == "EM804" and h["field"] == "body")
    assert "PLEASE RETURN THE SIGNED FIELD TRIP FORMS" in caps["excerpts"][0]


def test_json_output_for_clean_draft(clean: Path) -> None:
    r = run("check", "--format", "json", str(clean))
    assert r.exit_code == 0
    assert json.loads(r.stdout) == [{"file": str(clean), "counts": {"error": 0, "warning": 0, "info": 0}, "hints": []}]


# -- check --policy ----------------------------------------------------------------------


def test_policy_with_unknown_key_names_it(tmp_path: Path) -> None:
    policy = tmp_path / "district.toml"
    policy.write_text("[thresholds]\nmax_wrods = 300\n", "utf-8")
    r = CliRunner().invoke(cli, ["check", "--policy", str(policy), str(EXAMPLE)])
    assert r.exit_code != 0
    assert "unknown key 'thresholds.max_wrods'" in r.output and str(policy) in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize(
    "toml, named",
    [
        ("[thresholds]\nbcc_min_recipients = \"ten\"\n", "thresholds.bcc_min_recipients"),
        ("[district]\ndomains = []\n", "district.domains"),
        ("[notice]\ntext = \"\"\n", "notice.text"),
        ("not = [valid toml", "not valid TOML"),
        ("[thresholds]\nmax_words = -5\n", "thresholds.max_words"),
    ],
)
def test_policy_errors_are_clear(tmp_path: Path, toml: str, named: str) -> None:
    policy = tmp_path / "district.toml"
    policy.write_text(toml, "utf-8")
    r = CliRunner().invoke(cli, ["check", "--policy", str(policy), str(EXAMPLE)])
    assert r.exit_code != 0
    assert named in r.output and "Traceback" not in r.output


def test_policy_threshold_changes_the_result(tmp_path: Path) -> None:
    draft = write_json(tmp_path / "nine.json", text_mail(FIELD_TRIP, to=PARENTS[:9]))
    assert "EM401" not in run("check", str(draft)).output
    policy = tmp_path / "district.toml"
    policy.write_text("[thresholds]\nbcc_min_recipients = 5\n", "utf-8")
    r = run("check", "--policy", str(policy), str(draft))
    assert "EM401" in r.output and r.exit_code == 1


def test_policy_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "district.toml"
    policy.write_text("[thresholds]\nbogus = 1\n", "utf-8")
    monkeypatch.setenv("MAIL_ASSISTANT_POLICY", str(policy))
    r = CliRunner().invoke(cli, ["check", str(EXAMPLE)])
    assert r.exit_code != 0 and "thresholds.bogus" in r.output


# -- rules -----------------------------------------------------------------------------------


def test_rules_lists_every_rule() -> None:
    r = run("rules")
    assert r.exit_code == 0
    # One entry per rule (rich may wrap an entry onto a second line).
    starts = [ln.split()[0] for ln in r.output.splitlines() if ln[:2] in ("EM", "CF", "AX")]
    assert starts == list(RULES)
    for code, rule in RULES.items():
        line = next(ln for ln in r.output.splitlines() if ln.startswith(code))
        assert rule.title in line and rule.severity.value in line
    # Titles, not kebab-case ids.
    assert "Too many people on Cc" in r.output and "cc-overuse" not in r.output


def test_rules_one_code_shows_its_docs() -> None:
    r = run("rules", "EM804")
    assert r.exit_code == 0
    assert r.output.startswith("EM804 Written in ALL CAPS (all-caps, warning)")
    for section in DOC_SECTIONS:
        assert section in r.output
    assert "BP 1114, Email Protocol I" in r.output
    assert "CAPITAL LETTERS" in r.output
    assert run("rules", "em804").output == r.output


def test_rules_unknown_code() -> None:
    r = CliRunner().invoke(cli, ["rules", "EM999"])
    assert r.exit_code != 0 and "EM999" in r.output and "Traceback" not in r.output


def test_rules_json() -> None:
    r = run("rules", "--format", "json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert [x["code"] for x in out] == list(RULES)
    for x in out:
        assert set(x["docs"]) >= set(DOC_SECTIONS)
        assert x["citation"].startswith("BP 1114")
    assert {x["code"]: (x["name"], x["title"]) for x in out}["EM201"] == ("cc-overuse", "Too many people on Cc")
    assert all(x["title"] and x["title"] != x["name"] for x in out)
    one = json.loads(run("rules", "EM501", "--format", "json").stdout)
    assert len(one) == 1 and one[0]["fix"] == "notice" and one[0]["applicability"] == "safe" and one[0]["severity"] == "error"


def test_installed_entry_point_runs() -> None:
    """The console script as a user runs it (a real process, real exit code)."""
    exe = Path(sys.executable).with_name("mail-assistant")
    if not exe.exists():
        pytest.skip("the mail-assistant entry point is not installed in this environment")
    proc = subprocess.run([str(exe), "check", "--format", "json", str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert json.loads(proc.stdout)[0]["counts"]["error"] >= 1
