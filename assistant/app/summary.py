"""Use case: the weekly inbox-hygiene summary of the user's own mailbox.

Scan (incrementally, through ``assistant.mail.summary_scan``) into the local cache,
read the week's new sent items (for ``check``) and the first 4 KB of its new
received ones (EM901/EM902, bulk mail), aggregate (``assistant.core.summary``), and
read the subjects and links of the few items the report names. The CLI, the API
and the schedule call ``run_summary``; the route calls ``summary``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Mapping, TypeVar

from assistant.app.context import AppContext
from assistant.app.errors import AppError, Kind
from assistant.core.summary import (
    Accumulator, Analysis, Details, Period, Week, WeekError, last_complete_week, to_html, to_text,
)
from assistant.core.summary.facts import (
    ANALYSED, BODY_PREFIX, SEVERITY_WEIGHT, ItemFact, is_bulk, key, unsubscribe_link,
)

FETCH_CHUNK = 100  # ids per GetItem / $batch round
FORMATS = ("text", "json", "html")
T = TypeVar("T")
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


@dataclass(frozen=True)
class SummaryRun:
    summary: dict[str, Any]
    scanned_pages: int
    analysed: int

    def render(self, fmt: str) -> str:
        import json

        if fmt == "json":
            return json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n"
        return to_html(self.summary) if fmt == "html" else to_text(self.summary)


def parse_week(text: str | None, now: datetime) -> Week:
    """The requested week (default: the last complete one); a future week is BAD_INPUT."""
    if not text:
        return last_complete_week(now)
    try:
        week = Week.parse(text)
    except WeekError as exc:
        raise AppError(Kind.BAD_INPUT, str(exc)) from None
    if week > Week.of(now.date()):
        raise AppError(Kind.BAD_INPUT, f"week {week} has not started yet")
    return week


def store_path(email: str) -> Path:
    from assistant.config import config_dir

    return config_dir() / "summary" / f"{key(email)}.sqlite"


def _lock(path: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path, threading.Lock())


def run_summary(ctx: AppContext, week: str | None = None, *, now: datetime | None = None,
                store_file: str | None = None, send_to_self: bool = False) -> SummaryRun:
    """Scan, analyse and aggregate; ``store_file=":memory:"`` for a cache that is not kept (demo)."""
    from assistant.app.summary_store import SummaryStore
    from assistant.mail.errors import MailError
    from assistant.mail.summary_scan import source_for

    now = (now or datetime.now()).astimezone()
    wk = parse_week(week, now)
    backend = ctx.backend()
    try:
        source = source_for(backend)
    except MailError as exc:  # a backend the summary cannot scan
        raise AppError(Kind.NOT_AVAILABLE, str(exc)) from None
    server = str(getattr(getattr(backend, "settings", None), "server", "") or "")
    path = store_file or str(store_path(source.email))
    with _lock(path):
        store = SummaryStore(path, key(f"{source.email}|{server}"))
        try:
            return ctx.mail(lambda _b: _run(ctx, source, store, wk, now, send_to_self))
        finally:
            store.close()


def _run(ctx: AppContext, source: Any, store: Any, week: Week, now: datetime, send_to_self: bool) -> SummaryRun:
    from assistant.mail.summary_scan import sync_folders

    me = _me(ctx, source, store)
    folders = source.folders()
    stats = sync_folders(source, store, folders, me)
    period = Period.of(week, now)
    roles = {f.role: f.id for f in folders}
    analysed = _analyse(ctx, source, store, roles, period)
    acc = Accumulator(period, folders, retention_days=_retention(ctx))
    for item in store.items():
        acc.add(item)
    details = _details(source, acc.named_ids())
    result = acc.finish(store.history(), details, quota_bytes=None, mailbox=source.email)
    store.save_week(str(week), acc.metrics())
    if send_to_self:
        result["saved_to_inbox"] = source.save_to_inbox(f"Weekly mail summary {week}", to_html(result))
    return SummaryRun(result, stats.pages, analysed)


def _me(ctx: AppContext, source: Any, store: Any) -> set[str]:
    """Keys of the owner's address and display name (DisplayTo/Cc carry names); asked once."""
    saved = store.meta("me")
    if saved is None:
        entry = ctx.directory()
        names = [source.email, str(entry.get("name") or ""), str(entry.get("email") or "")]
        keys = ",".join(sorted({key(n) for n in names if n}))
        if not entry:
            return set(keys.split(","))  # the directory did not answer: ask again next run
        store.set_meta("me", keys)
        saved = keys
    return set(saved.split(","))


