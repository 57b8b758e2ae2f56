"""Does the learned second signal of CF101/CF201/CF202/CF301 generalise to unseen writers?

    python bench/eval_learned.py [--codes CF101,CF201,CF202,CF301] [--corpora DIR] [--no-corpora] [--show]

1. Leave-one-writer-out (LOWO) cross-validation over the four writers of the
   District tuning sets (dev, dev2, dev3 f-ids, dev3 g-ids; the test split is
   never read). Nested: for each held-out writer the threshold is chosen by an
   inner LOWO over the other three (scripts/train_cf.py ``choose_threshold``),
   the model is fitted on those three, and only then scores the held-out writer.
   Per fold: positives, recall of the patterns alone and of patterns OR model,
   the false hints the model adds (on must-pass drafts, on near misses, on clean
   drafts), and the model's own recall at that threshold (how much of an unseen
   writer's phrasing it recognises without the patterns).
   Caveat: the patterns were tuned on all four writers, so their recall here is
   optimistic (about 0.97-1.0, against 0.44-0.81 on the test split); what the
   model adds here is therefore a lower bound of what it can add on new writers,
   and the model's own recall is the better view of how it generalises.
2. Forward in time (``--forward``): the patterns as they stood in git just
   before a tuning set was written had never seen its writers, like the test
   split now. The rules of the commit before drafts_dev3*.jsonl were added are
   run (from ``git archive``, in a temporary folder) on dev3; the model is
   trained on dev and dev2 only (threshold by LOWO over those two, with the old
   patterns) and scores dev3. This is the closest honest stand-in for the test
   split: the old patterns' recall on dev3 is about what the current ones reach
   on the test split.
3. A fifth writer: the examples of training/cf (written for this project and,
   by default, not trained on), patterns alone vs patterns OR model.
4. Clean mail: the models as scripts/train_cf.py would export them (fitted on
   all four writers, LOWO threshold), over the Enron inboxes and the Berkeley
   corpus in ../shared/corpora (never copied into the repo): how many messages
   each code newly flags where its rule's patterns did not; ``--show`` prints the
   file names and the words.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.check import check  # noqa: E402
from assistant.core.loaders import SUFFIXES, draft_from_bytes, load_path  # noqa: E402
from assistant.core.model import DraftError  # noqa: E402
from assistant.core.personal import PersonalModel, document  # noqa: E402
from assistant.policy import default_policy  # noqa: E402
from assistant.rules import learned  # noqa: E402
from assistant.rules.base import Context  # noqa: E402
from assistant.rules.email_protocol import strip_prefixes  # noqa: E402


def trainer():
    spec = importlib.util.spec_from_file_location("train_cf", ROOT / "scripts" / "train_cf.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


GROUPS = ("dev", "dev2", "dev3f", "dev3g")


def lowo(tc, rows, code: str) -> dict:
    """Nested LOWO for one code: per-fold figures and the thresholds used."""
    folds = {}
    for g in GROUPS:
        inner = tuple(x for x in GROUPS if x != g)
        threshold = tc.choose_threshold(rows, code, tc.out_of_fold(rows, code, inner))
        train = tc.training_rows(rows, code, tuple(x for x in GROUPS if x != g))
        vec, clf = tc.fit([r.text for r in train], [r.labels[code] for r in train])
        held = [r for r in rows if r.group == g]
        s = tc.scores(vec, clf, [r.text for r in held])
        f = dict(threshold=threshold, pos=0, pat=0, both=0, model_alone=0, add_fp=0, add_fp_near=0, add_fp_clean=0,
                 pat_fp=0, added_ids=[], fp_ids=[])
        for r, score in zip(held, s):
            model = score[0] >= threshold and tc.gate_ok(r, code, score)
            added = model and not r.patterns[code]
            if r.labels[code]:
                f["pos"] += 1
                f["pat"] += r.patterns[code]
                f["both"] += r.patterns[code] or model
                f["model_alone"] += model
                if added:
                    f["added_ids"].append(r.id)
            else:
                f["pat_fp"] += r.patterns[code]
                if added:
                    f["add_fp"] += 1
                    f["add_fp_near"] += code in r.near_miss
                    f["add_fp_clean"] += r.clean
                    f["fp_ids"].append(r.id)
        folds[g] = f
    return folds


def print_lowo(code: str, folds: dict) -> None:
    print(f"\n{code}: leave-one-writer-out (threshold chosen on the other three writers)")
    print(f"  {'writer':<6} {'thr':>6} {'pos':>4} {'pat rec':>8} {'+model rec':>10} {'model alone':>11} {'added TP':>8} {'added FP':>8} {'near':>4} {'clean':>5}")
    tot = {k: 0 for k in ("pos", "pat", "both", "model_alone", "add_fp", "add_fp_near", "add_fp_clean", "pat_fp")}
    for g, f in folds.items():
        for k in tot:
            tot[k] += f[k]
        print(f"  {g:<6} {f['threshold']:>6.2f} {f['pos']:>4} {f['pat'] / f['pos']:>8.3f} {f['both'] / f['pos']:>10.3f} "
              f"{f['model_alone'] / f['pos']:>11.3f} {f['both'] - f['pat']:>8} {f['add_fp']:>8} {f['add_fp_near']:>4} {f['add_fp_clean']:>5}"
              + (f"   added: {' '.join(f['added_ids'])}" if f["added_ids"] else "")
              + (f"   false: {' '.join(f['fp_ids'])}" if f["fp_ids"] else ""))
    prec_pat = tot["pat"] / (tot["pat"] + tot["pat_fp"]) if tot["pat"] + tot["pat_fp"] else float("nan")
    flagged = tot["both"] + tot["pat_fp"] + tot["add_fp"]
    print(f"  {'all':<6} {'':>6} {tot['pos']:>4} {tot['pat'] / tot['pos']:>8.3f} {tot['both'] / tot['pos']:>10.3f} "
          f"{tot['model_alone'] / tot['pos']:>11.3f} {tot['both'] - tot['pat']:>8} {tot['add_fp']:>8} {tot['add_fp_near']:>4} {tot['add_fp_clean']:>5}")
    print(f"  precision: patterns {prec_pat:.3f}, patterns+model {tot['both'] / flagged:.3f}")


_OLD_HITS = """
import json, sys
from assistant.core.check import check
from assistant.core.model import Draft
out = {}
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            out[r["id"]] = sorted({h.code for h in check(Draft.from_json(r["draft"]), only=tuple(sys.argv[1].split(",")))})
print(json.dumps(out))
"""


def old_pattern_hits(commit: str, codes: tuple[str, ...], files: list[Path]) -> dict[str, list[str]]:
    """id -> codes the rules of ``commit`` flag, run from a ``git archive`` of it."""
    import os
    import subprocess
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": tmp, "MAIL_ASSISTANT_HOME": str(Path(tmp) / "home")}
        done = subprocess.run([sys.executable, "-c", _OLD_HITS, ",".join(codes), *map(str, files)], capture_output=True,
                              text=True, env=env, cwd=tmp, check=True)
    return json.loads(done.stdout)


def added_commit(path: str) -> str:
    """The first commit that added ``path`` (tests/data/district/...)."""
    import subprocess

    out = subprocess.run(["git", "-C", str(ROOT), "log", "--diff-filter=A", "--format=%H", "--", path],
                         capture_output=True, text=True, check=True).stdout.split()
    return out[-1]


def print_forward(tc, rows, codes: tuple[str, ...]) -> None:
    import subprocess

    firsts = [added_commit(f"tests/data/district/{n}") for n in ("drafts_dev3.jsonl", "drafts_dev3b.jsonl")]
    # The older of the two first commits; its parent never saw dev3.
    order = subprocess.run(["git", "-C", str(ROOT), "rev-list", "--topo-order", *firsts], capture_output=True, text=True, check=True).stdout.split()
    first = max(firsts, key=order.index)
    before = first + "^"
    label = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s", before], capture_output=True, text=True, check=True).stdout.strip()
    old = old_pattern_hits(before, codes, [tc.DISTRICT / n for n in ("drafts_dev2.jsonl", "drafts_dev3.jsonl", "drafts_dev3b.jsonl")])
    print(f"\nForward in time: the rules of {label[:70]} (never saw dev3) on dev3; model trained on dev + dev2")
    print(f"  {'code':<6} {'thr':>6} {'pos':>4} {'old pat':>8} {'+model':>7} {'added TP':>8} {'added FP':>8} {'clean':>5} {'model alone':>11}")
    train_groups = ("dev", "dev2")
    for code in codes:
        # The old patterns on dev2 too, so that the threshold sees what they left alone then.
        moved = [r if r.group == tc.OWN else tc.replace(r, patterns={**r.patterns, code: code in old[r.id] if r.id in old else r.patterns[code]})
                 for r in rows]
        threshold = tc.choose_threshold(moved, code, tc.out_of_fold(moved, code, train_groups))
        train = tc.training_rows(moved, code, train_groups)
        vec, clf = tc.fit([r.text for r in train], [r.labels[code] for r in train])
        test = [r for r in moved if r.group in ("dev3f", "dev3g")]
        pos = pat = add_tp = add_fp = clean = alone = 0
        false = []
        for r, score in zip(test, tc.scores(vec, clf, [r.text for r in test])):
            model = score[0] >= threshold and tc.gate_ok(r, code, score)
            if r.labels[code]:
                pos += 1
                pat += r.patterns[code]
                add_tp += model and not r.patterns[code]
                alone += model
            elif model and not r.patterns[code]:
                add_fp += 1
                clean += r.clean
                false.append(r.id)
        print(f"  {code:<6} {threshold:>6.2f} {pos:>4} {pat / pos:>8.3f} {(pat + add_tp) / pos:>7.3f} {add_tp:>8} {add_fp:>8} {clean:>5} {alone / pos:>11.3f}"
              + (f"   false: {' '.join(false)}" if false else ""))


def corpus_files(corpora: Path) -> dict[str, list[Path]]:
    return {
        "enron-inboxes": sorted(p for p in (corpora / "enron-inboxes").glob("*/inbox/*") if p.is_file()),
        "berkeley": sorted((corpora / "berkeley-enron-categories").glob("*/*.txt")),
    }


def final_models(tc, rows, codes: tuple[str, ...]) -> dict:
    """code -> (model, gate) as scripts/train_cf.py exports them: all four writers, LOWO threshold."""
    models = {}
    for code in codes:
        threshold = tc.choose_threshold(rows, code, tc.out_of_fold(rows, code, GROUPS))
        train = tc.training_rows(rows, code, GROUPS)
        vec, clf = tc.fit([r.text for r in train], [r.labels[code] for r in train])
        models[code] = (PersonalModel(tc.export_model(vec, clf, threshold, code)), tc.GATES[code])
    return models


def print_fifth_writer(tc, models: dict) -> None:
    """The examples of training/cf (written for this project, not used in training by
    default) as a fifth unseen writer: patterns alone vs patterns OR model."""
    from assistant.core.model import ComposeType, Draft, Recipient

    policy = default_policy()
    examples = tc.own_examples(tc.EXAMPLES)
    print(f"\nA fifth writer: the {len(examples)} examples of {tc.EXAMPLES.relative_to(ROOT).as_posix()} (not trained on), "
          "as drafts between two District addresses")
    for code, (model, gate) in models.items():
        rows = [r for r in examples if code in r.labels]
        if not rows:
            continue
        pos = pat = both = add_fp = neg = 0
        for r in rows:
            text, _, subject = r.text.partition("\n")
            draft = Draft(subject=subject, sender=Recipient("staff1@mdusd.org", "Staff One"), to=(Recipient("staff2@mdusd.org", "Staff Two"),),
                          text=text, compose_type=ComposeType.NEW)
            with learned.disabled():
                p = code in {h.code for h in check(draft, only=(code,))}
            doc = document(Context(draft, policy).text, subject)
            m = model.decision(doc) >= model.threshold and sum(t.weight > 0 for t in model.score(doc, top=tc.MIN_TERMS).top_terms) >= tc.MIN_TERMS
            if r.labels[code]:
                pos, pat, both = pos + 1, pat + p, both + (p or m)
            else:
                neg, add_fp = neg + 1, add_fp + (m and not p)
        print(f"  {code}: must flag {pos}: patterns {pat}, patterns+model {both}; must pass {neg}: model adds {add_fp} false hints")


def print_corpora(tc, models: dict, corpora: Path, show: bool) -> None:
    codes = tuple(models)
    policy = default_policy()
    started = time.perf_counter()
    print("\nClean mail: messages each code's model newly flags (patterns silent), models fitted on all four writers")
    for name, files in corpus_files(corpora).items():
        counts = dict.fromkeys(codes, 0)
        seen = 0
        shown = []
        for f in files:
            try:
                draft = load_path(f) if f.suffix.lower() in SUFFIXES else draft_from_bytes(f.read_bytes(), ".eml")
            except DraftError:
                continue
            seen += 1
            ctx = Context(draft, policy)
            doc = document(ctx.text, strip_prefixes(draft.subject or ""))
            hit = [c for c, (m, _) in models.items() if m.decision(doc) >= m.threshold
                   and sum(t.weight > 0 for t in m.score(doc, top=tc.MIN_TERMS).top_terms) >= tc.MIN_TERMS]
            if not hit:
                continue
            with learned.disabled():
                fired = {h.code for h in check(draft, only=tuple(hit))}
            for c in hit:
                gate = models[c][1]
                if c in fired or (gate == "person" and not learned._has_person(ctx)):
                    continue
                counts[c] += 1
                shown.append(f"    {c} {f.relative_to(corpora)}: {', '.join(models[c][0].score(doc).words)}")
        print(f"  {name:<14} {seen:>5} messages: " + ", ".join(f"{c} {n}" for c, n in counts.items()))
        if show:
            print("\n".join(shown))
    print(f"  ({time.perf_counter() - started:.1f} s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--codes", default="CF101,CF201,CF202,CF301")
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--no-corpora", action="store_true")
    ap.add_argument("--examples", action="store_true", help="with the examples of training/cf in every training part")
    ap.add_argument("--forward", action="store_true", help="also the forward-in-time check (part 2; needs git)")
    ap.add_argument("--show", action="store_true", help="list the corpus messages flagged and their words")
    args = ap.parse_args()
    tc = trainer()
    tc.USE_EXAMPLES = args.examples
    codes = tuple(c.strip().upper() for c in args.codes.split(",") if c.strip())
    bad = [c for c in codes if c not in tc.CODES]
    if bad:
        print(f"error: unknown code(s) {', '.join(bad)}", file=sys.stderr)
        return 2
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("error: scikit-learn is needed: .venv/bin/pip install scikit-learn", file=sys.stderr)
        return 3
    rows = tc.load_rows()
    print(f"{sum(r.group in GROUPS for r in rows)} tuning drafts: " + ", ".join(f"{g} {sum(r.group == g for r in rows)}" for g in GROUPS)
          + f"; own training examples {sum(r.group == tc.OWN for r in rows)} (always in training, never held out)")
    for code in codes:
        print_lowo(code, lowo(tc, rows, code))
    if args.forward:
        print_forward(tc, rows, codes)
    models = final_models(tc, rows, codes)
    if not tc.USE_EXAMPLES:
        print_fifth_writer(tc, models)
    if not args.no_corpora:
        if args.corpora.is_dir():
            print_corpora(tc, models, args.corpora, args.show)
        else:
            print(f"\ncorpora not found at {args.corpora}: clean-mail check skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
