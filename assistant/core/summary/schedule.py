"""When the weekly summary runs, and the files that ask the operating system to run it.

Pure: the setting is parsed and the systemd user units, the Task Scheduler task
(XML) and the launchd agent (plist) are produced as text; the app layer writes
them. Default: Monday 07:00 local time.
"""

from __future__ import annotations

import plistlib
import re
import shlex
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Mapping, Sequence
from xml.sax.saxutils import escape

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNIT = "mail-assistant-summary"
TASK_NAME = r"\MailAssistant\WeeklySummary"
AGENT_LABEL = "org.mdusd.mail-assistant.summary"
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class Schedule:
    day: int = 0  # 0 = Monday
    at: time = time(7, 0)
    enabled: bool = True

    @classmethod
    def from_settings(cls, data: Mapping[str, Any] | None) -> "Schedule":
        """The settings file's ``summary.schedule``: ``{"day": "monday", "time": "07:00", "enabled": true}``."""
        data = data or {}
        if not isinstance(data, Mapping):
            raise ScheduleError("summary.schedule must be an object with day, time and enabled")
        day = str(data.get("day", "monday")).strip().lower()
        if day not in DAYS:
            raise ScheduleError(f"summary.schedule.day must be one of {', '.join(DAYS)}, not {day!r}")
        m = _TIME.match(str(data.get("time", "07:00")).strip())
        if not m:
            raise ScheduleError(f"summary.schedule.time must be HH:MM (24 h), not {data.get('time')!r}")
        enabled = data.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ScheduleError("summary.schedule.enabled must be true or false")
        return cls(DAYS.index(day), time(int(m.group(1)), int(m.group(2))), enabled)

    def next_run(self, now: datetime) -> datetime:
        """The first scheduled moment strictly after ``now`` (local, aware)."""
        days = (self.day - now.weekday()) % 7
        candidate = datetime.combine(now.date() + timedelta(days=days), self.at, tzinfo=now.tzinfo)
        return candidate if candidate > now else candidate + timedelta(days=7)

    def due(self, last_run: datetime | None, now: datetime) -> bool:
        """Whether a run was scheduled after ``last_run`` and by ``now`` (a missed run is made up once)."""
        if not self.enabled:
            return False
        if last_run is None:
            return self.next_run(now - timedelta(days=7)) <= now
        return self.next_run(last_run) <= now


def systemd_units(command: Sequence[str], schedule: Schedule) -> dict[str, str]:
    """``{"mail-assistant-summary.service": ..., "mail-assistant-summary.timer": ...}`` (user units)."""
    day = DAYS[schedule.day][:3].capitalize()
    service = (
        "[Unit]\nDescription=Mail Assistant weekly inbox summary (BP 1114)\n"
        "After=network-online.target\n\n"
        "[Service]\nType=oneshot\n"
        f"ExecStart={' '.join(_systemd_quote(a) for a in command)}\n"
    )
    timer = (
        "[Unit]\nDescription=Run the Mail Assistant weekly summary\n\n"
        f"[Timer]\nOnCalendar={day} *-*-* {schedule.at:%H:%M}:00\nPersistent=true\n"
        f"Unit={UNIT}.service\n\n[Install]\nWantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def _systemd_quote(arg: str) -> str:
    # systemd splits ExecStart like a shell (quotes, backslashes); % starts a specifier.
    return shlex.quote(arg).replace("%", "%%")


def schtasks_xml(command: Sequence[str], schedule: Schedule, start: datetime) -> str:
    """A Task Scheduler task (``schtasks /Create /XML``): weekly, for the user only, when logged on."""
    program, args = command[0], " ".join(_win_quote(a) for a in command[1:])
    day = DAYS[schedule.day].capitalize()
    boundary = datetime.combine(start.date(), schedule.at).strftime("%Y-%m-%dT%H:%M:%S")
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
        "  <RegistrationInfo><Description>Mail Assistant weekly inbox summary (BP 1114)</Description>"
        "</RegistrationInfo>\n"
        "  <Triggers><CalendarTrigger>"
        f"<StartBoundary>{boundary}</StartBoundary><Enabled>true</Enabled>"
        f"<ScheduleByWeek><DaysOfWeek><{day} /></DaysOfWeek><WeeksInterval>1</WeeksInterval></ScheduleByWeek>"
        "</CalendarTrigger></Triggers>\n"
        "  <Principals><Principal id=\"Author\"><LogonType>InteractiveToken</LogonType>"
        "<RunLevel>LeastPrivilege</RunLevel></Principal></Principals>\n"
        "  <Settings><StartWhenAvailable>true</StartWhenAvailable>"
        "<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>"
        "<ExecutionTimeLimit>PT1H</ExecutionTimeLimit><MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>"
        "<Enabled>true</Enabled></Settings>\n"
        f"  <Actions Context=\"Author\"><Exec><Command>{escape(program)}</Command>"
        f"<Arguments>{escape(args)}</Arguments></Exec></Actions>\n"
        "</Task>\n"
    )


def _win_quote(arg: str) -> str:
    return f'"{arg}"' if (not arg or any(c in arg for c in ' \t"')) else arg


def launchd_plist(command: Sequence[str], schedule: Schedule) -> bytes:
    """A launchd user agent: ``StartCalendarInterval`` Weekday (0/7 = Sunday), Hour, Minute."""
    return plistlib.dumps({
        "Label": AGENT_LABEL,
        "ProgramArguments": list(command),
        "StartCalendarInterval": {"Weekday": (schedule.day + 1) % 7, "Hour": schedule.at.hour,
                                  "Minute": schedule.at.minute},
        "RunAtLoad": False,
        "ProcessType": "Background",
    })
