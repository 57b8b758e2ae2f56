"""How fast ``find_people`` is, cold and warm, against simpler peers on the same drafts.

    python bench/people_speed.py [--repeat N]

1. Cold start, in fresh interpreters (median of 5): the time from before
   ``import assistant.core.people`` to the end of the first ``find_people`` call
   (module import, name lists read and decompressed, first detection).
2. Per draft, warm: ``find_people`` on every draft text of the District set in
   ``tests/data/district/drafts.jsonl`` (when present) plus the built-in District
   sentences below: median, p95, max, total.
3. The same texts through two peers:
   - ``regex``: a plain capitalised-word regex with a look-up in the same shipped
     given-name list (no titles, roles, pronouns, context rules); what the
     context rules cost on top of a look-up;
   - ``nameparser`` (when installed): every run of capitalised words is parsed
     with ``nameparser.HumanName`` and kept when it has a first name in the list.
     nameparser parses a name string you already have; it does not find names in
     prose, so no recall is compared, only time on the same input.
   No maintained pure-Python person detector without a neural model fits
   (spaCy's NER needs model weights), hence these two.

Ratios are peer time / our time on the same texts (below 1: the peer is faster).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.people import find_people, name_lists  # noqa: E402

SENTENCES = [
    "Hi Ms. Green,\n\nJaylen was absent four times this month and is failing math. He has missed two quizzes.",
    "Ethan's reading goals were updated and his speech therapy minutes will increase to 60 per month. "
    "His latest progress report shows a D in math and three unexcused absences.",
    "Honestly, the teacher is an idiot. That principal is an idiot.",
    "Attached are photos of Sofia Alvarez and Ethan Brooks at the science museum for the newspaper article.",
    "Will you send the forms? The May 5 field trip leaves at 8:45 from Oak Hollow Elementary.",
    "Hola Sra. Gómez:\n\nSu hijo faltó tres veces esta semana. Él necesita ponerse al día con la tarea.",
    "Hi Mark,\n\nPlease send a quote for 40 chairs and 12 tables for the gym by Friday.\n\n"
    "Thanks,\nDana Whitfield\nOffice Manager\nOak Hollow Elementary\n(925) 555-0142",
    "Staff,\n\nGrace was suspended for fighting, so Coach Rivera will cover her lunch duty. "
    "Please remind your students that the winter concert is on Thursday.",
]

COLD = (
    "import time; t=time.perf_counter(); import assistant.core.people as p; "
    "p.find_people('Hi Maria,\\nJaylen was absent.'); print((time.perf_counter()-t)*1000)"
)

CAP_RE = re.compile(r"\b[A-Z][a-z]+(?:['’]s)?\b")
CAP_RUN_RE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sr|Sra|Srta)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def texts() -> list[str]:
    out = list(SENTENCES)
    path = ROOT / "tests" / "data" / "district" / "drafts.jsonl"
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                draft = json.loads(line).get("draft", {})
                if draft.get("text"):
                    out.append(draft["text"])
    return out


def timed(fn, items: list[str], repeat: int) -> list[float]:
    """Per-text milliseconds, the best of ``repeat`` runs of each text."""
    ms = []
    for text in items:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            fn(text)
            best = min(best, time.perf_counter() - t)
        ms.append(best * 1000)
    return ms


def report(label: str, ms: list[float]) -> None:
    print(f"{label:<12} {len(ms):>5} {statistics.median(ms):>9.3f} {pct(ms, 95):>9.3f} {max(ms):>9.3f} {sum(ms):>10.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="runs per text; the best is kept")
    args = ap.parse_args()

    cold = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True)
        cold.append(float(out.stdout.strip()))
    lists = name_lists()
    print(f"cold start (import + name lists + first find_people), median of 5 fresh interpreters: "
          f"{statistics.median(cold):.1f} ms (min {min(cold):.1f}, max {max(cold):.1f})")
    t = time.perf_counter()
    name_lists.cache_clear()
    name_lists()
    print(f"name lists alone: {(time.perf_counter() - t) * 1000:.1f} ms "
          f"({len(lists.given)} given names, {len(lists.surnames)} surnames)")

    items = texts()
    print(f"\n{len(items)} texts, {sum(map(len, items)) / len(items):.0f} characters on average\n")
    print(f"{'':<12} {'n':>5} {'median ms':>9} {'p95 ms':>9} {'max ms':>9} {'total ms':>10}")
    ours = timed(find_people, items, args.repeat)
    report("find_people", ours)

    given = lists.given

    def regex_peer(text: str) -> list[str]:
        return [w for w in CAP_RE.findall(text) if w.split("'")[0].split("’")[0].lower() in given]

    peer = timed(regex_peer, items, args.repeat)
    report("regex", peer)
    print(f"  regex / find_people: median {statistics.median(peer) / statistics.median(ours):.2f}x, "
          f"total {sum(peer) / sum(ours):.2f}x")

    try:
        from nameparser import HumanName
    except ImportError:
        print("nameparser not installed: skipped (pip install nameparser)")
        return 0

    def nameparser_peer(text: str) -> list[str]:
        found = []
        for run in CAP_RUN_RE.findall(text):
            name = HumanName(run)
            if name.first and name.first.lower() in given:
                found.append(str(name))
        return found

    nameparser_peer("warm up Dr. Ana Ruiz")
    peer = timed(nameparser_peer, items, args.repeat)
    report("nameparser", peer)
    print(f"  nameparser / find_people: median {statistics.median(peer) / statistics.median(ours):.2f}x, "
          f"total {sum(peer) / sum(ours):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
