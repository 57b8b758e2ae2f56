"""The pure parts: ISO weeks, working days, facts, aggregation, actions, renderings, schedule."""

from __future__ import annotations

import plistlib
import xml.etree.ElementTree as ET
from datetime import datetime, time, timedelta, timezone

import lxml.html
import pytest

from assistant.core.summary import Details, Folder, ItemFact, Period, Week, WeekError, summarise, to_html, to_text
from assistant.core.summary.facts import (
    ANALYSED, AUTOMATED, BULK, CC_ME, CHAIN, FROM_ME, PERSONAL, TO_ME, addressed, is_automated, is_bulk, key,
    topic_key, unsubscribe_link,
)
from assistant.core.summary.schedule import Schedule, ScheduleError, launchd_plist, schtasks_xml, systemd_units
from assistant.core.summary.weeks import last_complete_week, working_days_before

UTC = timezone.utc
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)  # a Friday; the last complete week is 2026-W48
FOLDERS = [Folder("I", "Inbox", "inbox"), Folder("S", "Sent Items", "sentitems"), Folder("D", "Drafts", "drafts"),
           Folder("A", "Archivo", "")]


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, 23, hour, tzinfo=UTC) + timedelta(days=day)  # day 0 = Monday of W48


# -- weeks ------------------------------------------------------------------------------------
def test_weeks_parse_bounds_and_the_last_complete_week():
    assert str(Week.parse("2026-w05")) == "2026-W05" and Week.parse("2026W05") == Week(2026, 5)
    assert last_complete_week(NOW) == Week(2026, 48)
    assert last_complete_week(datetime(2026, 1, 1, tzinfo=UTC)) == Week(2025, 52)  # across the year
    start, end = Week(2026, 1).bounds(UTC)
    assert (start, end) == (datetime(2025, 12, 29, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=UTC))
    assert Week(2026, 53).shift(1) == Week(2027, 1)
    for bad in ("2026-48", "W48", "2026-W60", "2025-W53"):
        with pytest.raises(WeekError):
            Week.parse(bad)


def test_working_days_skip_the_weekend():
    assert working_days_before(datetime(2026, 12, 2, 15, tzinfo=UTC), 2) == datetime(2026, 11, 30, 15, tzinfo=UTC)
    assert working_days_before(datetime(2026, 11, 30, 9, tzinfo=UTC), 2) == datetime(2026, 11, 26, 9, tzinfo=UTC)
    # From Sunday the count starts at the end of Friday.
    assert working_days_before(datetime(2026, 12, 6, 15, tzinfo=UTC), 2) == datetime(2026, 12, 3, tzinfo=UTC)


# -- facts ------------------------------------------------------------------------------------------
def test_bulk_mail_and_unsubscribe_links():
    assert unsubscribe_link({"List-Unsubscribe": "<mailto:u@x.example>, <https://x.example/u?1>"}, None) \
        == "https://x.example/u?1"
    body = '<p>News</p><a href="https://n.example/unsub?id=7">Unsubscribe</a>'
    assert unsubscribe_link(None, body) == "https://n.example/unsub?id=7"
    assert is_bulk({"Precedence": "bulk"}, "") and is_bulk(None, body) and not is_bulk({}, "<p>Lunch?</p>")
    assert is_automated("no-reply@pbs.example") and is_automated("newsletter@x.example")
    assert not is_automated("nguyenl@mdusd.org")


def test_addressed_by_display_name_keys_and_topics_without_prefixes():
    me = {key("Maria Delgado"), key("delgadom@mdusd.org")}
    assert addressed("Linh Nguyen; Maria Delgado", "", me) == TO_ME
    assert addressed("Rosa Alvarez", "maria delgado", me) == CC_ME
    assert topic_key("RE: FW: Bus schedule") == topic_key("bus schedule") != ""
    assert key(None) == "" and len(key("x")) == 16


