"""Fix and check on large HTML drafts: linear growth, and the issue's time goals.

    .venv/bin/python bench/fix_speed.py
    .venv/bin/python bench/fix_speed.py --sizes 1000,100000,1000000,5000000 --rounds 3

For Outlook-style HTML drafts of 1 KB, 100 KB, 1 MB and 5 MB (the synthetic body
of bench/check_speed.py):

1. ``POST /api/fix`` (signature + notice) over HTTPS: real uvicorn + TLS on
   127.0.0.1, token checked, JSON both ways. Goal: 1 MB in <= 2 s.
2. ``POST /api/check`` over HTTPS. Goal: 1 MB in <= 0.5 s.
3. ``check(draft)`` in process, parser caches cleared before each call.
   Peer: ``lxml.html`` parsing the same HTML alone (what any HTML-reading
   checker pays before reading a word).
4. The diff that /api/fix and ``fix --dry-run`` show (assistant.core.diff)
   on the draft's text before and after the fix. Peer: what the companion
   did before, difflib's SequenceMatcher (autojunk=False) opcodes plus
   difflib.unified_diff, on the same lines; it is quadratic on repeated
   lines, so it runs only up to --difflib-max lines.

``check`` reads a body's first 1,000,000 characters (content.MAX_CHECK_CHARS),
so its time levels off past 1 MB by design; fix and its diff read everything.

Each table prints the median of --rounds runs and the growth ratio from the
previous size (time ratio / size ratio: about 1 means linear growth).
"""

from __future__ import annotations

import argparse
import difflib
import os
import socket
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from check_speed import clear_caches, synthetic_html  # noqa: E402

SIGNATURE = {
    "name": "Dana Whitfield",
    "title": "5th Grade Teacher",
    "school": "Oak Hollow Elementary",
    "phone": "(925) 555-0142",
    "email": "dwhitfield@mdusd.org",
}


def payload(size: int) -> dict:
    return {
        "subject": "Field trip permission slips due Friday",
        "to": [{"address": "families-room14@mdusd.org", "name": "Room 14 families"}],
        "html": synthetic_html(size),
    }


def timed(fn, rounds: int) -> tuple[float, object]:
    runs, out = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), out


def growth(sizes: list[int], times: list[float]) -> list[str]:
    """Per step: (time ratio) / (size ratio); 1.0 is linear, 10 per 10x step would be quadratic."""
    out = [""]
    for k in range(1, len(sizes)):
        out.append(f"{(times[k] / times[k - 1]) / (sizes[k] / sizes[k - 1]):.2f}")
    return out


def label(n: int) -> str:
    return f"{n / 1e6:g} MB" if n >= 1_000_000 else f"{n / 1e3:g} KB"