def _retention(ctx: AppContext) -> int | None:
    value = ctx.policy.data.get("summary", {}).get("retention_days") if hasattr(ctx.policy, "data") else None
    return int(value) if isinstance(value, int) and value > 0 else None


def _chunks(items: list[T]) -> list[list[T]]:
    return [items[i:i + FETCH_CHUNK] for i in range(0, len(items), FETCH_CHUNK)]


def _analyse(ctx: AppContext, source: Any, store: Any, roles: Mapping[str, str], period: Period) -> int:
    """Read and check the week's sent and received items not read before (or changed since)."""
    from assistant.core.check import check

    done = 0
    sent_id, inbox_id = roles.get("sentitems"), roles.get("inbox")
    if sent_id:
        todo = [f for f in store.in_period(sent_id, period.start, period.end, "sent") if not f.has(ANALYSED)]
        for chunk in _chunks(todo):
            drafts = source.fetch_sent([f.id for f in chunk])
            facts = []
            for fact in chunk:  # this chunk's items only: the week's list once in all
                draft = drafts.get(fact.id)
                if draft is None:
                    continue
                hints = check(draft, ctx.policy)
                facts.append(fact.analysed(Analysis(
                    codes=tuple(sorted({h.code for h in hints})),
                    worst=sum(SEVERITY_WEIGHT[h.severity.value] for h in hints))))
            store.save_analysis(facts)
            done += len(facts)
    if inbox_id:
        todo = [f for f in store.in_period(inbox_id, period.start, period.end) if not f.has(ANALYSED)]
        for chunk in _chunks(todo):
            incoming = source.fetch_incoming([f.id for f in chunk])
            facts = []
            for fact in chunk:
                got = incoming.get(fact.id)
                if got is None:
                    continue
                body = got.draft.html or got.draft.text or ""
                codes = {h.code for h in check(got.draft, ctx.policy, only=["EM901", "EM902"])}
                facts.append(fact.analysed(Analysis(bulk=is_bulk(got.headers, body[:BODY_PREFIX]),
                                                    chain="EM902" in codes, personal="EM901" in codes)))
            store.save_analysis(facts)
            done += len(facts)
    return done


def _details(source: Any, named: Mapping[str, list[str]]) -> Details:
    """Subjects, attachments, sender addresses and unsubscribe links of the items the report names."""
    d = Details()
    ids = sorted({i for purpose, ids in named.items() if purpose != "senders" for i in ids})
    for chunk in _chunks(ids):
        for item_id, (subject, atts) in source.fetch_details(chunk).items():
            d.subjects[item_id], d.attachments[item_id] = subject, atts
    for chunk in _chunks(list(named.get("senders", []))):
        for item_id, got in source.fetch_incoming(chunk).items():
            sender = got.draft.sender
            if sender is None:
                continue
            d.senders[key(sender.address)] = (sender.address, sender.name)
            link = unsubscribe_link(got.headers, got.draft.html or got.draft.text)
            if link:
                d.unsubscribe[key(sender.address)] = link
    for item_id in ids:
        d.links[item_id] = source.link(item_id)
    return d


def summary(ctx: AppContext, params: Mapping[str, str]) -> dict[str, Any]:
    """The API's view: ``?week=YYYY-Www`` (default: the last complete week)."""
    unknown = set(params) - {"week"}
    if unknown:
        raise AppError(Kind.BAD_INPUT, f"unknown parameter(s): {', '.join(sorted(unknown))}; use week=YYYY-Www")
    return run_summary(ctx, params.get("week") or None).summary


__all__ = ["FORMATS", "SummaryRun", "parse_week", "run_summary", "store_path", "summary"]