# -- aggregation ----------------------------------------------------------------------------------------
def _mailbox() -> list[ItemFact]:
    items = [
        # waiting: to me, 2+ working days old at NOW, no reply
        ItemFact("ask", "I", received=at(0), size=100, is_read=False, flags=TO_ME, sender=key("a@x"),
                 conversation=topic_key("Cover my class"), message=key("<ask>")),
        # answered by in-reply-to
        ItemFact("q", "I", received=at(0, 8), size=100, flags=TO_ME, sender=key("p@x"), message=key("<q>"),
                 conversation=topic_key("Question")),
        ItemFact("r", "S", received=at(0, 9), sent=at(0, 9), size=300, flags=FROM_ME | ANALYSED,
                 in_reply_to=key("<q>"), conversation=topic_key("RE: Question")),
        # answered in the conversation (same topic, later)
        ItemFact("q2", "I", received=at(1), size=100, flags=TO_ME, conversation=topic_key("Supplies")),
        ItemFact("r2", "S", received=at(2), sent=at(2), size=300, flags=FROM_ME | ANALYSED,
                 conversation=topic_key("RE: Supplies"), codes=("EM501", "EM701"), worst=20),
        ItemFact("r3", "S", received=at(3), sent=at(3), size=300, flags=FROM_ME | ANALYSED,
                 codes=("CF101", "EM501"), worst=110),
        # too recent to be waiting (Thursday after NOW's two-working-day cut)
        ItemFact("new", "I", received=NOW - timedelta(hours=3), size=50, is_read=False, flags=TO_ME),
        # newsletters
        *[ItemFact(f"n{i}", "I", received=at(i), size=2000, flags=TO_ME | BULK | ANALYSED | AUTOMATED,
                   sender=key("news@x")) for i in range(3)],
        ItemFact("cc", "I", received=at(2), size=100, flags=CC_ME | ANALYSED),
        ItemFact("chain", "I", received=at(1), size=100, flags=TO_ME | CHAIN | ANALYSED, is_read=False),
        ItemFact("pers", "I", received=at(1), size=100, flags=TO_ME | PERSONAL | ANALYSED, sender=key("f@x"),
                 conversation=topic_key("Party")),
        # last week's mail, a big archived item and an old draft
        ItemFact("old", "I", received=at(-6), size=100, is_read=False, flags=CC_ME),
        ItemFact("big", "A", received=at(-60), size=5_000_000, has_attachments=True),
        ItemFact("d1", "D", modified=NOW - timedelta(days=20), size=700),
        ItemFact("d2", "D", modified=NOW - timedelta(days=2), size=700),
    ]
    return items


def test_summary_counts_each_section():
    details = Details(subjects={"r3": "Notes for Jordan", "ask": "Cover my class"},
                      senders={key("news@x"): ("news@x", "News")}, unsubscribe={key("news@x"): "https://x/u"})
    s = summarise(Period.of(Week(2026, 48), NOW), FOLDERS, _mailbox(), details=details,
                  history={"2026-W47": {"sent_hints": 9}})
    assert s["week"] == "2026-W48"
    assert s["sent"]["messages"] == 3 and s["sent"]["with_hints"] == 2 and s["sent"]["hints"] == 4
    assert s["sent"]["by_rule"] == {"EM501": 2, "CF101": 1, "EM701": 1}
    assert [e["id"] for e in s["sent"]["examples"]] == ["r3", "r2"]  # worst first
    assert s["sent"]["examples"][0]["subject"] == "Notes for Jordan"
    inbox = s["inbox"]
    assert inbox["received"] == 9 and inbox["cc_only"] == 1
    assert inbox["unread"]["count"] == 4 and inbox["unread"]["by_age"] == {"this_week": 1, "1_4_weeks": 3, "older": 0}
    # "pers" is personal mail from a person, still waiting; chain letters and newsletters never are
    assert [i["id"] for i in inbox["awaiting_reply"]["items"]] == ["ask", "pers"]
    assert inbox["awaiting_reply"]["count"] == 2
    assert inbox["bulk_senders"] == [{"sender": "news@x", "name": "News", "count": 3, "unsubscribe": "https://x/u"}]
    assert inbox["received_chain"] == 1 and inbox["received_personal"] == 1
    box = s["mailbox"]
    assert box["size_bytes"] == sum(i.size for i in _mailbox())
    assert box["folders"][0] == {"name": "Archivo", "role": "", "size_bytes": 5_000_000, "items": 1}
    assert box["largest"][0]["id"] == "big" and box["old_drafts"]["count"] == 1
    assert box["quota_bytes"] is None and box["older_than_retention"] is None
    trend = s["trend"]
    assert trend["weeks"] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert trend["received"][-2:] == [1, 9] and trend["cc_only"][-2:] == [1, 1]
    assert trend["sent_hints"] == [None, None, None, 9, 4]  # stored history, then this week's
    clears = [a["clears"] for a in s["actions"]]
    assert clears == sorted(clears, reverse=True) and len(s["actions"]) <= 5
    assert s["actions"][0]["kind"] == "unsubscribe" and s["actions"][0]["text"].startswith(
        "Unsubscribe from 1 newsletter: 3 messages")