def bench_api(sizes: list[int], rounds: int) -> tuple[list[float], list[float]]:
    import httpx

    from assistant.policy import default_policy
    from assistant.server.run import start_server
    from assistant.server.service import Companion

    fix_t: list[float] = []
    check_t: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["MAIL_ASSISTANT_HOME"] = home
        handle = start_server(Companion(policy=default_policy()), 0, home=Path(home))
        try:
            ctx = ssl.create_default_context(cafile=str(handle.tls.ca))
            headers = {"Authorization": f"Bearer {handle.token}"}
            transport = httpx.HTTPTransport(verify=ctx, socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
            with httpx.Client(transport=transport, timeout=120) as client:
                # A signature save carries the settings version the page loaded (GET /api/config).
                cfg = client.get(handle.url + "api/config", headers=headers)
                cfg.raise_for_status()
                version = cfg.json()["signature"]["version"]
                client.put(handle.url + "api/signature", json={"fields": SIGNATURE, "version": version}, headers=headers).raise_for_status()
                print("1-2. over HTTPS (uvicorn + TLS, token, JSON): POST /api/fix (signature + notice), POST /api/check")
                print(f"{'size':>8} {'fix s':>8} {'changed lines':>14} {'check s':>8}")
                for size in sizes:
                    body = payload(size)

                    def fix() -> dict:
                        # A new body each time: the server's parse caches must not answer.
                        b = dict(body, html=body["html"] + f"<!-- {time.perf_counter_ns()} -->")
                        r = client.post(handle.url + "api/fix", json={"draft": b, "fixes": ["signature", "notice"]}, headers=headers)
                        r.raise_for_status()
                        return r.json()

                    def check() -> dict:
                        b = dict(body, html=body["html"] + f"<!-- {time.perf_counter_ns()} -->")
                        r = client.post(handle.url + "api/check", json={"draft": b}, headers=headers)
                        r.raise_for_status()
                        return r.json()

                    fix()  # warm-up (connection, term lists)
                    f, out = timed(fix, rounds)
                    c, _ = timed(check, rounds)
                    changed = sum(1 for line in out["diff"]["lines"] if line["op"] in ("insert", "delete"))
                    fix_t.append(f)
                    check_t.append(c)
                    print(f"{label(size):>8} {f:8.3f} {changed:>14} {c:8.3f}")
        finally:
            handle.stop()
    g_fix, g_check = growth(sizes, fix_t), growth(sizes, check_t)
    print("   growth per step (time ratio / size ratio): fix " + ", ".join(g_fix[1:]) + "; check " + ", ".join(g_check[1:]))
    return fix_t, check_t


def bench_check(sizes: list[int], rounds: int) -> list[float]:
    import lxml.html

    from assistant.core.check import check
    from assistant.core.model import Draft
    from assistant.policy import default_policy

    policy = default_policy()
    check(Draft(subject="warm-up", text="Slips are due Friday.\n\nThanks,\nDana"), policy)
    print("\n3. check(draft) in process (caches cleared) vs lxml.html.document_fromstring alone")
    print(f"{'size':>8} {'check ms':>9} {'lxml ms':>9} {'check/lxml':>11}")
    ours = []
    for size in sizes:
        draft = Draft.from_json(payload(size))

        runs = []
        for _ in range(rounds):
            clear_caches()
            t0 = time.perf_counter()
            check(draft, policy)
            runs.append(time.perf_counter() - t0)
        c = statistics.median(runs)
        p, _ = timed(lambda: lxml.html.document_fromstring(draft.html), rounds)
        ours.append(c)
        print(f"{label(size):>8} {c * 1000:9.1f} {p * 1000:9.1f} {c / p:10.1f}x")
    print("   growth per step: " + ", ".join(growth(sizes, ours)[1:]))
    return ours


def difflib_diff(a: list[str], b: list[str]) -> str:
    """What the companion's diff did before: difflib opcodes for the preview lines
    (autojunk=False, so repeated lines still match) and difflib's unified text."""
    difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return "\n".join(difflib.unified_diff(a, b, "before", "after", lineterm=""))


def bench_diff(sizes: list[int], rounds: int, difflib_max: int) -> None:
    from assistant.core import fixes
    from assistant.core.diff import Matcher, unified_diff
    from assistant.core.model import Draft
    from assistant.core.signature import Signature
    from assistant.policy import default_policy
    from assistant.app.diff import full_text

    policy = default_policy()
    sig = Signature.from_config(SIGNATURE)
    print("\n4. the fix's text diff: assistant.core.diff vs difflib.SequenceMatcher(autojunk=False)")
    print(f"{'size':>8} {'lines':>7} {'ours ms':>8} {'work/line':>10} {'difflib ms':>11} {'difflib/ours':>13}")
    ours = []
    for size in sizes:
        before = Draft.from_json(payload(size))
        after, _ = fixes.apply(before, ["signature", "notice"], policy=policy, signature=sig)
        a, b = full_text(before).split("\n"), full_text(after).split("\n")
        t, _ = timed(lambda: unified_diff(a, b), rounds)
        m = Matcher(a, b)
        m.get_opcodes()
        ours.append(t)
        peer = ""
        ratio = ""
        if len(a) <= difflib_max:
            p, _ = timed(lambda: difflib_diff(a, b), 1)
            peer, ratio = f"{p * 1000:11.1f}", f"{p / t:12.0f}x"
        else:
            peer = f"{'(skipped)':>11}"
        print(f"{label(size):>8} {len(a):>7} {t * 1000:8.2f} {m.work / (len(a) + len(b)):10.2f} {peer} {ratio:>13}")
    print("   growth per step: " + ", ".join(growth(sizes, ours)[1:]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,100000,1000000,5000000", help="HTML body sizes in characters")
    ap.add_argument("--rounds", type=int, default=3, help="runs per measurement (median)")
    ap.add_argument("--difflib-max", type=int, default=5000, help="run difflib only up to this many lines")
    ap.add_argument("--no-api", action="store_true", help="skip the HTTPS part")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not args.no_api:
        fix_t, check_t = bench_api(sizes, args.rounds)
        if 1_000_000 in sizes:
            k = sizes.index(1_000_000)
            print(f"   goals at 1 MB: fix {fix_t[k]:.2f} s (<= 2 s: {'met' if fix_t[k] <= 2 else 'NOT met'}), "
                  f"check {check_t[k]:.2f} s (<= 0.5 s: {'met' if check_t[k] <= 0.5 else 'NOT met'})")
    bench_check(sizes, args.rounds)
    bench_diff(sizes, args.rounds, args.difflib_max)
    return 0


if __name__ == "__main__":
    sys.exit(main())
