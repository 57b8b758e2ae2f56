"""ISO weeks and working days: which week a report covers and what counts as "old".

Pure date arithmetic. A week is ``YYYY-Www`` (ISO 8601); its bounds are Monday 00:00
to the next Monday 00:00 in the user's local time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.I)


class WeekError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Week:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Week":
        """``2026-W48`` (or ``2026W48``); anything else is a WeekError naming the format."""
        m = _WEEK.match(text.strip())
        if not m:
            raise WeekError(f"week {text!r} is not in the form YYYY-Www, e.g. 2026-W05")
        year, number = int(m.group(1)), int(m.group(2))
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise WeekError(f"{year} has no ISO week {number}") from None
        return cls(year, number)

    @classmethod
    def of(cls, day: date) -> "Week":
        iso = day.isocalendar()
        return cls(iso[0], iso[1])

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[Monday 00:00, next Monday 00:00) in ``tz``."""
        start = datetime.combine(self.monday, time(0), tzinfo=tz)
        end = datetime.combine(self.monday + timedelta(days=7), time(0), tzinfo=tz)
        return start, end

    def shift(self, weeks: int) -> "Week":
        return Week.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"


def last_complete_week(now: datetime) -> Week:
    """The most recent Monday-to-Sunday week that has ended at ``now`` (local time)."""
    return Week.of(now.date()).shift(-1)


def trend_weeks(week: Week, count: int = 5) -> list[Week]:
    """``count`` weeks ending with ``week``, oldest first (the 4-week trend plus this one)."""
    return [week.shift(-i) for i in range(count - 1, -1, -1)]


def working_days_before(moment: datetime, days: int) -> datetime:
    """``moment`` moved back by ``days`` working days (Saturday and Sunday skipped).

    From a weekend the count starts at the Friday before's end, so "two working
    days before Sunday" is Thursday 00:00."""
    cursor = moment
    if cursor.weekday() >= 5:  # a weekend moment counts from the end of Friday
        cursor = datetime.combine(cursor.date() - timedelta(days=cursor.weekday() - 5), time(0),
                                  tzinfo=cursor.tzinfo)
    left = days
    while left > 0:
        cursor -= timedelta(days=1)
        if cursor.weekday() < 5:
            left -= 1
    return cursor
