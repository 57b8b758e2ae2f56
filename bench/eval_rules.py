"""How the rules behave on real mail: flag counts and labelled precision/recall.

    python bench/eval_rules.py [--split dev|test|both|dev2|...|dev29|alldev|test2|...|test23] [--corpora DIR] [--show-errors]
                               [--district-only] [--raise-baseline]

1. The labelled District set (tests/data/district/drafts.jsonl, written for
   issue 10 from BP 1114 and RULES.md; see SPLIT.md there): per rule and per
   split, precision, recall, TP/FP/FN, false hints on near misses and on clean
   mail (drafts no rule should flag), and whether CF101 has the right severity
   (error when a recipient is outside the District, warning when all are inside).
   ``--show-errors`` lists the District misses and false hints of the tuning
   splits only (dev and the later tuning sets): the test split is for reporting,
   never for tuning. ``--split dev2`` measures the second tuning set
   (drafts_dev2.jsonl, written later by another evaluator), ``--split dev3`` the
   third (drafts_dev3*.jsonl, two more evaluators), ``--split dev4`` the fourth
   (drafts_dev4*.jsonl, three more), ``--split dev5`` to ``--split dev8`` the fifth
   to eighth (drafts_dev5*.jsonl to drafts_dev8*.jsonl, two more each), ``--split alldev``
   all of them with dev; the
   ratchet baseline stays on dev alone. ``--split test2`` measures the second
   held-out set (drafts_test2*.jsonl, two more evaluators, written after dev4) and
   ``--split test3`` the third (drafts_test3*.jsonl, two more, written after dev7):
   like the test split, reported and never tuned on.
2. Per rule, how many messages of each corpus it flags (Enron inboxes,
   Berkeley categories, HTML ham): nothing should crash, and rates far from
   what a reader would expect point at precision problems.
3. EM901 (personal content) on the Berkeley labels: positives are messages
   labelled 1.2 "purely personal", negatives those labelled 1.1 "company
   business" (and not 1.2).
4. EM902 (chain letters / jokes): positives are 2.11 or 2.12 "jokes",
   negatives every other labelled message.
   Parts 3 and 4 are printed for the Berkeley dev and test parts separately.
   The split is the one the EM901 model is trained with (scripts/
   train_personal.py, ``assign_parts``): key sha256("berkeley:<file id>"),
   stratified on label 1.2, first 80 % by key = dev (the model's train and
   validation parts), last 20 % = test (never seen in training). Using any
   other split would measure the model on messages it was trained on.

The corpora are real Enron mail, not District mail; they live outside the
repo (../shared/corpora) and are never copied into it. Without them parts 2-4
are skipped.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import math
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.check import check  # noqa: E402
from assistant.core.loaders import SUFFIXES, draft_from_bytes, load_path  # noqa: E402
from assistant.core.model import Draft, DraftError  # noqa: E402
from assistant.rules import RULES  # noqa: E402

DISTRICT = ROOT / "tests" / "data" / "district" / "drafts.jsonl"
# The later tuning sets (SPLIT.md): each written by other evaluators, in one file or
# more; every record's split is the set's name.
_DIR = ROOT / "tests" / "data" / "district"
# A set's files are named for it: drafts_dev4.jsonl, drafts_dev4b.jsonl, ... (one per writer
# or two), so a new set is read once its files are in the folder.
_SET_FILE = re.compile(r"drafts_((dev|test)\d+)[a-z]?\.jsonl")


def _sets(kind: str) -> dict[str, tuple[Path, ...]]:
    """The sets of ``kind`` ("dev" or "test") with their files, in number order."""
    found: dict[str, list[Path]] = {}
    for f in sorted(_DIR.glob("drafts_*.jsonl")):
        m = _SET_FILE.fullmatch(f.name)
        if m and m.group(2) == kind:
            found.setdefault(m.group(1), []).append(f)
    return {name: tuple(found[name]) for name in sorted(found, key=lambda n: int(n[len(kind):]))}


TUNING_SETS = _sets("dev")
# Held-out sets written later by other evaluators (SPLIT.md, "test2" on): reported, never
# tuned on, so their errors are never listed.
HELD_OUT_SETS = _sets("test")
# What each --split name measures: the record splits it takes.
SPLIT_MEMBERS = {"dev": ("dev",), "test": ("test",), **{name: (name,) for name in TUNING_SETS},
                 "alldev": ("dev", *TUNING_SETS), **{name: (name,) for name in HELD_OUT_SETS}}
# Splits whose errors may be listed and tuned against (never the test split).
TUNING_SPLITS = ("dev", *TUNING_SETS, "alldev")
# The rules the District set labels, in catalogue order.
DISTRICT_CODES = ("CF101", "CF102", "CF201", "CF202", "CF301", "EM301", "EM901", "EM902")


# -- District set ---------------------------------------------------------------


def load_district(path: Path = DISTRICT) -> list[dict]:
    """The records of the District set (one JSON object a line)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class RuleScore:
    """Counts for one rule on one split."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    fp_near_miss: int = 0  # false hints on drafts written as near misses for this rule
    fp_clean: int = 0  # false hints on drafts that no rule should flag
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else math.nan

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else math.nan


@dataclass
class DistrictScore:
    """Everything measured on one split of the District set."""

    drafts: int = 0
    clean: int = 0  # drafts with every label false
    clean_flagged: int = 0  # of those, how many got any false hint from the labelled rules
    rules: dict[str, RuleScore] = field(default_factory=lambda: {c: RuleScore() for c in DISTRICT_CODES})
    severity_right: int = 0  # CF101 hits with the expected severity
    severity_wrong: list[str] = field(default_factory=list)  # "id: got warning, want error"


def evaluate_district(records: list[dict], split: str) -> DistrictScore:
    """Run check() over the records of ``split`` (a SPLIT_MEMBERS key, or "all")."""
    score = DistrictScore()
    for rec in records:
        if split != "all" and rec["split"] not in SPLIT_MEMBERS[split]:
            continue
        hints = check(Draft.from_json(rec["draft"]), only=DISTRICT_CODES)
        fired: dict[str, str] = {}
        for h in hints:
            # check() sorts most severe first, so the first hint of a code is its worst.
            fired.setdefault(h.code, h.severity.value)
        labels = rec["labels"]
        is_clean = not any(labels[c] for c in DISTRICT_CODES)
        score.drafts += 1
        score.clean += is_clean
        score.clean_flagged += is_clean and bool(fired)
        for code in DISTRICT_CODES:
            s, hit, want = score.rules[code], code in fired, labels[code]
            if hit and want:
                s.tp += 1
            elif hit:
                s.fp += 1
                s.false_positives.append(rec["id"])
                s.fp_near_miss += code in rec.get("near_miss", ())
                s.fp_clean += is_clean
            elif want:
                s.fn += 1
                s.misses.append(rec["id"])
            else:
                s.tn += 1
        if labels["CF101"] and "CF101" in fired:
            want_sev = rec["CF101_severity"]
            if fired["CF101"] == want_sev:
                score.severity_right += 1
            else:
                score.severity_wrong.append(f"{rec['id']}: got {fired['CF101']}, want {want_sev}")
    return score


def fmt(x: float) -> str:
    return "  n/a" if math.isnan(x) else f"{x:5.2f}"


def print_district(records: list[dict], split: str, show_errors: bool) -> DistrictScore:
    score = evaluate_district(records, split)
    print(f"\nDistrict set, {split} split: {score.drafts} drafts, {score.clean} clean (no rule should flag them)")
    print(f"{'rule':<6} {'flag':>4} {'pass':>4} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6}  {'FP near-miss':>12} {'FP clean':>8}")
    for code, s in score.rules.items():
        print(
            f"{code:<6} {s.tp + s.fn:>4} {s.fp + s.tn:>4} {s.tp:>4} {s.fp:>4} {s.fn:>4} {fmt(s.precision):>6} {fmt(s.recall):>6}"
            f"  {s.fp_near_miss:>12} {s.fp_clean:>8}"
        )
    total = collections.Counter()
    for s in score.rules.values():
        total.update(tp=s.tp, fp=s.fp, fn=s.fn)
    print(f"all    hints required {total['tp'] + total['fn']}, caught {total['tp']}, false hints {total['fp']}; "
          f"clean drafts with a false hint: {score.clean_flagged} of {score.clean}")
    hits = score.severity_right + len(score.severity_wrong)
    print(f"CF101 severity (error outside the District, warning inside): {score.severity_right} of {hits} caught records right")
    if show_errors and split in TUNING_SPLITS:
        for code, s in score.rules.items():
            if s.misses:
                print(f"  {code} missed: {' '.join(s.misses)}")
            if s.false_positives:
                print(f"  {code} false hint: {' '.join(s.false_positives)}")
        for line in score.severity_wrong:
            print(f"  CF101 severity: {line}")
    elif show_errors:
        print("  (errors of the test split are not listed: it is never used for tuning)")
    return score


BASELINE = ROOT / "tests" / "data" / "district" / "baseline.json"


def floor4(x: float) -> float | None:
    """Rounded down to 4 places, so a stored floor never exceeds the measured value."""
    return None if math.isnan(x) else math.floor(x * 10_000) / 10_000


def baseline_figures(score: DistrictScore) -> dict:
    """The dev-split figures the ratchet test holds (tests/rules/test_district_set.py)."""
    return {
        "rules": {
            code: {"recall": floor4(s.recall), "precision": floor4(s.precision), "tp": s.tp, "fp": s.fp, "fn": s.fn}
            for code, s in score.rules.items()
        },
        "clean_drafts_with_false_hint": score.clean_flagged,
        "cf101_severity_wrong": len(score.severity_wrong),
    }


def raise_baseline(score: DistrictScore, path: Path = BASELINE) -> None:
    """Move each floor up to the measured dev figure; never down (a ratchet)."""
    new = baseline_figures(score)
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        old = new
    for code, figs in new["rules"].items():
        was = old["rules"].get(code, figs)
        for key in ("recall", "precision"):
            if was.get(key) is not None and (figs[key] is None or figs[key] < was[key]):
                figs[key] = was[key]
    for key in ("clean_drafts_with_false_hint", "cf101_severity_wrong"):
        new[key] = min(new[key], old.get(key, new[key]))
    out = {
        "about": "Floors for the District dev split (tests/rules/test_district_set.py). Raise with "
        "bench/eval_rules.py --raise-baseline; never lower them.",
        **new,
    }
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"\nbaseline written: {path.relative_to(ROOT)}")


# -- Corpora ----------------------------------------------------------------------


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


def berkeley_parts(files: list[Path]) -> dict[str, str]:
    """File id -> "dev" | "test", by the EM901 training split (module docstring).

    The rule is imported from scripts/train_personal.py so the two cannot drift.
    """
    spec = importlib.util.spec_from_file_location("train_personal", ROOT / "scripts" / "train_personal.py")
    train = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = train  # dataclasses look their module up there
    spec.loader.exec_module(train)
    examples = [
        train.Example("berkeley", f.stem, "", (1, 2) in labels(f), frozenset(labels(f)))
        for f in files
        if f.with_suffix(".cats").exists()
    ]
    return {e.id: "test" if e.part == "test" else "dev" for e in train.assign_parts(examples)}


def print_corpora(corpora: Path, show_errors: bool) -> None:
    sets = {
        "enron-inboxes": sorted(p for p in (corpora / "enron-inboxes").glob("*/inbox/*") if p.is_file()),
        "berkeley": sorted((corpora / "berkeley-enron-categories").glob("*/*.txt")),
        "html-ham": sorted(p for p in (corpora / "html-ham").rglob("*") if p.is_file() and not p.name.startswith(("SOURCE", "cmds"))),
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

    print(f"\nMessages flagged per rule ({elapsed:.1f} s in all)\n")
    names = list(sets)
    print(f"{'rule':<6} {'name':<34}" + "".join(f"{n:>16}" for n in names))
    print(f"{'':<6} {'messages':<34}" + "".join(f"{flagged[n]['_messages']:>16}" for n in names))
    for code, rule in RULES.items():
        cells = []
        for n in names:
            k, total = flagged[n][code], flagged[n]["_messages"] or 1
            cells.append(f"{k:>7} ({100 * k / total:4.1f}%)")
        print(f"{code:<6} {rule.name:<34}" + "".join(f"{c:>16}" for c in cells))

    loaded = [f for f in sets["berkeley"] if f in results]
    parts = berkeley_parts(loaded)
    print("\nLabelled evaluation on berkeley-enron-categories "
          f"(dev {sum(p == 'dev' for p in parts.values())}, test {sum(p == 'test' for p in parts.values())} messages; split in the docstring)")
    for code, pos_labels, neg_rule in (
        ("EM901", {(1, 2)}, lambda L: (1, 1) in L and (1, 2) not in L),
        ("EM902", {(2, 11), (2, 12)}, lambda L: bool(L) and not (L & {(2, 11), (2, 12)})),
    ):
        for part in ("dev", "test", "all"):
            tp = fp = fn = 0
            fps, fns = [], []
            for f in loaded:
                if part != "all" and parts.get(f.stem) != part:
                    continue
                L = labels(f)
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
            print(f"  {code} {RULES[code].name:<28} {part:<4}: {prf(tp, fp, fn)}")
            if show_errors and part == "dev":
                for f in fps:
                    print(f"    false positive: {f.relative_to(corpora)}")
                for f in fns:
                    print(f"    missed: {f.relative_to(corpora)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test", "both", *TUNING_SETS, "alldev", *HELD_OUT_SETS), default="both",
                    help=f"District split(s) to measure: both = dev and test; dev2 ... {[*TUNING_SETS][-1]} = the later "
                    f"tuning sets; alldev = dev and every tuning set; test2 ... {[*HELD_OUT_SETS][-1]} = the later held-out sets")
    ap.add_argument("--district", type=Path, default=DISTRICT, help="the labelled District set (JSONL)")
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--show-errors", action="store_true", help="list false positives and misses (dev parts only)")
    ap.add_argument("--raise-baseline", action="store_true", help="raise the dev floors in tests/data/district/baseline.json to what is measured now (never lowers them)")
    ap.add_argument("--district-only", action="store_true", help="skip the Enron and Berkeley corpora")
    args = ap.parse_args()
    if args.raise_baseline and args.split not in ("dev", "both"):
        print("error: --raise-baseline needs --split dev or both (the baseline holds the dev split only)", file=sys.stderr)
        return 3

    sources = [args.district] if args.split not in TUNING_SETS and args.split not in HELD_OUT_SETS else []
    for name, files in {**TUNING_SETS, **HELD_OUT_SETS}.items():
        if args.split in (name, "alldev"):
            # A set still being written may not exist yet; the others must.
            sources.extend(f for f in files if f.exists() or f == files[0])
    records = []
    for source in sources:
        try:
            records += load_district(source)
        except (OSError, ValueError) as exc:
            print(f"error: cannot read the District set {source}: {exc}", file=sys.stderr)
            return 3
    for split in ("dev", "test") if args.split == "both" else (args.split,):
        try:
            score = print_district(records, split, args.show_errors)
        except (KeyError, TypeError, DraftError) as exc:
            print(f"error: a record of {', '.join(map(str, sources))} is malformed ({type(exc).__name__}: {exc}); "
                  "tests/rules/test_district_set.py says which", file=sys.stderr)
            return 3
        if split == "dev" and args.raise_baseline:
            raise_baseline(score)

    if args.district_only:
        return 0
    if not args.corpora.is_dir():
        print(f"\ncorpora not found at {args.corpora}: Enron and Berkeley figures skipped")
        return 0
    print_corpora(args.corpora, args.show_errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
