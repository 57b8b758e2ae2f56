"""Precision and recall of AX101-AX106 on the labelled drafts, per split.

    .venv/bin/python bench/eval_accessibility.py
    .venv/bin/python bench/eval_accessibility.py --split test --show-errors
    .venv/bin/python bench/eval_accessibility.py --speed      # check() on 1 MB, without/with AX

Reads tests/data/accessibility (labels.json: a yes/no label per rule per draft,
and the dev/test split recorded in README.md before any evaluation). Each draft
is checked by the AX rule classes on a check Context, exactly as ``check`` runs
them; a rule "flags" a draft when it yields a hint. Rules are tuned on dev only;
test is reported.

``--speed`` times ``check`` (CPU time, parser caches cleared before each call) on
the 1 MB Outlook-style draft of bench/check_speed.py, the catalogue without and
with the AX rules, alternating, and the same draft with every coloured span
turned #999999 (nothing can be skipped: the whole contrast walk runs). The AX
rules are added to or taken from an in-process copy of the table; no file changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.model import Draft  # noqa: E402
from assistant.policy import default_policy  # noqa: E402
from assistant.rules.accessibility import ACCESSIBILITY_RULES  # noqa: E402
from assistant.rules.base import Context  # noqa: E402

DATA = ROOT / "tests" / "data" / "accessibility"


def flagged(html: str, policy) -> set[str]:
    ctx = Context(Draft(subject="Walnut Acres news", html=html), policy)
    return {r.code for r in ACCESSIBILITY_RULES if any(True for _ in r().check(ctx))}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def speed(rounds: int) -> None:
    import statistics
    import time

    sys.path.insert(0, str(ROOT / "bench"))
    from check_speed import clear_caches, synthetic_html

    import assistant.rules as registry
    from assistant.core.check import check
    from assistant.rules import accessibility

    policy = default_policy()
    full = dict(registry.RULES)
    full.update({r.code: r for r in ACCESSIBILITY_RULES})
    without = {c: r for c, r in full.items() if not c.startswith("AX")}

    def run(table: dict, draft: Draft) -> float:
        registry.RULES.clear()
        registry.RULES.update(table)
        clear_caches()
        kept.clear()
        for f in (accessibility._lower, accessibility._split, accessibility._page):
            getattr(f, "cache_clear", lambda: None)()
        t0 = time.process_time()
        check(draft, policy)
        return time.process_time() - t0

    html = synthetic_html(1_000_000)
    saved = dict(registry.RULES)
    import assistant.core.content as content

    parse_split = content.split_html
    kept: dict[str, object] = {}

    def sharing(on: bool) -> None:
        """Simulate Content carrying its parsed split (the change proposed to the lead):
        the AX rules then reuse the tree of the parse instead of parsing the body again."""
        if on:
            def keep(src: str):
                kept[src] = parse_split(src)
                return kept[src]

            content.split_html = keep
            accessibility._split = lambda src: kept[src] if src in kept else parse_split(src)
        else:
            content.split_html = parse_split
            accessibility._split = split_cached

    split_cached = accessibility._split
    try:
        print(f"check() on 1 MB HTML, CPU ms, median of {rounds} alternating runs")
        print(f"{'draft':<44} {'without AX':>10} {'with AX':>8} {'ratio':>6}")
        grey = html.replace("#1F4E79", "#999999")
        for label, body, n, shared in (("bench draft (check_speed.synthetic_html)", html, rounds, False),
                                       ("every span #999999 (full contrast walk)", grey, max(3, rounds // 3), False),
                                       ("the same, tree shared with the parse", grey, max(3, rounds // 3), True)):
            sharing(shared)
            draft = Draft(subject="Field trip permission slips due Friday", html=body)
            run(full, draft)  # warm-up: word lists, compiled patterns
            a: list[float] = []
            b: list[float] = []
            for i in range(n):
                for table, out in ((without, a), (full, b)) if i % 2 else ((full, b), (without, a)):
                    out.append(run(table, draft))
            ma, mb = statistics.median(a) * 1000, statistics.median(b) * 1000
            print(f"{label:<44} {ma:>10.1f} {mb:>8.1f} {mb / ma:>6.3f}")
    finally:
        content.split_html = parse_split
        accessibility._split = split_cached
        registry.RULES.clear()
        registry.RULES.update(saved)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--show-errors", action="store_true", help="list the false positives and negatives")
    ap.add_argument("--speed", action="store_true", help="time check() on 1 MB HTML without and with the AX rules")
    ap.add_argument("--rounds", type=int, default=21)
    args = ap.parse_args()
    if args.speed:
        speed(args.rounds)
        return 0
    labels_file = args.data / "labels.json"
    if not labels_file.is_file():
        print(f"no labels at {labels_file}", file=sys.stderr)
        return 3
    labels = json.loads(labels_file.read_text("utf-8"))
    policy = default_policy()
    got = {name: flagged((args.data / name).read_text("utf-8"), policy) for name in sorted(labels)}
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    codes = [r.code for r in ACCESSIBILITY_RULES]
    for split in splits:
        names = [n for n in sorted(labels) if labels[n]["split"] == split]
        print(f"\n{split}: {len(names)} drafts")
        print(f"{'rule':<7} {'pos':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>7}")
        errors = []
        for code in codes:
            tp = fp = fn = pos = 0
            for n in names:
                truth, hit = labels[n]["labels"][code], code in got[n]
                pos += truth
                tp += truth and hit
                fp += hit and not truth
                fn += truth and not hit
                if hit != truth:
                    errors.append(f"  {code} {'false positive' if hit else 'missed'}: {n}")
            print(f"{code:<7} {pos:>4} {tp:>4} {fp:>4} {fn:>4} {ratio(tp, tp + fp):>10} {ratio(tp, tp + fn):>7}")
        if args.show_errors and errors:
            print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
