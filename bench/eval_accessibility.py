"""Precision and recall of AX101-AX106 on the labelled drafts, per split.

    .venv/bin/python bench/eval_accessibility.py
    .venv/bin/python bench/eval_accessibility.py --split test --show-errors

Reads tests/data/accessibility (labels.json: a yes/no label per rule per draft,
and the dev/test split recorded in README.md before any evaluation). Each draft
is checked by the AX rule classes on a check Context, exactly as ``check`` runs
them; a rule "flags" a draft when it yields a hint. Rules are tuned on dev only;
test is reported.
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--show-errors", action="store_true", help="list the false positives and negatives")
    args = ap.parse_args()
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
