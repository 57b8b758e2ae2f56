"""`mail-assistant summary` as a user runs it, and the schedule files it installs."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.app.context import AppContext
from assistant.app.summary_schedule import SummaryScheduler, install_schedule, remove_schedule

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "summary", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=240, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_demo_summary_as_json_text_and_html_file(tmp_path):
    out = run_cli("--demo", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"week", "sent", "inbox", "mailbox", "trend", "actions"}
    assert set(data["sent"]) >= {"messages", "by_rule", "examples"}
    assert set(data["inbox"]) >= {"unread", "awaiting_reply", "cc_only", "bulk_senders", "received_chain",
                                  "received_personal"}
    assert set(data["mailbox"]) >= {"size_bytes", "quota_bytes", "folders", "largest", "old_drafts"}
    # every section has something in the demo week
    assert data["sent"]["messages"] == 6 and data["sent"]["by_rule"] and len(data["sent"]["examples"]) == 3
    assert data["inbox"]["bulk_senders"] and data["inbox"]["cc_only"] and data["inbox"]["received_chain"]
    assert data["inbox"]["received_personal"] and data["inbox"]["awaiting_reply"]["count"]
    assert data["mailbox"]["old_drafts"]["count"] == 1 and data["mailbox"]["largest"] and data["actions"]
    report = tmp_path / "report.html"
    out = run_cli("--demo", "--format", "html", "-o", str(report))
    assert out.returncode == 0 and out.stdout == "" and report.read_text("utf-8").startswith("<!DOCTYPE html>")
    text = run_cli("--demo")
    assert text.returncode == 0 and text.stdout.startswith(f"Weekly mail summary {data['week']}")
    assert "Suggested actions\n  1. " in text.stdout


@pytest.mark.parametrize("args, message", [
    (["--week", "2026-48"], "error: week '2026-48' is not in the form YYYY-Www, e.g. 2026-W05\n"),
    (["--week", "2099-W01", "--demo"], "error: week 2099-W01 has not started yet\n"),
    (["--install-schedule", "--remove-schedule"],
     "error: --install-schedule and --remove-schedule cannot be used together\n"),
])
def test_bad_input_is_one_line_and_exit_3(args, message):
    out = run_cli(*args)
    assert (out.returncode, out.stderr, out.stdout) == (3, message, "")


def test_no_account_is_a_config_error(tmp_path):
    out = run_cli(env={"MAIL_ASSISTANT_HOME": str(tmp_path)})
    assert out.returncode == 3 and out.stderr.startswith("error: ") and out.stderr.count("\n") == 1


def test_systemd_timer_written_verified_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (Path(os.environ["MAIL_ASSISTANT_HOME"]) / "config.json").write_text(
        json.dumps({"summary": {"schedule": {"day": "tuesday", "time": "06:45"}}}))
    with AppContext() as ctx:
        done = install_schedule(ctx, "linux", register=False)
    units = tmp_path / "xdg" / "systemd" / "user"
    assert sorted(p.name for p in done.files) == ["mail-assistant-summary.service", "mail-assistant-summary.timer"]
    timer = (units / "mail-assistant-summary.timer").read_text()
    assert "OnCalendar=Tue *-*-* 06:45:00" in timer and "Persistent=true" in timer
    service = (units / "mail-assistant-summary.service").read_text()
    assert f"ExecStart={sys.executable} -m assistant summary --send-to-self" in service
    analyze = shutil.which("systemd-analyze")
    if analyze:  # systemd's own parser: unknown keys, bad OnCalendar or a missing ExecStart binary fail
        runtime = tmp_path / "run"
        runtime.mkdir(mode=0o700)
        check = subprocess.run([analyze, "verify", "--user", str(units / "mail-assistant-summary.timer"),
                                str(units / "mail-assistant-summary.service")], capture_output=True, text=True,
                               env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
                                    "XDG_RUNTIME_DIR": str(runtime)})
        problems = [line for line in (check.stderr + check.stdout).splitlines()
                    if "mail-assistant-summary" in line]
        assert check.returncode == 0 and not problems, check.stderr
        cal = subprocess.run([analyze, "calendar", "Tue *-*-* 06:45:00"], capture_output=True, text=True)
        assert cal.returncode == 0 and "Normalized form: Tue *-*-* 06:45:00" in cal.stdout
    removed = remove_schedule("linux", register=False)
    assert removed.removed and not any(units.iterdir())
    assert not remove_schedule("linux", register=False).removed  # nothing left: fine


def test_windows_task_and_macos_agent_files(tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    monkeypatch.setenv("HOME", str(tmp_path))
    calls = []
    with AppContext() as ctx:
        win = install_schedule(ctx, "win32", register=False)
        mac = install_schedule(ctx, "darwin", register=True,
                               run=lambda cmd: calls.append(cmd) or subprocess.CompletedProcess(cmd, 0, "", ""))
    raw = win.files[0].read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16 (LE with BOM), as schtasks /XML expects
    task = ET.fromstring(raw.decode("utf-16").split("\n", 1)[1])
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    assert task.find(".//t:ScheduleByWeek/t:DaysOfWeek/t:Monday", ns) is not None
    assert task.find(".//t:StartBoundary", ns).text.endswith("T07:00:00")
    assert task.find(".//t:Exec/t:Command", ns).text == sys.executable
    plist = plistlib.loads(mac.files[0].read_bytes())
    assert mac.files[0] == tmp_path / "Library" / "LaunchAgents" / "org.mdusd.mail-assistant.summary.plist"
    assert plist["StartCalendarInterval"] == {"Weekday": 1, "Hour": 7, "Minute": 0}
    assert plist["ProgramArguments"][-2:] == ["summary", "--send-to-self"]
    if shutil.which("launchctl"):
        assert calls and calls[0][:2] == ["launchctl", "load"]
    else:
        assert not calls and "launchctl not found" in mac.registered
    assert remove_schedule("darwin", register=False).removed and not mac.files[0].exists()


def test_the_companion_runs_a_missed_weekly_summary_once(ctx, week_emulator):
    from datetime import datetime, timedelta

    now = datetime.now().astimezone()
    runs = []
    scheduler = SummaryScheduler(ctx, job=lambda: runs.append(1), clock=lambda: now)
    assert scheduler.tick() and runs == [1]  # never ran: last Monday's run is made up
    assert not scheduler.tick() and runs == [1]  # not again until next Monday 07:00
    later = SummaryScheduler(ctx, job=lambda: runs.append(2), clock=lambda: now + timedelta(days=8))
    assert later.tick() and runs == [1, 2]


def test_a_retention_age_from_the_policy_pack_counts_older_items(tmp_path):
    import json
    import os
    import subprocess
    import sys

    policy = tmp_path / "district.toml"
    policy.write_text("[summary]\nretention_days = 7\n")

    def mailbox(*extra: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "assistant", "summary", "--demo", "--format", "json", *extra],
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "MAIL_ASSISTANT_HOME": str(tmp_path / "home")})
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["mailbox"]

    with_age = mailbox("--policy", str(policy))
    assert with_age["retention_days"] == 7 and with_age["older_than_retention"] > 0
    default = mailbox()
    assert default["retention_days"] is None and default["older_than_retention"] is None
