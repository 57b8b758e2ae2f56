"""The weekly summary on a large mailbox: first run, a naive exchangelib peer, and an
incremental second run after 100 changes.

The EWS emulator (in this process) serves a synthetic mailbox of N items (Inbox 84 %,
Sent Items 12 %, a folder named "Archiv 2025" 4 %) spread over two years up to the
end of the last complete week, with a few ms of latency per request. Each client runs
in its own process so its peak RSS is its own:

- summary: ``mail-assistant``'s use case (SyncFolderItems pages into the local cache,
  the week's bodies, aggregation, the report's details);
- naive: exchangelib the obvious way: ``folder.all()`` for every folder, then one
  GetItem per item for the fields the summary needs (bodies for the week's items).

Then 100 changes (new mail, read flags, deletions, a moved item) and a second
summary run on the same cache; its requests are counted by the emulator.

    .venv/bin/python bench/summary.py --items 50000
    .venv/bin/python bench/summary.py --items 5000 --latency-ms 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OWNER = ("bench@mdusd.org", "Bench User")


def _peak_rss_kb() -> int:
    """This process's own RSS high-water mark (VmHWM; ru_maxrss would count the parent at fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rows(n: int, end: datetime, sent: bool):
    """``n`` messages, newest ending at ``end``, one every ~20 minutes back over two years."""
    step = timedelta(days=730) / max(n, 1)
    me = [OWNER[1], OWNER[0], "Mailbox"]
    for i in range(n):
        when = end - step * (i + 1)
        other = [f"Colleague {i % 200}", f"colleague{i % 200}@mdusd.org", "Mailbox"]
        news = i % 9 == 0 and not sent
        body = (f"<p>Note {i} about the schedule, supplies and the next staff meeting.</p>"
                + ('<p><a href="https://news.example/unsubscribe?u=%d">Unsubscribe</a></p>' % (i % 7) if news else ""))
        yield {
            "subject": f"{'RE: ' if sent else ''}Topic {i % 1500}",
            "body": body, "body_type": "HTML",
            "from_json": me if sent else ([f"News {i % 7}", f"newsletter{i % 7}@news.example", "Mailbox"] if news
                                          else other),
            "to_json": [other] if sent else [me] if i % 4 else [other],
            "cc_json": [] if sent or i % 4 else [me],
            "received": when, "sent": when, "created": when, "modified": when,
            "is_read": sent or i % 6 != 0, "size": 2500 + (i % 113) * 37 + (900_000 if i % 997 == 0 else 0),
            "message_id": f"<b{i}{'s' if sent else 'r'}@bench.example>",
        }


def client(mode: str) -> None:
    """Runs in a child process; prints JSON figures."""
    from assistant.mail.accounts import AccountSettings
    from assistant.mail.ews import EwsBackend

    settings = AccountSettings(email=os.environ["BENCH_EMAIL"], server=os.environ["BENCH_URL"], auth="basic")
    now = datetime.fromisoformat(os.environ["BENCH_NOW"])
    backend = EwsBackend(settings, password=os.environ["BENCH_PASSWORD"])
    backend.test()  # connect + version probe outside the timing
    started = time.perf_counter()
    if mode == "summary":
        from assistant.app.context import AppContext
        from assistant.app.summary import run_summary

        with AppContext(backend_factory=lambda: backend) as ctx:
            s = run_summary(ctx, now=now, store_file=os.environ["BENCH_CACHE"]).summary
        figures = {"items": sum(f["items"] for f in s["mailbox"]["folders"]), "unread": s["inbox"]["unread"]["count"],
                   "size": s["mailbox"]["size_bytes"], "received": s["inbox"]["received"]}
    else:
        figures = naive(backend, now)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "peak_rss_mb": _peak_rss_kb() / 1024, **figures}))


def naive(backend, now: datetime) -> dict:
    """exchangelib the obvious way: every folder's ids with folder.all(), then one GetItem per item."""
    from exchangelib import HTMLBody

    from assistant.core.summary import last_complete_week

    start, end = last_complete_week(now).bounds(now.tzinfo)
    account = backend.account
    fields = ["datetime_received", "sender", "display_to", "display_cc", "size", "is_read", "conversation_topic",
              "message_id", "in_reply_to"]
    items = unread = size = received = 0
    inbox_id = account.inbox.id
    for folder in account.msg_folder_root.walk():
        if folder.folder_class not in (None, "IPF.Note") or folder.name == "Outbox":
            continue
        for ref in folder.all().only("id", "changekey"):
            (item,) = account.fetch([ref], only_fields=fields)
            in_week = item.datetime_received and start <= item.datetime_received < end
            if in_week:  # the week's items: their bodies too, as the summary reads them
                (item,) = account.fetch([ref], only_fields=fields + ["body"])
                assert item.body is None or isinstance(item.body, (HTMLBody, str))
            items += 1
            size += item.size or 0
            if folder.id == inbox_id:
                unread += not item.is_read
                received += bool(in_week)
    return {"items": items, "unread": unread, "size": size, "received": received}


