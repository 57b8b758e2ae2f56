"""Aggregate per-item facts into the summary (the JSON shape the CLI, API and page share).

One pass over the items with flat memory: counters, a few small heaps and the
candidate replies of the last four weeks; ``finish`` resolves "awaiting reply"
against the sent items seen and fills in the text read at report time (``Details``).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping

from assistant.core.summary.actions import suggest
from assistant.core.summary.facts import (
    ANALYSED, AUTOMATED, BULK, CC_ME, CHAIN, FROM_ME, PERSONAL, TO_ME, Details, Folder, ItemFact,
)
from assistant.core.summary.weeks import Week, trend_weeks, working_days_before

OLD_DRAFT_DAYS = 14
AWAIT_WINDOW_DAYS = 28  # how far back "waiting for your reply" looks
AWAIT_WORKING_DAYS = 2
TOP_LARGEST = 5
TOP_EXAMPLES = 3
TOP_SENDERS = 10
TOP_WAITING = 10
# Metrics kept per week in the local cache for the trend (counts only).
STORED_METRICS = ("sent_messages", "sent_hints", "sent_with_hints", "received", "cc_only", "bulk",
                  "received_chain", "received_personal", "unread", "awaiting_reply")


@dataclass(frozen=True)
class Period:
    """What a report covers: the week, the local time zone's bounds, and "now"."""

    week: Week
    start: datetime
    end: datetime
    now: datetime

    @classmethod
    def of(cls, week: Week, now: datetime) -> "Period":
        start, end = week.bounds(now.tzinfo)  # type: ignore[arg-type]
        return cls(week, start, end, now)


