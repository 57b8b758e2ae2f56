"""Iterating a large mailbox folder over Microsoft Graph: the backend's paged scan
($select of the summary fields, $top=1000, @odata.nextLink) vs the naive loop (every
property of every message, Graph's default page of 10, following nextLink).

The Graph emulator serves a synthetic Inbox of N items over HTTPS with a few ms of
injected latency per request; each client runs in its own process so its peak RSS is its
own. Prints items/s, requests, peak RSS and the RSS growth during the scan (the peak
minus the RSS after connecting, so the two clients' different imports do not count) per
client and folder size, and the ratios.

    .venv/bin/python bench/graph_paging.py                    # 10k and 50k items, 3 ms latency
    .venv/bin/python bench/graph_paging.py --sizes 2000 --latency-ms 5
"""

from __future__ import annotations

import argparse
import json
import os
import ssl
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ews_paging import _peak_rss_kb, synthetic_rows  # noqa: E402  (the same synthetic folder as the EWS bench)


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def client(mode: str) -> None:
    """Runs in a child process: iterate the Inbox, print JSON figures."""
    env = os.environ
    n, unread, recipients = 0, 0, 0
    if mode == "paged":
        from assistant.mail.backend import SUMMARY_FIELDS
        from assistant.mail.graph import GraphBackend, GraphSettings

        settings = GraphSettings(email=env["BENCH_EMAIL"], client_id=env["BENCH_CLIENT"], tenant=env["BENCH_TENANT"],
                                 graph_url=env["BENCH_URL"], login_url=env["BENCH_LOGIN"], ca_file=env["BENCH_CA"])
        backend = GraphBackend(settings, token=env["BENCH_TOKEN"])
        backend.me()  # connect outside the timing
        base = _rss_kb()
        started = time.perf_counter()
        for item in backend.iter_items("inbox", SUMMARY_FIELDS, page_size=1000):
            n += 1
            unread += not item.is_read
            recipients += (item.to_count or 0) + (item.cc_count or 0)
        elapsed = time.perf_counter() - started
        backend.close()
    else:
        import httpx

        http = httpx.Client(verify=ssl.create_default_context(cafile=env["BENCH_CA"]),
                            headers={"Authorization": f"Bearer {env['BENCH_TOKEN']}"}, timeout=60)
        http.get(f"{env['BENCH_URL']}/me")
        base = _rss_kb()
        started = time.perf_counter()
        url: str | None = f"{env['BENCH_URL']}/me/mailFolders/inbox/messages"
        while url:  # the obvious loop: no $select, no $top
            page = http.get(url).json()
            for msg in page["value"]:
                n += 1
                unread += not msg["isRead"]
                recipients += len(msg["toRecipients"]) + len(msg["ccRecipients"])
            url = page.get("@odata.nextLink")
        elapsed = time.perf_counter() - started
        http.close()
    print(json.dumps({"items": n, "seconds": elapsed, "peak_rss_mb": _peak_rss_kb() / 1024,
                      "growth_mb": (_peak_rss_kb() - base) / 1024, "unread": unread,
                      "recipients": recipients}))


def run_client(mode: str, handle) -> dict:
    env = dict(os.environ, BENCH_URL=handle.url, BENCH_EMAIL=handle.email, BENCH_TOKEN=handle.token,
               BENCH_CA=handle.ca_file, BENCH_CLIENT=handle.client_id, BENCH_TENANT=handle.tenant_id,
               BENCH_LOGIN=handle.base_url)
    handle.reset_stats()
    out = subprocess.run([sys.executable, __file__, "--client", mode], env=env, capture_output=True, text=True,
                         timeout=3600)
    if out.returncode != 0:
        raise SystemExit(f"{mode} client failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["requests"] = handle.stats.get("requests", 0) - 1  # minus the connect (/me)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,50000", help="folder sizes to compare (comma-separated)")
    ap.add_argument("--latency-ms", type=float, default=3.0, help="latency injected per request")
    ap.add_argument("--client", choices=("paged", "naive"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        return client(args.client)

    from emulators.graph import start_graph_emulator

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"Graph emulator over HTTPS, {args.latency_ms:g} ms latency per request; clients in their own process")
    print(f"{'items':>7} {'client':<7} {'seconds':>8} {'items/s':>9} {'requests':>9} {'peak RSS MB':>12} "
          f"{'growth MB':>10}")
    results: dict[tuple[int, str], dict] = {}
    for size in sizes:
        with start_graph_emulator(seed="empty", email="bench@mdusd.org") as handle:
            handle.store.bulk_add(handle.store.folder_id("inbox"), synthetic_rows(size))
            handle.faults.latency_ms = args.latency_ms
            for mode in ("paged", "naive"):
                r = run_client(mode, handle)
                if r["items"] != size:
                    raise SystemExit(f"{mode} saw {r['items']} items, expected {size}")
                results[(size, mode)] = r
                print(f"{size:>7} {mode:<7} {r['seconds']:>8.2f} {size / r['seconds']:>9.0f} {r['requests']:>9} "
                      f"{r['peak_rss_mb']:>12.1f} {r['growth_mb']:>10.1f}")
            p, n = results[(size, "paged")], results[(size, "naive")]
            assert p["unread"] == n["unread"] and p["recipients"] == n["recipients"], "clients disagree"
            print(f"{size:>7} paged vs naive: {n['seconds'] / p['seconds']:.1f}x faster, "
                  f"{n['requests'] / max(p['requests'], 1):.0f}x fewer requests, "
                  f"RSS growth during the scan {p['growth_mb']:.1f} vs {n['growth_mb']:.1f} MB")
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for mode in ("paged", "naive"):
            a, b = results[(lo, mode)]["peak_rss_mb"], results[(hi, mode)]["peak_rss_mb"]
            print(f"peak RSS {mode}: {lo} -> {hi} items: {a:.1f} -> {b:.1f} MB ({b / a:.2f}x)")


if __name__ == "__main__":
    main()
