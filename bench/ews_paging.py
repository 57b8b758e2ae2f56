"""Iterating a large mailbox folder over EWS: paged FindItem with only the
summary fields vs. exchangelib's naive ``folder.all()``.

The EWS emulator serves a synthetic Inbox of N items with a few ms of injected
latency per request; each client runs in its own process so its peak RSS is
its own. Prints items/s, requests and peak RSS per client and folder size,
and the ratios.

    .venv/bin/python bench/ews_paging.py                   # 10k and 50k items, 3 ms latency
    .venv/bin/python bench/ews_paging.py --sizes 2000 --latency-ms 5 --modes paged,only,naive
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def synthetic_rows(n: int):
    start = datetime(2026, 1, 5, 7, 0, tzinfo=timezone.utc)
    words = ("schedule conference lunch library field trip report grades meeting bus permission "
             "assembly concert science fair reading volunteer supplies").split()
    for i in range(n):
        topic = " ".join(words[(i * 7 + k) % len(words)] for k in range(4))
        paras = "".join(f"<p>{topic.capitalize()} paragraph {k} for message {i}: " + "lorem ipsum dolor " * 12 + "</p>"
                        for k in range(4))
        yield {
            "subject": f"{topic.title()} #{i}",
            "body": f"<html><body>{paras}</body></html>",
            "body_type": "HTML",
            "from_json": [f"Sender {i % 300}", f"sender{i % 300}@example.net", "Mailbox"],
            "to_json": [[f"Staff {k}", f"staff{k}@mdusd.org", "Mailbox"] for k in range(1 + i % 4)],
            "cc_json": [[f"Cc {k}", f"cc{k}@mdusd.org", "Mailbox"] for k in range(i % 3)],
            "received": start + timedelta(minutes=7 * i),
            "sent": start + timedelta(minutes=7 * i - 1),
            "is_read": i % 5 != 0,
            "size": 3000 + (i % 97) * 40,
            "attachments_json": [{"name": "flyer.pdf", "content_type": "application/pdf", "size": 48000}] if i % 11 == 0 else [],
        }


def _peak_rss_kb() -> int:
    """This process's own RSS high-water mark. (ru_maxrss would also count the
    parent's memory at fork time, which here holds the whole emulated mailbox.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # non-Linux fallback


def client(mode: str) -> None:
    """Runs in a child process: iterate the folder, print JSON figures."""
    from assistant.mail.accounts import AccountSettings
    from assistant.mail.backend import SUMMARY_FIELDS
    from assistant.mail.ews import EwsBackend

    settings = AccountSettings(email=os.environ["BENCH_EMAIL"], server=os.environ["BENCH_URL"], auth="basic")
    backend = EwsBackend(settings, password=os.environ["BENCH_PASSWORD"])
    backend.test()  # connect + version probe outside the timing
    n, unread, received = 0, 0, 0
    started = time.perf_counter()
    if mode == "paged":
        for item in backend.iter_items("inbox", SUMMARY_FIELDS, page_size=1000):
            n += 1
            unread += not item.is_read
            received += (item.to_count or 0) + (item.cc_count or 0)
    elif mode == "only":
        # exchangelib's own field selection: FindItem ids, then GetItem with only these fields
        qs = backend.account.inbox.all().only("datetime_received", "sender", "to_recipients", "cc_recipients",
                                               "subject", "size", "is_read", "has_attachments")
        qs.page_size = 1000
        for item in qs:
            n += 1
            unread += not item.is_read
            received += len(item.to_recipients or ()) + len(item.cc_recipients or ())
    else:
        for item in backend.account.inbox.all():  # the obvious exchangelib loop
            n += 1
            unread += not item.is_read
            received += len(item.to_recipients or ()) + len(item.cc_recipients or ())
    elapsed = time.perf_counter() - started
    backend.close()
    peak_kb = _peak_rss_kb()
    print(json.dumps({"items": n, "seconds": elapsed, "peak_rss_mb": peak_kb / 1024, "unread": unread,
                      "recipients": received}))


def run_client(mode: str, handle) -> dict:
    env = dict(os.environ, BENCH_URL=handle.url, BENCH_EMAIL=handle.email, BENCH_PASSWORD=handle.password)
    handle.reset_stats()
    out = subprocess.run([sys.executable, __file__, "--client", mode], env=env, capture_output=True, text=True,
                         timeout=3600)
    if out.returncode != 0:
        raise SystemExit(f"{mode} client failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    stats = handle.stats
    result["requests"] = stats.get("requests", 0) - 3  # minus the connect: ConvertId, 2 GetFolder
    result["by_operation"] = {k: v for k, v in stats.items() if k[0].isupper()}
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,50000", help="folder sizes to compare (comma-separated)")
    ap.add_argument("--latency-ms", type=float, default=3.0, help="latency injected per request")
    ap.add_argument("--modes", default="paged,naive",
                    help="clients to run: paged (ours), naive (folder.all()), only (exchangelib .only())")
    ap.add_argument("--client", choices=("paged", "naive", "only"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        return client(args.client)

    from emulators.ews import start_emulator

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if "paged" not in modes or not set(modes) <= {"paged", "naive", "only"}:
        raise SystemExit("--modes must include paged and name only paged, naive, only")
    print(f"EWS emulator, {args.latency_ms:g} ms latency per request; client = exchangelib over HTTP, own process")
    print(f"{'items':>7} {'client':<7} {'seconds':>8} {'items/s':>9} {'requests':>9} {'peak RSS MB':>12}")
    results: dict[tuple[int, str], dict] = {}
    for size in sizes:
        with start_emulator(seed="empty", email="bench@mdusd.org") as handle:
            handle.store.bulk_add(handle.store.folder_id("inbox"), synthetic_rows(size))
            handle.faults.latency_ms = args.latency_ms
            for mode in modes:
                r = run_client(mode, handle)
                if r["items"] != size:
                    raise SystemExit(f"{mode} saw {r['items']} items, expected {size}")
                results[(size, mode)] = r
                print(f"{size:>7} {mode:<7} {r['seconds']:>8.2f} {size / r['seconds']:>9.0f} {r['requests']:>9} "
                      f"{r['peak_rss_mb']:>12.1f}   {r['by_operation']}")
            p = results[(size, "paged")]
            for peer in (m for m in modes if m != "paged"):
                n = results[(size, peer)]
                assert p["unread"] == n["unread"] and p["recipients"] == n["recipients"], "clients disagree"
                print(f"{size:>7} paged vs {peer}: {n['seconds'] / p['seconds']:.1f}x faster, "
                      f"{n['requests'] / max(p['requests'], 1):.1f}x fewer requests, "
                      f"peak RSS {p['peak_rss_mb']:.1f} vs {n['peak_rss_mb']:.1f} MB")
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for mode in modes:
            a, b = results[(lo, mode)]["peak_rss_mb"], results[(hi, mode)]["peak_rss_mb"]
            print(f"memory {mode}: {lo} -> {hi} items: {a:.1f} -> {b:.1f} MB ({b / a:.2f}x)")


if __name__ == "__main__":
    main()