def run_client(mode: str, handle, env: dict) -> dict:
    handle.reset_stats()
    out = subprocess.run([sys.executable, __file__, "--client", mode], env={**os.environ, **env}, capture_output=True,
                         text=True, timeout=7200)
    if out.returncode != 0:
        raise SystemExit(f"{mode} client failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    stats = handle.stats
    result["requests"] = stats.get("requests", 0) - 3  # minus the connect: ConvertId and the Drafts count
    result["by_operation"] = {k: v for k, v in stats.items() if k[0].isupper()}
    return result


def change(handle, count: int, now: datetime) -> None:
    """``count`` changes of the kinds a week brings: new mail, read flags, deletions, a move."""
    store = handle.store
    inbox, sent = store.folder_id("inbox"), store.folder_id("sentitems")
    recent, _ = store.find_items(inbox, limit=200)
    kinds = 0
    for i in range(count):
        k = i % 4
        if k == 0:
            store.add_item(inbox, {"subject": f"New {i}", "body": "<p>hello</p>", "received": now - timedelta(hours=i),
                                   "from_json": ["Colleague", "colleague1@mdusd.org", "Mailbox"], "size": 3000})
        elif k == 1:
            store.update_item(recent[i]["id"], {"is_read": not recent[i]["is_read"]})
        elif k == 2:
            store.delete_item(recent[i]["id"])
        else:
            store.move_item(recent[i]["id"], sent) if i == 3 else store.update_item(recent[i]["id"], {"importance": "High"})
        kinds += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=50000, help="messages in the mailbox")
    ap.add_argument("--latency-ms", type=float, default=3.0, help="latency injected per request")
    ap.add_argument("--changes", type=int, default=100, help="changes between the two runs")
    ap.add_argument("--no-naive", action="store_true", help="skip the naive peer (e.g. for 200,000 items)")
    ap.add_argument("--client", choices=("summary", "naive"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        return client(args.client)

    from emulators.ews import start_emulator

    from assistant.core.summary import last_complete_week

    now = datetime.now().astimezone()
    end = last_complete_week(now).bounds(now.tzinfo)[1]
    n = args.items
    with start_emulator(seed="empty", email=OWNER[0], name=OWNER[1]) as handle, \
            tempfile.TemporaryDirectory(prefix="bench-summary-") as tmp:
        store = handle.store
        archive = store.add_folder(store.folder_id("msgfolderroot"), "Archiv 2025")
        n_sent, n_archive = n * 12 // 100, n * 4 // 100
        store.bulk_add(store.folder_id("inbox"), rows(n - n_sent - n_archive, end, sent=False))
        store.bulk_add(store.folder_id("sentitems"), rows(n_sent, end, sent=True))
        store.bulk_add(archive, rows(n_archive, end - timedelta(days=400), sent=False))
        handle.faults.latency_ms = args.latency_ms
        env = {"BENCH_URL": handle.url, "BENCH_EMAIL": handle.email, "BENCH_PASSWORD": handle.password,
               "BENCH_NOW": now.isoformat(), "BENCH_CACHE": str(Path(tmp) / "summary.sqlite")}
        print(f"EWS emulator, {n} items, {args.latency_ms:g} ms latency per request; clients in their own process")
        first = run_client("summary", handle, env)
        print(f"first run:  {first['seconds']:.2f} s, {first['requests']} requests, peak RSS "
              f"{first['peak_rss_mb']:.1f} MB  {first['by_operation']}")
        if first["items"] != n:
            raise SystemExit(f"the summary counted {first['items']} items, expected {n}")
        if args.no_naive:
            peer = None
        else:
            peer = run_client("naive", handle, env)
            print(f"naive:      {peer['seconds']:.2f} s, {peer['requests']} requests, peak RSS "
                  f"{peer['peak_rss_mb']:.1f} MB  {peer['by_operation']}")
            for k in ("items", "unread", "size", "received"):
                if first[k] != peer[k]:
                    raise SystemExit(f"the clients disagree on {k}: summary {first[k]}, naive {peer[k]}")
        change(handle, args.changes, now)
        second = run_client("summary", handle, env)
        print(f"second run: {second['seconds']:.2f} s, {second['requests']} requests, peak RSS "
              f"{second['peak_rss_mb']:.1f} MB  {second['by_operation']}")
        peak = max(first["peak_rss_mb"], second["peak_rss_mb"])
        naive_part = "naive not run" if peer is None else \
            f"naive {peer['seconds']:.1f} s, {peer['seconds'] / first['seconds']:.1f} x faster"
        print(f"summary {n} items: first run {first['seconds']:.1f} s ({naive_part}), second run after "
              f"{args.changes} changes: {second['requests']} requests, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
