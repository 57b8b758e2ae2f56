"""Where `check(draft)` spends its time on real mail: the slowest messages, each rule's
share, and cProfile of the worst.

    .venv/bin/python bench/profile_check.py [--corpora DIR] [--top N] [--cprofile N]

1. Loads the HTML newsletters (html-ham) and the Enron inboxes of ../shared/corpora
   (not timed).
2. Per message, with the parser's caches cleared: check() as a whole, then the same
   draft step by step on one check context: the parse (``Context.content``), then each
   rule class of the catalogue in order (rules share the context's caches, as in check,
   so a shared computation is charged to the first rule that asks for it).
3. Prints p50/p95/p99 per corpus, the total per step, the --top slowest messages with
   their five costliest steps, and cProfile (by internal time) of the --cprofile worst.

Times are CPU time of this process (time.process_time), so other work on the machine
moves them less. The corpora stay outside the repo; without them this prints why and
exits 1.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from check_speed import clear_caches, pct  # noqa: E402

from assistant.core.check import check  # noqa: E402
from assistant.core.loaders import draft_from_bytes  # noqa: E402
from assistant.core.model import Draft, DraftError  # noqa: E402
from assistant.policy import default_policy  # noqa: E402
from assistant.rules import RULES, Context  # noqa: E402

CORPORA = ("html-ham", "enron-inboxes")


def load(root: Path) -> list[tuple[str, Draft]]:
    out = []
    for name in CORPORA:
        folder = root / name
        for f in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".md"):
            try:
                out.append((f"{name}/{f.relative_to(folder)}", draft_from_bytes(f.read_bytes(), ".eml")))
            except DraftError:
                pass
    return out


def steps(draft: Draft, policy) -> dict[str, float]:
    """Milliseconds of the parse and of each rule, on one fresh check context."""
    clear_caches()
    ctx = Context(draft, policy)
    t0 = time.process_time()
    ctx.content
    ctx.text
    out = {"parse": (time.process_time() - t0) * 1000}
    for code, rule in RULES.items():
        t0 = time.process_time()
        list(rule().check(ctx))
        out[code] = (time.process_time() - t0) * 1000
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--top", type=int, default=20, help="list this many slowest messages")
    ap.add_argument("--cprofile", type=int, default=1, help="cProfile this many of the slowest")
    args = ap.parse_args()
    if not all((args.corpora / name).is_dir() for name in CORPORA):
        print(f"corpora {', '.join(CORPORA)} not found under {args.corpora}: nothing to profile")
        return 1
    policy = default_policy()
    messages = load(args.corpora)
    check(Draft(subject="warm-up", text="Slips are due Friday.\n\nThanks,\nDana"), policy)

    rows = []
    totals: dict[str, float] = {}
    for name, draft in messages:
        clear_caches()
        t0 = time.process_time()
        check(draft, policy)
        whole = (time.process_time() - t0) * 1000
        per = steps(draft, policy)
        for k, v in per.items():
            totals[k] = totals.get(k, 0.0) + v
        rows.append((whole, name, len(draft.html or draft.text or ""), per))

    for corpus in CORPORA:
        ms = [r[0] for r in rows if r[1].startswith(corpus)]
        print(f"{corpus:<14} n={len(ms):>5} p50={statistics.median(ms):7.1f} p95={pct(ms, 95):7.1f} "
              f"p99={pct(ms, 99):7.1f} max={max(ms):7.1f} ms  total {sum(ms) / 1000:.2f} s")
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    print("\ntotal per step, s: " + ", ".join(f"{k} {v / 1000:.2f}" for k, v in ranked[:14]))

    rows.sort(key=lambda r: -r[0])
    print(f"\nthe {args.top} slowest messages (ms, body characters, costliest steps)")
    for whole, name, size, per in rows[: args.top]:
        top = sorted(per.items(), key=lambda kv: -kv[1])[:5]
        print(f"{whole:8.1f} {size:>8}  {name[:58]:<58} " + " ".join(f"{k}={v:.1f}" for k, v in top))

    drafts = dict(messages)
    for whole, name, _, _ in rows[: args.cprofile]:
        clear_caches()
        prof = cProfile.Profile()
        prof.enable()
        check(drafts[name], policy)
        prof.disable()
        print(f"\ncProfile of {name} ({whole:.0f} ms), by internal time")
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