def test_an_empty_mailbox_summarises_to_zeros():
    s = summarise(Period.of(Week(2026, 48), NOW), FOLDERS, [])
    assert s["sent"]["messages"] == 0 and s["inbox"]["unread"]["count"] == 0 and s["actions"] == []
    assert s["mailbox"]["size_bytes"] == 0 and len(s["mailbox"]["folders"]) == 4
    assert "Nothing to clean up this week." in to_text(s) and "Nothing to clean up" in to_html(s)


def test_renderings_carry_the_same_numbers_and_accessible_charts():
    s = summarise(Period.of(Week(2026, 48), NOW), FOLDERS, _mailbox())
    text = to_text(s)
    assert "messages sent: 3" in text and "EM501: 2" in text and "only on Cc: 1" in text
    html = to_html(s)
    svgs = lxml.html.document_fromstring(html).xpath("//svg")
    assert len(svgs) == 4  # hints by rule, sent trend, received trend, folder sizes
    for svg in svgs:
        title, desc = svg.find("title"), svg.find("desc")
        assert svg.get("role") == "img" and title.text and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Hints on your sent mail by rule: EM501 2; CF101 1; EM701 1." in html  # the text alternative
    assert "<style" not in html and "<script" not in html and "src=" not in html  # inline styles, nothing fetched


# -- schedule ----------------------------------------------------------------------------------------
def test_schedule_setting_next_run_and_a_missed_run():
    s = Schedule.from_settings(None)
    assert (s.day, s.at) == (0, time(7, 0))
    assert s.next_run(NOW) == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert s.next_run(datetime(2026, 12, 7, 6, 59, tzinfo=UTC)) == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert s.due(None, NOW) and not s.due(datetime(2026, 11, 30, 7, 1, tzinfo=UTC), NOW)
    assert s.due(datetime(2026, 11, 23, 8, tzinfo=UTC), NOW)  # last Monday's run was missed: once now
    wed = Schedule.from_settings({"day": "Wednesday", "time": "18:30"})
    assert wed.next_run(NOW) == datetime(2026, 12, 9, 18, 30, tzinfo=UTC)
    for bad in ({"day": "someday"}, {"time": "7am"}, {"enabled": "yes"}, "monday"):
        with pytest.raises(ScheduleError):
            Schedule.from_settings(bad)  # type: ignore[arg-type]


def test_schedule_files_for_each_platform():
    cmd = ["/opt/py 3/python", "-m", "assistant", "summary", "--send-to-self"]
    units = systemd_units(cmd, Schedule())
    assert "OnCalendar=Mon *-*-* 07:00:00" in units["mail-assistant-summary.timer"]
    assert "ExecStart='/opt/py 3/python' -m assistant summary --send-to-self" in units[
        "mail-assistant-summary.service"]
    xml = schtasks_xml(cmd, Schedule(day=2, at=time(6, 5)), datetime(2026, 12, 4, 9))
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    task = ET.fromstring(xml.split("\n", 1)[1])
    assert task.find("t:Triggers/t:CalendarTrigger/t:StartBoundary", ns).text == "2026-12-04T06:05:00"
    assert task.find("t:Triggers/t:CalendarTrigger/t:ScheduleByWeek/t:DaysOfWeek/t:Wednesday", ns) is not None
    assert task.find("t:Actions/t:Exec/t:Command", ns).text == "/opt/py 3/python"
    assert task.find("t:Actions/t:Exec/t:Arguments", ns).text == "-m assistant summary --send-to-self"
    assert task.find("t:Principals/t:Principal/t:LogonType", ns).text == "InteractiveToken"
    plist = plistlib.loads(launchd_plist(cmd, Schedule(day=6, at=time(7, 0))))
    assert plist["ProgramArguments"] == cmd
    assert plist["StartCalendarInterval"] == {"Weekday": 0, "Hour": 7, "Minute": 0}  # Sunday is 0 in launchd
