"""How fast `check(draft)` is on real mail, against proselint on the same texts.

    python bench/check_speed.py [--corpora DIR] [--limit N] [--no-proselint]

1. Loads every message of the Enron inboxes (../shared/corpora/enron-inboxes)
   first; loading is not timed.
2. Times ``check(draft)`` per message (the content parser's caches are cleared
   before each call, so every message is parsed from scratch, as a draft that
   has just changed would be): median, p95, max and mean, overall and per body
   size bucket.
3. Times a synthetic 1 MB HTML body (best of a few runs' median).
4. Runs proselint (a prose linter, the peer) on the SAME texts, the new text of
   each message, through its Python API in this run, and prints the ratio of
   medians and of totals (proselint time / our time).

The corpus is real Enron mail; it stays outside the repo and is never copied.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core import content as content_mod  # noqa: E402
from assistant.core.check import check  # noqa: E402
from assistant.core.loaders import draft_from_bytes  # noqa: E402
from assistant.core.model import Draft, DraftError  # noqa: E402
from assistant.policy import default_policy  # noqa: E402

BUCKETS = [(0, 2_000, "< 2 KB"), (2_000, 10_000, "2-10 KB"), (10_000, 50_000, "10-50 KB"), (50_000, float("inf"), ">= 50 KB")]


def clear_caches() -> None:
    """Forget parsed bodies so each timed call parses its draft from scratch, as a
    draft that has just changed would be: the content parser's caches, the text
    rules' token caches, the accessibility rules' lower-cased source and the phrase
    engine's folded texts and their string index (a message whose text repeats an
    earlier one's is read again). The last few parsed trees stay (content._SPLITS):
    a new parse frees the oldest one, as it does when a person edits a draft, and
    that is part of what is timed."""
    for fn in (content_mod._parse_text, content_mod._parse_html):
        fn.cache_clear()
    from assistant.rules import accessibility, base, phrase_scan

    phrase_scan.forget_texts()

    base.tokens.cache_clear()
    base.sentence_bounds.cache_clear()
    accessibility._lower.cache_clear()
    accessibility._split.cache_clear()


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def row(label: str, ms: list[float]) -> str:
    if not ms:
        return f"{label:<22} {0:>6}"
    return (
        f"{label:<22} {len(ms):>6} {statistics.median(ms):>9.2f} {pct(ms, 95):>9.2f} "
        f"{max(ms):>9.2f} {statistics.fmean(ms):>9.2f} {sum(ms) / 1000:>9.2f}"
    )


HEADER = f"{'':<22} {'n':>6} {'median':>9} {'p95':>9} {'max':>9} {'mean':>9} {'total s':>9}"


def body_size(d: Draft) -> int:
    return len(d.html) if d.html else len(d.text or "")


def proselint_linter():
    """A function text -> list of results, for the installed proselint version."""
    import proselint

    version = importlib.metadata.version("proselint")
    tools = importlib.import_module("proselint.tools")
    if hasattr(tools, "lint"):  # proselint <= 0.14: tools.lint(text)
        return version, lambda text: tools.lint(text)
    # proselint 0.16: register the checks once, lint a LintFile with the default config.
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    del proselint
    return version, lambda text: LintFile("<message>", text).lint(DEFAULT) if text.strip() else []


def synthetic_html(target: int = 1_000_000) -> str:
    para = (
        '<p class="MsoNormal" style="font-family:Calibri,sans-serif">Families, the <b>field trip</b> to the '
        'Lindsay Wildlife Experience leaves at 8:45 on Tuesday; please return the signed permission slip by '
        'Friday and pack a lunch. <span style="color:#1F4E79">Chaperones</span> should check in at the office.</p>\n'
    )
    body = para * (target // len(para) + 1)
    return f"<html><body>{body}<p>Thanks,<br>Dana Whitfield<br>(925) 555-0142</p></body></html>"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--limit", type=int, default=0, help="measure only the first N messages")
    ap.add_argument("--no-proselint", action="store_true", help="skip the peer comparison")
    args = ap.parse_args()
    inbox_root = args.corpora / "enron-inboxes"
    if not inbox_root.is_dir():
        print(f"Enron inboxes not found at {inbox_root}: nothing to measure (they live in ../shared/corpora).")
        return 1

    files = sorted(p for p in inbox_root.rglob("*") if p.is_file())
    if args.limit:
        files = files[: args.limit]
    policy = default_policy()

    # 1. Load everything first (not timed).
    t0 = time.perf_counter()
    drafts: list[Draft] = []
    refused = 0
    for f in files:
        try:
            drafts.append(draft_from_bytes(f.read_bytes(), ".eml"))
        except DraftError:
            refused += 1
    load_s = time.perf_counter() - t0
    print(f"loaded {len(drafts)} messages from {inbox_root} in {load_s:.1f} s ({refused} refused as not mail)")

    # 2. check() per message, after one warm-up call (term lists, compiled patterns).
    check(Draft(subject="warm-up", text="Slips are due Friday.\n\nThanks,\nDana"), policy)
    ours: list[float] = []
    texts: list[str] = []
    by_bucket: dict[str, list[float]] = {label: [] for *_, label in BUCKETS}
    for d in drafts:
        clear_caches()
        start = time.perf_counter()
        check(d, policy)
        ms = (time.perf_counter() - start) * 1000
        ours.append(ms)
        size = body_size(d)
        for lo, hi, label in BUCKETS:
            if lo <= size < hi:
                by_bucket[label].append(ms)
        texts.append(content_mod.parse(d, policy.notice_words).new_text)

    print("\ncheck(draft), milliseconds per message (body size = HTML or text characters)")
    print(HEADER)
    print(row("all messages", ours))
    for *_, label in BUCKETS:
        print(row(f"  body {label}", by_bucket[label]))

    # 3. A 1 MB HTML body.
    big = Draft(subject="Field trip permission slips due Friday", html=synthetic_html())
    runs = []
    for _ in range(3):
        clear_caches()
        start = time.perf_counter()
        check(big, policy)
        runs.append((time.perf_counter() - start) * 1000)
    print(f"\nsynthetic {len(big.html) / 1e6:.2f} MB HTML body: median {statistics.median(runs):.0f} ms over {len(runs)} runs ({', '.join(f'{r:.0f}' for r in runs)})")

    # 3b. Long whitespace lines (column-aligned tables pasted from spreadsheets):
    # the per-line quote patterns must stay linear in the line's length.
    print("\na body with one long whitespace line (table pasted as text), check() ms by line length")
    for n in (1_000, 2_000, 4_000):
        d = Draft(subject="Column report", text="Totals below.\n" + " " * n + "Q3 total: 125\n")
        clear_caches()
        start = time.perf_counter()
        check(d, policy)
        print(f"  {n:>6} spaces: {(time.perf_counter() - start) * 1000:8.0f} ms")

    # 4. The peer: proselint on the same new texts.
    if args.no_proselint:
        return 0
    try:
        version, lint = proselint_linter()
    except ImportError:
        print("\nproselint is not installed (pip install proselint): no peer comparison")
        return 0
    lint("Warm-up text, very unique and utilize.")
    theirs: list[float] = []
    found = 0
    for text in texts:
        start = time.perf_counter()
        found += len(lint(text))
        theirs.append((time.perf_counter() - start) * 1000)
    print(f"\nproselint {version} on the same {len(texts)} new texts ({found} suggestions), milliseconds per message")
    print(HEADER)
    print(row("proselint", theirs))
    print(row("mail-assistant check", ours))
    med_ratio = statistics.median(theirs) / statistics.median(ours)
    tot_ratio = sum(theirs) / sum(ours)
    print(f"\nratio proselint / check: medians {med_ratio:.1f}x, totals {tot_ratio:.1f}x")
    print("(check runs all 21 BP 1114 rules, with HTML parsing and quote splitting; proselint lints the text only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
