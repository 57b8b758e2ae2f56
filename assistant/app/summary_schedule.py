"""Use cases: install or remove the weekly summary's schedule, and the companion's own timer.

``install_schedule`` writes a systemd user timer (Linux), a Task Scheduler task
(Windows, registered with ``schtasks``) or a launchd agent (macOS) that runs
``mail-assistant summary --send-to-self``; the day and time come from the settings
file (``summary.schedule``, default Monday 07:00 local). ``SummaryScheduler`` is the
same schedule inside the running companion.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind
from assistant.core.summary.schedule import (
    AGENT_LABEL, TASK_NAME, UNIT, Schedule, ScheduleError, launchd_plist, schtasks_xml, systemd_units,
)

log = logging.getLogger(__name__)
Runner = Callable[[list[str]], "subprocess.CompletedProcess[str]"]


def schedule_of(ctx: AppContext) -> Schedule:
    try:
        return Schedule.from_settings((ctx.config().get("summary") or {}).get("schedule"))
    except ScheduleError as exc:
        raise AppError(Kind.CONFIG, str(exc)) from None


def summary_command() -> list[str]:
    return [sys.executable, "-m", "assistant", "summary", "--send-to-self"]


@dataclass
class Installed:
    platform: str
    files: list[Path]
    registered: str = ""  # what the OS tool said, or why it was not run
    removed: bool = False
    notes: list[str] = field(default_factory=list)


def _run(cmd: list[str]) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def _systemd_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _launchd_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"


def _tool(name: str, cmd: list[str], run: Runner) -> str:
    if shutil.which(name) is None:
        return f"{name} not found: the file is written, register it yourself"
    done = run(cmd)
    return "ok" if done.returncode == 0 else f"{' '.join(cmd[:3])} failed: {(done.stderr or done.stdout).strip()}"


def install_schedule(ctx: AppContext, platform: str | None = None, *, register: bool = True,
                     run: Runner = _run, now: datetime | None = None) -> Installed:
    """Write (and with ``register`` enable) the OS schedule for this user."""
    from assistant.config import config_dir

    schedule = schedule_of(ctx)
    command = summary_command()
    platform = platform or sys.platform
    if platform.startswith("linux"):
        folder = _systemd_dir()
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for name, text in systemd_units(command, schedule).items():
            (folder / name).write_text(text, "utf-8")
            files.append(folder / name)
        result = Installed("systemd", files)
        if register:
            result.registered = _tool("systemctl", ["systemctl", "--user", "daemon-reload"], run)
            if result.registered == "ok":
                result.registered = _tool("systemctl", ["systemctl", "--user", "enable", "--now",
                                                        f"{UNIT}.timer"], run)
        return result
    if platform.startswith("win"):
        path = config_dir() / "weekly-summary-task.xml"
        path.write_text(schtasks_xml(command, schedule, now or datetime.now()), encoding="utf-16")
        result = Installed("schtasks", [path])
        if register:
            result.registered = _tool("schtasks", ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(path),
                                                   "/F"], run)
        return result
    if platform == "darwin":
        path = _launchd_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(launchd_plist(command, schedule))
        result = Installed("launchd", [path])
        if register:
            result.registered = _tool("launchctl", ["launchctl", "load", "-w", str(path)], run)
        return result
    raise AppError(Kind.NOT_AVAILABLE, f"no scheduler known for platform {platform!r}")


def remove_schedule(platform: str | None = None, *, register: bool = True, run: Runner = _run) -> Installed:
    """Undo ``install_schedule``; removing what is not there is fine."""
    from assistant.config import config_dir

    platform = platform or sys.platform
    if platform.startswith("linux"):
        files = [_systemd_dir() / f"{UNIT}.timer", _systemd_dir() / f"{UNIT}.service"]
        result = Installed("systemd", files)
        if register and files[0].exists():
            result.registered = _tool("systemctl", ["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"], run)
    elif platform.startswith("win"):
        files = [config_dir() / "weekly-summary-task.xml"]
        result = Installed("schtasks", files)
        if register:
            result.registered = _tool("schtasks", ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"], run)
    elif platform == "darwin":
        files = [_launchd_path()]
        result = Installed("launchd", files)
        if register and files[0].exists():
            result.registered = _tool("launchctl", ["launchctl", "unload", "-w", str(files[0])], run)
    else:
        raise AppError(Kind.NOT_AVAILABLE, f"no scheduler known for platform {platform!r}")
    for f in files:
        if f.exists():
            f.unlink()
            result.removed = True
    return result


class SummaryScheduler:
    """The companion's weekly run: a daemon thread that wakes at the scheduled time (and
    once at start-up for a run missed while the companion was closed), runs the summary
    and saves it to the Inbox. The last run's time is kept in the settings folder."""

    def __init__(self, ctx: AppContext, job: Callable[[], Any] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> None:
        self.ctx, self.clock = ctx, clock
        self.job = job or (lambda: _weekly_job(ctx))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _stamp(self) -> Path:
        from assistant.config import config_dir

        return config_dir() / "summary" / "last-run"

    def last_run(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self._stamp().read_text("utf-8").strip())
        except (OSError, ValueError):
            return None

    def tick(self) -> bool:
        """Run if due; returns whether it ran."""
        schedule = schedule_of(self.ctx)
        now = self.clock()
        if not schedule.due(self.last_run(), now):
            return False
        try:
            self.job()
        except AppError as exc:
            log.warning("weekly summary failed: %s", exc.message)
            return False
        path = self._stamp()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(now.isoformat(), "utf-8")
        return True

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.tick()
                    wait = (schedule_of(self.ctx).next_run(self.clock()) - self.clock()).total_seconds()
                except AppError as exc:
                    log.warning("weekly summary schedule: %s", exc.message)
                    wait = 3600
                self._stop.wait(min(max(wait, 1), 3600))  # re-read the setting at least hourly

        self._thread = threading.Thread(target=loop, name="weekly-summary", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _weekly_job(ctx: AppContext) -> None:
    from assistant.app.summary import run_summary

    run_summary(ctx, send_to_self=True)
