"""A realistic week of District mail for the weekly summary's demo (``summary --demo``).

The standard demo mailbox plus, relative to today, the last complete week (Monday to
Sunday, local time) of sent and received mail, and a lighter four weeks before it,
so that every section of the summary has something to show: sent mail with hints
(no notice, ALL CAPS, a large visible list, a reply-all "thanks", personal mail, a
record going outside), newsletters with unsubscribe links, mail where Maria is only
on Cc, a chain letter, personal mail received, messages waiting for a reply, one
answered, large attachments in folders with Spanish names, and a draft left for weeks.
It is a seed of its own (the standard "demo" seed stays as other tests count it).

Use as a seed: ``start_emulator(seed="emulators.ews.demo_week", email=DEMO_OWNER[0],
name=DEMO_OWNER[1])`` or ``seed=demo_week.seed``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from emulators.ews.items import estimate_size
from emulators.ews.seed import DEMO_DIR, load_directory
from emulators.ews.store import MailboxStore

ME = ["Maria Delgado", "delgadom@mdusd.org", "Mailbox"]
JAMES = ["James Whitaker", "whitakerj@mdusd.org", "Mailbox"]
LINH = ["Linh Nguyen", "nguyenl@mdusd.org", "Mailbox"]
CHIDI = ["Chidi Okafor", "okaforc@mdusd.org", "Mailbox"]
PAT = ["Patricia Brennan", "brennanp@mdusd.org", "Mailbox"]
STAFF = [JAMES, LINH, CHIDI, PAT, ["Rosa Alvarez", "alvarezr@mdusd.org", "Mailbox"],
         ["Dev Patel", "pateld@mdusd.org", "Mailbox"]]
PARENTS = [[f"Parent {n}", f"family{n}@example.net", "Mailbox"] for n in range(1, 13)]
SCHOLASTIC = ["Scholastic Teacher Weekly", "newsletter@scholastic.example", "Mailbox"]
PBS = ["PBS LearningMedia", "no-reply@pbslearning.example", "Mailbox"]
FRIEND = ["Carla Mendes", "carla.mendes@example.com", "Mailbox"]

SIGNATURE = ('<p style="font-family:Calibri,sans-serif">Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary'
             "<br>(925) 555-0114 | delgadom@mdusd.org</p>")
NOTICE = ("<p>CONFIDENTIALITY NOTICE: This electronic mail transmission, including any attachments, may contain "
          "confidential information only for use by the intended recipients. Any privileges or confidentiality "
          "afforded under the law are not waived by virtue of this having been sent by electronic mail. Unless you "
          "are the addressee (or authorized to receive messages for the addressee), you may not use, copy, "
          "disclose, or distribute this message (or any information contained in or attached to it) to anyone. If "
          "you received this transmission in error, please notify the sender by reply e-mail or by telephone and "
          "delete the transmission. Thank you.</p>")


def last_week_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today - timedelta(days=today.weekday() + 7)


def _at(monday: date, day: int, hour: int, minute: int = 0) -> datetime:
    """A local time in the demo week (day 0 = Monday), as an aware datetime."""
    return datetime.combine(monday + timedelta(days=day), time(hour, minute)).astimezone()


def _newsletter(name: str, link: str, topic: str) -> str:
    return (f"<h2>{name}</h2><p>This week: {topic}. Classroom ideas, printable activities and a webinar for "
            f"teachers.</p><p>Read more on our site.</p><p style=\"font-size:11px\">You are receiving this because "
            f"you subscribed. <a href=\"{link}\">Unsubscribe</a> or manage your preferences.</p>")


def _mail(store: MailboxStore, folder: str, when: datetime, sender: list[str], to: list[list[str]], subject: str,
          body: str, *, cc: list[list[str]] | None = None, read: bool = True, msgid: str | None = None,
          reply_to: str | None = None, attachments: list[dict[str, Any]] | None = None) -> str:
    values: dict[str, Any] = {
        "subject": subject, "body": body, "body_type": "HTML", "from_json": sender, "to_json": to,
        "cc_json": cc or [], "received": when, "sent": when, "created": when, "modified": when, "is_read": read,
        "message_id": msgid, "in_reply_to": reply_to, "conversation_topic": subject.split(": ", 1)[-1],
        "attachments_json": attachments or [],
    }
    values["size"] = estimate_size(values) + sum(a["size"] for a in attachments or [])
    item_id, _ = store.add_item(folder, values)
    return item_id


def add_week(store: MailboxStore, today: date | None = None) -> None:
    """Add the last complete week (and four lighter weeks before it) to ``store``."""
    m = last_week_monday(today)
    inbox, sent = store.folder_id("inbox"), store.folder_id("sentitems")
    root = store.folder_id("msgfolderroot")
    archive = store.add_folder(root, "Archivo 2025")
    projects = store.add_folder(archive, "Proyectos de Ciencias")

    # -- received this week ------------------------------------------------------------------
    for day, topic in ((0, "winter reading lists"), (2, "hands-on fractions"), (4, "science fair kits")):
        _mail(store, inbox, _at(m, day, 6, 30), SCHOLASTIC, [ME], f"Teacher Weekly: {topic}",
              _newsletter("Scholastic Teacher Weekly", "https://scholastic.example/unsubscribe?u=8812", topic),
              read=day == 0)
    for day, topic in ((1, "climate science videos"), (3, "primary sources on the Gold Rush")):
        _mail(store, inbox, _at(m, day, 5, 0), PBS, [ME], f"New for your classroom: {topic}",
              _newsletter("PBS LearningMedia", "https://pbslearning.example/prefs/unsubscribe", topic), read=False)
    for day, hour, subject in ((0, 8, "Bus schedule change for the Dec field trip"),
                               (1, 12, "Copier on the second floor is fixed"),
                               (2, 15, "Yard duty swap for Thursday"), (3, 9, "Library books overdue list")):
        _mail(store, inbox, _at(m, day, hour), JAMES, [STAFF[4], STAFF[5]], subject,
              f"<p>Team,</p><p>{subject}. Details in the staff folder.</p><p>James</p>", cc=[ME], read=day < 2)
    _mail(store, inbox, _at(m, 1, 19, 40), ["Aunt Lou", "lou.delgado@example.com", "Mailbox"], [ME],
          "FW: FW: Forward this to 10 friends for good luck",
          "<p>This really works!! Forward this message to 10 people in the next hour and you will have good luck "
          "for a year. Do not break the chain! My friend ignored it and lost her job. Send it to everyone you "
          "know.</p>", read=False)
    _mail(store, inbox, _at(m, 2, 20, 15), FRIEND, [ME], "Saturday birthday party!",
          "<p>Hi Maria! Are you and the kids coming to Sofia's birthday party on Saturday? We're doing a barbecue "
          "in the backyard, bring your swimsuits for the pool. My mom is making her famous flan. Can't wait to "
          "see you, love, Carla</p>", read=False)
    asked = _mail(store, inbox, _at(m, 0, 10, 5), LINH, [ME], "Can you cover my class Friday afternoon?",
                  "<p>Hi Maria, I have a dentist appointment Friday at 1:30. Could you take my class for the "
                  "last hour? Let me know.</p><p>Linh</p>", msgid="<week-ask-1@mdusd.example>")
    _mail(store, inbox, _at(m, 0, 14, 20), CHIDI, [ME], "Need your supply order by Wednesday",
          "<p>Maria, please send me your classroom supply order for spring by Wednesday so I can place it.</p>"
          "<p>Chidi</p>", msgid="<week-ask-2@mdusd.example>", read=False)
    _mail(store, inbox, _at(m, 1, 9, 45), PAT, [ME], "IEP meeting time for next week",
          "<p>Hi Maria, does Tuesday 3:15 or Wednesday 3:15 work for the annual IEP review? Please reply so I "
          "can send the notice to the family.</p><p>Patricia</p>", msgid="<week-ask-3@mdusd.example>")
    question = _mail(store, inbox, _at(m, 0, 7, 50), PARENTS[0], [ME], "Science fair project question",
                     "<p>Hello Ms. Delgado, can the project be done in pairs?</p>", msgid="<week-parent@example.net>")
    del asked, question
    # -- sent this week --------------------------------------------------------------------------
    _mail(store, sent, _at(m, 0, 9, 15), ME, [PARENTS[0]], "RE: Science fair project question",
          f"<p>Hello,</p><p>Yes, students may work in pairs; each writes their own log.</p>{SIGNATURE}{NOTICE}"
          "<blockquote><p>Hello Ms. Delgado, can the project be done in pairs?</p></blockquote>",
          msgid="<week-sent-1@mdusd.example>", reply_to="<week-parent@example.net>")
    _mail(store, sent, _at(m, 0, 14, 0), ME, STAFF[:5], "RE: Bus schedule change for the Dec field trip",
          "<p>Thanks!</p><blockquote><p>Team, Bus schedule change for the Dec field trip.</p></blockquote>")
    _mail(store, sent, _at(m, 1, 10, 30), ME, PARENTS, "FIELD TRIP PERMISSION SLIPS",
          "<p>PLEASE RETURN THE SIGNED PERMISSION SLIPS BY FRIDAY OR YOUR CHILD WILL NOT BE ABLE TO GO ON THE "
          "TRIP. NO EXCEPTIONS THIS TIME.</p><p>Ms. Delgado</p>")
    _mail(store, sent, _at(m, 2, 21, 0), ME, [FRIEND], "RE: Saturday birthday party!",
          "<p>We'd love to come to the birthday party! The kids are so excited about the pool and the barbecue. "
          "I'll bring a cake and my famous potato salad. See you Saturday, hugs to Sofia!</p>")
    _mail(store, sent, _at(m, 3, 11, 0), ME, [["Jordan's Dad", "dad.jordan@example.org", "Mailbox"],
                                             ["Tutor", "tutor.center@example.com", "Mailbox"]],
          "Notes for Jordan",
          "<p>Here are Jordan Miller's IEP goals and his diagnosis from the assessment report, so the tutoring "
          f"center can plan sessions: reading fluency goal 90 wpm, ADHD accommodations.</p>{SIGNATURE}",
          attachments=[{"name": "Jordan Miller IEP 2026.pdf", "content_type": "application/pdf", "size": 184_000}])
    _mail(store, sent, _at(m, 4, 13, 0), ME, [LINH, PAT], "Grade team agenda for Monday",
          f"<p>Hi both,</p><p>Agenda: report card comments, the science fair timeline and the spring "
          f"assessment calendar.</p>{SIGNATURE}{NOTICE}")
    # -- a folder with a Spanish name and large items --------------------------------------------
    _mail(store, archive, _at(m, -40, 9), JAMES, [ME], "Fotos del anuario 2025",
          "<p>Adjunto las fotos.</p>", attachments=[{"name": "anuario-fotos.zip", "content_type": "application/zip",
                                                    "size": 4_800_000}])
    _mail(store, projects, _at(m, -20, 9), ME, [LINH], "Rúbrica de ciencias",
          "<p>La rúbrica final.</p>", attachments=[{"name": "rubrica-video.mp4", "content_type": "video/mp4",
                                                  "size": 2_300_000}])
    # -- four lighter weeks before, for the trend ---------------------------------------------------
    for back in range(1, 5):
        wm = m - timedelta(weeks=back)
        for n in range(3 + back):
            _mail(store, inbox, _at(wm, n % 5, 9 + n), STAFF[n % len(STAFF)], [ME],
                  f"Week {back} note {n}", "<p>Short note.</p>", cc=[] if n % 3 else [PAT])
        for n in range(3 + back):  # all answered the same day
            _mail(store, sent, _at(wm, n % 5, 16), ME, [STAFF[n % len(STAFF)]], f"RE: Week {back} note {n}",
                  f"<p>Got it.</p>{SIGNATURE}{NOTICE}")
    # -- a draft left for three weeks ------------------------------------------------------------------
    store.add_item(store.folder_id("drafts"), {
        "subject": "Ideas for the spring concert", "body": "<p>Songs: </p>", "body_type": "HTML",
        "from_json": ME, "to_json": [JAMES], "is_draft": True, "is_read": True,
        "created": _at(m, -14, 16), "modified": _at(m, -14, 16), "received": _at(m, -14, 16), "size": 800})


def seed(store: MailboxStore) -> None:
    """The standard demo mailbox plus the week (a seed for ``start_emulator``)."""
    load_directory(store, DEMO_DIR)
    add_week(store)