def _in(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


@dataclass
class Accumulator:
    period: Period
    folders: list[Folder]
    trend: list[Week] = field(init=False)
    _bounds: list[tuple[datetime, datetime]] = field(init=False)
    _weekly: dict[str, Counter] = field(init=False)
    _by_rule: Counter = field(default_factory=Counter)
    _examples: list[tuple[Any, ...]] = field(default_factory=list)
    _largest: list[tuple[int, str]] = field(default_factory=list)
    _folder_size: Counter = field(default_factory=Counter)
    _folder_items: Counter = field(default_factory=Counter)
    _unread_age: Counter = field(default_factory=Counter)
    _oldest_unread: datetime | None = None
    _bulk: dict[str, list[Any]] = field(default_factory=dict)  # sender key -> [count, latest time, item id]
    _old_drafts: list[tuple[float, str]] = field(default_factory=list)
    _candidates: list[ItemFact] = field(default_factory=list)
    _replied_ids: set[str] = field(default_factory=set)
    _replied_topics: dict[str, datetime] = field(default_factory=dict)
    _retention: int = 0
    retention_days: int | None = None

    def __post_init__(self) -> None:
        tz = self.period.now.tzinfo
        self.trend = trend_weeks(self.period.week)
        self._bounds = [w.bounds(tz) for w in self.trend]  # type: ignore[arg-type]
        self._weekly = {str(w): Counter() for w in self.trend}
        self._roles = {f.id: f.role for f in self.folders}
        self._await_from = self.period.now - timedelta(days=AWAIT_WINDOW_DAYS)
        self._await_until = working_days_before(self.period.now, AWAIT_WORKING_DAYS)
        self._draft_before = self.period.now - timedelta(days=OLD_DRAFT_DAYS)

    def _week_of(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        for week, (start, end) in zip(self.trend, self._bounds):
            if start <= moment < end:
                return str(week)
        return None

    def add(self, item: ItemFact) -> None:
        role = self._roles.get(item.folder, "")
        self._folder_size[item.folder] += item.size
        self._folder_items[item.folder] += 1
        entry = (item.size, item.id)
        if not item.size:
            pass  # size unknown (Graph's delta has none) or empty: not a candidate
        elif len(self._largest) < TOP_LARGEST:
            heapq.heappush(self._largest, entry)
        elif entry > self._largest[0]:
            heapq.heapreplace(self._largest, entry)
        if self.retention_days is not None and item.received is not None and \
                item.received < self.period.now - timedelta(days=self.retention_days):
            self._retention += 1
        if role == "sentitems":
            self._add_sent(item)
        elif role == "inbox":
            self._add_inbox(item)
        elif role == "drafts":
            changed = item.modified or item.received
            if changed is not None and changed < self._draft_before:
                self._old_drafts.append((changed.timestamp(), item.id))

    def _add_sent(self, item: ItemFact) -> None:
        when = item.sent or item.received
        if when is not None and when >= self._await_from:
            if item.in_reply_to:
                self._replied_ids.add(item.in_reply_to)
            if item.conversation and when > self._replied_topics.get(item.conversation, when - timedelta(1)):
                self._replied_topics[item.conversation] = when
        week = self._week_of(when)
        if week is None:
            return
        counts = self._weekly[week]
        counts["sent_messages"] += 1
        if week != str(self.period.week):
            return
        if item.codes:
            counts["sent_with_hints"] += 1
            counts["sent_hints"] += len(item.codes)
            self._by_rule.update(item.codes)
            entry = (item.worst, len(item.codes), item.id, item.codes, when)
            if len(self._examples) < TOP_EXAMPLES:
                heapq.heappush(self._examples, entry)
            elif entry > self._examples[0]:
                heapq.heapreplace(self._examples, entry)

    def _add_inbox(self, item: ItemFact) -> None:
        now = self.period.now
        if not item.is_read:
            age = (now - item.received).days if item.received else 0
            bucket = "this_week" if age < 7 else "1_4_weeks" if age < 28 else "older"
            self._unread_age[bucket] += 1
            if item.received and (self._oldest_unread is None or item.received < self._oldest_unread):
                self._oldest_unread = item.received
        if (item.received is not None and self._await_from <= item.received < self._await_until
                and item.has(TO_ME) and not item.flags & (FROM_ME | AUTOMATED | BULK | CHAIN)):
            self._candidates.append(item)
        week = self._week_of(item.received)
        if week is None:
            return
        counts = self._weekly[week]
        counts["received"] += 1
        if item.has(CC_ME) and not item.has(TO_ME):
            counts["cc_only"] += 1
        if week != str(self.period.week) or not item.has(ANALYSED):
            return
        if item.has(BULK):
            counts["bulk"] += 1
            slot = self._bulk.setdefault(item.sender, [0, None, item.id])
            slot[0] += 1
            if slot[1] is None or (item.received and item.received > slot[1]):
                slot[1], slot[2] = item.received, item.id
        counts["received_chain"] += item.has(CHAIN)
        counts["received_personal"] += item.has(PERSONAL)

    # -- the result ----------------------------------------------------------------------
    def awaiting(self, bulk_senders: set[str]) -> list[ItemFact]:
        """Candidates with no reply in their conversation since they arrived, oldest first."""
        out = []
        for item in self._candidates:
            if item.sender in bulk_senders or (item.message and item.message in self._replied_ids):
                continue
            replied = self._replied_topics.get(item.conversation) if item.conversation else None
            if replied is not None and item.received is not None and replied > item.received:
                continue
            out.append(item)
        return sorted(out, key=lambda i: i.received or self.period.now)

    def bulk_sender_keys(self) -> set[str]:
        return set(self._bulk)

    def named_ids(self) -> dict[str, list[str]]:
        """The item ids the report names (their text is read at report time), by purpose."""
        return {
            "examples": [e[2] for e in self._examples],
            "largest": [i for _, i in self._largest],
            "senders": [slot[2] for slot in self._bulk.values()],
            "awaiting": [i.id for i in self.awaiting(self.bulk_sender_keys())[:TOP_WAITING]],
            "old_drafts": [i for _, i in sorted(self._old_drafts)[:TOP_EXAMPLES]],
        }

    def finish(self, history: Mapping[str, Mapping[str, int]], details: Details | None = None,
               quota_bytes: int | None = None, mailbox: str = "") -> dict[str, Any]:
        """The summary as JSON-ready data. ``history``: stored counts of earlier weeks."""
        d = details or Details()
        p = self.period
        this = self._weekly[str(p.week)]
        awaiting = self.awaiting(self.bulk_sender_keys())
        this["awaiting_reply"] = len(awaiting)
        this["unread"] = sum(self._unread_age.values())

        def item_ref(item_id: str, when: datetime | None = None, **extra: Any) -> dict[str, Any]:
            ref = {"id": item_id, "subject": d.subjects.get(item_id, ""), "link": d.links.get(item_id, "")}
            if when is not None:
                ref["date"] = when.isoformat()
            ref.update(extra)
            return ref

        times = {i.id: i.received for i in awaiting}
        examples = sorted(self._examples, reverse=True)
        senders = sorted(self._bulk.items(), key=lambda kv: (-kv[1][0], kv[0]))[:TOP_SENDERS]
        bulk_senders = []
        for sender_key, (count, _, item_id) in senders:
            address, name = d.senders.get(sender_key, ("", ""))
            bulk_senders.append({"sender": address, "name": name, "count": count,
                                 "unsubscribe": d.unsubscribe.get(sender_key)})
        names = {f.id: f for f in self.folders}
        for f in self.folders:  # a size the server reports beats the sum of item sizes it left out
            if f.size is not None and f.size > self._folder_size.get(f.id, 0):
                self._folder_size[f.id] = f.size
        size = sum(self._folder_size.values())
        folders = [{"name": names[fid].name if fid in names else fid, "role": names[fid].role if fid in names else "",
                    "size_bytes": self._folder_size[fid], "items": self._folder_items[fid]}
                   for fid in sorted(self._folder_size, key=lambda f: -self._folder_size[f])]
        for f in self.folders:  # empty folders are listed too
            if f.id not in self._folder_size and f.role not in ("outbox",):
                folders.append({"name": f.name, "role": f.role, "size_bytes": 0, "items": 0})
        largest = [item_ref(i, size=s, attachments=[{"name": n, "size": z} for n, z in d.attachments.get(i, [])])
                   for s, i in sorted(self._largest, reverse=True)]
        old = sorted(self._old_drafts)
        result: dict[str, Any] = {
            "week": str(p.week),
            "period": {"start": p.start.isoformat(), "end": p.end.isoformat(), "generated": p.now.isoformat()},
            "account": mailbox,
            "sent": {
                "messages": this["sent_messages"],
                "with_hints": this["sent_with_hints"],
                "hints": this["sent_hints"],
                "by_rule": dict(sorted(self._by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
                "examples": [item_ref(i, when, codes=list(codes), worst=w) for w, _, i, codes, when in examples],
            },
            "inbox": {
                "received": this["received"],
                "unread": {"count": this["unread"], "by_age": {k: self._unread_age[k] for k in
                                                               ("this_week", "1_4_weeks", "older")},
                           "oldest": self._oldest_unread.isoformat() if self._oldest_unread else None},
                "awaiting_reply": {"count": len(awaiting),
                                   "items": [item_ref(i.id, times[i.id]) for i in awaiting[:TOP_WAITING]]},
                "cc_only": this["cc_only"],
                "bulk_senders": bulk_senders,
                "bulk_messages": this["bulk"],
                "received_chain": this["received_chain"],
                "received_personal": this["received_personal"],
            },
            "mailbox": {
                "size_bytes": size,
                "quota_bytes": quota_bytes,
                "used_share": round(size / quota_bytes, 4) if quota_bytes else None,
                "folders": folders,
                "largest": largest,
                "old_drafts": {"count": len(old), "items": [item_ref(i) for _, i in old[:TOP_EXAMPLES]]},
                "older_than_retention": self._retention if self.retention_days is not None else None,
                "retention_days": self.retention_days,
            },
        }
        result["trend"] = self._trend(history)
        result["actions"] = suggest(result)
        return result

    def metrics(self) -> dict[str, int]:
        """This week's counts, as stored for later trends."""
        this = self._weekly[str(self.period.week)]
        return {m: int(this[m]) for m in STORED_METRICS}

    def _trend(self, history: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
        """Each metric for the 4 weeks before and this one. Counts that come from the list view
        are recomputed from the items; those that needed the text come from the stored history
        (None for a week that was never summarised)."""
        from_items = ("sent_messages", "received", "cc_only")
        out: dict[str, Any] = {"weeks": [str(w) for w in self.trend]}
        for metric in STORED_METRICS:
            values = []
            for w in self.trend:
                name = str(w)
                if name == str(self.period.week) or metric in from_items:
                    values.append(int(self._weekly[name][metric]))
                else:
                    values.append(history.get(name, {}).get(metric))
            out[metric] = values
        return out


def summarise(period: Period, folders: list[Folder], items: Iterable[ItemFact],
              history: Mapping[str, Mapping[str, int]] | None = None, details: Details | None = None,
              retention_days: int | None = None, quota_bytes: int | None = None, mailbox: str = "") -> dict[str, Any]:
    """Everything in one call (tests, small mailboxes)."""
    acc = Accumulator(period, folders, retention_days=retention_days)
    for item in items:
        acc.add(item)
    return acc.finish(history or {}, details, quota_bytes, mailbox)
