"""Speed of the personal-mail model (EM901): cold load and per-message scoring.

    python bench/personal_model.py [--corpora DIR]

1. Cold start: a fresh interpreter imports ``assistant.core.personal``, loads
   the shipped model and scores one message (median of 5 processes).
2. Per message: the pure-Python scorer on every District training example and,
   when ../shared/corpora is present, on the new text of every Berkeley
   message; p50/p95/max in ms. Peer: scikit-learn's own ``transform`` +
   ``decision_function`` on the same model and texts, one message at a time
   (only when scikit-learn is installed).

Goals (issue 10): first check after start <= 300 ms in all, typical check p95
<= 10 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.personal import MODEL_PATH, document, load_model  # noqa: E402

COLD = (
    "import time; t = time.perf_counter()\n"
    "from assistant.core import personal\n"
    "m = personal.load_model(); t1 = time.perf_counter()\n"
    "personal.score('Are you coming to the BBQ on Saturday?'); t2 = time.perf_counter()\n"
    "print((t1 - t) * 1000, (t2 - t1) * 1000)"
)


def texts(corpora: Path) -> list[str]:
    out = [
        document(r["text"], r.get("subject", ""))
        for r in map(json.loads, (ROOT / "training" / "personal" / "district_examples.jsonl").read_text(encoding="utf-8").splitlines())
    ]
    folder = corpora / "berkeley-enron-categories"
    if folder.is_dir():
        from assistant.core.loaders import load_path
        from assistant.core.model import DraftError
        from assistant.policy import default_policy
        from assistant.rules.base import Context

        policy = default_policy()
        for p in sorted(folder.glob("*/*.txt")):
            try:
                draft = load_path(p)
            except DraftError:
                continue
            out.append(document(Context(draft, policy).text, draft.subject or ""))
    return out


def timed(fn, items) -> list[float]:
    out = []
    for x in items:
        t = time.perf_counter()
        fn(x)
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=100)
    return f"p50 {q[49]:.3f} ms, p95 {q[94]:.3f} ms, max {max(ms):.2f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = ap.parse_args()

    runs = [
        tuple(map(float, subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()))
        for _ in range(5)
    ]
    load = statistics.median(r[0] for r in runs)
    first = statistics.median(r[1] for r in runs)
    print(f"cold start (median of 5 processes): import + load {load:.1f} ms, first score {first:.2f} ms, model file {MODEL_PATH.stat().st_size / 1024:.0f} KB")

    items = texts(args.corpora)
    model = load_model()
    ours = timed(model.score, items)
    print(f"pure-Python scorer on {len(items)} messages: {summary(ours)}")
    try:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        print("scikit-learn not installed: no peer timing")
        return 0
    tok = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["tokenizer"]
    vocab = sorted(model.terms)
    vec = TfidfVectorizer(
        lowercase=tok["lowercase"], strip_accents=tok["strip_accents"], token_pattern=tok["token_pattern"],
        ngram_range=tuple(tok["ngram_range"]), sublinear_tf=tok["sublinear_tf"], norm=tok["norm"], vocabulary=vocab,
    )
    vec.idf_ = np.array([model.terms[t][0] for t in vocab])
    coef = np.array([model.terms[t][1] for t in vocab])
    peer = timed(lambda s: vec.transform([s]) @ coef + model.intercept, items)
    print(f"scikit-learn transform + decision, one at a time: {summary(peer)}")
    print(f"ratio (scikit-learn p95 / ours p95): {statistics.quantiles(peer, n=100)[94] / statistics.quantiles(ours, n=100)[94]:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
