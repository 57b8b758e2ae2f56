"""The admin policy reaches every use case: `check`, `fix`, `drafts` and the API,
through `--policy FILE` and through $MAIL_ASSISTANT_POLICY (issue 9)."""

from __future__ import annotations

import json
import os
import re
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from assistant.app.context import AppContext
from assistant.cli import cli
from assistant.core.check import check
from assistant.mail.drafts import with_group_sizes
from assistant.policy import ENV_VAR, load_policy

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "teacher-to-parents.eml"
TOKEN = "p" * 43
CUSTOM_NOTICE = "District test notice: this message is for its addressees only and was checked."


@pytest.fixture
def one_word(tmp_path: Path) -> Path:
    """A policy under which every message longer than one word is over the limit (EM601)."""
    p = tmp_path / "one-word.toml"
    p.write_text("[thresholds]\nmax_words = 1\n", "utf-8")
    return p


@pytest.fixture
def custom_notice(tmp_path: Path) -> Path:
    p = tmp_path / "notice.toml"
    p.write_text(f'[notice]\ntext = "{CUSTOM_NOTICE}"\n', "utf-8")
    return p


@pytest.fixture(params=["flag", "env"])
def how(request, monkeypatch):
    """``how(path)`` -> the extra CLI arguments that select the policy file, either
    ``--policy FILE`` or nothing with $MAIL_ASSISTANT_POLICY set."""
    monkeypatch.delenv(ENV_VAR, raising=False)

    def select(path: Path) -> list[str]:
        if request.param == "flag":
            return ["--policy", str(path)]
        monkeypatch.setenv(ENV_VAR, str(path))
        return []

    return select


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_honours_the_policy(one_word, how, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert "EM601" not in invoke("check", str(EXAMPLE)).output
    r = invoke("check", *how(one_word), str(EXAMPLE))
    assert "EM601" in r.output, r.output


def test_fix_inserts_the_policys_notice(custom_notice, how, tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("Hello families,\n\nThe field trip is on Friday.\n", "utf-8")
    r = invoke("fix", *how(custom_notice), str(f))
    assert r.exit_code == 0, r.output
    assert CUSTOM_NOTICE in f.read_text("utf-8")
    assert "CONFIDENTIALITY NOTICE" not in f.read_text("utf-8")


def test_drafts_demo_checks_with_the_policy(one_word, how):
    """Every listed draft has exactly the codes `check` gives it under the policy
    (distribution lists counted by their members), so EM601 appears where it should."""
    from emulators.ews import start_emulator

    policy = load_policy(one_word)
    with start_emulator(seed="demo", port=0) as handle:
        backend = handle.backend()
        try:
            expected = {d.subject: sorted({h.code for h in check(d, policy)})
                        for d in with_group_sizes(backend, backend.list_drafts())}
        finally:
            backend.close()
    r = invoke("drafts", "--demo", "--format", "json", *how(one_word))
    assert r.exit_code == 0, r.output
    listed = {row["subject"]: row["codes"] for row in json.loads(r.output)}
    assert listed == expected
    assert sum("EM601" in codes for codes in listed.values()) >= 5


def _client(ctx: AppContext):
    from starlette.testclient import TestClient

    from assistant.server.app import Settings, create_app

    app = create_app(Settings(port=8431, token=TOKEN, companion=ctx))
    return TestClient(app, base_url="https://127.0.0.1:8431", headers={"Authorization": f"Bearer {TOKEN}"})


def test_api_context_reads_the_policy_from_the_flag_or_the_environment(one_word, monkeypatch):
    draft = {"subject": "Field trip permission slips", "to": ["a@mdusd.org"], "text": "Hello families, see you Friday."}
    monkeypatch.delenv(ENV_VAR, raising=False)
    with _client(AppContext.create()) as c:
        assert "EM601" not in {h["code"] for h in c.post("/api/check", json={"draft": draft}).json()["hints"]}
    with _client(AppContext.create(str(one_word))) as c:
        assert "EM601" in {h["code"] for h in c.post("/api/check", json={"draft": draft}).json()["hints"]}
    monkeypatch.setenv(ENV_VAR, str(one_word))
    with _client(AppContext.create()) as c:
        assert "EM601" in {h["code"] for h in c.post("/api/check", json={"draft": draft}).json()["hints"]}


def test_a_bad_policy_is_a_clear_error_for_every_command(tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text("[thresholds]\nmax_wrods = 3\n", "utf-8")
    monkeypatch.setenv(ENV_VAR, str(bad))
    for args in (["check", str(EXAMPLE)], ["fix", "--dry-run", str(EXAMPLE)], ["drafts", "--demo"]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 3, (args, r.output)
        assert "thresholds.max_wrods" in r.output and "Traceback" not in r.output


# -- the real server, as a user starts it -------------------------------------------------


def _serve(args: list[str], home: Path, env_policy: Path | None):
    env = {**os.environ, "MAIL_ASSISTANT_HOME": str(home), "PYTHONPATH": str(REPO)}
    env.pop(ENV_VAR, None)
    if env_policy is not None:
        env[ENV_VAR] = str(env_policy)
    return subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--demo", "--port", "0",
                             "--exit-after", "120", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("via", ["flag", "env"])
def test_serve_applies_the_policy_to_check_and_drafts(one_word, tmp_path, via):
    proc = _serve(["--policy", str(one_word)] if via == "flag" else [], tmp_path, one_word if via == "env" else None)
    try:
        for line in proc.stdout:
            m = re.match(r"Open: (https://127\.0\.0\.1:\d+/)#token=(\S+)", line)
            if m:
                break
        else:
            pytest.fail(f"no 'Open:' line; stderr: {proc.stderr.read()[-3000:]}")
        url, token = m.groups()
        ctx = ssl.create_default_context(cafile=str(tmp_path / "tls" / "ca.pem"))
        with httpx.Client(verify=ctx, timeout=60, headers={"Authorization": f"Bearer {token}"}) as c:
            hints = c.post(url + "api/check", json={"draft": {"text": "Hello families, see you Friday."}}).json()["hints"]
            assert "EM601" in {h["code"] for h in hints}
            listed = c.get(url + "api/drafts").json()["drafts"]
            assert sum("EM601" in d["codes"] for d in listed) >= 5
            assert c.get(url + "api/config").json()["policy"]["source"] == str(one_word)
    finally:
        proc.terminate()
        proc.wait(30)
