"""How the rules behave on real mail: flag counts and labelled precision/recall.

    python bench/eval_rules.py [--corpora DIR] [--show-errors]

1. Per rule, how many messages of each corpus it flags (Enron inboxes,
   Berkeley categories, HTML ham): nothing should crash, and rates far from
   what a reader would expect point at precision problems.
2. EM901 (personal content) on the Berkeley labels: positives are messages
   labelled 1.2 "purely personal", negatives those labelled 1.1 "company
   business" (and not 1.2).
3. EM902 (chain letters / jokes): positives are 2.11 or 2.12 "jokes",
   negatives every other labelled message.

The corpora are real Enron mail, not District mail; they live outside the
repo (../shared/corpora) and are never copied into it.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.check import check  # noqa: E402
from assistant.core.loaders import SUFFIXES, draft_from_bytes, load_path  # noqa: E402
from assistant.core.model import DraftError  # noqa: E402
from assistant.rules import RULES  # noqa: E402


def labels(path: Path) -> set[tuple[int, int]]:
    out = set()
    cats = path.with_suffix(".cats")
    if cats.exists():
        for line in cats.read_text().split():
            parts = line.split(",")
            if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
                out.add((int(parts[0]), int(parts[1])))
    return out


def prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return f"precision {p:.2f} ({tp}/{tp + fp}), recall {r:.2f} ({tp}/{tp + fn})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--show-errors", action="store_true", help="list false positives and misses")
    args = ap.parse_args()
    if not args.corpora.is_dir():
        print(f"corpora not found at {args.corpora}: nothing to measure")
        return 0
    sets = {
        "enron-inboxes": sorted(p for p in (args.corpora / "enron-inboxes").glob("*/inbox/*") if p.is_file()),
        "berkeley": sorted((args.corpora / "berkeley-enron-categories").glob("*/*.txt")),
        "html-ham": sorted(p for p in (args.corpora / "html-ham").rglob("*") if p.is_file() and not p.name.startswith(("SOURCE", "cmds"))),
    }
    flagged: dict[str, collections.Counter] = {}
    results: dict[Path, set[str]] = {}
    started = time.perf_counter()
    for name, files in sets.items():
        counter: collections.Counter = collections.Counter()
        bad = 0
        for f in files:
            try:
                # SpamAssassin file names end in a hash, not a suffix: they are RFC 822.
                draft = load_path(f) if f.suffix.lower() in SUFFIXES else draft_from_bytes(f.read_bytes(), ".eml")
            except DraftError:
                bad += 1
                continue
            codes = {h.code for h in check(draft)}
            results[f] = codes
            counter.update(codes)
        counter["_messages"] = len(files) - bad
        counter["_unreadable"] = bad
        flagged[name] = counter
    elapsed = time.perf_counter() - started

    print(f"Messages flagged per rule ({elapsed:.1f} s in all)\n")
    names = list(sets)
    print(f"{'rule':<6} {'name':<34}" + "".join(f"{n:>16}" for n in names))
    print(f"{'':<6} {'messages':<34}" + "".join(f"{flagged[n]['_messages']:>16}" for n in names))
    for code, rule in RULES.items():
        cells = []
        for n in names:
            k, total = flagged[n][code], flagged[n]["_messages"] or 1
            cells.append(f"{k:>7} ({100 * k / total:4.1f}%)")
        print(f"{code:<6} {rule.name:<34}" + "".join(f"{c:>16}" for c in cells))

    print("\nLabelled evaluation on berkeley-enron-categories")
    for code, pos_labels, neg_rule in (
        ("EM901", {(1, 2)}, lambda L: (1, 1) in L and (1, 2) not in L),
        ("EM902", {(2, 11), (2, 12)}, lambda L: bool(L) and not (L & {(2, 11), (2, 12)})),
    ):
        tp = fp = fn = 0
        fps, fns = [], []
        for f in sets["berkeley"]:
            L = labels(f)
            if f not in results:
                continue
            pos = bool(L & pos_labels)
            if not pos and not neg_rule(L):
                continue
            hit = code in results[f]
            if hit and pos:
                tp += 1
            elif hit:
                fp += 1
                fps.append(f)
            elif pos:
                fn += 1
                fns.append(f)
        print(f"  {code} {RULES[code].name}: {prf(tp, fp, fn)}")
        if args.show_errors:
            for f in fps:
                print(f"    false positive: {f.relative_to(args.corpora)}")
            for f in fns:
                print(f"    missed: {f.relative_to(args.corpora)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
